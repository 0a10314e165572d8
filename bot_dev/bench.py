"""`opsbot bench`: speed on this machine, measured (never asserted in tests).

One run; each part runs in its own process, so peak RSS is per mode and a cold start is a real one:
- ingest: the bare embedder's throughput on the shipped corpus's chunk texts (the physical limit
  here), our full build of the same chunks, and a no-op re-ingest;
- ask: retrieval, extractive answer, LLM time-to-first-token and total over N eval questions;
- cold start: `opsbot ask` from process start to printed answer, per mode;
- the textbook LangChain recipe (splitter 1000/200, dense top-4, "stuff" prompt) on the same
  machine, embedder and LLM, printed as ratios ours / textbook;
- `--scale N`: a generated corpus of N articles through the normal ingest path.
Everything runs in a temporary data home: the user's index is never touched.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.chunking import sections
from bot.data import Article
from bot.errors import InputError
from bot.evaluate import load_cases, percentile
from bot.settings import Settings
from bot_dev.processes import env_for, rss_mb, served

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "eval" / "cases.jsonl"
RAW = REPO / "tests" / "fixtures" / "raw"
# The targets on 2 cores: (metric, comparison, value).
TARGETS: dict[str, tuple[str, float]] = {
    "ingest_share_of_bare": (">=", 0.90),
    "noop_reingest_s": ("<", 2.0),
    "retrieve_p50_ms": ("<=", 150.0),
    "extractive_p50_ms": ("<=", 400.0),
    "llm_ttft_p50_s": ("<=", 4.0),
    "llm_total_p50_s": ("<=", 12.0),
    "peak_rss_mb": ("<=", 3072.0),
}
Log = Callable[[str], None]


# --- small helpers --------------------------------------------------------------------------------


def stats(xs: list[float]) -> dict[str, float]:
    """p50 / p95 / n, nearest-rank (`bot.evaluate.percentile`: always one of the measurements)."""
    return {"p50": percentile(xs, 0.5), "p95": percentile(xs, 0.95), "n": len(xs)}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def questions(n: int, cases: Path = CASES) -> list[str]:
    """`n` answerable, stand-alone eval questions (repeated in order if there are fewer)."""
    if not cases.is_file():
        raise InputError(f"{cases} not found: `opsbot bench` runs from a checkout (it reads the eval questions)")
    qs = [c.question for c in load_cases(cases) if c.answerable and not c.history]
    return [qs[i % len(qs)] for i in range(n)]


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run `python -m …`; returns (wall seconds, stdout). Raises with the child's stderr on failure."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", *args], env=env, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"`python -m {' '.join(args)}` failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    return time.perf_counter() - started, proc.stdout


def child_json(kind: str, env: dict[str, str], *extra: str) -> dict[str, Any]:
    out = run_child(["bot_dev.bench", "child", kind, *extra], env)[1]
    return json.loads(out.strip().splitlines()[-1])


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6 if path.exists() else 0.0


# --- the parts, each run inside a child process -------------------------------------------------


def part_ingest(settings: Settings) -> dict[str, Any]:
    from bot.chunking import chunk_article, passage_sentences
    from bot.corpus import load_corpus
    from bot.embeddings import get_embeddings
    from bot.index import Index

    articles = load_corpus(settings.corpus_dir)
    chunks = [c for a in articles for c in chunk_article(a, settings.chunk_size, settings.chunk_overlap)]
    texts = [c.embedding_text() for c in chunks]
    t = time.perf_counter()
    emb = get_embeddings(settings)
    emb.embed_documents(texts[:2])  # loads the model: not part of either throughput
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    emb.embed_documents(texts)
    chunks_only_s = time.perf_counter() - t
    # The same embedding work as the ingest: the chunks, and each chunk's sentences when their
    # vectors are stored (OPSBOT_SENTENCE_DIMS > 0: about as much work again as the chunks).
    sentences = [s for c in chunks for s in passage_sentences(c.text)] if settings.sentence_dims > 0 else []
    t = time.perf_counter()
    if sentences:
        emb.embed_documents(sentences)
    bare_s = chunks_only_s + time.perf_counter() - t
    report = Index(settings, emb).ingest(articles, rebuild=True)
    return {
        "chunks": len(texts),
        "sentences": len(sentences),
        "chars": sum(map(len, texts)),
        "model_load_s": load_s,
        "bare_s": bare_s,
        "build_s": report.seconds,
        "bare_chunks_only_per_s": len(texts) / chunks_only_s,
        "bare_chunks_per_s": len(texts) / bare_s,
        "build_chunks_per_s": len(texts) / report.seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


def part_extractive(settings: Settings, qs: list[str]) -> dict[str, Any]:
    from bot.answer import Answerer

    answerer = Answerer(settings)
    answerer.ask(qs[0])  # loads the model, jieba and the BM25 index: cold start is measured apart
    return {**timed_answers(answerer, qs), "peak_rss_mb": peak_rss_mb()}


def timed_answers(answerer: Any, qs: list[str]) -> dict[str, dict[str, float]]:
    """Retrieval alone, then the whole extractive answer, per question: p50/p95 in ms."""
    retrieve, answer = [], []
    for q in qs:
        t = time.perf_counter()
        answerer.searcher.retrieve(q, 5)
        retrieve.append((time.perf_counter() - t) * 1000)
        answerer.forget()  # (the answer retrieves the question anew, as a new hire's would)
        t = time.perf_counter()
        answerer.ask(q)
        answer.append((time.perf_counter() - t) * 1000)
    return {"retrieve_ms": stats(retrieve), "extractive_ms": stats(answer)}


def part_llm(settings: Settings, qs: list[str]) -> dict[str, Any]:
    from bot.answer import Answerer

    answerer = Answerer(settings)
    answerer.ask(qs[0], mode="llm")  # loads both models and puts the system prompt in llama.cpp's cache
    ttft, total, fallbacks = [], [], 0
    for q in qs:
        t = time.perf_counter()
        first = None
        response = answerer.stream(q, mode="llm")
        for _ in response:
            if first is None:
                first = time.perf_counter() - t
        final = response.result()
        end = time.perf_counter() - t
        ttft.append(first if first is not None else end)
        total.append(end)
        fallbacks += bool(final and final.notice)
    return {
        "llm_ttft_s": stats(ttft),
        "llm_total_s": stats(total),
        "llm_fallbacks": fallbacks,
        "peak_rss_mb": peak_rss_mb(),
    }


def part_textbook(settings: Settings, qs: list[str], llm_questions: int) -> dict[str, Any]:
    """The tutorial recipe end to end: split, embed into a persistent Chroma, similarity_search(k=4),
    and the classic "stuff" prompt streamed through the same chat model."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from bot.embeddings import get_embeddings
    from bot_dev.textbook import TEXTBOOK_PROMPT, textbook_store

    get_embeddings(settings).embed_documents(["预热"])  # the model load is not ingest
    client = chromadb.PersistentClient(
        path=str(settings.home / "textbook"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    t = time.perf_counter()
    store = textbook_store(settings, RAW, client)
    ingest_s = time.perf_counter() - t
    texts = store.get()["documents"]
    retrieve = []
    for q in qs:
        t = time.perf_counter()
        store.similarity_search(q, k=4)
        retrieve.append((time.perf_counter() - t) * 1000)
    out: dict[str, Any] = {
        "chunks": len(texts),
        "chars": sum(map(len, texts)),
        "build_s": ingest_s,
        "build_chunks_per_s": len(texts) / ingest_s,
        "retrieve_ms": stats(retrieve),
    }
    if llm_questions:
        from bot.llm import get_chat_model

        model = get_chat_model(settings)
        ttft, total = [], []
        for i, q in enumerate([qs[0], *qs[:llm_questions]]):
            t = time.perf_counter()
            docs = store.similarity_search(q, k=4)
            prompt = TEXTBOOK_PROMPT.format(context="\n\n".join(d.page_content for d in docs), question=q)
            first = None
            for chunk in model.stream(prompt):
                if first is None and chunk.content:
                    first = time.perf_counter() - t
            end = time.perf_counter() - t
            if i:  # the first run loads the model
                ttft.append(first if first is not None else end)
                total.append(end)
        out |= {"llm_ttft_s": stats(ttft), "llm_total_s": stats(total)}
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def cold_start(env: dict[str, str], question: str, mode: str) -> dict[str, float]:
    """Process start → answer printed, as a user of `opsbot ask` sees it; and that process's peak RSS."""
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: wait4 must not wait on a full pipe
        started = time.perf_counter()
        cmd = [sys.executable, "-m", "bot", "ask", "--mode", mode, question]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # wait4: this child's own peak RSS
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            raise RuntimeError(f"`opsbot ask --mode {mode}` failed: {err.read().decode(errors='replace')[-800:]}")
    return {"seconds": wall, "peak_rss_mb": usage.ru_maxrss / 1024}


# --- the run ------------------------------------------------------------------------------------


def run(
    settings: Settings,
    n_questions: int = 30,
    llm: bool = True,
    textbook: bool = True,
    textbook_llm_questions: int = 10,
    log: Log = print,
) -> dict[str, Any]:
    qs = questions(n_questions)
    home = Path(tempfile.mkdtemp(prefix="opsbot-bench-"))
    try:
        env = env_for(settings, home=str(home), models_dir=str(settings.models_dir), chroma_url="")
        result: dict[str, Any] = {
            "machine": {
                "cores": os.cpu_count(),
                "embedder": settings.embedder,
                "llm": settings.llm_url or settings.llm,
            },
            "questions": len(qs),
        }
        log(f"ingest: bare embedder vs full build ({settings.embedder}) …")
        result["ingest"] = child_json("ingest", env)
        log("ingest: no-op re-ingest …")
        result["ingest"]["noop_s"] = run_child(["bot", "ingest"], env)[0]
        log(f"ask: extractive over {len(qs)} questions …")
        result["extractive"] = child_json("extractive", env, str(len(qs)))
        log("cold start, extractive …")
        result["cold_extractive"] = cold_start(env, qs[0], "extractive")
        if llm:
            log(f"ask: LLM over {len(qs)} questions …")
            result["llm"] = child_json("llm", env, str(len(qs)))
            log("cold start, LLM …")
            result["cold_llm"] = cold_start(env, qs[0], "llm")
        if textbook:
            log("textbook recipe …")
            result["textbook"] = child_json("textbook", env, str(len(qs)), str(textbook_llm_questions if llm else 0))
        result["summary"] = summarise(result)
        return result
    finally:
        shutil.rmtree(home, ignore_errors=True)


def summarise(r: dict[str, Any]) -> dict[str, float]:
    """The figures the targets speak about, flat."""
    ing = r["ingest"]
    s = {
        "ingest_share_of_bare": ing["build_chunks_per_s"] / ing["bare_chunks_per_s"],
        "noop_reingest_s": ing["noop_s"],
        "retrieve_p50_ms": r["extractive"]["retrieve_ms"]["p50"],
        "extractive_p50_ms": r["extractive"]["extractive_ms"]["p50"],
    }
    rss = [ing["peak_rss_mb"], r["extractive"]["peak_rss_mb"], r["cold_extractive"]["peak_rss_mb"]]
    if "llm" in r:
        s["llm_ttft_p50_s"] = r["llm"]["llm_ttft_s"]["p50"]
        s["llm_total_p50_s"] = r["llm"]["llm_total_s"]["p50"]
        rss += [r["llm"]["peak_rss_mb"], r["cold_llm"]["peak_rss_mb"]]
    s["peak_rss_mb"] = max(rss)
    return s


def verdict(metric: str, value: float) -> str:
    if metric not in TARGETS:
        return ""
    op, target = TARGETS[metric]
    ok = {"<=": value <= target, "<": value < target, ">=": value >= target}[op]
    return f"{'met' if ok else 'MISSED'} ({op} {target:g})"


def table(r: dict[str, Any]) -> str:
    """metric | ours | textbook | ratio | limit / target."""
    ing, ex, tb = r["ingest"], r["extractive"], r.get("textbook", {})
    rows: list[tuple[str, float | None, float | None, str]] = []

    def add(name: str, ours: float | None, theirs: float | None = None, note: str = "") -> None:
        rows.append((name, ours, theirs, note))

    add(
        "ingest, chunks/s (full build)",
        ing["build_chunks_per_s"],
        tb.get("build_chunks_per_s"),
        f"limit: bare embedder on the same texts (chunks and their {ing.get('sentences', 0)} sentences) "
        f"{ing['bare_chunks_per_s']:.2f} chunks/s; "
        + verdict("ingest_share_of_bare", r["summary"]["ingest_share_of_bare"])
        + f" = {r['summary']['ingest_share_of_bare']:.0%}",
    )
    add(
        "ingest, kchars/s (full build)",
        ing["chars"] / ing["build_s"] / 1000,
        tb["chars"] / tb["build_s"] / 1000 if tb else None,
        f"{ing['chunks']} chunks ours, {tb.get('chunks', '-')} textbook",
    )
    add(
        "re-ingest, nothing changed, s",
        ing["noop_s"],
        tb.get("build_s"),
        verdict("noop_reingest_s", ing["noop_s"]) + "; textbook re-embeds everything",
    )
    for label, key in (("p50", "p50"), ("p95", "p95")):
        add(
            f"retrieval {label}, ms",
            ex["retrieve_ms"][key],
            tb.get("retrieve_ms", {}).get(key),
            verdict("retrieve_p50_ms", ex["retrieve_ms"][key]) if key == "p50" else "",
        )
    for label, key in (("p50", "p50"), ("p95", "p95")):
        add(
            f"extractive answer {label}, ms",
            ex["extractive_ms"][key],
            None,
            verdict("extractive_p50_ms", ex["extractive_ms"][key]) if key == "p50" else "",
        )
    if "llm" in r:
        llm = r["llm"]
        for metric, name in (("llm_ttft_s", "LLM first token"), ("llm_total_s", "LLM total")):
            for key in ("p50", "p95"):
                target = {"llm_ttft_s": "llm_ttft_p50_s", "llm_total_s": "llm_total_p50_s"}[metric]
                add(
                    f"{name} {key}, s",
                    llm[metric][key],
                    tb.get(metric, {}).get(key),
                    verdict(target, llm[metric][key]) if key == "p50" else "",
                )
        add("LLM answers that fell back to extractive", llm["llm_fallbacks"], None, f"of {r['questions']}")
    add("cold start → first answer (extractive), s", r["cold_extractive"]["seconds"])
    if "cold_llm" in r:
        add("cold start → first answer (LLM), s", r["cold_llm"]["seconds"])
    add("peak RSS ingest, MB", ing["peak_rss_mb"], None)
    add("peak RSS extractive (serving), MB", ex["peak_rss_mb"], tb.get("peak_rss_mb"), "textbook: its whole run")
    if "llm" in r:
        add("peak RSS LLM (serving), MB", r["llm"]["peak_rss_mb"], None)
    top = r["summary"]["peak_rss_mb"]
    add("peak RSS, max of all modes, MB", top, None, verdict("peak_rss_mb", top))

    def fmt(x: float | None) -> str:
        if x is None or x != x:
            return "-"
        if isinstance(x, int):
            return str(x)
        return f"{x:.0f}" if abs(x) >= 100 else f"{x:.2f}"

    lines = ["| metric | ours | textbook | ours/textbook | limit / target |", "|---|---|---|---|---|"]
    for name, ours, theirs, note in rows:
        ratio = f"{ours / theirs:.2f}" if ours is not None and theirs else "-"
        lines.append(f"| {name} | {fmt(ours)} | {fmt(theirs)} | {ratio} | {note} |")
    m = r["machine"]
    lines.append("")
    lines.append(f"{m['cores']} cores, embedder {m['embedder']}, LLM {m['llm']}, {r['questions']} questions")
    return "\n".join(lines)


# --- scale ----------------------------------------------------------------------------------------

VARIANTS = ["实战笔记", "案例复盘", "入门讲义", "进阶指南", "面试题解析", "团队培训稿", "一线经验", "常见误区"]
# Role and channel words swapped between variants: same sentence shapes, different subjects.
SWAPS = [
    ["新媒体运营", "内容运营", "社群运营", "活动运营", "用户运营", "产品运营", "电商运营", "渠道运营"],
    ["公众号", "微博", "抖音", "小红书", "知乎", "B站", "视频号"],
    ["拉新", "促活", "留存", "转化", "召回"],
    ["用户", "会员", "粉丝", "客户"],
]


def synth_corpus(seeds: list[Article], n: int, seed: int = 7) -> list[Article]:
    """`n` articles made from the real ones: sections sampled and reordered, paragraphs borrowed
    from other articles, role/channel words swapped, numbers changed. Realistic text statistics
    (vocabulary, lengths, structure) and near-duplicates, like a grown corpus has."""
    rng = random.Random(seed)
    by_article = [(a, _sections(a.body)) for a in seeds]
    pool = [p for _, secs in by_article for _, ps in secs for p in ps]
    out = []
    for i in range(n):
        base, secs = by_article[i % len(by_article)]
        kept = [s for s in secs if rng.random() < 0.85] or secs[:1]
        swap = {w: rng.choice(group) for group in SWAPS for w in group if rng.random() < 0.5}
        parts = []
        for head, paragraphs in kept:
            ps = paragraphs[:]
            rng.shuffle(ps)
            if rng.random() < 0.5:
                ps.insert(rng.randrange(len(ps) + 1), rng.choice(pool))
            parts.append((f"## {head}\n\n" if head else "") + "\n\n".join(ps))
        body = _vary("\n\n".join(parts), swap, rng)
        title = f"{base.title}：{rng.choice(VARIANTS)}（{i + 1:05d}）"
        out.append(Article(id=f"synth-{i + 1:05d}", title=title, body=body, tags=["synthetic"]))
    return out


def _sections(body: str) -> list[tuple[str, list[str]]]:
    """(innermost heading, paragraphs) per section, as the chunker reads them."""
    return [(path.rsplit(" > ", 1)[-1], paragraphs) for path, paragraphs, _ in sections(body)]


def _vary(text: str, swap: dict[str, str], rng: random.Random) -> str:
    if swap:
        words = sorted(swap, key=len, reverse=True)
        text = re.sub("|".join(map(re.escape, words)), lambda m: swap[m.group(0)], text)
    return re.sub(r"\d+", lambda m: str(max(1, int(m.group(0)) + rng.randint(-3, 9))), text)


def run_scale(settings: Settings, n_articles: int, n_questions: int = 50, log: Log = print) -> dict[str, Any]:
    """Generate `n_articles`, ingest them with `opsbot ingest` (the fake embedder at EmbeddingGemma's
    width: a real model would take hours on 2 cores, and its cost is linear and measured by the
    main bench), then measure retrieval, BM25 build/load, an incremental add, and sizes on disk."""
    from bot.corpus import load_corpus, to_markdown, write_atomic

    home = Path(tempfile.mkdtemp(prefix="opsbot-scale-"))
    try:
        corpus = home / "corpus"
        articles = synth_corpus(load_corpus(settings.corpus_dir), n_articles)
        for a in articles:
            write_atomic(corpus / f"{a.id}.md", to_markdown(a))
        env = env_for(
            settings, home=str(home), corpus_dir=str(corpus), embedder="fake:768", chroma_url="", mode="extractive"
        )
        log(f"scale: ingesting {n_articles} generated articles …")
        wall, out = run_child(["bot", "ingest", "--json"], env)
        report = json.loads(out)
        chunks = report["chunks_embedded"]
        r: dict[str, Any] = {
            "articles": n_articles,
            "chunks": chunks,
            "ingest_s": wall,
            "ingest_chunks_per_s": chunks / wall,
            "bm25_build_s": report["bm25_seconds"],
            "chroma_mb": du_mb(home / "chroma"),
            "corpus_mb": du_mb(corpus),
        }
        log("scale: questions in a new process (BM25 loaded from disk) …")
        r["first_process"] = child_json("scale-ask", env, str(n_questions))
        log("scale: again, in another process …")
        r["second_process"] = child_json("scale-ask", env, str(n_questions))
        r["bm25_mb_on_disk"] = du_mb(home / "bm25")
        extra = synth_corpus(load_corpus(settings.corpus_dir), 1, seed=99)[0]
        extra.id = "synth-added"
        write_atomic(corpus / "synth-added.md", to_markdown(extra))
        log("scale: incremental ingest of one added article …")
        r["add_one_s"], out = run_child(["bot", "ingest", "--json"], env)
        r["add_one_bm25_s"] = json.loads(out)["bm25_seconds"]
        r["noop_s"] = run_child(["bot", "ingest"], env)[0]
        r["after_add"] = child_json("scale-ask", env, str(n_questions))
        return r
    finally:
        shutil.rmtree(home, ignore_errors=True)


def part_scale_ask(settings: Settings, qs: list[str]) -> dict[str, Any]:
    from bot.answer import Answerer
    from bot.embeddings import get_embeddings
    from bot.keyword import load_keyword_index

    answerer = Answerer(settings)
    get_embeddings(settings).embed_query("预热")
    base = peak_rss_mb()
    t = time.perf_counter()
    load_keyword_index(answerer.searcher.index)
    bm25_s = time.perf_counter() - t
    bm25_rss = peak_rss_mb() - base
    return {
        "bm25_ready_s": bm25_s,
        "bm25_rss_growth_mb": bm25_rss,
        **timed_answers(answerer, qs),
        "peak_rss_mb": peak_rss_mb(),
    }


def scale_table(r: dict[str, Any]) -> str:
    f, s, a = r["first_process"], r["second_process"], r["after_add"]
    rows = [
        ("articles / chunks", f"{r['articles']} / {r['chunks']}"),
        (
            "`opsbot ingest`, full (fake:768 embedder), s",
            f"{r['ingest_s']:.0f} ({r['ingest_chunks_per_s']:.0f} chunks/s)",
        ),
        ("… of which BM25 build (jieba over every chunk), s", f"{r['bm25_build_s']:.1f}"),
        ("index size on disk (Chroma), MB", f"{r['chroma_mb']:.0f} (corpus {r['corpus_mb']:.0f} MB)"),
        ("BM25 on disk, MB", f"{r['bm25_mb_on_disk']:.0f}"),
        ("BM25 ready in a new process (load from disk), s", f"{f['bm25_ready_s']:.2f} / {s['bm25_ready_s']:.2f}"),
        ("BM25 resident memory, MB", f"{s['bm25_rss_growth_mb']:.0f}"),
        ("retrieval p50 / p95, ms", f"{s['retrieve_ms']['p50']:.0f} / {s['retrieve_ms']['p95']:.0f}"),
        ("extractive answer p50 / p95, ms", f"{s['extractive_ms']['p50']:.0f} / {s['extractive_ms']['p95']:.0f}"),
        ("add one article: `opsbot ingest`, s", f"{r['add_one_s']:.1f} (BM25 update {r['add_one_bm25_s']:.1f})"),
        ("no-op `opsbot ingest`, s", f"{r['noop_s']:.1f}"),
        ("retrieval p50 after that add, ms", f"{a['retrieve_ms']['p50']:.0f}"),
        ("peak RSS while answering, MB", f"{max(f['peak_rss_mb'], s['peak_rss_mb']):.0f}"),
    ]
    return "\n".join(["| at scale | figure |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


# --- concurrent chats against a running server ---------------------------------------------------


def conversations(cases: Path = CASES) -> list[list[str]]:
    """Eval conversations: a follow-up case is its history plus its question; the rest stand alone."""
    return [[*case.history, case.question] for case in load_cases(cases)]


def run_load(url: str, pid: int, sessions: int, seconds: float, log: Log = print) -> dict[str, Any]:
    """`sessions` chat sessions, each its own client (own Gradio session), asking eval conversations
    (follow-ups with their own history) through the queue for `seconds`. Every answer is compared
    with the one the same question and history got when asked alone: extractive answers are
    deterministic, so any difference is state leaking between sessions."""
    from gradio_client import Client

    convs = conversations()
    turns = [(c[i], tuple(c[:i])) for c in convs for i in range(len(c))]
    probe = Client(url, verbose=False)
    expected: dict[tuple[str, tuple[str, ...]], tuple[str, list[str]]] = {}
    log(f"load: {len(turns)} reference answers, one at a time …")
    for q, h in turns:
        out = probe.predict(q, list(h), "extractive", api_name="/ask")
        expected[(q, h)] = (out.get("answer", ""), [c["chunk_id"] for c in out.get("citations", [])])
    clients = [Client(url, verbose=False) for _ in range(sessions)]
    latencies: list[float] = []
    errors: list[str] = []
    mismatches: list[str] = []
    lock = threading.Lock()
    rss = [rss_mb(pid)]
    stop = time.perf_counter() + seconds

    def session(n: int) -> None:
        client = clients[n]
        i = n * 7  # sessions start at different conversations
        while time.perf_counter() < stop:
            conv = convs[i % len(convs)]
            for t in range(len(conv)):
                q, h = conv[t], tuple(conv[:t])
                started = time.perf_counter()
                try:
                    out = client.predict(q, list(h), "extractive", api_name="/ask")
                except Exception as exc:  # any failure is a finding, reported below
                    with lock:
                        errors.append(f"{exc.__class__.__name__}: {exc}"[:200])
                    continue
                elapsed = time.perf_counter() - started
                got = (out.get("answer", ""), [c["chunk_id"] for c in out.get("citations", [])])
                with lock:
                    latencies.append(elapsed * 1000)
                    if "error" in out:
                        errors.append(str(out["error"])[:200])
                    elif got != expected[(q, h)]:
                        mismatches.append(q)
            i += 1

    log(f"load: {sessions} sessions for {seconds:.0f} s …")
    threads = [threading.Thread(target=session, args=(n,)) for n in range(sessions)]
    started = time.perf_counter()
    for th in threads:
        th.start()
    while any(th.is_alive() for th in threads):
        time.sleep(1)
        rss.append(rss_mb(pid))
    elapsed = time.perf_counter() - started
    return {
        "sessions": sessions,
        "seconds": elapsed,
        "requests": len(latencies),
        "throughput_per_s": len(latencies) / elapsed,
        "latency_ms": stats(latencies),
        "errors": errors,
        "mismatches": mismatches,
        "rss_mb": {"start": rss[0], "end": rss[-1], "max": max(rss)},
    }


def load_table(r: dict[str, Any]) -> str:
    lat, rss = r["latency_ms"], r["rss_mb"]
    rows = [
        ("concurrent chat sessions", f"{r['sessions']} for {r['seconds']:.0f} s"),
        ("answers", f"{r['requests']} ({r['throughput_per_s']:.1f}/s)"),
        ("latency p50 / p95, ms", f"{lat['p50']:.0f} / {lat['p95']:.0f}"),
        ("errors", str(len(r["errors"]))),
        ("answers differing from the same question asked alone", str(len(r["mismatches"]))),
        ("server RSS start / end / max, MB", f"{rss['start']:.0f} / {rss['end']:.0f} / {rss['max']:.0f}"),
    ]
    return "\n".join(["| load | figure |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def run_served_load(settings: Settings, sessions: int, seconds: float, log: Log = print) -> dict[str, Any]:
    """Serve the configured index (read-only) in a child process and load it."""
    tmp = Path(tempfile.mkdtemp(prefix="opsbot-load-"))
    try:
        with served(env_for(settings), tmp / "serve.log") as (url, proc):
            return run_load(url, proc.pid, sessions, seconds, log)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- child entry point ----------------------------------------------------------------------------


def child(argv: list[str]) -> None:
    kind, *rest = argv
    settings = Settings.from_env()
    n = int(rest[0]) if rest else 30
    if kind == "ingest":
        out = part_ingest(settings)
    elif kind == "extractive":
        out = part_extractive(settings, questions(n))
    elif kind == "llm":
        out = part_llm(settings, questions(n))
    elif kind == "textbook":
        out = part_textbook(settings, questions(n), int(rest[1]))
    elif kind == "scale-ask":
        out = part_scale_ask(settings, questions(n))
    else:
        raise SystemExit(f"unknown bench part {kind!r}")
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        child(sys.argv[2:])


# --- the workbench's impact preview --------------------------------------------------------------

TRAINER_ARTICLE = """# 私域社群运营手册

私域社群运营，是品牌在企业微信群、QQ 群等自有渠道里，长期经营已经成交或有意向的用户，目标是复购、转介绍和口碑。

## 一、社群搭建的三个步骤

1. 定位：想清楚这个群为谁服务、解决什么问题，写成一句话放在群公告里。
2. 拉新：第一批成员从老客户里邀请，每人给一张专属优惠券，保证群里有真实用户。
3. 促活：每周固定两次话题活动，比如周二答疑、周五晒单，让成员形成习惯。

## 二、群规怎么定

群规不超过五条：群的定位、鼓励的行为、禁止的行为、违规的处理、管理员是谁。违规先私聊提醒，第二次警告，第三次移出。

## 三、衡量社群的指标

- 活跃率：每周发言人数除以群成员数，健康的群在 15% 以上。
- 复购率：群成员 90 天内再次购买的比例。
- 转介绍率：由群成员邀请而来的新客户占比。

## 四、常见误区

只拉群不运营，群很快变成广告群；一个运营同时管五十个群，每个群都顾不上。
"""


def run_impact_preview(settings: Settings, log: Log = print) -> dict[str, Any]:
    """Seconds a trainer waits for the impact preview after adding one article, with the index's
    real embedder, on a copy of the data home (the user's index is never touched)."""
    from bot import impact as impact_mod
    from bot.ui import ChatApp

    with tempfile.TemporaryDirectory(prefix="opsbot-impact-") as tmp:
        root = Path(tmp)
        home = root / "home"
        home.mkdir()
        for part in ("chroma", "bm25"):
            if (settings.home / part).is_dir():
                shutil.copytree(settings.home / part, home / part)
        shutil.copytree(settings.corpus_dir, root / "corpus")
        s = Settings(
            **{
                **settings.__dict__,
                "home": home,
                "corpus_dir": root / "corpus",
                "models_dir": settings.models_dir,
                "chroma_url": "",  # (the copy, never a shared server's index)
            }
        )
        app = ChatApp(s)
        app.library.reindex()  # (nothing to do on a copy of an index; builds one where there was none)
        t = time.perf_counter()
        app.answerer.ask("运营是什么", mode="extractive")  # (loads the models: not part of the wait)
        load_s = time.perf_counter() - t
        cases = app.impact_cases()
        log(f"impact: recording the reference answers to {len(cases)} questions")
        t = time.perf_counter()
        impact_mod.take_snapshot(app.answerer, cases, app.snapshots)  # (what login starts in the background)
        reference_s = time.perf_counter() - t
        log("impact: adding one article")
        t = time.perf_counter()
        _, article_id = app.add_article(TRAINER_ARTICLE, "", "")
        add_s = time.perf_counter() - t
        log("impact: the preview")
        t = time.perf_counter()
        report = app.impact(article_id)
        impact_s = time.perf_counter() - t
    changed = re.search(r"(\d+) 个问题的回答变了", report)
    cited = re.search(r"(\d+) 个问题中，(\d+) 个的回答引用了这篇文章", report)
    return {
        "embedder": s.embedder,
        "questions": len(cases),
        "model_load_s": load_s,
        "reference_s": reference_s,
        "add_s": add_s,
        "impact_s": impact_s,
        "answers_changed": int(changed.group(1)) if changed else 0,
        "heading_questions": int(cited.group(1)) if cited else 0,
        "heading_questions_citing_it": int(cited.group(2)) if cited else 0,
        "peak_rss_mb": peak_rss_mb(),
        # The preview as the trainer reads it, one table row per line (for --out / --json).
        "report_text": re.sub(r"<[^>]+>", " ", report.replace("</tr>", "\n").replace("</p>", "\n")),
    }


def impact_table(r: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"impact preview after adding one article ({r['embedder']}, {r['questions']} eval questions):",
            "| step | seconds |",
            "|---|---|",
            f"| reference answers (at login, in the background) | {r['reference_s']:.1f} |",
            f"| add the article (clean, embed, index) | {r['add_s']:.1f} |",
            f"| impact preview (ask everything again + the article's headings) | {r['impact_s']:.1f} |",
            "",
            f"answers changed: {r['answers_changed']}; heading questions citing the new article: "
            f"{r['heading_questions_citing_it']} of {r['heading_questions']}; peak RSS {r['peak_rss_mb']:.0f} MB",
        ]
    )


# --- documents: PDF and Word ---------------------------------------------------------------------


def run_formats(settings: Settings, log: Log = print) -> dict[str, Any]:
    """Issue 15's figures: seconds to add a long PDF and a long .docx (extract + clean + embed, the
    index's embedder), and the eval on the corpus converted to PDF and to .docx and added instead of
    the Markdown, against the Markdown corpus. Temporary data homes; the user's index is untouched."""
    from playwright.sync_api import sync_playwright

    from bot import evaluate as ev
    from bot.answer import Answerer
    from bot.corpus import add_file
    from bot.library import Library
    from bot_dev.documents import CHROMIUM, combined, print_pdf, write_docx

    sources = sorted(settings.corpus_dir.glob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    cases = load_cases(CASES)
    result: dict[str, Any] = {"embedder": settings.embedder, "articles": len(sources)}
    with tempfile.TemporaryDirectory(prefix="opsbot-formats-") as tmp, sync_playwright() as pw:
        root = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])

        def fresh(name: str) -> Settings:
            (root / name / "corpus").mkdir(parents=True)
            return Settings(
                **{
                    **settings.__dict__,
                    "home": root / name / "home",
                    "corpus_dir": root / name / "corpus",
                    "models_dir": settings.models_dir,
                    "chroma_url": "",
                }
            )

        # 1. One long document of each kind, added as a trainer adds it.
        import pdfplumber

        handbook = combined("运营手册合订本", texts[: max(1, len(texts) // 2)])  # (~30 A5 pages)
        pdf = print_pdf(handbook, root / "handbook.pdf", browser)
        with pdfplumber.open(pdf) as doc:
            result["pdf_pages"] = len(doc.pages)
        docx_text = combined("运营手册合订本（Word）", texts[: max(1, len(texts) * 2 // 3)])
        docx = write_docx(docx_text, root / "handbook.docx")
        result["docx_chars"] = len(docx_text)
        result["docx_pages_approx"] = round(len(docx_text) / 700)  # (a Word page holds ~700 CJK characters)
        for kind, path in (("pdf", pdf), ("docx", docx)):
            s = fresh(f"long-{kind}")
            library = Library(s)
            library.reindex()  # (an empty index: loads the embedder, so it is not counted below)
            log(f"formats: adding a long {kind}")
            started = time.perf_counter()
            _, report = library.add_document(path)
            result[f"{kind}_add_s"] = time.perf_counter() - started
            result[f"{kind}_chunks"] = report.chunks_embedded
        # 2. The corpus as PDFs and as .docx instead of Markdown: the same eval.
        runs: dict[str, dict[str, float]] = {}
        for kind in ("markdown", "pdf", "docx"):
            s = fresh(f"corpus-{kind}")
            for src, text in zip(sources, texts, strict=True):
                if kind == "markdown":  # (the corpus as it is)
                    shutil.copyfile(src, s.corpus_dir / src.name)
                    continue
                if kind == "pdf":
                    path = print_pdf(text, root / f"{src.stem}.pdf", browser)
                else:
                    path = write_docx(text, root / f"{src.stem}.docx", table=False)
                add_file(s, path, article_id=src.stem)
            log(f"formats: indexing the corpus as {kind}")
            Library(s).reindex()
            log(f"formats: eval on the {kind} corpus")
            run = ev.run_cases(cases, Answerer(s), "extractive")
            runs[kind] = {
                "all_key_point_recall": run.summary()["key_point_recall"],
                "all_evidence_cited": run.summary()["evidence_cited"],
                "test_key_point_recall": run.summary(split="test")["key_point_recall"],
                "test_evidence_cited": run.summary(split="test")["evidence_cited"],
            }
        browser.close()
    result["eval"] = runs
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def formats_table(r: dict[str, Any]) -> str:
    lines = [
        f"documents ({r['embedder']}):",
        "| document | size | chunks | seconds to add (extract + clean + embed) |",
        "|---|---|---|---|",
        f"| PDF printed by Chromium | {r['pdf_pages']} pages | {r['pdf_chunks']} | {r['pdf_add_s']:.1f} |",
        f"| .docx by python-docx | {r['docx_chars']} chars (≈ {r['docx_pages_approx']} pages) "
        f"| {r['docx_chunks']} | {r['docx_add_s']:.1f} |",
        "",
        f"the {r['articles']} corpus articles added as PDF / .docx instead of Markdown (extractive eval):",
        "| corpus | key-point recall (all / test) | evidence cited (all / test) |",
        "|---|---|---|",
    ]
    for kind, v in r["eval"].items():
        lines.append(
            f"| {kind} | {v['all_key_point_recall']:.3f} / {v['test_key_point_recall']:.3f} "
            f"| {v['all_evidence_cited']:.3f} / {v['test_evidence_cited']:.3f} |"
        )
    return "\n".join(lines)
