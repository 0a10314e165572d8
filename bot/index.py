"""Chunks → Chroma. Incremental, crash-safe ingest and dense search.

Layout in Chroma (embedded or server, same code):
- one collection per build, named `opsbot-<embedder>-<stamp>`, cosine space, no embedding
  function of Chroma's own (its default downloads a model): we always pass vectors;
- a small `opsbot-meta` collection whose metadata maps `active:<embedder>` → the collection
  that answers. A full build writes a new collection and flips that pointer only when complete,
  so a crash or Ctrl-C leaves the previous index answering.
Incremental ingest adds the new chunks marked `pending` (hidden from search and BM25, with a
`pending:<embedder>` flag in the meta collection telling readers to filter), then in one short
step unhides them, deletes the chunks they replace and starts a new generation. Until then the
previous index answers exactly as before; after a crash the next ingest reuses the pending chunks
it finds (no re-embedding) and completes. What is indexed is read from the collection itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from bot.chunking import CHUNKER_VERSION, chunk_article, pack_vectors, passage_sentences
from bot.data import Article, Chunk, Hit, IngestReport
from bot.embeddings import embedder_key, get_embeddings
from bot.errors import BotError, ConfigError, IndexUnavailableError
from bot.settings import Settings

META_COLLECTION = "opsbot-meta"
VISIBLE = {"pending": {"$ne": True}}  # chunks a reader may see (no `pending` key counts as visible)
ADD_BATCH = 64  # chunks per embedding call: bounds memory and gives progress a pulse
# Chunks per write to Chroma: its adds are ~3x faster in batches of 1000 than of 64, which matters
# when embedding is fast; with a slow embedder, writing at least every WRITE_EVERY_S seconds bounds
# what a crash throws away.
WRITE_BATCH = 1000
WRITE_EVERY_S = 30.0
READ_PAGE = 5000  # chunks per `get`: SQLite limits the variables of one query
FIX_INGEST = "run `opsbot ingest`"
SENTENCE_VECTORS = "sentence_vectors"  # chunk metadata key: chunking.pack_vectors of its sentences

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def make_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(f"OPSBOT_CHROMA_URL={settings.chroma_url!r} must look like http://127.0.0.1:8000")
        try:
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:  # connection errors come in many types
            raise IndexUnavailableError(
                f"cannot reach the Chroma server at {settings.chroma_url} ({exc.__class__.__name__}); "
                "start it with `chroma run --path DIR --host 127.0.0.1 --port 8000` or unset OPSBOT_CHROMA_URL"
            ) from None
        return client
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:
        raise IndexUnavailableError(
            f"cannot open the index at {settings.chroma_path} ({exc}); remove that directory and `opsbot ingest` again"
        ) from None


class Pointer(NamedTuple):
    name: str | None  # the active collection
    generation: str
    pending: bool  # an incremental ingest has hidden chunks in it (running, or crashed)


class Index:
    """The vector index for one embedder."""

    def __init__(self, settings: Settings, embeddings: Embeddings | None = None) -> None:
        self.settings = settings
        self.key = embedder_key(settings)
        self._embeddings = embeddings
        self._client: Any = None
        self._search_cache: tuple[Pointer, Any, int] | None = None

    # -- plumbing -------------------------------------------------------------------------

    @property
    def embeddings(self) -> Embeddings:
        if self._embeddings is None:
            self._embeddings = get_embeddings(self.settings)
        return self._embeddings

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    def _meta(self) -> Any:
        return self.client.get_or_create_collection(
            META_COLLECTION, metadata={"kind": "opsbot-meta"}, embedding_function=None
        )

    def pointer(self) -> Pointer:
        """What answers, in one read. The generation changes whenever the active index changes:
        caches derived from it (BM25, the search handle) key on it."""
        data = self._meta().metadata or {}
        name, gen = data.get(f"active:{self.key}"), data.get(f"gen:{self.key}")
        return Pointer(str(name) if name else None, str(gen) if gen else "none", bool(data.get(f"pending:{self.key}")))

    def active_name(self) -> str | None:
        return self.pointer().name

    def generation(self) -> str:
        return self.pointer().generation

    def _set_meta(self, **values: str | None) -> None:
        """Set (None: remove) `<field>:<embedder>` entries of the meta collection."""
        meta = self._meta()
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

    def _prefix(self) -> str:
        return f"opsbot-{self.key}-"

    def collection(self) -> Any:
        name = self.active_name()
        if not name:
            raise IndexUnavailableError(f"no index for embedder {self.settings.embedder!r} yet: {FIX_INGEST}")
        try:
            return self.client.get_collection(name, embedding_function=None)
        except Exception:
            raise IndexUnavailableError(
                f"the index {name!r} is missing or damaged: `opsbot ingest --rebuild`"
            ) from None

    def vectorstore(self) -> Any:
        """The active collection as a langchain VectorStore (what retrievers build on)."""
        from langchain_chroma import Chroma

        return Chroma(
            client=self.client,
            collection_name=self.collection().name,
            embedding_function=self.embeddings,
            create_collection_if_not_exists=False,
        )

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
                raise IndexUnavailableError(
                    "another `opsbot ingest` is running on this data home; wait for it to finish"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    # -- reading ----------------------------------------------------------------------------

    def read_all(self, include: list[str], where: dict[str, Any] | None = None) -> dict[str, list[Any]]:
        """Every chunk of the active collection (matching `where`), in pages: one `get` of a
        50k-chunk collection exceeds SQLite's variable limit."""
        col = self.collection()
        out: dict[str, list[Any]] = {"ids": [], **{k: [] for k in include}}
        offset = 0
        while True:
            got = col.get(where=where, include=include, limit=READ_PAGE, offset=offset)
            for key in out:
                out[key].extend(got[key] if got[key] is not None else [])
            if len(got["ids"]) < READ_PAGE:
                return out
            offset += READ_PAGE

    def indexed(self) -> dict[str, dict[str, Any]]:
        """id → metadata of every chunk in the active collection, pending ones included ({} when
        there is none)."""
        if not self.active_name():
            return {}
        got = self.read_all(["metadatas"])
        return dict(zip(got["ids"], got["metadatas"], strict=True))

    def overview(self) -> dict[str, tuple[int, float]]:
        """article id → (chunks, when last indexed, epoch seconds)."""
        out: dict[str, tuple[int, float]] = {}
        for meta in self.indexed().values():
            if meta.get("pending"):
                continue
            aid = str(meta.get("article_id"))
            chunks, last = out.get(aid, (0, 0.0))
            out[aid] = (chunks + 1, max(last, float(meta.get("indexed_at", 0.0))))  # type: ignore[arg-type]
        return out

    def count(self) -> int:
        return int(self.collection().count())

    def _searchable(self) -> tuple[Any, int]:
        """The langchain store over the active collection and its size, rebuilt only when the
        generation changes (another process's ingest included): building it costs more than a
        query. One metadata read per call keeps a flip visible at once."""
        pointer = self.pointer()
        if self._search_cache is None or self._search_cache[0] != pointer:
            col = self.collection()
            size = len(self.read_all([], where=VISIBLE)["ids"]) if pointer.pending else col.count()
            self._search_cache = (pointer, self.vectorstore(), int(size))
        return self._search_cache[1], self._search_cache[2]

    def query_vector(self, query: str) -> list[float]:
        self._searchable()  # no index: say so before loading a model to embed the query
        return list(self.embeddings.embed_query(query))

    def search(self, query: str, k: int = 5, vector: list[float] | None = None) -> list[Hit]:
        """The `k` chunks nearest to `query` (or to its already computed embedding `vector`)."""
        if vector is None:
            vector = self.query_vector(query)
        try:
            pairs = self._search(vector, k)
        except BotError:
            raise
        except Exception:
            # A rebuild in another process flipped the pointer and dropped the old collection
            # between our read and our query: look again, once.
            log.info("search failed; reading the active collection again", exc_info=True)
            self._search_cache = None
            pairs = self._search(vector, k)
        return [
            Hit(
                chunk_id=str(doc.id),
                article_id=str(doc.metadata.get("article_id", "")),
                title=str(doc.metadata.get("title", "")),
                section=str(doc.metadata.get("section", "")),
                text=doc.page_content,
                score=1.0 - float(distance),  # cosine distance → similarity
                sentence_vectors=str(doc.metadata.get(SENTENCE_VECTORS, "")),
            )
            for doc, distance in pairs
        ]

    def _search(self, vector: list[float], k: int) -> list[tuple[Any, float]]:
        store, size = self._searchable()
        if size == 0:
            raise IndexUnavailableError(
                f"the index is empty: add articles to {self.settings.corpus_dir} and {FIX_INGEST}"
            )
        # Filtering costs a little, so only while an incremental ingest is in flight (or crashed).
        where = VISIBLE if self._search_cache and self._search_cache[0].pending else None
        return store.similarity_search_by_vector_with_relevance_scores(vector, k=min(k, size), filter=where)

    def sentence_vectors(self, chunk_ids: list[str]) -> dict[str, str]:
        """chunk id → its packed sentence vectors, for hits that only keyword search found."""
        if not chunk_ids:
            return {}
        got = self.collection().get(ids=chunk_ids, include=["metadatas"])
        pairs = zip(got["ids"], got["metadatas"], strict=True)
        return {cid: str((m or {}).get(SENTENCE_VECTORS, "")) for cid, m in pairs}

    # -- writing ----------------------------------------------------------------------------

    def _add(
        self, col: Any, chunks: list[Chunk], progress: Progress | None, done: int, total: int, pending: bool = False
    ) -> int:
        buffered: list[tuple[Chunk, list[float], str]] = []
        written = time.monotonic()
        for i in range(0, len(chunks), ADD_BATCH):
            batch = chunks[i : i + ADD_BATCH]
            vectors = self.embeddings.embed_documents([c.embedding_text() for c in batch])
            packed = self._sentence_vectors(batch)
            buffered.extend(zip(batch, vectors, packed, strict=True))
            last = i + ADD_BATCH >= len(chunks)
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
        return int((self.collection().metadata or {}).get("sentence_dims", 0))

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
            if name.startswith(self._prefix()) and name not in keep:
                with contextlib.suppress(Exception):
                    self.client.delete_collection(name)

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
            active = self.active_name()
            self._drop_orphans({active} if active else set())
            if active and not rebuild and self._stored_dims() != self.settings.sentence_dims:
                # Sentence vectors are stored per chunk: another size needs every chunk embedded again.
                log.info("sentence_dims changed to %s: rebuilding the index", self.settings.sentence_dims)
                rebuild = True
            before = self.indexed() if active else {}
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
        name = f"{self._prefix()}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        col = self.client.create_collection(
            name,
            configuration={"hnsw": {"space": "cosine"}},
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
            with contextlib.suppress(Exception):
                self.client.delete_collection(name)
            raise
        old = self.active_name()
        self._set_active(name)
        if old:
            with contextlib.suppress(Exception):
                self.client.delete_collection(old)
        report.rebuilt = True
        report.collection = name

    @property
    def chunker(self) -> str:
        """Which chunking made a chunk: with the article's hash, enough to know it is current."""
        return f"{CHUNKER_VERSION}/{self.settings.chunk_size}/{self.settings.chunk_overlap}"

    def _chunk_meta(self, chunk: Chunk, pending: bool) -> dict[str, Any]:
        return {**chunk.metadata(), "indexed_at": time.time(), "pending": pending, "chunker": self.chunker}

    def _carry(self, article_ids: set[str]) -> dict[str, list[Any]]:
        """The visible chunks of these articles from the active collection, vectors included: a
        rebuild copies them over instead of losing them."""
        empty: dict[str, list[Any]] = {"ids": [], "embeddings": [], "documents": [], "metadatas": []}
        if not article_ids or not self.active_name():
            return empty
        got = self.read_all(
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
        col = self.collection()
        redo = set(report.added + report.changed)
        wanted = {c.id: c for aid, cs in by_article.items() if aid in redo for c in cs or []}
        missing = [c for cid, c in wanted.items() if cid not in before]
        # Left pending by a crashed ingest and still wanted: already embedded, only to be unhidden.
        reuse = [c for cid, c in wanted.items() if cid in before and before[cid].get("pending")]
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
        for i in range(0, len(unmarked), 500):
            batch = unmarked[i : i + 500]
            metas = [{**self._chunk_meta(c, False), "indexed_at": before[c.id].get("indexed_at", 0.0)} for c in batch]
            col.update(ids=[c.id for c in batch], metadatas=metas)
        if not (missing or reuse or stale or self.pointer().pending):
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
        for i in range(0, len(stale), 500):
            col.delete(ids=stale[i : i + 500])
        report.chunks_deleted = len(stale)
        self._set_active()


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
