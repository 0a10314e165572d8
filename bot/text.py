"""Text helpers shared by cleaning, chunking, composing and scoring: defined once."""

from __future__ import annotations

import re

CJK = r"\u3400-\u9fff\uf900-\ufaff"  # CJK ideographs (unified, extension A, compatibility)
CJK_RE = re.compile(f"[{CJK}]")

# The start of a list item: "1. …", "（1）…", "a. …", "一、…", "第一步：…", "- …".
ITEM_MARKER = re.compile(
    r"^(?:\d{1,2}[.、．)）]|[（(]\d{1,2}[)）]|[a-hA-H][.、．)]\s|[一二三四五六七八九十]{1,3}、"
    r"|第[一二三四五六七八九十\d]{1,3}[步点条个种类]|[-*•·+]\s)"
)


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None
