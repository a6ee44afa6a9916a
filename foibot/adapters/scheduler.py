"""In-process timers for the daemon (APScheduler 3.x BackgroundScheduler).

Jobs only wake service functions: a sweep every few minutes (plus one at start) and the digest
on the configured cron. Nothing is persisted - the outbox's idempotency keys make a re-run
harmless, and `coalesce` turns a backlog of missed runs (after a suspend) into one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

log = logging.getLogger(__name__)

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 15 * 60}


def start_scheduler(
    *,
    sweep: Callable[[], None],
    sweep_seconds: float,
    digest: Callable[[], None],
    digest_cron: str,
    timezone: str,
) -> BackgroundScheduler:
    """Start the timers; stop them with `scheduler.shutdown(wait=True)`."""
    # APScheduler logs every job run at INFO: too chatty for a daemon's journal.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    scheduler = BackgroundScheduler(timezone=timezone, job_defaults=JOB_DEFAULTS)
    scheduler.add_job(sweep, id="sweep-at-start")  # no trigger: once, right away
    scheduler.add_job(sweep, "interval", seconds=sweep_seconds, id="sweep")
    scheduler.add_job(digest, CronTrigger.from_crontab(digest_cron, timezone=timezone), id="digest")
    scheduler.start()
    log.info("sweep every %g s; digest on cron %r (%s)", sweep_seconds, digest_cron, timezone)
    return scheduler
