"""The corpus and its index as one service: add, update, remove, reindex, overview, preview.

The command line (`opsbot add/remove/ingest`) and the trainers' workbench are adapters over this
class; neither orchestrates an ingest of its own. One change and its reindex run at a time per
process (the index itself also refuses a second ingest on the same data home).
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.chunking import chunk_article
from bot.clean import clean
from bot.corpus import (
    ARTICLE_SUFFIXES,
    add_file,
    parse_markdown,
    remove_article,
    safe_id,
    scan_corpus,
    to_markdown,
    write_atomic,
)
from bot.data import Article, Chunk, IngestReport
from bot.errors import BotError, InputError
from bot.index import Index, Progress
from bot.settings import Settings
from bot.text import clip

log = logging.getLogger(__name__)


@dataclass
class ArticleRow:
    """One article as the trainers see it: what is in the corpus and what the index holds of it."""

    id: str
    title: str
    chunks: int  # visible chunks in the index (0: not indexed yet)
    last_indexed: float  # epoch seconds, 0.0 when never
    problem: str = ""  # why the file cannot be read ("" when it can)


class Library:
    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        # The chat passes its own index: it reads the active collection per query, so answers
        # switch to the new index the moment an ingest completes, and the loaded embedder is reused.
        self._index = index
        self._lock = threading.Lock()

    @property
    def index(self) -> Index:
        """Opened on first use: adding or removing a file needs no index (nor a valid embedder)."""
        if self._index is None:
            self._index = Index(self.settings)
        return self._index

    # -- reading -------------------------------------------------------------------------------

    def overview(self) -> list[ArticleRow]:
        """Every article file, readable or not, with what the index holds of it, sorted by id."""
        try:
            indexed = self.index.overview()
        except BotError as exc:
            log.info("overview without the index: %s", exc)
            indexed = {}  # no index yet: every article shows as not indexed
        articles, problems = scan_corpus(self.settings.corpus_dir)
        rows = [ArticleRow(a.id, a.title, *indexed.get(a.id, (0, 0.0))) for a in articles]
        rows += [ArticleRow(aid, "", *indexed.get(aid, (0, 0.0)), problem=why) for aid, why in problems.items()]
        return sorted(rows, key=lambda r: r.id)

    def preview(self, text: str, article_id: str = "", title: str = "") -> tuple[Article, list[Chunk]]:
        """What adding `text` would store and index, before anything is written."""
        self._check_size(text)
        if article_id:
            safe_id(article_id)
        article = clean(text, name=f"{article_id or 'pasted'}.md", article_id=article_id or None, title=title or None)
        return article, chunk_article(article, self.settings.chunk_size, self.settings.chunk_overlap)

    def _check_size(self, text: str) -> None:
        """Pasted text gets the file limit too, before any cleaning work (a 4 MB paste cost 50 s to preview)."""
        if len(text.encode("utf-8")) > self.settings.max_file_mb * 1_000_000:
            limit = f"{self.settings.max_file_mb:g} MB"
            raise InputError(f"正文超过 {limit} 上限（OPSBOT_MAX_FILE_MB），请分成几篇文章添加。")

    @staticmethod
    def article_files(paths: Iterable[Path]) -> list[Path]:
        """Files as given; a directory stands for the article files in it."""
        out: list[Path] = []
        for p in paths:
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in ARTICLE_SUFFIXES) if p.is_dir() else [p])
        return out

    # -- changing ------------------------------------------------------------------------------

    def add_file(
        self, path: Path, *, article_id: str | None = None, title: str | None = None, force: bool = False
    ) -> tuple[Article, Path]:
        """Clean a raw file into the corpus (not indexed until `reindex`)."""
        with self._lock:
            return add_file(self.settings, path, article_id=article_id, title=title, force=force)

    def add_text(
        self, text: str, article_id: str, title: str = "", progress: Progress | None = None
    ) -> tuple[Article, IngestReport]:
        """Clean pasted or uploaded text into the corpus under `article_id`, and index it."""
        if not article_id:
            raise InputError("请填写文章 id（英文小写、数字和 -，例如 private-traffic）")
        safe_id(article_id)
        self._check_size(text)
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / f"{article_id}.md"
            raw.write_text(text, encoding="utf-8")
            with self._lock:
                article, _ = add_file(self.settings, raw, article_id=article_id, title=title or None)
                return article, self._reindex(False, progress)

    def update(
        self, article_id: str, *, title: str, author: str, date: str, source_url: str
    ) -> tuple[Article, IngestReport]:
        """Change an article's metadata (an empty title keeps the old one), and index the change."""
        path = self.settings.corpus_dir / f"{safe_id(article_id)}.md"
        if not path.is_file():
            raise InputError(f"没有文章 {clip(article_id)}")
        with self._lock:
            article = parse_markdown(path.read_text(encoding="utf-8"), article_id)
            article.title = title or article.title
            article.author, article.date, article.source_url = author, date, source_url
            write_atomic(path, to_markdown(article))
            return article, self._reindex(False, None)

    def remove(self, article_id: str, *, reindex: bool = True) -> tuple[Path, IngestReport | None]:
        """Delete an article's file and (unless told not to) its chunks from the index."""
        with self._lock:
            path = remove_article(self.settings, article_id)
            return path, self._reindex(False, None) if reindex else None

    def reindex(self, *, rebuild: bool = False, progress: Progress | None = None) -> IngestReport:
        """Index the corpus: only what changed, or everything into a fresh index (`rebuild`)."""
        with self._lock:
            return self._reindex(rebuild, progress)

    def _reindex(self, rebuild: bool, progress: Progress | None) -> IngestReport:
        # A file that cannot be read keeps what was indexed for it; the report names it.
        articles, problems = scan_corpus(self.settings.corpus_dir)
        report = self.index.ingest(articles, rebuild=rebuild, progress=progress, keep=problems)
        report.articles, report.skipped = len(articles), problems
        if report.changed_anything and self.index.active_name():
            from bot.keyword import load_keyword_index

            started = time.perf_counter()
            load_keyword_index(self.index)  # BM25 for the new generation now, not in the next question
            report.bm25_seconds = time.perf_counter() - started
        return report
