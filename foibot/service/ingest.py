"""Taking in one message: dedupe, parse, classify, match, apply the lifecycle, store. One job.

`ingest` is the per-message failure boundary: its work runs in a SAVEPOINT, and any exception
rolls that back and quarantines the raw message instead (never dropped, never a crash).
The caller holds the transaction (`store.transaction()`), so the watcher's sync progress and
the message's effects commit together.

A request's state and deadlines are recomputed from all its stored messages on every change
(`refresh_request`), never patched in place, so late, duplicate and out-of-order mail is safe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import traceback
import zoneinfo
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from foibot.adapters.store import Store, is_storage_failure, request_from_row
from foibot.config import Settings
from foibot.core.classify import classify
from foibot.core.discovery import (
    DiscoveryPolicy,
    external_recipients,
    guess_regime,
    looks_like_foi_mail,
    request_evidence,
    sent_event_kind,
)
from foibot.core.lifecycle import (
    EventKind,
    LifecycleEvent,
    Outcome,
    event_kind_for,
    fresh_wanted,
    replay,
)
from foibot.core.matching import (
    Candidate,
    Match,
    MatchMethod,
    has_reply_prefix,
    match_mail,
    normalise_subject,
)
from foibot.core.model import Classification, Deadlines, FoiRequest, Mail, RequestState
from foibot.core.parse import parse_mail
from foibot.service.user_events import user_lifecycle_events

log = logging.getLogger(__name__)

Status = Literal["matched", "discovered", "unmatched", "ignored", "duplicate", "quarantined"]


@dataclass(frozen=True)
class MessageSource:
    """Where a raw message came from. uidvalidity/uid are None for sources without UIDs."""

    mailbox: str
    folder: str
    role: Literal["inbox", "sent"]
    uidvalidity: int | None
    uid: int | None
    delivered_at: dt.datetime


class ChangeHandler(Protocol):
    def __call__(self, store: Store, request_id: int, now: dt.datetime) -> None: ...


@dataclass(frozen=True)
class IngestResult:
    status: Status
    request_id: int | None = None
    message_row: int | None = None
    kind: str | None = None  # the classification (inbox) or the requester's event kind (sent)
    match_method: str | None = None
    quarantine_id: int | None = None
    detail: str = ""


def policy_for(settings: Settings, mailbox: str) -> DiscoveryPolicy:
    owners = [m.owner_address for m in settings.mailboxes if m.owner_address]
    own = next((m.owner_address for m in settings.mailboxes if m.name == mailbox and m.owner_address), None)
    ordered = ([own] if own else []) + [o for o in owners if o and o != own]
    return DiscoveryPolicy(
        default_regime=settings.policy.regime,
        authority_domains=tuple(settings.policy.authority_domains),
        authority_regimes=dict(settings.policy.authority_regimes),
        owner_addresses=tuple(ordered),
    )


def local_zone(settings: Settings) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.policy.timezone)


def ingest(
    store: Store,
    raw: bytes,
    source: MessageSource,
    *,
    now: dt.datetime,
    settings: Settings,
    on_change: ChangeHandler | None = None,
) -> IngestResult:
    """Process one raw message; call inside `store.transaction()`. Never raises for a bad message."""
    if store.has_source(source.mailbox, source.folder, source.uidvalidity, source.uid):
        return IngestResult("duplicate", detail="this mailbox/folder/UID was already processed")
    try:
        with store.savepoint():
            return _ingest(store, raw, source, now=now, settings=settings, on_change=on_change)
    except Exception as exc:  # the per-message boundary: quarantine, never drop
        if is_storage_failure(exc):
            raise  # a full or failing disk is no fault of the message: the transaction fails instead
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        log.warning("quarantined message %s/%s uid %s: %s", source.mailbox, source.folder, source.uid, reason)
        quarantine_id = store.quarantine(
            mailbox=source.mailbox,
            folder=source.folder,
            role=source.role,
            uidvalidity=source.uidvalidity,
            uid=source.uid,
            reason=reason,
            traceback=traceback.format_exc(),
            raw=raw,
            delivered_at=source.delivered_at,
            now=now,
        )
        return IngestResult("quarantined", quarantine_id=quarantine_id, detail=reason)


def _ingest(
    store: Store,
    raw: bytes,
    source: MessageSource,
    *,
    now: dt.datetime,
    settings: Settings,
    on_change: ChangeHandler | None,
) -> IngestResult:
    mail = parse_mail(raw, delivered_at=source.delivered_at)
    if mail.message_id and store.has_message_id(mail.message_id):
        return IngestResult("duplicate", detail=f"Message-ID {mail.message_id} was already processed")
    policy = policy_for(settings, source.mailbox)
    context = _Context(store, raw, source, mail, now, settings, on_change)
    own_message = mail.from_addr is not None and mail.from_addr in policy.owner_addresses
    if source.role == "sent" or own_message:
        return _ingest_sent(context, policy)
    return _ingest_inbox(context, policy)


@dataclass(frozen=True)
class _Context:
    store: Store
    raw: bytes
    source: MessageSource
    mail: Mail
    now: dt.datetime
    settings: Settings
    on_change: ChangeHandler | None

    def store_message(
        self,
        *,
        disposition: str,
        classification: Classification | None = None,
        event_kind: EventKind | None = None,
        request_id: int | None = None,
        match_method: str | None = None,
    ) -> int:
        mail = self.mail
        row: dict[str, Any] = {
            "mailbox": self.source.mailbox,
            "folder": self.source.folder,
            "role": self.source.role,
            "uidvalidity": self.source.uidvalidity,
            "uid": self.source.uid,
            "message_id": mail.message_id,
            "in_reply_to": mail.in_reply_to,
            "references_json": json.dumps(list(mail.references)),
            "from_addr": mail.from_addr,
            "from_name": mail.from_name,
            "to_json": json.dumps([*mail.to, *mail.cc]),
            "subject": mail.subject,
            "sent_at": mail.date.isoformat(),
            "delivered_at": self.source.delivered_at.isoformat(),
            "excerpt": mail.new_text,
            "event_kind": None if event_kind is None else event_kind.value,
            "request_id": request_id,
            "match_method": match_method,
            "disposition": disposition,
            "raw": self.raw,
            "processed_at": self.now.isoformat(),
        }
        if classification is not None:
            row.update(
                kind=classification.kind.value,
                confidence=classification.confidence,
                evidence_json=json.dumps(list(classification.evidence)),
                reply_by=_iso(classification.reply_by),
                due_date=_iso(classification.due_date),
                reference=classification.reference,
                fee_amount=classification.fee_amount,
            )
        return self.store.insert_message(row)


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def candidates(store: Store) -> list[Candidate]:
    """Every tracked request with the Message-IDs and reference numbers known for its thread."""
    return _build_candidates(store, None)


def _build_candidates(store: Store, request_ids: set[int] | None) -> list[Candidate]:
    """The candidates for `request_ids` (every tracked request if None), in request id order."""
    only = "" if request_ids is None else f" AND request_id IN ({', '.join('?' * len(request_ids))})"
    params = () if request_ids is None else tuple(request_ids)
    # One query for every thread's ids (not one per request, nor the raw bodies).
    threads: dict[int, list[tuple[str | None, str | None]]] = {}
    for request_id, message_id, reference in store.db.execute(
        f"SELECT request_id, message_id, reference FROM messages WHERE request_id IS NOT NULL{only}", params
    ).fetchall():
        threads.setdefault(request_id, []).append((message_id, reference))
    if request_ids is None:
        rows = store.request_rows()
    else:
        rows = [row for row in store.request_rows_by_id(request_ids) if row["tracked"]]
    found: list[Candidate] = []
    for row in rows:
        messages = threads.get(row["id"], [])
        message_ids = {message_id for message_id, _ in messages if message_id}
        if row["message_id"]:
            message_ids.add(row["message_id"])
        references = {reference for _, reference in messages if reference}
        if row["reference"]:
            references.add(row["reference"])
        found.append(
            Candidate(
                request_id=row["id"],
                authority_email=row["authority_email"],
                subject_key=row["subject_key"],
                message_ids=frozenset(message_ids),
                references=frozenset(references),
            )
        )
    return found


def _current_candidates(store: Store) -> list[Candidate]:
    """`candidates(store)`, kept for the whole transaction and refreshed only where a request changed.

    Rebuilding the list for every message made a first scan quadratic in the tracked requests.
    """
    if not store.in_transaction:
        return candidates(store)
    changed = store.take_changed_requests()
    cached: dict[int, Candidate] | None = store.memo.get("candidates")
    if cached is None or changed is None:
        cached = {c.request_id: c for c in candidates(store)}
        store.memo["candidates"] = cached
    elif changed:
        for request_id in changed:
            cached.pop(request_id, None)
        cached.update((c.request_id, c) for c in _build_candidates(store, changed))
        store.memo["candidates"] = cached = dict(sorted(cached.items()))
    return list(cached.values())


def _ingest_sent(context: _Context, policy: DiscoveryPolicy) -> IngestResult:
    mail = context.mail
    match = match_mail(mail, _current_candidates(context.store), use_subject=has_reply_prefix(mail.subject))
    if match is not None:
        kind = sent_event_kind(mail)
        row = context.store_message(
            disposition="matched", event_kind=kind, request_id=match.request_id, match_method=match.method
        )
        _record_message(context, match, row, f"You sent: {kind.value.replace('_', ' ')}")
        refresh_request(
            context.store,
            match.request_id,
            now=context.now,
            settings=context.settings,
            new_message_row=row,
            on_change=context.on_change,
        )
        return IngestResult("matched", match.request_id, row, kind.value, match.method)
    evidence = request_evidence(mail, policy)
    replying_elsewhere = mail.in_reply_to is not None and has_reply_prefix(mail.subject)
    if evidence is None or replying_elsewhere:
        row = context.store_message(disposition="ignored")
        return IngestResult("ignored", message_row=row, detail="not an information request")
    return _discover(context, policy, evidence)


def _discover(context: _Context, policy: DiscoveryPolicy, evidence: str) -> IngestResult:
    mail = context.mail
    authority = external_recipients(mail, policy)[0]
    zone = local_zone(context.settings)
    request = FoiRequest(
        id=0,
        regime=guess_regime(mail, authority, policy),
        authority_email=authority,
        subject=mail.subject.strip() or "(no subject)",
        sent_on=mail.date.astimezone(zone).date(),
        message_id=mail.message_id,
        owner=mail.from_addr,
        mailbox=context.source.mailbox,
    )
    request_id = create_request(context.store, request, origin="discovered", now=context.now, note=evidence)
    row = context.store_message(
        disposition="discovered", request_id=request_id, match_method=MatchMethod.DISCOVERED
    )
    refresh_request(
        context.store, request_id, now=context.now, settings=context.settings, on_change=context.on_change
    )
    log.info("tracking request %d to %s (%s)", request_id, authority, request.regime)
    return IngestResult("discovered", request_id, row, None, MatchMethod.DISCOVERED, detail=evidence)


def create_request(store: Store, request: FoiRequest, *, origin: str, now: dt.datetime, note: str) -> int:
    request_id = store.insert_request(
        request, subject_key=normalise_subject(request.subject), origin=origin, now=now
    )
    at = dt.datetime.combine(request.sent_on, dt.time(), tzinfo=dt.UTC)
    store.add_event(
        request_id,
        at=at,
        now=now,
        kind="tracked",
        state=RequestState.SENT,
        summary=f"Request to {request.authority_email} tracked ({origin}, {request.regime}): {note}",
        detail={"origin": origin, "regime": request.regime},
    )
    return request_id


def _ingest_inbox(context: _Context, policy: DiscoveryPolicy) -> IngestResult:
    mail = context.mail
    classification = classify(mail, regime=context.settings.policy.regime)
    match = match_mail(mail, _current_candidates(context.store), reference=classification.reference)
    if match is None:
        status: Status = "unmatched" if looks_like_foi_mail(mail, classification, policy) else "ignored"
        row = context.store_message(disposition=status, classification=classification)
        return IngestResult(status, message_row=row, kind=classification.kind.value)
    request = context.store.get_request(match.request_id)
    if request.regime != context.settings.policy.regime:
        classification = classify(mail, regime=request.regime)  # dates resolve under the request's law
    row = context.store_message(
        disposition="matched",
        classification=classification,
        event_kind=event_kind_for(classification.kind),
        request_id=match.request_id,
        match_method=match.method,
    )
    apply_matched_message(
        context.store, row, match, now=context.now, settings=context.settings, on_change=context.on_change
    )
    return IngestResult("matched", match.request_id, row, classification.kind.value, match.method)


def apply_matched_message(
    store: Store,
    message_row: int,
    match: Match,
    *,
    now: dt.datetime,
    settings: Settings,
    on_change: ChangeHandler | None,
) -> None:
    """Record an incoming message matched to a request, learn its reference, and replay the request."""
    store.mark_request_changed(match.request_id)  # callers may have set messages.request_id directly
    message = store.message_row(message_row)
    request = store.get_request(match.request_id)
    if request.reference is None and message["reference"]:
        store.update_request(match.request_id, reference=message["reference"])
    confidence = message["confidence"]
    summary = (
        f"Received {message['kind'].replace('_', ' ')} (confidence {confidence:.2f}) "
        f"from {message['from_addr']}"
    )
    store.add_event(
        match.request_id,
        at=dt.datetime.fromisoformat(message["sent_at"]),
        now=now,
        kind="message",
        message_row=message_row,
        summary=summary,
        detail={
            "subject": message["subject"],
            "kind": message["kind"],
            "confidence": confidence,
            "evidence": json.loads(message["evidence_json"]),
            "reply_by": message["reply_by"],
            "due_date": message["due_date"],
            "reference": message["reference"],
            "match": match.method.value,
            "match_detail": match.detail,
        },
    )
    refresh_request(
        store, match.request_id, now=now, settings=settings, new_message_row=message_row, on_change=on_change
    )


def _record_message(context: _Context, match: Match, message_row: int, summary: str) -> None:
    context.store.add_event(
        match.request_id,
        at=context.mail.date,
        now=context.now,
        kind="message",
        message_row=message_row,
        summary=summary,
        detail={"subject": context.mail.subject, "match": match.method.value, "match_detail": match.detail},
    )


def lifecycle_events(store: Store, request_id: int, zone: dt.tzinfo) -> list[LifecycleEvent]:
    """The stored messages that drive a request's lifecycle, as core events (dates in local time),
    plus the user's closes and reopens."""
    rows = store.message_rows("request_id = ? AND event_kind IS NOT NULL", (request_id,))
    return user_lifecycle_events(store, request_id, zone) + [
        LifecycleEvent(
            key=row["message_id"] or f"row-{row['id']}",
            at=dt.datetime.fromisoformat(row["sent_at"]).astimezone(zone),
            kind=EventKind(row["event_kind"]),
            reply_by=None if row["reply_by"] is None else dt.date.fromisoformat(row["reply_by"]),
            due_date=None if row["due_date"] is None else dt.date.fromisoformat(row["due_date"]),
            message_row=row["id"],
        )
        for row in rows
    ]


def _deadline_changes(old: Deadlines, new: Deadlines) -> dict[str, list[str | None]]:
    changes: dict[str, list[str | None]] = {}
    for item in dataclasses.fields(Deadlines):
        before, after = getattr(old, item.name), getattr(new, item.name)
        if before != after:
            changes[item.name] = [_iso(before), _iso(after)]
    return changes


def refresh_request(
    store: Store,
    request_id: int,
    *,
    now: dt.datetime,
    settings: Settings,
    new_message_row: int | None = None,
    on_change: ChangeHandler | None = None,
) -> Outcome:
    """Recompute a request's state and deadlines from everything stored, record what changed."""
    old = request_from_row(store.request_row(request_id))
    events = lifecycle_events(store, request_id, local_zone(settings))
    outcome = replay(old.regime, old.sent_on, events, nonworking_receipt=settings.policy.nonworking_receipt)
    at = now
    wanted: tuple[str, ...] = ()
    for step in outcome.steps:
        if new_message_row is not None and step.event.message_row == new_message_row:
            at = step.event.at
            if not step.applied:
                store.add_event(
                    request_id,
                    at=at,
                    now=now,
                    kind="ignored",
                    message_row=new_message_row,
                    summary=step.note,
                    detail={"state": step.before.value},
                )
            wanted = tuple(w.value for w in fresh_wanted(outcome, step.event.key))
    if outcome.state is not old.state:
        store.add_event(
            request_id,
            at=at,
            now=now,
            kind="transition",
            state=outcome.state,
            message_row=new_message_row,
            summary=f"{old.state.value} -> {outcome.state.value}",
            detail={"from": old.state.value, "to": outcome.state.value},
        )
    changes = _deadline_changes(old.deadlines, outcome.deadlines)
    if changes:
        summary = "; ".join(f"{name}: {b or '-'} -> {a or '-'}" for name, (b, a) in changes.items())
        store.add_event(
            request_id,
            at=at,
            now=now,
            kind="deadlines",
            message_row=new_message_row,
            summary=summary,
            detail=changes,
        )
    if wanted:
        store.add_event(
            request_id,
            at=at,
            now=now,
            kind="action_wanted",
            message_row=new_message_row,
            summary="wanted: " + ", ".join(wanted),
            detail={"actions": list(wanted)},
        )
    store.save_deadlines(request_id, outcome.state, outcome.deadlines, now=now)
    if on_change is not None and (outcome.state is not old.state or changes or wanted):
        on_change(store, request_id, now)
    return outcome
