"""The impact preview: what a corpus change did to the answers, in a trainer's words.

"Before" is the answers as the last preview left them (kept in SQLite, `store.Snapshots`); "after"
is the answers now. The questions are the eval cases (eval/cases.jsonl and the trainers' own
cases) plus questions made from the changed article's headings ("X是什么？"), which show whether
the article is found and cited at all.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.answer import Answerer
from bot.data import Answer, Article
from bot.errors import BotError
from bot.evaluate import Case, load_cases, outcome, score, with_trainer_cases
from bot.store import Snapshot, Snapshots

log = logging.getLogger(__name__)

MAX_PROBES = 20  # heading questions per article (~0.1 s each)
_HEADING = re.compile(r"^#{2,6}\s+(.+)$", re.M)
# "一、", "1.", "（1）", "第一步：" and the like before a heading's words.
_N = "[0-9一二三四五六七八九十]+"
_NUMBERING = re.compile(rf"^(?:[（(]?{_N}[)）.、．:：]\s*|第{_N}[步章节部分个][:：、\s]*)")
_CITE = re.compile(r"\[\d+\]")


@dataclass
class Change:
    """An eval question whose answer is not what it was."""

    question: str
    before: str
    after: str
    verdict: str  # in words: 变好了 / 变差了 / 内容变了


@dataclass
class Probe:
    """A question made from a heading of the changed article, and whether the answer cites it."""

    question: str
    answer: str
    cited: bool
    refused: bool


@dataclass
class Impact:
    questions: int  # eval questions asked
    changed: list[Change] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    article_title: str = ""
    since: str = ""  # when the reference answers were taken ("" when there were none)
    seconds: float = 0.0


def eval_cases(eval_dir: Path, db_path: Path) -> list[Case]:
    """The project's cases (when the eval directory is there) and the trainers' cases."""
    path = eval_dir / "cases.jsonl"
    return with_trainer_cases(load_cases(path) if path.is_file() else [], path, db_path)


def heading_questions(article: Article) -> list[str]:
    """ "X是什么？" for each section heading (a heading that is a question already is asked as it is)."""
    out: list[str] = []
    for raw in _HEADING.findall(article.body):
        h = _NUMBERING.sub("", raw.strip().strip("*").strip()).strip()
        if len(h) < 2:
            continue
        q = h if h.endswith(("？", "?")) else f"{h.rstrip('：:。')}是什么？"
        if q not in out:
            out.append(q)
    return out[:MAX_PROBES]


_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?(?:\[\d+\])*")


def sentence_key(sentence: str) -> str:
    """A sentence as compared: without citation numbers, list marks or spacing."""
    text = re.sub(r"^\s*(?:[-*•]|\d+(?:[.](?!\d)|、))\s*", "", _CITE.sub("", sentence))
    return re.sub(r"[\s。！？!?；;]+", "", text)


def sentences(answer: str) -> list[str]:
    """An answer's sentences, each with the citations after it, in order."""
    return [m.group(0) for line in answer.split("\n") for m in _SENTENCE.finditer(line) if m.group(0).strip()]


def gist(answer: str, refused: bool = False) -> frozenset[str]:
    """What an answer says, for telling whether it changed: its sentences as a set (the same points
    reordered or renumbered are not a change; a corpus change shifts keyword statistics a little
    everywhere). Two refusals say the same: that the nearest articles named in them differ is not
    news to a trainer."""
    if refused:
        return frozenset({"(refused)"})
    return frozenset(k for k in map(sentence_key, sentences(answer)) if k)


def _verdict(case: Case, before: Snapshot, after: Answer, grade: int) -> str:
    """The change in words, from the case's point of view (grades: evaluate.outcome)."""
    if not case.answerable:  # the playbook does not cover it: refusing is right
        if grade != before.grade:
            return (
                "变好了：手册不覆盖这个问题，现在正确地拒答"
                if grade > before.grade
                else "变差了：手册不覆盖这个问题，现在却给出了回答"
            )
    elif grade > before.grade:
        return (
            "变好了：现在引用了该引用的原文" if grade == 2 else "变好了：现在能检索到该引用的原文，但回答还没有引用它"
        )
    elif grade < before.grade:
        if after.refused:
            return "变差了：现在答不上来"
        return "变差了：没有再引用该引用的原文" if grade == 1 else "变差了：该引用的原文既没有引用，也检索不到了"
    if before.refused != after.refused:
        return "现在拒答了" if after.refused else "现在给出了回答"
    return "内容变了，对错未变"


def snapshot_of(case: Case, answer: Answer, taken: str) -> Snapshot:
    row = {"scores": score(case, answer)}
    return Snapshot(case.question, answer.answer, answer.refused, outcome(row), taken)


def case_key(case: Case) -> str:
    return case.id


def take_snapshot(
    answerer: Answerer,
    cases: list[Case],
    snapshots: Snapshots,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> bool:
    """Record today's answers as the reference for the next preview; gives up (nothing saved,
    False) as soon as `stop()` says a change is waiting: a trainer never waits for it."""
    taken = time.strftime("%Y-%m-%d %H:%M")
    snaps = {}
    for i, case in enumerate(cases, 1):
        if stop():
            return False
        snaps[case_key(case)] = snapshot_of(case, answerer.ask(case.question, case.history, "extractive"), taken)
        if progress:
            progress(i, len(cases))
    snapshots.save(snaps)
    return True


def run_impact(
    answerer: Answerer,
    cases: list[Case],
    snapshots: Snapshots,
    article: Article | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Impact:
    """Ask every eval question (and the article's heading questions), compare with the reference
    answers, then make today's answers the reference."""
    started = time.perf_counter()
    before = snapshots.load()
    probes = heading_questions(article) if article else []
    total = len(cases) + len(probes)
    taken = time.strftime("%Y-%m-%d %H:%M")
    impact = Impact(questions=len(cases), article_title=article.title if article else "")
    impact.since = min((s.taken for s in before.values()), default="")
    after: dict[str, Snapshot] = {}
    for i, case in enumerate(cases, 1):
        answer = answerer.ask(case.question, case.history, "extractive")
        snap = after[case_key(case)] = snapshot_of(case, answer, taken)
        old = before.get(case_key(case))
        both_refused = old is not None and old.refused and snap.refused  # (the same words to a trainer)
        if (
            old is not None
            and not both_refused
            and (gist(old.answer, old.refused) != gist(snap.answer, snap.refused) or old.grade != snap.grade)
        ):
            impact.changed.append(
                Change(case.question, old.answer, answer.answer, _verdict(case, old, answer, snap.grade))
            )
        if progress:
            progress(i, total)
    for j, q in enumerate(probes, len(cases) + 1):
        try:
            answer = answerer.ask(q, [], "extractive")
        except BotError as exc:  # (a heading that makes no question: skipped, the rest still run)
            log.info("heading question %r not asked: %s", q, exc)
            continue
        cited = any(c.article_id == article.id for c in answer.citations) if article else False
        impact.probes.append(Probe(q, answer.answer, cited, answer.refused))
        if progress:
            progress(j, total)
    # Worse first, then better, then the rest: what a trainer must look at comes first.
    impact.changed.sort(key=lambda c: (not c.verdict.startswith("变差"), not c.verdict.startswith("变好")))
    snapshots.save(after)
    impact.seconds = time.perf_counter() - started
    return impact
