"""The corpus directory: cleaned articles stored as Markdown with front matter, read back, added
(a raw file decoded and cleaned on the way in), removed."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import yaml

from bot.chunking import chunk_article
from bot.clean import Meta, clean, cleaning_notes, normalise_text, paragraph_key, take_front_matter
from bot.data import Added, Article, Chunk, short_hash
from bot.decode import read_text
from bot.errors import ArticleExistsError, InputError
from bot.extract import DOCUMENT_SUFFIXES, is_document, read_document
from bot.settings import Settings
from bot.text import clip

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".md", ".txt", ".markdown")
ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *DOCUMENT_SUFFIXES)


def to_markdown(article: Article, for_people: bool = False) -> str:
    """The corpus file's text. `for_people` (a preview): a PDF's page anchors, which only the
    chunker reads, are summed up as a count of pages instead of listed."""
    front = {
        "title": article.title,
        "author": article.author,
        "date": article.date,
        "source_url": article.source_url,
        "source": article.source,
        "summary": article.summary,
        "tags": article.tags,
        "original_file": article.original_file,
        "pages": article.pages,
    }
    front = {k: v for k, v in front.items() if v}
    if for_people and article.pages:
        front["pages"] = f"{len(article.pages)} 页（引用时标出页码）"
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip()
    return f"---\n{head}\n---\n\n# {article.title}\n\n{article.body}\n"


def parse_markdown(text: str, article_id: str, name: str = "") -> Article:
    """A clean corpus file → Article (the inverse of `to_markdown`)."""
    meta = Meta()
    body = take_front_matter(normalise_text(text), meta, name or f"{article_id}.md").strip()
    m = re.match(r"#\s+(.+)\n", body + "\n")
    if m:
        meta.title = meta.title or m.group(1).strip()
        body = body[m.end() :].strip()
    if not meta.title:
        raise InputError(f"{Path(name).name or article_id}：没有标题（在开头的元数据里加一行 title: 标题）")
    return meta.article(article_id, body)


def load_corpus(corpus_dir: Path) -> list[Article]:
    """Every article in corpus/, sorted by id. A broken file is an error naming the file."""
    articles, problems = scan_corpus(corpus_dir)
    if problems:
        raise InputError(next(iter(problems.values())))
    return articles


def scan_corpus(corpus_dir: Path) -> tuple[list[Article], dict[str, str]]:
    """The readable articles, and {article id: reason} for the files that are not (so an ingest
    indexes the good ones, keeps what it had for the bad ones, and names them)."""
    if not corpus_dir.is_dir():
        raise InputError(f"语料目录 {corpus_dir.name} 不存在：请创建它，或用 OPSBOT_CORPUS_DIR 指向语料目录")
    articles, problems = [], {}
    for path in sorted(corpus_dir.glob("*.md")):
        try:
            articles.append(parse_markdown(read_text(path), path.stem, str(path)))
        except InputError as exc:
            log.info("corpus file not readable: %s", exc)
            problems[path.stem] = str(exc)
    return articles, problems


def write_atomic(path: Path, text: str) -> None:
    """Write via a temp file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        # (a temp file is private, 0600: an article written so could not be read by the others who share the
        # corpus, as the files beside it can; not umask's mode: reading it sets it, for every thread)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_ID = r"[a-z0-9\u4e00-\u9fff]"  # lowercase letters, digits and Chinese characters (CJK unified ideographs)


def safe_id(article_id: str) -> str:
    """Article ids become file names: refuse anything that could escape the corpus directory.
    Chinese ids are fine (a trainer's 私域社群), so are ids derived from a title (`derive_id`)."""
    if not isinstance(article_id, str) or not re.fullmatch(rf"{_ID}(?:{_ID}|-){{1,79}}", article_id):
        raise InputError(
            f"文章 id「{clip(str(article_id))}」不能用：要 2–80 个字符，由汉字、小写字母、数字和 - 组成，"
            "以汉字、字母或数字开头（也可以留空，按标题生成）"
        )
    return article_id


def derive_id(title: str, taken: Iterable[str] = ()) -> str:
    """An id from a title, for a trainer who left it empty: its Chinese characters, letters and
    digits joined by -, at most 40 characters; -2, -3 … when the id is taken."""
    slug = re.sub(rf"(?:(?!{_ID}).)+", "-", title.lower()).strip("-")[:40].strip("-")
    if len(slug) < 2:
        slug = f"article-{short_hash(title, length=8)}"
    used = set(taken)
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def read_article_file(settings: Settings, path: Path) -> str:
    """A raw article file as text for the cleaner: text files decoded, documents (PDF, Word, web
    pages) extracted to Markdown with their metadata as front matter."""
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise InputError(f"{path.name}：只能添加 {'、'.join(ARTICLE_SUFFIXES)} 文件")
    max_bytes = int(settings.max_file_mb * 1_000_000)
    return read_document(path, max_bytes) if is_document(path.name) else read_text(path, max_bytes=max_bytes)


def add_file(
    settings: Settings,
    path: Path,
    *,
    article_id: str | None = None,
    title: str | None = None,
    force: bool = False,
    known_title: str = "",
    known_file: str = "",
    text: str | None = None,
) -> Added:
    """Clean a raw article and write it into the corpus. Refuses duplicates of existing articles
    and, unless `force`, overwriting an existing id. The raw file is kept under the data home
    (`originals/`), so a better cleaner can clean it again (`opsbot add --reclean`). What cleaning
    made of it is said from the text read here (a PDF or Word file is not extracted again for it)."""
    text = read_article_file(settings, path) if text is None else text  # (already read: not twice)
    article = clean(text, name=path.name, article_id=article_id, title=title, known_title=known_title)
    if known_file:
        # (cleaned again from its kept copy, named by the id: the trainer's file name stays the one shown,
        # "SaaS客户成功入门.docx", not "saas客户成功入门.docx")
        article = replace(article, original_file=known_file)
    chunks = check_length(settings, article)
    safe_id(article.id)
    target = settings.corpus_dir / f"{article.id}.md"
    existing = load_corpus(settings.corpus_dir) if settings.corpus_dir.is_dir() else []
    for other in existing:
        if other.id != article.id and paragraph_key(other.body) == paragraph_key(article.body):
            raise InputError(f"{path.name}：和已有的文章 {other.id}《{other.title}》内容相同")
    if target.exists() and not force:
        raise ArticleExistsError(f"文章 {article.id} 已经存在")
    write_atomic(target, to_markdown(article))
    keep_original(settings, path, article.id)
    return Added(article, target, cleaning_notes(text, article, len(chunks)))


MAX_CHUNKS = 400  # passages per article: ~3 minutes of embedding on 2 cores (EmbeddingGemma)


def check_length(settings: Settings, article: Article) -> list[Chunk]:
    """The article's chunks, or a refusal when it is far longer than an article: a 2 MB paste made
    2,000 passages and held every other change for over an hour."""
    chunks = chunk_article(article, settings.chunk_size, settings.chunk_overlap)
    if len(chunks) > MAX_CHUNKS:
        minutes = len(chunks) / 2 / 60  # (EmbeddingGemma embeds about 2 passages a second here)
        raise InputError(
            f"《{clip(article.title, 30)}》太长了：会切成 {len(chunks)} 个片段，嵌入要约 {minutes:.0f} 分钟，"
            f"期间其他改动都要等。请按章节分成几篇（每篇不超过 {MAX_CHUNKS} 个片段）再添加"
        )
    return chunks


def keep_original(settings: Settings, path: Path, article_id: str) -> None:
    """The file as received, under <home>/originals/<id><suffix> (one per article)."""
    originals = settings.home / "originals"
    originals.mkdir(parents=True, exist_ok=True)
    for old in originals.glob(f"{article_id}.*"):
        if old.name.rsplit(".", 1)[0] == article_id and old.resolve() != path.resolve():
            old.unlink()
    target = originals / f"{article_id}{path.suffix.lower()}"
    if path.resolve() != target.resolve():
        shutil.copyfile(path, target)


def originals(settings: Settings) -> dict[str, Path]:
    """article id → its kept original file."""
    folder = settings.home / "originals"
    return {p.name.rsplit(".", 1)[0]: p for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def remove_article(settings: Settings, article_id: str) -> Path:
    target = settings.corpus_dir / f"{safe_id(article_id)}.md"
    if not target.is_file():
        raise InputError(f"语料库里没有文章 {clip(article_id)}")
    target.unlink()
    return target
