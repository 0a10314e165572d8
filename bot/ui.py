"""Gradio: a chat for new hires and a workbench for trainers, thin over the core.

`ChatApp.respond(message, history)` is the chat function (a generator, testable without a
browser); everything the page shows is built from the `Answer` it gets from `Answerer.stream`.
All corpus and user text is HTML-escaped before it reaches the page.
"""

import hmac
import html
import json
import logging
import math
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.answer import MAX_QUESTION_CHARS, Answerer, support
from bot.chunking import split_sentences
from bot.corpus import to_markdown
from bot.data import Answer
from bot.errors import BotError, ConfigError, InputError
from bot.library import TRASH_DAYS, Library
from bot.limits import Backoff, RateLimit, RequestLimits, client_address
from bot.settings import Settings
from bot.store import Feedback, Store
from bot.text import cited_claims, clip

MODES = {"原文摘录（推荐）": "extractive", "生成（试验，本地小模型）": "llm"}
# Measured (eval/README.md, 2026-11-29): the local 0.5B and 1.5B models both cover fewer key points
# than the excerpts and still misstate some; the page says so rather than offering them as equal.
LLM_INFO = (
    "生成模式由本地小模型改写摘录，要点比原文摘录少、偶有错误，仅供试验；管理员可用 OPSBOT_LLM_URL 接入更强的模型。"
)
EXAMPLES = [
    "双11服务器扛不住了怎么办？",
    "产品运营到底干嘛的？",
    "运营和运行有什么区别？",
    "怎么召回流失用户？",
    "What does a new media operations person do?",
]
CSS = """
.src-card { border: 1px solid #ddd; border-radius: 8px; padding: 8px 10px; margin-bottom: 8px; }
.src-card:target { border-color: #d07b4a; box-shadow: 0 0 0 2px #f3c9a8; }
.src-card mark { background: #ffe58f; }
.src-where { color: #666; font-size: 0.85em; }
.src-turn { color: #555; font-size: 0.85em; margin: 10px 0 4px; border-top: 1px solid #eee; padding-top: 6px; }
a.cite { text-decoration: none; font-weight: 600; }
@media (max-width: 640px) { .gradio-container { padding: 4px !important; } }
"""
log = logging.getLogger(__name__)
requests_log = logging.getLogger("bot.requests")  # one line per request: endpoint, latency, outcome
FREE_ATTEMPTS = 5  # wrong workbench tokens from one address before it must wait (2 s, doubling, up to 15 min)
MIN_TOKEN_CHARS = 16
MAX_CHAT_MESSAGES = 200  # a conversation longer than this (100 turns) is not a person's: start a new one
FEEDBACK_PAGE = 20
UPLOAD_MAX_AGE_S = 3600  # uploaded files older than this are deleted from Gradio's cache, checked hourly
UPLOADS_PER_MINUTE = 10  # per client: a trainer uploads a few files, a script thousands


def message_text(content: Any) -> str:
    """The text of a chat message: Gradio 6 gives a list of parts ({"type": "text", "text": …})."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list | tuple):
        return "".join(message_text(part) for part in content)
    return ""


def render_answer(a: Answer, turn: int = 0) -> str:
    """The chat bubble: rewritten question, notice, answer with [n] linked to this turn's cards in
    the sources panel (each answer keeps its own sources)."""
    parts = []
    if a.rewritten_question != a.question:
        parts.append(f"*我理解你的问题是：{_inert(a.rewritten_question)}*")
    if a.notice:
        parts.append(f"⚠️ {_inert(a.notice)}")
    # List items as "•" lines joined by <br>: a Markdown "- " after <br> makes the first item a
    # list holding all the others as one run-on item.
    lines = [f"• {ln[2:]}" if ln.startswith("- ") else ln for ln in a.answer.split("\n")]
    body = "<br>".join(_inert(ln, turn) for ln in lines)
    # An anchor the answer's source cards link back to.
    parts.append(f'<a id="ans-{turn}"></a>' + body)  # (a refusal names the nearest articles itself)
    return "\n\n".join(parts)


# Markdown's characters, plus ":" and "@" and the dot of "www.", which the chat's autolinker would
# otherwise turn a bare "http://…", "www.…" or e-mail address into a link.
_MARKDOWN = re.compile(r"\[(\d{1,2})\]|([\[\]()!*_`~#|\\:@\"']|(?<=www)\.)", re.IGNORECASE)


def _inert(text: str, turn: int | None = None) -> str:
    """Corpus and user text as text in the chat's Markdown: HTML escaped and every Markdown
    character an entity, so an article title such as "![px](http://…)" or "[点此登录](http://…)"
    shows as written and loads nothing, and a bare URL is not made a link. With `turn`, "[n]"
    becomes the link to that answer's card."""

    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None and turn is not None:
            return f'<a class="cite" href="#src-{turn}-{m.group(1)}">[{m.group(1)}]</a>'
        return "".join(f"&#{ord(c)};" for c in m.group(0))

    # Quotes are entities too, but numeric ones made here: html.escape's "&#x27;" would have its
    # "#" escaped again and show literally.
    return _MARKDOWN.sub(one, html.escape(text, quote=False))


def render_sources(answers: list[dict[str, Any] | None] | None = None) -> str:
    """The sources panel: every answer's citations, newest first, one card each with the cited
    sentences highlighted. Card ids carry the turn, so [1] of an earlier answer opens its own card."""
    groups = []
    for turn, a in reversed(list(enumerate(answers or []))):
        if not a or not a.get("citations"):
            continue
        claims: dict[int, list[str]] = {}
        for text, numbers in cited_claims(a["answer"]):
            for n in numbers:
                claims.setdefault(n, []).append(text)
        cards = [
            f'<div class="src-turn">第 {turn + 1} 问：{html.escape(a["question"][:60])}'
            f' <a class="src-back" href="#ans-{turn}">↩ 回到回答</a></div>'
        ]
        for c in a["citations"]:
            where = html.escape(c["title"] + (f" › {c['section']}" if c["section"] else ""))
            anchor = f"src-{turn}-{c['n']}"
            cards.append(
                f'<div class="src-card" id="{anchor}"><b>[{c["n"]}]</b> <span class="src-where">{where}</span>'
                f"<p>{_highlight(c['text'], claims.get(c['n'], []))}</p></div>"
            )
        groups.append("\n".join(cards))
    if not groups:
        return '<div class="src-empty">回答引用的原文会显示在这里。</div>'
    return "\n".join(groups)


def _highlight(passage: str, claims: list[str]) -> str:
    """Mark the passage sentences that back the claims (verbatim, or the best match for a paraphrase)."""
    out = []
    # (line number, position in the line, sentence): the passage's own lines, read once.
    parts = [(n, k, s) for n, line in enumerate(passage.split("\n")) for k, s in enumerate(split_sentences(line))]
    sentences = [s for _, _, s in parts]
    marked = {i for claim in claims for i, s in enumerate(sentences) if support(claim, [s]) >= 0.5 or claim in s}
    if claims and not marked and sentences:
        marked = {max(range(len(sentences)), key=lambda i: max(support(c, [sentences[i]]) for c in claims))}
    for i, (n, k, s) in enumerate(parts):
        bullet = re.match(r"^[-*•]\s+", s)
        text = html.escape(s[bullet.end() :] if bullet else s)
        # The passage's own lines and list items, as lines (not one run of "- a；- b；").
        lead = ("<br>" if (n or k) and (bullet or k == 0) else "") + ("• " if bullet else "")
        out.append(lead + (f"<mark>{text}</mark>" if i in marked else text))
    return "".join(out)


class ChatApp:
    """The chat and the workbench; one instance per server, state per browser session."""

    def __init__(self, settings: Settings, answerer: Answerer | None = None) -> None:
        if settings.admin_token and len(settings.admin_token) < MIN_TOKEN_CHARS:
            raise ConfigError(
                f"OPSBOT_ADMIN_TOKEN is shorter than {MIN_TOKEN_CHARS} characters; generate one with: "
                'python -c "import secrets; print(secrets.token_urlsafe(24))"'
            )
        self.settings = settings
        self.answerer = answerer or Answerer(settings)
        self.feedback = Feedback(Store(settings.db_path), legacy=settings.home / "feedback.jsonl")
        # The workbench changes the corpus through the same service as the CLI, on the chat's own index.
        self.library = Library(settings, self.answerer.searcher.index)
        self.token_failures = Backoff(free=FREE_ATTEMPTS)
        self.feedback_limit = RateLimit(settings.feedback_per_minute)

    @contextmanager
    def request(self, endpoint: str, question: str = "") -> Iterator[dict[str, str]]:
        """Logs one line when the request ends: endpoint, latency, outcome (set `outcome` in the
        yielded dict), and the question only with OPSBOT_LOG_QUESTIONS=1. Real errors are logged with
        their traceback by the handler; here they are only counted."""
        started = time.perf_counter()
        state = {"outcome": "ok"}
        try:
            yield state
        except GeneratorExit:  # the page stopped reading (a new question, a closed tab)
            state["outcome"] = "cancelled"
            raise
        except BaseException as exc:
            if state["outcome"] == "ok":  # (a handler that refused says so itself before raising)
                state["outcome"] = "error:" + exc.__class__.__name__
            raise
        finally:
            ms = (time.perf_counter() - started) * 1000
            text = f" question={clip(question, 200)!r}" if self.settings.log_questions and question else ""
            requests_log.info("endpoint=%s latency_ms=%.0f outcome=%s%s", endpoint, ms, state["outcome"], text)

    # -- chat ---------------------------------------------------------------------------------

    def respond(
        self,
        message: str,
        history: list[dict[str, Any]],
        mode: str = "extractive",
        answers: list[dict[str, Any] | None] | None = None,
    ) -> Iterator[tuple[list[dict[str, Any]], str, dict[str, Any] | None]]:
        """Yields (chat messages, sources panel HTML, the answer as a dict) as the answer streams.
        `answers` are the earlier turns' answers (for their sources); this turn's is the last."""
        mode = MODES.get(mode, mode)
        message = message[: MAX_QUESTION_CHARS * 8]  # the answerer truncates (with a notice) from here
        history = [m for m in (history or []) if isinstance(m, dict)]
        with self.request("chat", message) as outcome:
            if len(history) > MAX_CHAT_MESSAGES:
                outcome["outcome"] = "refused:history"
                note = {"role": "assistant", "content": "⚠️ 这段对话太长了，请点「新对话」重新开始。"}
                yield [*history[-MAX_CHAT_MESSAGES:], {"role": "user", "content": _inert(message)}, note], "", None
                return
            previous = [html.unescape(message_text(m.get("content"))) for m in history if m.get("role") == "user"]
            turn = sum(1 for m in history if m.get("role") == "assistant")
            earlier = list(answers or [])[:turn] + [None] * max(0, turn - len(answers or []))
            messages = [*history, {"role": "user", "content": _inert(message)}]
            try:
                response = self.answerer.stream(message, previous, mode)
                partial = ""
                for delta in response:
                    partial += delta
                    yield [*messages, {"role": "assistant", "content": _inert(partial) + " ▌"}], "", None
                answer = response.result()
            except BotError as exc:
                log.info("question not answered: %s", clip(str(exc), 300))
                outcome["outcome"] = "input-error"
                yield [*messages, {"role": "assistant", "content": f"⚠️ {html.escape(str(exc))}"}], "", None
                return
            except Exception as exc:  # the page stays up; the log has the details
                log.exception("answering %r failed", clip(message, 200))
                outcome["outcome"] = "error:" + exc.__class__.__name__
                msg = f"⚠️ 出错了（{exc.__class__.__name__}）。请稍后再试，或联系维护者。"
                yield [*messages, {"role": "assistant", "content": msg}], "", None
                return
            outcome["outcome"] = "refused" if answer.refused else "answered"
            reply = {"role": "assistant", "content": render_answer(answer, turn)}
            as_dict = answer.as_dict()
            yield [*messages, reply], render_sources([*earlier, as_dict]), as_dict

    def api_ask(self, question: str, history: list[str] | None = None, mode: str = "extractive") -> dict[str, Any]:
        """The `ask --json` object, for scripts using the running server (api_name="ask"). Bad input
        gets {"error": …}, never a traceback; only the last turns of `history` are read."""
        with self.request("ask", question if isinstance(question, str) else "") as outcome:
            try:
                if not isinstance(question, str) or not isinstance(mode, str):
                    raise InputError("question 和 mode 必须是字符串 / question and mode must be strings")
                if history is not None and (
                    not isinstance(history, list) or not all(isinstance(h, str) for h in history)
                ):
                    raise InputError("history 必须是字符串列表（之前的问题）/ history must be a list of strings")
                answer = self.answerer.ask(question, history or [], MODES.get(mode, mode))
            except BotError as exc:
                log.info("/ask not answered: %s", clip(str(exc), 300))
                outcome["outcome"] = "input-error"
                return {"error": str(exc)}
            except Exception as exc:  # a bug: logged with its traceback; the caller gets one line
                log.exception("/ask failed for %r", clip(question if isinstance(question, str) else "", 200))
                outcome["outcome"] = "error:" + exc.__class__.__name__
                return {"error": f"出错了（{exc.__class__.__name__}），请稍后再试 / internal error"}
            outcome["outcome"] = "refused" if answer.refused else "answered"
            return answer.as_dict()

    def give_feedback(self, answer: dict[str, Any], liked: bool, comment: str, client: str) -> int:
        """A 👍/👎 on an answer, limited per client (a script could otherwise write thousands);
        returns its id, so that a note written afterwards can join it."""
        with self._feedback_write("feedback", client):
            return int(self.feedback.add(answer, liked, comment)["id"])

    def add_note(self, entry_id: int, note: str, client: str) -> None:
        """The note typed after the vote, attached to it (limited like a vote)."""
        with self._feedback_write("feedback-note", client):
            self.feedback.set_comment(entry_id, note)

    @contextmanager
    def _feedback_write(self, endpoint: str, client: str) -> Iterator[None]:
        """A logged request that writes feedback, within the client's per-minute allowance."""
        with self.request(endpoint) as outcome:
            if not self.feedback_limit.allow(client):
                outcome["outcome"] = "refused:rate"
                raise InputError("反馈太频繁了，请一分钟后再试。")
            yield

    # -- workbench ----------------------------------------------------------------------------

    def check_token(self, token: str, client: str = "local") -> bool:
        """Constant-time comparison. Wrong tokens are counted per client address: after
        FREE_ATTEMPTS that address waits, longer each time; other addresses are not affected."""
        if not self.settings.admin_token or self.token_failures.wait(client) > 0:
            return False
        given = (token or "").strip()  # a pasted trailing space is not a wrong token
        if hmac.compare_digest(given.encode(), self.settings.admin_token.encode()):
            self.token_failures.succeeded(client)
            return True
        self.token_failures.failed(client)
        return False

    def require(self, token: str, client: str = "local") -> None:
        wait = self.token_failures.wait(client)
        if wait > 0:
            raise InputError(f"口令错误次数过多，请 {math.ceil(wait)} 秒后再试。")
        if not self.check_token(token if isinstance(token, str) else "", client):
            raise InputError("工作台口令不正确。")

    def articles_table(self) -> list[list[Any]]:
        rows = []
        for r in self.library.overview():
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.last_indexed)) if r.last_indexed else "未索引"
            if r.problem:
                rows.append([r.id, f"⚠️ 无法读取：{r.problem}", r.chunks, "—"])
            else:
                rows.append([r.id, r.title, r.chunks, when])
        return rows

    def preview(self, text: str, article_id: str, title: str) -> tuple[str, str]:
        """Cleaned Markdown and its chunks, before anything is written."""
        article, chunks = self.library.preview(text, article_id, title)
        listing = "\n\n".join(  # the article's own text is inert here too (a title may hold "![x](http://…)")
            f"**{i}. {_inert(c.section or '（开头）')}** — {len(c.text)} 字\n\n{_inert(c.text)}"
            for i, c in enumerate(chunks, 1)
        )
        return to_markdown(article), f"共 {len(chunks)} 个片段\n\n" + listing

    def add_article(self, text: str, article_id: str, title: str, progress: Any = None) -> str:
        def tick(done: int, total: int) -> None:
            if progress is not None:
                progress((done, total), desc="嵌入新片段")

        article, report = self.library.add_text(text, article_id, title, tick)
        # (The status line is Markdown: the title, from the article, is inert there too.)
        return f"已添加《{_inert(article.title)}》：新嵌入 {report.chunks_embedded} 个片段（{report.seconds:.1f} 秒）"

    def save_metadata(self, article_id: str, title: str, author: str, date: str, source_url: str) -> str:
        _, report = self.library.update(article_id, title=title, author=author, date=date, source_url=source_url)
        return f"已保存 {_inert(article_id)}，重新嵌入 {report.chunks_embedded} 个片段"

    def article_fields(self, article_id: str) -> tuple[str, str, str, str]:
        """The edit form, filled from the article: saving it unchanged changes nothing."""
        a = self.library.article(article_id)
        return a.title, a.author, a.date, a.source_url

    def delete_question(self, article_id: str) -> str:
        """What the confirm step asks: the article by name, and what deleting it takes away."""
        a = self.library.article(article_id)
        chunks = next((r.chunks for r in self.library.overview() if r.id == article_id), 0)
        return (
            f"确定删除《{_inert(a.title)}》（{_inert(article_id)}）吗？它的 {chunks} 个片段会从索引中移除；"
            f"{TRASH_DAYS} 天内可以用「撤销上次删除」恢复。"
        )

    def delete_article(self, article_id: str) -> str:
        _, report = self.library.remove(article_id)
        removed = report.chunks_deleted if report else 0
        return f"已删除 {_inert(article_id)}，索引中移除了 {removed} 个片段。{TRASH_DAYS} 天内可以撤销。"

    def restore_article(self) -> str:
        restored, report = self.library.restore()
        return f"已恢复 {_inert(restored)}，重新嵌入 {report.chunks_embedded} 个片段。"

    def impact(self, limit: int = 0) -> str:
        """Run the eval cases (extractive) and list the cases whose outcome changed vs the baseline."""
        from bot import evaluate as ev

        root = self.settings.eval_dir
        if not (root / "cases.jsonl").is_file():
            return "找不到评测用例（eval/cases.jsonl）：请把项目的 eval 目录放到服务器上，并用 OPSBOT_EVAL_DIR 指向它。"
        cases = ev.load_cases(root / "cases.jsonl")
        cases = cases[:limit] if limit else cases
        run = ev.run_cases(cases, self.answerer, "extractive")
        baseline_file = root / "baseline.json"
        if not baseline_file.is_file():
            return "没有基线（eval/baseline.json），无法比较。"
        diff = ev.compare_baseline(run, json.loads(baseline_file.read_text(encoding="utf-8")))
        s = run.summary()
        return (
            f"{len(cases)} 个评测用例：hit@1 {s['hit@1']:.3f}，引用证据 {s['evidence_cited']:.3f}，"
            f"拒答准确 {s['refusal_accuracy']:.3f}。\n\n变好：{', '.join(diff['better']) or '无'}\n\n"
            f"变差：{', '.join(diff['worse']) or '无'}"
        )

    def disliked(self, page: int = 1) -> tuple[list[list[Any]], str]:
        """One page of 👎, newest first, and a line saying which page of how many."""
        p = self.feedback.page(page, FEEDBACK_PAGE, liked=False)
        rows = [[e["time"], e["question"], e["answer"][:200], e["comment"], e["mode"]] for e in p.rows]
        return rows, f"第 {p.page} / {p.pages} 页，共 {p.total} 条 👎"


def build(app: ChatApp) -> Any:
    import gradio as gr

    # Uploaded files older than an hour are deleted from Gradio's cache, checked every hour.
    with gr.Blocks(title="opsbot 运营知识问答", delete_cache=(UPLOAD_MAX_AGE_S, UPLOAD_MAX_AGE_S)) as demo:
        gr.Markdown("## opsbot · 运营知识问答\n回答来自运营手册，每句话都标注出处；手册没有的内容会直说。")
        with gr.Tab("问答"):
            last_answer = gr.State(None)
            answers = gr.State([])
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=300):
                    chat = gr.Chatbot(
                        label="对话",
                        show_label=False,  # the floating label covered the first line of a scrolled chat
                        height=460,
                        elem_id="chat",
                        sanitize_html=True,
                        feedback_options=("Like", "Dislike"),
                        # In the empty chat, where a new hire looks first; one click asks.
                        examples=[{"text": q} for q in EXAMPLES],
                    )
                    box = gr.Textbox(
                        placeholder="问一个关于运营的问题，例如：双11服务器扛不住了怎么办？",
                        label="你的问题",
                        elem_id="question",
                        lines=1,
                    )
                    with gr.Row():
                        send = gr.Button("发送", variant="primary", elem_id="send")
                        new = gr.Button("新对话", elem_id="new-chat")
                    mode = gr.Radio(
                        list(MODES), value=next(iter(MODES)), label="回答方式", info=LLM_INFO, elem_id="mode"
                    )
                    comment = gr.Textbox(
                        label="反馈备注（可选）",
                        placeholder="点赞或点踩之前、之后写都可以；之后写的按回车，附在刚才的反馈上",
                        elem_id="feedback-comment",
                    )
                with gr.Column(scale=2, min_width=260):
                    gr.Markdown("### 来源")
                    sources = gr.HTML(render_sources(), elem_id="sources")

            def on_submit(message: str, history: list[dict[str, Any]], mode_label: str, kept: list[Any]) -> Any:
                if not message or not message.strip():
                    yield history, gr.update(), "", kept, None
                    return
                final = None
                for messages, panel, answer in app.respond(message, history, mode_label, kept):
                    if answer is not None:
                        final = answer
                    # One entry per turn (None when it failed), so turn n's feedback and sources line up.
                    yield messages, panel or gr.update(), "", [*kept, final], final

            def on_example(evt: gr.SelectData, history: list[dict[str, Any]], mode_label: str, kept: list[Any]) -> Any:
                value = evt.value
                text = str(value.get("text", "")) if isinstance(value, dict) else str(value or "")
                yield from on_submit(text, history, mode_label, kept)

            outputs = [chat, sources, box, answers, last_answer]
            box.submit(on_submit, [box, chat, mode, answers], outputs, api_visibility="private")
            send.click(on_submit, [box, chat, mode, answers], outputs, api_visibility="private")
            chat.example_select(on_example, [chat, mode, answers], outputs, api_visibility="private")
            new.click(
                lambda: ([], render_sources(), [], None),
                None,
                [chat, sources, answers, last_answer],
                api_visibility="private",
            )

            last_vote = gr.State(None)  # the id of this session's last 👍/👎, for a note typed after it

            def on_like(data: gr.LikeData, kept: list[Any], note: str, request: gr.Request) -> Any:
                index = data.index[0] if isinstance(data.index, list | tuple) else data.index
                assistant_turn = int(index) // 2  # user/assistant alternate
                if 0 <= assistant_turn < len(kept) and kept[assistant_turn]:
                    client = client_address(request, app.settings.client_header)
                    try:
                        vote = app.give_feedback(kept[assistant_turn], bool(data.liked), note or "", client)
                    except BotError as exc:
                        log.info("feedback refused: %s", clip(str(exc), 300))
                        gr.Warning(str(exc))
                        return note, gr.update()
                    gr.Info("谢谢反馈！" if note else "谢谢反馈！想补充原因，可以在下面的备注框写完按回车。")
                    return "", vote
                return note, gr.update()

            def on_note(note: str, vote: Any, request: gr.Request) -> Any:
                if not note or not note.strip():
                    return note
                if vote is None:  # written first: it goes with the next vote
                    gr.Info("备注会和你接下来的点赞或点踩一起提交。")
                    return note
                try:
                    app.add_note(int(vote), note, client_address(request, app.settings.client_header))
                except BotError as exc:
                    log.info("feedback note refused: %s", clip(str(exc), 300))
                    gr.Warning(str(exc))
                    return note
                gr.Info("备注已附在你刚才的反馈上，谢谢！")
                return ""

            chat.like(on_like, [answers, comment], [comment, last_vote], api_visibility="private")
            comment.submit(on_note, [comment, last_vote], [comment], api_visibility="private")
            new.click(lambda: None, None, [last_vote], api_visibility="private")  # a new chat has no vote yet
            gr.api(app.api_ask, api_name="ask")

        with gr.Tab("工作台（培训师）"):
            if not app.settings.admin_token:
                gr.Markdown("工作台已关闭：服务器没有设置 `OPSBOT_ADMIN_TOKEN`。")
            else:
                _workbench(gr, app)
    return demo


def _workbench(gr: Any, app: ChatApp) -> None:
    """Every handler here takes the token as its first input and checks it itself (`checked`): the
    endpoints are hidden from the API page, but anyone can still call them by name."""
    token = gr.Textbox(label="工作台口令", type="password", elem_id="admin-token")
    status = gr.Markdown("", elem_id="wb-status")

    def checked(tok: Any, request: Any, action: str, fn: Any) -> Any:
        """The token checked for this caller, then `fn`'s result; any BotError becomes a message in
        the page (logged), and the request gets its log line either way."""
        client = client_address(request, app.settings.client_header)
        with app.request("workbench:" + action) as outcome:
            try:
                app.require(tok, client)
            except BotError as exc:
                log.info("workbench %s refused for %s: %s", action, client, clip(str(exc), 300))
                outcome["outcome"] = "refused:token"
                raise gr.Error(html.escape(str(exc))) from None  # (a toast renders HTML)
            try:
                return fn()
            except BotError as exc:
                log.info("workbench %s failed: %s", action, clip(str(exc), 300))
                outcome["outcome"] = "input-error"
                raise gr.Error(html.escape(str(exc))) from None  # (a toast renders HTML)
            except Exception as exc:
                log.exception("workbench %s failed", action)
                outcome["outcome"] = "error:" + exc.__class__.__name__
                raise gr.Error(f"出错了（{exc.__class__.__name__}），请查看服务器日志。") from None

    with gr.Row():
        login = gr.Button("登录", variant="primary", elem_id="wb-login")
    # Nothing of the workbench shows before the token is right (the handlers check it regardless).
    with gr.Column(visible=False, elem_id="wb-body") as bench:
        table, edit_id = _workbench_body(gr, app, token, status, checked)

    def on_login(tok: str, request: gr.Request) -> Any:
        rows = checked(tok, request, "login", app.articles_table)
        return gr.update(visible=True), rows, _id_choices(rows), "已登录。"

    login.click(on_login, [token], [bench, table, edit_id, status], api_visibility="private")
    token.submit(on_login, [token], [bench, table, edit_id, status], api_visibility="private")


def _workbench_body(gr: Any, app: ChatApp, token: Any, status: Any, checked: Any) -> tuple[Any, Any]:
    """The workbench after login: articles, add, edit/delete, impact preview, feedback."""

    with gr.Row():
        refresh = gr.Button("刷新文章列表", elem_id="wb-refresh")
    table = gr.Dataframe(headers=["id", "标题", "片段数", "最近索引"], interactive=False, elem_id="wb-articles")

    def on_refresh(tok: str, request: gr.Request) -> Any:
        return checked(tok, request, "list", app.articles_table)

    refresh.click(on_refresh, [token], [table], api_visibility="private")

    gr.Markdown("### 添加文章（上传或粘贴）")
    upload = gr.File(label="上传 .md / .txt", file_types=[".md", ".txt"], elem_id="wb-upload")
    pasted = gr.Textbox(label="或粘贴正文", lines=6, elem_id="wb-text")
    with gr.Row():
        new_id = gr.Textbox(label="文章 id（英文小写、数字、-）", elem_id="wb-id")
        new_title = gr.Textbox(label="标题（可选）", elem_id="wb-title")
    with gr.Row():
        preview_btn = gr.Button("预览清洗结果", elem_id="wb-preview")
        add_btn = gr.Button("添加并更新索引", variant="primary", elem_id="wb-add")
    cleaned = gr.Code(label="清洗后的 Markdown", language="markdown", elem_id="wb-cleaned")
    chunks = gr.Markdown(elem_id="wb-chunks")
    max_bytes = int(app.settings.max_file_mb * 1_000_000)

    def uploaded(file: Any) -> Path | None:
        return Path(file if isinstance(file, str) else file.name) if file else None

    def source_text(file: Any, text: str) -> str:
        path = uploaded(file)
        if path is not None:
            from bot.decode import read_text

            return read_text(path, max_bytes=max_bytes)
        if text and text.strip():
            return text  # (the library checks its size before any work)
        raise InputError("请上传文件或粘贴正文")

    def on_preview(tok: str, f: Any, t: str, i: str, ti: str, request: gr.Request) -> Any:
        return checked(tok, request, "preview", lambda: app.preview(source_text(f, t), i, ti))

    preview_btn.click(
        on_preview, [token, upload, pasted, new_id, new_title], [cleaned, chunks], api_visibility="private"
    )

    def on_add(
        tok: str,
        f: Any,
        t: str,
        i: str,
        ti: str,
        request: gr.Request,
        progress: Any = gr.Progress(),  # noqa: B008
    ) -> Any:
        msg = checked(tok, request, "add", lambda: app.add_article(source_text(f, t), i, ti, progress))
        path = uploaded(f)
        if path is not None:  # added: the upload leaves Gradio's cache now (a refused one, by the hourly sweep)
            path.unlink(missing_ok=True)
        return msg, app.articles_table(), None

    add_btn.click(on_add, [token, upload, pasted, new_id, new_title], [status, table, upload], api_visibility="private")

    gr.Markdown("### 修改或删除")
    with gr.Row():
        edit_id = gr.Dropdown(
            choices=[], label="文章 id（选一篇，字段会自动填好）", allow_custom_value=True, elem_id="wb-edit-id"
        )
        edit_title = gr.Textbox(label="标题", elem_id="wb-edit-title")
        edit_author = gr.Textbox(label="作者", elem_id="wb-edit-author")
        edit_date = gr.Textbox(label="日期", elem_id="wb-edit-date")
        edit_url = gr.Textbox(label="来源链接", elem_id="wb-edit-url")
    with gr.Row():
        save_btn = gr.Button("保存元数据", elem_id="wb-save")
        delete_btn = gr.Button("删除文章…", variant="stop", elem_id="wb-delete")
        undo_btn = gr.Button("撤销上次删除", elem_id="wb-undo")
    with gr.Row(visible=False, elem_id="wb-confirm") as confirm_row:
        confirm_text = gr.Markdown(elem_id="wb-confirm-text")
        confirm_btn = gr.Button("确认删除", variant="stop", elem_id="wb-confirm-delete")
        cancel_btn = gr.Button("取消", elem_id="wb-cancel-delete")
    edit_status = gr.Markdown(elem_id="wb-edit-status")  # the result next to the buttons, not at the top

    def on_pick(tok: str, i: str, request: gr.Request) -> Any:
        if not i:
            return "", "", "", ""
        return checked(tok, request, "pick", lambda: app.article_fields(i))

    edit_id.input(on_pick, [token, edit_id], [edit_title, edit_author, edit_date, edit_url], api_visibility="private")

    def on_save(tok: str, i: str, ti: str, au: str, da: str, url: str, request: gr.Request) -> Any:
        return checked(tok, request, "save", lambda: app.save_metadata(i, ti, au, da, url))

    save_btn.click(
        on_save, [token, edit_id, edit_title, edit_author, edit_date, edit_url], [edit_status], api_visibility="private"
    )

    def on_delete_ask(tok: str, i: str, request: gr.Request) -> Any:
        question = checked(tok, request, "delete-ask", lambda: app.delete_question(i))
        return gr.update(visible=True), question

    def on_delete(tok: str, i: str, request: gr.Request) -> Any:
        msg = checked(tok, request, "delete", lambda: app.delete_article(i))
        rows = app.articles_table()
        return gr.update(visible=False), msg, rows, _id_choices(rows, value=None)

    def on_undo(tok: str, request: gr.Request) -> Any:
        msg = checked(tok, request, "undo", app.restore_article)
        rows = app.articles_table()
        return msg, rows, _id_choices(rows)

    delete_btn.click(on_delete_ask, [token, edit_id], [confirm_row, confirm_text], api_visibility="private")
    confirm_btn.click(on_delete, [token, edit_id], [confirm_row, edit_status, table, edit_id], api_visibility="private")
    cancel_btn.click(lambda: gr.update(visible=False), None, [confirm_row], api_visibility="private")
    undo_btn.click(on_undo, [token], [edit_status, table, edit_id], api_visibility="private")

    gr.Markdown("### 影响预览：改动后哪些评测用例结果变了")
    impact_btn = gr.Button("运行评测（快速模式，约半分钟）", elem_id="wb-impact")
    impact_out = gr.Markdown(elem_id="wb-impact-out")

    def on_impact(tok: str, request: gr.Request) -> Any:
        return checked(tok, request, "impact", app.impact)

    impact_btn.click(on_impact, [token], [impact_out], api_visibility="private")

    gr.Markdown("### 用户反馈（👎，最新在前）")
    with gr.Row():
        fb_btn = gr.Button("刷新反馈", elem_id="wb-feedback-refresh")
        fb_page = gr.Number(value=1, precision=0, minimum=1, label="页码", elem_id="wb-feedback-page")
    fb_info = gr.Markdown(elem_id="wb-feedback-info")
    fb = gr.Dataframe(headers=["时间", "问题", "回答", "备注", "模式"], interactive=False, elem_id="wb-feedback")

    def on_feedback(tok: str, page: Any, request: gr.Request) -> Any:
        return checked(tok, request, "feedback", lambda: app.disliked(int(page or 1)))

    fb_btn.click(on_feedback, [token, fb_page], [fb, fb_info], api_visibility="private")
    fb_page.submit(on_feedback, [token, fb_page], [fb, fb_info], api_visibility="private")
    return table, edit_id


def _id_choices(rows: list[list[Any]], **more: Any) -> Any:
    """The edit form's article ids, from the article list's rows."""
    import gradio as gr

    return gr.update(choices=[r[0] for r in rows], **more)


def serve(settings: Settings) -> None:
    app = ChatApp(settings)
    try:  # load the embedder, jieba and BM25 now, so the first person does not wait for them
        app.answerer.ask("运营是什么", mode="extractive")
    except BotError as exc:
        log.info("warm-up question failed: %s", exc)
        print(f"opsbot: warning: {exc}", file=sys.stderr)  # the page will say so too
    demo = build(app)
    demo.queue(default_concurrency_limit=settings.concurrency, max_size=settings.queue_size)
    # uvicorn would take the client's address from X-Forwarded-For when the caller is on loopback,
    # so any local caller could pose as any address; the address comes from OPSBOT_CLIENT_HEADER only.
    os.environ["FORWARDED_ALLOW_IPS"] = ""
    from starlette.middleware import Middleware

    # A body may hold a pasted article (UTF-8, at most OPSBOT_MAX_FILE_MB) and some JSON around it.
    max_body = int(settings.max_file_mb * 2_000_000) + 1_000_000
    limits = Middleware(
        RequestLimits,
        max_bytes=max_body,
        max_upload_bytes=int(settings.max_file_mb * 1_000_000) + 64_000,  # one article file per request
        uploads_per_minute=UPLOADS_PER_MINUTE,
        client_header=settings.client_header,
    )
    demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        css=CSS,
        theme=theme(),
        footer_links=["api"],
        show_error=False,
        # Enforced by the server on every upload route, token or not (an unbounded upload was a free disk fill).
        max_file_size=int(app.settings.max_file_mb * 1_000_000),  # bytes, as the app counts (not MiB)
        app_kwargs={"middleware": [limits]},
    )


def theme() -> Any:
    """System fonts only: the default theme fetches web fonts, which air-gapped machines cannot."""
    import gradio as gr

    fonts = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"]
    return gr.themes.Soft(font=fonts, font_mono=["ui-monospace", "monospace"])
