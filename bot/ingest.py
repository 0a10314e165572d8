"""Writing the index: incremental, crash-safe ingest of articles into Chroma (reading is bot/index.py).

The protocol, per embedder, as a small state machine over what the `opsbot-meta` collection
records (`active:` the collection that answers, `gen:` its generation, `pending:` a flag):

    NONE ──build──▶ ACTIVE(g)
    ACTIVE(g) ──rebuild: fill a new collection nothing points at──▶ flip `active`, new gen ──▶ ACTIVE(g')
    ACTIVE(g) ──incremental: set `pending`──▶ PENDING(g)
    PENDING(g) ──add the new chunks with pending=True (readers filter them out)──▶ PENDING(g)
    PENDING(g) ──switch: unhide them, delete the chunks they replace, new gen, clear `pending`──▶ ACTIVE(g')

Readers key their caches (the search handle, BM25) on (active, gen, pending), so every transition
is seen at once, and until a transition completes they see exactly the previous state. A crash
mid-build leaves an orphan collection (dropped by the next ingest); a crash in PENDING leaves hidden
chunks that the next ingest reuses without embedding them again, then it completes the switch.
One ingest runs at a time per data home (a file lock; a Chroma server serialises writes itself).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from langchain_core.embeddings import Embeddings

from bot.chunking import CHUNKER_VERSION, chunk_article, pack_vectors, passage_sentences
from bot.data import Article, Chunk, IngestReport
from bot.errors import IndexUnavailableError
from bot.index import SENTENCE_VECTORS, VISIBLE, Index, Progress

# Chunks per embedding call: bounds memory and is the progress bar's step. Larger calls group texts
# of like length (less padding): a full build of the 166-chunk corpus ran at 0.99 chunks/s in calls
# of 16, 1.39 in calls of 41 (what ADD_STEPS = 4 gives it), 1.52 in calls of 64 (`opsbot bench`).
# A job still moves in about ADD_STEPS steps (64 at once made a small article's bar jump from 0 to done).
ADD_BATCH = 64
ADD_BATCH_MIN = 8
ADD_STEPS = 4
# Chunks per write to Chroma: its adds are ~3x faster in batches of 1000 than of 64, which matters
# when embedding is fast; with a slow embedder, writing at least every WRITE_EVERY_S seconds bounds
# what a crash throws away.
WRITE_BATCH = 1000
WRITE_EVERY_S = 30.0

log = logging.getLogger(__name__)
# How many candidates a dense search looks at. Chroma keeps a collection under its sync threshold (1,000) in memory
# and builds its HNSW graph again at each start, inserting in parallel: the graph differs from run to run, and at
# Chroma's default of 100 a search of 209 passages missed the second-nearest now and then (trn56: "FABE是什么意思？"
# got another answer after a restart). At 400 a playbook-sized search is exhaustive; beyond, it costs little.
EF_SEARCH = 400


def _search_widely(col: Any) -> None:
    """Raise an older collection's ef_search to `EF_SEARCH` (it can be changed after creation)."""
    try:
        hnsw = (col.configuration or {}).get("hnsw") or {}
        if int(hnsw.get("ef_search") or 0) < EF_SEARCH:
            col.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})
    except Exception:  # an older server may not know the setting: the search stays as it was
        log.warning("could not raise ef_search of collection %s", getattr(col, "name", "?"), exc_info=True)


def add_batch(chunks: int) -> int:
    """Chunks per embedding call for a job of `chunks` chunks."""
    return max(ADD_BATCH_MIN, min(ADD_BATCH, chunks // ADD_STEPS))


class IndexWriter:
    """Ingests articles into `index` (its client, embedder and settings)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.settings = index.settings
        self.key = index.key

    @property
    def client(self) -> Any:
        return self.index.client

    @property
    def embeddings(self) -> Embeddings:
        return self.index.embeddings

    def _drop(self, name: str, why: str) -> None:
        """Delete a collection of ours that nothing needs; a failure only leaves it for next time."""
        try:
            self.client.delete_collection(name)
        except Exception:  # the next ingest drops orphans again
            log.warning("could not delete collection %s (%s)", name, why, exc_info=True)

    def _set_meta(self, **values: str | None) -> None:
        """Set (None: remove) `<field>:<embedder>` entries of the meta collection."""
        meta = self.index._meta()
        data = dict(meta.metadata or {})  # modify() replaces the whole dict, hence the copy
        for name, value in values.items():
            if value is None:
                data.pop(f"{name}:{self.key}", None)
            else:
                data[f"{name}:{self.key}"] = value
        meta.modify(metadata=data or {"kind": "opsbot-meta"})

    def _set_active(self, name: str | None = None) -> None:
        """Point at `name` (None: keep the current one), start a new generation, clear `pending`."""
        stamp = f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        self._set_meta(**({"active": name} if name else {}), gen=stamp, pending=None)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """One ingest at a time per data home (embedded mode; a server serialises writes itself)."""
        if self.settings.chroma_url:
            yield
            return
        self.settings.home.mkdir(parents=True, exist_ok=True)
        with open(self.settings.home / "ingest.lock", "w") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("ingest refused: another one holds %s", f.name)
                raise IndexUnavailableError(
                    "另一个索引任务（opsbot ingest 或工作台的添加）正在运行，请等它结束再试"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def _add(
        self, col: Any, chunks: list[Chunk], progress: Progress | None, done: int, total: int, pending: bool = False
    ) -> int:
        buffered: list[tuple[Chunk, list[float], str]] = []
        written = time.monotonic()
        if progress and chunks:
            progress(done, total)  # the bar shows at 0 %, before the first (slow) batch
        size = add_batch(len(chunks))
        for i in range(0, len(chunks), size):
            batch = chunks[i : i + size]
            vectors = self.embeddings.embed_documents([c.embedding_text() for c in batch])
            packed = self._sentence_vectors(batch)
            buffered.extend(zip(batch, vectors, packed, strict=True))
            last = i + size >= len(chunks)
            if last or len(buffered) >= WRITE_BATCH or time.monotonic() - written > WRITE_EVERY_S:
                col.add(
                    ids=[c.id for c, _, _ in buffered],
                    embeddings=[v for _, v, _ in buffered],
                    documents=[c.text for c, _, _ in buffered],
                    metadatas=[{**self._chunk_meta(c, pending), SENTENCE_VECTORS: p} for c, _, p in buffered],
                )
                buffered, written = [], time.monotonic()
            done += len(batch)
            if progress:
                progress(done, total)
        return done

    def _stored_dims(self) -> int:
        return int((self.index.collection().metadata or {}).get("sentence_dims", 0))

    def _sentence_vectors(self, chunks: list[Chunk]) -> list[str]:
        """Each chunk's sentences embedded in one batch, packed per chunk ("" when turned off)."""
        dims = self.settings.sentence_dims
        if dims <= 0:
            return [""] * len(chunks)
        per_chunk = [passage_sentences(c.text) for c in chunks]
        flat = [s for ss in per_chunk for s in ss]
        vectors = self.embeddings.embed_documents(flat) if flat else []
        out: list[str] = []
        i = 0
        for ss in per_chunk:
            out.append(pack_vectors(vectors[i : i + len(ss)], dims) if ss else "")
            i += len(ss)
        return out

    def _drop_orphans(self, keep: set[str]) -> None:
        """Collections of ours that are not active were left by an interrupted build."""
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(self.index._prefix()) and name not in keep:
                self._drop(name, "left by an interrupted build")

    def ingest(
        self,
        articles: list[Article],
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        keep: Iterable[str] = (),
    ) -> IngestReport:
        """Index `articles`; `keep`: ids of articles whose files could not be read this time, whose
        indexed chunks stay as they are (a broken file never deletes what was indexed)."""
        started = time.perf_counter()
        with self._lock():
            active = self.index.active_name()
            self._drop_orphans({active} if active else set())
            if active and not rebuild and self._stored_dims() != self.settings.sentence_dims:
                # Sentence vectors are stored per chunk: another size needs every chunk embedded again.
                log.info("sentence_dims changed to %s: rebuilding the index", self.settings.sentence_dims)
                rebuild = True
            before = self.index.indexed() if active else {}
            made_by = {str(m.get("chunker")).split("/", 1)[0] for m in before.values() if m.get("chunker")}
            if active and not rebuild and made_by - {CHUNKER_VERSION}:
                # Another chunker version may split the same chunk into other sentences: the stored
                # sentence vectors would no longer line up with them (a chunk's text, and so its id,
                # can stay the same), so every chunk is embedded again.
                log.info("chunker version changed to %s: rebuilding the index", CHUNKER_VERSION)
                rebuild = True
            kept = set(keep) - {a.id for a in articles}
            # An article whose indexed chunks all carry its current hash and chunker is unchanged
            # without chunking it again (a no-op ingest of 5,000 articles is mostly this).
            fresh = {} if rebuild else _fresh(before, self.chunker)
            chunks: dict[str, list[Chunk] | None] = {
                a.id: None
                if fresh.get(a.id) == a.content_hash
                else chunk_article(a, self.settings.chunk_size, self.settings.chunk_overlap)
                for a in articles
            }
            report = _diff(chunks, {cid: m for cid, m in before.items() if m.get("article_id") not in kept})
            if rebuild or not active:
                self._build(chunks, report, progress, kept)
            else:
                self._update(chunks, before, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def _build(
        self,
        by_article: dict[str, list[Chunk] | None],
        report: IngestReport,
        progress: Progress | None,
        kept: set[str],
    ) -> None:
        chunks = [c for cs in by_article.values() for c in cs or []]  # (nothing is skipped in a build)
        carried = self._carry(kept)
        name = f"{self.index._prefix()}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        col = self.client.create_collection(
            name,
            configuration={"hnsw": {"space": "cosine", "ef_search": EF_SEARCH}},
            metadata={
                "embedder": self.settings.embedder,
                "created": time.time(),
                "sentence_dims": self.settings.sentence_dims,
            },
            embedding_function=None,
        )
        try:
            report.chunks_embedded = self._add(col, chunks, progress, 0, len(chunks))
            for i in range(0, len(carried["ids"]), 500):
                col.add(**{k: v[i : i + 500] for k, v in carried.items()})
        except BaseException:
            # Ctrl-C or an error: the half-built collection goes, the old one keeps answering.
            self._drop(name, "half-built")
            raise
        old = self.index.active_name()
        self._set_active(name)
        if old:
            self._drop(old, "replaced by the rebuild")
        report.rebuilt = True
        report.collection = name

    @property
    def chunker(self) -> str:
        """Which chunking made a chunk: with the article's hash, enough to know it is current."""
        return f"{CHUNKER_VERSION}/{self.settings.chunk_size}/{self.settings.chunk_overlap}"

    def _restamp(self, col: Any, chunks: list[Chunk], before: dict[str, dict[str, Any]]) -> None:
        """Indexed chunks' metadata written again from their current Chunk (vectors untouched, the
        time they were indexed kept)."""
        for i in range(0, len(chunks), 500):
            batch = chunks[i : i + 500]
            metas = [{**self._chunk_meta(c, False), "indexed_at": before[c.id].get("indexed_at", 0.0)} for c in batch]
            col.update(ids=[c.id for c in batch], metadatas=metas)

    def _chunk_meta(self, chunk: Chunk, pending: bool) -> dict[str, Any]:
        return {**chunk.metadata(), "indexed_at": time.time(), "pending": pending, "chunker": self.chunker}

    def _carry(self, article_ids: set[str]) -> dict[str, list[Any]]:
        """The visible chunks of these articles from the active collection, vectors included: a
        rebuild copies them over instead of losing them."""
        empty: dict[str, list[Any]] = {"ids": [], "embeddings": [], "documents": [], "metadatas": []}
        if not article_ids or not self.index.active_name():
            return empty
        got = self.index.read_all(
            ["embeddings", "documents", "metadatas"],
            where={"$and": [VISIBLE, {"article_id": {"$in": sorted(article_ids)}}]},
        )
        return {
            "ids": list(got["ids"]),
            "embeddings": [list(map(float, v)) for v in got["embeddings"]],
            "documents": list(got["documents"]),
            "metadatas": list(got["metadatas"]),
        }

    def _update(
        self,
        by_article: dict[str, list[Chunk] | None],
        before: dict[str, dict[str, Any]],
        report: IngestReport,
        progress: Progress | None,
    ) -> None:
        col = self.index.collection()
        _search_widely(col)
        redo = set(report.added + report.changed)
        wanted = {c.id: c for aid, cs in by_article.items() if aid in redo for c in cs or []}
        missing = [c for cid, c in wanted.items() if cid not in before]
        # Left pending by a crashed ingest and still wanted: already embedded, only to be unhidden.
        reuse = [c for cid, c in wanted.items() if cid in before and before[cid].get("pending")]
        reuse_ids = {c.id for c in reuse}
        touched = set(report.changed + report.removed)
        stale = [
            cid
            for cid, meta in before.items()
            if cid not in wanted and (meta.get("article_id") in touched or meta.get("pending"))
        ]
        report.collection = col.name
        # Unchanged, but indexed before chunks recorded their chunker: record it (metadata only), so
        # the next ingest can skip chunking them.
        unmarked = [c for aid in report.unchanged for c in by_article.get(aid) or [] if not before[c.id].get("chunker")]
        self._restamp(col, unmarked, before)
        # Kept because their text did not change, but what the new version says about them did: a
        # PDF's pages (a new version moved the passage to other pages, or came as a .docx without
        # pages), the article's title or hash, the position. Metadata only, no embedding.
        # (Also for an article whose passages are all the same ones: only its pages changed.)
        moved = [
            c
            for cs in by_article.values()
            for c in cs or []
            if c.id in before
            and c.id not in reuse_ids
            and not before[c.id].get("pending")
            and any(before[c.id].get(k, default) != v for k, (v, default) in _refreshed(c).items())
        ]
        if not (missing or reuse or stale or moved or self.index.pointer().pending):
            return  # (a pending flag alone: a crash after the switch; finish it with a new generation)
        self._set_meta(pending="1")  # readers filter from now on
        report.chunks_embedded = self._add(col, missing, progress, 0, len(missing), pending=True)
        report.chunks_reused = len(reuse)
        # The switch: unhide the new chunks, drop the ones they replace, new generation. A reader
        # between the first two steps may see an old and a new version of a changed passage.
        shown = missing + reuse
        for i in range(0, len(shown), 500):
            batch = shown[i : i + 500]
            col.update(ids=[c.id for c in batch], metadatas=[self._chunk_meta(c, False) for c in batch])
        self._restamp(col, moved, before)
        for i in range(0, len(stale), 500):
            col.delete(ids=stale[i : i + 500])
        report.chunks_deleted = len(stale)
        self._set_active()  # (a new generation: the keyword index is rebuilt with the new metadata too)


def _refreshed(chunk: Chunk) -> dict[str, tuple[Any, Any]]:
    """The metadata a kept chunk must carry from its article's current version: key → (value,
    what an index written before the key existed holds)."""
    m = chunk.metadata()
    keys = ("page", "last_page", "position", "title", "article_hash")
    return {k: (m[k], 0 if k in ("page", "last_page", "position") else "") for k in keys}


def _fresh(before: dict[str, dict[str, Any]], chunker: str) -> dict[str, str]:
    """article id → content hash, for articles whose visible chunks were all made from that content
    by this chunker."""
    seen: dict[str, set[tuple[Any, Any]]] = {}
    for meta in before.values():
        if not meta.get("pending"):
            seen.setdefault(str(meta.get("article_id")), set()).add((meta.get("article_hash"), meta.get("chunker")))
    fresh = {}
    for aid, pairs in seen.items():
        if len(pairs) == 1:
            (article_hash, made_by), *_ = pairs
            if made_by == chunker:
                fresh[aid] = str(article_hash)
    return fresh


def _diff(by_article: dict[str, list[Chunk] | None], before: dict[str, dict[str, Any]]) -> IngestReport:
    """Compare the corpus with what is indexed, by chunk ids (so a change of chunking counts too);
    None: already known to be unchanged."""
    indexed: dict[str, set[str]] = {}
    for cid, meta in before.items():
        if not meta.get("pending"):  # hidden chunks are not indexed yet
            indexed.setdefault(str(meta.get("article_id")), set()).add(cid)
    report = IngestReport()
    for aid, chunks in by_article.items():
        if chunks is None:
            report.unchanged.append(aid)
            continue
        ids = {c.id for c in chunks}
        if aid not in indexed:
            report.added.append(aid)
        elif indexed[aid] != ids:
            report.changed.append(aid)
        else:
            report.unchanged.append(aid)
    report.removed = sorted(set(indexed) - set(by_article))
    return report
