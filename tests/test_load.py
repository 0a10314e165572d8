"""Many people chatting at once, against a real `opsbot serve` on loopback: no errors, no answer or
citation leaking between sessions, memory flat. (The fake embedder keeps this fast; `opsbot bench
--concurrent` measures the real stack.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot_dev.bench import run_load
from bot_dev.processes import served

pytestmark = pytest.mark.server
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[tuple[str, int]]:
    root = tmp_path_factory.mktemp("load")
    shutil.copytree(CORPUS, root / "corpus")
    env = {
        **os.environ,
        "OPSBOT_HOME": str(root / "home"),
        "OPSBOT_CORPUS_DIR": str(root / "corpus"),
        "OPSBOT_MODELS_DIR": str(models_dir),
        "OPSBOT_EMBEDDER": "fake",
    }
    env.pop("OPSBOT_HOST", None)  # the default bind address is part of what is tested
    subprocess.run([sys.executable, "-m", "bot", "ingest"], env=env, check=True, capture_output=True, timeout=300)
    with served(env, root / "serve.log", host=None) as (url, proc):
        yield url, proc.pid


def _listening(port: int) -> set[str]:
    """Local addresses listening on `port` (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.rsplit(":", 1)
            if state == "0A" and int(p, 16) == port:  # 0A: LISTEN
                found.add(addr)
    return found


def test_server_binds_loopback_by_default(server: tuple[str, int]) -> None:
    port = int(server[0].rstrip("/").rsplit(":", 1)[1])
    assert _listening(port) == {"0100007F"}  # 127.0.0.1, and nothing else


def test_twenty_concurrent_sessions(server: tuple[str, int]) -> None:
    url, pid = server
    r = run_load(url, pid, sessions=20, seconds=20, log=lambda _: None)
    assert r["errors"] == [] and r["mismatches"] == []
    assert r["requests"] >= 60  # every session got answers, not just a few
    # Memory flat: what a run of ~20 s adds is bounded (sessions' state, caches), not growing per request.
    assert r["rss_mb"]["max"] - r["rss_mb"]["start"] < 150, r["rss_mb"]
