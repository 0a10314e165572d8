"""Eval: Case → Answer → scores. Retrieval, answer grounding and honesty, in numbers, with a
baseline diff, a comparison against the textbook LangChain recipe, an ablation and CI gates.

Every metric is one small named function of (case, answer); it returns NaN where it does not apply
(retrieval metrics on unanswerable cases, honesty metrics on the other kind), and the report
averages over the cases where it applies.
"""

from __future__ import annotations

import json
import math
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.answer import CITE, SUPPORT_MIN, Answerer, is_english, support
from bot.compose import INTENTS, detect_intent
from bot.data import Answer, Hit
from bot.errors import InputError
from bot.settings import Settings
from bot.text import has_cjk

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


SPLITS = ("dev", "test", "heldout")


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
            raise InputError(f"{path}:{n}: not a valid case ({exc})") from None
        if case.answerable and not case.evidence:
            raise InputError(f"{path}:{n}: answerable case {case.id!r} needs at least one evidence span")
        cases.append(case)
    if len({c.id for c in cases}) != len(cases):
        raise InputError(f"{path}: case ids must be unique")
    return cases


def norm(text: str) -> str:
    """NFKC, lower case, no whitespace: the form in which spans are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def contains(passage: str, spans: Iterable[str]) -> bool:
    p = norm(passage)
    return any(norm(s) in p for s in spans)


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
    return float(any(contains(c.text, case.evidence) for c in a.citations))


def key_point_recall(case: Case, a: Answer) -> float:
    if not case.answerable or not case.key_points:
        return NAN
    answer = norm(a.answer)
    return sum(norm(k) in answer for k in case.key_points) / len(case.key_points)


def answer_sentences(answer: str) -> list[tuple[str, list[int]]]:
    """(text, cited numbers) per sentence; a sentence's markers follow it."""
    out: list[tuple[str, list[int]]] = []
    for m in re.finditer(r"([^\[\]\n]+?)((?:\[\d{1,2}\])+)", answer):
        out.append((m.group(1).strip(), [int(n) for n in CITE.findall(m.group(2))]))
    return out


def faithfulness(case: Case, a: Answer) -> float:
    """Share of answer sentences supported by the passages they cite: at least SUPPORT_MIN of the
    sentence's character bigrams occur in them. NaN for refusals and for answers in another
    language than the passages (wording cannot be compared)."""
    if a.refused or not has_cjk(a.answer.split("\n", 1)[-1]):
        return NAN
    by_n = {c.n: c.text for c in a.citations}
    sentences = answer_sentences(a.answer)
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


def retrieval_only(cases: list[Case], retrieve: Callable[[Case], list[Hit]], name: str) -> Run:
    """Retrieval metrics for a configuration that does not answer (the textbook recipe, ablations)."""
    rows = []
    for case in cases:
        started = time.perf_counter()
        hits = retrieve(case)
        ms = (time.perf_counter() - started) * 1000
        a = Answer(case.question, case.question, "", False, "retrieval", hits=hits)
        scores = {m: METRICS[m](case, a) for m in ("hit@1", "hit@5", "mrr", "ctx@1200")}
        scores |= {m: NAN for m in METRICS if m not in scores}
        rows.append({"id": case.id, "timings_ms": {"retrieve": ms, "generate": 0.0, "total": ms}, "scores": scores})
    return Run(name, "retrieval", rows)


def ablations(cases: list[Case], settings: Settings) -> list[Run]:
    """Dense only / BM25 only / hybrid / hybrid + follow-up rewriting, on the same index."""
    from bot.index import Index
    from bot.retrieve import HybridSearcher, standalone_question

    index = Index(settings)
    runs = []
    for name, dense_w, bm25_w, rewrite in (
        ("dense only", 1.0, 0.0, False),
        ("BM25 only", 0.0, 1.0, False),
        ("hybrid", settings.dense_weight, settings.bm25_weight, False),
        ("hybrid + rewriting", settings.dense_weight, settings.bm25_weight, True),
    ):
        searcher = HybridSearcher(replace(settings, dense_weight=dense_w, bm25_weight=bm25_w), index)

        def retrieve(case: Case, s: HybridSearcher = searcher, rw: bool = rewrite) -> list[Hit]:
            q = standalone_question(case.question, case.history) if rw else " ".join([*case.history, case.question])
            return s.retrieve(q, k=5).hits

        runs.append(retrieval_only(cases, retrieve, name))
    return runs


TEXTBOOK_PROMPT = """Use the following pieces of context to answer the question at the end.
If you don't know the answer, just say that you don't know, don't try to make up an answer.

{context}

Question: {question}
Helpful Answer:"""


def textbook_store(settings: Settings, raw_dir: Path, client: Any = None) -> Any:
    """The LangChain tutorial recipe's index: RecursiveCharacterTextSplitter(1000, 200) on the raw
    files, embedded with the same embedder into Chroma (in memory unless `client` is given)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from bot.corpus import read_text
    from bot.embeddings import get_embeddings

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    texts, metas = [], []
    for path in sorted(raw_dir.glob("*.txt")):
        for piece in splitter.split_text(read_text(path)):
            texts.append(piece)
            metas.append({"source": path.name})
    client = client or chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    name = f"textbook-{int(time.time() * 1000)}"
    return Chroma.from_texts(texts, get_embeddings(settings), metadatas=metas, client=client, collection_name=name)


def textbook_recipe(cases: list[Case], settings: Settings, raw_dir: Path) -> Run:
    """The tutorial recipe on the same embedder: dense-only top-4 over `textbook_store`."""
    store = textbook_store(settings, raw_dir)

    def retrieve(case: Case) -> list[Hit]:
        query = " ".join([*case.history, case.question])
        return [
            Hit(str(d.id), d.metadata["source"], d.metadata["source"], "", d.page_content, 1 - s)
            for d, s in store.similarity_search_with_score(query, k=4)
        ]

    run = retrieval_only(cases, retrieve, "textbook LangChain (1000/200, dense top-4)")
    store.delete_collection()
    return run


# --- calibration ---------------------------------------------------------------------------------


L2_CHOICES = (0.1, 1.0, 10.0, 30.0)  # the refusal model's regularisation, picked by leave-one-out on dev


def calibrate(cases: list[Case], answerer: Answerer) -> dict[str, Any]:
    """Fit the refusal gate on the dev split only: the logistic model over retrieval signals
    (bot/refusal.py), and, for the `refuse_below` override and the fake embedder, the cosine
    threshold with the best balanced accuracy. Reports both on the dev cases."""
    from bot.refusal import features, fit

    dev = [c for c in cases if c.split == "dev"]
    if not any(c.answerable for c in dev) or all(c.answerable for c in dev):
        raise InputError('calibration needs dev-split cases of both kinds ("split": "dev")')
    xs, ys = [], []
    for case in dev:
        question = answerer.standalone(case.question, case.history)
        retrieval = answerer.searcher.retrieve(question, k=5)
        xs.append(features(retrieval, is_english(question)))
        ys.append(case.answerable)
    points = [(x[0], y) for x, y in zip(xs, ys, strict=True)]
    # Which gate to ship is decided on the dev split too, by leave-one-out: each dev case judged by
    # a gate fitted without it. In-sample accuracy flatters the model (four weights) over the
    # threshold (one number), and with few unanswerable cases the model can lose out of sample.
    # The model's regularisation is chosen the same way.
    loo: dict[float, list[bool]] = {l2: [] for l2 in L2_CHOICES}
    loo_threshold = []
    for i in range(len(xs)):
        rest_x, rest_y = xs[:i] + xs[i + 1 :], ys[:i] + ys[i + 1 :]
        for l2 in L2_CHOICES:
            loo[l2].append(fit(rest_x, rest_y, l2=l2).p_answerable(xs[i]) >= 0.5)
        cut = _threshold([(x[0], y) for x, y in zip(rest_x, rest_y, strict=True)])["refuse_below"]
        loo_threshold.append(xs[i][0] >= cut)
    l2 = max(L2_CHOICES, key=lambda v: (_balanced(loo[v], ys), v))  # ties: the simpler model
    model_loo, threshold_loo = _balanced(loo[l2], ys), _balanced(loo_threshold, ys)
    model = fit(xs, ys, l2=l2)
    predicted = [model.p_answerable(x) >= 0.5 for x in xs]
    return {
        "l2": l2,
        **({"refusal_model": model.as_dict()} if model_loo > threshold_loo else {}),
        "model_balanced_accuracy_dev": round(_balanced(predicted, ys), 4),
        "model_balanced_accuracy_dev_loo": round(model_loo, 4),
        **_threshold(points),
        "threshold_balanced_accuracy_dev_loo": round(threshold_loo, 4),
        "dev_cases": len(dev),
    }


def leave_articles_out(cases: list[Case], answerer: Answerer) -> list[dict[str, Any]]:
    """The refusal model (the one fitted part of answering) fitted without an article's cases and
    judged on them: does it transfer to an article it never saw? One row per article (a case's
    first tag), answerable cases of all splits; the fit uses the dev split minus that article."""
    from bot.refusal import features, fit

    feats: dict[str, list[float]] = {}
    for case in cases:
        question = answerer.standalone(case.question, case.history)
        feats[case.id] = features(answerer.searcher.retrieve(question, k=5), is_english(question))
    dev = [c for c in cases if c.split == "dev"]
    full = fit([feats[c.id] for c in dev], [c.answerable for c in dev], l2=_l2(answerer))
    rows = []
    articles = sorted({c.tags[0] for c in cases if c.answerable and c.tags})
    for article in articles:
        train = [c for c in dev if not (c.tags and c.tags[0] == article)]
        model = fit([feats[c.id] for c in train], [c.answerable for c in train], l2=_l2(answerer))
        own = [c for c in cases if c.answerable and c.tags and c.tags[0] == article]
        rows.append(
            {
                "article": article,
                "cases": len(own),
                "false_refusals_without_it": sum(model.p_answerable(feats[c.id]) < 0.5 for c in own) / len(own),
                "false_refusals_with_it": sum(full.p_answerable(feats[c.id]) < 0.5 for c in own) / len(own),
                "dev_cases_used": len(train),
            }
        )
    return rows


def _l2(answerer: Answerer) -> float:
    from bot.answer import _calibration

    return float(_calibration().get(answerer.settings.embedder, {}).get("l2", 0.1))


def _balanced(predicted: list[bool], truth: list[bool]) -> float:
    pos = [p for p, t in zip(predicted, truth, strict=True) if t]
    neg = [not p for p, t in zip(predicted, truth, strict=True) if not t]
    return (sum(pos) / max(len(pos), 1) + sum(neg) / max(len(neg), 1)) / 2


def _threshold(points: list[tuple[float, bool]]) -> dict[str, Any]:
    """The cosine threshold that best separates the two kinds (ties → the middle of the best
    interval, for margin)."""
    candidates = sorted({round(s, 4) for s, _ in points})
    best: list[float] = []
    best_score = -1.0
    for t in candidates:
        bal = _balanced([s >= t for s, _ in points], [a for _, a in points])
        if bal > best_score + 1e-9:
            best_score, best = bal, [t]
        elif abs(bal - best_score) <= 1e-9:
            best.append(t)
    lo = best[0]
    below = [s for s in candidates if s < lo]
    return {
        "refuse_below": round(((below[-1] if below else lo) + lo) / 2, 4),
        "threshold_balanced_accuracy_dev": round(best_score, 4),
    }


# --- reporting -----------------------------------------------------------------------------------


def _fmt(v: float, metric: str) -> str:
    if isinstance(v, float) and math.isnan(v):
        return "–"
    return f"{v:.0f}" if metric.endswith("_ms") or metric == "cases" else f"{v:.3f}"


def compare_baseline(run: Run, baseline: dict[str, Any]) -> dict[str, list[str]]:
    """Which cases got better or worse than the committed baseline, on the per-case outcome."""
    before = baseline.get("cases", {})
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
    _chart(out / "report.png", main, others)
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


def _chart(path: Path, main: Run, others: list[Run]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt

    summary = main.summary()
    names = [m for m in METRICS if not math.isnan(summary[m])]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    ax1.barh(names, [summary[m] for m in names], color="#4a7bd0")
    ax1.set_xlim(0, 1)
    ax1.invert_yaxis()
    ax1.set_title(f"metrics ({main.mode}, {len(main.rows)} cases)")
    for stage, color in (("retrieve", "#4a7bd0"), ("total", "#d07b4a")):
        ax2.hist([r["timings_ms"][stage] for r in main.rows], bins=20, alpha=0.6, label=stage, color=color)
    ax2.set_xlabel("ms per case")
    ax2.set_title("latency")
    ax2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


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
            raise InputError(f"--fail-under takes METRIC=VALUE, not {item!r}") from None
    return gates
