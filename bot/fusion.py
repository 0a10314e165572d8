"""Dense and keyword rankings → one ranking: weighted reciprocal-rank fusion, then near-duplicates
dropped. Pure functions of their inputs."""

from __future__ import annotations

from dataclasses import replace

from bot.data import Hit
from bot.keyword import bigrams

RRF_K = 60.0  # the usual RRF constant: dampens the gap between rank 1 and rank 2


def fuse(dense: list[Hit], sparse: list[Hit], dense_weight: float, bm25_weight: float) -> list[Hit]:
    """Both rankings fused, best first. `dense` hits carry their cosine in `score`, `sparse` hits
    their BM25 score; the fused hits keep both (`dense_score`, `bm25_score` relative to the best
    keyword match) and score by weighted reciprocal rank."""
    fused: dict[str, Hit] = {}
    for rank, h in enumerate(dense):
        fused[h.chunk_id] = replace(h, score=dense_weight / (RRF_K + rank + 1), dense_score=h.score)
    top_bm25 = sparse[0].score if sparse else 1.0
    for rank, h in enumerate(sparse):
        base = fused.get(h.chunk_id) or replace(h, score=0.0)
        fused[h.chunk_id] = replace(
            base, score=base.score + bm25_weight / (RRF_K + rank + 1), bm25_score=h.score / top_bm25
        )
    return sorted(fused.values(), key=lambda h: -h.score)


def dedupe(hits: list[Hit], k: int, threshold: float = 0.8) -> list[Hit]:
    """The first `k` hits that are not near-copies of a better one. Stops at `k` and computes each
    bigram set once: comparing the whole fused pool pairwise cost more than the search itself."""
    kept: list[tuple[Hit, set[str]]] = []
    for h in hits:
        grams = bigrams(h.text)
        if all(len(grams & g) / max(len(grams | g), 1) < threshold for _, g in kept):
            kept.append((h, grams))
            if len(kept) == k:
                break
    return [h for h, _ in kept]
