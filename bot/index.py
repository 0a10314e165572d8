"""Reading the index: the Chroma client, which collection answers, dense search, chunk reads
(writing, the crash-safe ingest protocol, is bot/ingest.py).

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

import logging
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from bot.data import Article, Hit, IngestReport
from bot.embeddings import embedder_key, get_embeddings
from bot.errors import BotError, ConfigError, IndexUnavailableError
from bot.settings import Settings

META_COLLECTION = "opsbot-meta"
VISIBLE = {"pending": {"$ne": True}}  # chunks a reader may see (no `pending` key counts as visible)
READ_PAGE = 5000  # chunks per `get`: SQLite limits the variables of one query
FIX_INGEST = "请运行 `opsbot ingest`"
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
            log.warning("Chroma server %s unreachable: %r", settings.chroma_url, exc)
            raise IndexUnavailableError(
                f"cannot reach the Chroma server at {settings.chroma_url} ({exc.__class__.__name__}); "
                "start it with `chroma run --path DIR --host 127.0.0.1 --port 8000` or unset OPSBOT_CHROMA_URL"
            ) from None
        return client
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:
        log.warning("cannot open the index at %s", settings.chroma_path, exc_info=True)
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

    def _prefix(self) -> str:
        return f"opsbot-{self.key}-"

    def collection(self) -> Any:
        name = self.active_name()
        if not name:
            raise IndexUnavailableError(f"还没有为嵌入模型 {self.settings.embedder} 建立索引：{FIX_INGEST}")
        try:
            return self.client.get_collection(name, embedding_function=None)
        except Exception:
            log.warning("the active collection %s cannot be opened", name, exc_info=True)
            raise IndexUnavailableError(f"索引 {name} 缺失或损坏：请运行 `opsbot ingest --rebuild` 重建") from None

    def vectorstore(self) -> Any:
        """The active collection as a langchain VectorStore (what retrievers build on)."""
        from langchain_chroma import Chroma

        return Chroma(
            client=self.client,
            collection_name=self.collection().name,
            embedding_function=self.embeddings,
            create_collection_if_not_exists=False,
        )

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
                page=int(doc.metadata.get("page", 0) or 0),
                last_page=int(doc.metadata.get("last_page", 0) or 0),
            )
            for doc, distance in pairs
        ]

    def _search(self, vector: list[float], k: int) -> list[tuple[Any, float]]:
        store, size = self._searchable()
        if size == 0:
            raise IndexUnavailableError(f"索引是空的：请先添加文章，再{FIX_INGEST.removeprefix('请')}")
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

    def ingest(
        self,
        articles: list[Article],
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        keep: Iterable[str] = (),
    ) -> IngestReport:
        """Index `articles` (bot/ingest.py has the protocol); a convenience for `IndexWriter(self)`."""
        from bot.ingest import IndexWriter

        return IndexWriter(self).ingest(articles, rebuild=rebuild, progress=progress, keep=keep)
