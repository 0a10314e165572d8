"""Chat models behind langchain's `BaseChatModel`, chosen by name in settings.

Every real backend speaks the OpenAI chat API: a remote endpoint (`OPSBOT_LLM_URL`: vLLM, Ollama,
llama.cpp's server) directly, and a local GGUF (default: the provisioned Qwen2.5-0.5B) through
llama.cpp's own server, which xllamacpp runs inside this process on a loopback port. So there is one
code path, with streaming, for both; "fake" is langchain's fake chat model for tests.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel

from bot.errors import ModelError
from bot.settings import Settings

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
                raise ModelError(f"cannot load {gguf} with llama.cpp ({exc}); run `opsbot models --verify`") from None
        return str(_servers[key].listening_address)


def local_gguf(settings: Settings) -> Path:
    """The GGUF that `OPSBOT_LLM` names: the provisioned Qwen or a path."""
    if settings.llm == "qwen":
        from bot.provision import QWEN, require

        return require(settings, QWEN)
    gguf = Path(settings.llm).expanduser()
    if gguf.suffix != ".gguf" or not gguf.is_file():
        raise ModelError(f"OPSBOT_LLM={settings.llm!r}: expected 'qwen', 'fake' or the path of a .gguf file")
    return gguf


def get_chat_model(settings: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    common: dict[str, Any] = {
        "temperature": 0,
        "max_tokens": MAX_TOKENS,
        "timeout": settings.llm_timeout,
        "max_retries": 0,  # a retry doubles the wait; we fall back to the extractive answer instead
        "streaming": True,
    }
    if settings.llm_url:
        return ChatOpenAI(
            base_url=settings.llm_url,
            api_key=os.environ.get("OPSBOT_LLM_API_KEY", "not-needed"),  # type: ignore[arg-type]
            model=settings.llm_model,
            **common,
        )
    if settings.llm == "fake":
        from langchain_core.language_models import FakeListChatModel

        return FakeListChatModel(responses=["资料中没有相关内容。"])
    url = local_server_url(local_gguf(settings), settings.threads)
    return ChatOpenAI(base_url=f"{url}/v1", api_key="local", model="local", **common)  # type: ignore[arg-type]
