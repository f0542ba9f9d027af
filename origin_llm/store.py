"""The conversation store: conversations and their turns, durable across origin restarts.

`ConversationStore` is the interface the origin uses; `SqliteConversationStore` implements it on
one SQLite file (WAL mode) whose connection lives on a single worker thread, so the event loop
never waits on disk. The schema is created and migrated on open (`schema_version` table); a
PostgreSQL store would implement the same methods.

Everything is keyed by the edge id from the edge's credential, so one edge can never read or
continue another edge's conversations. A turn id is claimed once (`claim_turn`): a finished
turn is replayed, a `pending` turn that no live generation owns (its origin died) or a `failed`
one is generated again.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from origin_llm.prompt import Exchange
from voice.wire import Turn

TurnStatus = Literal["pending", "answered", "interrupted", "failed"]
ConversationState = Literal["opened", "resumed", "ended"]
ClaimOutcome = Literal["generate", "replay", "conflict", "unknown_conversation", "conversation_ended"]
HISTORY_LIMIT = 64

MIGRATIONS: tuple[str, ...] = (
    # 1: conversations and turns
    """
    CREATE TABLE conversations (
        edge_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        started_at REAL NOT NULL,
        ended_at REAL,
        PRIMARY KEY (edge_id, conversation_id)
    );
    CREATE TABLE turns (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        edge_id TEXT NOT NULL,
        turn_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        text TEXT NOT NULL,
        scan TEXT NOT NULL,
        edge_ledger TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'interrupted', 'failed')),
        reply TEXT NOT NULL DEFAULT '',
        origin_ledger TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        UNIQUE (edge_id, turn_id),
        FOREIGN KEY (edge_id, conversation_id) REFERENCES conversations (edge_id, conversation_id)
    );
    CREATE INDEX turns_by_conversation ON turns (edge_id, conversation_id, seq);
    """,
)


@dataclass(frozen=True, slots=True)
class StoredTurn:
    edge_id: str
    conversation_id: str
    turn_id: str
    text: str
    status: TurnStatus
    reply: str
    scan: dict[str, Any]
    edge_ledger: dict[str, Any]
    origin_ledger: dict[str, Any] | None
    error: str | None
    attempts: int


@dataclass(frozen=True, slots=True)
class Claim:
    """What to do with a received turn; `stored` is the existing row for replays and conflicts."""

    outcome: ClaimOutcome
    stored: StoredTurn | None = None


class ConversationStore(Protocol):
    async def open_conversation(self, edge_id: str, conversation_id: str) -> ConversationState: ...

    async def end_conversation(self, edge_id: str, conversation_id: str) -> bool:
        """False if the conversation is unknown."""
        ...

    async def is_open(self, edge_id: str, conversation_id: str) -> bool:
        """Started and not ended."""
        ...

    async def claim_turn(self, edge_id: str, turn: Turn) -> Claim:
        """Atomically decide a received turn's fate; on `generate` the turn is stored `pending`."""
        ...

    async def finish_turn(self, edge_id: str, turn_id: str, status: TurnStatus, reply: str,
                          origin_ledger: dict[str, Any] | None, error: str | None) -> None: ...

    async def history(self, edge_id: str, conversation_id: str, before_turn_id: str) -> list[Exchange]:
        """Answered or interrupted turns before `before_turn_id`, oldest first (at most HISTORY_LIMIT)."""
        ...

    async def get_turn(self, edge_id: str, turn_id: str) -> StoredTurn | None: ...

    async def close(self) -> None: ...


class SchemaError(RuntimeError):
    """The database was written by a newer origin than this one."""


class SqliteConversationStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._db: sqlite3.Connection | None = None

    @classmethod
    async def open(cls, path: Path) -> SqliteConversationStore:
        store = cls(path)
        try:
            await store._call(store._open)
        except BaseException:
            store._thread.shutdown(wait=False)
            raise
        return store

    async def _call(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    # ---- runs on the store's thread ----

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=5000")
        self._db = db
        self._migrate()
        with self._transaction():
            db.execute("UPDATE turns SET status = 'failed', error = 'origin stopped before the turn finished', "
                       "updated_at = ? WHERE status = 'pending'", (time.time(),))

    def _transaction(self):
        return _Transaction(self._db)

    def _migrate(self) -> None:
        db = self._db
        with self._transaction():
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row["version"] if row else 0
            if version > len(MIGRATIONS):
                raise SchemaError(f"{self.path} has schema version {version}; this origin knows up to "
                                  f"{len(MIGRATIONS)}")
            for script in MIGRATIONS[version:]:
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
            if row is None:
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (len(MIGRATIONS),))
            else:
                db.execute("UPDATE schema_version SET version = ?", (len(MIGRATIONS),))

    def schema_version(self) -> int:
        return self._db.execute("SELECT version FROM schema_version").fetchone()["version"]

    def _conversation_ended(self, edge_id: str, conversation_id: str) -> bool | None:
        row = self._db.execute("SELECT ended_at FROM conversations WHERE edge_id = ? AND conversation_id = ?",
                               (edge_id, conversation_id)).fetchone()
        return None if row is None else row["ended_at"] is not None

    def _open_conversation(self, edge_id: str, conversation_id: str) -> ConversationState:
        with self._transaction():
            ended = self._conversation_ended(edge_id, conversation_id)
            if ended is None:
                self._db.execute("INSERT INTO conversations (edge_id, conversation_id, started_at) VALUES (?, ?, ?)",
                                 (edge_id, conversation_id, time.time()))
                return "opened"
            return "ended" if ended else "resumed"

    def _end_conversation(self, edge_id: str, conversation_id: str) -> bool:
        with self._transaction():
            cursor = self._db.execute(
                "UPDATE conversations SET ended_at = COALESCE(ended_at, ?) WHERE edge_id = ? AND conversation_id = ?",
                (time.time(), edge_id, conversation_id))
            return cursor.rowcount > 0

    def _get_turn(self, edge_id: str, turn_id: str) -> StoredTurn | None:
        row = self._db.execute("SELECT * FROM turns WHERE edge_id = ? AND turn_id = ?", (edge_id, turn_id)).fetchone()
        if row is None:
            return None
        return StoredTurn(
            edge_id=row["edge_id"], conversation_id=row["conversation_id"], turn_id=row["turn_id"],
            text=row["text"], status=row["status"], reply=row["reply"], scan=json.loads(row["scan"]),
            edge_ledger=json.loads(row["edge_ledger"]),
            origin_ledger=None if row["origin_ledger"] is None else json.loads(row["origin_ledger"]),
            error=row["error"], attempts=row["attempts"])

    def _claim_turn(self, edge_id: str, turn: Turn) -> Claim:
        now = time.time()
        with self._transaction():
            stored = self._get_turn(edge_id, turn.turn_id)
            if stored is not None:
                if stored.conversation_id != turn.conversation_id or stored.text != turn.text:
                    return Claim("conflict", stored)
                if stored.status in ("answered", "interrupted"):
                    return Claim("replay", stored)
                self._db.execute("UPDATE turns SET status = 'pending', reply = '', origin_ledger = NULL, error = NULL, "
                                 "attempts = attempts + 1, updated_at = ? WHERE edge_id = ? AND turn_id = ?",
                                 (now, edge_id, turn.turn_id))
                return Claim("generate", stored)
            ended = self._conversation_ended(edge_id, turn.conversation_id)
            if ended is None:
                return Claim("unknown_conversation")
            if ended:
                return Claim("conversation_ended")
            scan = {"action": turn.scan.action, "score": turn.scan.score, "reasons": list(turn.scan.reasons)}
            self._db.execute(
                "INSERT INTO turns (edge_id, turn_id, conversation_id, text, scan, edge_ledger, status, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                (edge_id, turn.turn_id, turn.conversation_id, turn.text, json.dumps(scan),
                 json.dumps(turn.ledger), now, now))
            return Claim("generate")

    def _finish_turn(self, edge_id: str, turn_id: str, status: TurnStatus, reply: str,
                     origin_ledger: dict[str, Any] | None, error: str | None) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE turns SET status = ?, reply = ?, origin_ledger = ?, error = ?, updated_at = ? "
                "WHERE edge_id = ? AND turn_id = ?",
                (status, reply, None if origin_ledger is None else json.dumps(origin_ledger), error, time.time(),
                 edge_id, turn_id))

    def _history(self, edge_id: str, conversation_id: str, before_turn_id: str) -> list[Exchange]:
        rows = self._db.execute(
            "SELECT text, reply FROM turns WHERE edge_id = ? AND conversation_id = ? "
            "AND status IN ('answered', 'interrupted') AND reply != '' "
            "AND seq < COALESCE((SELECT seq FROM turns WHERE edge_id = ? AND turn_id = ?), 9223372036854775807) "
            "ORDER BY seq DESC LIMIT ?",
            (edge_id, conversation_id, edge_id, before_turn_id, HISTORY_LIMIT)).fetchall()
        return [Exchange(row["text"], row["reply"]) for row in reversed(rows)]

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # ---- the interface ----

    async def open_conversation(self, edge_id: str, conversation_id: str) -> ConversationState:
        return await self._call(self._open_conversation, edge_id, conversation_id)

    async def end_conversation(self, edge_id: str, conversation_id: str) -> bool:
        return await self._call(self._end_conversation, edge_id, conversation_id)

    async def is_open(self, edge_id: str, conversation_id: str) -> bool:
        return await self._call(self._conversation_ended, edge_id, conversation_id) is False

    async def claim_turn(self, edge_id: str, turn: Turn) -> Claim:
        return await self._call(self._claim_turn, edge_id, turn)

    async def finish_turn(self, edge_id: str, turn_id: str, status: TurnStatus, reply: str,
                          origin_ledger: dict[str, Any] | None, error: str | None) -> None:
        await self._call(self._finish_turn, edge_id, turn_id, status, reply, origin_ledger, error)

    async def history(self, edge_id: str, conversation_id: str, before_turn_id: str) -> list[Exchange]:
        return await self._call(self._history, edge_id, conversation_id, before_turn_id)

    async def get_turn(self, edge_id: str, turn_id: str) -> StoredTurn | None:
        return await self._call(self._get_turn, edge_id, turn_id)

    async def close(self) -> None:
        await self._call(self._close)
        self._thread.shutdown(wait=True)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
