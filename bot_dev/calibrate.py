"""Fitting the refusal gate (`opsbot eval --calibrate`) and checking that it transfers
(`opsbot eval --leave-articles-out`). Dev split only: the test split is never looked at here."""

from __future__ import annotations

from typing import Any

from bot.answer import Answerer, is_english
from bot.errors import InputError
from bot.evaluate import Case
from bot.refusal import calibration_entry

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
    return float(calibration_entry(answerer.settings).get("l2", 0.1))


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
