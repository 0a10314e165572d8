"""What the served app keeps for trainers, in SQLite under the data home (`<home>/opsbot.db`).

A versioned schema (SQLite's `user_version`; each step in MIGRATIONS runs once, in order) and WAL
journaling, so several `serve` workers can write at once. Feedback keeps only what a trainer needs
to judge an answer: no user id, address or session.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ConfigError

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
