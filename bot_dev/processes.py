"""Child processes for benchmarks and tests: the environment that gives a child our settings, a
free loopback port, a server started and awaited (`opsbot serve`, `chroma run`, llama.cpp)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bot.settings import ENV_PREFIX, Settings


def env_for(settings: Settings, **override: str) -> dict[str, str]:
    """The environment that gives a child process these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    for name, value in vars(settings).items():
        if name != "admin_token":
            env[ENV_PREFIX + name.upper()] = str(value)
    env.update({ENV_PREFIX + k.upper(): v for k, v in override.items()})
    env["HF_HUB_OFFLINE"] = "1"
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def spawned(
    cmd: list[str], env: dict[str, str] | None, log_path: Path, ready_url: str, timeout: float = 180
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process (output to `log_path`), yielded once `ready_url` answers; stopped on exit."""
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        try:
            while True:
                try:
                    urllib.request.urlopen(ready_url, timeout=2).read()
                    break
                except OSError:
                    if proc.poll() is not None or time.time() > deadline:
                        tail = log_path.read_text()[-2000:]
                        raise RuntimeError(f"{' '.join(cmd[:4])} … did not start: {tail}") from None
                    time.sleep(0.3)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def served(
    env: dict[str, str], log_path: Path, timeout: float = 180, host: str | None = "127.0.0.1"
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`opsbot serve` in a child process on a free port (`host` None: its default bind address);
    yields (url, process) once the page answers on loopback."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "bot", "serve", *(["--host", host] if host else []), "--port", str(port)]
    with spawned(cmd, {**env, "PYTHONUNBUFFERED": "1"}, log_path, url, timeout) as proc:
        yield url, proc


def rss_mb(pid: int) -> float:
    """Current resident memory of a process (VmRSS), MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
