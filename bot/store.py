"""What the served app keeps for trainers, in SQLite under the data home (`<home>/opsbot.db`).

A versioned schema (SQLite's `user_version`; each step in MIGRATIONS runs once, in order) and WAL
journaling, so several `serve` workers can write at once. Feedback keeps only what a trainer needs
to judge an answer: no user id, address or session.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.data import short_hash
from bot.errors import ConfigError, InputError

log = logging.getLogger(__name__)

MAX_COMMENT_CHARS = 1000
MAX_ANSWER_CHARS = 4000
# Schema version N is reached by running MIGRATIONS[N - 1]; append, never edit, a released step.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        liked INTEGER NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        question TEXT NOT NULL,
        rewritten_question TEXT NOT NULL DEFAULT '',
        answer TEXT NOT NULL,
        mode TEXT NOT NULL DEFAULT '',
        refused INTEGER NOT NULL DEFAULT 0,
        citations TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX feedback_liked_id ON feedback (liked, id);
    """,
    # 2: what the chat could not answer, trainers' eval cases, and the answers the impact preview
    # compares against.
    """
    CREATE TABLE gaps (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        kind TEXT NOT NULL,
        question TEXT NOT NULL,
        nearest TEXT NOT NULL DEFAULT '[]',
        handled INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX gaps_handled_id ON gaps (handled, id);
    CREATE TABLE trainer_cases (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        question TEXT NOT NULL,
        answerable INTEGER NOT NULL DEFAULT 1,
        key_points TEXT NOT NULL DEFAULT '[]',
        evidence TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE answer_snapshot (
        key TEXT PRIMARY KEY,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        refused INTEGER NOT NULL,
        grade INTEGER NOT NULL,
        taken TEXT NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class Page:
    """One page of a newest-first listing."""

    rows: list[dict[str, Any]]
    page: int  # 1-based
    pages: int
    total: int


class Store:
    """The database; one connection per call (sqlite3 connections are not shared across threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = False
        self._lock = threading.Lock()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            if not self._ready:
                with self._lock:
                    self._migrate(conn)
                    self._ready = True
            with conn:  # one transaction: committed on success, rolled back on error
                yield conn
        finally:
            conn.close()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        # Switching to WAL needs the database to itself and SQLite does not wait for that (no busy
        # handler): several workers starting at once retry. The mode is stored in the file, so
        # later openers find it set and skip this.
        for attempt in range(200):
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 199:
                    raise
                log.debug("database busy while switching to WAL; retrying")
                time.sleep(0.05)
        # BEGIN IMMEDIATE: two workers starting at once must not both run the same step.
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ConfigError(
                    f"数据库 {self.path.name} 的版本（{version}）比这个 opsbot 新（{SCHEMA_VERSION}）：请升级 opsbot"
                )
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if version < SCHEMA_VERSION:
            log.info("database %s: schema %d -> %d", self.path.name, version, SCHEMA_VERSION)

    def version(self) -> int:
        with self.connect() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])


class Feedback:
    """👍/👎 with an optional note. Older installs kept it in feedback.jsonl; that file is imported
    once (and renamed, so nothing is lost or counted twice)."""

    def __init__(self, store: Store, legacy: Path | None = None) -> None:
        self.store = store
        self.legacy = legacy

    def add(self, answer: dict[str, Any], liked: bool, comment: str = "") -> dict[str, Any]:
        entry = {
            "time": time.strftime("%Y-%m-%d %H:%M:%S"),
            "liked": bool(liked),
            "comment": (comment or "").strip()[:MAX_COMMENT_CHARS],
            "question": str(answer.get("question", ""))[:MAX_ANSWER_CHARS],
            "rewritten_question": str(answer.get("rewritten_question", ""))[:MAX_ANSWER_CHARS],
            "answer": str(answer.get("answer", ""))[:MAX_ANSWER_CHARS],
            "mode": str(answer.get("mode", "")),
            "refused": bool(answer.get("refused", False)),
            "citations": [
                {k: c[k] for k in ("n", "chunk_id", "article_id", "title", "section")}
                for c in answer.get("citations", [])
            ],
        }
        self._import_legacy()
        with self.store.connect() as conn:
            entry["id"] = self._insert(conn, entry)
        return entry

    def set_comment(self, entry_id: int, comment: str) -> None:
        """A note written after the vote (what most people do) joins that vote."""
        with self.store.connect() as conn:
            conn.execute(
                "UPDATE feedback SET comment = ? WHERE id = ?", ((comment or "").strip()[:MAX_COMMENT_CHARS], entry_id)
            )

    @staticmethod
    def _insert(conn: sqlite3.Connection, e: dict[str, Any]) -> int:
        cur = conn.execute(
            "INSERT INTO feedback (time, liked, comment, question, rewritten_question, answer, mode, refused,"
            " citations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e["time"],
                int(e["liked"]),
                e.get("comment", ""),
                e["question"],
                e.get("rewritten_question", ""),
                e["answer"],
                e.get("mode", ""),
                int(e.get("refused", False)),
                json.dumps(e.get("citations", []), ensure_ascii=False),
            ),
        )
        return int(cur.lastrowid or 0)

    def page(self, page: int = 1, per_page: int = 20, liked: bool | None = False) -> Page:
        """Newest first; `liked=False` the 👎 only, None all of them."""
        self._import_legacy()
        where, args = ("WHERE liked = ?", [int(liked)]) if liked is not None else ("", [])
        with self.store.connect() as conn:
            total = int(conn.execute(f"SELECT COUNT(*) FROM feedback {where}", args).fetchone()[0])
            pages = max(1, -(-total // per_page))
            page = min(max(1, page), pages)
            rows = conn.execute(
                f"SELECT * FROM feedback {where} ORDER BY id DESC LIMIT ? OFFSET ?",
                [*args, per_page, (page - 1) * per_page],
            ).fetchall()
        return Page([self._entry(r) for r in rows], page, pages, total)

    def entries(self) -> list[dict[str, Any]]:
        """Everything, oldest first (for export)."""
        self._import_legacy()
        with self.store.connect() as conn:
            return [self._entry(r) for r in conn.execute("SELECT * FROM feedback ORDER BY id")]

    @staticmethod
    def _entry(row: sqlite3.Row) -> dict[str, Any]:
        e = dict(row)
        e["liked"], e["refused"] = bool(e["liked"]), bool(e["refused"])
        e["citations"] = json.loads(e["citations"])
        return e

    def _import_legacy(self) -> None:
        if self.legacy is None or not self.legacy.is_file():
            return
        claimed = self.legacy.with_name(self.legacy.name + ".imported")
        try:  # renaming first claims the file: of several workers, exactly one imports it
            self.legacy.rename(claimed)
        except OSError:
            return
        entries = []
        for n, line in enumerate(claimed.read_text(encoding="utf-8").splitlines(), 1):
            try:
                if line.strip():
                    entries.append(json.loads(line))
            except ValueError:
                log.warning("%s line %d is not JSON; skipped", self.legacy.name, n)
        imported = 0
        with self.store.connect() as conn:
            for e in entries:
                if not isinstance(e, dict):
                    log.warning("%s: an entry that is not an object; skipped", self.legacy.name)
                    continue
                row = {k: e.get(k) for k in ("time", "comment", "question", "rewritten_question", "answer", "mode")}
                row = {k: "" if v is None else str(v) for k, v in row.items()}
                row["liked"], row["refused"] = bool(e.get("liked")), bool(e.get("refused"))
                citations = e.get("citations")
                row["citations"] = citations if isinstance(citations, list) else []
                self._insert(conn, row)
                imported += 1
        log.info("imported %d feedback entries from %s", imported, self.legacy.name)


GAP_KINDS = {"refused": "答不上来", "disliked": "被点踩"}
GAP_SCAN = 2000  # the newest open gaps grouped per listing (older ones wait their turn; ~0.3 s)


@dataclass
class GapGroup:
    """Questions the chat could not answer (or answered badly), grouped by likeness."""

    question: str  # the newest wording
    questions: list[str]  # every distinct wording, newest first
    count: int
    last_time: str
    kinds: dict[str, int]  # "refused"/"disliked" → how many
    nearest: list[str]  # titles of the articles closest to them, most frequent first
    ids: list[int]  # the gap rows, so that a trainer's case can close them


class Gaps:
    """Every refused question and every 👎, kept without who asked: the corpus's to-do list."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, question: str, kind: str, nearest: list[tuple[str, str]]) -> None:
        """`nearest`: (article id, title) of the closest articles when it was asked."""
        with self.store.connect() as conn:
            conn.execute(
                "INSERT INTO gaps (time, kind, question, nearest) VALUES (?, ?, ?, ?)",
                (
                    time.strftime("%Y-%m-%d %H:%M:%S"),
                    kind,
                    (question or "").strip()[:MAX_COMMENT_CHARS],
                    json.dumps([list(n) for n in nearest[:3]], ensure_ascii=False),
                ),
            )

    def close(self, ids: list[int]) -> None:
        """Handled (turned into an eval case, or dismissed): no longer listed."""
        with self.store.connect() as conn:
            conn.executemany("UPDATE gaps SET handled = 1 WHERE id = ?", [(int(i),) for i in ids])

    def groups(self, page: int = 1, per_page: int = 20) -> Page:
        """Open gaps grouped by likeness of wording, the group asked most recently first."""
        with self.store.connect() as conn:
            rows = conn.execute("SELECT * FROM gaps WHERE handled = 0 ORDER BY id DESC LIMIT ?", (GAP_SCAN,)).fetchall()
        groups: list[tuple[set[str], list[sqlite3.Row]]] = []
        for row in rows:  # newest first: each joins the first group it resembles
            grams = bigrams(row["question"])
            for keys, members in groups:
                if similar(grams, keys):
                    members.append(row)
                    break
            else:
                groups.append((grams, [row]))
        total = len(groups)
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        out = []
        for _, members in groups[(page - 1) * per_page : page * per_page]:
            nearest: dict[str, int] = {}
            kinds: dict[str, int] = {}
            for m in members:
                kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
                for _, title in json.loads(m["nearest"]):
                    nearest[title] = nearest.get(title, 0) + 1
            wordings = list(dict.fromkeys(m["question"] for m in members))
            out.append(
                GapGroup(
                    question=wordings[0],
                    questions=wordings,
                    count=len(members),
                    last_time=members[0]["time"],
                    kinds=kinds,
                    nearest=sorted(nearest, key=lambda t: -nearest[t])[:3],
                    ids=[int(m["id"]) for m in members],
                )
            )
        return Page([g.__dict__ for g in out], page, pages, total)

    def entries(self) -> list[dict[str, Any]]:
        with self.store.connect() as conn:
            rows = conn.execute("SELECT * FROM gaps ORDER BY id").fetchall()
        return [{**dict(r), "nearest": json.loads(r["nearest"]), "handled": bool(r["handled"])} for r in rows]


_WORD = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]+")
# Question words and particles say nothing about the topic: "怎么召回流失用户" and "流失用户如何召回"
# are one gap, so are "运营和运行有什么区别" and "运营与运行的区别是什么".
_FILLER = re.compile("为什么|是什么|有什么|怎么样|怎么|如何|什么|哪些|可以|请问|一下|[呢吗的了是和与吧啊呀？?，,。！!]")


def bigrams(text: str) -> set[str]:
    """Character bigrams of the Chinese (and the words of the Latin) in a question, fillers removed."""
    tokens = _WORD.findall(_FILLER.sub(" ", (text or "").lower()))
    grams = {a + b for a, b in zip(tokens, tokens[1:], strict=False) if len(a) == len(b) == 1}
    return grams | {t for t in tokens if len(t) > 1} or set(tokens)


def similar(a: set[str], b: set[str]) -> bool:
    """Alike when they share at least two bigrams and 60 % of the shorter question's (or are the same):
    one shared word ("运营", in almost every question here) is not likeness."""
    shared = len(a & b)
    return a == b or (shared >= 2 and shared >= 0.6 * min(len(a), len(b)))


class TrainerCases:
    """Eval cases written by trainers in the workbench (`opsbot eval` runs them with eval/cases.jsonl)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, question: str, key_points: list[str], evidence: list[str], answerable: bool = True) -> str:
        question = (question or "").strip()
        key_points = [k.strip() for k in key_points if k and k.strip()]
        evidence = [e.strip() for e in evidence if e and e.strip()]
        if not question:
            raise InputError("请填写问题")
        if answerable and not evidence:
            raise InputError("请从原文里选一句作为证据（手册答不了的问题，请勾选「手册不覆盖，应当拒答」）")
        with self.store.connect() as conn:
            # The same question again is the same case, rewritten (its id comes from the question).
            conn.execute("DELETE FROM trainer_cases WHERE question = ?", (question[:MAX_COMMENT_CHARS],))
            conn.execute(
                "INSERT INTO trainer_cases (time, question, answerable, key_points, evidence) VALUES (?, ?, ?, ?, ?)",
                (
                    time.strftime("%Y-%m-%d %H:%M:%S"),
                    question[:MAX_COMMENT_CHARS],
                    int(answerable),
                    json.dumps(key_points, ensure_ascii=False),
                    json.dumps(evidence if answerable else [], ensure_ascii=False),
                ),
            )
            return case_id(question)

    def entries(self) -> list[dict[str, Any]]:
        """As eval cases (the fields of `evaluate.Case`), oldest first; split "trainer"."""
        with self.store.connect() as conn:
            rows = conn.execute("SELECT * FROM trainer_cases ORDER BY id").fetchall()
        return [
            {
                "id": case_id(r["question"]),
                "question": r["question"],
                "answerable": bool(r["answerable"]),
                "key_points": json.loads(r["key_points"]),
                "evidence": json.loads(r["evidence"]),
                "tags": ["trainer"],
                "split": "trainer",
                "time": r["time"],
            }
            for r in rows
        ]


def case_id(question: str) -> str:
    """From the question, not a row number: cases written on two installations never share an id
    unless they ask the same (and then they are the same case)."""
    return f"tr-{short_hash(question.strip(), length=8)}"


@dataclass
class Snapshot:
    """One question's answer when the impact preview last ran: what "before" means."""

    question: str
    answer: str
    refused: bool
    grade: int  # evaluate.outcome: 0 wrong, 1 found but not cited, 2 right
    taken: str


class Snapshots:
    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self) -> dict[str, Snapshot]:
        with self.store.connect() as conn:
            rows = conn.execute("SELECT * FROM answer_snapshot").fetchall()
        return {
            r["key"]: Snapshot(r["question"], r["answer"], bool(r["refused"]), int(r["grade"]), r["taken"])
            for r in rows
        }

    def save(self, snaps: dict[str, Snapshot]) -> None:
        """Replace the whole reference (one transaction: a reader sees the old one or the new one)."""
        with self.store.connect() as conn:
            conn.execute("DELETE FROM answer_snapshot")
            conn.executemany(
                "INSERT INTO answer_snapshot (key, question, answer, refused, grade, taken) VALUES (?, ?, ?, ?, ?, ?)",
                [(k, v.question, v.answer, int(v.refused), v.grade, v.taken) for k, v in snaps.items()],
            )


EXPORT_FORMATS = ("csv", "jsonl")


def _cell(value: Any) -> Any:
    """A CSV cell: lists as JSON text; text a spreadsheet would run as a formula ("=HYPERLINK(…)" in
    a question anyone can type) starts with a quote."""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export(store: Store, out_dir: Path, fmt: str = "csv", legacy: Path | None = None) -> list[Path]:
    """Feedback, corpus gaps and trainer cases as files a trainer can take away (CSV opens in Excel:
    UTF-8 with BOM; lists as JSON text in a cell)."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"导出格式只能是 {' 或 '.join(EXPORT_FORMATS)}，不是 {fmt[:20]}")
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "feedback": Feedback(store, legacy).entries(),
        "gaps": Gaps(store).entries(),
        "trainer_cases": TrainerCases(store).entries(),
    }
    headers = {  # (an empty table still gets its header row)
        "feedback": "id time liked comment question rewritten_question answer mode refused citations",
        "gaps": "id time kind question nearest handled",
        "trainer_cases": "id question answerable key_points evidence tags split time",
    }
    written = []
    for name, rows in tables.items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "jsonl":
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            path.write_text(text, encoding="utf-8")
        else:
            columns = list(rows[0]) if rows else headers[name].split()
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(columns)
                for r in rows:
                    writer.writerow([_cell(r.get(c)) for c in columns])
        written.append(path)
    return written
