"""Where the simulator's state is written: SQLite, in memory or in a file (``--state FILE``).

Every change is committed before the response that acknowledges it is sent. With a file, the
database runs in WAL mode with ``synchronous=FULL``, so a kill at any moment loses nothing a client
was told had happened: a commit either reached the disk before the answer or never happened.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ._runs import Run

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS check_suite_settings (repo_id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS revoked_oauth (
    user_id INTEGER NOT NULL, org_id INTEGER NOT NULL, provider TEXT NOT NULL,
    PRIMARY KEY (user_id, org_id, provider)
);
CREATE TABLE IF NOT EXISTS idempotency (
    token_hash TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL, headers TEXT NOT NULL, body BLOB NOT NULL,
    PRIMARY KEY (token_hash, key)
);
"""
_TABLES = ("meta", "runs", "check_suite_settings", "revoked_oauth", "idempotency")


@dataclass(frozen=True)
class StoredResponse:
    """A response kept for an ``Idempotency-Key``, replayed when the key comes again."""

    fingerprint: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class SqliteStore:
    """The SQLite database behind a simulator; ``path=None`` keeps it in memory."""

    def __init__(self, path: str | None) -> None:
        # The server thread uses the connection; the simulator serialises access to it.
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False)
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._depth = 0

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group the writes of the block into one commit (or none, if it raises); nests."""
        self._depth += 1
        try:
            yield
        except BaseException:
            if self._depth == 1:
                self._db.rollback()
            raise
        else:
            if self._depth == 1:
                self._db.commit()
        finally:
            self._depth -= 1

    def clear(self) -> None:
        with self.transaction():
            for table in _TABLES:
                self._db.execute(f"DELETE FROM {table}")

    # Reads, all at start-up except the idempotency lookup.

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def runs(self) -> list[Run]:
        return [Run.from_json(data) for (data,) in self._db.execute("SELECT data FROM runs")]

    def check_suite_settings(self) -> dict[int, dict[str, Any]]:
        rows = self._db.execute("SELECT repo_id, data FROM check_suite_settings")
        return {repo_id: json.loads(data) for repo_id, data in rows}

    def revoked_oauth(self) -> set[tuple[int, int, str]]:
        return set(self._db.execute("SELECT user_id, org_id, provider FROM revoked_oauth"))

    def stored_response(self, token_hash: str, key: str) -> StoredResponse | None:
        row = self._db.execute(
            "SELECT fingerprint, status, headers, body FROM idempotency WHERE token_hash=? AND key=?",
            (token_hash, key),
        ).fetchone()
        if row is None:
            return None
        fingerprint, status, headers, body = row
        return StoredResponse(fingerprint, status, [tuple(h) for h in json.loads(headers)], body)

    # Writes: each commits at once, unless inside transaction(), which commits them together.

    def put_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def put_run(self, run: Run) -> None:
        self._write("INSERT OR REPLACE INTO runs VALUES (?, ?)", (run.id, run.to_json()))

    def put_check_suite_settings(self, repo_id: int, settings: dict[str, Any]) -> None:
        self._write(
            "INSERT OR REPLACE INTO check_suite_settings VALUES (?, ?)",
            (repo_id, json.dumps(settings)),
        )

    def add_revoked_oauth(self, user_id: int, org_id: int, provider: str) -> None:
        self._write(
            "INSERT OR IGNORE INTO revoked_oauth VALUES (?, ?, ?)", (user_id, org_id, provider)
        )

    def put_stored_response(self, token_hash: str, key: str, response: StoredResponse) -> None:
        self._write(
            "INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, ?, ?, ?)",
            (
                token_hash,
                key,
                response.fingerprint,
                response.status,
                json.dumps(response.headers),
                response.body,
            ),
        )

    def _write(self, sql: str, parameters: tuple[Any, ...]) -> None:
        with self.transaction():
            self._db.execute(sql, parameters)
