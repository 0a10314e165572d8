"""Real documents made by real tools from corpus Markdown, for tests and `opsbot bench --formats`:
PDFs printed by headless Chromium (CJK fonts, a running header, page numbers), .docx written by
python-docx (heading styles, numbered and bulleted lists, a table), web pages with navigation, ads
and a share row around the article."""

from __future__ import annotations

import html
import re
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
HEADER = "运营手册 · 内部培训资料"
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.、])\s+")


def _blocks(markdown: str) -> tuple[dict[str, str], list[str]]:
    """(front matter fields, body blocks) of a corpus article."""
    meta: dict[str, str] = {}
    body = markdown
    if markdown.startswith("---\n"):
        head, body = markdown[4:].split("\n---\n", 1)
        for line in head.splitlines():
            if ":" in line and not line.startswith((" ", "-")):
                key, value = line.split(":", 1)
                meta[key.strip()] = value.strip().strip("'\"")
    blocks: list[str] = []
    for block in (b.strip() for b in re.split(r"\n\s*\n", body)):
        if not block:
            continue
        # A "loose" list (items apart by blank lines) is still one list: one <ol> numbered 1, 2, 3.
        previous = blocks[-1].split("\n") if blocks else []
        if previous and all(_ITEM.match(ln) for ln in previous + block.split("\n")):
            same_kind = bool(re.match(r"^\s*\d", previous[0])) == bool(re.match(r"^\s*\d", block))
            if same_kind:
                blocks[-1] += "\n" + block
                continue
        blocks.append(block)
    return meta, blocks


def to_html(markdown: str, chrome: bool = False) -> str:
    """The article as a web page; `chrome` adds what real pages have around it (nav, ads, share)."""
    meta, blocks = _blocks(markdown)
    out = []
    for block in blocks:
        m = re.match(r"^(#{1,6})\s+(.+)$", block)
        lines = block.split("\n")
        if m:
            out.append(f"<h{len(m.group(1))}>{html.escape(m.group(2))}</h{len(m.group(1))}>")
        elif all(_ITEM.match(ln) for ln in lines):
            tag = "ol" if re.match(r"^\s*\d", lines[0]) else "ul"
            items = "".join(f"<li>{html.escape(_ITEM.sub('', ln))}</li>" for ln in lines)
            out.append(f"<{tag}>{items}</{tag}>")
        else:
            out.append("<p>" + "<br>".join(html.escape(ln) for ln in lines) + "</p>")
    article = "\n".join(out)
    style = "body{font-family:'Noto Sans CJK SC';font-size:15px;line-height:1.7} h1{font-size:26px} h2{font-size:20px}"
    head = f"<meta charset='utf-8'><title>{html.escape(meta.get('title', ''))}</title><style>{style}</style>"
    if meta.get("author"):
        head += f"<meta name='author' content='{html.escape(meta['author'])}'>"
    if not chrome:
        return f"<html><head>{head}</head><body>{article}</body></html>"
    nav = (
        "<nav><a href='/'>首页</a> | <a href='/ops'>运营</a> | <a href='/pm'>产品</a> | <a href='/login'>登录</a></nav>"
    )
    ad = "<div class='ad'>【广告】限时特惠：运营训练营 5 折报名，点击立即抢购！</div>"
    share = "<div class='share'>分享到：微信 微博 QQ空间 复制链接</div>"
    foot = "<footer>© 2024 某某运营社区 版权所有 | 京ICP备12345678号 | 联系我们 | 隐私政策</footer>"
    return (
        f"<html><head>{head}</head><body>{nav}{ad}<main><article>{article}</article></main>"
        f"{share}<aside>{ad}<ul><li><a href='/a'>热门：私域怎么做</a></li><li><a href='/b'>热门：裂变海报</a></li></ul>"
        f"</aside>{foot}</body></html>"
    )


def combined(title: str, articles: list[str]) -> str:
    """One long document from several articles (a handbook): each article a chapter ("## 标题",
    its own headings one level down). Real documents do not repeat themselves, and the cleaner
    keeps a repeated paragraph once, so long test documents are made of different articles."""
    parts = [f"# {title}"]
    for markdown in articles:
        meta, blocks = _blocks(markdown)
        name = meta.get("title", "")
        if blocks and blocks[0].startswith("# "):
            name, blocks = blocks[0][2:].strip(), blocks[1:]
        parts.append(f"## {name}")
        parts += [("#" + b if re.match(r"^#{1,5}\s", b) else b) for b in blocks]
    return "\n\n".join(parts) + "\n"


def print_pdf(markdown: str, target: Path, browser: object | None = None) -> Path:
    """The article printed to PDF by headless Chromium (A5, a running header, page numbers)."""
    page_html = to_html(markdown)
    header = f"<div style='font-size:8px;width:100%;text-align:center'>{HEADER}</div>"
    footer = "<div style='font-size:8px;width:100%;text-align:center'>第 <span class=pageNumber></span> 页</div>"

    def run(b: object) -> None:
        page = b.new_page()  # type: ignore[attr-defined]
        page.set_content(page_html)
        page.pdf(
            path=str(target),
            format="A5",
            display_header_footer=True,
            header_template=header,
            footer_template=footer,
            margin={"top": "20mm", "bottom": "20mm", "left": "15mm", "right": "15mm"},
        )
        page.close()

    if browser is not None:
        run(browser)
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
            try:
                run(b)
            finally:
                b.close()
    return target


def write_docx(markdown: str, target: Path, table: bool = True) -> Path:
    """The article as Word: its title as Title, headings as Heading 1–3, lists as List Number /
    List Bullet paragraphs, and (with `table`) a small table of its sections."""
    import docx

    meta, blocks = _blocks(markdown)
    doc = docx.Document()
    doc.core_properties.title = meta.get("title", "")
    doc.core_properties.author = meta.get("author", "")
    title = meta.get("title", "")
    if blocks and blocks[0].startswith("# "):
        title, blocks = blocks[0][2:].strip(), blocks[1:]
    doc.add_paragraph(title, style="Title")
    headings = []
    for _ in range(1):
        for block in blocks:
            m = re.match(r"^(#{1,6})\s+(.+)$", block)
            lines = block.split("\n")
            if m:
                level = min(max(len(m.group(1)) - 1, 1), 3)
                doc.add_paragraph(m.group(2).strip(), style=f"Heading {level}")
                headings.append(m.group(2).strip())
            elif all(_ITEM.match(ln) for ln in lines):
                style = "List Number" if re.match(r"^\s*\d", lines[0]) else "List Bullet"
                for ln in lines:
                    doc.add_paragraph(_ITEM.sub("", ln), style=style)
            else:
                doc.add_paragraph(block.replace("\n", ""))
    if table and headings:
        t = doc.add_table(rows=1, cols=2)
        t.rows[0].cells[0].text, t.rows[0].cells[1].text = "小节", "序号"
        for n, h in enumerate(headings[:6], 1):
            row = t.add_row()
            row.cells[0].text, row.cells[1].text = h, str(n)
    doc.save(str(target))
    return target
