"""The trainers' workbench without a browser (issue 14): update with a diff, ids from titles,
impact preview in words, corpus gaps → trainer cases → `opsbot eval`, export, progress."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.corpus import derive_id, safe_id
from bot.errors import InputError
from bot.index import Index
from bot.settings import Settings
from bot.store import Gaps, Store, bigrams, similar
from bot.ui import ChatApp
from tests.conftest import CORPUS
from tests.test_ui import TOKEN, last

SIYU = (
    "---\nauthor: 小黑哥\ndate: 2024-10-11\nsource_url: https://example.com/siyu\n---\n\n# 私域运营入门\n\n"
    "## 私域运营的定义\n\n私域运营是在企业微信、社群等自有渠道里长期经营用户关系，重点是复购和口碑。\n\n"
    "## 社群搭建的三个步骤\n\n1. 定位：想清楚社群为谁服务。\n2. 拉新：从老客户里邀请第一批成员。\n"
    "3. 促活：每周固定做一次话题活动。\n\n## 常见误区\n\n只拉群不运营，群很快就变成广告群。\n"
)


@pytest.fixture
def app(settings: Settings, tmp_path: Path) -> ChatApp:
    from bot.corpus import load_corpus

    Index(settings).ingest(load_corpus(settings.corpus_dir))
    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    cases = [
        {"id": "c1", "question": "私域运营的重点是什么？", "evidence": ["重点是复购和口碑"], "key_points": ["复购"]},
        {"id": "c2", "question": "限流熔断怎么做？", "evidence": ["限流"], "key_points": ["限流"]},
        {"id": "c3", "question": "今天天气怎么样？", "answerable": False},
    ]
    (eval_dir / "cases.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), "utf-8")
    return ChatApp(Settings(**{**settings.__dict__, "admin_token": TOKEN, "eval_dir": eval_dir}))


# -- ids ------------------------------------------------------------------------------------------


def test_ids_may_be_chinese_or_derived_from_the_title(app: ChatApp) -> None:
    assert safe_id("私域社群") == "私域社群"
    assert derive_id("社群搭建：三个步骤（2024版）") == "社群搭建-三个步骤-2024版"
    assert derive_id("运营", ["运营"]) == "运营-2"
    status, added = app.add_article(SIYU, "", "")  # no id: from the title
    assert added == "私域运营入门" and (app.settings.corpus_dir / "私域运营入门.md").is_file()
    assert "id：私域运营入门" in status
    _, again = app.add_article(SIYU.replace("# 私域运营入门", "# 私域运营入门\n\n（第二版）"), "", "")
    assert again == "私域运营入门-2"


def test_an_existing_id_is_refused_in_chinese_with_the_way_to_replace_it(app: ChatApp) -> None:
    app.add_article(SIYU, "siyu", "")
    with pytest.raises(InputError) as err:
        app.add_article(SIYU.replace("复购和口碑", "复购"), "siyu", "")
    message = str(err.value)
    assert "已经存在" in message and "上传新版本" in message
    assert "--force" not in message and "/" not in message and "exists" not in message


# -- update with a diff ---------------------------------------------------------------------------


def test_a_new_version_that_is_another_article_is_flagged(app: ChatApp) -> None:
    app.add_article(SIYU, "siyu", "")
    other = (CORPUS / "operations-roles.md").read_text(encoding="utf-8")
    shown, changes, _ = app.update_preview("siyu", other)
    assert changes and "没有一段相同或相近的内容" in shown  # (still allowed: the trainer decides)
    same_article, _, _ = app.update_preview("siyu", SIYU.replace("重点是复购和口碑", "重点是复购"))
    assert "没有一段相同或相近的内容" not in same_article


def test_update_preview_then_replace_embeds_only_what_changed_and_keeps_metadata(app: ChatApp) -> None:
    app.add_article(SIYU, "siyu", "")
    before = app.library.article("siyu")
    new = (
        SIYU.split("---\n\n", 1)[1]  # the new file has no front matter: author, date, source are kept
        .replace("重点是复购和口碑", "重点是复购、口碑和转介绍")
        .replace("## 常见误区\n\n只拉群不运营，群很快就变成广告群。\n", "")
        + "\n## 衡量指标\n\n看群活跃率和复购率。\n"
    )
    plan = app.library.plan_update("siyu", new)
    assert [len(plan.added), len(plan.removed), len(plan.changed)] == [2, 2, 1]  # (heading + paragraph)
    assert plan.changed[0] == (
        "私域运营是在企业微信、社群等自有渠道里长期经营用户关系，重点是复购和口碑。",
        "私域运营是在企业微信、社群等自有渠道里长期经营用户关系，重点是复购、口碑和转介绍。",
    )
    assert plan.embed == 2 and plan.keep >= 1 and plan.drop == 2
    shown, changes, stored = app.update_preview("siyu", new)
    assert changes and "修改 1 段" in shown and "<ins>" in shown and "<del>" in shown
    assert "重新嵌入 2 个片段" in shown
    assert (app.settings.corpus_dir / "siyu.md").read_text(encoding="utf-8").count("复购和口碑") == 1  # unchanged

    msg = app.replace_article("siyu", new, expected=stored)
    assert "新嵌入 2 个片段" in msg and "移除 2 个" in msg
    after = app.library.article("siyu")
    assert (after.title, after.author, after.date, after.source_url) == (
        before.title,
        before.author,
        before.date,
        before.source_url,
    )
    assert "转介绍" in after.body and "常见误区" not in after.body
    kept = sorted(p.name for p in (app.settings.home / "versions").glob("siyu.*"))
    assert len(kept) == 2 and ".original." in kept[1]  # the old version is kept, and the file it came from
    assert kept[0].split(".")[1] == kept[1].split(".")[1]  # (one time in both names: they pair)
    _, _, answer = last(app, "私域运营怎么衡量？")
    assert answer is not None and any(c["article_id"] == "siyu" for c in answer["citations"])
    # The same file again: nothing to replace.
    shown, changes, _ = app.update_preview("siyu", new)
    assert not changes and "内容相同" in shown
    with pytest.raises(InputError, match="被改过了"):  # compared against a version that is gone
        app.replace_article("siyu", SIYU, expected=stored)


def test_a_new_version_that_states_its_own_title_and_author_keeps_them(app: ChatApp) -> None:
    app.add_article(SIYU, "siyu", "")
    plan = app.library.plan_update("siyu", "---\nauthor: 小白\n---\n\n# 私域运营手册\n\n私域运营重在复购。\n")
    assert (plan.new.title, plan.new.author, plan.new.date) == ("私域运营手册", "小白", "2024-10-11")


# -- impact preview -------------------------------------------------------------------------------


def test_impact_preview_shows_changed_answers_side_by_side_and_asks_the_headings(app: ChatApp) -> None:
    app.start_reference()  # (at login, in the background)
    deadline = time.time() + 60
    while not app.snapshots.load() and time.time() < deadline:  # (the trainer is still reading the page)
        time.sleep(0.1)
    _, added = app.add_article(SIYU, "siyu", "")
    report = app.impact(added)
    assert "个问题的回答变了" in report and "私域运营的重点是什么？" in report
    assert "改动前的回答" in report and "现在的回答" in report and "变好了" in report
    assert "按《私域运营入门》的小节提问" in report
    assert "社群搭建的三个步骤是什么？" in report and "引用了这篇文章" in report
    assert "c1" not in report and "hit@1" not in report  # no case ids or metric names
    assert "没有一个回答变化" in app.impact()  # the reference moved on


def test_a_change_right_after_login_does_not_wait_for_the_reference(app: ChatApp) -> None:
    app.start_reference()
    app.add_article(SIYU, "siyu", "")  # the recording gives up at once (a trainer never waits ~25 s)
    assert not app.snapshots.load()
    assert "第一次预览" in app.impact("siyu")  # … so the first preview says it has nothing to compare


def test_heading_questions_drop_numbering() -> None:
    from bot.data import Article
    from bot.impact import heading_questions

    body = "## 一、社群搭建的三个步骤\n\n正文。\n\n## 第二步：拉新\n\n正文。\n\n### （3）为什么要促活？\n\n正文。"
    assert heading_questions(Article("a", "t", body)) == [
        "社群搭建的三个步骤是什么？",
        "拉新是什么？",
        "为什么要促活？",
    ]


# -- corpus gaps → trainer cases → eval ---------------------------------------------------------


def test_refusals_and_dislikes_become_grouped_gaps_with_the_nearest_articles(app: ChatApp) -> None:
    strict = ChatApp(Settings(**{**app.settings.__dict__, "refuse_below": 0.99}))  # (the fake embedder's scores)
    for q in ["今天天气怎么样？", "今天的天气怎么样", "明天股票会涨吗？"]:
        _, _, answer = last(strict, q)
        assert answer is not None and answer["refused"], q
    disliked = app.api_ask("新媒体运营对什么负责？")
    app.give_feedback(disliked, False, "", "10.0.0.1")
    app.give_feedback(app.api_ask("用户运营做什么？"), True, "", "10.0.0.1")  # a 👍 is not a gap
    rows, info, choices = app.gap_groups()
    assert "共 3 组" in info
    assert rows[0][1].startswith("新媒体运营对什么负责") and rows[0][3] == "被点踩 1"
    weather = next(r for r in rows if "天气" in r[1])
    assert weather[2] == 2 and "另有 1 种问法" in weather[1] and weather[3] == "答不上来 2"
    assert weather[4] != "—"  # the nearest articles, by title
    gaps = Gaps(Store(app.settings.db_path)).entries()
    assert all(set(g) == {"id", "time", "kind", "question", "nearest", "handled"} for g in gaps)  # no who

    # One becomes a trainer case: picked from the list, evidence chosen from the passages.
    choice = next(value for label, value in choices if "新媒体" in label)
    choices = app.evidence_choices(json.loads(choice)["q"])
    assert choices and all(label == f"《{label[1:].split('》')[0]}》{s}" and len(s) >= 6 for label, s in choices)
    sentences = [s for _, s in choices]
    msg = app.save_case("新媒体运营对什么负责？", "内容\n粉丝", [sentences[0]], False, choice)
    assert "已保存评测用例 tr-" in msg
    rows, info, _ = app.gap_groups()
    assert "共 2 组" in info and all("新媒体" not in r[1] for r in rows)  # closed
    with pytest.raises(InputError, match="证据"):
        app.save_case("没有证据的问题？", "", [], False, "")
    assert "tr-" in app.save_case("今天天气怎么样？", "", [], True, "")  # an off-corpus case needs none
    assert len(app.trainer_cases.entries()) == 2
    app.save_case("今天天气怎么样？", "", [], True, "")  # the same question again: the same case, rewritten
    assert len(app.trainer_cases.entries()) == 2


def test_gap_grouping_by_wording() -> None:
    def alike(a: str, b: str) -> bool:
        return similar(bigrams(a), bigrams(b))

    assert alike("怎么召回流失用户？", "流失用户如何召回")
    assert alike("运营和运行有什么区别", "运营与运行的区别是什么")
    assert not alike("用户运营做什么", "活动运营做什么")
    assert not alike("私域流量怎么做", "私域运营怎么做")


def test_gaps_are_paged_newest_first(tmp_path: Path) -> None:
    gaps = Gaps(Store(tmp_path / "db.sqlite"))
    questions = ["".join(chr(0x4E00 + n * 41 + k) for k in range(4)) for n in range(45)]  # unlike each other
    for q in questions:
        gaps.add(q, "refused", [])
    first = gaps.groups(1, 20)
    assert (first.total, first.pages) == (45, 3) and first.rows[0]["question"] == questions[-1]
    assert gaps.groups(3, 20).rows[-1]["question"] == questions[0]


def test_opsbot_eval_runs_trainer_cases_and_exports_them(app: ChatApp, tmp_path: Path, monkeypatch) -> None:
    app.trainer_cases.add("私域运营的重点是什么？", ["复购"], ["重点是复购和口碑"])
    app.add_article(SIYU, "siyu", "")
    for k, v in {
        "OPSBOT_HOME": app.settings.home,
        "OPSBOT_CORPUS_DIR": app.settings.corpus_dir,
        "OPSBOT_EMBEDDER": "fake",
    }.items():
        monkeypatch.setenv(k, str(v))
    cases = app.settings.eval_dir / "cases.jsonl"
    out = tmp_path / "out"
    args = ["eval", "--cases", str(cases), "--out", str(out), "--baseline", str(tmp_path / "none.json")]
    assert main([*args, "--gates", str(tmp_path / "none.json")]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["cases"] == 4 and report["by_split"]["trainer"]["cases"] == 1
    assert main(["eval", "--cases", str(cases), "--export-trainer-cases"]) == 0
    exported = (cases.parent / "trainer_cases.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(exported[0])["id"].startswith("tr-") and json.loads(exported[0])["split"] == "trainer"
    assert main([*args, "--gates", str(tmp_path / "none.json")]) == 0  # exported and in the db: run once
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["cases"] == 4


def test_opsbot_export_writes_csv_and_jsonl(app: ChatApp, tmp_path: Path, monkeypatch) -> None:
    answer = app.api_ask("新媒体运营对什么负责？")
    app.add_note(app.give_feedback(answer, False, "", "10.0.0.1"), "没说 KPI", "10.0.0.1")
    last(ChatApp(Settings(**{**app.settings.__dict__, "refuse_below": 0.99})), "今天天气怎么样？")
    app.trainer_cases.add("新媒体运营对什么负责？", ["内容"], ["内容"])
    monkeypatch.setenv("OPSBOT_HOME", str(app.settings.home))
    assert main(["export", "--out", str(tmp_path / "x")]) == 0
    with (tmp_path / "x" / "feedback.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["comment"] == "没说 KPI" and rows[0]["liked"] == "False"
    with (tmp_path / "x" / "gaps.csv").open(encoding="utf-8-sig") as f:
        kinds = sorted(r["kind"] for r in csv.DictReader(f))
    assert kinds == ["disliked", "refused"]
    assert main(["export", "--format", "jsonl", "--out", str(tmp_path / "y")]) == 0
    case = json.loads((tmp_path / "y" / "trainer_cases.jsonl").read_text(encoding="utf-8"))
    assert case["question"] == "新媒体运营对什么负责？" and case["evidence"] == ["内容"]


# -- progress -------------------------------------------------------------------------------------


def test_ingest_progress_starts_at_zero_and_moves_per_batch(settings: Settings) -> None:
    from bot.corpus import load_corpus
    from bot.ingest import ADD_BATCH, ADD_BATCH_MIN, ADD_STEPS, add_batch

    ticks: list[tuple[int, int]] = []
    Index(settings).ingest(load_corpus(settings.corpus_dir), progress=lambda d, t: ticks.append((d, t)))
    total = ticks[0][1]
    assert ticks[0] == (0, total) and ticks[-1] == (total, total)
    assert len(ticks) == 1 + -(-total // add_batch(total)) and total > add_batch(total)
    # A big job embeds in large calls; a small one still moves in about ADD_STEPS steps.
    assert add_batch(10_000) == ADD_BATCH and add_batch(20) == ADD_BATCH_MIN and add_batch(160) == 160 // ADD_STEPS


# -- review findings ------------------------------------------------------------------------------


def test_a_replace_whose_indexing_fails_puts_the_old_version_back(app: ChatApp, monkeypatch) -> None:
    from bot.errors import IndexUnavailableError

    app.add_article(SIYU, "siyu", "")
    stored = (app.settings.corpus_dir / "siyu.md").read_text(encoding="utf-8")
    new = SIYU.replace("复购和口碑", "复购、口碑和转介绍")

    def busy(*_: object) -> None:
        raise IndexUnavailableError("另一个索引任务正在运行")

    monkeypatch.setattr(app.library, "_reindex", busy)
    with pytest.raises(IndexUnavailableError):
        app.replace_article("siyu", new)
    assert (app.settings.corpus_dir / "siyu.md").read_text(encoding="utf-8") == stored
    monkeypatch.undo()
    _, changes, _ = app.update_preview("siyu", new)
    assert changes  # the retry still has something to replace


def test_a_new_version_keeps_its_first_heading_and_finds_its_title_however_written(app: ChatApp) -> None:
    app.add_article(SIYU, "siyu", "")
    body_only = SIYU.split("# 私域运营入门\n\n", 1)[1]  # no title line: the stored title stands
    plan = app.library.plan_update("siyu", body_only)
    assert plan.new.title == "私域运营入门" and plan.removed == [] and plan.same
    crlf = "---\r\nTitle: 私域运营进阶\r\n---\r\n\r\n" + body_only.replace("\n", "\r\n")
    assert app.library.plan_update("siyu", crlf).new.title == "私域运营进阶"
    assert app.library.plan_update("siyu", "私域运营入门\n\n" + body_only).same  # a first line repeating it


def test_export_of_trainer_cases_merges_and_needs_a_database(app: ChatApp, tmp_path: Path) -> None:
    from bot.evaluate import export_trainer_cases

    cases = tmp_path / "e" / "cases.jsonl"
    cases.parent.mkdir()
    other = {"id": "tr-elsewhere", "question": "别处的问题？", "answerable": False, "split": "trainer"}
    (cases.parent / "trainer_cases.jsonl").write_text(json.dumps(other, ensure_ascii=False) + "\n", "utf-8")
    with pytest.raises(InputError, match="数据库不存在"):
        export_trainer_cases(tmp_path / "none.db", cases)
    app.trainer_cases.add("本地的问题？", [], [], answerable=False)
    export_trainer_cases(app.settings.db_path, cases)
    ids = [json.loads(x)["id"] for x in (cases.parent / "trainer_cases.jsonl").read_text("utf-8").splitlines()]
    assert "tr-elsewhere" in ids and len(ids) == 2


def test_csv_export_never_hands_a_spreadsheet_a_formula(app: ChatApp, tmp_path: Path) -> None:
    from bot.store import export

    answer = app.api_ask("新媒体运营对什么负责？")
    app.give_feedback(answer, False, '=HYPERLINK("http://x","y")', "10.0.0.1")
    export(Store(app.settings.db_path), tmp_path / "x")
    with (tmp_path / "x" / "feedback.csv").open(encoding="utf-8-sig") as f:
        assert next(csv.DictReader(f))["comment"].startswith("'=")


def test_one_shared_word_does_not_make_questions_alike() -> None:
    def alike(a: str, b: str) -> bool:
        return similar(bigrams(a), bigrams(b))

    assert not alike("运营是什么", "运营和产品有什么区别")
    assert not alike("运营是什么", "运营怎么写周报")
    assert alike("运营是什么", "运营是什么？")


def test_verdicts_speak_of_what_the_case_expects() -> None:
    from bot.data import Answer
    from bot.evaluate import Case
    from bot.impact import _verdict
    from bot.store import Snapshot

    off = Case("x", "今天天气怎么样？", answerable=False)
    answered = Answer("q", "q", "答了。[1]", False, "extractive")
    refused = Answer("q", "q", "抱歉……", True, "extractive")
    assert _verdict(off, Snapshot("q", "抱歉", True, 2, "t"), answered, 0).startswith("变差了：手册不覆盖")
    assert _verdict(off, Snapshot("q", "答", False, 0, "t"), refused, 2).startswith("变好了：手册不覆盖")
    on = Case("y", "问？", evidence=["证据"])
    assert "还没有引用" in _verdict(on, Snapshot("q", "答", False, 0, "t"), answered, 1)


def test_a_derived_id_never_takes_a_deleted_articles_id(app: ChatApp) -> None:
    _, first = app.add_article(SIYU, "", "")
    app.delete_article(first)
    _, second = app.add_article(SIYU, "", "")
    assert second != first
    assert "已恢复" in app.restore_article()


def test_a_paste_without_a_title_asks_for_one(app: ChatApp) -> None:
    with pytest.raises(InputError, match="没找到标题"):
        app.add_article("私域运营是在企业微信、社群等自有渠道里长期经营用户关系，重点是复购和口碑。", "", "")
