"""The scale-out deployment from the README, for real on loopback: `chroma run` holds the index,
`opsbot llm-server` (llama.cpp's OpenAI-compatible server) generates, and the bot is a separate
process pointed at both by OPSBOT_CHROMA_URL and OPSBOT_LLM_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot_dev.processes import free_port, spawned
from tests.conftest import keep_project_articles

pytestmark = [pytest.mark.server, pytest.mark.real]


@pytest.fixture(scope="module")
def llm_url(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("llm-server") / "server.log"
    env = {**os.environ, "OPSBOT_MODELS_DIR": str(models_dir), "OPSBOT_THREADS": "2"}
    url = f"http://127.0.0.1:{port}/v1"
    cmd = [sys.executable, "-m", "bot", "llm-server", "--port", str(port)]
    with spawned(cmd, env, log_path, f"{url}/models", timeout=120) as proc:
        yield url, proc  # (the test stops it itself; stopping a stopped process is harmless)


def _opsbot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, capture_output=True, text=True, timeout=600)


def test_bot_against_chroma_server_and_llm_server(
    tmp_path: Path, corpus_copy: Path, models_dir: Path, chroma_url: str, llm_url: tuple[str, subprocess.Popen]
) -> None:
    keep_project_articles(corpus_copy)  # (this checks the wiring; the answer it looks for is the fake's)
    env = {
        **os.environ,
        "OPSBOT_HOME": str(tmp_path / "home"),
        "OPSBOT_CORPUS_DIR": str(corpus_copy),
        "OPSBOT_MODELS_DIR": str(models_dir),
        "OPSBOT_EMBEDDER": "fake",
        "OPSBOT_CHROMA_URL": chroma_url,
        "OPSBOT_LLM_URL": llm_url[0],
    }
    ingest = _opsbot(env, "ingest", "--json")
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["chunks_embedded"] > 50
    assert not (tmp_path / "home" / "chroma").exists()  # the index lives in the Chroma server

    done = _opsbot(env, "ask", "--mode", "llm", "--json", "双11服务器扛不住了怎么办？")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["mode"] == "llm" and not answer["refused"] and answer["citations"]
    assert "不可用" not in answer["notice"]  # the LLM server answered (a fallback would say so)

    # The LLM server goes down: the bot still answers, from the passages, and says why.
    llm_url[1].terminate()
    llm_url[1].wait(30)
    down = _opsbot(env, "ask", "--mode", "llm", "--json", "双11服务器扛不住了怎么办？")
    assert down.returncode == 0, down.stderr
    fallback = json.loads(down.stdout)
    assert "生成模型不可用" in fallback["notice"] and fallback["citations"] and "双11" in fallback["answer"]
