"""The same index code against a real `chroma run` server on loopback."""

from __future__ import annotations

import pytest

from bot.corpus import load_corpus
from bot.errors import IndexUnavailableError
from bot.index import Index
from bot.settings import Settings
from bot_dev.processes import free_port

pytestmark = pytest.mark.server


def test_ingest_search_and_rebuild_against_a_server(settings: Settings, chroma_url: str) -> None:
    remote = Settings(home=settings.home, corpus_dir=settings.corpus_dir, embedder="fake", chroma_url=chroma_url)
    index = Index(remote)
    report = index.ingest(load_corpus(remote.corpus_dir))
    assert report.rebuilt and index.count() == report.chunks_embedded
    assert not (remote.home / "chroma").exists()  # nothing written locally
    assert index.search("限流熔断", k=1)[0].article_id == "operations-work-explained"
    again = Index(remote).ingest(load_corpus(remote.corpus_dir))
    assert not again.changed_anything
    old = index.active_name()
    Index(remote).ingest(load_corpus(remote.corpus_dir), rebuild=True)
    assert Index(remote).active_name() != old
    assert Index(remote).search("GTM的工作囊括了新品上市方案", k=1)[0].article_id == "operations-roles"


def test_unreachable_server_says_what_to_do(settings: Settings) -> None:
    down = Settings(home=settings.home, embedder="fake", chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(IndexUnavailableError, match="chroma run"):
        Index(down).search("运营")
