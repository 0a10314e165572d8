"""Eval: Case → Answer → scores. Retrieval, answer grounding and honesty, in numbers, with a
baseline diff and CI gates (the textbook comparison, ablations, calibration and the chart are
development tooling: bot_dev/).

Every metric is one small named function of (case, answer); it returns NaN where it does not apply
(retrieval metrics on unanswerable cases, honesty metrics on the other kind), and the report
averages over the cases where it applies.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answer import SUPPORT_MIN, Answerer, support
from bot.compose import INTENTS, detect_intent
from bot.corpus import write_atomic
from bot.data import Answer, Hit
from bot.errors import InputError
from bot.text import CITE, cited_claims, compact, has_cjk

log = logging.getLogger(__name__)

NAN = float("nan")
CTX_CHARS = 1200


@dataclass
class Case:
    id: str
    question: str
    history: list[str] = field(default_factory=list)
    answerable: bool = True
    evidence: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # "dev": everything tuned (weights, thresholds, the refusal model, intent rules) is tuned on
    # these only; "test": reported, never tuned on; "heldout": cases about articles written after
    # tuning (eval/heldout/raw), reported on their own. A case that does not say is a test case.
    split: str = "test"


SPLITS = ("dev", "test", "heldout", "trainer")  # "trainer": cases written in the workbench
TRAINER_CASES_FILE = "trainer_cases.jsonl"  # beside cases.jsonl: trainers' cases exported from the database


def load_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    known = set(Case.__dataclass_fields__)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            # History turns may be [question, answer] pairs; only the questions are replayed: the
            # bot recomposes its own previous answer, as it does in the chat.
            raw["history"] = [h[0] if isinstance(h, list) else h for h in raw.get("history", [])]
            case = Case(**{k: v for k, v in raw.items() if k in known})  # unknown keys are ignored
        except (ValueError, TypeError) as exc:
            log.info("%s:%d: bad case: %s", path, n, exc)
            raise InputError(f"{path}:{n}: not a valid case ({exc})") from None
        if case.answerable and not case.evidence:
            raise InputError(f"{path}:{n}: answerable case {case.id!r} needs at least one evidence span")
        cases.append(case)
    if len({c.id for c in cases}) != len(cases):
        raise InputError(f"{path}: case ids must be unique")
    return cases


def contains(passage: str, spans: Iterable[str]) -> bool:
    p = compact(passage)
    return any(compact(s) in p for s in spans)


# --- metrics: (case, answer) → float or NaN ------------------------------------------------------


def first_evidence_rank(case: Case, hits: list[Hit]) -> int | None:
    for rank, h in enumerate(hits, 1):
        if contains(h.text, case.evidence):
            return rank
    return None


def hit_at_1(case: Case, a: Answer) -> float:
    if not case.answerable:
        return NAN
    return float(first_evidence_rank(case, a.hits) == 1)


def hit_at_5(case: Case, a: Answer) -> float:
    if not case.answerable:
        return NAN
    rank = first_evidence_rank(case, a.hits)
    return float(rank is not None and rank <= 5)


def mrr(case: Case, a: Answer) -> float:
    if not case.answerable:
        return NAN
    rank = first_evidence_rank(case, a.hits)
    return 1.0 / rank if rank else 0.0


def ctx_at_1200(case: Case, a: Answer) -> float:
    """Evidence within the first 1,200 characters of the retrieved context: fair across chunk sizes."""
    if not case.answerable:
        return NAN
    return float(contains("".join(h.text for h in a.hits)[:CTX_CHARS], case.evidence))


def evidence_cited(case: Case, a: Answer) -> float:
    if not case.answerable:
        return NAN
    return float(any(contains(f"{c.section}\n{c.text}", case.evidence) for c in a.citations))


def key_point_recall(case: Case, a: Answer) -> float:
    if not case.answerable or not case.key_points:
        return NAN
    answer = compact(a.answer)
    return sum(compact(k) in answer for k in case.key_points) / len(case.key_points)


def faithfulness(case: Case, a: Answer) -> float:
    """Share of answer sentences supported by the passages they cite (heading path and text, as
    the sources panel shows them): at least SUPPORT_MIN of the sentence's character bigrams occur
    in them. NaN for refusals and for answers in another
    language than the passages (wording cannot be compared)."""
    if a.refused or not has_cjk(a.answer.split("\n", 1)[-1]):
        return NAN
    by_n = {c.n: f"{c.section}\n{c.text}" for c in a.citations}
    sentences = cited_claims(a.answer)
    if not sentences:
        return 0.0
    ok = sum(support(text, [by_n[n] for n in ns if n in by_n]) >= SUPPORT_MIN for text, ns in sentences)
    return ok / len(sentences)


def citation_validity(case: Case, a: Answer) -> float:
    markers = [int(n) for n in CITE.findall(a.answer)]
    if a.refused or not markers:
        return NAN
    valid = {c.n for c in a.citations}
    return sum(n in valid for n in markers) / len(markers)


def refusal_accuracy(case: Case, a: Answer) -> float:
    return NAN if case.answerable else float(a.refused)


def false_refusal_rate(case: Case, a: Answer) -> float:
    return float(a.refused) if case.answerable else NAN


METRICS: dict[str, Callable[[Case, Answer], float]] = {
    "hit@1": hit_at_1,
    "hit@5": hit_at_5,
    "mrr": mrr,
    "ctx@1200": ctx_at_1200,
    "evidence_cited": evidence_cited,
    "key_point_recall": key_point_recall,
    "faithfulness": faithfulness,
    "citation_validity": citation_validity,
    "refusal_accuracy": refusal_accuracy,
    "false_refusal_rate": false_refusal_rate,
}
LOWER_IS_BETTER = {"false_refusal_rate"}


def mean(values: Iterable[float]) -> float:
    vals = [v for v in values if not math.isnan(v)]
    return sum(vals) / len(vals) if vals else NAN


def percentile(values: list[float], q: float) -> float:
    if not values:
        return NAN
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


def with_trainer_cases(cases: list[Case], cases_path: Path, db_path: Path) -> list[Case]:
    """`cases` plus the trainers' cases: those exported beside the cases file and those still only
    in the data home's database (`opsbot export`-ed ones are not run twice)."""
    from bot.store import Store, TrainerCases

    extra: list[Case] = []
    exported = cases_path.with_name(TRAINER_CASES_FILE)
    if exported.is_file():
        extra += load_cases(exported)
    if db_path.is_file():
        known = set(Case.__dataclass_fields__)
        extra += [Case(**{k: v for k, v in c.items() if k in known}) for c in TrainerCases(Store(db_path)).entries()]
    out, seen = list(cases), {c.id for c in cases}
    for case in extra:
        if case.id not in seen:
            out.append(case)
            seen.add(case.id)
    return out


def export_trainer_cases(db_path: Path, cases_path: Path) -> tuple[Path, int]:
    """The database's trainer cases written beside the cases file, so that they travel with the repo."""
    from bot.store import Store, TrainerCases

    if not db_path.is_file():
        raise InputError("这个数据目录里还没有培训师写的评测用例（数据库不存在），没有可导出的内容")
    rows = TrainerCases(Store(db_path)).entries()
    target = cases_path.with_name(TRAINER_CASES_FILE)
    keep = ("id", "question", "answerable", "evidence", "key_points", "tags", "split")
    # Merged into what is there (cases exported from other installations stay), this database's
    # version of a case winning.
    merged: dict[str, dict[str, Any]] = {c.id: dict(c.__dict__) for c in load_cases(target)} if target.is_file() else {}
    merged |= {r["id"]: r for r in rows}
    lines = [json.dumps({k: r[k] for k in keep if k in r}, ensure_ascii=False) + "\n" for r in merged.values()]
    write_atomic(target, "".join(lines))
    return target, len(rows)


# --- running -------------------------------------------------------------------------------------


@dataclass
class Run:
    """One pass of the cases through one configuration."""

    name: str
    mode: str
    rows: list[dict[str, Any]]  # per case: the ask --json object, the case id and its scores

    def summary(self, split: str | None = None, intent: str | None = None) -> dict[str, float]:
        rows = [
            r
            for r in self.rows
            if (split is None or r.get("split", "test") == split) and (intent is None or r.get("intent") == intent)
        ]
        out = {m: mean(r["scores"][m] for r in rows) for m in METRICS}
        out["cases"] = float(len(rows))
        for stage in ("retrieve", "generate", "total"):
            values = [r["timings_ms"][stage] for r in rows]
            out[f"{stage}_p50_ms"] = percentile(values, 0.5)
            out[f"{stage}_p95_ms"] = percentile(values, 0.95)
        return out


def score(case: Case, a: Answer) -> dict[str, float]:
    return {name: fn(case, a) for name, fn in METRICS.items()}


def run_cases(
    cases: list[Case],
    answerer: Answerer,
    mode: str,
    name: str = "opsbot",
    progress: Callable[[int, int], None] | None = None,
) -> Run:
    rows = []
    for i, case in enumerate(cases, 1):
        a = answerer.ask(case.question, case.history, mode)
        intent = detect_intent(a.rewritten_question)
        rows.append({"id": case.id, "split": case.split, "intent": intent, **a.as_dict(), "scores": score(case, a)})
        if progress:
            progress(i, len(cases))
    return Run(name, mode, rows)


# --- reporting -----------------------------------------------------------------------------------


def _fmt(v: float, metric: str) -> str:
    if isinstance(v, float) and math.isnan(v):
        return "–"
    return f"{v:.0f}" if metric.endswith("_ms") or metric == "cases" else f"{v:.3f}"


def compare_baseline(run: Run, baseline: dict[str, Any]) -> dict[str, list[str]]:
    """Which cases got better or worse than the committed baseline, on the per-case outcome."""
    before = baseline.get("cases", {})
    if not isinstance(before, dict):
        raise InputError(
            'the baseline has no per-case outcomes ("cases" must map case ids to 0/1/2): '
            "write it again with `opsbot eval --write-baseline`"
        )
    better, worse = [], []
    for row in run.rows:
        old = before.get(row["id"])
        if old is None:
            continue
        new = outcome(row)
        if new > old:
            better.append(row["id"])
        elif new < old:
            worse.append(row["id"])
    return {"better": better, "worse": worse}


def outcome(row: dict[str, Any]) -> int:
    """A per-case grade for diffs: 0 wrong, 1 found but not cited, 2 right (cited / refused)."""
    s = row["scores"]
    if not math.isnan(s["refusal_accuracy"]):
        return 2 * int(s["refusal_accuracy"])
    if s["evidence_cited"] == 1.0:
        return 2
    return 1 if s["hit@5"] == 1.0 else 0


def write_report(out: Path, main: Run, others: list[Run], diff: dict[str, list[str]] | None) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "answers.jsonl").open("w", encoding="utf-8") as f:
        for row in main.rows:
            f.write(json.dumps(_json_safe(row), ensure_ascii=False) + "\n")
    report = {
        "mode": main.mode,
        "cases": len(main.rows),
        "summary": main.summary(),
        "by_split": {s: main.summary(split=s) for s in SPLITS if any(r.get("split") == s for r in main.rows)},
        "by_intent": {i: main.summary(intent=i) for i in INTENTS if any(r.get("intent") == i for r in main.rows)},
        "comparison": {r.name: r.summary() for r in [main, *others]},
        "baseline_diff": diff,
        "per_case": {row["id"]: outcome(row) for row in main.rows},
    }
    (out / "report.json").write_text(json.dumps(_json_safe(report), ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "report.md").write_text(markdown_report(main, others, diff), encoding="utf-8")
    return report


def markdown_report(main: Run, others: list[Run], diff: dict[str, list[str]] | None) -> str:
    runs = [main, *others]
    metrics = [
        *METRICS,
        "retrieve_p50_ms",
        "retrieve_p95_ms",
        "generate_p50_ms",
        "generate_p95_ms",
        "total_p50_ms",
        "total_p95_ms",
    ]
    lines = [f"# opsbot eval — {main.mode} mode, {len(main.rows)} cases", ""]
    lines.append("| metric | " + " | ".join(r.name for r in runs) + " |")
    lines.append("|---|" + "---|" * len(runs))
    sums = [r.summary() for r in runs]
    for m in metrics:
        lines.append(f"| {m} | " + " | ".join(_fmt(s[m], m) for s in sums) + " |")
    if diff is not None:
        lines += ["", f"Against the baseline: better {diff['better'] or '—'}, worse {diff['worse'] or '—'}."]
    lines += ["", "By split (tuning used dev only; test is the reported figure):", ""]
    lines += _breakdown(main, [(s, {"split": s}) for s in SPLITS if any(r.get("split") == s for r in main.rows)])
    present = [i for i in INTENTS if any(r.get("intent") == i for r in main.rows)]
    lines += ["", "By intent (all splits):", ""]
    lines += _breakdown(main, [(i, {"intent": i}) for i in present])
    failing = [r["id"] for r in main.rows if outcome(r) < 2]
    lines += ["", f"Cases not fully right ({len(failing)}): {', '.join(failing) or '—'}", ""]
    return "\n".join(lines)


BREAKDOWN = (
    "cases",
    "hit@1",
    "evidence_cited",
    "key_point_recall",
    "faithfulness",
    "refusal_accuracy",
    "false_refusal_rate",
)


def _breakdown(run: Run, groups: list[tuple[str, dict[str, str]]]) -> list[str]:
    lines = ["| | " + " | ".join(BREAKDOWN) + " |", "|---|" + "---|" * len(BREAKDOWN)]
    for name, where in groups:
        s = run.summary(**where)
        lines.append(f"| {name} | " + " | ".join(_fmt(s[m], m) for m in BREAKDOWN) + " |")
    return lines


def _json_safe(obj: Any) -> Any:
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_json_safe(v) for v in obj]
    return obj


def check_gates(summary: dict[str, float], gates: dict[str, float]) -> list[str]:
    """Failures as readable lines; metrics where lower is better gate from above."""
    failures = []
    for metric, bound in gates.items():
        if metric not in summary:
            raise InputError(f"unknown metric {metric!r} in a gate; known: {', '.join(summary)}")
        value = summary[metric]
        if math.isnan(value):
            failures.append(f"{metric} is NaN (no case to measure it on)")
        elif metric in LOWER_IS_BETTER or metric.endswith("_ms"):
            if value > bound:
                failures.append(f"{metric} = {value:.3f} is above the gate {bound}")
        elif value < bound:
            failures.append(f"{metric} = {value:.3f} is below the gate {bound}")
    return failures


def parse_gates(items: list[str]) -> dict[str, float]:
    gates = {}
    for item in items:
        metric, _, value = item.partition("=")
        try:
            gates[metric.strip()] = float(value)
        except ValueError:
            log.info("bad gate %r", item)
            raise InputError(f"--fail-under takes METRIC=VALUE, not {item!r}") from None
    return gates
