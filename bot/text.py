"""Text helpers shared by cleaning, chunking, retrieval, composing, the page and scoring: defined once."""

from __future__ import annotations

import re
import unicodedata

CJK = r"\u3400-\u9fff\uf900-\ufaff"  # CJK ideographs (unified, extension A, compatibility)
CJK_RE = re.compile(f"[{CJK}]")


def is_english(text: str) -> bool:
    """Mostly English, though it may name a term in Chinese ("What's the difference between 运营 and 运行?")."""
    letters = sum(c.isascii() and c.isalpha() for c in text)
    return letters > 3 * len(CJK_RE.findall(text)) and letters >= 3


# An item's number in digits: "3、", "2.", "1)", "（1）" (not "第三步", nor the figure "4.0 分以下").
ITEM_NUMBER = r"\d{1,2}(?:[.．](?!\d)|[、)）])|[（(]\d{1,2}[)）]"
# The start of a list item: "1. …", "（1）…", "a. …", "一、…", "第一步：…", "- …".
ITEM_MARKER = re.compile(
    rf"^(?:{ITEM_NUMBER}|[a-hA-H][.、．)]\s|[一二三四五六七八九十]{{1,3}}、"
    r"|第[一二三四五六七八九十\d]{1,3}(?:[步点条个种类级层招]|阶段)[，,、]?|[-*•·+]\s"  # ("第二级，人工初审：……")
    r"|第[一二三四五六七八九十]{1,2}[，,、](?=\S{2,12}。))"  # ("第一，目的不同。……" — a point named, then said)
)


def unglossed(name: str) -> str:
    """A name without its gloss in brackets and what follows: "获取（Acquisition）" → 获取."""
    return re.sub(r"[（(].*$", "", name).strip()


def clip(text: str, limit: int = 40) -> str:
    """What an error message may echo of a caller's input: a short prefix, never the whole of it."""
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 字符）"


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


def normalise(text: str) -> str:
    """NFKC and lower case: full-width letters and digits match their ASCII forms."""
    return unicodedata.normalize("NFKC", text).lower()


def compact(text: str) -> str:
    """`normalise` without whitespace: the form in which spans and key points are compared."""
    return re.sub(r"\s+", "", normalise(text))


def word_chars(text: str) -> str:
    """Only the letters, digits and CJK of a text: the form a PDF's page anchors are written in
    (extract.py) and found in the cleaned body (chunking.py), whatever cleaning did to spacing and
    punctuation."""
    return re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]", "", text)


# A citation marker in an answer: "[1]".
CITE = re.compile(r"\[(\d{1,2})\]")
_CLAIM = re.compile(r"([^\[\]\n]+?)((?:\[\d{1,2}\])+)")


def cited_claims(answer: str) -> list[tuple[str, list[int]]]:
    """(text, cited numbers) per claim of an answer: the markers follow what they support."""
    return [(m.group(1).strip(), [int(n) for n in CITE.findall(m.group(2))]) for m in _CLAIM.finditer(answer)]
