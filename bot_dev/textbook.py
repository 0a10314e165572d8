"""The comparisons `opsbot eval --compare` adds: the textbook LangChain recipe on the same
embedder, and ablations of our retrieval (dense only, BM25 only, hybrid, hybrid + rewriting)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.data import Answer, Hit
from bot.evaluate import METRICS, NAN, Case, Run
from bot.settings import Settings


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
    from bot.followup import standalone_question
    from bot.index import Index
    from bot.retrieve import HybridSearcher

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

    from bot.decode import read_text
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
