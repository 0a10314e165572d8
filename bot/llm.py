"""Chat models behind langchain's `BaseChatModel`, chosen by name in settings.

Every real backend speaks the OpenAI chat API: a remote endpoint (`OPSBOT_LLM_URL`: vLLM, Ollama,
llama.cpp's server) directly, and a local GGUF (default: the provisioned Qwen2.5-0.5B) through
llama.cpp's own server, which xllamacpp runs inside this process on a loopback port. So there is one
code path, with streaming, for both; "fake" is langchain's fake chat model for tests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel

from bot.errors import ModelError, UnknownModel
from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_TOKENS = 320  # a short answer; the budget also bounds the wait on 2 cores
_servers: dict[str, Any] = {}
_servers_lock = threading.Lock()


def local_server_url(gguf: Path, threads: int, n_ctx: int = 4096, host: str = "127.0.0.1", port: int = 0) -> str:
    """Start (once per process) llama.cpp's server for `gguf`; by default on a free loopback port."""
    key = str(gguf)
    with _servers_lock:
        if key not in _servers:
            try:
                import xllamacpp as xlc
            except ImportError as exc:
                log.warning("xllamacpp cannot be imported: %s", exc)
                raise ModelError(f"xllamacpp is not installed ({exc}); run `pip install xllamacpp`") from exc
            params = xlc.CommonParams()
            params.model.path = key
            params.n_ctx = n_ctx
            params.cpuparams.n_threads = threads
            params.cpuparams_batch.n_threads = threads
            params.hostnames = [host]
            params.port = port  # 0: any free port
            params.verbosity = -1  # llama.cpp's per-request logs would drown ours
            params.cache_prompt = True  # the fixed system prompt is evaluated once, then reused
            try:
                _servers[key] = xlc.Server(params)
            except Exception as exc:
                log.warning("llama.cpp cannot load %s", gguf, exc_info=True)
                raise ModelError(f"cannot load {gguf} with llama.cpp ({exc}); run `opsbot models --verify`") from None
        return str(_servers[key].listening_address)


def local_gguf(settings: Settings) -> Path:
    """The GGUF that `OPSBOT_LLM` names: the provisioned Qwen or a path."""
    if settings.llm == "qwen":
        from bot.provision import QWEN, require

        return require(settings, QWEN)
    gguf = Path(settings.llm).expanduser()
    if gguf.suffix != ".gguf" or not gguf.is_file():
        raise UnknownModel(
            f"OPSBOT_LLM={settings.llm!r}: use one of {', '.join(GENERATORS)} or the path of a .gguf file"
        )
    return gguf


def _openai(settings: Settings, base_url: str, api_key: str, model: str) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url,
        api_key=api_key,  # type: ignore[arg-type]
        model=model,
        temperature=0,
        max_tokens=MAX_TOKENS,  # type: ignore[call-arg]
        timeout=settings.llm_timeout,
        max_retries=0,  # a retry doubles the wait; we fall back to the extractive answer instead
        streaming=True,
    )


def _local(settings: Settings) -> BaseChatModel:
    url = local_server_url(local_gguf(settings), settings.threads)
    return _openai(settings, f"{url}/v1", "local", "local")


def _fake(settings: Settings) -> BaseChatModel:
    from langchain_core.language_models import FakeListChatModel

    return FakeListChatModel(responses=["资料中没有相关内容。"])


# name → factory; any other OPSBOT_LLM must be a .gguf path (run locally like "qwen").
GENERATORS: dict[str, Callable[[Settings], BaseChatModel]] = {"qwen": _local, "fake": _fake}


def get_chat_model(settings: Settings) -> BaseChatModel:
    if settings.llm_url:  # a remote endpoint overrides the local choice
        return _openai(settings, settings.llm_url, settings.llm_api_key or "not-needed", settings.llm_model)
    return GENERATORS.get(settings.llm, _local)(settings)
