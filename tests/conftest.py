from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings
from bot_dev.processes import free_port, spawned

ROOT = Path(__file__).resolve().parent.parent
RAW = Path(__file__).resolve().parent / "fixtures" / "raw"
CORPUS = ROOT / "corpus"


def raw_file(prefix: str) -> Path:
    return next(RAW.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """Where `opsbot models` provisioned the real models (the user's data home, not a temp dir)."""
    return Settings.from_env().models_dir


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture
def settings(tmp_path: Path, corpus_copy: Path, models_dir: Path) -> Settings:
    """Fast, offline settings: fake embedder, private data home, a copy of the shipped corpus."""
    return Settings(home=tmp_path / "home", corpus_dir=corpus_copy, models_dir=models_dir, embedder="fake")


def keep_project_articles(corpus_dir: Path) -> None:
    """Leave in `corpus_dir` only the five articles the project started from (their raw files are
    in fixtures/raw). Tests that need a particular answer from the fake embedder read these: an
    article added later reshuffles the fake's ranking under them (a content-ops FAQ headed
    "……怎么办？" outranks the 双11 passage for "双11服务器扛不住了怎么办？"), and ranking over the
    whole corpus is what the eval measures, with the real model."""
    from bot.corpus import load_corpus

    raws = {p.name for p in RAW.iterdir()}
    for article in load_corpus(corpus_dir):
        if article.original_file not in raws:
            (corpus_dir / f"{article.id}.md").unlink()


@pytest.fixture
def project_settings(settings: Settings) -> Settings:
    """`settings` with only the five project articles (`keep_project_articles`)."""
    keep_project_articles(settings.corpus_dir)
    return settings


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on a free loopback port; one per test module (each starts empty)."""
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    url = f"http://127.0.0.1:{port}"
    cmd = [chroma, "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)]
    with spawned(cmd, None, data / "server.log", f"{url}/api/v2/heartbeat", timeout=60):
        yield url
