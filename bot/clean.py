"""Raw article text → clean `Article`.

Cleaning is a pipeline of small, general steps, each recognising one kind of mess (PDF line wraps,
YAML front matter, web-page boilerplate, half-width punctuation, repeated paragraphs …), so that a
trainer's new article gets the same treatment as the ones we started with.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.data import Article, short_hash
from bot.errors import InputError
from bot.text import CJK, ITEM_MARKER
from bot.text import CJK_RE as _CJK_RE

log = logging.getLogger(__name__)

_TERMINAL = "。！？!?…；;：:”」』）)\"'"
# Bounded and possessive, so that text full of "[" costs linear time (unbounded, 1 MB of "[" took
# ten minutes: each "[" rescanned the rest of the text for its "]").
_LINK = re.compile(
    r"!?\[((?:[^\[\]\n]|\[[^\[\]\n]{0,80}+\]){0,300}+)\]\(([^)\s]{0,2000}+)(?:\s+\"[^\"\n]{0,200}+\")?\)"
)
_IMAGE_START = re.compile(r"!\[[^\]\n]{0,300}+\]\(")


def strip_images(text: str) -> str:
    """Markdown images removed, however long their URL (a base64 "data:" image runs to megabytes).
    Each "![alt](" is closed by the next ")" on its line, found by bisecting the positions of ")"
    and of line ends: linear, where a pattern rescanning for ")" from every "![" was quadratic."""
    starts = list(_IMAGE_START.finditer(text))
    if not starts:
        return text
    closes = [m.start() for m in re.finditer(r"\)", text)]
    breaks = [m.start() for m in re.finditer(r"\n", text)]
    out, at = [], 0
    for m in starts:
        if m.start() < at:
            continue
        k = bisect.bisect_left(closes, m.end())
        b = bisect.bisect_left(breaks, m.end())
        end = closes[k] if k < len(closes) else -1
        if end < 0 or (b < len(breaks) and breaks[b] < end):
            continue  # not closed on its line: not an image
        out.append(text[at : m.start()])
        alt = _alt_text(m.group(0)[2:-2])
        if alt:  # a picture's caption that says something stays, as a line of text
            out.append(f"\n\n（图：{alt}）\n\n")
        at = end + 1
    out.append(text[at:])
    return "".join(out)


# Alt texts that say nothing about the article (site furniture, placeholders).
_EMPTY_ALT = re.compile(
    r"二维码|头像|logo|广告|图片|截图|配图|封面|banner|icon|image|img|px|^\W*$|\.(png|jpe?g|gif|webp)$", re.I
)


def _alt_text(alt: str) -> str:
    """An image's alt text when it says something: six or more Chinese characters (or three words)
    that are not site furniture ("微信二维码", "头像", "image.png")."""
    alt = alt.strip()
    words = len(_CJK_RE.findall(alt)) >= 6 or len(re.findall(r"[A-Za-z]{3,}", alt)) >= 3
    return alt if words and not _EMPTY_ALT.search(alt) else ""


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SOURCE_LINE = re.compile(r"^>?\s*(?:文章)?(?:源来自|来源|原文链接|原文|转载自|出处)\s*[:：]\s*(.+)$")
# "作者：张三 ｜ 来源：某公众号 ｜ 2024-03-12 ｜ 阅读 1.2w", "文 | 张三": a byline, metadata.
# (a handbook says who wrote it: "编写：社区安全组 许宁 ｜ 版本 v1.3 ｜ 2025 年 6 月" was left as its first paragraph)
_BYLINE = re.compile(r"^>?\s*(?:作者|文|撰文|发布者|编辑|编写|整理|撰写|执笔)\s*[:：|丨｜]")
_FIELD = re.compile(
    r"^\s*(作者|文|撰文|发布者|编辑|编写|整理|撰写|执笔|来源|出处|原文链接|原文|链接)\s*[:：|丨｜]?\s*(.+)$"
)
# A byline's date ("2025 年 5 月", "2024-03-12", "2025年5月8日"): the article's date.
_DATE = r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])?\s*(?:(\d{1,2})\s*日?)?"  # year, month, day
_BYLINE_DATE = re.compile(rf"^(?:发布于|更新于|日期[:：]?)?\s*{_DATE}$")
# A line at the top that only dates the article ("更新时间：2025年10月12日", "发布日期：2024-09-18").
_DATE_LINE = re.compile(
    rf"^(?:(?:更新|发布|发表|写作|成文|修订)(?:时间|日期|于)|日期|时间)\s*[:：]?\s*{_DATE}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?$"
)
# A sign-off asking for likes and follows, or announcing the next post.
_SIGNOFF = re.compile(
    r"点赞.{0,3}关注|点个赞|求关注|下期(?:再)?(?:聊|讲|见)|下一篇(?:讲|聊|见|再)|点赞、在看|(?:求|记得|欢迎|麻烦|顺手|给个?|来个)\S{0,4}三连|三连(?:支持|走起|一下|一波)"
    r"|点击上方.{0,6}关注|点个.{0,3}在看|转载请(?:联系|注明)|本文首发于|图片(?:均)?(?:来自|来源于?)(?:网络|互联网)[，,]?\s*(?:侵删|如有侵权)|如有侵权[，,]?\s*请?(?:联系|告知)\S{0,8}删除"
    # "关注公众号「服务运营研究所」，回复“客服”领取客服话术模板。" (a trainer's .txt kept it: it showed in answers)
    r"|回复\s*[「“\"‘【]?[^」”\"’】\s]{1,12}[」”\"’】]?\s*(?:即可|就能|免费)?(?:领取|获取|下载|获得)"
    # ("本文约 2000 字，阅读需要 6 分钟" opened a trainer's saved WeChat post, in the chunk of its definitions)
    r"|^(?:本文|全文)(?:约|共|大约)?\s*\d+\s*字[，,\s]*(?:(?:预计)?阅读(?:需要|约需|时间)?\s*(?:约)?\s*\d+\s*分钟)?$"
    # ("以上，欢迎在评论区交流你们项目的做法。" closed a trainer's saved page, and an answer with it)
    r"|欢迎(?:大家)?(?:在)?(?:评论区|留言区|留言|评论)(?:里)?(?:交流|讨论|留言|分享|聊聊|补充)"
    # ("（完）欢迎转发给组里的新同学，有问题可以在群里找我。" closed a trainer's PDF)
    r"|^[（(]?完[）)]?\s*欢迎(?:大家)?转发"
    # ("——本手册由社区安全组维护，规则如有更新以值班群公告为准。" closed a trainer's Word handbook, and an answer)
    r"|^[—–]{1,2}\s*本(?:手册|文|篇|指南|笔记|文档|资料)由"
)
_AUTHOR_FOOTER = re.compile(r"^本文由\s*@?\s*([^\s，,]+)\s*(?:原创)?(?:发布于|首发于)\s*([^\s，,]+)")
_BOILERPLATE = re.compile(
    r"未经(?:作者)?许可[，,]?\s*禁止转载|题图来自|该文观点仅代表|仅提供信息存储空间|更多精彩内容"
    r"|分享到(?:微博|微信|朋友圈)|微信扫一扫|^.{0,6}二维码.{0,4}$|(?:扫描?|扫一扫|长按|识别)\S{0,8}二维码|二维码\S{0,8}(?:关注|下载|加入|进群)|^赞赏\s|点赞已赞|收藏已收藏|^\s*(?:\[\[toc\]\]|\[TOC\])\s*$"
    r"|^\s*[（(【—-]*\s*(?:全文)?完\s*[）)】—-]*\s*$|^收录于(?:合集|话题)\s*#\S{1,30}(?:\s*\d+个)?\s*$",
    re.IGNORECASE,
)
# A platform's notice may share a paragraph with the byline ("本文由 @某某 原创发布于……。未经作者许可，禁
# 止转载。"); a share button, a QR-code prompt or a like counter is a line of its own. Longer than that, a
# paragraph that says "分享到朋友圈" or "扫描包裹卡上的二维码" is the article's own text (a trainer's PDF
# lost "诱导分享被封：微信明确禁止“分享到朋友圈/群才能领取”……" from its list of pitfalls).
_NOTICE = re.compile(r"未经(?:作者)?许可[，,]?\s*禁止转载|题图来自|该文观点仅代表|仅提供信息存储空间")
BOILERPLATE_CHARS = 24  # the longest UI line dropped as clutter ("长按识别二维码，关注我们获取更多干货")
NOTICE_CHARS = 160  # the longest paragraph dropped for a platform notice
_META_WORDS = re.compile(r"关注|评论|浏览|收藏|分享|点赞|赞赏|阅读|分钟")


@dataclass
class Meta:
    title: str = ""
    author: str = ""
    date: str = ""
    source_url: str = ""
    source: str = ""
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    original_file: str = ""
    pages: list[str] = field(default_factory=list)

    def article(self, article_id: str, body: str) -> Article:
        return Article(
            id=article_id,
            title=self.title,
            body=body,
            author=self.author,
            date=self.date,
            source_url=self.source_url,
            source=self.source,
            summary=self.summary,
            tags=self.tags,
            original_file=self.original_file,
            pages=self.pages,
        )


def clean(
    text: str, *, name: str = "file", article_id: str | None = None, title: str | None = None, known_title: str = ""
) -> Article:
    """Raw article text → Article. `title`/`article_id` override what is found in the text.
    `known_title`: the title of the stored article this is a new version of; it stands unless the
    text states one (front matter or "# 标题"), and the text's first line is not guessed as one."""
    meta = Meta()
    text = normalise_text(text)
    text = take_front_matter(text, meta, name)
    text = _take_hint_blocks(text, meta)
    text = re.sub(r"\{%[^\n]{0,500}?%\}", "", text)  # other template tags (GitBook, Jekyll); bounded: linear
    text = _unfence(text)
    text = _flatten_bullets(text)
    text = _tables_to_items(text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)  # an HTML line break in Markdown
    if _looks_pdf_wrapped(text):
        text = _unwrap_pdf(text)
    paragraphs = _paragraphs(text)
    paragraphs = _take_sources_and_footers(paragraphs, meta)
    paragraphs = _cut_post_footer(paragraphs)
    paragraphs = _emoji_marks(paragraphs)
    paragraphs = [p for p in (_clean_paragraph(p) for p in paragraphs) if p]
    while len(paragraphs) > 1 and paragraphs[-1].startswith("#"):
        # A heading with nothing after it ends nothing: a saved page's "## 评论（23）" whose comments went.
        paragraphs.pop()
    paragraphs = _counted_paragraphs(_inline_enumerations(paragraphs))
    if not any(p.startswith("#") for p in paragraphs[1:]):
        paragraphs = _mark_plain_headings(paragraphs, meta)
    paragraphs = _numbered_like_its_neighbours(paragraphs)
    paragraphs = _faq_headings(paragraphs)  # (after: an FAQ's headings are not the article's own)
    paragraphs = _take_title(paragraphs, meta, known_title)
    paragraphs = _take_summary(paragraphs, meta)
    paragraphs = _dedupe(paragraphs)
    body = "\n\n".join(paragraphs).strip()
    meta.title = (title or meta.title or known_title or _title_from_headings(paragraphs) or name).strip()
    if not _CJK_RE.search(body) and len(body) < 20:
        raise InputError(f"{name}：清洗后没有剩下正文，这是一篇文章吗？")
    meta.original_file = Path(name).name
    return meta.article(article_id or slugify(Path(name).stem, fallback=meta.title), body)


# Words of a team's own working notes left in an article ("（TODO：@小王 确认下……）", "【批注：……】"): answers
# quote them as they are.
_INTERNAL_NOTE = re.compile(r"TODO|FIXME|待确认|待补充|批注|(?<![A-Za-z0-9._%+-])@[\u4e00-\u9fffA-Za-z]{1,8}")


_WEB_PAGE = "网页只取了文章部分：导航、侧栏、评论、相关文章和页脚不算正文，没有收进来"
_EXTRACTED = {
    ".pdf": "PDF 只取了正文：每页重复的页眉、页脚和页码不算正文，没有收进来",
    ".docx": "Word 文件只取了正文：页眉、页脚和批注框（如果有）不算正文，没有收进来",
    ".html": _WEB_PAGE,
    ".htm": _WEB_PAGE,
}


def _letters_key(text: str) -> str:
    """The text's letters, digits and CJK characters (NFKC): a paragraph is the same one across markup."""
    return re.sub(r"[^\w]", "", unicodedata.normalize("NFKC", text))


def cleaning_notes(raw: str, article: Article, chunks: int) -> list[str]:
    """What cleaning made of a file, in a trainer's words: where the title came from, what the article was
    cut into, what was removed (with examples), tables rewritten, and working notes left in the text."""
    meta = Meta()
    text = take_front_matter(normalise_text(raw), meta, article.original_file or "file") if raw else ""
    whence = "（取自文件的标题信息）" if meta.title and meta.title == article.title else ""
    if not whence and re.search(rf"(?m)^#\s+{re.escape(article.title)}\s*$", text):
        whence = "（取自正文开头的标题）"
    notes = [f"标题：{article.title}{whence}"]
    if article.author:
        notes.append(f"作者：{article.author}")
    if article.date:
        notes.append(f"日期：{article.date}")  # (trn45, trn46: the date found was never shown)
    sections = sum(1 for ln in article.body.splitlines() if _HEADING.match(ln))
    parts = f"{sections} 个小节" if sections else "不分小节"
    # (not "编入索引": `opsbot add` writes the article, the index takes it at the next ingest — trn42)
    notes.append(f"正文 {len(paragraph_key(article.body))} 字，{parts}，会切成 {chunks} 段")
    if article.pages:
        notes.append(f"共 {len(article.pages)} 页，引用时标出页码")
    kept, title = _letters_key(article.body), _letters_key(article.title)
    seen: set[str] = set()
    removed: list[str] = []
    repeated = 0
    tables = len(re.findall(r"(?m)^\s*\|?\s*:?-{3,}:?\s*\|", text))
    for p in re.split(r"\n\s*\n|\n(?=#)", text):
        p = p.strip()
        # (an FAQ's labels are not its text: "**Q：奖励给现金好还是给产品权益好？**", now a heading, was listed as
        # removed)
        key = _letters_key(_FAQ_LABEL.sub("", p))
        if len(key) < 2 or p.startswith("|") or p.startswith("---"):
            continue
        if key in seen:
            repeated += 1
        elif key == title:
            pass  # (the title: it heads the article, no part of its text)
        elif article.author and article.author in p and _FIELD.match(p.lstrip("> ")):
            pass  # (the byline: it is the author now)
        elif key[:16] not in kept and key[-16:] not in kept:
            removed.append(re.sub(r"\s+", " ", p.lstrip("#>-* ")))
        seen.add(key)
    kind = Path(article.original_file).suffix.lower()
    if kind in _EXTRACTED:
        # (what the file's extraction leaves out is not counted below: a trainer read "去掉了 1 段" of a web page whose
        # navigation, sidebar, comments and footer had all gone)
        notes.append(_EXTRACTED[kind])
    if removed:
        examples = "、".join(f"“{x if len(x) <= 20 else x[:20] + '…'}”" for x in removed[:3])
        again = "清洗时又" if kind in _EXTRACTED else ""
        notes.append(f"{again}去掉了 {len(removed)} 段不算正文的文字（页面杂项、推广语、署名行等），例如：{examples}")
    if repeated:
        notes.append(f"重复出现的段落只留一次（去掉 {repeated} 段）")
    if tables:
        notes.append(f"{tables} 个表格改写成了逐行的要点（每行一条）")
    left = _INTERNAL_NOTE.search(article.body)
    if left:
        line = next(ln for ln in article.body.splitlines() if left.group(0) in ln).strip()
        where = line if len(line) <= 30 else line[max(0, line.find(left.group(0)) - 8) :][:30] + "…"
        notes.append(f"注意：正文里还有像内部批注的文字（“{where}”），回答会原样引用；不需要的话删掉后重新添加")
    return notes


def slugify(stem: str, fallback: str = "") -> str:
    """An article id from a file name: its letters, digits and Chinese characters joined by - (a
    trainer's "客服与用户反馈运营.txt" is "客服与用户反馈运营", not an opaque "article-c007fcce")."""
    slug = re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "-", stem.lower()).strip("-")[:60].strip("-")
    readable = len(slug) >= 3 or (len(slug) == 2 and bool(_CJK_RE.match(slug)))  # ("私域" says enough)
    return slug if readable else f"article-{short_hash(fallback or stem, length=8)}"


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = re.sub(r"[\u200b-\u200d\u2060\ufeff]", "", text)  # zero-width characters
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def take_front_matter(text: str, meta: Meta, name: str) -> str:
    m = re.match(r"\A\s*---\n(.*?)\n---[ \t]*(?:\n|\Z)", text, re.S)
    if not m:
        return text
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        log.info("%s: malformed front matter: %s", name, exc)
        mark = getattr(exc, "problem_mark", None)
        where = f"（第 {mark.line + 2} 行）" if mark else ""
        raise InputError(f"{name}：开头 --- 之间的元数据（front matter）格式有误{where}，请修正") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{name}：开头 --- 之间的元数据（front matter）必须是「键: 值」的行")
    _apply_fields(meta, {str(k).lower(): v for k, v in data.items()})
    return text[m.end() :]


def _apply_fields(meta: Meta, data: dict[str, object]) -> None:
    def s(key: str) -> str:
        v = data.get(key)
        return "" if v is None else str(v).strip()

    meta.title = meta.title or s("title")
    meta.author = meta.author or s("author")
    meta.date = meta.date or s("date") or s("published")
    meta.source_url = meta.source_url or s("source_url") or s("url") or s("original")
    meta.source = meta.source or s("source")
    meta.summary = meta.summary or s("summary") or s("description")
    meta.original_file = meta.original_file or s("original_file")
    pages = data.get("pages")
    if isinstance(pages, list) and not meta.pages:
        meta.pages = [str(p) for p in pages]
    tags = data.get("tags")
    if isinstance(tags, list):
        meta.tags = meta.tags or [str(t) for t in tags]
    elif isinstance(tags, str) and tags.strip():
        meta.tags = meta.tags or [t.strip() for t in re.split(r"[,，]", tags) if t.strip()]


def _take_hint_blocks(text: str, meta: Meta) -> str:
    """GitBook `{% hint %}` blocks of scraped pages hold `**Key:** value` metadata."""

    def take(m: re.Match[str]) -> str:
        fields: dict[str, object] = {}
        for line in m.group(1).splitlines():
            kv = re.match(r"\s*\**\s*([A-Za-z ]+?)\s*:\s*\**\s*(.*)$", line)
            if not kv:
                continue
            key, value = kv.group(1).strip().lower(), kv.group(2).strip()
            link = _LINK.search(value)
            if key in ("original", "source", "url") and link:
                fields["source_url"] = link.group(2)
            elif link:
                fields[key] = link.group(1)
            else:
                fields[key] = value
        _apply_fields(meta, fields)
        return ""

    return _HINT.sub(take, text)


# A block's body stops at the next hint marker (linear time: a lazy ".*?" rescanned the rest of the
# text for every unclosed "{% hint %}").
_HINT = re.compile(r"\{%\s*hint[^%]*+%\}((?:(?!\{%\s*(?:end)?hint)[\s\S])*+)\{%\s*endhint\s*%\}")


_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_FENCE_RUN = re.compile(r"`{3,}|~{3,}")


def _unfence(text: str) -> str:
    """Web notes put lists in fenced blocks (```text … ```) only to keep their line breaks: the
    lines are the content. Each becomes its own line, unmarked prose lines become list items;
    a block with no Chinese in it is code and stays one paragraph, as it was.

    Line by line, each opening fence paired with the next line that closes it (a regex with a lazy
    body rescanned the rest of the text for every unclosed fence: quadratic on hostile input)."""
    rows = text.split("\n")
    closers: dict[str, list[int]] = {}
    for j, row in enumerate(rows):
        bare = row.strip(" \t")
        if bare[:1] in ("`", "~") and _FENCE_RUN.fullmatch(bare):
            closers.setdefault(bare, []).append(j)
    out: list[str] = []
    i = 0
    while i < len(rows):
        m = _FENCE_OPEN.match(rows[i])
        # A fence is closed by the next line holding exactly its run; failing that, a shorter run of
        # the same character (the longest that occurs), as CommonMark-ish notes do ("````" … "```").
        close = None
        if m:
            run = m.group(1)
            for length in range(len(run), 2, -1):
                ends = closers.get(run[0] * length, [])
                k = bisect.bisect_right(ends, i)
                if k < len(ends):
                    close = ends[k]
                    break
        if close is not None:
            out.append(_fenced(rows[i + 1 : close]))
            i = close + 1
            continue
        out.append(rows[i])
        i += 1
    return "\n".join(out)


def _fenced(block: list[str]) -> str:
    raw = [ln.rstrip() for ln in block if ln.strip()]
    if not raw:
        return ""
    if not any(_CJK_RE.search(r) for r in raw):
        return "\n\n" + " ".join(r.strip() for r in raw) + "\n\n"  # code: one paragraph
    rows: list[str] = []
    for r in raw:
        if rows and r[:1] in (" ", "\t") and not ITEM_MARKER.match(r.strip()):
            # An indented line under an item explains that item.
            sep = "" if rows[-1][-1] in _TERMINAL + "，," else "："
            rows[-1] += sep + r.strip()
        else:
            rows.append(r.strip())
    if len(rows) > 1:
        rows = [r if ITEM_MARKER.match(r) or r.endswith(("：", ":")) else f"- {r}" for r in rows]
    return "\n\n" + "\n".join(rows) + "\n\n"


def _flatten_bullets(text: str) -> str:
    """HTML→Markdown converters nest a numbered item in empty bullets ("* * 1. 拉新：…"): one marker."""
    text = re.sub(r"^[ \t]*(?:[-*+][ \t]+){1,}(?=\d{1,2}(?:[.．](?!\d)|[、)）])\s*\S)", "", text, flags=re.M)
    return re.sub(r"^[ \t]*(?:[-*+][ \t]+){2,}(?=\S)", "- ", text, flags=re.M)


# A cell that is a figure ("2%", "3%-5%", "0.5%左右", "77,000"), not a sentence that opens with one.
_UNIT = r"\s*(?:%|％|元|天|人|倍|万|k|w)?"
_FIGURE = re.compile(
    rf"[约≈<>≥≤~～+-]?\s*[\d.,]+{_UNIT}(?:\s*[-~～至]\s*[\d.,]+{_UNIT})?\s*(?:左右|以上|以下|以内)?", re.I
)


def _cells(row: str) -> list[str]:
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return [re.sub(r"\s*<br\s*/?>\s*", "；", c, flags=re.I) for c in cells]


def _tables_to_items(text: str) -> str:
    """A Markdown table → one list item per row, its first cell as the label: "- 活跃率：说明
    （参考值：30%）". Readers and the retriever both take a labelled line, not a grid of pipes."""
    out: list[str] = []
    rows = text.split("\n")
    i = 0
    while i < len(rows):
        is_table = (
            i + 1 < len(rows)
            and rows[i].strip().startswith("|")
            # (possessive: a line of spaces made the nested \s* try every split, quadratic)
            and re.fullmatch(r"\s*+\|?\s*+:?-{2,}:?\s*+(?:\|\s*+:?-{2,}:?\s*+)*+\|?\s*+", rows[i + 1])
        )
        plain = 0 if is_table else _plain_table_rows(rows, i)
        if not is_table and not plain:
            out.append(rows[i])
            i += 1
            continue
        if plain:
            # A plain-text table ("渠道 | 平均回收率 | 有效率" and rows below it, no "|---|" line):
            # its first row names the columns. (As short lines, its rows were read as headings.)
            header, body = _cells(rows[i]), rows[i + 1 : i + plain]
            rows_said = [_cells(r) for r in body if any(_cells(r))]
            out += ["", *(_row_item(header, c, k == 0) for k, c in enumerate(rows_said)), ""]
            i += plain
            continue
        header = _cells(rows[i])
        i += 2
        items: list[str] = []
        while i < len(rows) and rows[i].strip().startswith("|"):
            cells = _cells(rows[i])
            i += 1
            if not any(cells):
                continue
            items.append(_row_item(header, cells, not items))
        out += ["", *items, ""]
    return "\n".join(out)


def _plain_table_rows(rows: list[str], i: int) -> int:
    """How many lines from `i` on are a plain-text table: three or more lines in a row, each cut by
    " | " into the same number (2+) of cells; 0 when they are not."""

    def width(row: str) -> int:
        return len(row.split("|")) if " | " in row and not row.strip().startswith("|") else 0

    n = width(rows[i])
    j = i
    while n >= 2 and j < len(rows) and width(rows[j]) == n:
        j += 1
    return j - i if j - i >= 3 else 0


# Column names that say what a cell tells of the row, not whose it is ("指标 | 含义 | 参考值").
# ("北极星指标" ends with one of them.)
_DESCRIBING = tuple(
    (  # noqa: SIM905 - a word list reads better as one string
        "含义 说明 定义 描述 解释 内容 做法 特点 备注 公式 计算方法 计算方式 算法 作用 方法 要点 示例 例子 举例 场景"
        " 参考值 参考 标准 目的 目标 注意事项 注意 优点 缺点 优势 劣势 值 频率 时间 周期 负责人 动作 策略 建议"
        " 原因 结果 指标 口径 产品 案例"
    ).split()
)


def _row_item(header: list[str], cells: list[str], first_row: bool = True) -> str:
    """One table row as a list item labelled by its first cell."""
    if _FIGURE.fullmatch(cells[0]) and len(header) == len(cells) and all(header):
        # A row that opens with a number ("2% | 10% | 77,000") is read by its columns' names:
        # "- 当前转化率：2%；想检测到的相对提升：10%；每组约需用户数：77,000".
        return "- " + "；".join(f"{h}：{c}" for h, c in zip(header, cells, strict=True) if c)
    label, first, *rest = [*cells, ""] if len(cells) == 1 else cells
    # (a column named at length, "安卓商店（华为、小米、OPPO、vivo 等）", whole on the first row and by its
    # name after: on every row the whole of it was noise, and on none of them what it says is lost)
    if not first_row:
        header = [h if len(h) <= 16 else re.split(r"[（(]", h, maxsplit=1)[0].strip() or h for h in header]
    named_first = len(header) > 1 and bool(header[1])
    short = len(first) <= 1 or (len(header[1]) <= 2 and len(first) <= 2)
    # Columns named for what they compare ("对比项 | B站 | 知乎", "对比项 | App Store（iOS） | 安卓商店") or
    # for what they tell ("玩法 | 传播动力 | 新用户质量 | …"): the first is named as the others are, or
    # "- 内容形式：以中长视频为主（知乎：……）" says no B站, "- 拼团：省钱（……）" no 传播动力.
    sides = len(header) >= 3 and all(
        0 < len(re.split(r"[（(]", h, maxsplit=1)[0].strip()) <= 12 and not h.endswith(_DESCRIBING) for h in header[1:]
    )
    if rest and named_first and (short or sides or _FIGURE.fullmatch(first)):
        # A grade, a code or a figure is nothing without its column's name ("重要价值用户 | 高 | 高 | …"
        # → "- 重要价值用户：R：高（F：高；…）", not "重要价值用户：高"; "公众号推文：平均回收率：1%-2%").
        first = f"{header[1]}：{first}"
    named = [f"{h}：{c}" for h, c in zip(header[2:], rest, strict=False) if c and h]
    extra = "；".join(named or [c for c in rest if c])
    line = f"- {label}：{first}" if first else f"- {label}"
    return line + (f"（{extra}）" if extra else "")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _looks_pdf_wrapped(text: str) -> bool:
    """Text dumped from a PDF: many lines of (nearly) the same display width, cut mid-sentence."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 20:
        return False
    widths = sorted(_width(ln) for ln in lines)
    wrap = widths[int(len(widths) * 0.9)]
    if wrap < 40:
        return False
    full = [ln for ln in lines if _width(ln) >= 0.9 * wrap]
    cut = [ln for ln in full if ln[-1] not in _TERMINAL]
    return len(full) >= 0.4 * len(lines) and len(cut) >= 0.5 * len(full)


def _unwrap_pdf(text: str) -> str:
    """Join wrapped lines into paragraphs. Blank lines and page gaps say nothing in such text;
    a paragraph ends at a line that is clearly short, or a bit short and ends a sentence."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    widths = sorted(_width(ln) for ln in lines)
    wrap = widths[int(len(widths) * 0.9)]
    paragraphs: list[str] = []
    buf = ""
    for ln in lines:
        w = _width(ln)
        ends = ln[-1] in _TERMINAL
        if buf and buf[-1] in _TERMINAL and w < 0.6 * wrap and not ends:
            paragraphs.append(buf)  # a short unpunctuated line after a finished sentence: a heading
            buf = ""
        if buf and re.match(r"[A-Za-z0-9]", ln) and re.search(r"[A-Za-z0-9,.]$", buf):
            buf += " "
        buf += ln
        if w < 0.6 * wrap or (ends and w < 0.93 * wrap):
            paragraphs.append(buf)
            buf = ""
    if buf:
        paragraphs.append(buf)
    return "\n\n".join(paragraphs)


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; within a block each line is its own paragraph (Chinese
    plain text puts one paragraph per line), except indented continuations of list items."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        for line in block.split("\n"):
            if not line.strip():
                continue
            if line[:1] in (" ", "\t") and out and re.match(r"\s*(?:[-*+]|\d+[.)])\s", out[-1].split("\n")[0]):
                out[-1] += "\n" + line.rstrip()
            else:
                out.append(line.strip())
        out.append("")  # block boundary, dropped below
    return [p for p in out if p]


def _take_sources_and_footers(paragraphs: list[str], meta: Meta) -> list[str]:
    kept: list[str] = []
    for n, p in enumerate(paragraphs):
        plain = p.strip()
        src = _SOURCE_LINE.match(plain)
        if src and len(plain) <= 200:
            value = src.group(1).strip()
            link = _LINK.search(value)
            if link:
                meta.source_url = meta.source_url or link.group(2)
                meta.source = meta.source or link.group(1).strip()
            elif re.match(r"https?://\S+$", value):
                meta.source_url = meta.source_url or value
            else:
                meta.source = meta.source or value
            continue
        if _BYLINE.match(plain) and len(plain) <= 160:
            _take_byline(plain, meta)
            continue
        dated = _DATE_LINE.match(plain) if n < 5 else None
        if dated is not None:
            # ("更新时间：2025年10月12日" under a .txt's byline stayed its first line, its date not read — trn50)
            meta.date = meta.date or _iso_date(*dated.groups())
            continue
        if n < 5 and _bare_byline(plain):
            # (a byline without its label, at the top: "用户研究组 周岚 ｜ 2025 年 9 月 ｜ 新人培训资料，内部使用" was
            # left as a Word handbook's first paragraph, its date not read — trn46)
            parts = _PIPES.split(plain)
            meta.author = meta.author or parts[0].strip()
            _take_byline(" ｜ ".join(parts[1:]), meta)
            continue
        post = _POST_HEADER.match(plain) if n < 5 else None  # (a header is at the top)
        if post and (post.group("original") or post.group("place") or post.group("account") == "原创"):
            if post.group("account") != "原创":  # ("原创 2024-03-01 发表于上海": no account named)
                meta.author = meta.author or post.group("account").split()[0]
            meta.date = meta.date or post.group("date")
            continue
        footer = _AUTHOR_FOOTER.match(plain)
        if footer:
            meta.author = meta.author or footer.group(1)
            meta.source = meta.source or footer.group(2)
            continue
        heading = _HEADING.match(plain)
        if heading:
            link = _LINK.fullmatch(heading.group(2).strip())
            if link and link.group(2).startswith("http"):
                # "# [标题](url)": scraped pages link their title to the original.
                meta.source_url = meta.source_url or link.group(2)
        if _SIGNOFF.search(plain) and len(plain) <= 80 and not heading:
            continue
        if _is_boilerplate(plain) or (not heading and _is_link_clutter(plain)):
            continue
        kept.append(p)
    return kept


def _is_boilerplate(plain: str) -> bool:
    """A platform's notice, or a share button / QR prompt / counter line — not a paragraph that only
    mentions one (see `_NOTICE`)."""
    if not _BOILERPLATE.search(plain):
        return False
    return len(plain) <= BOILERPLATE_CHARS or (bool(_NOTICE.search(plain)) and len(plain) <= NOTICE_CHARS)


# "原创 运营小课堂 2026-10-12 09:30 发表于上海": the header a WeChat post pasted as text starts with.
_POST_HEADER = re.compile(
    r"^(?P<original>原创\s+)?(?P<account>[^\s，。]{1,20}(?:\s+[^\s，。]{1,20}){0,2}?)\s+(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:\s+\d{1,2}:\d{2})?\s*(?P<place>发表于\s*\S{1,10})?$"
)
# "—— END ——", "-THE END-": a post's own end; after it come its promotions.
_END_MARK = re.compile(r"^[—\-－–_=\s·•]*(?:THE\s+)?END[—\-－–_=\s·•]*$", re.IGNORECASE)
_FOOTER_LINES = 8  # at most this many short lines after the end mark
_RECOMMENDED = re.compile(r"^(?:往期推荐|往期回顾|推荐阅读|相关阅读|延伸阅读|热门文章)\s*[：:|丨]?\s*$")


def _cut_post_footer(paragraphs: list[str]) -> list[str]:
    """A post's "—— END ——" or "往期推荐：" ends it when only a few short lines follow (links to other
    posts, "点个在看"): they are the blog's, not the article's. Only at the very end: a "推荐阅读：" in
    the middle of a post written in short lines is followed by the rest of the article."""
    tail = paragraphs[-_FOOTER_LINES - 1 :]
    for i, p in enumerate(tail):
        plain = p.strip().strip("#").strip()
        rest = tail[i + 1 :]
        # (titles of other posts: short, no sentence ends, no "一、" section of this one)
        titles = all(len(q) <= 60 and not re.search(r"[。！!]$|^[一二三四五六七八九十]+、", q.strip()) for q in rest)
        if (_END_MARK.match(plain) or _RECOMMENDED.match(plain)) and titles:
            return paragraphs[: len(paragraphs) - len(tail) + i]
    return paragraphs


# Emoji that posts use as bullets or heading ornaments: keycaps ("1️⃣") are numbers; other
# pictographs and block/geometric marks ("✅", "👉", "▌", "■") are typography.
_KEYCAP = re.compile(r"^(#*\s*)(\d{1,2})\ufe0f?\u20e3\s*")
# Circled numbers as dingbats ("❶ 先定目标"): numbers too.
_DINGBAT_NUMBER = re.compile(r"^(#*\s*)([\u2776-\u2793])\s*")
_MARK = re.compile(r"^(#*\s*)([\u2580-\u25ff\u2600-\u27bf\u2b50\u2b55\U0001F300-\U0001FAFF])\ufe0f?\s*(?=\S)")
# Marks that say something ("❌ 只看粉丝数选达人" is a don't): kept, with the line.
_NEGATIVE_MARKS = frozenset("❌✖✗✘⛔🚫")
_MEANING_MARKS = _NEGATIVE_MARKS | frozenset("✅✔☑☐")


def _emoji_marks(paragraphs: list[str]) -> list[str]:
    """ "1️⃣ 头部达人：…" → "1. 头部达人：…"; a run of lines opening with the same mark ("✅ 内容指标：…")
    → a bulleted list; a mark on a line of its own kind ("▌一、…", "👉 小技巧：…") is dropped."""
    paragraphs = [_KEYCAP.sub(lambda m: f"{m.group(1)}{m.group(2)}. ", p) for p in paragraphs]
    paragraphs = [_DINGBAT_NUMBER.sub(lambda m: f"{m.group(1)}{_dingbat_value(m.group(2))}. ", p) for p in paragraphs]
    found = [_MARK.match(p) for p in paragraphs]
    # (a line that is a sentence or a labelled point is an item; a short bare phrase under an
    # ornament is a heading, "▌数据总览", however many of them follow each other)
    marks = [_item_mark(p, m) for p, m in zip(paragraphs, found, strict=True)]
    meaning = [m is not None and m.group(2) in _MEANING_MARKS for m in found]
    out: list[str] = []
    for i, (p, m) in enumerate(zip(paragraphs, found, strict=True)):
        if m is not None:
            mark = marks[i]
            run = bool(mark) and (
                (i > 0 and (marks[i - 1] == mark or meaning[i - 1] and meaning[i]))
                or (i + 1 < len(marks) and (marks[i + 1] == mark or meaning[i + 1] and meaning[i]))
            )
            bullet = "- " if run and not p.lstrip().startswith("#") else ""
            # (kept where it says something: a don't, or a do next to a don't)
            near = {x.group(2) for x in found[max(i - 1, 0) : i + 2] if x is not None and x.group(2) in _MEANING_MARKS}
            kept = m.group(2) + " " if meaning[i] and (m.group(2) in _NEGATIVE_MARKS or len(near) > 1) else ""
            p = m.group(1) + bullet + kept + p[m.end() :]
        out.append(p)
    return out


def _item_mark(p: str, m: re.Match[str] | None) -> str:
    if m is None:
        return ""
    rest = p[m.end() :]
    return m.group(2) if re.search(r"[：:，,。；;！？!?]", rest) or len(rest) > 20 else ""


def _dingbat_value(c: str) -> int:
    return (ord(c) - 0x2776) % 10 + 1  # ❶…❿, ➀…➉, ➊…➓: three runs of ten


# "要看三点：一是……；二是……；三是……。": a list written inline. Each "N是" after a stop or the
# colon begins an item, when they count up from 一.
_INLINE_ITEM = re.compile(
    r"(?<=[：:；;。])\s*(?=(?:[一二三四五六七八九十]是|其[一二三四五六七八九十][，,、]|第[一二三四五六七八九十][，,、]))"
)
_ORDINALS = "一二三四五六七八九十"


# A paragraph that counts itself by a noun: "误区一：……", "原则 2：……", "坑三：……".
_COUNTED_PARAGRAPH = re.compile(r"^([\u4e00-\u9fff]{1,4}?)\s*([一二三四五六七八九十]|\d{1,2})\s*[：:]\S")


def _counted_paragraphs(paragraphs: list[str]) -> list[str]:
    """A run of paragraphs counting themselves by one noun, in order ("误区一：……", "误区二：……", "误区三：……"
    of a Word or text file) is a list: each becomes an item. As paragraphs they were read as one
    ("为啥关键词库不是越大越好？" got all three run together)."""

    def counted(p: str) -> tuple[str, int] | None:
        m = _COUNTED_PARAGRAPH.match(p)
        if m is None:
            return None
        n = m.group(2)
        return m.group(1), int(n) if n.isdigit() else _ORDINALS.index(n) + 1

    out = list(paragraphs)
    i = 0
    while i < len(out):
        first = counted(out[i])
        j = i + 1
        while first and j < len(out) and counted(out[j]) == (first[0], first[1] + j - i):
            j += 1
        if first and first[1] == 1 and j - i >= 2:
            out[i:j] = [f"- {p}" for p in out[i:j]]
        i = max(j, i + 1)
    return out


def _inline_enumerations(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for p in paragraphs:
        if p.startswith("#") or "\n" in p or ITEM_MARKER.match(p):  # (an item's own sub-points stay in it)
            out.append(p)
            continue
        parts = _INLINE_ITEM.split(p)
        heads = [re.sub(r"^(?:其|第)", "", q)[:1] for q in parts[1:]]
        if len(parts) >= 3 and "".join(heads) == _ORDINALS[: len(heads)] and parts[0].rstrip()[-1:] in "：:":
            *items, last = [q.strip() for q in parts[1:]]
            # (the last item ends with its sentence: what follows it is the paragraph going on)
            last, stop, after = last.partition("。")
            out.append(parts[0].rstrip())
            out.append("\n".join(f"- {q}" for q in [*items, last + stop]))
            if after.strip():
                out.append(after.strip())
        else:
            out.append(p)
    return out


_PIPES = re.compile(r"\s*[|丨｜]\s*")


def _iso_date(year: str, month: str, day: str | None) -> str:
    """A byline's date as front matter writes it: "2025-10" or "2025-10-12"."""
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def _bare_byline(line: str) -> bool:
    """A short line of parts set apart by bars, a name first and a date among the rest: "用户研究组 周岚 ｜ 2025 年
    9 月 ｜ 新人培训资料"."""
    parts = _PIPES.split(line.strip())
    return (
        2 <= len(parts) <= 5
        and len(line) <= 80
        and all(0 < len(x) <= 24 for x in parts)
        and not _BYLINE_DATE.match(parts[0])
        and not re.search(r"[。！？!?：:]", parts[0])
        and any(_BYLINE_DATE.match(x) for x in parts[1:])
    )


def _take_byline(line: str, meta: Meta) -> None:
    parts = re.split(r"\s*[|丨｜]\s*|\s+(?=(?:来源|出处|原文链接|原文|链接)\s*[:：])", line.lstrip("> "))
    pending = ""  # "文 | 张三": a key alone, its value in the next part
    for part in parts:
        m = _FIELD.match(pending + "：" + part if pending else part)
        pending = part if part in ("作者", "文", "撰文", "编辑") else ""
        when = _BYLINE_DATE.match(part.strip())
        if when and not meta.date:
            # (the PDF's "作者：…… ｜ 2025 年 5 月 ｜ ……" kept its author and lost its date)
            meta.date = _iso_date(*when.groups())
        if not m or pending:
            continue  # a date, a read count, tags
        key, value = m.group(1), m.group(2).strip()
        link = _LINK.search(value)
        url = link.group(2) if link else value if re.match(r"https?://\S+$", value) else ""
        if key in ("来源", "出处"):
            meta.source = meta.source or (link.group(1) if link else value)
            meta.source_url = meta.source_url or url
        elif key in ("原文链接", "原文", "链接"):
            meta.source_url = meta.source_url or url
        else:
            meta.author = meta.author or value


def _is_link_clutter(p: str) -> bool:
    """Avatar rows, ads, share bars: lines made of links and images with little prose left."""
    links = _LINK.findall(p)
    if not links:
        return False
    residual = strip_images(p)
    residual = _LINK.sub("", residual).strip()
    if not residual:
        return True  # nothing but links/images: an ad, a banner or an image
    linked_text = sum(len(t) for t, _ in links)
    if _META_WORDS.search(residual) and len(links) >= 2:
        return True
    return linked_text > 2 * len(residual)


def _clean_paragraph(p: str) -> str:
    p = strip_images(p)
    p = _LINK.sub(lambda m: m.group(1), p)  # keep link text, drop the URL
    p = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", p)  # markdown escapes like "1\."
    p = re.sub(r"\*{1,3}([^*\n]+?)\*{1,3}", r"\1", p)  # emphasis is typography, not content
    p = re.sub(r"(?<!^)(?<!\n)\*+", "", p)  # stray emphasis marks from PDF dumps
    p = re.sub(r"__([^_\n]+?)__", r"\1", p)
    if p.startswith(">"):
        p = re.sub(r"^>\s?", "", p, flags=re.M)
    if re.fullmatch(r"[-*_]{3,}", p.strip()):
        return ""  # thematic break
    p = _fullwidth_punctuation(p)
    m = _HEADING.match(p)
    if m:
        return f"{m.group(1)} {m.group(2).strip()}" if m.group(2).strip() else ""
    return p.strip()


# An FAQ's question label ("Q1", "问", "问题") and answer label ("A：", "答："), written once for the forms below.
_Q_WORD = r"(?:Q|问题?)\s*\d{0,2}\s*"
_A_LABEL = r"(?:A\s*\d{0,2}|答)\s*[：:]"
_FAQ_Q = re.compile(rf"^{_Q_WORD}[：:.、．]\s*(\S.{{2,80}}[？?])$", re.IGNORECASE)
_FAQ_A = re.compile(rf"^{_A_LABEL}\s*(?=\S)")  # (not "A. 次日留存率": a quiz's option)
# An FAQ's label, either, as a line opens.
_FAQ_LABEL = re.compile(rf"^[\s>*#]*(?:{_Q_WORD}[：:.、．]|{_A_LABEL})", re.IGNORECASE)
# Both in one paragraph, as a saved page or a Word file has them: "问：一天发几条合适？ 答：冷启动期每天 1 条足够……"
# (its question mark may be left out, "问：会员可以退吗 答：……"; and a paragraph may hold several pairs)
_FAQ_QA = re.compile(rf"^{_Q_WORD}[：:.、．]\s*(\S.{{2,80}}?)\s*{_A_LABEL}\s*(\S.*)$", re.IGNORECASE | re.DOTALL)
_NEXT_QA = re.compile(rf"\s*(?={_Q_WORD}[：:]\s*\S.{{2,80}}?\s*{_A_LABEL})", re.IGNORECASE)


def _faq_headings(paragraphs: list[str]) -> list[str]:
    """An FAQ's "Q1：阅读量高但不涨粉怎么办？" followed by "A：……" is a question the article asks
    and answers: the question becomes a heading one level below the section it sits in, and the
    "A：" label goes (it is typography, like bold). The two in one paragraph ("问：……？ 答：……") are
    split so."""
    out: list[str] = []
    level = 1
    for i, p in enumerate(paragraphs):
        heading = _HEADING.match(p)
        if heading:
            level = len(heading.group(1))
        both = _FAQ_QA.match(p)
        if both:
            while both:
                asked, said = both.group(1).strip(), both.group(2)
                after = _NEXT_QA.search(said, 1)
                said, p = (said[: after.start()], said[after.end() :]) if after else (said, "")
                asked = asked if asked.endswith(("？", "?")) else asked + "？"
                out += ["#" * min(level + 1, 6) + " " + asked, said.strip()]
                both = _FAQ_QA.match(p)
            if p.strip():
                out.append(p.strip())
            continue
        q = _FAQ_Q.match(p)
        if q and i + 1 < len(paragraphs) and _FAQ_A.match(paragraphs[i + 1]):
            out.append("#" * min(level + 1, 6) + " " + q.group(1))
            continue
        if i and _FAQ_A.match(p) and _FAQ_Q.match(paragraphs[i - 1]):
            p = _FAQ_A.sub("", p, count=1)
        out.append(p)
    return out


def _fullwidth_punctuation(p: str) -> str:
    """Half-width ,:;?!() between Chinese characters → full-width, leaving numbers, times, URLs alone."""
    if len(_CJK_RE.findall(p)) < 0.3 * max(len(p), 1):
        return p
    c = f"[{CJK}“”‘’《》（）]"
    p = re.sub(f"(?<={c}),|,(?={c})", "，", p)
    p = re.sub(f"(?<={c});|;(?={c})", "；", p)
    # (not after a letter: "site:域名" is a search operator a new hire copies — it became "site：域名", trn52)
    p = re.sub(f"(?<={c}):(?!//)|(?<![0-9A-Za-z]):(?={c})", "：", p)
    p = re.sub(f"(?<={c}|[”’])\\?", "？", p)
    p = re.sub(f"(?<={c}|[”’])!", "！", p)
    p = re.sub(f"\\(([^()]*{c}[^()]*)\\)", r"（\1）", p)
    return p


_NUMBERED_LINE = re.compile(r"^\d{1,2}(?:[.．](?!\d)|、)\s*\S")


_PART_NUMBER = re.compile(r"^0[1-9](?:\s*[.．、/|丨]\s*|\s+)\S")


def _join_part_numbers(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for p in paragraphs:
        if out and re.fullmatch(r"0[1-9]", out[-1].strip()) and len(p) <= 20 and not re.search(r"[。：:，,]", p):
            out[-1] = f"{out[-1].strip()} {p}"
        else:
            out.append(p)
    return out


def _mark_plain_headings(paragraphs: list[str], meta: Meta) -> list[str]:
    """Plain text has headings as short lines: "一、…", "1.…", or a short phrase with no
    sentence punctuation. Posts number their parts "01 定目标" (or "01" on a line of its own
    above the title): those are the parts of the section they follow. The first line is left for
    the title step."""
    paragraphs = _join_part_numbers(paragraphs)
    numbered_section = False
    out = paragraphs[:1]
    for i, p in enumerate(paragraphs[1:], start=1):
        last = i == len(paragraphs) - 1
        if "\n" in p or last:
            out.append(p)
        elif re.match(r"^[一二三四五六七八九十]+、", p) and len(p) <= 50:
            out.append("## " + p)
            numbered_section = True  # (parts "01 …" after it are its parts)
        elif _PART_NUMBER.match(p) and len(p) <= 24 and not re.search(r"[。：:，,；;]", p):
            out.append(("### " if numbered_section else "## ") + p)
        elif (
            _NUMBERED_LINE.match(p)
            and len(p) <= 40
            and "。" not in p
            # (a run of numbered lines is a list, and an item that goes on with "；" is not a title)
            and not any(_NUMBERED_LINE.match(q) for q in paragraphs[i - 1 : i] + paragraphs[i + 1 : i + 2])
            and p.rstrip()[-1:] not in "；;，,"
        ):
            out.append("### " + re.sub(r"^(\d{1,2})[.．、]\s*", r"\1. ", p))
        elif len(p) <= 20 and not re.search(r"[：:。]", p) and p[-1] not in _TERMINAL + "，," and p[0] not in '“‘"-*':
            out.append("## " + p)
        else:
            out.append(p)
    return out


_CN_NUMBERED = re.compile(r"^(#*)\s*([一二三四五六七八九十]{1,3})、")


def _cn_value(numeral: str) -> int:
    """一 … 九十九 as a number ("十二" → 12, "二十" → 20)."""
    tens, _, units = numeral.rpartition("十")
    digit = {c: i for i, c in enumerate(_ORDINALS[:9], start=1)}
    value = (digit.get(tens, 0) if tens else 1) * 10 if "十" in numeral else 0
    return value + digit.get(units, 0)


def _numbered_like_its_neighbours(paragraphs: list[str]) -> list[str]:
    """A short plain line that takes its place in the headings' own numbering ("七、从零搭一套积分体系的
    步骤" between "## 六、…" and "## 八、…" — a bold paragraph in Word, not a heading style) is a heading of
    theirs: its steps were filed under "六、会员等级怎么分？" and not found by what its heading says."""
    numbers = [(i, m.group(1), _cn_value(m.group(2))) for i, p in enumerate(paragraphs) if (m := _CN_NUMBERED.match(p))]
    out = list(paragraphs)
    for k, (i, marks, n) in enumerate(numbers):
        p = paragraphs[i]
        if marks or "\n" in p or len(p) > 40 or p.rstrip()[-1:] in "。！!…；;，,：:":
            continue
        before = next((x for x in reversed(numbers[:k]) if x[1]), None)
        after = next((x for x in numbers[k + 1 :] if x[1]), None)
        level = next((x[1] for x in (before, after) if x is not None and x[2] == n + (1 if x is after else -1)), "")
        if level:
            out[i] = f"{level} {p.strip()}"
    return out


def _take_title(paragraphs: list[str], meta: Meta, known: str = "") -> list[str]:
    if not paragraphs:
        return paragraphs
    first = paragraphs[0]
    m = _HEADING.match(first)
    if m and len(m.group(1)) == 1:
        said = m.group(2).strip()
        # (a file's own title property that the first heading says and goes on from: the heading says all of
        # it — "裂变活动设计笔记：拼团、助力、分销怎么选，奖励怎么配" was lost for the PDF's "裂变活动设计笔记")
        longer = bool(meta.title) and said.startswith(meta.title) and len(said) > len(meta.title)
        meta.title = said if longer or not meta.title else meta.title
        paragraphs = paragraphs[1:]
    elif known:  # a new version: its first line is the title only when it repeats it
        if paragraph_key(first.lstrip("#")) == paragraph_key(known):
            paragraphs = paragraphs[1:]
    elif not meta.title and len(first) <= 40 and not first.endswith("。") and not _SUMMARY_LABEL.match(first):
        meta.title = first.lstrip("#").strip()
        paragraphs = paragraphs[1:]
    # A heading repeating the title (scraped pages do this) says nothing.
    key = paragraph_key(meta.title or known)
    return [p for p in paragraphs if not (p.startswith("#") and paragraph_key(p.lstrip("#")) == key)]


# The label of a page's summary paragraph; an editor's lead ("编辑导语：" is how 人人都是产品经理
# heads it) is the site's words about the article, not the article's.
_EDITORS_LEAD = ("编辑导语", "编者按")
_SUMMARY_LABEL = re.compile(rf"^(?:摘要|导语|导读|{'|'.join(_EDITORS_LEAD)})")


def _take_summary(paragraphs: list[str], meta: Meta) -> list[str]:
    """A leading "摘要:" paragraph is the summary; drop it when the text repeats it (it usually does),
    else keep its text without the label (a label read out in an answer is site furniture). An
    editor's lead ("编辑导语：") is the summary only."""
    if paragraphs:
        m = re.match(rf"{_SUMMARY_LABEL.pattern}\s*[:：]\s*(.+)$", paragraphs[0], re.S)
        if m:
            meta.summary = meta.summary or m.group(1).strip()
            rest = paragraphs[1:]
            if rest and paragraph_key(rest[0]) == paragraph_key(m.group(1)):
                return rest
            if paragraphs[0].startswith(_EDITORS_LEAD):
                return rest  # ("本文作者结合……希望对你有帮助。")
            return [m.group(1).strip(), *rest]
    return paragraphs


def _title_from_headings(paragraphs: list[str]) -> str:
    for p in paragraphs:
        m = _HEADING.match(p)
        if m:
            return re.sub(r"^[一二三四五六七八九十\d]+[、.．]\s*", "", m.group(2))
    return ""


def paragraph_key(p: str) -> str:
    return re.sub(r"[\s>#*]", "", unicodedata.normalize("NFKC", p))


def _dedupe(paragraphs: list[str]) -> list[str]:
    """Paragraphs repeated verbatim (copy-paste slips, scraped summaries) are kept once. Short
    ones ("工作：") legitimately repeat, and headings are never dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for p in paragraphs:
        k = paragraph_key(p)
        if len(k) >= 20 and not p.startswith("#"):
            if k in seen:
                continue
            # Lines of a list item count too: a paragraph may repeat one of them.
            seen.update(paragraph_key(line) for line in [p, *p.split("\n")])
        out.append(p)
    return out
