"""The user's commands on tracked requests: status, timeline, track/untrack, close/reopen, unmatched
mail, quarantine.

Each function takes an open Store (and `now`/`today`) and returns values for the CLI to format.
Writes run in one transaction each.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foibot.adapters import outbox
from foibot.adapters.store import EventRecord, Store
from foibot.config import Settings
from foibot.core.ical import build_calendar
from foibot.core.lifecycle import FINISHED, EventKind, requester_must_act
from foibot.core.matching import Match, MatchMethod
from foibot.core.model import FoiRequest, RequestState
from foibot.core.plan import missed_deadlines
from foibot.core.regimes import get_regime
from foibot.core.render import MISSED_HEADLINES
from foibot.errors import StoreError, UsageError
from foibot.service import actions
from foibot.service.ingest import (
    ChangeHandler,
    IngestResult,
    MessageSource,
    apply_matched_message,
    create_request,
    ingest,
    refresh_request,
)
from foibot.service.user_events import record_user_event

_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def _hook(on_change: ChangeHandler | None, settings: Settings) -> ChangeHandler:
    """The given handler, else the one the daemon uses: queue the alerts and drafts a change calls for."""
    return on_change or functools.partial(actions.on_request_changed, settings=settings)


def open_existing(settings: Settings) -> Store:
    """The configured database, which must already exist (read commands never create one)."""
    path = Path(settings.storage.path)
    if not path.exists():
        raise StoreError(f"no database at {path}: run `foibot scan` or `foibot track` first")
    return Store.open(path)


@dataclass(frozen=True)
class Missed:
    """One of the requester's own deadlines that passed with nothing recorded (plan.missed_deadlines)."""

    kind: str  # a DeadlineKind value
    date: dt.date

    @property
    def note(self) -> str:
        return f"{MISSED_HEADLINES[self.kind]} ({self.date.isoformat()})"

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "date": self.date.isoformat(), "note": self.note}


def missed(request: FoiRequest, today: dt.date) -> tuple[Missed, ...]:
    return tuple(Missed(item.kind.value, item.date) for item in missed_deadlines(request, today))


@dataclass(frozen=True)
class StatusRow:
    request: FoiRequest
    requester_must_act: bool
    next_deadline: dt.date | None
    next_deadline_kind: str | None
    missed: tuple[Missed, ...] = ()

    @property
    def next_actor(self) -> str:
        if self.request.state in FINISHED:
            return "-"
        return "you" if self.requester_must_act else "authority"

    def as_json(self) -> dict[str, Any]:
        request = self.request
        return {
            "id": request.id,
            "subject": request.subject,
            "authority_email": request.authority_email,
            "reference": request.reference,
            "regime": request.regime,
            "state": request.state.value,
            "requester_must_act": self.requester_must_act,
            **{name: _iso(day) for name, day in deadline_dates(request).items()},
            "next_deadline": _iso(self.next_deadline),
            "next_deadline_kind": self.next_deadline_kind,
            "missed": [item.as_json() for item in self.missed],
        }


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _next_deadline(request: FoiRequest, today: dt.date) -> tuple[dt.date | None, str | None]:
    dates = [(day, name) for name, day in deadline_dates(request).items() if day is not None]
    if not dates:
        return None, None
    upcoming = sorted(d for d in dates if d[0] >= today) or sorted(dates, reverse=True)
    return upcoming[0]


def deadline_dates(request: FoiRequest) -> dict[str, dt.date | None]:
    d = request.deadlines
    return {
        "requester_reply_by": d.requester_reply_by,
        "authority_due": d.authority_due,
        "review_request_by": d.review_request_by,
        "review_due": d.review_due,
        "regulator_by": d.regulator_by,
    }


def status(store: Store, today: dt.date, *, include_finished: bool = False) -> list[StatusRow]:
    """One row per open request (closed and withdrawn too if asked), with who acts next and the
    nearest deadline (overdue: the latest)."""
    rows = []
    for request in store.list_requests(open_only=not include_finished):
        day, kind = _next_deadline(request, today)
        rows.append(StatusRow(request, requester_must_act(request.state), day, kind, missed(request, today)))
    return rows


@dataclass(frozen=True)
class RequestDetail:
    request: FoiRequest
    tracked: bool
    events: list[EventRecord]
    missed: tuple[Missed, ...] = ()


def show(store: Store, request_id: int, today: dt.date | None = None) -> RequestDetail:
    """One request with its timeline (and, given `today`, the deadlines of yours it has missed)."""
    row = store.request_row(request_id)
    request = store.get_request(request_id)
    at_risk = () if today is None else missed(request, today)
    return RequestDetail(request, bool(row["tracked"]), store.events(request_id), at_risk)


def calendar(store: Store, now: dt.datetime) -> bytes:
    return build_calendar(store.list_requests(), now=now)


def track(
    store: Store,
    *,
    to: str,
    subject: str,
    sent: dt.date,
    now: dt.datetime,
    settings: Settings,
    regime: str | None = None,
    reference: str | None = None,
    message_id: str | None = None,
) -> int:
    """Add a request discovery missed; returns its id."""
    address = to.strip().lower()
    if not _ADDRESS.match(address):
        raise UsageError(f"--to: {to!r} is not an email address")
    if not subject.strip():
        raise UsageError("--subject: must not be empty")
    regime_key = regime or settings.policy.regime
    get_regime(regime_key)  # UsageError naming the choices
    if message_id is not None and not message_id.startswith("<"):
        message_id = f"<{message_id.strip()}>"
    request = FoiRequest(
        id=0,
        regime=regime_key,
        authority_email=address,
        subject=subject.strip(),
        sent_on=sent,
        reference=reference,
        message_id=message_id,
    )
    with store.transaction():
        request_id = create_request(store, request, origin="manual", now=now, note="added with foibot track")
        refresh_request(store, request_id, now=now, settings=settings)
    return request_id


def close(
    store: Store,
    request_id: int,
    *,
    now: dt.datetime,
    settings: Settings,
    reason: str | None = None,
    on_change: ChangeHandler | None = None,
) -> FoiRequest:
    """Close a request by hand: no more reminders, alerts or drafts for it until it is reopened."""
    with store.transaction():
        request = store.get_request(request_id)  # NotFound for a bad id
        if request.state in FINISHED:
            raise UsageError(f"request {request_id} is already {request.state.value}")
        note = f": {reason.strip()}" if reason and reason.strip() else ""
        cancelled = outbox.cancel_queued(store.db, request_id, "cancelled: request closed by you")
        if cancelled:
            note += f" ({cancelled} queued message{'s' if cancelled != 1 else ''} cancelled)"
        record_user_event(
            store,
            request_id,
            EventKind.CLOSED_BY_USER,
            now=now,
            summary=f"Closed by you (foibot close){note}",
            reason=reason.strip() if reason and reason.strip() else None,
        )
        refresh_request(store, request_id, now=now, settings=settings, on_change=_hook(on_change, settings))
        return store.get_request(request_id)


def reopen(
    store: Store,
    request_id: int,
    *,
    now: dt.datetime,
    settings: Settings,
    on_change: ChangeHandler | None = None,
) -> FoiRequest:
    """Undo `close`: the request goes back to where its mail (including any since the close) puts it."""
    with store.transaction():
        request = store.get_request(request_id)
        if request.state is not RequestState.CLOSED:
            raise UsageError(f"request {request_id} is not closed (it is {request.state.value})")
        record_user_event(
            store,
            request_id,
            EventKind.REOPENED_BY_USER,
            now=now,
            summary="Reopened by you (foibot reopen)",
            reason=None,
        )
        refresh_request(store, request_id, now=now, settings=settings, on_change=_hook(on_change, settings))
        return store.get_request(request_id)


def untrack(store: Store, request_id: int, *, now: dt.datetime) -> None:
    """Stop tracking a false positive; its history is kept."""
    with store.transaction():
        store.get_request(request_id)  # NotFound for a bad id
        store.update_request(request_id, tracked=0)
        outbox.cancel_queued(store.db, request_id, "cancelled: request no longer tracked")
        store.add_event(
            request_id, at=now, now=now, kind="untracked", summary="No longer tracked (foibot untrack)"
        )


@dataclass(frozen=True)
class UnmatchedRow:
    message_row: int
    from_addr: str | None
    subject: str
    sent_at: dt.datetime
    kind: str | None
    confidence: float | None


def unmatched(store: Store) -> list[UnmatchedRow]:
    return [
        UnmatchedRow(
            row["id"],
            row["from_addr"],
            row["subject"],
            dt.datetime.fromisoformat(row["sent_at"]),
            row["kind"],
            row["confidence"],
        )
        for row in store.message_rows("disposition = 'unmatched'")
    ]


def attach(
    store: Store,
    message_row: int,
    request_id: int,
    *,
    now: dt.datetime,
    settings: Settings,
    on_change: ChangeHandler | None = None,
) -> None:
    """Attach an unmatched message to a request by hand and replay the request's lifecycle."""
    with store.transaction():
        message = store.message_row(message_row)
        store.get_request(request_id)
        if message["disposition"] != "unmatched":
            raise UsageError(f"message {message_row} is not unmatched (it is {message['disposition']})")
        kind = message["kind"] or "other"
        store.db.execute(
            "UPDATE messages SET request_id = ?, match_method = ?, disposition = 'matched', event_kind = ? "
            "WHERE id = ?",
            (request_id, MatchMethod.MANUAL.value, kind, message_row),
        )
        match = Match(request_id, MatchMethod.MANUAL, "attached with foibot attach")
        handler = _hook(on_change, settings)  # alerts and drafts queued in this same transaction
        apply_matched_message(store, message_row, match, now=now, settings=settings, on_change=handler)


@dataclass(frozen=True)
class QuarantineRow:
    id: int
    mailbox: str
    folder: str
    uid: int | None
    reason: str
    created_at: dt.datetime


def quarantined(store: Store) -> list[QuarantineRow]:
    return [
        QuarantineRow(
            row["id"],
            row["mailbox"],
            row["folder"],
            row["uid"],
            row["reason"],
            dt.datetime.fromisoformat(row["created_at"]),
        )
        for row in store.quarantine_rows()
    ]


def retry_quarantined(
    store: Store,
    quarantine_id: int,
    *,
    now: dt.datetime,
    settings: Settings,
    on_change: ChangeHandler | None = None,
) -> IngestResult:
    """Run a quarantined message through ingest again; it leaves quarantine unless it fails again."""
    row = store.quarantine_row(quarantine_id)
    if row["resolved_at"] is not None:
        raise UsageError(f"quarantined message {quarantine_id} was already resolved")
    source = MessageSource(
        mailbox=row["mailbox"],
        folder=row["folder"],
        role="sent" if row["role"] == "sent" else "inbox",
        uidvalidity=row["uidvalidity"],
        uid=row["uid"],
        delivered_at=dt.datetime.fromisoformat(row["delivered_at"] or row["created_at"]),
    )
    with store.transaction():
        handler = _hook(on_change, settings)  # alerts and drafts queued in this same transaction
        result = ingest(store, bytes(row["raw"]), source, now=now, settings=settings, on_change=handler)
        # Resolved either way: a second failure has just written a fresh entry with the new traceback.
        store.resolve_quarantine(quarantine_id, now=now)
    return result
