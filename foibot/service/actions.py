"""Acting on requests: queue what core.plan says is due into the outbox, and drain the outbox.

`on_request_changed` runs inside ingest's transaction, so an alert, draft or automatic
confirmation is queued atomically with the state change that caused it. `sweep` recomputes
everything due from the database (reminders, overdue chases, anything a crash left unqueued).
Both only INSERT OR IGNORE by idempotency key. `deliver` sends queued rows through a Sender
(SMTP) or a DraftSaver (IMAP Drafts), retrying transient failures with exponential backoff.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import jinja2

from foibot.adapters import outbox
from foibot.adapters.store import Store
from foibot.config import MailboxSettings, Settings
from foibot.core import plan as planner
from foibot.core import render
from foibot.core.model import FoiRequest, Kind
from foibot.errors import ConfigError, DeliveryError

log = logging.getLogger(__name__)

FALLBACK_SENDER = "foibot@localhost"
BACKOFF_FIRST = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(hours=1)
LEASE_MARGIN = dt.timedelta(minutes=2)


class Sender(Protocol):
    async def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        """Deliver `raw` unchanged; raise DeliveryError(transient=...) on failure."""
        ...


class DraftSaver(Protocol):
    def save(self, mailbox: str, raw: bytes, key: str) -> None:
        """Store `raw` as a draft in `mailbox`, at most once per `key`; DeliveryError on failure."""
        ...


@dataclass
class SweepResult:
    planned: list[str] = field(default_factory=list)  # every key due now
    queued: list[str] = field(default_factory=list)  # keys new to the outbox
    skipped: list[str] = field(default_factory=list)  # due but impossible (no recipient, no mailbox)


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    retrying: list[tuple[str, str]] = field(default_factory=list)  # (key, error)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (key, error): permanent
    interrupted: int = 0  # rows found mid-send and resent as 'ambiguous'


# -- settings-derived values ---------------------------------------------------------------------


def local_today(now: dt.datetime, settings: Settings) -> dt.date:
    return now.astimezone(ZoneInfo(settings.policy.timezone)).date()


def plan_policy(settings: Settings) -> planner.PlanPolicy:
    return planner.PlanPolicy(
        reminder_working_days=tuple(sorted(set(settings.notify.reminder_working_days), reverse=True)),
        auto_confirm_still_required=settings.policy.auto_confirm_still_required,
    )


def sender_address(settings: Settings) -> str:
    return settings.smtp.from_address if settings.smtp is not None else FALLBACK_SENDER


def templates(settings: Settings) -> jinja2.Environment:
    return _environment(settings.notify.templates_dir)


@functools.lru_cache(maxsize=4)
def _environment(templates_dir: Path | None) -> jinja2.Environment:
    """One environment per templates directory: it caches compiled templates (and reloads edited ones)."""
    return render.template_environment(templates_dir)


# -- reading the store -----------------------------------------------------------------------------


def _authority_message(row: Mapping[str, Any]) -> planner.AuthorityMessage:
    def day(value: str | None) -> dt.date | None:
        return None if value is None else dt.date.fromisoformat(value)

    return planner.AuthorityMessage(
        row_id=row["id"],
        kind=Kind(row["kind"]),
        confidence=float(row["confidence"] or 0.0),
        message_id=row["message_id"],
        references=tuple(json.loads(row["references_json"] or "[]")),
        from_addr=row["from_addr"],
        from_name=row.get("from_name") or "",
        subject=row["subject"] or "",
        received_at=dt.datetime.fromisoformat(row["delivered_at"]),
        reply_by=day(row["reply_by"]),
        due_date=day(row["due_date"]),
        reference=row["reference"],
        fee_amount=row["fee_amount"],
        excerpt=row.get("excerpt") or "",
    )


def snapshot(store: Store, request: FoiRequest) -> planner.RequestSnapshot:
    rows = store.message_rows("request_id = ? AND role = 'inbox' AND kind IS NOT NULL", (request.id,))
    known = {k.value for k in Kind}
    messages = tuple(_authority_message(row) for row in rows if row["kind"] in known)
    return planner.RequestSnapshot(request, tuple(sorted(messages, key=lambda m: (m.received_at, m.row_id))))


# -- queueing ----------------------------------------------------------------------------------------


def _mailbox_of(request: FoiRequest, settings: Settings) -> MailboxSettings | None:
    """The [[mailbox]] the request was found in (the first one for a request added by hand)."""
    for mailbox in settings.mailboxes:
        if mailbox.name == request.mailbox or request.mailbox is None:
            return mailbox
    return None


def _owner(request: FoiRequest, settings: Settings) -> str | None:
    if request.owner:
        return request.owner
    mailbox = _mailbox_of(request, settings)
    return None if mailbox is None else mailbox.owner_address


def _owner_name(request: FoiRequest, settings: Settings) -> str:
    mailbox = _mailbox_of(request, settings)
    return (mailbox.owner_name or "") if mailbox is not None else ""


def _draft_mailbox(request: FoiRequest, settings: Settings) -> str | None:
    if request.mailbox is not None:
        return request.mailbox
    return settings.mailboxes[0].name if settings.mailboxes else None


def _drafts_folder(request: FoiRequest, settings: Settings) -> str:
    for mailbox in settings.mailboxes:
        if mailbox.name == _draft_mailbox(request, settings) and mailbox.drafts_folder:
            return mailbox.drafts_folder
    return "Drafts"


def _enqueue_message(
    store: Store,
    msg: EmailMessage,
    *,
    key: str,
    kind: outbox.OutboxKind,
    recipients: list[str],
    now: dt.datetime,
    request_id: int | None,
    cause: str,
    mailbox: str | None = None,
) -> bool:
    return outbox.enqueue(
        store.db,
        dedupe_key=key,
        kind=kind,
        raw=msg.as_bytes(),
        recipients=recipients,
        message_id=str(msg["Message-ID"]),
        now=now,
        request_id=request_id,
        cause=cause,
        mailbox=mailbox,
    )


def _queue_action(
    store: Store,
    action: planner.Action,
    *,
    now: dt.datetime,
    today: dt.date,
    settings: Settings,
    env: jinja2.Environment,
) -> bool | None:
    """Render and queue one action; False if queued before, None if it cannot be sent at all."""
    if outbox.exists(store.db, action.key):
        return False
    request = action.request
    common: dict[str, Any] = {"key": action.key, "now": now, "request_id": request.id, "cause": action.cause}
    if action.kind in (planner.ActionKind.ALERT, planner.ActionKind.REMINDER):
        to = list(settings.notify.to)
        if not to:
            log.warning("nothing sent for %s: [notify] to is empty", action.key)
            return None
        msg = render.render_user_mail(
            env,
            action,
            sender=sender_address(settings),
            to=to,
            now=now,
            today=today,
            drafts_folder=_drafts_folder(request, settings),
        )
        return _enqueue_message(store, msg, kind="email", recipients=to, **common)
    owner = _owner(request, settings)
    if owner is None:
        log.warning("nothing sent for %s: the request has no owner address", action.key)
        return None
    owner_name = _owner_name(request, settings)
    msg = render.render_authority_mail(env, action, owner=owner, owner_name=owner_name, now=now, today=today)
    if action.kind is planner.ActionKind.AUTO_CONFIRM:
        # Only ever the address on record: never From/Reply-To of the incoming message.
        return _enqueue_message(store, msg, kind="email", recipients=[request.authority_email], **common)
    mailbox = _draft_mailbox(request, settings)
    if mailbox is None:
        log.warning("no draft saved for %s: no [[mailbox]] configured", action.key)
        return None
    return _enqueue_message(store, msg, kind="draft", recipients=[], mailbox=mailbox, **common)


def _queue_all(
    store: Store, actions: Iterable[planner.Action], now: dt.datetime, settings: Settings, result: SweepResult
) -> None:
    env = templates(settings)
    today = local_today(now, settings)
    for action in actions:
        result.planned.append(action.key)
        outcome = _queue_action(store, action, now=now, today=today, settings=settings, env=env)
        if outcome:
            result.queued.append(action.key)
            log.info("queued %s", action.key)
        elif outcome is None:
            result.skipped.append(action.key)


def _utc(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(dt.UTC)


def on_request_changed(store: Store, request_id: int, now: dt.datetime, *, settings: Settings) -> None:
    """Ingest's ChangeHandler: queue what this request's new state calls for, in the caller's transaction."""
    now = _utc(now)
    request = store.get_request(request_id)
    actions = planner.plan_request(
        snapshot(store, request), now=now, today=local_today(now, settings), policy=plan_policy(settings)
    )
    with store.transaction():  # re-entrant: joins ingest's transaction
        _queue_all(store, actions, now, settings, SweepResult())


def due_actions(store: Store, now: dt.datetime, settings: Settings) -> list[planner.Action]:
    """Everything due at `now` for every open tracked request (nothing is written)."""
    now = _utc(now)
    snapshots = [snapshot(store, request) for request in store.list_requests(open_only=True)]
    return planner.plan(snapshots, now=now, today=local_today(now, settings), policy=plan_policy(settings))


def sweep(store: Store, now: dt.datetime, settings: Settings, *, dry_run: bool = False) -> SweepResult:
    """Recompute what is due from the database and queue what is new (idempotent)."""
    now = _utc(now)
    result = SweepResult()
    with store.transaction():
        actions = due_actions(store, now, settings)
        if dry_run:
            result.planned = [a.key for a in actions]
            result.queued = [a.key for a in actions if not outbox.exists(store.db, a.key)]
            return result
        _queue_all(store, actions, now, settings, result)
    return result


# -- delivery --------------------------------------------------------------------------------------


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try after `attempts` failed ones: 1, 2, 4 ... minutes, at most an hour."""
    exponent = min(max(attempts - 1, 0), 16)
    return min(BACKOFF_FIRST * (1 << exponent), BACKOFF_MAX)


def _envelope_sender(row: outbox.OutboxRow, settings: Settings) -> str:
    if settings.smtp is not None:
        return settings.smtp.from_address
    headers = BytesHeaderParser(policy=email_policy.default).parsebytes(row.raw)
    from_header = headers["From"]
    addresses: tuple[Address, ...] = getattr(from_header, "addresses", ())
    return addresses[0].addr_spec if addresses else FALLBACK_SENDER


def recover_outbox(store: Store) -> int:
    """At start-up: rows left 'sending' by a crash become 'ambiguous' (resent as they are)."""
    with store.transaction():
        count = outbox.recover_all(store.db)
    if count:
        log.warning("%d outbox message(s) were interrupted while sending; they will be resent", count)
    return count


def _lease(settings: Settings) -> dt.timedelta:
    timeout = settings.smtp.timeout_seconds if settings.smtp is not None else 60.0
    return dt.timedelta(seconds=2 * timeout) + LEASE_MARGIN


async def deliver(
    store: Store,
    now: dt.datetime,
    settings: Settings,
    *,
    sender: Sender,
    drafts: DraftSaver,
    limit: int = 100,
) -> DeliveryReport:
    """Send every outbox row that is due; each row is marked sent only after the server took it."""
    now = _utc(now)
    report = DeliveryReport()
    with store.transaction():
        report.interrupted = outbox.expire_leases(store.db, now)
        rows = outbox.due(store.db, now, limit=limit)
    for row in rows:
        with store.transaction():
            if not outbox.mark_sending(store.db, row.id, now + _lease(settings)):
                continue  # another process took it
        try:
            if row.kind == "draft":
                drafts.save(row.mailbox or "", row.raw, row.dedupe_key)
            else:
                await sender.send(row.raw, _envelope_sender(row, settings), list(row.recipients))
        except DeliveryError as exc:
            error = str(exc)
            with store.transaction():
                if exc.transient:
                    outbox.mark_retry(store.db, row.id, error, now + backoff(row.attempts + 1))
                    report.retrying.append((row.dedupe_key, error))
                else:
                    outbox.mark_failed(store.db, row.id, error)
                    report.failed.append((row.dedupe_key, error))
            log.log(
                logging.INFO if exc.transient else logging.ERROR,
                "%s %s: %s",
                "will retry" if exc.transient else "gave up on",
                row.dedupe_key,
                error,
            )
            continue
        with store.transaction():
            outbox.mark_sent(store.db, row.id, now)
        report.sent.append(row.dedupe_key)
        log.info("delivered %s", row.dedupe_key)
    return report


# -- one-shot commands -------------------------------------------------------------------------------


def real_outlets(store: Store, settings: Settings) -> tuple[Sender, DraftSaver]:
    """The SMTP sender and IMAP draft saver the configuration describes."""
    from foibot.adapters.drafts import ImapDraftSaver
    from foibot.adapters.smtp import SmtpSender

    if settings.smtp is None:
        raise ConfigError("no [smtp] section: foibot cannot send alerts, reminders or digests")
    return SmtpSender(settings.smtp), ImapDraftSaver(settings.mailboxes, store)


def run_sweep(
    settings: Settings, now: dt.datetime, *, dry_run: bool = False
) -> tuple[SweepResult, DeliveryReport]:
    """`foibot sweep`: queue what is due, then deliver the outbox (nothing is written with dry_run)."""
    with Store.open(settings.storage.path) as store:
        result = sweep(store, now, settings, dry_run=dry_run)
        if dry_run:
            return result, DeliveryReport()
        sender, drafts = real_outlets(store, settings)
        return result, asyncio.run(deliver(store, now, settings, sender=sender, drafts=drafts))
