"""The SQLite store: the single source of truth for requests, processed mail, timelines and queues.

Thin on purpose: it opens the file (WAL, busy timeout, migrations), runs transactions, and maps
rows to and from core values. It makes no decisions about mail or deadlines. Every statement is
parameterised. Dates are stored as ISO text, datetimes as ISO text with their offset.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from foibot.adapters.migrations import KNOWN_MIGRATIONS, MIGRATION_SET, migrations
from foibot.core.model import Deadlines, FoiRequest, RequestState
from foibot.errors import NotFound, StoreError

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT = 5.0  # seconds to wait for another process's write lock
CLOSED_STATES = frozenset({RequestState.CLOSED, RequestState.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One entry of a request's timeline, as stored."""

    id: int
    request_id: int
    at: dt.datetime  # when it happened (a message's date, or when a command was run)
    recorded_at: dt.datetime
    kind: str  # tracked, untracked, message, transition, deadlines, ignored, action_wanted, ...
    message_row: int | None
    state: RequestState | None  # the state after this event, where it changed one
    summary: str
    detail: Mapping[str, Any]


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _datetime(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


LOW_DISK_BYTES = 1024 * 1024  # less free space than this, and a failed write means a full disk


def store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """A one-line StoreError naming the database and, where it can tell, why it cannot be used."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"database {path} is locked by another process; try again shortly")
    cause = _cause(text, getattr(exc, "sqlite_errorname", ""), probe(path))
    if cause is None:
        return StoreError(f"database {path}: {text}")
    return StoreError(f"cannot write the database {path}: {cause}")


_STORAGE_FAILURES = (
    "SQLITE_FULL",
    "SQLITE_IOERR",
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
)


def is_storage_failure(exc: BaseException) -> bool:
    """True for a full, failing, read-only or locked database (not for a bad statement)."""
    name = getattr(exc, "sqlite_errorname", "") if isinstance(exc, sqlite3.OperationalError) else ""
    return isinstance(name, str) and name.startswith(_STORAGE_FAILURES)


@dataclass(frozen=True, slots=True)
class DiskState:
    """What the file system says about the database's directory and files."""

    read_only_fs: bool = False
    directory_writable: bool = True
    files_writable: bool = True  # the database and its -wal/-shm files, those that exist
    free_bytes: int | None = None


def probe(path: Path) -> DiskState:
    """Ask the file system (sqlite's "disk I/O error" or "unable to open" do not say which)."""
    directory = path.parent
    try:
        read_only_fs = bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
        free: int | None = shutil.disk_usage(directory).free
    except OSError:
        read_only_fs, free = False, None
    files = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
    return DiskState(
        read_only_fs=read_only_fs,
        directory_writable=os.access(directory, os.W_OK | os.X_OK),
        files_writable=all(os.access(f, os.W_OK) for f in files if f.exists()),
        free_bytes=free,
    )


def _cause(text: str, errorname: str, disk: DiskState) -> str | None:
    """The likely cause in words, from sqlite's message and the file system; None if unknown."""
    if disk.read_only_fs:
        return "the file system is mounted read-only"
    if (
        "full" in text
        or errorname == "SQLITE_FULL"
        or (disk.free_bytes is not None and disk.free_bytes < LOW_DISK_BYTES and "I/O" in text)
    ):
        free = "" if disk.free_bytes is None else f" ({disk.free_bytes // 1024} KB free)"
        return f"the disk is full{free}"
    if not disk.directory_writable:
        return "the directory is read-only (permission denied)"
    if not disk.files_writable:
        return "the database file is read-only (permission denied)"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only (permission denied)"
    if "malformed" in text or "not a database" in text:
        return f"the file is damaged or not a foibot database ({text})"
    if "I/O" in text or "unable to open" in text:
        return f"the disk reported an error ({text})"
    return None


class Store:
    """An open foibot database. Build it with `Store.open(path)`."""

    db: Database

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self._depth = 0
        # Derived data (ingest's match candidates), read only inside `transaction()`. It is kept
        # from one transaction to the next unless another connection committed meanwhile (PRAGMA
        # data_version) or this one wrote outside a transaction; cleared on any rollback. Writes
        # through this Store's methods are tracked per request (`take_changed_requests`).
        self.memo: dict[str, Any] = {}
        self._memo_stamp: tuple[int, int] | None = None  # (data_version, total_changes) at last commit
        # Requests whose row or message thread changed through this Store since memo users last
        # looked (see `take_changed_requests`); None: something changed that is not tracked per request.
        self._changed_requests: set[int] | None = set()
        self._message_columns: str | None = None

    # -- lifecycle of the connection -------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Store:
        """Open (creating if needed) the database at `path` and bring its schema up to date."""
        path = Path(path).expanduser()
        if not path.parent.is_dir():
            raise StoreError(f"cannot open database {path}: directory {path.parent} does not exist")
        if path.is_dir():
            raise StoreError(f"cannot open database {path}: it is a directory")
        try:
            conn = sqlite3.connect(str(path), timeout=busy_timeout)
        except sqlite3.Error as exc:
            raise store_error(exc, path) from None
        store = cls(Database(conn, execute_plugins=False), path)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            store.db.enable_wal()
            # In WAL mode synchronous=NORMAL cannot corrupt the database; a power cut may lose the
            # last few commits. Sync progress and a message's effects commit in one transaction,
            # so a lost commit only means those messages are fetched and processed again:
            # exactly-once still holds. It saves an fsync per commit.
            conn.execute("PRAGMA synchronous = NORMAL")
            store._migrate()
        except sqlite3.OperationalError as exc:
            conn.close()
            raise store_error(exc, path) from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"cannot open database {path}: {exc}") from None
        except StoreError:
            conn.close()
            raise
        return store

    def _migrate(self) -> None:
        with self.transaction():
            applied = [m.name for m in migrations.applied(self.db)]
            unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
            if unknown:
                raise StoreError(
                    f"database {self.path} was written by a newer foibot (schema {unknown[-1]}); "
                    "upgrade foibot to use it"
                )
            pending = migrations.pending(self.db)
            if pending:
                log.info("migrating %s: %s", self.path, ", ".join(m.name for m in pending))
                migrations.apply(self.db)

    def schema_version(self) -> str | None:
        """The name of the last applied migration."""
        applied = migrations.applied(self.db)
        return applied[-1].name if applied else None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE .. COMMIT, or ROLLBACK on error. Re-entrant: an inner block is a no-op."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise store_error(exc, self.path) from None
        if self._stamp() != self._memo_stamp:
            self._forget()
        self._depth = 1
        committed = False
        try:
            yield
        except sqlite3.OperationalError as exc:  # full disk, I/O error: the store, not a bug
            self._rollback_quietly()
            raise store_error(exc, self.path) from None
        except BaseException:
            self._rollback_quietly()
            raise
        else:
            try:
                self.db.conn.commit()
            except sqlite3.OperationalError as exc:
                self._rollback_quietly()
                raise store_error(exc, self.path) from None
            committed = True
        finally:
            self._depth = 0
            if committed:
                self._memo_stamp = self._stamp()
            else:
                self._forget()

    def _rollback_quietly(self) -> None:
        """Roll back; on a full or failing disk the rollback may fail too (sqlite undoes it on reopen)."""
        try:
            self.db.conn.rollback()
        except sqlite3.OperationalError as exc:
            log.warning("rollback of %s failed: %s", self.path, exc)

    def _stamp(self) -> tuple[int, int]:
        """Changes by other connections (data_version) and by this one (total_changes)."""
        conn = self.db.conn
        return int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes

    @property
    def in_transaction(self) -> bool:
        """True inside `transaction()`: this connection holds the write lock."""
        return self._depth > 0

    def _forget(self) -> None:
        self.memo.clear()
        self._changed_requests = set()
        self._memo_stamp = None

    def _changed(self, request_id: int | None) -> None:
        if self._changed_requests is not None:
            if request_id is None:
                self._changed_requests = None
            else:
                self._changed_requests.add(request_id)

    def mark_request_changed(self, request_id: int) -> None:
        """Note a change to a request's thread made with raw SQL (say, attaching a message)."""
        self._changed(request_id)

    def take_changed_requests(self) -> set[int] | None:
        """Requests changed through this Store since the last call; None if it cannot tell which."""
        changed, self._changed_requests = self._changed_requests, set()
        return changed

    @contextmanager
    def savepoint(self, name: str = "foibot_message") -> Iterator[None]:
        """A nested unit inside the current transaction: undone alone if its block raises."""
        if not self._depth:
            raise RuntimeError("savepoint() must be used inside Store.transaction()")
        self.db.conn.execute(f'SAVEPOINT "{name}"')
        try:
            yield
        except BaseException:
            self._forget()  # the memo may describe rows that no longer exist
            if self.db.conn.in_transaction:
                self.db.conn.execute(f'ROLLBACK TO SAVEPOINT "{name}"')
                self.db.conn.execute(f'RELEASE SAVEPOINT "{name}"')
            raise
        else:
            self.db.conn.execute(f'RELEASE SAVEPOINT "{name}"')

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.conn.execute(sql, tuple(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- sync progress (used by the watcher) -----------------------------------------------

    def sync_state(self, mailbox: str, folder: str) -> tuple[int | None, int]:
        """(uidvalidity, last_uid) of a folder; (None, 0) if it was never synced."""
        rows = self._rows(
            "SELECT uidvalidity, last_uid FROM sync_state WHERE mailbox = ? AND folder = ?",
            (mailbox, folder),
        )
        if not rows:
            return None, 0
        return int(rows[0]["uidvalidity"]), int(rows[0]["last_uid"])

    def set_sync_state(self, mailbox: str, folder: str, uidvalidity: int, last_uid: int) -> None:
        self.db.execute(
            "INSERT INTO sync_state (mailbox, folder, uidvalidity, last_uid) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (mailbox, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
            "last_uid = excluded.last_uid",
            (mailbox, folder, uidvalidity, last_uid),
        )

    def is_processed(self, mailbox: str, folder: str, uidvalidity: int, uid: int) -> bool:
        rows = self._rows(
            "SELECT 1 FROM messages WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND uid = ? "
            "UNION ALL SELECT 1 FROM quarantine WHERE mailbox = ? AND folder = ? AND uidvalidity = ? "
            "AND uid = ? AND resolved_at IS NULL LIMIT 1",
            (mailbox, folder, uidvalidity, uid) * 2,
        )
        return bool(rows)

    # -- requests --------------------------------------------------------------------------

    def insert_request(self, request: FoiRequest, *, subject_key: str, origin: str, now: dt.datetime) -> int:
        """Store a new request (its `id` is ignored) and return the new id."""
        cursor = self.db.execute(
            "INSERT INTO requests (regime, authority_email, subject, subject_key, sent_on, state, "
            "reference, message_id, owner, mailbox, auto_confirm, origin, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                request.regime,
                request.authority_email,
                request.subject,
                subject_key,
                request.sent_on.isoformat(),
                request.state.value,
                request.reference,
                request.message_id,
                request.owner,
                request.mailbox,
                None if request.auto_confirm is None else int(request.auto_confirm),
                origin,
                now.isoformat(),
                now.isoformat(),
            ),
        )
        request_id = cursor.lastrowid
        assert request_id is not None
        self._changed(request_id)
        self.save_deadlines(request_id, request.state, request.deadlines, now=now)
        return request_id

    def save_deadlines(
        self, request_id: int, state: RequestState, deadlines: Deadlines, *, now: dt.datetime
    ) -> None:
        """Record a request's recomputed state and deadlines."""
        self.db.execute(
            "UPDATE requests SET state = ?, authority_due = ?, requester_reply_by = ?, "
            "review_request_by = ?, review_due = ?, regulator_by = ?, updated_at = ? WHERE id = ?",
            (
                state.value,
                _iso(deadlines.authority_due),
                _iso(deadlines.requester_reply_by),
                _iso(deadlines.review_request_by),
                _iso(deadlines.review_due),
                _iso(deadlines.regulator_by),
                now.isoformat(),
                request_id,
            ),
        )

    def update_request(self, request_id: int, **fields: Any) -> None:
        """Set plain columns of a request (reference, tracked, sent_on, regime ...)."""
        allowed = {"reference", "tracked", "sent_on", "regime", "message_id", "subject", "subject_key"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot update request columns {sorted(bad)}")
        if not fields:
            return
        self._changed(request_id)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        values = [_iso(v) if isinstance(v, dt.date) else v for v in fields.values()]
        self.db.execute(f"UPDATE requests SET {assignments} WHERE id = ?", (*values, request_id))

    def request_row(self, request_id: int) -> dict[str, Any]:
        rows = self._rows("SELECT * FROM requests WHERE id = ?", (request_id,))
        if not rows:
            raise NotFound(f"no request with id {request_id}")
        return rows[0]

    def get_request(self, request_id: int) -> FoiRequest:
        """The request with this id; NotFound if there is none."""
        return request_from_row(self.request_row(request_id))

    def list_requests(self, *, open_only: bool = True) -> list[FoiRequest]:
        """Tracked requests (open ones only by default: not closed, withdrawn or untracked)."""
        rows = self._rows("SELECT * FROM requests WHERE tracked = 1 ORDER BY id")
        requests = [request_from_row(row) for row in rows]
        if open_only:
            requests = [r for r in requests if r.state not in CLOSED_STATES]
        return requests

    def request_rows_by_id(self, request_ids: Collection[int]) -> list[dict[str, Any]]:
        """The `requests` rows with these ids (those that exist), in id order."""
        marks = ", ".join("?" for _ in request_ids)
        return self._rows(f"SELECT * FROM requests WHERE id IN ({marks}) ORDER BY id", tuple(request_ids))

    def request_rows(self, *, tracked_only: bool = True) -> list[dict[str, Any]]:
        where = "WHERE tracked = 1" if tracked_only else ""
        return self._rows(f"SELECT * FROM requests {where} ORDER BY id")

    # -- processed messages ----------------------------------------------------------------

    def insert_message(self, row: Mapping[str, Any]) -> int:
        """Store one processed message (column -> value) and return its row id."""
        columns = list(row)
        placeholders = ", ".join("?" for _ in columns)
        cursor = self.db.execute(
            f"INSERT INTO messages ({', '.join(columns)}) VALUES ({placeholders})",
            [row[c] for c in columns],
        )
        assert cursor.lastrowid is not None
        if row.get("request_id") is not None:
            self._changed(row["request_id"])
        return cursor.lastrowid

    def _columns_but_raw(self) -> str:
        """Every messages column except the raw bytes (kept once, read only when asked for)."""
        if self._message_columns is None:
            names = [row[1] for row in self.db.conn.execute("PRAGMA table_info(messages)")]
            self._message_columns = ", ".join(f'"{name}"' for name in names if name != "raw")
        return self._message_columns

    def message_row(self, message_row: int) -> dict[str, Any]:
        """One stored message's columns, without its raw bytes (`message_raw`)."""
        rows = self._rows(f"SELECT {self._columns_but_raw()} FROM messages WHERE id = ?", (message_row,))
        if not rows:
            raise NotFound(f"no stored message with id {message_row}")
        return rows[0]

    def message_raw(self, message_row: int) -> bytes:
        """The raw RFC 5322 bytes of a stored message."""
        row = self.db.conn.execute("SELECT raw FROM messages WHERE id = ?", (message_row,)).fetchone()
        if row is None:
            raise NotFound(f"no stored message with id {message_row}")
        return bytes(row[0])

    def message_rows(self, where: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Messages matching a parameterised WHERE fragment, oldest first (without raw bytes)."""
        columns = self._columns_but_raw()
        return self._rows(f"SELECT {columns} FROM messages WHERE {where} ORDER BY sent_at, id", params)

    def has_message_id(self, message_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM messages WHERE message_id = ? LIMIT 1", (message_id,)))

    def has_source(self, mailbox: str, folder: str, uidvalidity: int | None, uid: int | None) -> bool:
        if uidvalidity is None or uid is None:
            return False
        return bool(
            self._rows(
                "SELECT 1 FROM messages WHERE mailbox = ? AND folder = ? AND uidvalidity = ? AND uid = ?",
                (mailbox, folder, uidvalidity, uid),
            )
        )

    def set_message_match(
        self, message_row: int, request_id: int | None, match_method: str | None, disposition: str
    ) -> None:
        self._changed(None)  # the message may leave another request's thread
        self.db.execute(
            "UPDATE messages SET request_id = ?, match_method = ?, disposition = ? WHERE id = ?",
            (request_id, match_method, disposition, message_row),
        )

    # -- timeline --------------------------------------------------------------------------

    def add_event(
        self,
        request_id: int,
        *,
        at: dt.datetime,
        now: dt.datetime,
        kind: str,
        summary: str,
        state: RequestState | None = None,
        message_row: int | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO events (request_id, at, recorded_at, kind, message_row, state, summary, "
            "detail_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                request_id,
                at.isoformat(),
                now.isoformat(),
                kind,
                message_row,
                None if state is None else state.value,
                summary,
                json.dumps(dict(detail or {}), sort_keys=True, default=str),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def events(self, request_id: int) -> list[EventRecord]:
        """A request's timeline in the order it was recorded."""
        rows = self._rows("SELECT * FROM events WHERE request_id = ? ORDER BY id", (request_id,))
        return [
            EventRecord(
                id=row["id"],
                request_id=row["request_id"],
                at=_datetime(row["at"]),
                recorded_at=_datetime(row["recorded_at"]),
                kind=row["kind"],
                message_row=row["message_row"],
                state=None if row["state"] is None else RequestState(row["state"]),
                summary=row["summary"],
                detail=json.loads(row["detail_json"]),
            )
            for row in rows
        ]

    # -- quarantine ------------------------------------------------------------------------

    def quarantine(
        self,
        *,
        mailbox: str,
        folder: str,
        role: str,
        uidvalidity: int | None,
        uid: int | None,
        reason: str,
        traceback: str,
        raw: bytes,
        delivered_at: dt.datetime,
        now: dt.datetime,
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO quarantine (mailbox, folder, role, uidvalidity, uid, reason, traceback, raw, "
            "delivered_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                mailbox,
                folder,
                role,
                uidvalidity,
                uid,
                reason,
                traceback,
                raw,
                delivered_at.isoformat(),
                now.isoformat(),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def quarantine_rows(self, *, include_resolved: bool = False) -> list[dict[str, Any]]:
        where = "" if include_resolved else "WHERE resolved_at IS NULL"
        return self._rows(f"SELECT * FROM quarantine {where} ORDER BY id")

    def quarantine_row(self, quarantine_id: int) -> dict[str, Any]:
        rows = self._rows("SELECT * FROM quarantine WHERE id = ?", (quarantine_id,))
        if not rows:
            raise NotFound(f"no quarantined message with id {quarantine_id}")
        return rows[0]

    def resolve_quarantine(self, quarantine_id: int, *, now: dt.datetime) -> None:
        self.db.execute(
            "UPDATE quarantine SET resolved_at = ? WHERE id = ?", (now.isoformat(), quarantine_id)
        )


def request_from_row(row: Mapping[str, Any]) -> FoiRequest:
    """Map a `requests` row to the core value."""
    auto_confirm = row["auto_confirm"]
    return FoiRequest(
        id=row["id"],
        regime=row["regime"],
        authority_email=row["authority_email"],
        subject=row["subject"],
        sent_on=dt.date.fromisoformat(row["sent_on"]),
        state=RequestState(row["state"]),
        deadlines=Deadlines(
            authority_due=_date(row["authority_due"]),
            requester_reply_by=_date(row["requester_reply_by"]),
            review_request_by=_date(row["review_request_by"]),
            review_due=_date(row["review_due"]),
            regulator_by=_date(row["regulator_by"]),
        ),
        reference=row["reference"],
        message_id=row["message_id"],
        owner=row["owner"],
        mailbox=row["mailbox"],
        auto_confirm=None if auto_confirm is None else bool(auto_confirm),
    )


__all__ = ["CLOSED_STATES", "MIGRATION_SET", "EventRecord", "Store", "request_from_row"]
