"""`opsbot bench`: the figures are produced and shaped right (fake models: the speed itself is
measured by running the command, never asserted here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chunking import chunk_article
from bot.corpus import load_corpus
from bot.settings import Settings
from bot_dev import bench

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_stats_are_nearest_rank_like_the_eval() -> None:
    s = bench.stats([float(x) for x in range(1, 101)])
    assert s == {"p50": 50.0, "p95": 95.0, "n": 100}
    assert bench.stats([])["n"] == 0


def test_questions_are_answerable_and_standalone() -> None:
    qs = bench.questions(40)
    assert len(qs) == 40 and all(q.strip() for q in qs)


def test_synthetic_corpus_is_varied_and_sized_like_real_articles() -> None:
    seeds = load_corpus(CORPUS)
    articles = bench.synth_corpus(seeds, 50)
    assert len({a.id for a in articles}) == 50
    assert len({a.body for a in articles}) == 50  # no two identical
    chunks = [len(chunk_article(a)) for a in articles]
    real = [len(chunk_article(a)) for a in seeds]
    assert 0.5 * min(real) <= sum(chunks) / len(chunks) <= 1.5 * max(real)
    # the same seed gives the same corpus: a scale run is repeatable
    assert [a.body for a in bench.synth_corpus(seeds, 5)] == [a.body for a in articles[:5]]


def test_bench_runs_end_to_end_with_fakes(settings: Settings) -> None:
    settings.llm = "fake"
    logged: list[str] = []
    r = bench.run(settings, n_questions=3, textbook_llm_questions=1, log=logged.append)
    s = r["summary"]
    assert r["ingest"]["chunks"] > 50 and r["ingest"]["bare_chunks_per_s"] > 0
    assert r["extractive"]["retrieve_ms"]["n"] == 3 and r["llm"]["llm_total_s"]["n"] == 3
    assert r["textbook"]["retrieve_ms"]["n"] == 3 and r["textbook"]["llm_ttft_s"]["n"] == 1
    assert 0 < s["peak_rss_mb"] < 24_000 and s["noop_reingest_s"] > 0
    text = bench.table(r)
    assert "| retrieval p50, ms |" in text and "ours/textbook" in text
    assert any("textbook" in line for line in logged)
    assert not list(settings.home.glob("opsbot-bench-*"))  # its temporary home is gone


def test_scale_run_goes_through_the_normal_ingest(settings: Settings) -> None:
    r = bench.run_scale(settings, 12, n_questions=3, log=lambda _: None)
    assert r["articles"] == 12 and r["chunks"] > 60
    assert r["second_process"]["bm25_ready_s"] >= 0 and r["bm25_mb_on_disk"] > 0 and r["bm25_build_s"] > 0
    assert r["chroma_mb"] > 0 and r["after_add"]["retrieve_ms"]["n"] == 3
    assert "| articles / chunks | 12 /" in bench.scale_table(r)


def test_a_timed_answer_retrieves_its_question_anew(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench times retrieval, then the whole answer to the same question: the retrieval memo must
    not hand the answer the retrieval just timed (the answer p50 read 13 ms, not ~110 ms)."""
    from bot.answer import Answerer
    from bot.corpus import load_corpus
    from bot.index import Index
    from bot_dev.bench import timed_answers

    Index(settings).ingest(load_corpus(settings.corpus_dir))
    answerer = Answerer(settings)
    searched: list[str] = []
    real = answerer.searcher._retrieve
    monkeypatch.setattr(answerer.searcher, "_retrieve", lambda q, k, *more: searched.append(q) or real(q, k, *more))
    timed_answers(answerer, ["限流熔断是什么？"])
    assert searched.count("限流熔断是什么？") >= 2, searched
