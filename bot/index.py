"""Chunks → Chroma. Incremental, crash-safe ingest and dense search.

Layout in Chroma (embedded or server, same code):
- one collection per build, named `opsbot-<embedder>-<stamp>`, cosine space, no embedding
  function of Chroma's own (its default downloads a model): we always pass vectors;
- a small `opsbot-meta` collection whose metadata maps `active:<embedder>` → the collection
  that answers. A full build writes a new collection and flips that pointer only when complete,
  so a crash or Ctrl-C leaves the previous index answering.
Incremental ingest adds the new chunks before deleting the stale ones, and reads what is indexed
from the collection itself, so a crash in between is repaired by the next ingest.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from bot.chunking import chunk_article
from bot.data import Article, Chunk, Hit, IngestReport
from bot.embeddings import embedder_key, get_embeddings
from bot.errors import BotError, ConfigError, IndexUnavailableError
from bot.settings import Settings

META_COLLECTION = "opsbot-meta"
ADD_BATCH = 64  # chunks per embed+add round: bounds memory and gives progress a pulse
FIX_INGEST = "run `opsbot ingest`"

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


class Index:
    """The vector index for one embedder."""

    def __init__(self, settings: Settings, embeddings: Embeddings | None = None) -> None:
        self.settings = settings
        self.key = embedder_key(settings)
        self._embeddings = embeddings
        self._client: Any = None
        self._search_cache: tuple[tuple[str | None, str], Any, int] | None = None

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

    def pointer(self) -> tuple[str | None, str]:
        """(active collection, generation) in one read. The generation changes whenever the active
        index changes: caches derived from it (BM25, the search handle) key on it."""
        data = self._meta().metadata or {}
        name, gen = data.get(f"active:{self.key}"), data.get(f"gen:{self.key}")
        return (str(name) if name else None), (str(gen) if gen else "none")

    def active_name(self) -> str | None:
        return self.pointer()[0]

    def generation(self) -> str:
        return self.pointer()[1]

    def _set_active(self, name: str | None = None) -> None:
        """Point at `name` (None: keep the current one) and start a new generation."""
        meta = self._meta()
        data = dict(meta.metadata or {})
        if name:
            data[f"active:{self.key}"] = name
        data[f"gen:{self.key}"] = f"{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        meta.modify(metadata=data)  # replaces the whole dict, hence the copy

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

    def indexed(self) -> dict[str, dict[str, Any]]:
        """id → metadata of every chunk in the active collection ({} when there is none)."""
        if not self.active_name():
            return {}
        got = self.collection().get(include=["metadatas"])
        return dict(zip(got["ids"], got["metadatas"] or [], strict=True))

    def overview(self) -> dict[str, tuple[int, float]]:
        """article id → (chunks, when last indexed, epoch seconds)."""
        out: dict[str, tuple[int, float]] = {}
        for meta in self.indexed().values():
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
            self._search_cache = (pointer, self.vectorstore(), int(self.collection().count()))
        return self._search_cache[1], self._search_cache[2]

    def search(self, query: str, k: int = 5) -> list[Hit]:
        try:
            pairs = self._search(query, k)
        except BotError:
            raise
        except Exception:
            # A rebuild in another process flipped the pointer and dropped the old collection
            # between our read and our query: look again, once.
            self._search_cache = None
            pairs = self._search(query, k)
        return [
            Hit(
                chunk_id=str(doc.id),
                article_id=str(doc.metadata.get("article_id", "")),
                title=str(doc.metadata.get("title", "")),
                section=str(doc.metadata.get("section", "")),
                text=doc.page_content,
                score=1.0 - float(distance),  # cosine distance → similarity
            )
            for doc, distance in pairs
        ]

    def _search(self, query: str, k: int) -> list[tuple[Any, float]]:
        store, size = self._searchable()
        if size == 0:
            raise IndexUnavailableError(
                f"the index is empty: add articles to {self.settings.corpus_dir} and {FIX_INGEST}"
            )
        return store.similarity_search_with_score(query, k=min(k, size))

    # -- writing ----------------------------------------------------------------------------

    def _add(self, col: Any, chunks: list[Chunk], progress: Progress | None, done: int, total: int) -> int:
        for i in range(0, len(chunks), ADD_BATCH):
            batch = chunks[i : i + ADD_BATCH]
            vectors = self.embeddings.embed_documents([c.embedding_text() for c in batch])
            col.add(
                ids=[c.id for c in batch],
                embeddings=vectors,
                documents=[c.text for c in batch],
                metadatas=[{**c.metadata(), "indexed_at": time.time()} for c in batch],  # type: ignore[misc]
            )
            done += len(batch)
            if progress:
                progress(done, total)
        return done

    def _drop_orphans(self, keep: set[str]) -> None:
        """Collections of ours that are not active were left by an interrupted build."""
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(self._prefix()) and name not in keep:
                with contextlib.suppress(Exception):
                    self.client.delete_collection(name)

    def ingest(
        self, articles: list[Article], *, rebuild: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        started = time.perf_counter()
        with self._lock():
            active = self.active_name()
            self._drop_orphans({active} if active else set())
            before = self.indexed() if active else {}
            chunks = {a.id: chunk_article(a, self.settings.chunk_size, self.settings.chunk_overlap) for a in articles}
            report = _diff(chunks, before)
            if rebuild or not active:
                self._build(chunks, report, progress)
            else:
                self._update(chunks, before, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def _build(self, by_article: dict[str, list[Chunk]], report: IngestReport, progress: Progress | None) -> None:
        chunks = [c for cs in by_article.values() for c in cs]
        name = f"{self._prefix()}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        col = self.client.create_collection(
            name,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": self.settings.embedder, "created": time.time()},
            embedding_function=None,
        )
        try:
            report.chunks_embedded = self._add(col, chunks, progress, 0, len(chunks))
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

    def _update(
        self,
        by_article: dict[str, list[Chunk]],
        before: dict[str, dict[str, Any]],
        report: IngestReport,
        progress: Progress | None,
    ) -> None:
        col = self.collection()
        redo = set(report.added + report.changed)
        wanted = {c.id: c for aid, cs in by_article.items() if aid in redo for c in cs}
        missing = [c for cid, c in wanted.items() if cid not in before]
        report.chunks_embedded = self._add(col, missing, progress, 0, len(missing))
        touched = set(report.changed + report.removed)
        stale = [cid for cid, meta in before.items() if meta.get("article_id") in touched and cid not in wanted]
        for i in range(0, len(stale), 500):
            col.delete(ids=stale[i : i + 500])
        report.chunks_deleted = len(stale)
        report.collection = col.name
        if report.chunks_embedded or report.chunks_deleted:
            self._set_active()


def _diff(by_article: dict[str, list[Chunk]], before: dict[str, dict[str, Any]]) -> IngestReport:
    """Compare the corpus with what is indexed, by chunk ids (so a change of chunking counts too)."""
    indexed: dict[str, set[str]] = {}
    for cid, meta in before.items():
        indexed.setdefault(str(meta.get("article_id")), set()).add(cid)
    report = IngestReport()
    for aid, chunks in by_article.items():
        ids = {c.id for c in chunks}
        if aid not in indexed:
            report.added.append(aid)
        elif indexed[aid] != ids:
            report.changed.append(aid)
        else:
            report.unchanged.append(aid)
    report.removed = sorted(set(indexed) - set(by_article))
    return report
