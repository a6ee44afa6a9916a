"""`foibot scan --once`: one pass over every mailbox, then the due actions; a summary to print."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from foibot.adapters.store import Store
from foibot.clock import Clock
from foibot.config import Settings
from foibot.service import pipeline
from foibot.service.sync import MailboxReport, Progress, scan_mailbox

log = logging.getLogger(__name__)


@dataclass
class ScanResult:
    mailboxes: list[MailboxReport] = field(default_factory=list)
    queued: int = 0  # new outbox entries from the sweep

    @property
    def ok(self) -> bool:
        return all(report.error is None for report in self.mailboxes)

    def lines(self) -> list[str]:
        out: list[str] = []
        for report in self.mailboxes:
            if report.error is not None:
                out.append(f"{report.mailbox}: FAILED: {report.error}")
            for folder in report.folders:
                statuses = ", ".join(f"{n} {status}" for status, n in sorted(folder.outcomes.items()))
                out.append(
                    f"{report.mailbox}/{folder.folder}: {folder.examined} new, {folder.candidates} read"
                    + (f" ({statuses})" if statuses else "")
                )
        out.append(f"actions: {self.queued} newly due")
        return out


def scan_once(settings: Settings, clock: Clock, *, progress: Progress | None = None) -> ScanResult:
    """Process everything new in all mailboxes (a failing one is reported, the rest go on)."""
    result = ScanResult()
    ingest = pipeline.Pipeline(settings, clock).ingest
    with Store.open(settings.storage.path) as store:
        for mailbox in settings.mailboxes:
            report = scan_mailbox(mailbox, store, ingest, settings, now=clock.now, progress=progress)
            if report.error is not None:
                log.error("%s", report.error)
            result.mailboxes.append(report)
    result.queued = len(pipeline.perform_due_actions(settings, clock.now()).queued)
    return result
