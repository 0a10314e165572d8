"""The chat and workbench functions without a browser (the browser test is test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import load_corpus
from bot.errors import InputError
from bot.index import Index
from bot.settings import Settings
from bot.ui import FAILED_ATTEMPTS_LIMIT, ChatApp, render_sources


@pytest.fixture
def app(settings: Settings) -> ChatApp:
    Index(settings).ingest(load_corpus(settings.corpus_dir))
    return ChatApp(Settings(**{**settings.__dict__, "admin_token": "s3cret"}))


def last(app: ChatApp, message: str, history: list | None = None) -> tuple[list, str, dict | None]:
    *_, final = app.respond(message, history or [])
    return final


def test_respond_answers_with_linked_citations_and_sources(app: ChatApp) -> None:
    messages, panel, answer = last(app, "大促服务器崩溃了，限流熔断怎么做？")
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert '<a class="cite" href="#src-0-1">[1]</a>' in messages[-1]["content"]
    assert "<br>- " not in messages[-1]["content"]  # list items are "•" lines, not broken Markdown
    assert 'id="src-0-1"' in panel and "<mark>" in panel and "限流熔断" in panel
    assert answer is not None and answer["citations"][0]["n"] == 1


def test_follow_up_shows_the_rewritten_question(app: ChatApp) -> None:
    messages, _, _ = last(app, "运营和运行有什么区别？")
    messages, _, answer = last(app, "那运作呢？", messages)
    assert "我理解你的问题是：运作和运行有什么区别？" in messages[-1]["content"]
    assert answer["rewritten_question"] == "运作和运行有什么区别？"
    assert len(messages) == 4


def test_html_in_questions_and_passages_is_escaped(app: ChatApp) -> None:
    messages, _, _ = last(app, "<script>alert(1)</script> 限流熔断")
    assert "<script>" not in messages[0]["content"] and "&lt;script&gt;" in messages[0]["content"]
    assert "<script>" not in messages[-1]["content"]


def test_errors_are_messages_in_the_page(app: ChatApp) -> None:
    messages, panel, answer = last(app, "？？？")
    assert messages[-1]["content"].startswith("⚠️") and "问题是空的" in messages[-1]["content"]
    assert answer is None


def test_refusal_names_the_nearest_articles(app: ChatApp) -> None:
    strict = ChatApp(Settings(**{**app.settings.__dict__, "refuse_below": 0.99}))
    messages, panel, answer = last(strict, "运营岗位的提成比例是多少？")
    content = messages[-1]["content"]
    assert answer["refused"] and "最接近的文章是：《" in content
    first = content.split("《")[1].split("》")[0]
    assert content.count(f"《{first}》") == 1  # named once, not again in a second list
    assert "回答引用的原文会显示在这里" in panel


def test_api_ask_returns_the_json_object(app: ChatApp) -> None:
    out = app.api_ask("那运作呢？", ["运营和运行有什么区别？"])
    assert out["rewritten_question"] == "运作和运行有什么区别？" and out["citations"]
    assert "error" in app.api_ask("   ")


def test_feedback_log_keeps_what_trainers_need(app: ChatApp) -> None:
    _, _, answer = last(app, "新媒体运营对什么负责？")
    entry = app.feedback.add(answer, liked=False, comment="太长了")
    assert set(entry) == {
        "time",
        "liked",
        "comment",
        "question",
        "rewritten_question",
        "answer",
        "mode",
        "refused",
        "citations",
    }
    assert app.disliked()[0][1] == "新媒体运营对什么负责？" and app.disliked()[0][3] == "太长了"
    assert Path(app.settings.home / "feedback.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_workbench_token_is_checked_and_rate_limited(app: ChatApp) -> None:
    with pytest.raises(InputError):
        app.require("wrong")
    app.require("s3cret")
    for _ in range(FAILED_ATTEMPTS_LIMIT):
        assert not app.check_token("guess")
    assert not app.check_token("s3cret")  # locked for the rest of the minute
    closed = ChatApp(Settings(**{**app.settings.__dict__, "admin_token": ""}))
    assert not closed.check_token("")


def test_workbench_add_edit_delete(app: ChatApp) -> None:
    text = "# 私域运营入门\n\n私域运营是在企业微信、社群等自有渠道里长期经营用户关系，重点是复购和口碑。\n"
    cleaned, chunks = app.preview(text, "siyu", "")
    assert "title: 私域运营入门" in cleaned and "共 1 个片段" in chunks
    assert "已添加《私域运营入门》" in app.add_article(text, "siyu", "")
    row = next(r for r in app.articles_table() if r[0] == "siyu")
    assert row[1:3] == ["私域运营入门", 1] and row[3] != "未索引"  # title, chunks, last indexed
    _, _, answer = last(app, "私域运营重点是什么？")
    assert answer["citations"][0]["article_id"] == "siyu"
    assert "重新嵌入 1 个片段" in app.save_metadata("siyu", "私域运营指南", "小王", "2026-11-01", "")
    assert "title: 私域运营指南" in (app.settings.corpus_dir / "siyu.md").read_text(encoding="utf-8")
    _, panel, answer = last(app, "私域运营重点是什么？")
    assert answer["citations"][0]["title"] == "私域运营指南" and "私域运营指南" in panel  # not the old title
    assert "已删除 siyu" in app.delete_article("siyu")
    assert all(r[0] != "siyu" for r in app.articles_table())
    with pytest.raises(InputError):
        app.add_article(text, "../escape", "")


def test_sources_panel_without_answer() -> None:
    assert "回答引用的原文" in render_sources()


def test_missing_index_is_explained_in_the_page(tmp_path: Path, settings: Settings) -> None:
    empty = ChatApp(Settings(**{**settings.__dict__, "home": tmp_path / "no-index"}))
    messages, _, answer = last(empty, "新媒体运营做什么？")
    assert answer is None and messages[-1]["content"].startswith("⚠️") and "opsbot ingest" in messages[-1]["content"]


def test_impact_preview_lists_changed_cases(app: ChatApp) -> None:
    report = app.impact(limit=4)
    assert report.startswith("4 个评测用例") and "变好" in report and "变差" in report


def test_markdown_in_corpus_text_is_inert_in_the_chat() -> None:
    """An article title with Markdown (issue 13: a tracking pixel and a phishing link typed into a
    title) shows as written: no image, no link; only our own [n] citation links remain."""
    from bot.data import Answer
    from bot.ui import render_answer

    title = "裂变规范![px](http://127.0.0.1:7949/p.png)[点此登录领取](http://127.0.0.1:7949/phish)"
    a = Answer("问", "问", f"抱歉，最接近的文章是：《{title}》。**粗**[1]", False, "extractive")
    html_out = render_answer(a, 0)
    assert "![" not in html_out and "](" not in html_out and "**" not in html_out
    assert "&#33;&#91;px&#93;&#40;" in html_out  # the characters are still there, as text
    assert html_out.count("<a ") == 1 and 'href="#src-0-1"' in html_out
