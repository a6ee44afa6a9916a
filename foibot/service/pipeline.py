"""The wiring between watching mail and acting on it, shared by `scan --once` and `run`.

One message: `Pipeline.ingest` (foibot.service.ingest with the actions' change handler bound).
Due work: `perform_due_actions` (sweep, then deliver the outbox) and `queue_and_deliver_digests`.
Each opens its own Store, so it can run on any thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from dataclasses import dataclass

from foibot.adapters.store import Store
from foibot.clock import Clock
from foibot.config import Settings
from foibot.service import actions
from foibot.service.ingest import ChangeHandler, IngestResult, MessageSource, ingest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pipeline:
    """Everything needed to take in one message."""

    settings: Settings
    clock: Clock

    @property
    def on_change(self) -> ChangeHandler:
        return functools.partial(actions.on_request_changed, settings=self.settings)

    def ingest(self, store: Store, raw: bytes, source: MessageSource) -> IngestResult:
        """Process one message; the caller holds the transaction (with its sync progress)."""
        return ingest(
            store, raw, source, now=self.clock.now(), settings=self.settings, on_change=self.on_change
        )


def perform_due_actions(settings: Settings, now: dt.datetime) -> actions.SweepResult:
    """Queue whatever is due (alerts, reminders, drafts) and deliver the outbox."""
    with Store.open(settings.storage.path) as store:
        result = actions.sweep(store, now, settings)
        _deliver(store, now, settings)
        return result


def queue_and_deliver_digests(settings: Settings, now: dt.datetime) -> None:
    """The scheduled digest: queue it for the cron slot it belongs to (idempotent), then deliver."""
    from foibot.adapters.scheduler import latest_fire_time  # not at the top: `scan` needs neither
    from foibot.service import digest  # (nor icalendar, nor apscheduler)

    # The slot the cron scheduled, not the minute the job ran: a late run keeps its key.
    slot = latest_fire_time(settings.notify.digest, settings.policy.timezone, now) or now
    with Store.open(settings.storage.path) as store:
        result = digest.queue_digests(store, now, settings, slot=slot)
        log.info("digest: %d queued, %d empty (not sent)", len(result.queued), len(result.empty))
        _deliver(store, now, settings)


def recover_interrupted_sends(settings: Settings) -> None:
    with Store.open(settings.storage.path) as store:
        actions.recover_outbox(store)


def _deliver(store: Store, now: dt.datetime, settings: Settings) -> None:
    if settings.smtp is None:
        log.info("no [smtp] section: queued alerts and drafts wait until one is configured")
        return
    sender, drafts = actions.real_outlets(store, settings)
    report = asyncio.run(actions.deliver(store, now, settings, sender=sender, drafts=drafts))
    if report.sent or report.failed or report.retrying:
        log.info(
            "outbox: %d delivered, %d failed, %d to retry",
            len(report.sent),
            len(report.failed),
            len(report.retrying),
        )
