"""Documents → Markdown for the cleaner: PDF (pdfplumber), Word .docx (python-docx), web pages
(.html/.htm and http(s) URLs: trafilatura). What a document says about itself (title, author, date,
source URL) comes out as front matter, and a PDF's page starts as `pages:` anchors, so the rest of
the pipeline (clean → chunk → cite) treats every format alike.

Chosen by measurement on a 12-page PDF printed by Chromium from seed 000 (CJK, running header,
page numbers): pdfplumber 0.8 s vs pypdf 1.5 s, the same text (both return CJK compatibility
radicals such as ⾏ for 行, mapped back here), and pdfplumber gives each character's font size
and position, which heading recovery and header/footer removal need.
"""

from __future__ import annotations

import html
import logging
import re
import statistics
import unicodedata
import urllib.error
import urllib.request
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from bot.errors import InputError
from bot.text import word_chars

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html", ".htm")
MAX_UNZIPPED = 200_000_000  # a .docx is a zip: its parts may not unpack to more than this
MAX_RATIO = 200  # … nor unpack to more than this many times their packed size (a zip bomb)
FETCH_TIMEOUT_S = 20
MIN_TEXT_PER_PAGE = 20  # fewer characters per page on average: a scan without a text layer
_RADICALS = re.compile("[\u2e80-\u2fdf]")  # CJK (Kangxi) radicals PDFs use for ideographs
# A list item's marker at the start of a line ("2.5 亿" and "-3%" are not: a digit after the dot,
# no space after the dash).
_ENDS = "。！？!?…”」』：:；;）)"  # a line ending so ends its paragraph at a page break
_LIST_ITEM = re.compile(r"^(?:([•·●▪◦■□])\s*|(-)\s+|\d{1,2}(?:[.．](?!\d)|[、)])\s*|[（(]\d{1,2}[)）]\s*)(?=\S)")
_LABEL = re.compile(r"^[^，。；：:,\s]{1,8}[：:]")
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*/\s*共\s*\d+\s*页)?|[-–—\s]*\d+[-–—\s]*|\d+\s*/\s*\d+|page\s*\d+.*)$", re.I
)


class _Line(NamedTuple):
    """One printed line of a PDF page."""

    text: str
    size: float  # mean font size
    gap: bool  # starts a paragraph (a wider gap above, or the line above ended short)
    x0: float  # left edge
    ends_short: bool  # ends well before the right margin: the end of its paragraph
    table: bool = False  # a ruled table, as Markdown rows (`text` holds them all)
    bold: bool = False  # every character in a bold face


@dataclass
class Extracted:
    """A document as Markdown, with what it says about itself."""

    body: str
    title: str = ""
    author: str = ""
    date: str = ""
    source_url: str = ""
    pages: list[str] = field(default_factory=list)  # each page's first words (PDF), for "p. N"

    def markdown(self) -> str:
        front = {
            k: v
            for k, v in {
                "title": self.title,
                "author": self.author,
                "date": self.date,
                "source_url": self.source_url,
                "pages": self.pages,
            }.items()
            if v
        }
        head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip() if front else ""
        return (f"---\n{head}\n---\n\n" if head else "") + self.body.strip() + "\n"


def is_document(name: str) -> bool:
    return Path(name).suffix.lower() in DOCUMENT_SUFFIXES


def read_document(path: Path, max_bytes: int | None = None) -> str:
    """A .pdf/.docx/.html file as Markdown with front matter (messages name the file, not its path)."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(f"{name}：文件不存在或无法读取") from None
    if max_bytes is not None and size > max_bytes:
        raise InputError(f"{name}：{size / 1e6:.1f} MB，超过 {max_bytes / 1e6:.1f} MB 的上限")
    if size == 0:
        raise InputError(f"{name}：文件是空的（0 字节），请重新导出或下载后再上传")
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".pdf":
        return pdf(data, name).markdown()
    if suffix == ".docx":
        return docx(data, name).markdown()
    return html_page(data, name).markdown()


# Characters that fonts' tables (Noto CJK, as Chromium embeds it) give for ordinary simplified
# ones: radicals of the supplement block have no Unicode decomposition, so they are listed; the
# Kangxi radicals (⾏ for 行) decompose (NFKC). Measured on the seed articles printed to PDF.
_SIMPLIFIED = str.maketrans(
    {
        **dict(
            zip(
                "戶⻓⻔⻅⻛⻆⻚⻋⺠⻢⻝⻬⻥⻜⻤⻮⻰⻉⻘⻙⻣⻦⻧⻨⻩⻳⻄⺟",
                "户长门见风角页车民马食齐鱼飞鬼齿龙贝青韦骨鸟卤麦黄龟西母",
                strict=True,
            )
        ),
        "⸺": "——",
        "〜": "～",
    }
)


def _radicals(text: str) -> str:
    """⾏ (KANGXI RADICAL WALK) → 行, ⻔ → 门, 戶 → 户: the forms PDFs store for ordinary characters."""
    # (NFKC first: it maps ⼾ KANGXI RADICAL DOOR to the traditional 戶, which the table then simplifies)
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text).translate(_SIMPLIFIED)


# --- PDF ------------------------------------------------------------------------------------------


def pdf(data: bytes, name: str) -> Extracted:
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings on every page of Chromium's PDFs
    if not data.startswith(b"%PDF"):
        raise InputError(f"{name}：不是有效的 PDF 文件")
    try:
        from io import BytesIO

        with pdfplumber.open(BytesIO(data)) as doc:
            pages = [_pdf_lines(p) for p in doc.pages]
            meta = doc.metadata or {}
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for broken files
        text = repr(exc).lower()  # (pdfplumber wraps pdfminer's PDFPasswordIncorrect, whose str is "")
        log.info("%s: PDF not readable: %r", name, exc)
        if "password" in text or "encrypt" in text:
            raise InputError(f"{name}：这个 PDF 加了密码，请先另存一份不加密的再上传") from None
        raise InputError(f"{name}：PDF 文件损坏或不完整，无法读取（请重新导出后再上传）") from None
    if not pages:
        raise InputError(f"{name}：PDF 里没有页面")
    chars = sum(len(ln.text) for lines in pages for ln in lines)
    if chars < MIN_TEXT_PER_PAGE * len(pages):
        raise InputError(
            f"{name}：这是扫描版 PDF，没有文字层（{len(pages)} 页里只找到 {chars} 个字）。"
            "请用带文字的 PDF，或先做文字识别（OCR）"
        )
    repeated = _running_lines(pages)
    # (Running headers and footers do not count: on pages a table fills, they would set the body's size.)
    body_lines = [ln for lines in pages for ln in lines if ln.table or _norm_running(ln.text) not in repeated]
    sizes = Counter(round(ln.size) for ln in body_lines for _ in ln.text)
    body_size = sizes.most_common(1)[0][0]
    margin = Counter(round(ln.x0) for ln in body_lines if not ln.table for _ in ln.text).most_common(1)[0][0]
    # Sizes a good deal above the body's are heading levels, the largest first (a browser prints
    # h3 at 1.17 × the body text).
    heading_sizes = sorted(
        {round(ln.size) for lines in pages for ln in lines if round(ln.size) >= body_size * 1.12}, reverse=True
    )
    out: list[str] = []
    anchors: list[str] = []
    paragraph: list[str] = []
    indent = 0.0  # the left edge of the open paragraph's last line
    last_short = False  # … and whether it ended short

    def flush() -> None:
        if paragraph:
            out.append(_join_lines(paragraph))
            paragraph.clear()

    for lines in pages:
        kept = [
            ln
            for ln in lines
            if ln.table or (_norm_running(ln.text) not in repeated and not _PAGE_NUMBER.match(ln.text.strip()))
        ]
        anchors.append(word_chars("".join(ln.text for ln in kept))[:16])
        if kept and paragraph:
            # A page's first line continues the paragraph the last page left open (no sentence end,
            # the same indent: a list item's continuation is indented, the text after the list is
            # not): the gap above it is the page margin and the running header, not a break.
            first = kept[0]
            ended = last_short or paragraph[-1].rstrip()[-1:] in _ENDS or abs(first.x0 - indent) > 4
            kept[0] = first._replace(gap=ended)
        for i, (text, size, gap, x0, ends_short, table, bold) in enumerate(kept):
            if table:
                flush()
                indent, last_short = x0, True
                head, _, body = text.partition("\n")
                if i == 0 and out and out[-1].startswith("|"):
                    before = out[-1].split("\n", 1)[0]
                    if before.count("|") == head.count("|"):
                        # The rest of a table the page break cut (its header repeated, or not).
                        rows = body.split("\n")[1:] if head == before else [head, *body.split("\n")[1:]]
                        out[-1] += "".join("\n" + r for r in rows)
                        continue
                out.append(text)
                continue
            indent, last_short = x0, ends_short
            level = heading_sizes.index(round(size)) + 1 if round(size) in heading_sizes else 0
            if not level and bold and gap and size >= body_size * 1.05 and len(text) <= 40:
                # A bold line a little above the body's type, on its own ("店铺流量突然下跌怎么办？"
                # under "常见问题"): a heading one level below the others. (Bold at the body's
                # size is emphasis: "销售额 = 访客数 × 转化率 × 客单价".)
                level = len(heading_sizes) + 1
            if level and len(text) <= 60:
                flush()
                mark = "#" * min(level, 4) + " "
                if out and out[-1].startswith(mark) and not gap and len(out[-1]) + len(text) <= 80:
                    out[-1] += text.strip()  # a long heading wrapped onto a second line
                else:
                    out.append(mark + text.strip())
            else:
                item = _LIST_ITEM.match(text)
                if gap and not item and x0 > margin + 8 and paragraph and paragraph[0].startswith("- "):
                    text, item = "- " + text, _LIST_ITEM.match("- " + text)  # the next item of an indented list
                if gap or item:  # (a list item starts a line of its own, even after a full line)
                    flush()
                if item and (item.group(1) or item.group(2)):
                    text = "- " + text[item.end() :]  # "•" and the like as Markdown's bullet
                paragraph.append(text)
    flush()
    title = str(meta.get("Title") or "").strip()
    if title.lower() in ("", "untitled", "about:blank") or re.search(r"\.(md|html?|docx?|pdf)$|^\w+:", title, re.I):
        title = ""  # a printer's placeholder or a file name, not the article's title
    return Extracted(
        body="\n\n".join(out),
        title=_radicals(title),
        author=_person(_radicals(str(meta.get("Author") or ""))),
        pages=anchors if len(anchors) > 1 else [],
    )


def _pdf_lines(page: Any) -> list[_Line]:
    """The page's lines, top to bottom. A bullet drawn as a shape (Chromium and some other printers
    draw "•" as a small filled curve, not a character) becomes "• " at the start of its line."""
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 2]
    table_sizes = [
        statistics.mean([c["size"] for c in page.within_bbox(t.bbox).chars] or [0.0]) for t in tables
    ]  # (the table's type size: what sets the body size when tables fill the pages)
    if tables:
        # A ruled table's cells, read line by line, interleave columns and wrap mid-cell: read
        # them as cells (one Markdown table each) and the rest of the page without them.
        boxes = [t.bbox for t in tables]

        def outside(obj: dict[str, Any]) -> bool:
            mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes)

        page = page.filter(outside)
    lines = page.extract_text_lines(keep_blank_chars=False)
    dots = [c for c in page.curves if c["x1"] - c["x0"] <= 8 and c["bottom"] - c["top"] <= 8 and c.get("fill", True)]
    out: list[_Line] = []
    tops: list[float] = []  # each line's top, where the page's tables go in
    previous_bottom = None
    spacing = statistics.median([b["top"] - a["top"] for a, b in zip(lines, lines[1:], strict=False)] or [0]) or 1
    # The text column's right edge, from lines in the body's type: a printer's running header or
    # footer (Chromium's, in a smaller type) reaches past it, and against that edge every full line
    # of Latin-mixed text looked short, so paragraphs broke at line wraps.
    sized = [(statistics.mean(c["size"] for c in ln["chars"]) if ln["chars"] else 0.0, ln["x1"]) for ln in lines]
    typical = statistics.median([size for size, _ in sized] or [0.0])
    right = max((x1 for size, x1 in sized if size >= typical * 0.9), default=0)
    for ln in lines:
        text = _radicals(ln["text"]).strip()
        if not text:
            continue
        size = statistics.mean(c["size"] for c in ln["chars"]) if ln["chars"] else 0
        if any(
            d["x1"] <= ln["x0"]
            and ln["x0"] - d["x1"] < 24
            and ln["top"] <= (d["top"] + d["bottom"]) / 2 <= ln["bottom"]
            for d in dots
        ) and not _LIST_ITEM.match(text):
            text = "• " + text
        # A new paragraph: a wider gap than the usual line spacing, or the line before ended short.
        # A line that ends short ends its paragraph when it ends a sentence and more than two
        # characters would still have fitted (line breaking keeps a character with the comma after
        # it), or when a lot of room is left: a Latin word or a quoted term that did not fit
        # leaves room too, and that is a wrap, not a break.
        short = right - ln["x1"] > size * (2.5 if text[-1] in "。！？；;!?：:" else 5.5)
        # (A full line that ends a sentence, then a line opening with a short label and a colon,
        # "工作：…": a new line of a labelled list.)
        labelled = bool(out) and out[-1].text[-1] in "。；;" and bool(_LABEL.match(text))
        gap = previous_bottom is not None and (
            ln["top"] - previous_bottom > spacing * 0.9 or out[-1].ends_short or labelled
        )
        bold = bool(ln["chars"]) and all(re.search(r"bold|heavy|black", c["fontname"], re.I) for c in ln["chars"])
        out.append(_Line(text, size, bool(gap), ln["x0"], short, bold=bold))
        tops.append(ln["top"])
        previous_bottom = ln["bottom"]
    for t, size in zip(tables, table_sizes, strict=True):
        rows = [[_join_lines(_radicals(c or "").split("\n")) for c in row] for row in t.extract()]
        rows = [r for r in rows if any(r)]
        if len(rows) < 2:
            continue
        text = _markdown_table(rows)
        at = sum(1 for top in tops if top < t.bbox[1])
        out.insert(at, _Line(text, size, True, t.bbox[0], True, table=True))
        tops.insert(at, t.bbox[1])
    return out


def _norm_running(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _running_lines(pages: list[list[_Line]]) -> set[str]:
    """Lines that open or close most pages (running headers and footers, with their numbers)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edge = {_norm_running(ln.text) for ln in lines[:2] + lines[-2:] if not ln.table}
        seen.update(edge)
    # (On every page of a two-page document; on most pages, and at least three, of a longer one.)
    return {t for t, n in seen.items() if n >= (2 if len(pages) == 2 else max(3, len(pages) // 2))}


def _join_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if out and re.search(r"[A-Za-z0-9,.]$", out) and re.match(r"[A-Za-z0-9]", line):
            out += " "
        out += line.strip()
    return out


# --- Word -----------------------------------------------------------------------------------------


# Authors a file's properties carry that name a tool or an account, not a person who wrote the article:
# "python-docx" was recorded, and the article's own byline "作者：CRM组 刘佳" was dropped for it.
_NO_AUTHOR = re.compile(
    r"(?:python-docx|administrator|admin|user|author|owner|microsoft office\s*(?:用户|user)?|windows\s*(?:用户|user)"
    r"|wps|word|office|unknown|未知|用户|作者|管理员|\d+)",
    re.I,
)


def _person(author: str) -> str:
    """The author a file's properties name, or "" for a tool's or an account's placeholder."""
    author = author.strip()
    return "" if _NO_AUTHOR.fullmatch(author) else author


def docx(data: bytes, name: str) -> Extracted:
    from io import BytesIO

    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if "word/document.xml" not in z.namelist():
                raise InputError(f"{name}：不是 Word 文档（.docx）")
    except zipfile.BadZipFile:
        raise InputError(f"{name}：Word 文件损坏或不完整，无法读取（.doc 旧格式请先另存为 .docx）") from None
    if unpacked > MAX_UNZIPPED or unpacked > MAX_RATIO * max(len(data), 1):
        raise InputError(f"{name}：解压后有 {unpacked / 1e6:.0f} MB，太大了，不像一篇文章（可能是压缩炸弹）")
    import docx as python_docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = python_docx.Document(BytesIO(data))
    except Exception as exc:
        log.info("%s: docx not readable: %r", name, exc)
        raise InputError(f"{name}：Word 文件损坏或不完整，无法读取") from None
    out: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            line = _docx_paragraph(Paragraph(child, doc))
            if line:
                out.append(line)
        elif tag == "tbl":
            out.append(_docx_table(Table(child, doc)))
    body = "\n\n".join(_group_lists(out))
    props = doc.core_properties
    return Extracted(
        body=body,
        title=(props.title or "").strip(),
        author=_person(props.author or ""),
        # (not `created`: when the file was made says nothing of the article; python-docx's own
        # template even carries a 2013 date)
    )


def _docx_paragraph(p: Any) -> str:
    text = p.text.strip()
    if not text:
        return ""
    style = (p.style.name if p.style is not None else "") or ""
    m = re.match(r"Heading (\d)", style)
    if style == "Title":
        return f"# {text}"
    if m:
        return "#" * min(int(m.group(1)) + 1, 6) + " " + text  # (# is the article's title)
    numbered = p._p.pPr is not None and p._p.pPr.numPr is not None
    if "List Number" in style:
        return f"1. {text}"
    if "List" in style or numbered:
        return f"- {text}"
    return text


def _docx_table(table: Any) -> str:
    return _markdown_table([[_join_lines(c.text.strip().split("\n")) for c in row.cells] for row in table.rows])


def _markdown_table(rows: list[list[str]]) -> str:
    """Rows of cell texts (a Word or a PDF table) as a Markdown table, the first row its header;
    a "|" inside a cell becomes "｜" so it cannot split the cell."""
    if not rows:
        return ""
    lines = ["| " + " | ".join(c.replace("|", "｜") for c in row) + " |" for row in rows]
    return "\n".join([lines[0], "|" + "---|" * len(rows[0]), *lines[1:]])


def _group_lists(blocks: list[str]) -> list[str]:
    """Consecutive list items as one block (one list), numbered lists renumbered 1, 2, 3."""
    out: list[str] = []
    for block in blocks:
        item = re.match(r"^(- |1\. )", block)
        if item and out and re.match(r"^(- |\d+\. )", out[-1].split("\n")[-1]):
            if block.startswith("1. "):
                block = f"{len(out[-1].split(chr(10))) + 1}. {block[3:]}"
            out[-1] += "\n" + block
        else:
            out.append(block)
    return out


# --- web pages ------------------------------------------------------------------------------------


def html_page(data: bytes, name: str, url: str = "") -> Extracted:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    head = data[:2000].lower()
    text = data.decode("gb18030" if b"charset=gb" in head else "utf-8", errors="replace")
    marked = re.match(r"<!-- opsbot-source-url: (\S+) -->", text)
    url = url or (marked.group(1) if marked else "")
    text = _marked_up(text)
    # (not its comments: a trainer's saved 知乎 page kept 386 条评论, one of them a reader's other formula for the
    # article's own metric, and an answer quoted "回复 小熊软糖：分成前流水。" as the article)
    body = trafilatura.extract(
        text,
        output_format="markdown",
        include_tables=True,
        include_links=False,
        include_images=False,
        include_comments=False,
        url=url or None,
    )
    if not body or len(word_chars(body)) < 30:
        raise InputError(f"{name}：网页里找不到正文（可能只有导航、登录页或需要脚本才能显示的内容）")
    meta = trafilatura.extract_metadata(text, default_url=url or None)
    return Extracted(
        body=body,
        title=(meta.title or "").strip() if meta else "",
        # (the page's own element for the author's name first: trafilatura took the badge beside it — "专栏作家" for
        # 小鱼, "阿岚 某二次元手游 资深活动运营" for 阿岚)
        author=_unlabelled(_author_name(text) or _guessed_author(((meta.author or "") if meta else ""), text)),
        date=_published(text),  # (trafilatura's date guess reads "© 2024" footers as dates)
        source_url=url or ((meta.url or "").strip() if meta else ""),
    )


SOURCE_MARK = "<!-- opsbot-source-url: {} -->\n"  # prepended to a fetched page kept as the original

# A bold block of its own that numbers a part ("一、什么是邀请裂变" in a WeChat post's styled
# `<section><span><strong>……</strong></span></section>`): the page's heading, though no <h2> says so.
_STYLED_HEADING = re.compile(
    r"<(?P<tag>section|p|div)\b[^>]*>\s*(?P<open>(?:<(?:span|font|strong|b)\b[^>]*>\s*)+)"
    r"(?P<text>(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}[章节部分步]|\d{1,2}[、.．](?!\d))[^<>]{1,36}?)"
    r"\s*(?:</(?:span|font|strong|b)>\s*)+</(?P=tag)>"
)
# A table's first row of bold cells is its header, though written in <td> (a WeChat editor's tables): read
# as a row of text it became the heading of the rest of the article.
_BOLD_ROW = re.compile(r"<tr\b[^>]*>(?:\s*<td\b[^>]*>\s*<(strong|b)\b[^>]*>[^<>]*</\1>\s*</td>)+\s*</tr>")
# What closes a post ("— END —"): the account's footer follows (往期推荐, 关注该公众号, 写留言……).
_POST_END = re.compile(r"<(?:section|p|div)\b[^>]*>\s*(?:<[^>]+>\s*)*[—–-]{1,3}\s*(?:END|完|全文完)\s*[—–-]{1,3}")


def _marked_up(page: str) -> str:
    """A page as its writer styled it, marked up as what it is: bold numbered blocks as headings, a first row of
    bold cells as the table's header, nothing after the post's "— END —" (a trainer's saved WeChat post lost its
    nine headings, its table's header row headed seven sections, and "关注该公众号", "写留言" became headings)."""
    headed = [m for m in _STYLED_HEADING.finditer(page) if re.search(r"<(?:strong|b)\b", m.group("open"))]
    for m in reversed(headed):
        page = f"{page[: m.start()]}<h2>{m.group('text').strip()}</h2>{page[m.end() :]}"
    page = _BOLD_ROW.sub(lambda m: re.sub(r"<(/?)td\b", r"<\1th", m.group(0)), page)
    end = _POST_END.search(page)
    if end is not None and len(word_chars(re.sub(r"<[^>]+>", "", page[: end.start()]))) >= 200:
        page = page[: end.start()]
    if headed and not re.search(r"<article\b", page, re.I):
        # (the extractor keeps a heading only inside an <article>: in a WeChat post's <div id="js_content"> it
        # dropped all nine)
        content = re.search(r"<div\b[^>]*\bid=[\"']js_content[\"'][^>]*>", page) or re.search(r"<body\b[^>]*>", page)
        if content is not None:
            page = f"{page[: content.end()]}<article>{page[content.end() :]}</article>"
    return page


_AUTHOR_NAME = re.compile(
    r"<(?:a|span|div|strong|b)[^>]+(?:class=[\"'][^\"']*(?:author[-_]?name|AuthorInfo-name|author__name|authorName)"
    r"[^\"']*[\"']|rel=[\"']author[\"']|itemprop=[\"']author[\"'])[^>]*>\s*(?:<[^>]+>\s*)*([^<>]{1,30}?)\s*<",
    re.I,
)


def _unlabelled(author: str) -> str:
    """An author's name without the byline's label: "作者： 阿泽" (a `<span class="author">作者：<a>阿泽</a>` read
    whole) → "阿泽"."""
    return re.sub(r"^(?:作者|撰文|文|编辑|by)\s*[:：/|｜]\s*|^by\s+", "", author.strip(), flags=re.I).strip()


def _author_name(page: str) -> str:
    """The text of the page's element for its author's name (class "author-name", rel="author"), or ""."""
    m = _AUTHOR_NAME.search(page[:200_000])
    return html.unescape(m.group(1)).strip() if m else ""


def _guessed_author(guessed: str, page: str) -> str:
    """The extractor's guess at the author, or the page's <meta name="author"> when the guess is that name with more
    around it (trn54: the author box "阿笙，户外社区运营负责人，专注创作者运营 6 年。" became the author, cut short,
    where the meta tag says 阿笙); the meta tag when there is no guess."""
    guessed, tagged = guessed.strip(), _meta_tag(page, "author")
    # (or the name inside more: trn56's byline "增长投放组 陈默 ｜ 发布于" was cut mid-phrase, the meta tag says 陈默)
    if tagged and tagged in guessed and guessed != tagged:
        return tagged
    return guessed or tagged


def _meta_tag(page: str, name: str) -> str:
    """<meta name="author" content="…">, which trafilatura does not always read."""
    m = re.search(rf"<meta[^>]+name=[\"']{name}[\"'][^>]*content=[\"']([^\"'<>]{{1,100}})", page[:200_000], re.I)
    return html.unescape(m.group(1)).strip() if m else ""


def _published(page: str) -> str:
    """The publication date a page states in its meta tags, or ""."""
    m = re.search(
        r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|pubdate|publishdate|date|datePublished)"
        r"[\"'][^>]*content=[\"'](\d{4}-\d{2}-\d{2})",
        page[:200_000],
        re.I,
    )
    if m is None:
        # (a WeChat post states it in an element of its own: `<em id="publish_time">2024-09-18 08:00</em>`)
        m = re.search(r"id=[\"']publish_time[\"'][^>]*>\s*(\d{4}-\d{2}-\d{2})", page[:200_000])
    return m.group(1) if m else ""


def check_address(url: str, allow: frozenset[str] = frozenset()) -> None:
    """Refuse a link to this machine or the internal network (loopback, private, link-local such as
    the cloud's metadata address, and the like) unless its host is in `allow`: every address the
    name resolves to is checked, and each redirect hop again."""
    import ipaddress
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("链接要以 http:// 或 https:// 开头")
    host = parts.hostname
    if host.lower() in allow or "*" in allow:
        return
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError) as exc:
        log.info("resolving %s: %r", host, exc)
        raise InputError(f"打不开这个链接：找不到网站 {host}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            log.info("refused %s: %s is not a public address", url, address)
            raise InputError(
                f"出于安全考虑，不抓取本机或内网地址的链接（{host}）。"
                "如果这是公司内部的知识库，请管理员在设置里允许这个网站"
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Each redirect's target passes the same address check as the link itself."""

    def __init__(self, allow: frozenset[str]) -> None:
        super().__init__()
        self.allow = allow

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_address(newurl, self.allow)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, max_bytes: int, folder: Path, allow: frozenset[str] = frozenset()) -> Path:
    """A web page by URL, saved as an .html file in `folder` (the original, with its address marked
    for the extractor): public addresses only (plus the hosts in `allow`), a timeout, a size cap,
    HTML only."""
    if not re.match(r"https?://", url):
        raise InputError("链接要以 http:// 或 https:// 开头")
    check_address(url, allow)
    request = urllib.request.Request(url, headers={"User-Agent": "opsbot (article import)"})
    opener = urllib.request.build_opener(_CheckedRedirects(allow))
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT_S) as response:
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml"):
                raise InputError(f"这个链接返回的不是网页（{kind}），请下载后作为文件上传")
            data = response.read(max_bytes + 1)
            final = response.geturl()
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        log.info("fetching %s: %r", url, exc)
        if exc.code in (301, 302, 303, 307, 308):
            raise InputError("这个链接一直在跳转（重定向循环），打不开") from None
        raise InputError(
            f"打不开这个链接：服务器返回 {exc.code}（{'找不到页面' if exc.code == 404 else '出错'}）"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.info("fetching %s: %r", url, exc)
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise InputError(f"打开这个链接超时了（{FETCH_TIMEOUT_S} 秒），请稍后再试或下载后上传") from None
        raise InputError("打不开这个链接：连不上服务器") from None
    if len(data) > max_bytes:
        raise InputError(f"这个网页超过 {max_bytes / 1e6:.1f} MB 的上限")
    html_page(data, "这个网页", url=final)  # (refuses a page without main text before anything is kept)
    # The file's name (an article id when the page has no title): the address's last path segment
    # ("…/blog/private-traffic.html" → private-traffic), else its host.
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(final)
    segment = next((s for s in reversed(unquote(parts.path).split("/")) if s.strip()), "")
    segment = re.sub(r"\.(html?|php|aspx?|jsp)$", "", segment, flags=re.I)
    stem = re.sub(r"[^\w-]+", "-", segment or parts.hostname or "page").strip("-_")[:60] or "page"
    path = folder / f"{stem}.html"
    path.write_bytes(SOURCE_MARK.format(final.replace("--", "")).encode() + data)
    return path
