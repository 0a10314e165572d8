"""The corpus service the CLI and the workbench share, and the fusion it feeds (pure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.data import Hit
from bot.errors import InputError
from bot.fusion import fuse
from bot.library import Library
from bot.settings import Settings

NOTE = "# 私域运营入门\n\n私域运营是在企业微信、社群等自有渠道里长期经营用户关系，重点是复购和口碑。\n"


def test_add_update_remove_reindex_overview(settings: Settings, tmp_path: Path) -> None:
    library = Library(settings)
    first = library.reindex()
    assert first.rebuilt and first.articles == 14 and not first.skipped and first.bm25_seconds > 0
    ticks: list[tuple[int, int]] = []
    added, report = library.add_text(NOTE, "siyu", progress=lambda d, t: ticks.append((d, t)))
    article = added.article
    assert article.title == "私域运营入门" and report.added == ["siyu"] and ticks[-1] == (1, 1)
    row = next(r for r in library.overview() if r.id == "siyu")
    assert (row.title, row.chunks, row.problem) == ("私域运营入门", 1, "") and row.last_indexed > 0
    _, report = library.update("siyu", title="私域运营指南", author="小王", date="", source_url="")
    assert report.changed == ["siyu"]
    assert next(r for r in library.overview() if r.id == "siyu").title == "私域运营指南"
    _, report = library.remove("siyu")
    assert report is not None and report.removed == ["siyu"]
    assert all(r.id != "siyu" for r in library.overview())
    with pytest.raises(InputError):
        library.add_text(NOTE, "../escape")
    (settings.corpus_dir / "broken.md").write_bytes(b"%PDF-1.4 binary")
    report = library.reindex()
    assert "broken" in report.skipped
    assert next(r for r in library.overview() if r.id == "broken").problem


def test_ctrl_c_after_the_switch_only_skips_the_keyword_warm_up(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Ctrl-C while BM25 is built for the new generation (8–12 s under load, after the switch)
    said "interrupted; the index still answers as before" with the new index already answering.
    The ingest now completes and says what it did; the first question builds BM25."""
    import bot.keyword

    for name, value in (("HOME", settings.home), ("CORPUS_DIR", settings.corpus_dir), ("EMBEDDER", "fake")):
        monkeypatch.setenv(f"OPSBOT_{name}", str(value))
    monkeypatch.setenv("OPSBOT_MODELS_DIR", str(settings.models_dir))
    assert main(["ingest"]) == 0
    (settings.corpus_dir / "siyu.md").write_text(NOTE, encoding="utf-8")

    def interrupted(index: object) -> None:
        raise KeyboardInterrupt

    real = bot.keyword.load_keyword_index
    monkeypatch.setattr(bot.keyword, "load_keyword_index", interrupted)
    capsys.readouterr()
    assert main(["ingest"]) == 0
    out, err = capsys.readouterr()
    assert "新增  siyu" in out and "interrupted" not in err
    monkeypatch.setattr(bot.keyword, "load_keyword_index", real)
    assert main(["search", "私域运营入门", "--json"]) == 0
    assert any(h["article_id"] == "siyu" for h in json.loads(capsys.readouterr().out)["hits"])


def test_preview_writes_nothing(settings: Settings) -> None:
    before = sorted(p.name for p in settings.corpus_dir.iterdir())
    article, chunks = Library(settings).preview(NOTE, "siyu")
    assert article.id == "siyu" and len(chunks) == 1
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == before


def test_cli_ingest_json_reports_through_the_service(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for k, v in {"HOME": settings.home, "CORPUS_DIR": settings.corpus_dir, "EMBEDDER": "fake"}.items():
        monkeypatch.setenv(f"OPSBOT_{k}", str(v))
    assert main(["ingest", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rebuilt"] and out["articles"] == 14 and out["skipped"] == {} and out["bm25_seconds"] > 0
    assert (settings.home / "opsbot.log").is_file()  # the CLI logs under the data home


def _hit(cid: str, score: float) -> Hit:
    return Hit(cid, "a", "t", "", cid, score)


def test_fusion_is_weighted_reciprocal_rank_and_pure() -> None:
    dense = [_hit("x", 0.9), _hit("y", 0.8)]
    sparse = [_hit("y", 12.0), _hit("z", 6.0)]
    fused = fuse(dense, sparse, dense_weight=1.0, bm25_weight=0.3)
    assert [h.chunk_id for h in fused] == ["y", "x", "z"]  # found by both beats the dense winner
    y = fused[0]
    assert y.dense_score == 0.8 and y.bm25_score == 1.0 and fused[2].bm25_score == 0.5
    assert y.score == pytest.approx(1 / 62 + 0.3 / 61)
    assert [h.score for h in dense] == [0.9, 0.8] and sparse[0].score == 12.0  # inputs untouched
    assert fuse(dense, [], 1.0, 0.3)[0].chunk_id == "x" and fuse([], [], 1.0, 0.3) == []


def test_calibration_in_the_data_home_wins_over_the_shipped_table(settings: Settings) -> None:
    from bot.refusal import calibrated_threshold, calibration_entry, refusal_model

    shipped = calibration_entry(settings)
    settings.home.mkdir(parents=True, exist_ok=True)
    (settings.home / "calibration.json").write_text(json.dumps({"fake": {"refuse_below": 0.99}}), encoding="utf-8")
    assert calibrated_threshold(settings) == 0.99 and refusal_model(settings) is None
    (settings.home / "calibration.json").write_text("{not json", encoding="utf-8")  # logged, ignored
    assert calibration_entry(settings) == shipped


def test_serve_logs_one_line_to_the_terminal_and_tracebacks_to_the_file(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from bot.cli import setup_logging

    setup_logging(settings, "serve")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("bot.ui").exception("answering failed")
    setup_logging(settings, "ask")  # (drops the terminal handler again)
    err = capsys.readouterr().err
    assert "answering failed" in err and "Traceback" not in err
    assert "Traceback" in (settings.home / "opsbot.log").read_text(encoding="utf-8")


def test_reclean_keeps_the_trainers_file_name(settings: Settings, tmp_path: Path) -> None:
    """A trainer's "SaaS客户成功入门.docx" was shown as "saas客户成功入门.docx" after `opsbot add --reclean`:
    the kept copy is named by the id, and its name replaced the trainer's."""
    library = Library(settings)
    raw = tmp_path / "SaaS私域入门.md"
    raw.write_text(NOTE, encoding="utf-8")
    article = library.add_file(raw).article
    assert article.original_file == "SaaS私域入门.md"
    done, _ = library.reclean()
    assert article.id in done
    assert library.article(article.id).original_file == "SaaS私域入门.md"
