"""The eval suite: the cases are sound, each metric means what it says, the runner writes its report."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bot import evaluate as ev
from bot.answer import Answerer
from bot.cli import main
from bot.corpus import load_corpus
from bot.data import Answer, Citation, Hit
from bot.index import Index
from bot.settings import Settings
from bot.text import compact
from bot_dev.calibrate import L2_CHOICES, calibrate, leave_articles_out
from tests.conftest import CORPUS, ROOT

CASES = ev.load_cases(ROOT / "eval" / "cases.jsonl")


def test_every_evidence_span_is_in_the_corpus() -> None:
    corpus = [compact(a.body) for a in load_corpus(CORPUS)]
    missing = [(c.id, s) for c in CASES for s in c.evidence if not any(compact(s) in body for body in corpus)]
    assert missing == []


def test_the_case_set_covers_what_it_must() -> None:
    tags = Counter(t for c in CASES for t in c.tags)
    assert len(CASES) >= 80
    assert sum(not c.answerable for c in CASES) >= 10
    assert tags["follow-up"] >= 8 and tags["english"] >= 5 and tags["injection"] >= 4
    assert tags["on-topic-not-covered"] >= 5  # the most dangerous kind
    for article in load_corpus(CORPUS):
        assert tags[article.id] >= 5, article.id
    for role in ("new-media", "content-ops", "user-ops", "activity-ops", "ecommerce", "product-ops", "data-ops"):
        assert tags[role] >= 1, role
    assert all(c.history for c in CASES if "follow-up" in c.tags)


def _answer(answer: str, hits: list[str], cited: list[str], refused: bool = False) -> Answer:
    hs = [Hit(f"c{i}", "a", "T", "", t, 1.0) for i, t in enumerate(hits)]
    cs = [Citation(i + 1, f"k{i}", "a", "T", "", t) for i, t in enumerate(cited)]
    return Answer("q", "q", answer, refused, "extractive", cs, hs)


CASE = ev.Case("x", "q", evidence=["限流熔断"], key_points=["限流", "扩容"])
UNANSWERABLE = ev.Case("u", "q", answerable=False)


def test_retrieval_metrics_use_the_first_passage_with_evidence() -> None:
    a = _answer("", ["无关内容", "先 限流 熔断", "x"], [])
    assert ev.hit_at_1(CASE, a) == 0.0 and ev.hit_at_5(CASE, a) == 1.0 and ev.mrr(CASE, a) == 0.5
    assert ev.ctx_at_1200(CASE, a) == 1.0  # whitespace is ignored when matching spans
    far = _answer("", ["填充" * 700, "限流熔断"], [])
    assert ev.hit_at_5(CASE, far) == 1.0 and ev.ctx_at_1200(CASE, far) == 0.0  # beyond 1,200 characters
    assert math.isnan(ev.hit_at_1(UNANSWERABLE, a))


def test_answer_metrics() -> None:
    good = _answer("先限流熔断[1]。再扩容[2]", ["限流熔断"], ["先限流熔断，保障核心功能", "再扩容，借助弹性资源"])
    assert ev.evidence_cited(CASE, good) == 1.0
    assert ev.key_point_recall(CASE, good) == 1.0
    assert ev.faithfulness(CASE, good) == 1.0
    assert ev.citation_validity(CASE, good) == 1.0
    bad = _answer("佣金比例是三成[1]。另见[3]", ["x"], ["先限流熔断"])
    assert ev.evidence_cited(CASE, bad) == 1.0
    assert ev.faithfulness(CASE, bad) == 0.0
    assert ev.citation_validity(CASE, bad) == 0.5
    assert ev.key_point_recall(CASE, bad) == 0.0


def test_honesty_metrics() -> None:
    refused = _answer("抱歉", [], [], refused=True)
    assert ev.refusal_accuracy(UNANSWERABLE, refused) == 1.0 and math.isnan(
        ev.false_refusal_rate(UNANSWERABLE, refused)
    )
    assert ev.false_refusal_rate(CASE, refused) == 1.0 and math.isnan(ev.refusal_accuracy(CASE, refused))
    assert math.isnan(ev.faithfulness(CASE, refused))


def test_gates() -> None:
    summary = {"hit@1": 0.8, "false_refusal_rate": 0.1, "total_p95_ms": 300.0}
    assert ev.check_gates(summary, ev.parse_gates(["hit@1=0.7", "false_refusal_rate=0.2"])) == []
    failures = ev.check_gates(summary, {"hit@1": 0.9, "false_refusal_rate": 0.05, "total_p95_ms": 200})
    assert len(failures) == 3 and "hit@1 = 0.800 is below the gate 0.9" in failures[0]
    with pytest.raises(Exception, match="METRIC=VALUE"):
        ev.parse_gates(["hit@1"])


def test_cases_file_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "cases.jsonl"
    bad.write_text('{"id": "a", "question": "q", "answerable": true, "evidence": ["x"], "extra": 1}\n{oops\n')
    with pytest.raises(Exception, match="cases.jsonl:2"):
        ev.load_cases(bad)


def test_runner_writes_report_and_gates(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Index(settings).ingest(load_corpus(settings.corpus_dir))
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join(json.dumps(c.__dict__, ensure_ascii=False) for c in CASES[:6]), encoding="utf-8")
    for k, v in {"HOME": settings.home, "CORPUS_DIR": settings.corpus_dir, "EMBEDDER": "fake"}.items():
        monkeypatch.setenv(f"OPSBOT_{k}", str(v))
    out = tmp_path / "out"
    args = [
        "eval",
        "--cases",
        str(cases),
        "--out",
        str(out),
        "--baseline",
        str(tmp_path / "baseline.json"),
        "--gates",
        str(tmp_path / "no-gates.json"),
    ]
    assert main([*args, "--write-baseline", "--fail-under", "citation_validity=1.0"]) == 0
    for name in ("answers.jsonl", "report.json", "report.md", "report.png"):
        assert (out / name).stat().st_size > 0
    rows = [json.loads(line) for line in (out / "answers.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [c.id for c in CASES[:6]] and "rewritten_question" in rows[0]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report["summary"]) >= set(ev.METRICS)
    assert main([*args, "--fail-under", "hit@1=1.01"]) == 1  # a gate that cannot pass fails the run
    assert "GATE FAILED: hit@1" in capsys.readouterr().err
    again = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert again["baseline_diff"] == {"better": [], "worse": []}


def test_calibration_separates_the_two_kinds(settings: Settings) -> None:
    Index(settings).ingest(load_corpus(settings.corpus_dir))
    result = calibrate([c for c in CASES if c.id in {"ow-01", "ro-01", "un-01", "un-03"}], Answerer(settings))
    assert 0 <= result["refuse_below"] <= 1 and result["dev_cases"] == 4
    # The model ships only when it beats the threshold out of sample (leave-one-out on dev).
    assert ("refusal_model" in result) == (
        result["model_balanced_accuracy_dev_loo"] > result["threshold_balanced_accuracy_dev_loo"]
    )
    assert result["l2"] in L2_CHOICES


def test_leave_articles_out_refits_without_each_article(settings: Settings) -> None:
    Index(settings).ingest(load_corpus(settings.corpus_dir))
    ids = {"ow-01", "ow-02", "ro-01", "ro-02", "un-01", "un-03"}
    cases = [replace(c, split="dev") for c in CASES if c.id in ids]
    rows = leave_articles_out(cases, Answerer(settings))
    assert {r["article"] for r in rows} == {"operations-work-explained", "operations-roles"}
    for r in rows:
        assert r["cases"] == 2 and r["dev_cases_used"] == 4  # its own two cases left out of the fit
        assert 0 <= r["false_refusals_without_it"] <= 1
