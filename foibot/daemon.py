"""`foibot run`: the process lifecycle - start a watcher thread per folder and the timers, stop cleanly.

SIGTERM/SIGINT set one event; every watcher finishes the message in hand and the scheduler its
job, then the process exits 0. Everything else (what a sync or a sweep does) lives in service.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from foibot.adapters.scheduler import start_scheduler
from foibot.adapters.store import Store
from foibot.clock import Clock
from foibot.config import Settings
from foibot.errors import ConfigError, FoibotError
from foibot.service import pipeline
from foibot.service.sync import watched_folders
from foibot.service.watch import FolderWatcher, WatchTiming

log = logging.getLogger(__name__)
JOIN_SECONDS = 30.0


def run(
    settings: Settings,
    clock: Clock,
    *,
    timing: WatchTiming | None = None,
    sweep_seconds: float = 300.0,
    stop: threading.Event | None = None,
) -> None:
    """Watch every mailbox and run scheduled work until `stop` is set (or SIGTERM/SIGINT)."""
    if not settings.mailboxes:
        raise ConfigError("no [[mailbox]] section: there is nothing to watch")
    stop = stop or threading.Event()
    timing = timing or WatchTiming()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda _signum, _frame: stop.set())
    Store.open(settings.storage.path).close()  # migrate once, before the threads start
    pipeline.recover_interrupted_sends(settings)
    ingest = pipeline.Pipeline(settings, clock).ingest
    watchers: list[FolderWatcher] = []
    for mailbox in settings.mailboxes:
        sent, *others = watched_folders(mailbox)
        sent_watcher = FolderWatcher(sent, settings, ingest, clock, timing)
        watchers.append(sent_watcher)
        after_sent = sent_watcher.first_pass_done  # replies are recognised once requests are known
        watchers += [FolderWatcher(w, settings, ingest, clock, timing, wait_for=after_sent) for w in others]
    threads = [threading.Thread(target=w.run, name=w.name, daemon=True) for w in watchers]
    for thread in threads:
        thread.start()
    scheduler = start_scheduler(
        sweep=_guarded("sweep", lambda: pipeline.perform_due_actions(settings, clock.now())),
        sweep_seconds=sweep_seconds,
        digest=_guarded("digest", lambda: pipeline.queue_and_deliver_digests(settings, clock.now())),
        digest_cron=settings.notify.digest,
        timezone=settings.policy.timezone,
    )
    log.info("foibot is running: %d folder(s) in %d mailbox(es)", len(watchers), len(settings.mailboxes))
    while not stop.wait(1.0):
        pass
    log.info("stopping")
    for watcher in watchers:
        watcher.stop()
    scheduler.shutdown(wait=True)
    for thread in threads:
        thread.join(JOIN_SECONDS)
    log.info("stopped")


def _guarded(name: str, job: Callable[[], object]) -> Callable[[], None]:
    """A timer job that logs a one-line failure instead of a traceback (it runs again later)."""

    def wrapped() -> None:
        try:
            job()
        except FoibotError as exc:
            log.error("%s failed: %s", name, exc)

    return wrapped
