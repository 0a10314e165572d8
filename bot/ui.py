"""Gradio: a chat for new hires and a workbench for trainers, thin over the core.

`ChatApp.respond(message, history)` is the chat function (a generator, testable without a
browser); everything the page shows is built from the `Answer` it gets from `Answerer.stream`.
All corpus and user text is HTML-escaped before it reaches the page.
"""

import difflib
import functools
import hmac
import html
import json
import logging
import math
import os
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot import impact as impact_mod
from bot.answer import MAX_QUESTION_CHARS, Answerer, support
from bot.chunking import split_sentences
from bot.corpus import ARTICLE_SUFFIXES, to_markdown
from bot.data import Answer, UpdatePlan, page_label
from bot.errors import ArticleExistsError, BotError, ConfigError, InputError
from bot.evaluate import Case
from bot.keyword import similarity
from bot.library import TRASH_DAYS, Library
from bot.limits import Backoff, RateLimit, RequestLimits, client_address
from bot.settings import Settings
from bot.store import GAP_KINDS, Feedback, Gaps, Snapshots, Store, TrainerCases
from bot.text import cited_claims, clip, is_english

MODES = {"原文摘录（推荐）": "extractive", "生成（试验，本地小模型）": "llm"}
# Measured (eval/README.md, 2026-11-29): the local 0.5B and 1.5B models both cover fewer key points
# than the excerpts and still misstate some; the page says so rather than offering them as equal.
LLM_INFO = "生成模式由本地小模型改写摘录，要点比原文摘录少、偶有错误，仅供试验；如需更强的模型，请联系管理员接入。"
EXAMPLES = [
    "双11服务器扛不住了怎么办？",
    "产品运营到底干嘛的？",
    "运营和运行有什么区别？",
    "怎么召回流失用户？",
    "What does a new media operations person do?",
]
CSS = """
.src-card { border: 1px solid #ddd; border-radius: 8px; padding: 8px 10px; margin-bottom: 8px; }
.src-card:target, .src-card.picked { border-color: #d07b4a; box-shadow: 0 0 0 2px #f3c9a8; }
.src-card mark { background: #ffe58f; }
.src-where { color: #666; font-size: 0.85em; }
.src-turn { color: #555; font-size: 0.85em; margin: 10px 0 4px; border-top: 1px solid #eee; padding-top: 6px; }
details.src-old > summary { cursor: pointer; }
a.src-back { white-space: nowrap; }
.src-card-back { text-align: right; font-size: 0.85em; }
a.cite { text-decoration: none; font-weight: 600; }
.cite-tail { white-space: nowrap; }
.diff-pair { display: flex; gap: 8px; margin-bottom: 6px; }
.diff-pair > div, .diff-add, .diff-del { flex: 1; border: 1px solid #ddd; border-radius: 6px; padding: 6px; }
.diff-add { border-color: #9c9; margin-bottom: 6px; } .diff-del { border-color: #d99; margin-bottom: 6px; }
del { background: #fdd; } ins { background: #dfd; text-decoration: none; }
table.impact { width: 100%; border-collapse: collapse; font-size: 0.9em; }
table.impact td, table.impact th { border: 1px solid #ddd; padding: 4px 6px; vertical-align: top; }
table.impact th:last-child { min-width: 7em; }
table.impact td.worse { color: #b00; } table.impact td.better { color: #070; }
@media (max-width: 640px) { .gradio-container { padding: 4px !important; } }
/* Beside the chat, the sources scroll on their own: [n] of an earlier answer scrolled the whole page
   to its card, and the chat left the view. */
@media (min-width: 641px) { #sources { max-height: 80vh; overflow-y: auto !important; } }
/* Gradio's clear icon floated over the first bubble and cleared the chat but not its sources: 新对话 does both. */
#chat .icon-button-wrapper.top-panel { display: none !important; }
/* The scroll-down arrow sat over the middle of an answer's text: to the corner. */
#chat .scroll-down-button-container { left: auto !important; right: 6px !important; bottom: 6px !important;
  transform: none !important; opacity: 0.85; }
"""
log = logging.getLogger(__name__)
requests_log = logging.getLogger("bot.requests")  # one line per request: endpoint, latency, outcome
FREE_ATTEMPTS = 5  # wrong workbench tokens from one address before it must wait (2 s, doubling, up to 15 min)
MIN_TOKEN_CHARS = 16
MAX_CHAT_MESSAGES = 200  # a conversation longer than this (100 turns) is not a person's: start a new one
FEEDBACK_PAGE = 20
GAP_PAGE = 20
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
    if a.read_otherwise:
        # (an English conversation reads English around the playbook's words)
        read_as = "I read your question as: " if is_english(a.question) else "我理解你的问题是："
        parts.append(f"*{read_as}{_inert(a.rewritten_question)}*")
    if a.notice:
        parts.append(f"⚠️ {_inert(a.notice)}")
    # List items as "•" lines joined by <br>: a Markdown "- " after <br> makes the first item a
    # list holding all the others as one run-on item.
    lines = [f"• {ln[2:]}" if ln.startswith("- ") else ln for ln in a.answer.split("\n")]
    parts.append("<br>".join(_inert(ln, turn) for ln in lines))  # (a refusal names the nearest articles itself)
    # An anchor the answer's source cards link back to, at the bubble's top: "↩ 回到回答" shows how
    # the question was understood too, not only the answer under it.
    parts[0] = f'<a id="ans-{turn}"></a>' + parts[0]
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
    out = _MARKDOWN.sub(one, html.escape(text, quote=False))
    # A citation keeps to the character before it: at phone width "[2]" wrapped onto a line of its own under a full
    # line of text (nh58)
    return _CITE_TAIL.sub(r'<span class="cite-tail">\1\2</span>', out) if turn is not None else out


# The character (or entity) before a citation link, and the link.
_CITE_TAIL = re.compile(r'(&#?\w+;|[^\s<>;])(<a class="cite" href="[^"]*">\[\d{1,2}\]</a>)')


def _short(question: str, limit: int = 60) -> str:
    """A question as the sources panel names it: whole, or cut with "…" (an English one was cut
    mid-word with nothing to say so: "…how is it different fro")."""
    if len(question) <= limit:
        return question
    cut = question[: limit - 1]
    if cut[-1].isascii() and cut[-1].isalnum() and question[limit - 1].isalnum() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # (an English word is not cut in two)
    return cut.rstrip(" ,，") + "…"


def _turn_name(turn: int, question: str, english: bool) -> str:
    """How the sources panel names a turn: "第 2 问：……", "Question 2: …" for an English one."""
    return f"{'Question ' + str(turn + 1) + ': ' if english else f'第 {turn + 1} 问：'}{html.escape(_short(question))}"


def render_sources(answers: list[dict[str, Any] | None] | None = None) -> str:
    """The sources panel: every answer's citations, newest first, one card each with the cited
    sentences highlighted. Card ids carry the turn, so [1] of an earlier answer opens its own card.
    Earlier answers' cards are folded under a line naming their question (after a dozen turns the
    panel was a long scroll); a click on their [n] unfolds them (CITE_JS)."""
    groups = []
    answers = answers or []
    for turn, a in reversed(list(enumerate(answers))):
        english = bool(a) and is_english(str(a.get("question", "")))  # (its lines in the question's language)
        if a and a.get("refused") and not a.get("citations"):
            # (said here too: otherwise the panel still shows the last answer's sources on top)
            said = (
                " — the playbook does not cover it; nothing was cited."
                if english
                else " — 手册里没有相关内容，这次没有引用原文。"
            )
            groups.append(f'<div class="src-turn">{_turn_name(turn, a["question"], english)}{said}</div>')
            continue
        if not a or not a.get("citations"):
            continue  # (a turn that failed is still the newest: the cards before it are earlier ones)
        claims: dict[int, list[str]] = {}
        for text, numbers in cited_claims(a["answer"]):
            for n in numbers:
                claims.setdefault(n, []).append(text)
        head = _turn_name(turn, a["question"], english)
        back = f' <a class="src-back" href="#ans-{turn}">{"↩ back to the answer" if english else "↩ 回到回答"}</a>'
        cards = []
        for c in a["citations"]:
            label = page_label(c.get("page", 0), c.get("last_page", 0))  # (the PDF page(s) it is on)
            page = f" · {label}" if label else ""
            where = html.escape(c["title"] + (f" › {c['section']}" if c["section"] else "") + page)
            anchor = f"src-{turn}-{c['n']}"
            cards.append(
                f'<div class="src-card" id="{anchor}"><b>[{c["n"]}]</b> <span class="src-where">{where}</span>'
                f"<p>{_highlight(c['text'], _not_the_heading(claims.get(c['n'], []), c['section']))}</p>"
                # (the way back on the card itself: after a jump to it, the group's line is out of view)
                f'<div class="src-card-back">{back.strip()}</div></div>'
            )
        if turn == len(answers) - 1:
            groups.append("\n".join([f'<div class="src-turn">{head}{back}</div>', *cards]))
        else:
            count = f"{len(cards)} passage{'s' if len(cards) > 1 else ''}" if english else f"{len(cards)} 段原文"
            summary = f'<summary class="src-turn">{head} · {count}{back}</summary>'
            groups.append("\n".join([f'<details class="src-old">{summary}', *cards, "</details>"]))
    if not groups:
        return '<div class="src-empty">回答引用的原文会显示在这里。</div>'
    return "\n".join(groups)


# The chat's scrolling box (Gradio's own class names change between releases: found by its style).
_CHAT_BOX_JS = """
  const scroller = (el) => {
    for (let box = el && el.parentElement; box && box !== document.body; box = box.parentElement) {
      const y = getComputedStyle(box).overflowY;
      if ((y === "auto" || y === "scroll") && box.scrollHeight > box.clientHeight + 4) return box;
    }
    return null;
  };
"""
FOLLOW_JS = (
    "() => {"
    + _CHAT_BOX_JS
    + """
  const box = scroller(document.querySelector("#chat .message-row, #chat .message"));
  if (box) box.scrollTop = box.scrollHeight;
}"""
)
SHOW_ANSWER_JS = (
    "() => {"
    + _CHAT_BOX_JS
    + """
  // (Gradio scrolls the chat to its end once more after it has drawn the answer; only while the
  // chat still sits at its end — where Gradio left it, not where a reader scrolled — is it moved.)
  // (a reader who went back to an earlier answer meanwhile, "↩ 回到回答", is left there)
  window.opsbotMoved = false;
  const show = () => {
    if (window.opsbotMoved) return;
    const asked = document.querySelectorAll("#chat .user");
    const last = asked[asked.length - 1];
    const box = scroller(last);
    if (!box || box.scrollTop + box.clientHeight < box.scrollHeight - 4) return;
    const top = last.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTo({ top: Math.max(top - 8, 0) });
  };
  for (const ms of [200, 600, 1200]) setTimeout(show, ms);
}"""
)

# A click on [n]: an earlier answer's cards are folded (render_sources), so unfold them; beside the
# chat (wide screens) scroll only the sources panel to the card — the browser's own jump scrolled the
# whole page and the chat left the view. (On a phone the panel is below the chat: the page jumps.)
CITE_JS = (
    "<script>"
    + _CHAT_BOX_JS
    + r"""
document.addEventListener("click", (e) => {
  // "↩ 回到回答" beside the chat (wide screens): only the chat scrolls to the answer — the browser's
  // own jump scrolled the page too, and the bubble's first line went above the view.
  const back = e.target.closest && e.target.closest("a.src-back");
  const panel = document.getElementById("sources");
  if (back && panel && getComputedStyle(panel).overflowY === "auto") {
    const anchor = document.getElementById(back.getAttribute("href").slice(1));
    if (!anchor) return;
    e.preventDefault();
    window.opsbotMoved = true;
    history.replaceState(null, "", back.getAttribute("href"));
    const box = scroller(anchor);  // (none while the chat is short enough to need no scrolling)
    const bubble = anchor.closest(".message-row, .message") || anchor;
    if (box) box.scrollTop += bubble.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    return;
  }
  const link = e.target.closest && e.target.closest("a.cite");
  if (!link) return;
  const id = link.getAttribute("href").slice(1);
  const card = document.getElementById(id);
  if (!card) return;
  const fold = card.closest("details");
  if (fold) fold.open = true;
  if (!panel || getComputedStyle(panel).overflowY !== "auto") return;
  e.preventDefault();
  document.querySelectorAll(".src-card.picked").forEach((c) => c.classList.remove("picked"));
  card.classList.add("picked");
  history.replaceState(null, "", "#" + id);
  panel.scrollIntoView({ block: "nearest" });
  panel.scrollTop += card.getBoundingClientRect().top - panel.getBoundingClientRect().top - 8;
}, true);
// Gradio labels each bubble with its raw HTML ("bot's message: <a id=…></a>…<a class=cite…>"):
// a screen reader read the markup aloud. The label becomes the bubble's words, said in Chinese.
const LABEL = /^(user|bot)'s message: /;
const plainLabel = (el) => {
  const label = el.getAttribute("aria-label") || "";
  const who = label.match(LABEL);
  if (!who) return;
  // (parsed, not rendered: DOMParser runs no script and loads no image; in an answer a literal "*"
  // is our own Markdown emphasis — a "*" of the text itself is an entity until parsed)
  let markup = label.slice(who[0].length).replace(/<br\s*\/?>/gi, " ");
  if (who[1] === "bot") markup = markup.replace(/\*/g, "");
  const doc = new DOMParser().parseFromString(markup, "text/html");
  const words = (doc.body.textContent || "").replace(/\s+/g, " ").trim();
  el.setAttribute("aria-label", (who[1] === "user" ? "问题：" : "回答：") + words);
};
const relabel = (changes) => {
  for (const c of changes) {
    if (c.type === "attributes") plainLabel(c.target);
    else for (const n of c.addedNodes) {
      if (n.querySelectorAll) [n, ...n.querySelectorAll("[aria-label]")].forEach(plainLabel);
    }
  }
};
new MutationObserver(relabel).observe(document.documentElement, {
  subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"],
});
</script>
"""
)


_BULLET = re.compile(r"^[-*•]\s+")  # a passage's or an answer line's own bullet


def _not_the_heading(claims: list[str], section: str) -> list[str]:
    """The claims the card's text backs: a point quoted from the card's own heading ("- 用户运营：专注用户
    生命周期管理", shown in the card's header) marks no sentence of the text — the best-matching one
    was marked instead, another sentence than the one quoted."""
    said = [_BULLET.sub("", c).strip().rstrip("。；;") for c in claims]
    return [c for c, bare in zip(claims, said, strict=True) if not bare or bare not in section]


def _highlight(passage: str, claims: list[str]) -> str:
    """Mark the passage sentences that back the claims (verbatim, or the best match for a paraphrase)."""
    out = []
    # (line number, position in the line, sentence): the passage's own lines, read once.
    parts = [(n, k, s) for n, line in enumerate(passage.split("\n")) for k, s in enumerate(split_sentences(line))]
    sentences = [s for _, _, s in parts]
    # (a claim may join two sentences of the passage, or more — one passage's run of prose is cited
    # once: each sentence is marked)
    bare = [_BULLET.sub("", s).strip('“”"') for s in sentences]
    claims = [c for claim in claims for c in (split_sentences(claim) or [claim])]
    marked = {
        i
        for claim in claims
        for i, s in enumerate(sentences)
        if support(claim, [s]) >= 0.5 or claim in s or (len(bare[i]) >= 8 and bare[i] in claim)
    }
    if claims and not marked and sentences:
        marked = {max(range(len(sentences)), key=lambda i: max(support(c, [sentences[i]]) for c in claims))}
    for i, (n, k, s) in enumerate(parts):
        bullet = _BULLET.match(s)
        text = html.escape(s[bullet.end() :] if bullet else s)
        # The passage's own lines and list items, as lines (not one run of "- a；- b；").
        lead = ("<br>" if (n or k) and (bullet or k == 0) else "") + ("• " if bullet else "")
        out.append(lead + (f"<mark>{text}</mark>" if i in marked else text))
    return "".join(out)


def _ticker(progress: Any, desc: str = "嵌入新片段") -> Any:
    """A `(done, total)` callback that moves Gradio's progress bar (None: no bar)."""
    if progress is None:
        return None

    def tick(done: int, total: int) -> None:
        progress((done, total), desc=desc, unit="个")

    return tick


def _picked(article_id: Any) -> str:
    article_id = str(article_id or "").strip()
    if not article_id:
        raise InputError("请先在「文章 id」里选一篇文章")
    return article_id


DIFF_SHOWN = 20  # paragraphs of each kind shown in an update preview


def _text_html(text: str, limit: int = 400) -> str:
    return html.escape(clip(text, limit)).replace("\n", "<br>")


def _inline_diff(old: str, new: str) -> tuple[str, str]:
    """The two versions of a paragraph with what was removed struck and what was added marked."""
    a, b = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            a.append(html.escape(old[i1:i2]))
            b.append(html.escape(new[j1:j2]))
        else:
            if i2 > i1:
                a.append(f"<del>{html.escape(old[i1:i2])}</del>")
            if j2 > j1:
                b.append(f"<ins>{html.escape(new[j1:j2])}</ins>")
    return "".join(a).replace("\n", "<br>"), "".join(b).replace("\n", "<br>")


def render_plan(plan: UpdatePlan) -> str:
    """The update preview: in numbers first, then the paragraphs themselves."""
    if plan.same:
        return "<p>新版本和现有文章内容相同，不需要替换。</p>"
    out = [
        f"<p><b>《{html.escape(plan.old.title)}》的新版本</b>：新增 {len(plan.added)} 段，删除 {len(plan.removed)} 段，"
        f"修改 {len(plan.changed)} 段。替换后将重新嵌入 {plan.embed} 个片段，原样保留 {plan.keep} 个，"
        f"从索引移除 {plan.drop} 个。作者、日期和来源链接沿用原文章的（新版本写明了的除外）。</p>"
    ]
    if plan.keep == 0 and similarity(plan.old.body, plan.new.body) < 0.25:
        # Not one passage kept and little wording shared (a new version of an article shares most
        # of its character pairs with it; another article on operations, a fifth or so).
        out.insert(
            0,
            f"<p class='diff-warn'>⚠️ 注意：新版本和《{html.escape(plan.old.title)}》没有一段相同或相近的内容。"
            "请确认上传的是这篇文章的新版本，而不是另一篇文章（另一篇请用上面的「添加文章」）。</p>",
        )
    if plan.old.title != plan.new.title:
        out.append(f"<p>标题：{html.escape(plan.old.title)} → {html.escape(plan.new.title)}</p>")

    def more(items: list[Any]) -> str:
        rest = len(items) - DIFF_SHOWN
        return f"<p class='diff-more'>……还有 {rest} 段</p>" if rest > 0 else ""

    if plan.changed:
        out.append("<h4>修改的段落</h4>")
        for old, new in plan.changed[:DIFF_SHOWN]:
            a, b = _inline_diff(old, new)
            out.append(
                f"<div class='diff-pair'><div class='diff-old'>原：{a}</div><div class='diff-new'>新：{b}</div></div>"
            )
        out.append(more(plan.changed))
    for label, items, cls in (("新增的段落", plan.added, "diff-add"), ("删除的段落", plan.removed, "diff-del")):
        if items:
            out.append(f"<h4>{label}</h4>")
            out += [f"<div class='{cls}'>{_text_html(t)}</div>" for t in items[:DIFF_SHOWN]]
            out.append(more(items))
    return "\n".join(out)


def _marked(answer: str, other: str, tag: str) -> str:
    """An answer with the sentences the other version does not have marked (<del> in the old one,
    <ins> in the new one), so a trainer sees at a glance what changed."""
    theirs = impact_mod.gist(other)
    out = []
    for line in answer.split("\n")[:30]:
        parts = []
        for s in impact_mod.sentences(line):
            text = html.escape(s)
            parts.append(f"<{tag}>{text}</{tag}>" if impact_mod.sentence_key(s) not in theirs else text)
        out.append("".join(parts))
    return "<br>".join(out)


def _verdict_class(verdict: str) -> str:
    return "worse" if verdict.startswith("变差") else "better" if verdict.startswith("变好") else ""


def render_impact(result: impact_mod.Impact) -> str:
    """The impact preview in a trainer's words: which answers changed and how, side by side."""
    out = []
    if not result.since:
        out.append(
            f"<p>问了 {result.questions} 个评测问题（{result.seconds:.0f} 秒）。这是第一次预览，还没有可比较的旧回答："
            "这次的回答已经记下，下次改动文章后再预览，就能看到哪些回答变了。</p>"
        )
    elif not result.changed:
        out.append(
            f"<p>问了 {result.questions} 个评测问题（{result.seconds:.0f} 秒）：和 {html.escape(result.since)} 相比，"
            "没有一个回答变化。</p>"
        )
    else:
        better = sum(1 for c in result.changed if c.verdict.startswith("变好"))
        worse = sum(1 for c in result.changed if c.verdict.startswith("变差"))
        out.append(
            f"<p>问了 {result.questions} 个评测问题（{result.seconds:.0f} 秒）：和 {html.escape(result.since)} 相比，"
            f"<b>{len(result.changed)} 个问题的回答变了</b>"
            f"（变好 {better} 个，变差 {worse} 个，其余 {len(result.changed) - better - worse} 个"
            "内容变了、对错未变）。</p>"
        )
        rows = "".join(
            f"<tr><td>{html.escape(c.question)}</td><td>{_marked(c.before, c.after, 'del')}</td>"
            f"<td>{_marked(c.after, c.before, 'ins')}</td>"
            f"<td class='{_verdict_class(c.verdict)}'>{html.escape(c.verdict)}</td></tr>"
            for c in result.changed[:50]
        )
        out.append(
            "<table class='impact'><thead><tr><th>问题</th><th>改动前的回答</th><th>现在的回答</th><th>变化</th>"
            "</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        if len(result.changed) > 50:
            out.append(f"<p>……还有 {len(result.changed) - 50} 个问题的回答变了。</p>")
    if result.article_title:
        cited = sum(1 for p in result.probes if p.cited)
        out.append(
            f"<h4>按《{html.escape(result.article_title)}》的小节提问</h4>"
            f"<p>{len(result.probes)} 个问题中，{cited} 个的回答引用了这篇文章。</p>"
            if result.probes
            else f"<p>《{html.escape(result.article_title)}》没有小节标题，无法按小节提问。</p>"
        )
        rows = "".join(
            f"<tr><td>{html.escape(p.question)}</td><td>{_text_html(p.answer)}</td>"
            f"<td class='{'better' if p.cited else 'worse'}'>"
            f"{'引用了' if p.cited else '拒答' if p.refused else '没有引用'}</td></tr>"
            for p in result.probes
        )
        if rows:
            out.append(
                "<table class='impact'><thead><tr><th>问题</th><th>回答</th><th>这篇文章</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
    return "\n".join(out)


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
        store = Store(settings.db_path)
        self.feedback = Feedback(store, legacy=settings.home / "feedback.jsonl")
        self.gaps = Gaps(store)
        self.trainer_cases = TrainerCases(store)
        self.snapshots = Snapshots(store)
        # Held while the corpus changes, while the impact preview runs and while its reference
        # answers are recorded: a preview never sees half a change, a change waits for the "before".
        self._busy = threading.Lock()
        self._starting = threading.Lock()
        self._change_waiting = threading.Event()  # tells the reference recording to give up
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
            if answer.refused:
                self.record_gap(answer, "refused")
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
            if answer.refused:
                self.record_gap(answer, "refused")
            return answer.as_dict()

    def give_feedback(self, answer: dict[str, Any], liked: bool, comment: str, client: str) -> int:
        """A 👍/👎 on an answer, limited per client (a script could otherwise write thousands);
        returns its id, so that a note written afterwards can join it."""
        with self._feedback_write("feedback", client):
            entry_id = int(self.feedback.add(answer, liked, comment)["id"])
        if not liked and not answer.get("refused"):  # (a refusal is in the gap list already)
            self.record_gap(answer, "disliked")
        return entry_id

    def record_gap(self, answer: Answer | dict[str, Any], kind: str) -> None:
        """A question the corpus did not answer (or answered badly), for the trainers' gap list:
        the question as understood and the nearest articles, nothing about who asked. A failure
        here never costs the person their answer."""
        a = answer.as_dict() if isinstance(answer, Answer) else answer
        try:
            hits: Any = a.get("hits") or []
            nearest = list(dict.fromkeys((str(h["article_id"]), str(h["title"])) for h in hits))
            self.gaps.add(str(a.get("rewritten_question") or a.get("question") or ""), kind, nearest)
        except Exception:
            log.exception("could not record a corpus gap")

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

    def preview(self, text: str, article_id: str, title: str, name: str = "") -> tuple[str, str]:
        """Cleaned Markdown and its chunks, before anything is written (`name`: the file's)."""
        article, chunks = self.library.preview(text, article_id, title, name)
        listing = "\n\n".join(  # the article's own text is inert here too (a title may hold "![x](http://…)")
            f"**{i}. {_inert(c.section or '（开头）')}** — {len(c.text)} 字"
            + (f" · {page_label(c.page, c.last_page)}" if c.page else "")
            + f"\n\n{_inert(c.text)}"
            for i, c in enumerate(chunks, 1)
        )
        return to_markdown(article, for_people=True), f"共 {len(chunks)} 个片段\n\n" + listing

    def add_article(
        self, text: str, article_id: str, title: str, progress: Any = None, path: Path | None = None, url: str = ""
    ) -> tuple[str, str]:
        """An article from pasted text, an uploaded file (`path`: Markdown, text, PDF, Word, a saved
        web page) or a web page's address (`url`). Returns the status line and the new article's id."""
        article_id, tick = (article_id or "").strip(), _ticker(progress)
        try:
            with self.changing():
                if url and url.strip():
                    added, report = self.library.add_url(url, article_id, title, tick)
                elif path is not None:
                    added, report = self.library.add_document(path, article_id, title, tick)
                else:
                    added, report = self.library.add_text(text, article_id, title, tick)
        except ArticleExistsError as exc:
            raise InputError(
                f"{exc}：要换成新版本，请在下面「修改、更新或删除」里选它并上传新版本；或换一个 id"
            ) from None
        # (The status line is Markdown: the title, from the article, is inert there too.)
        # (what cleaning made of it, as `opsbot add` says it; the original's place on the server is not shown)
        article = added.article
        notes = "".join(f"\n- {_inert(n)}" for n in added.notes)
        return (
            f"已添加《{_inert(article.title)}》（id：{_inert(article.id)}）：新嵌入 {report.chunks_embedded} 个片段，"
            f"用时 {report.seconds:.1f} 秒。可以到下面「影响预览」看看它改变了哪些回答。\n\n清洗结果：{notes}",
            article.id,
        )

    def update_preview(self, article_id: str, text: str, name: str = "") -> tuple[str, bool, str]:
        """What uploading a new version would change (HTML), whether there is anything to replace,
        and the stored version it was compared with (the replace checks it is still that one)."""
        plan = self.library.plan_update(_picked(article_id), text, name)
        return render_plan(plan), not plan.same, plan.stored

    def replace_article(
        self, article_id: str, text: str, progress: Any = None, expected: str = "", original: Path | None = None
    ) -> str:
        """Replace an article by a new version; `original`: the uploaded file, kept for re-cleaning."""
        with self.changing():
            plan, report = self.library.replace(_picked(article_id), text, _ticker(progress), expected, original)
        return (
            f"已用新版本替换《{_inert(plan.new.title)}》：新嵌入 {report.chunks_embedded} 个片段，"
            f"移除 {report.chunks_deleted} 个，其余 {plan.keep} 个原样保留（{report.seconds:.1f} 秒）。"
            f"旧版本在服务器上另存 {TRASH_DAYS} 天（如需找回，请联系管理员）。"
        )

    def save_metadata(self, article_id: str, title: str, author: str, date: str, source_url: str) -> str:
        with self.changing():
            _, report = self.library.update(
                _picked(article_id), title=title, author=author, date=date, source_url=source_url
            )
        return f"已保存 {_inert(article_id)}，重新嵌入 {report.chunks_embedded} 个片段"

    def article_fields(self, article_id: str) -> tuple[str, str, str, str]:
        """The edit form, filled from the article: saving it unchanged changes nothing."""
        a = self.library.article(_picked(article_id))
        return a.title, a.author, a.date, a.source_url

    def delete_question(self, article_id: str) -> str:
        """What the confirm step asks: the article by name, and what deleting it takes away."""
        article_id = _picked(article_id)
        a = self.library.article(article_id)
        chunks = next((r.chunks for r in self.library.overview() if r.id == article_id), 0)
        return (
            f"确定删除《{_inert(a.title)}》（{_inert(article_id)}）吗？它的 {chunks} 个片段会从索引中移除；"
            f"{TRASH_DAYS} 天内可以用「撤销上次删除」恢复。"
        )

    def delete_article(self, article_id: str) -> str:
        article_id = _picked(article_id)
        with self.changing():
            _, report = self.library.remove(article_id)
        removed = report.chunks_deleted if report else 0
        return f"已删除 {_inert(article_id)}，索引中移除了 {removed} 个片段。{TRASH_DAYS} 天内可以撤销。"

    def restore_article(self) -> str:
        with self.changing():
            restored, report = self.library.restore()
        return f"已恢复 {_inert(restored)}，重新嵌入 {report.chunks_embedded} 个片段。"

    # -- impact preview, corpus gaps, trainer cases --------------------------------------------

    def impact_cases(self) -> list[Case]:
        return impact_mod.eval_cases(self.settings.eval_dir, self.settings.db_path)

    def start_reference(self) -> None:
        """At login: with no reference answers yet, record them in the background, so that the
        first change a trainer makes can already be previewed against how things were. The busy
        lock is taken here, before the thread starts, so no change can slip in ahead of it."""
        with self._starting:
            if self.snapshots.load() or not self._busy.acquire(blocking=False):
                return  # (there is a reference, or something is running: the next preview makes one)

        def run() -> None:
            try:
                cases = self.impact_cases()
                impact_mod.take_snapshot(self.answerer, cases, self.snapshots, stop=self._change_waiting.is_set)
            except Exception:
                log.exception("recording the impact preview's reference answers failed")
            finally:
                self._busy.release()

        threading.Thread(target=run, name="impact-reference", daemon=True).start()

    @contextmanager
    def changing(self) -> Iterator[None]:
        """One corpus change (or impact preview) at a time. A reference recording still running
        gives up at once (the trainer does not wait ~25 s for it; the next preview then makes one)."""
        self._change_waiting.set()
        with self._busy:
            self._change_waiting.clear()
            yield

    def impact(self, article_id: str = "", progress: Any = None, limit: int = 0) -> str:
        """The impact preview as HTML: the questions whose answers changed since the last preview,
        before and after side by side, and the heading questions of `article_id` (if any).
        `limit`: only the first cases (quick checks)."""
        article = self.library.article(article_id) if article_id else None
        cases = self.impact_cases()
        cases = cases[:limit] if limit else cases
        missing = ""
        if not (self.settings.eval_dir / "cases.jsonl").is_file():
            missing = (
                "<p>找不到项目的评测用例（eval/cases.jsonl）：请把项目的 eval 目录放到服务器上，"
                "并用 OPSBOT_EVAL_DIR 指向它。</p>"
            )
            if not cases and article is None:
                return missing
        with self.changing():
            result = impact_mod.run_impact(self.answerer, cases, self.snapshots, article, _ticker(progress, "提问"))
        return missing + render_impact(result)

    def gap_groups(self, page: int = 1) -> tuple[list[list[Any]], str, Any]:
        """One page of uncovered questions (grouped), a line saying which page, and the choices."""
        p = self.gaps.groups(page, GAP_PAGE)
        rows, choices = [], []
        for n, g in enumerate(p.rows, (p.page - 1) * GAP_PAGE + 1):
            kinds = "，".join(f"{GAP_KINDS[k]} {v}" for k, v in g["kinds"].items() if k in GAP_KINDS)
            also = f"（另有 {len(g['questions']) - 1} 种问法）" if len(g["questions"]) > 1 else ""
            rows.append([n, g["question"] + also, g["count"], kinds, "、".join(g["nearest"]) or "—", g["last_time"]])
            choices.append((f"{n}. {clip(g['question'], 40)}", json.dumps({"q": g["question"], "ids": g["ids"]})))
        info = f"第 {p.page} / {p.pages} 页，共 {p.total} 组未覆盖的问题（最新在前）"
        return rows, info, choices

    def evidence_choices(self, question: str) -> list[tuple[str, str]]:
        """Sentences of the passages nearest the question, to pick the evidence from: (《article》
        sentence, sentence)."""
        question = (question or "").strip()
        if not question:
            raise InputError("请先选一个问题，或直接填写问题")
        hits = self.answerer.searcher.retrieve(question, k=5).hits
        out: dict[str, str] = {}
        for h in hits:
            for line in h.text.split("\n"):
                for sentence in split_sentences(line):
                    sentence = re.sub(r"^[-*•]\s+", "", sentence).strip()
                    if len(sentence) >= 6 and sentence not in out:
                        out[sentence] = f"《{clip(h.title, 16)}》{sentence}"
        return [(label, sentence) for sentence, label in list(out.items())[:40]]

    def save_case(self, question: str, key_points: str, evidence: list[str], uncovered: bool, gap: str) -> str:
        """A trainer's eval case (and the gap group it came from is closed)."""
        points = [k for k in re.split(r"[\n；;]", key_points or "") if k.strip()]
        case_id = self.trainer_cases.add(question, points, list(evidence or []), answerable=not uncovered)
        if gap:
            try:
                self.gaps.close([int(i) for i in json.loads(gap).get("ids", [])])
            except (ValueError, AttributeError, TypeError):
                log.info("gap choice %r not understood; nothing closed", clip(str(gap), 80))
        shown = _inert(clip(question.strip(), 60))
        return f"已保存评测用例 {case_id}：「{shown}」。`opsbot eval` 会和项目的用例一起运行它。"

    def disliked(self, page: int = 1) -> tuple[list[list[Any]], str]:
        """One page of 👎, newest first, and a line saying which page of how many."""
        p = self.feedback.page(page, FEEDBACK_PAGE, liked=False)
        rows = [[e["time"], e["question"], e["answer"][:200], e["comment"], e["mode"]] for e in p.rows]
        return rows, f"第 {p.page} / {p.pages} 页，共 {p.total} 条点踩"


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
                        # Copy per message only: the share/copy-all toolbar floated over the first bubble's text.
                        buttons=["copy"],
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
            for event, fn, ins in (
                (box.submit, on_submit, [box, chat, mode, answers]),
                (send.click, on_submit, [box, chat, mode, answers]),
                (chat.example_select, on_example, [chat, mode, answers]),
            ):
                # The chat follows the new turn while it streams, then shows the answer from its first
                # line: a long answer left scrolled to its end hid the line that answers (phone width).
                event(None, None, None, js=FOLLOW_JS, api_visibility="private")
                event(fn, ins, outputs, api_visibility="private").then(
                    None, None, None, js=SHOW_ANSWER_JS, api_visibility="private"
                )
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
                # Who reads this may be a new hire: no setting names here, only who can open it.
                gr.Markdown("工作台未开启：培训师请联系管理员开启。")
            else:
                _workbench(gr, app)
    return demo


class Shown(Exception):
    """A trainer's input error, shown in the action's own status line and a toast: raised as
    gr.Error it put red "Error" badges over every output of the action (the form could not be
    typed in until each was closed) and left the last success message standing."""


def in_status(outputs: int, status: int | None) -> Any:
    """A workbench handler whose `Shown` errors become: the message in output `status` (None: the
    toast only), every other output left as it was."""

    def wrap(fn: Any) -> Any:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            import gradio as gr

            try:
                return fn(*args, **kwargs)
            except Shown as exc:
                gr.Warning(html.escape(str(exc)), title="没有完成")
                out: list[Any] = [gr.update() for _ in range(outputs)]
                if status is not None:
                    out[status] = f"⚠️ {_inert(str(exc))}"
                return tuple(out) if outputs > 1 else out[0]

        return inner

    return wrap


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
                # (a toast renders HTML; the refusal is logged above, without Gradio's traceback)
                raise gr.Error(html.escape(str(exc)), title="口令", print_exception=False) from None
            try:
                return fn()
            except BotError as exc:
                log.info("workbench %s failed: %s", action, clip(str(exc), 300))
                outcome["outcome"] = "input-error"
                raise Shown(str(exc)) from None  # (in the action's status line: see `in_status`)
            except Exception as exc:
                log.exception("workbench %s failed", action)
                outcome["outcome"] = "error:" + exc.__class__.__name__
                raise gr.Error(
                    f"出错了（{exc.__class__.__name__}），请查看服务器日志。", title="出错了", print_exception=False
                ) from None  # (logged above with its traceback, once)

    with gr.Row():
        login = gr.Button("登录", variant="primary", elem_id="wb-login")
    # Nothing of the workbench shows before the token is right (the handlers check it regardless).
    with gr.Column(visible=False, elem_id="wb-body") as bench:
        table, pickers = _workbench_body(gr, app, token, checked)

    def on_login(tok: str, request: gr.Request) -> Any:
        rows = checked(tok, request, "login", app.articles_table)
        app.start_reference()  # (the impact preview's "before", recorded in the background)
        # (The button goes: logging in again would only start another background recording.)
        return (
            gr.update(visible=True),
            rows,
            *[_id_choices(rows) for _ in pickers],
            "已登录。",
            gr.update(visible=False),
        )

    outputs = [bench, table, *pickers, status, login]
    login.click(on_login, [token], outputs, api_visibility="private")
    token.submit(on_login, [token], outputs, api_visibility="private")


def _workbench_body(gr: Any, app: ChatApp, token: Any, checked: Any) -> tuple[Any, list[Any]]:
    """The workbench after login: articles, add, edit/update/delete, impact preview, corpus gaps,
    feedback. Returns the article table and the article pickers (refreshed together)."""
    max_bytes = int(app.settings.max_file_mb * 1_000_000)

    def uploaded(file: Any) -> Path | None:
        return Path(file if isinstance(file, str) else file.name) if file else None

    def source_text(file: Any, text: str = "", url: str = "") -> str:
        """What was given, as text for the cleaner: a file (documents extracted), a web page, a paste."""
        from bot.corpus import read_article_file

        path = uploaded(file)
        if path is not None:
            return read_article_file(app.settings, path)
        if url and url.strip():
            import tempfile

            from bot.extract import fetch

            with tempfile.TemporaryDirectory() as tmp:
                page = fetch(url.strip(), max_bytes, Path(tmp), app.settings.fetch_allowed)
                return read_article_file(app.settings, page)
        if text and text.strip():
            return text  # (the library checks its size before any work)
        raise InputError("请上传文件、粘贴正文或填写网页链接")

    def drop_upload(file: Any) -> None:
        path = uploaded(file)
        if path is not None:  # used: it leaves Gradio's cache now (a refused one, by the hourly sweep)
            path.unlink(missing_ok=True)

    gr.Markdown("### 文章")
    with gr.Row():
        refresh = gr.Button("刷新文章列表", elem_id="wb-refresh")
    table = gr.Dataframe(headers=["id", "标题", "片段数", "最近索引"], interactive=False, elem_id="wb-articles")

    # -- add ---------------------------------------------------------------------------------
    gr.Markdown("### 添加文章（上传或粘贴）")
    upload = gr.File(
        label="上传文件：Markdown、文本、PDF、Word（.docx）或保存的网页（.html）",
        file_types=[*ARTICLE_SUFFIXES],
        elem_id="wb-upload",
    )
    pasted = gr.Textbox(label="或粘贴正文", lines=6, elem_id="wb-text")
    page_url = gr.Textbox(label="或填网页链接（http:// 或 https://）", elem_id="wb-url")
    with gr.Row():
        new_id = gr.Textbox(label="文章 id（可选：留空则按标题生成，可用汉字）", elem_id="wb-id")
        new_title = gr.Textbox(label="标题（可选）", elem_id="wb-title")
    with gr.Row():
        preview_btn = gr.Button("预览清洗结果", elem_id="wb-preview")
        add_btn = gr.Button("添加并更新索引", variant="primary", elem_id="wb-add")
    add_status = gr.Markdown(elem_id="wb-add-status")  # the result (and the progress bar) by the buttons
    cleaned = gr.Code(label="清洗后的 Markdown", language="markdown", elem_id="wb-cleaned", wrap_lines=True)
    chunks = gr.Markdown(elem_id="wb-chunks")

    # -- edit, update, delete ------------------------------------------------------------------
    gr.Markdown("### 修改、更新或删除")
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
    gr.Markdown("#### 上传新版本（替换正文，只重新嵌入改动的片段）")
    new_version = gr.File(
        label="新版本：Markdown、文本、PDF、Word 或网页文件", file_types=[*ARTICLE_SUFFIXES], elem_id="wb-new-version"
    )
    diff_btn = gr.Button("比较新旧版本", elem_id="wb-diff")
    diff_out = gr.HTML(elem_id="wb-diff-out")
    replace_btn = gr.Button("用新版本替换并更新索引", variant="primary", visible=False, elem_id="wb-replace")
    replace_status = gr.Markdown(elem_id="wb-replace-status")

    # -- impact preview -------------------------------------------------------------------------
    gr.Markdown("### 影响预览：改动之后，哪些回答变了")
    impact_id = gr.Dropdown(
        choices=[],
        label="也按这篇文章的小节提问（可选；添加或更新文章后会自动选上）",
        allow_custom_value=True,
        elem_id="wb-impact-id",
    )
    impact_btn = gr.Button("运行影响预览（约半分钟）", elem_id="wb-impact")
    impact_out = gr.HTML(elem_id="wb-impact-out")

    pickers = [edit_id, impact_id]

    def with_lists(msg: Any, *, edit: Any = None, impact: Any = None) -> tuple[Any, ...]:
        """A change's outputs: its message, the article table and both article pickers refreshed."""
        rows = app.articles_table()
        edit_update = _id_choices(rows) if edit is None else _id_choices(rows, value=edit or None)
        impact_update = _id_choices(rows) if impact is None else _id_choices(rows, value=impact or None)
        return msg, rows, edit_update, impact_update

    @in_status(3, None)
    def on_refresh(tok: str, request: gr.Request) -> Any:
        rows = checked(tok, request, "list", app.articles_table)
        return rows, _id_choices(rows), _id_choices(rows)

    refresh.click(on_refresh, [token], [table, *pickers], api_visibility="private")

    @in_status(3, 2)
    def on_preview(tok: str, f: Any, t: str, u: str, i: str, ti: str, request: gr.Request) -> Any:
        path = uploaded(f)
        name = path.name if path is not None else ""
        shown, listing = checked(tok, request, "preview", lambda: app.preview(source_text(f, t, u), i, ti, name))
        return shown, listing, "已生成预览，确认无误后点「添加并更新索引」。"  # (not the last action's line)

    preview_btn.click(
        on_preview,
        [token, upload, pasted, page_url, new_id, new_title],
        [cleaned, chunks, add_status],
        api_visibility="private",
    )

    @in_status(6, 0)
    def on_add(
        tok: str,
        f: Any,
        t: str,
        u: str,
        i: str,
        ti: str,
        request: gr.Request,
        progress: Any = gr.Progress(),  # noqa: B008
    ) -> Any:
        msg, added = checked(
            tok, request, "add", lambda: app.add_article(t or "", i, ti, progress, path=uploaded(f), url=u or "")
        )
        drop_upload(f)
        return (*with_lists(msg, impact=added), None, "")

    add_btn.click(
        on_add,
        [token, upload, pasted, page_url, new_id, new_title],
        [add_status, table, *pickers, upload, page_url],
        show_progress_on=[add_status],
        api_visibility="private",
    )

    @in_status(4, None)
    def on_pick(tok: str, i: str, request: gr.Request) -> Any:
        if not i:
            return "", "", "", ""
        return checked(tok, request, "pick", lambda: app.article_fields(i))

    edit_id.input(on_pick, [token, edit_id], [edit_title, edit_author, edit_date, edit_url], api_visibility="private")

    @in_status(4, 0)
    def on_save(tok: str, i: str, ti: str, au: str, da: str, url: str, request: gr.Request) -> Any:
        msg = checked(tok, request, "save", lambda: app.save_metadata(i, ti, au, da, url))
        return with_lists(msg, edit=i, impact=i)

    save_btn.click(
        on_save,
        [token, edit_id, edit_title, edit_author, edit_date, edit_url],
        [edit_status, table, *pickers],
        show_progress_on=[edit_status],
        api_visibility="private",
    )

    @in_status(2, None)
    def on_delete_ask(tok: str, i: str, request: gr.Request) -> Any:
        question = checked(tok, request, "delete-ask", lambda: app.delete_question(i))
        return gr.update(visible=True), question

    @in_status(9, 1)
    def on_delete(tok: str, i: str, request: gr.Request) -> Any:
        msg = checked(tok, request, "delete", lambda: app.delete_article(i))
        # (the deleted article's fields leave the form with it)
        return (gr.update(visible=False), *with_lists(msg, edit="", impact=""), "", "", "", "")

    @in_status(4, 0)
    def on_undo(tok: str, request: gr.Request) -> Any:
        msg = checked(tok, request, "undo", app.restore_article)
        return with_lists(msg)

    delete_btn.click(on_delete_ask, [token, edit_id], [confirm_row, confirm_text], api_visibility="private")
    confirm_btn.click(
        on_delete,
        [token, edit_id],
        [confirm_row, edit_status, table, *pickers, edit_title, edit_author, edit_date, edit_url],
        show_progress_on=[edit_status],
        api_visibility="private",
    )
    cancel_btn.click(lambda: gr.update(visible=False), None, [confirm_row], api_visibility="private")
    undo_btn.click(
        on_undo, [token], [edit_status, table, *pickers], show_progress_on=[edit_status], api_visibility="private"
    )

    compared = gr.State("")  # the stored version the diff was made against

    @in_status(4, 2)
    def on_diff(tok: str, i: str, f: Any, request: gr.Request) -> Any:
        if not f:
            raise gr.Error("请先上传新版本的文件")
        path = uploaded(f)
        shown, changes, stored = checked(
            tok,
            request,
            "update-preview",
            lambda: app.update_preview(i, source_text(f), path.name if path is not None else ""),
        )
        return shown, gr.update(visible=changes), "", stored

    @in_status(6, 0)
    def on_replace(
        tok: str,
        i: str,
        f: Any,
        stored: str,
        request: gr.Request,
        progress: Any = gr.Progress(),  # noqa: B008
    ) -> Any:
        if not f:
            raise gr.Error("请先上传新版本的文件")
        msg = checked(
            tok, request, "replace", lambda: app.replace_article(i, source_text(f), progress, stored, uploaded(f))
        )
        drop_upload(f)
        return (*with_lists(msg, edit=i, impact=i), gr.update(visible=False), None)

    diff_btn.click(
        on_diff,
        [token, edit_id, new_version],
        [diff_out, replace_btn, replace_status, compared],
        api_visibility="private",
    )
    replace_btn.click(
        on_replace,
        [token, edit_id, new_version, compared],
        [replace_status, table, *pickers, replace_btn, new_version],
        show_progress_on=[replace_status],
        api_visibility="private",
    )
    # A different article or file makes the shown comparison stale.
    for source in (edit_id, new_version):
        source.change(lambda: ("", gr.update(visible=False)), None, [diff_out, replace_btn], api_visibility="private")

    @in_status(1, 0)
    def on_impact(tok: str, i: str, request: gr.Request, progress: Any = gr.Progress()) -> Any:  # noqa: B008
        return checked(tok, request, "impact", lambda: app.impact(str(i or "").strip(), progress))

    impact_btn.click(on_impact, [token, impact_id], [impact_out], api_visibility="private")

    _gaps_section(gr, app, token, checked)
    _feedback_section(gr, app, token, checked)
    return table, pickers


def _gaps_section(gr: Any, app: ChatApp, token: Any, checked: Any) -> None:
    """Questions the chat could not answer (refused or 👎), grouped; one can become an eval case."""
    gr.Markdown("### 未覆盖的问题（答不上来或被点踩，相似的问法归为一组，最新在前）")
    with gr.Row():
        gaps_btn = gr.Button("刷新", elem_id="wb-gaps-refresh")
        gaps_page = gr.Number(value=1, precision=0, minimum=1, label="页码", elem_id="wb-gaps-page")
    gaps_info = gr.Markdown(elem_id="wb-gaps-info")
    gaps = gr.Dataframe(
        headers=["#", "问题", "次数", "情况", "最接近的文章", "最近一次"], interactive=False, elem_id="wb-gaps"
    )
    gr.Markdown("#### 把一个问题变成评测用例")
    gap_pick = gr.Dropdown(choices=[], label="选一组问题（或直接在下面填写问题）", elem_id="wb-gap-pick")
    case_question = gr.Textbox(label="问题", elem_id="wb-case-question")
    find_btn = gr.Button("找原文句子", elem_id="wb-case-find")
    evidence = gr.Dropdown(
        choices=[], multiselect=True, label="证据：回答必须引用的原文句子（可多选）", elem_id="wb-case-evidence"
    )
    key_points = gr.Textbox(label="要点：好的回答必须说到的词句，一行一个", lines=3, elem_id="wb-case-points")
    uncovered = gr.Checkbox(label="手册不覆盖这个问题，应当拒答", elem_id="wb-case-uncovered")
    save_case = gr.Button("保存评测用例", variant="primary", elem_id="wb-case-save")
    case_status = gr.Markdown(elem_id="wb-case-status")

    @in_status(3, 1)
    def on_gaps(tok: str, page: Any, request: gr.Request) -> Any:
        rows, info, choices = checked(tok, request, "gaps", lambda: app.gap_groups(int(page or 1)))
        return rows, info, gr.update(choices=choices, value=None)

    gaps_btn.click(on_gaps, [token, gaps_page], [gaps, gaps_info, gap_pick], api_visibility="private")
    gaps_page.submit(on_gaps, [token, gaps_page], [gaps, gaps_info, gap_pick], api_visibility="private")

    @in_status(1, None)
    def on_gap_pick(tok: str, choice: str, request: gr.Request) -> Any:
        def question() -> Any:
            try:
                return str(json.loads(choice)["q"]) if choice else gr.update()
            except (ValueError, KeyError, TypeError):
                return gr.update()

        return checked(tok, request, "gap-pick", question)

    gap_pick.input(on_gap_pick, [token, gap_pick], [case_question], api_visibility="private")

    @in_status(1, None)
    def on_find(tok: str, q: str, request: gr.Request) -> Any:
        found = checked(tok, request, "case-evidence", lambda: app.evidence_choices(q))
        return gr.update(choices=found, value=[])

    find_btn.click(on_find, [token, case_question], [evidence], api_visibility="private")

    @in_status(8, 0)
    def on_save_case(tok: str, q: str, ev: Any, kp: str, unc: bool, gap: str, request: gr.Request) -> Any:
        msg = checked(tok, request, "case-save", lambda: app.save_case(q, kp, list(ev or []), bool(unc), gap or ""))
        rows, info, choices = app.gap_groups(1)
        return msg, rows, info, gr.update(choices=choices, value=None), "", gr.update(choices=[], value=[]), "", False

    save_case.click(
        on_save_case,
        [token, case_question, evidence, key_points, uncovered, gap_pick],
        [case_status, gaps, gaps_info, gap_pick, case_question, evidence, key_points, uncovered],
        api_visibility="private",
    )


def _feedback_section(gr: Any, app: ChatApp, token: Any, checked: Any) -> None:
    gr.Markdown("### 用户反馈：被点踩的回答（最新在前）")
    with gr.Row():
        fb_btn = gr.Button("刷新反馈", elem_id="wb-feedback-refresh")
        fb_page = gr.Number(value=1, precision=0, minimum=1, label="页码", elem_id="wb-feedback-page")
    fb_info = gr.Markdown(elem_id="wb-feedback-info")
    fb = gr.Dataframe(headers=["时间", "问题", "回答", "备注", "模式"], interactive=False, elem_id="wb-feedback")

    @in_status(2, 1)
    def on_feedback(tok: str, page: Any, request: gr.Request) -> Any:
        return checked(tok, request, "feedback", lambda: app.disliked(int(page or 1)))

    fb_btn.click(on_feedback, [token, fb_page], [fb, fb_info], api_visibility="private")
    fb_page.submit(on_feedback, [token, fb_page], [fb, fb_info], api_visibility="private")


def _id_choices(rows: list[list[Any]], **more: Any) -> Any:
    """The edit form's article ids, from the article list's rows."""
    import gradio as gr

    return gr.update(choices=[r[0] for r in rows], **more)


# Gradio's own words on the page (upload box, a bubble's buttons, the footer link), in Chinese.
GRADIO_WORDS = {
    "upload_text.drop_file": "将文件拖放到此处",
    "upload_text.click_to_upload": "点击上传",
    "common.or": "或",
    "chatbot.copy_message": "复制回答",
    "chatbot.copied_message": "已复制",
    "chatbot.like": "有用",
    "chatbot.dislike": "没用",
    "chatbot.clear": "清空对话",
    "errors.use_via_api": "通过 API 调用",
}


# The browser languages Gradio translates its own words into: each gets the page's Chinese ones.
BROWSER_LANGUAGES = ("en", "zh-CN", "zh-TW", "ja", "ko", "fr", "de", "es", "pt", "ru", "it", "ar")


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
    import gradio as gr
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
        head=CITE_JS,
        theme=theme(),
        footer_links=["api"],
        show_error=False,
        # Enforced by the server on every upload route, token or not (an unbounded upload was a free disk fill).
        max_file_size=int(app.settings.max_file_mb * 1_000_000),  # bytes, as the app counts (not MiB)
        app_kwargs={"middleware": [limits]},
        # Gradio's own words follow the browser's language; the page is Chinese whatever the
        # browser says, so its words are too (not "Drop File Here - or - Click to Upload", "Copy message").
        i18n=gr.I18n(**{lang: GRADIO_WORDS for lang in BROWSER_LANGUAGES}),
    )


def theme() -> Any:
    """System fonts only: the default theme fetches web fonts, which air-gapped machines cannot."""
    import gradio as gr

    fonts = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"]
    return gr.themes.Soft(font=fonts, font_mono=["ui-monospace", "monospace"])
