"""The corpus and its index as one service: add, update, remove, reindex, overview, preview.

The command line (`opsbot add/remove/ingest`) and the trainers' workbench are adapters over this
class; neither orchestrates an ingest of its own. One change and its reindex run at a time per
process (the index itself also refuses a second ingest on the same data home).
"""

from __future__ import annotations

import difflib
import logging
import re
import shutil
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
    check_length,
    derive_id,
    keep_original,
    originals,
    parse_markdown,
    read_article_file,
    remove_article,
    safe_id,
    scan_corpus,
    to_markdown,
    write_atomic,
)
from bot.data import Added, Article, Chunk, IngestReport, UpdatePlan, short_hash
from bot.errors import BotError, InputError
from bot.extract import fetch
from bot.index import Index, Progress
from bot.settings import Settings
from bot.text import clip

log = logging.getLogger(__name__)
PASTED = "粘贴的正文"  # what messages call a pasted text (never a file name the trainer did not choose)
PAIR_LIMIT = 2500  # replaced paragraphs compared pairwise (old × new) to find the edited ones
TRASH_DAYS = 14  # a deleted article can be restored this long (<home>/trash)


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

    def preview(self, text: str, article_id: str = "", title: str = "", name: str = "") -> tuple[Article, list[Chunk]]:
        """What adding `text` (read from the file `name`, or pasted) would store and index, before
        anything is written."""
        self._check_size(text)
        if article_id:
            safe_id(article_id)
        article = clean(text, name=name or PASTED, article_id=article_id or None, title=title or None)
        return article, check_length(self.settings, article)

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
    ) -> Added:
        """Clean a raw file into the corpus (not indexed until `reindex`)."""
        with self._lock:
            return add_file(self.settings, path, article_id=article_id, title=title, force=force)

    def original(self, article_id: str) -> Path | None:
        """Where the file an article was cleaned from is kept (None for one added before originals were kept)."""
        return originals(self.settings).get(article_id)

    def add_text(
        self, text: str, article_id: str = "", title: str = "", progress: Progress | None = None
    ) -> tuple[Added, IngestReport]:
        """Clean pasted or uploaded text into the corpus under `article_id` (derived from the title
        when empty), and index it."""
        self._check_size(text)
        if article_id:
            safe_id(article_id)
        else:
            found = clean(text, name=PASTED, title=title or None).title
            if found == PASTED:
                raise InputError("没找到标题：请填写「标题」，或在正文第一行写 # 标题")
            article_id = derive_id(found, self._taken_ids())
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / f"{article_id}.md"
            raw.write_text(text, encoding="utf-8")
            with self._lock:
                added = add_file(self.settings, raw, article_id=article_id, title=title or None)
                return added, self._reindex(False, progress)

    def _taken_ids(self) -> set[str]:
        """Ids in the corpus and in the trash (a new article must not take a deleted one's id: undo
        would have nowhere to go)."""
        taken = {p.stem for p in self.settings.corpus_dir.glob("*.md")}
        trash = self.settings.home / "trash"
        return taken | ({p.name.rsplit(".", 2)[0] for p in trash.glob("*.md")} if trash.is_dir() else set())

    def add_document(
        self, path: Path, article_id: str = "", title: str = "", progress: Progress | None = None
    ) -> tuple[Added, IngestReport]:
        """An uploaded file (Markdown, text, PDF, Word, web page) into the corpus and the index; its
        id derived from its title when not given. The file itself is kept as the original."""
        text = read_article_file(self.settings, path)
        if article_id:
            safe_id(article_id)
        else:
            found = clean(text, name=path.name, title=title or None).title
            article_id = derive_id(found, self._taken_ids())
        with self._lock:
            added = add_file(self.settings, path, article_id=article_id, title=title or None, text=text)
            return added, self._reindex(False, progress)

    def add_url(
        self, url: str, article_id: str = "", title: str = "", progress: Progress | None = None
    ) -> tuple[Added, IngestReport]:
        """A web page by its address (fetched with a timeout and the file size cap)."""
        with tempfile.TemporaryDirectory() as tmp:
            path = fetch(
                url.strip(), int(self.settings.max_file_mb * 1_000_000), Path(tmp), self.settings.fetch_allowed
            )
            return self.add_document(path, article_id, title, progress)

    def reclean(self, progress: Progress | None = None) -> tuple[list[str], IngestReport]:
        """Every article cleaned again from its kept original (after a cleaning fix), then indexed:
        only passages whose text changed are embedded again. Titles given by hand are kept unless
        the original states one."""
        done = []
        with self._lock:
            for article_id, path in sorted(originals(self.settings).items()):
                target = self.settings.corpus_dir / f"{article_id}.md"
                if not target.is_file():
                    continue  # (deleted since)
                current = self.article(article_id)
                add_file(
                    self.settings,
                    path,
                    article_id=article_id,
                    force=True,
                    known_title=current.title,
                    known_file=current.original_file,
                )
                done.append(article_id)
            return done, self._reindex(False, progress)

    def article(self, article_id: str) -> Article:
        """One article as stored (the workbench fills its edit form from it)."""
        path = self.settings.corpus_dir / f"{safe_id(article_id)}.md"
        if not path.is_file():
            raise InputError(f"没有文章 {clip(article_id)}")
        return parse_markdown(path.read_text(encoding="utf-8"), article_id)

    def plan_update(self, article_id: str, text: str, file_name: str = "") -> UpdatePlan:
        """What replacing an article with a new version (`text`, raw as uploaded) would change:
        paragraphs added, removed and changed, and the chunks to embed, keep and drop. Nothing is
        written. The new version keeps the article's id, and its title, author, date and source
        unless it states its own. `file_name`: the new version's file (its original)."""
        self._check_size(text)
        path = self.settings.corpus_dir / f"{safe_id(article_id)}.md"
        old = self.article(article_id)
        new = clean(text, name=f"{article_id}.md", article_id=article_id, known_title=old.title)
        for name in ("author", "date", "source_url", "source", "summary", "tags"):
            if not getattr(new, name):
                setattr(new, name, getattr(old, name))
        new.original_file = file_name  # (the file it now comes from; none when given as text)
        before, after = _paragraphs(old.body), _paragraphs(new.body)
        plan = UpdatePlan(old=old, new=new, stored=short_hash(path.read_text(encoding="utf-8")))
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if op == "insert":
                plan.added += after[j1:j2]
            elif op == "delete":
                plan.removed += before[i1:i2]
            elif op == "replace":
                changed, removed, added = _pair(before[i1:i2], after[j1:j2])
                plan.changed += changed
                plan.removed += removed
                plan.added += added
        try:
            indexed = {cid for cid, m in self.index.indexed().items() if m.get("article_id") == article_id}
        except BotError as exc:
            log.info("update preview without the index: %s", exc)
            indexed = set()
        wanted = {c.id for c in chunk_article(new, self.settings.chunk_size, self.settings.chunk_overlap)}
        plan.embed, plan.keep, plan.drop = len(wanted - indexed), len(wanted & indexed), len(indexed - wanted)
        return plan

    def replace(
        self,
        article_id: str,
        text: str,
        progress: Progress | None = None,
        expected: str = "",
        original: Path | None = None,
    ) -> tuple[UpdatePlan, IngestReport]:
        """Replace an article by a new version (as `plan_update` shows it) and index the change:
        only new or changed passages are embedded. The previous version is kept in <home>/versions.
        `expected`: the stored version the trainer compared against (`UpdatePlan.stored`); if the
        article changed since, nothing is replaced. If indexing fails, the old version is put back.
        `original`: the uploaded file, kept as the article's original from now on (without one, the
        old original no longer says what the article says and is moved out: a re-clean must never
        bring the old version back)."""
        with self._lock:
            plan = self.plan_update(article_id, text, original.name if original else "")
            if expected and plan.stored != expected:
                raise InputError("这篇文章在你比较之后被改过了：请重新点「比较新旧版本」，看过差异再替换")
            path = self.settings.corpus_dir / f"{safe_id(article_id)}.md"
            before = path.read_text(encoding="utf-8")
            stamp = time.time_ns()  # (the old version and its original share it: they pair by name)
            self._to_trash(path, article_id, "versions", stamp=stamp)  # (not in the trash: undo must not pick it)
            write_atomic(path, to_markdown(plan.new))
            try:
                report = self._reindex(False, progress)
            except BaseException:
                write_atomic(path, before)  # the corpus says what the index holds: a retry sees the diff again
                raise
            old_original = originals(self.settings).get(article_id)
            if old_original is not None:  # (kept with the version it was the original of)
                self._to_trash(old_original, article_id, "versions", ".original", stamp)
                if original is None:
                    old_original.unlink()
            if original is not None:
                keep_original(self.settings, original, article_id)
            return plan, report

    def update(
        self,
        article_id: str,
        *,
        title: str | None = None,
        author: str | None = None,
        date: str | None = None,
        source_url: str | None = None,
    ) -> tuple[Article, IngestReport]:
        """Change an article's metadata and index the change. A field not given (None) keeps its
        value: editing the title must never wipe the author, date or source. A title cannot be
        emptied; the other fields can (with "")."""
        with self._lock:
            path = self.settings.corpus_dir / f"{safe_id(article_id)}.md"
            article = self.article(article_id)
            if title is not None and title.strip():
                article.title = title.strip()
            if author is not None:
                article.author = author.strip()
            if date is not None:
                article.date = date.strip()
            if source_url is not None:
                url = source_url.strip()
                if url and not re.match(r"https?://", url):
                    raise InputError("来源链接要以 http:// 或 https:// 开头")
                article.source_url = url
            write_atomic(path, to_markdown(article))
            return article, self._reindex(False, None)

    def remove(self, article_id: str, *, reindex: bool = True) -> tuple[Path, IngestReport | None]:
        """Move an article's file to the trash (`restore` brings it back for TRASH_DAYS days) and
        (unless told not to) drop its chunks from the index."""
        with self._lock:
            source = self.settings.corpus_dir / f"{safe_id(article_id)}.md"
            if not source.is_file():
                remove_article(self.settings, article_id)  # (raises the "no such article" error)
            self._to_trash(source, article_id)
            path = remove_article(self.settings, article_id)
            return path, self._reindex(False, None) if reindex else None

    def restore(self, article_id: str = "") -> tuple[str, IngestReport]:
        """Undo a deletion: the newest trashed copy of `article_id` (or of whatever was deleted last)
        goes back into the corpus and the index."""
        with self._lock:
            trash = self.settings.home / "trash"
            kept = [p for p in trash.glob("*.md") if p.name.rsplit(".", 2)[1].isdigit()] if trash.is_dir() else []
            kept.sort(key=lambda p: int(p.name.rsplit(".", 2)[1]))
            if article_id:
                kept = [p for p in kept if p.name.rsplit(".", 2)[0] == safe_id(article_id)]
            if not kept:
                raise InputError("回收站里没有可以恢复的文章")
            newest = kept[-1]
            restored = newest.name.rsplit(".", 2)[0]
            target = self.settings.corpus_dir / f"{restored}.md"
            if target.exists():
                raise InputError(f"文章 {restored} 已经存在，无需恢复")
            write_atomic(target, newest.read_text(encoding="utf-8"))
            newest.unlink()
            return restored, self._reindex(False, None)

    def _to_trash(self, source: Path, article_id: str, folder: str = "trash", kind: str = "", stamp: int = 0) -> None:
        """A copy of the article as it is now, kept TRASH_DAYS days (the time in its name): deleted
        articles in <home>/trash, replaced versions in <home>/versions."""
        trash = self.settings.home / folder
        trash.mkdir(parents=True, exist_ok=True)
        self._purge_trash(trash)
        name = f"{article_id}.{stamp or time.time_ns()}{kind}{source.suffix.lower() or '.md'}"
        shutil.copyfile(source, trash / name)

    @staticmethod
    def _purge_trash(trash: Path) -> None:
        cutoff = time.time_ns() - TRASH_DAYS * 86400 * 10**9
        for p in trash.glob("*.*.*"):
            m = re.search(r"\.(\d{12,})\.", p.name)  # (the time, in ns)
            if m and int(m.group(1)) < cutoff:  # (the deletion time is in the name)
                p.unlink(missing_ok=True)

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
            try:
                load_keyword_index(self.index)  # BM25 for the new generation now, not in the next question
            except KeyboardInterrupt:
                # The new index already answers: a Ctrl-C now only skips this warm-up (the first
                # question builds it), and must not report that the index "still answers as before".
                log.info("keyword index warm-up interrupted: the first question builds it")
            report.bm25_seconds = time.perf_counter() - started
        return report


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def _pair(old: list[str], new: list[str]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """A replaced run of paragraphs: an old one and a new one alike enough (in order) are one
    paragraph changed; the others were removed or added."""
    changed: list[tuple[str, str]] = []
    used, removed = -1, []
    if len(old) * len(new) > PAIR_LIMIT:  # a rewrite, not an edit: comparing every pair would take long
        return changed, old, new
    for o in old:
        best = max(
            range(used + 1, len(new)),
            key=lambda j: difflib.SequenceMatcher(None, o, new[j], autojunk=False).ratio(),
            default=None,
        )
        if best is not None and difflib.SequenceMatcher(None, o, new[best], autojunk=False).ratio() >= 0.5:
            changed.append((o, new[best]))
            used = best
        else:
            removed.append(o)
    paired = {n for _, n in changed}
    return changed, removed, [n for n in new if n not in paired]
