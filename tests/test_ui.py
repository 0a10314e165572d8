"""The chat and workbench functions without a browser (the browser test is test_browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.corpus import load_corpus
from bot.data import Answer
from bot.errors import InputError
from bot.index import Index
from bot.settings import Settings
from bot.ui import FREE_ATTEMPTS, ChatApp, render_answer, render_sources

TOKEN = "s3cret-trainer-token"


@pytest.fixture
def app(settings: Settings) -> ChatApp:
    Index(settings).ingest(load_corpus(settings.corpus_dir))
    return ChatApp(Settings(**{**settings.__dict__, "admin_token": TOKEN}))


def last(app: ChatApp, message: str, history: list | None = None) -> tuple[list, str, dict | None]:
    *_, final = app.respond(message, history or [])
    return final


def test_respond_answers_with_linked_citations_and_sources(app: ChatApp) -> None:
    messages, panel, answer = last(app, "大促服务器崩溃了，限流熔断怎么做？")
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert '<a class="cite" href="#src-0-1">[1]</a>' in messages[-1]["content"]
    assert "<br>- " not in messages[-1]["content"]  # list items are "•" lines, not broken Markdown
    assert 'id="src-0-1"' in panel and "<mark>" in panel and "限流熔断" in panel
    assert '<a id="ans-0"></a>' in messages[-1]["content"] and 'href="#ans-0"' in panel  # the way back
    assert answer is not None and answer["citations"][0]["n"] == 1


def test_follow_up_shows_the_rewritten_question(app: ChatApp) -> None:
    messages, _, _ = last(app, "运营和运行有什么区别？")
    messages, _, answer = last(app, "那运作呢？", messages)
    assert "我理解你的问题是：运作和运营、运行有什么区别？" in messages[-1]["content"]
    assert answer["rewritten_question"] == "运作和运营、运行有什么区别？"
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
    assert "手册里没有相关内容，这次没有引用原文" in panel and "src-card" not in panel


def test_api_ask_returns_the_json_object(app: ChatApp) -> None:
    out = app.api_ask("那运作呢？", ["运营和运行有什么区别？"])
    assert out["rewritten_question"] == "运作和运营、运行有什么区别？" and out["citations"]
    assert "error" in app.api_ask("   ")


def test_feedback_keeps_what_trainers_need(app: ChatApp) -> None:
    _, _, answer = last(app, "新媒体运营对什么负责？")
    entry = app.feedback.add(answer, liked=False, comment="太长了")
    assert set(entry) == {
        "id",
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
    rows, info = app.disliked()
    assert rows[0][1] == "新媒体运营对什么负责？" and rows[0][3] == "太长了" and "共 1 条" in info
    assert app.feedback.entries() == [entry] and app.settings.db_path.is_file()


def test_workbench_token_is_checked_per_client_with_growing_backoff(app: ChatApp) -> None:
    clock = [1000.0]
    app.token_failures.clock = lambda: clock[0]
    with pytest.raises(InputError, match="口令不正确"):
        app.require("wrong", "10.0.0.1")
    app.require(TOKEN, "10.0.0.1")
    app.require(TOKEN + " \n", "10.0.0.1")  # a pasted trailing space is not a wrong try
    for _ in range(FREE_ATTEMPTS + 1):
        assert not app.check_token("guess", "10.0.0.1")
    assert not app.check_token(TOKEN, "10.0.0.1")  # this address waits now…
    with pytest.raises(InputError, match="秒后再试"):
        app.require(TOKEN, "10.0.0.1")
    assert app.check_token(TOKEN, "10.0.0.2")  # …but a flood from it never locks out another one
    clock[0] += 2.1
    assert not app.check_token("guess", "10.0.0.1")  # the 7th wrong try waits twice as long
    assert 3.9 < app.token_failures.wait("10.0.0.1") <= 4.0
    clock[0] += 4.1
    assert app.check_token(TOKEN, "10.0.0.1") and app.token_failures.wait("10.0.0.1") == 0
    closed = ChatApp(Settings(**{**app.settings.__dict__, "admin_token": ""}))
    assert not closed.check_token("")


def test_short_tokens_are_refused_at_start_with_a_way_to_make_one(settings: Settings) -> None:
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="secrets.token_urlsafe"):
        ChatApp(Settings(**{**settings.__dict__, "admin_token": "s3cret"}))
    assert Settings(admin_token="  " + TOKEN + "\n").admin_token == TOKEN


def test_client_address_trusts_a_proxy_header_only_when_told() -> None:
    from types import SimpleNamespace

    from bot.limits import client_address

    request = SimpleNamespace(
        client=SimpleNamespace(host="127.0.0.1"), headers={"x-forwarded-for": "6.6.6.6, 10.1.2.3"}
    )
    assert client_address(request) == "127.0.0.1"  # a header anyone can send is ignored by default
    assert client_address(request, "X-Forwarded-For") == "10.1.2.3"  # the entry our proxy appended
    assert client_address(None) == "local"
    from starlette.datastructures import Headers

    # A proxy that adds its own header line (HAProxy) leaves the client's line first: the last counts.
    lines = Headers(raw=[(b"x-forwarded-for", b"10.5.5.5"), (b"x-forwarded-for", b"10.6.6.6")])
    assert client_address(SimpleNamespace(client=None, headers=lines), "X-Forwarded-For") == "10.6.6.6"


def test_request_bodies_and_uploads_are_limited_before_the_app_reads_them() -> None:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from bot.limits import RequestLimits

    async def echo(request: Request) -> PlainTextResponse:
        return PlainTextResponse(str(len(await request.body())))

    routes = [Route("/gradio_api/run/ask", echo, methods=["POST"]), Route("/gradio_api/upload", echo, methods=["POST"])]
    limits = Middleware(RequestLimits, max_bytes=1000, uploads_per_minute=3)
    client = TestClient(Starlette(routes=routes, middleware=[limits]))
    assert client.post("/gradio_api/run/ask", content=b"x" * 999).text == "999"
    assert client.post("/gradio_api/run/ask", content=b"x" * 1001).status_code == 413

    def chunked(n: int) -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(n):
            yield b"x" * 100

    assert client.post("/gradio_api/run/ask", content=chunked(9)).text == "900"
    assert client.post("/gradio_api/run/ask", content=chunked(11)).status_code == 413
    # A file named by URL would be downloaded by Gradio before any handler checks the token.
    remote = b'{"data": ["wrong", {"path": "https://example.com/huge.iso", "meta": {"_type": "gradio.FileData"}}]}'
    assert client.post("/gradio_api/call/on_preview", content=remote).status_code == 400
    codes = [client.post("/gradio_api/upload", content=b"x").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_feedback_is_rate_limited_per_client_and_paged_newest_first(app: ChatApp) -> None:
    answer = app.api_ask("新媒体运营对什么负责？")
    for n in range(app.settings.feedback_per_minute):
        app.give_feedback({**answer, "question": f"问题{n}"}, False, "", "10.0.0.1")
    with pytest.raises(InputError, match="太频繁"):
        app.give_feedback(answer, False, "", "10.0.0.1")
    app.give_feedback({**answer, "question": "别人的问题"}, False, "x" * 5000, "10.0.0.2")
    rows, info = app.disliked()
    assert len(rows) == 20 and rows[0][1] == "别人的问题" and len(rows[0][3]) == 1000
    assert "第 1 / 2 页，共 21 条" in info
    rows, info = app.disliked(2)
    assert [r[1] for r in rows] == ["问题0"] and "第 2 / 2 页" in info
    assert app.disliked(99)[1].startswith("第 2 / 2 页")  # past the end: the last page


def test_feedback_from_the_old_jsonl_file_is_imported_once(settings: Settings) -> None:
    import json

    from bot.store import SCHEMA_VERSION, Feedback, Store

    legacy = settings.home / "feedback.jsonl"
    legacy.parent.mkdir(parents=True)
    old = {"time": "2026-11-01 10:00:00", "liked": False, "comment": "旧的", "question": "旧问题", "answer": "旧回答"}
    bad = '[1, 2]\n{"liked": null, "question": null, "citations": "x"}\n'  # not objects, nulls: no loss
    legacy.write_text(json.dumps(old, ensure_ascii=False) + "\n{broken\n" + bad, encoding="utf-8")
    store = Store(settings.db_path)
    feedback = Feedback(store, legacy)
    assert [e["question"] for e in feedback.entries()] == ["旧问题", ""]
    assert not legacy.exists() and legacy.with_name("feedback.jsonl.imported").is_file()
    assert [e["question"] for e in Feedback(Store(settings.db_path), legacy).entries()] == ["旧问题", ""]
    assert store.version() == SCHEMA_VERSION
    with store.connect() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_several_server_processes_write_feedback_at_once(tmp_path: Path) -> None:
    """Several `serve` workers share one database: WAL and a busy timeout, no lost or failed writes."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from bot.store import Feedback, Store\n"
        "f = Feedback(Store(Path(sys.argv[1])))\n"
        "for n in range(40): f.add({'question': sys.argv[2] + str(n), 'answer': 'a'}, False, 'x')\n"
    )
    db = tmp_path / "opsbot.db"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), f"w{w}-"]) for w in range(4)]
    assert [p.wait(120) for p in procs] == [0, 0, 0, 0]
    from bot.store import Feedback, Store

    questions = [e["question"] for e in Feedback(Store(db)).entries()]
    assert len(questions) == 160 and len(set(questions)) == 160


def test_long_histories_and_bad_input_are_bounded_and_never_a_traceback(
    app: ChatApp, caplog: pytest.LogCaptureFixture
) -> None:
    import time

    history = ["运营是什么？" * 100] * 10_000
    started = time.perf_counter()
    out = app.api_ask("那运作呢？", history)
    assert "error" not in out and time.perf_counter() - started < 10  # only the last turns are read
    caplog.clear()
    for bad in ([1, 2], "not a list", [{"role": "user"}]):
        assert "error" in app.api_ask("运营是什么？", bad)  # type: ignore[arg-type]
    assert "error" in app.api_ask(None)  # type: ignore[arg-type]
    assert not any(r.exc_info for r in caplog.records)
    chat = [{"role": "user", "content": "问题"}, {"role": "assistant", "content": "回答"}] * 5000
    messages, _, answer = last(app, "运营是什么？", chat)
    assert answer is None and "新对话" in messages[-1]["content"] and len(messages) <= 202
    with pytest.raises(InputError) as err:
        app.delete_article("a" * 100_000)
    assert len(str(err.value)) < 200
    with pytest.raises(InputError) as err:
        app.answerer.ask("运营是什么？", [], "x" * 100_000)
    assert len(str(err.value)) < 200
    with pytest.raises(InputError) as err:
        app.delete_article("no-such-article")
    assert str(app.settings.corpus_dir) not in str(err.value)  # no server paths
    messages, _, _ = last(app, "![q](http://127.0.0.1:7949/q.png)[点我登录](http://127.0.0.1:7949/x) 运营是什么")
    assert "](" not in messages[0]["content"] and "http://" not in messages[0]["content"]  # their own too


def test_requests_are_logged_one_line_each_without_the_question(app: ChatApp, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="bot.requests"):
        last(app, "新媒体运营对什么负责？")
        app.api_ask("   ")
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.requests"]
    assert lines[0].startswith("endpoint=chat latency_ms=") and lines[0].endswith("outcome=answered")
    assert lines[1].endswith("outcome=input-error") and "新媒体" not in " ".join(lines)
    caplog.clear()
    app.settings.log_questions = True
    with caplog.at_level(logging.INFO, logger="bot.requests"):
        last(app, "新媒体运营对什么负责？")
    assert "question='新媒体运营对什么负责？'" in caplog.records[-1].getMessage()


def test_pasted_text_is_capped_before_any_work_and_previews_as_text(app: ChatApp) -> None:
    app.library.settings.max_file_mb = 0.001
    with pytest.raises(InputError, match="上限"):
        app.library.preview("运营" * 1000, "big", "")
    app.library.settings.max_file_mb = 5.0
    payload = (
        "# 裂变规范![px](http://127.0.0.1:7949/p.png)\n\n## [点此登录](http://127.0.0.1:7949/phish)\n\n裂变要有规范。\n"
    )
    _, listing = app.preview(payload, "fission", "")
    assert "](" not in listing and "![" not in listing


def test_workbench_add_edit_delete(app: ChatApp) -> None:
    text = "# 私域运营入门\n\n私域运营是在企业微信、社群等自有渠道里长期经营用户关系，重点是复购和口碑。\n"
    cleaned, chunks = app.preview(text, "siyu", "")
    assert "title: 私域运营入门" in cleaned and "共 1 个片段" in chunks
    status, added = app.add_article(text, "siyu", "")
    assert "已添加《私域运营入门》" in status and added == "siyu"
    # (what cleaning made of it, as the CLI says it — not where the original is kept on the server)
    assert "清洗结果：" in status and "不分小节，会切成 1 段" in status, status
    assert "originals" not in status and str(app.settings.home) not in status, status
    row = next(r for r in app.articles_table() if r[0] == "siyu")
    assert row[1:3] == ["私域运营入门", 1] and row[3] != "未索引"  # title, chunks, last indexed
    _, _, answer = last(app, "私域运营重点是什么？")
    assert answer["citations"][0]["article_id"] == "siyu"
    assert "重新嵌入 1 个片段" in app.save_metadata("siyu", "私域运营指南", "小王", "2026-11-01", "")
    assert "title: 私域运营指南" in (app.settings.corpus_dir / "siyu.md").read_text(encoding="utf-8")
    _, panel, answer = last(app, "私域运营重点是什么？")
    assert answer["citations"][0]["title"] == "私域运营指南" and "私域运营指南" in panel  # not the old title
    assert "《私域运营指南》" in app.delete_question("siyu") and "1 个片段" in app.delete_question("siyu")
    assert "已删除 siyu" in app.delete_article("siyu")
    assert all(r[0] != "siyu" for r in app.articles_table())
    assert "已恢复 siyu" in app.restore_article()  # the undo: back in the corpus and the index
    assert next(r for r in app.articles_table() if r[0] == "siyu")[1:3] == ["私域运营指南", 1]
    assert app.delete_article("siyu") and not (app.settings.corpus_dir / "siyu.md").exists()
    with pytest.raises(InputError):
        app.add_article(text, "../escape", "")


def test_editing_one_field_keeps_the_others(app: ChatApp) -> None:
    """Issue 14: editing only the title wiped the author, date and source URL. Each field alone."""
    lib = app.library
    lib.update("user-operations-essence", author="小黑哥", date="2024-10-11", source_url="https://example.com/a")
    before = lib.article("user-operations-essence")
    changes = {
        "title": "用户运营本质（新）",
        "author": "小白",
        "date": "2025-01-01",
        "source_url": "https://example.com/b",
    }
    for field_name, value in changes.items():
        lib.update("user-operations-essence", **{field_name: value})
        after = lib.article("user-operations-essence")
        for other in changes:
            expected = value if other == field_name else getattr(before, other)
            assert getattr(after, other) == expected, (field_name, other)
        before = after
    # The form is filled from the article, so saving it unchanged changes nothing.
    fields = app.article_fields("user-operations-essence")
    app.save_metadata("user-operations-essence", *fields)
    assert app.article_fields("user-operations-essence") == fields
    with pytest.raises(InputError, match="http"):
        lib.update("user-operations-essence", source_url="javascript:alert(1)")


def test_feedback_note_written_after_the_vote_joins_it(app: ChatApp) -> None:
    answer = app.api_ask("新媒体运营对什么负责？")
    vote = app.give_feedback(answer, False, "", "10.0.0.1")
    app.add_note(vote, "没说清楚 KPI", "10.0.0.1")
    rows, _ = app.disliked()
    assert rows[0][3] == "没说清楚 KPI"


def test_sources_panel_without_answer() -> None:
    assert "回答引用的原文" in render_sources()


def test_a_cited_line_joining_two_sentences_marks_both() -> None:
    from bot.ui import _highlight

    passage = "“所谓运作，是高级运营人才，他们懂得运筹帷幄。不像运行只做’点’，运作做的是’面’。真正做到的难得一见。"
    marked = _highlight(passage, ["所谓运作，是高级运营人才，他们懂得运筹帷幄。不像运行只做’点’，运作做的是’面’。"])
    assert marked.count("<mark>") == 2 and "<mark>真正" not in marked


def test_sources_panel_says_a_refused_question_cited_nothing() -> None:
    cited = {
        "question": "运营是什么？",
        "answer": "运营是……[1]",
        "citations": [{"n": 1, "title": "T", "section": "", "text": "运营是……", "article_id": "a"}],
    }
    refused = {"question": "企业微信每个月的账号费用是多少？", "answer": "抱歉……", "refused": True, "citations": []}
    panel = render_sources([cited, refused])
    assert panel.index("第 2 问：企业微信每个月的账号费用是多少？ — 手册里没有相关内容") < panel.index("第 1 问")


def test_an_english_turn_is_named_in_english_in_the_sources_panel() -> None:
    """After an English question the panel said "第 2 问：… — 手册里没有相关内容", the bubble
    "我理解你的问题是：…"."""
    cited = {
        "question": "What is operations?",
        "answer": "运营是……[1]",
        "citations": [{"n": 1, "title": "T", "section": "", "text": "运营是……", "article_id": "a"}],
    }
    refused = {"question": "How much does WeCom cost?", "answer": "Sorry……", "refused": True, "citations": []}
    panel = render_sources([cited, refused])
    assert "Question 2: How much does WeCom cost? — the playbook does not cover it" in panel
    assert "Question 1: What is operations? · 1 passage" in panel and "↩ back to the answer" in panel
    assert "第 1 问" not in panel and "手册" not in panel
    bubble = render_answer(
        Answer("What about the third one?", "运作是什么？", "The playbook …[1]", False, "extractive")
    )
    assert "I read your question as: 运作是什么？" in bubble and "我理解" not in bubble
    # (a question read as itself, a "？" added, is not echoed: nh40's "跟付费流量比 免费流量有啥好有啥不好")
    same = Answer("跟付费流量比 免费流量有啥好有啥不好", "跟付费流量比 免费流量有啥好有啥不好？", "……[1]", False, "e")
    assert "我理解你的问题是" not in render_answer(same)


def test_sources_panel_cuts_a_long_question_with_an_ellipsis() -> None:
    """An English question was cut mid-word with nothing to say so ("…how is it different fro")."""
    long = "What does a content operator do, and how is it different from an editor in a media team?"
    panel = render_sources([{"question": long, "answer": "抱歉……", "refused": True, "citations": []}])
    assert "What does a content operator do, and how is it different…" in panel and long not in panel


def test_missing_index_is_explained_in_the_page(tmp_path: Path, settings: Settings) -> None:
    empty = ChatApp(Settings(**{**settings.__dict__, "home": tmp_path / "no-index"}))
    messages, _, answer = last(empty, "新媒体运营做什么？")
    assert answer is None and messages[-1]["content"].startswith("⚠️") and "opsbot ingest" in messages[-1]["content"]


def test_impact_preview_lists_changed_cases(app: ChatApp, tmp_path: Path) -> None:
    first = app.impact(limit=4)
    assert "问了 4 个评测问题" in first and "第一次预览" in first  # no reference yet: this run becomes it
    assert "没有一个回答变化" in app.impact(limit=4)
    app.settings.eval_dir = tmp_path / "nowhere"
    assert "OPSBOT_EVAL_DIR" in app.impact(limit=4)


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
    assert html_out.count("<a ") == 2 and 'href="#src-0-1"' in html_out and '<a id="ans-0"></a>' in html_out
    quoted = render_answer(Answer("问", "问", 'What\'s "北极星"?[1]', False, "e"), 0)
    assert "&#x27;" not in quoted and "&&" not in quoted and "&#39;" in quoted and "&#34;" in quoted
    bare = render_answer(Answer("问", "问", "见 http://127.0.0.1:7949/x 或 www.evil.cn 或 a@evil.cn[1]", False, "e"), 0)
    assert "http://" not in bare and "www." not in bare and "@" not in bare  # no autolink


def test_every_workbench_endpoint_checks_the_token_itself(app: ChatApp, caplog: pytest.LogCaptureFixture) -> None:
    """The workbench's endpoints are hidden from the API page but callable by name: each handler
    must refuse a wrong token on its own, before doing anything."""
    import logging
    from types import SimpleNamespace

    import gradio as gr

    from bot.ui import build

    demo = build(app)
    tab = next(b for b in demo.blocks.values() if isinstance(b, gr.Tab) and b.label == "工作台（培训师）")

    def ids(block: object) -> set[int]:
        return {block._id} | {i for child in getattr(block, "children", []) for i in ids(child)}  # type: ignore[attr-defined]

    inside = ids(tab)
    token = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "admin-token")
    handlers = [f for f in demo.fns.values() if {c._id for c in [*f.inputs, *f.outputs]} & inside]
    # login (button and Enter), list, preview, add, pick, save, delete (ask, confirm), undo, impact,
    # feedback (button and page)
    assert len([f for f in handlers if f.inputs]) >= 13
    before = sorted(p.name for p in app.settings.corpus_dir.iterdir())
    request = SimpleNamespace(client=SimpleNamespace(host="10.9.9.9"), headers={})
    for f in handlers:
        if not f.inputs:  # (取消 only hides the confirm row: no input, nothing to guard)
            continue
        assert f.inputs[0] is token, f"{f.name} does not take the token first"
        args = ["wrong-token", *["x"] * (len(f.inputs) - 1)]
        with caplog.at_level(logging.INFO, logger="bot.requests"), pytest.raises(gr.Error, match="口令"):
            f.fn(*args, request)
        assert caplog.records[-1].getMessage().endswith("outcome=refused:token")
        app.token_failures.succeeded("10.9.9.9")  # (so that every handler is tried, not the back-off)
    assert sorted(p.name for p in app.settings.corpus_dir.iterdir()) == before


def test_serve_turns_off_proxy_headers_and_sets_the_limits(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn takes the client's address from X-Forwarded-For on loopback by default: any local
    caller could pose as any address for the back-off. serve() turns that off and caps bodies."""
    import gradio as gr

    from bot import ui

    Index(settings).ingest(load_corpus(settings.corpus_dir))
    seen: dict[str, object] = {}
    monkeypatch.setattr(gr.Blocks, "launch", lambda self, **kw: seen.update(kw))
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
    ui.serve(Settings(**{**settings.__dict__, "max_file_mb": 0.5}))  # fractional MB crashed Gradio
    import os

    assert os.environ["FORWARDED_ALLOW_IPS"] == ""
    assert seen["max_file_size"] == 500_000
    (limits,) = seen["app_kwargs"]["middleware"]  # type: ignore[index]
    assert limits.cls is ui.RequestLimits and limits.kwargs["max_upload_bytes"] == 564_000


def test_earlier_answers_sources_are_folded_under_their_question() -> None:
    """After many turns the panel was a long scroll: the newest answer's cards show, each earlier
    answer's are folded under its question (and still carry their own ids for its [n])."""

    def cited(q: str) -> dict[str, object]:
        return {
            "question": q,
            "answer": f"{q}的回答。[1]",
            "citations": [{"n": 1, "title": "T", "section": "", "text": f"{q}的回答。", "article_id": "a"}],
        }

    panel = render_sources([cited("第一问"), cited("第二问"), cited("第三问")])
    newest, rest = panel.split("<details", 1)
    assert 'id="src-2-1"' in newest and "第 3 问：第三问" in newest
    assert panel.count('<details class="src-old">') == 2 and "open" not in rest
    assert 'id="src-0-1"' in rest and 'id="src-1-1"' in rest
    assert "第 1 问：第一问 · 1 段原文" in rest
    card = rest[rest.index('id="src-0-1"') :]
    assert card.index('href="#ans-0"') < card.index("</details>")  # (each card has its way back)
    failed = render_sources([cited("第一问"), None])  # (the newest turn failed: the first is an earlier one)
    assert failed.count('<details class="src-old">') == 1


def test_a_run_of_sentences_cited_once_marks_each_of_them() -> None:
    """One passage's prose run carries one [n]: every sentence of it is marked in the card, short
    ones and bulleted ones too (not only those close to the whole run)."""
    from bot.ui import _highlight

    passage = (
        "GPM：每千次观看带来的成交金额。\n- 复盘的关键是看停留。\n流失用户召回的成本更高。做法分三步：\n1. 定义流失。"
    )
    claim = "GPM：每千次观看带来的成交金额。复盘的关键是看停留。"
    marked = _highlight(passage, [claim])
    assert "<mark>GPM：每千次观看带来的成交金额。</mark>" in marked and "<mark>复盘的关键是看停留。</mark>" in marked
    steps = _highlight(passage, ["流失用户召回的成本更高。做法分三步："])
    assert "<mark>做法分三步：</mark>" in steps and "<mark>1. 定义流失" not in steps


def test_a_point_quoted_from_the_cards_heading_marks_no_other_sentence() -> None:
    """ "- 用户运营：专注用户生命周期管理[2]" is the card's heading (in its header): no sentence of the
    text is marked in its stead."""
    role = {
        "question": "What are the six core operations roles?",
        "answer": "- 用户运营：专注用户生命周期管理[1]",
        "citations": [
            {
                "n": 1,
                "title": "T",
                "section": "三、六大核心运营岗位解析 > 1. 用户运营：专注用户生命周期管理",
                "text": "目标：提升用户活跃度和留存率。关键指标：日活跃用户数。",
                "article_id": "a",
            }
        ],
    }
    assert "<mark>" not in render_sources([role])


def test_a_citation_keeps_to_the_character_before_it() -> None:
    """nh58 at 390 px: a line that filled its width left its "[2]" alone on the next line. The link and the character
    before it cannot be parted; a citation after a space keeps its space (nothing glued)."""
    from bot.ui import _inert

    said = _inert("后面就会有十个人跟着发。[2]", 3)
    assert said.endswith('<span class="cite-tail">。<a class="cite" href="#src-3-2">[2]</a></span>'), said
    said = _inert("（参考值：1 分钟以上）(PDF)[1]", 0)
    assert '<span class="cite-tail">&#41;<a class="cite" href="#src-0-1">[1]</a></span>' in said, said
    assert _inert("x [1]", 0) == 'x <a class="cite" href="#src-0-1">[1]</a>'
    assert "cite-tail" not in _inert("用户输入的 [1]")  # (no turn: the user's own text, no links)
