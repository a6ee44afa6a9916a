"""The outbox table: the only way mail leaves foibot.

A row is written (INSERT OR IGNORE on its unique dedupe key) in the same transaction as the state
change that caused it, so one event can never queue two messages. Delivery moves a row
queued/ambiguous -> sending (committed before any network I/O) -> sent | queued (retry later) |
failed. A row still 'sending' after its lease ran out was interrupted between SMTP DATA and the
commit (RFC 1047): it becomes 'ambiguous' and is resent with the same bytes and Message-ID.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlite_utils import Database

OutboxKind = Literal["email", "draft"]


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    dedupe_key: str
    kind: OutboxKind
    mailbox: str | None
    recipients: tuple[str, ...]
    message_id: str | None
    raw: bytes
    status: str
    attempts: int
    request_id: int | None
    cause: str | None
    created_at: dt.datetime
    last_error: str | None = None


def _row(values: dict[str, Any]) -> OutboxRow:
    return OutboxRow(
        id=values["id"],
        dedupe_key=str(values["dedupe_key"]),
        kind="draft" if values["kind"] == "draft" else "email",
        mailbox=None if values["mailbox"] is None else str(values["mailbox"]),
        recipients=tuple(json.loads(str(values["recipients"]))),
        message_id=None if values["message_id"] is None else str(values["message_id"]),
        raw=bytes(values["raw"]),
        status=str(values["status"]),
        attempts=values["attempts"],
        request_id=values["request_id"],
        cause=None if values["cause"] is None else str(values["cause"]),
        created_at=dt.datetime.fromisoformat(str(values["created_at"])),
        last_error=None if values["last_error"] is None else str(values["last_error"]),
    )


def _select(db: Database, where: str, params: Sequence[object]) -> list[OutboxRow]:
    cursor = db.execute(f"SELECT * FROM outbox WHERE {where} ORDER BY id", list(params))
    names = [d[0] for d in cursor.description]
    return [_row(dict(zip(names, values, strict=True))) for values in cursor.fetchall()]


def exists(db: Database, dedupe_key: str) -> bool:
    return db.execute("SELECT 1 FROM outbox WHERE dedupe_key = ?", [dedupe_key]).fetchone() is not None


def enqueue(
    db: Database,
    *,
    dedupe_key: str,
    kind: OutboxKind,
    raw: bytes,
    recipients: Sequence[str],
    message_id: str | None,
    now: dt.datetime,
    request_id: int | None = None,
    cause: str | None = None,
    mailbox: str | None = None,
) -> bool:
    """Queue one message; False (and nothing written) when its key was queued before."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO outbox (dedupe_key, kind, mailbox, recipients, message_id, raw, status, "
        "attempts, next_attempt_at, created_at, request_id, cause) "
        "VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)",
        [
            dedupe_key,
            kind,
            mailbox,
            json.dumps(list(recipients)),
            message_id,
            raw,
            now.isoformat(),
            now.isoformat(),
            request_id,
            cause,
        ],
    )
    return cursor.rowcount == 1


def expire_leases(db: Database, now: dt.datetime) -> int:
    """Rows left 'sending' whose lease has run out (a crash mid-send) become 'ambiguous'."""
    cursor = db.execute(
        "UPDATE outbox SET status = 'ambiguous', last_error = 'interrupted while sending', "
        "next_attempt_at = NULL "
        "WHERE status = 'sending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)",
        [now.isoformat()],
    )
    return cursor.rowcount


def recover_all(db: Database) -> int:
    """At start-up nothing can be sending: every 'sending' row becomes 'ambiguous'."""
    cursor = db.execute(
        "UPDATE outbox SET status = 'ambiguous', last_error = 'interrupted while sending', "
        "next_attempt_at = NULL "
        "WHERE status = 'sending'"
    )
    return cursor.rowcount


def due(db: Database, now: dt.datetime, *, limit: int = 100) -> list[OutboxRow]:
    """Rows to try now, oldest first."""
    return _select(
        db,
        # LIMIT in a sub-select: _select appends ORDER BY, which must come before a LIMIT
        "id IN (SELECT id FROM outbox WHERE status IN ('queued', 'ambiguous') "
        "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ?)",
        [now.isoformat(), limit],
    )


def mark_sending(db: Database, row_id: int, lease_until: dt.datetime) -> bool:
    """Claim a row; False if another process claimed it first."""
    cursor = db.execute(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ? "
        "WHERE id = ? AND status IN ('queued', 'ambiguous')",
        [lease_until.isoformat(), row_id],
    )
    return cursor.rowcount == 1


def mark_sent(db: Database, row_id: int, now: dt.datetime, note: str | None = None) -> None:
    db.execute(
        "UPDATE outbox SET status = 'sent', sent_at = ?, next_attempt_at = NULL, last_error = ? WHERE id = ?",
        [now.isoformat(), note, row_id],
    )


def mark_retry(db: Database, row_id: int, error: str, next_attempt_at: dt.datetime) -> None:
    db.execute(
        "UPDATE outbox SET status = 'queued', last_error = ?, next_attempt_at = ? WHERE id = ?",
        [error, next_attempt_at.isoformat(), row_id],
    )


def cancel_queued(db: Database, request_id: int, why: str) -> int:
    """Cancel what is still waiting to go out for a request (nothing already handed to SMTP)."""
    cursor = db.execute(
        "UPDATE outbox SET status = 'cancelled', last_error = ?, next_attempt_at = NULL "
        "WHERE request_id = ? AND status = 'queued'",
        [why, request_id],
    )
    return cursor.rowcount


def mark_failed(db: Database, row_id: int, error: str) -> None:
    db.execute(
        "UPDATE outbox SET status = 'failed', last_error = ?, next_attempt_at = NULL WHERE id = ?",
        [error, row_id],
    )


def rows(db: Database, *, status: str | None = None) -> list[OutboxRow]:
    if status is None:
        return _select(db, "1 = 1", [])
    return _select(db, "status = ?", [status])


def last_created(db: Database, key_prefix: str) -> dt.datetime | None:
    """When the newest row whose key starts with `key_prefix` was queued (e.g. the last digest)."""
    escaped = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    found = db.execute(
        "SELECT MAX(created_at) FROM outbox WHERE dedupe_key LIKE ? ESCAPE '\\'", [escaped + "%"]
    ).fetchone()
    return None if found is None or found[0] is None else dt.datetime.fromisoformat(found[0])
