"""The requester's own decisions about a request (close, reopen), kept as lifecycle input.

They live on the request's timeline (the `events` table) under their EventKind value, and are
folded with the stored messages by `ingest.lifecycle_events`, so a request closed by hand stays
closed when more mail arrives and a reopen replays as if the close had never happened.
"""

from __future__ import annotations

import datetime as dt

from foibot.adapters.store import Store
from foibot.core.lifecycle import EventKind, LifecycleEvent

USER_EVENT_KINDS: tuple[EventKind, ...] = (EventKind.CLOSED_BY_USER, EventKind.REOPENED_BY_USER)


def record_user_event(
    store: Store, request_id: int, kind: EventKind, *, now: dt.datetime, summary: str, reason: str | None
) -> int:
    """Add a close or reopen to the request's timeline (the caller then refreshes the request)."""
    if kind not in USER_EVENT_KINDS:
        raise ValueError(f"{kind} is not a user decision")
    detail = {} if reason is None else {"reason": reason}
    return store.add_event(request_id, at=now, now=now, kind=kind.value, summary=summary, detail=detail)


def user_lifecycle_events(store: Store, request_id: int, zone: dt.tzinfo) -> list[LifecycleEvent]:
    """The request's closes and reopens as core events (dates in local time, like messages)."""
    close, reopen = USER_EVENT_KINDS
    rows = store.db.execute(
        "SELECT id, at, kind FROM events WHERE request_id = ? AND kind IN (?, ?) ORDER BY id",
        (request_id, close.value, reopen.value),
    ).fetchall()
    return [
        LifecycleEvent(
            key=f"user-{row[0]}",
            at=dt.datetime.fromisoformat(row[1]).astimezone(zone),
            kind=EventKind(row[2]),
        )
        for row in rows
    ]
