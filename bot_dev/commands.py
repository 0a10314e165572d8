"""The commands and options bot_dev adds to `opsbot`: `bench`, and `eval --compare`,
`--calibrate`, `--leave-articles-out`. bot/cli.py calls `register` only where bot_dev imports."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # every `opsbot` command loads this module: no heavy imports at load time
    from bot.answer import Answerer
    from bot.evaluate import Case, Run
    from bot.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def in_checkout() -> bool:
    """The tooling reads the checkout's eval cases and raw articles: a wheel of it has neither."""
    return (REPO / "eval" / "cases.jsonl").is_file()


def register(sub: Any, eval_parser: argparse.ArgumentParser) -> None:
    p = eval_parser
    p.add_argument("--compare", action="store_true", help="also run the textbook recipe and the ablations")
    p.add_argument(
        "--raw", default=str(REPO / "tests" / "fixtures" / "raw"), help="raw articles for the textbook recipe"
    )
    p.add_argument("--calibrate", action="store_true", help="fit the refusal gate on the dev split and store it")
    p.add_argument(
        "--calibration-out",
        default="",
        help="where --calibrate writes (default: calibration.json in the data home, read before the shipped "
        "bot/calibration.json; give that path to change what ships)",
    )
    p.add_argument(
        "--leave-articles-out",
        action="store_true",
        help="refit the refusal model without each article's cases and report how it does on them",
    )

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
    p.add_argument(
        "--impact", action="store_true", help="instead: the workbench's impact preview after adding one article"
    )
    p.add_argument(
        "--formats",
        action="store_true",
        help="instead: adding a long PDF and .docx; the eval on the corpus as PDF/.docx",
    )
    p.add_argument("--out", help="also write the figures as JSON to this file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)


def eval_instead(args: argparse.Namespace, settings: Settings, cases: list[Case], answerer: Answerer) -> int | None:
    """Run --leave-articles-out or --calibrate instead of the eval (None: neither was asked for)."""
    from bot_dev import calibrate as cal

    if args.leave_articles_out:
        print("| article | answerable cases | false refusals, model fitted without it | … with it | dev cases used |")
        print("|---|---|---|---|---|")
        for row in cal.leave_articles_out(cases, answerer):
            print(
                f"| {row['article']} | {row['cases']} | {row['false_refusals_without_it']:.3f} "
                f"| {row['false_refusals_with_it']:.3f} | {row['dev_cases_used']} |"
            )
        return 0
    if args.calibrate:
        result = cal.calibrate(cases, answerer)
        path = Path(args.calibration_out) if args.calibration_out else settings.home / "calibration.json"
        table = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        table[settings.embedder] = result
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"calibrated {settings.embedder}: {json.dumps(result, ensure_ascii=False)} → {path}")
        return 0
    return None


def other_runs(args: argparse.Namespace, settings: Settings, cases: list[Case]) -> list[Run]:
    """The textbook recipe and the ablations, when --compare asks for them."""
    if not args.compare:
        return []
    from bot_dev.textbook import ablations, textbook_recipe

    return [textbook_recipe(cases, settings, Path(args.raw)), *ablations(cases, settings)]


def chart(out: Path, main: Run, others: list[Run]) -> None:
    from bot_dev.charts import chart as draw

    draw(out / "report.png", main, others)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from bot_dev import bench

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.formats:
        result = bench.run_formats(settings, log=log)
        text = bench.formats_table(result)
    elif args.impact:
        result = bench.run_impact_preview(settings, log=log)
        text = bench.impact_table(result)
    elif args.concurrent:
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
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(text)
    return 0
