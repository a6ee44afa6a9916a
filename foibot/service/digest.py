"""Digests: one per request owner (their own requests) and one per `[notify] to` address (all).

What a digest holds is always recomputed from the database at `now`; its outbox key is per
recipient per scheduled slot, so the scheduler firing twice for one slot sends one digest.
"What happened" runs from the previous digest to that recipient (or the last week).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from foibot.adapters import outbox
from foibot.adapters.store import Store
from foibot.config import Settings
from foibot.core import ical, render
from foibot.core import plan as planner
from foibot.core.model import FoiRequest
from foibot.service.actions import (
    DeliveryReport,
    deliver,
    local_today,
    real_outlets,
    sender_address,
    templates,
)

log = logging.getLogger(__name__)

FIRST_DIGEST_LOOKBACK = dt.timedelta(days=7)


@dataclass
class DigestResult:
    queued: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # recipients with nothing to report


def _audiences(requests: Sequence[FoiRequest], settings: Settings) -> list[tuple[str, list[FoiRequest]]]:
    """(recipient, their requests): the whole inbox for notify.to, own requests for other owners."""
    everyone = [address.lower() for address in settings.notify.to]
    audiences = [(address, list(requests)) for address in everyone]
    owners = sorted({r.owner.lower() for r in requests if r.owner} - set(everyone))
    audiences += [(owner, [r for r in requests if (r.owner or "").lower() == owner]) for owner in owners]
    return audiences


def _history(store: Store, requests: Sequence[FoiRequest]) -> list[planner.HistoryEntry]:
    return [
        planner.HistoryEntry(event.request_id, event.at, event.summary)
        for request in requests
        for event in store.events(request.id)
    ]


def build_digests(
    store: Store, now: dt.datetime, settings: Settings, *, slot: dt.datetime
) -> list[planner.Digest]:
    """The digest of every recipient for `slot` (nothing is written)."""
    requests = store.list_requests(open_only=True)
    history = _history(store, requests)
    today = local_today(now, settings)
    digests = []
    for recipient, theirs in _audiences(requests, settings):
        since = outbox.last_created(store.db, f"digest:{recipient}:")
        ids = {r.id for r in theirs}
        digests.append(
            planner.digest_for(
                theirs,
                [h for h in history if h.request_id in ids],
                recipient=recipient,
                slot=slot,
                today=today,
                since=since if since is not None else slot - FIRST_DIGEST_LOOKBACK,
            )
        )
    return digests


def preview(store: Store, now: dt.datetime, settings: Settings) -> str:
    """Every recipient's digest as plain text, for `foibot digest --preview`."""
    env = templates(settings)
    digests = build_digests(store, now, settings, slot=now)
    if not digests:
        return "No digest recipients: set [notify] to, or track requests with an owner address.\n"
    return "\n\n".join(render.digest_text(env, digest) for digest in digests)


def queue_digests(
    store: Store,
    now: dt.datetime,
    settings: Settings,
    *,
    slot: dt.datetime | None = None,
    send_empty: bool = False,
) -> DigestResult:
    """Queue the digests of `slot` (the scheduled fire time; default `now`). Empty ones are skipped
    unless `send_empty`."""
    slot = (slot or now).astimezone(dt.UTC).replace(second=0, microsecond=0)
    env = templates(settings)
    result = DigestResult()
    with store.transaction():
        for digest in build_digests(store, now, settings, slot=slot):
            if digest.is_empty and not send_empty:
                result.empty.append(digest.recipient)
                continue
            key = planner.digest_key(digest.recipient, slot)
            deadline_requests = sorted(
                {item.request.id: item.request for item in digest.upcoming + digest.action_needed}.values(),
                key=lambda r: r.id,
            )
            sender = sender_address(settings)
            attachment = (
                ical.build_calendar(deadline_requests, now=now, domain=sender.rpartition("@")[2])
                if deadline_requests
                else None
            )
            msg = render.render_digest(env, digest, sender=sender, now=now, key=key, ics=attachment)
            if outbox.enqueue(
                store.db,
                dedupe_key=key,
                kind="email",
                raw=msg.as_bytes(),
                recipients=[digest.recipient],
                message_id=str(msg["Message-ID"]),
                now=now.astimezone(dt.UTC),
                cause="digest",
            ):
                result.queued.append(key)
    return result


def run_digest(
    settings: Settings, now: dt.datetime, *, send: bool
) -> tuple[str, DigestResult | None, DeliveryReport | None]:
    """`foibot digest`: the plain-text preview, and with `send` queue every digest and deliver now."""
    with Store.open(settings.storage.path) as store:
        text = preview(store, now, settings)
        if not send:
            return text, None, None
        sender, drafts = real_outlets(store, settings)
        result = queue_digests(store, now, settings, send_empty=True)
        report = asyncio.run(deliver(store, now, settings, sender=sender, drafts=drafts))
        return text, result, report
