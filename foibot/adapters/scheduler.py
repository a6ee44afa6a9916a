"""In-process timers for the daemon (APScheduler 3.x BackgroundScheduler).

Jobs only wake service functions: a sweep every few minutes (plus one at start) and the digest
on the configured cron. Nothing is persisted - the outbox's idempotency keys make a re-run
harmless, and `coalesce` turns a backlog of missed runs (after a suspend) into one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

log = logging.getLogger(__name__)

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 15 * 60}
# How far back `latest_fire_time` looks for a slot (longer crons fall back to "now").
_SLOT_LOOKBACK = dt.timedelta(days=32)


_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")  # crontab: 0 and 7 are Sunday


def cron_trigger(expression: str, timezone: str | None = None) -> CronTrigger:
    """A trigger for a standard crontab line (minute hour day month day-of-week).

    APScheduler 3 reads a numeric day of week as 0 = Monday, so "1-5" would mean Tuesday to
    Saturday; crontab means Monday to Friday. Numbers are turned into day names first.
    """
    fields = expression.split()
    if len(fields) == 5:
        fields[4] = ",".join(_day_names(item) for item in fields[4].split(","))
    return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)


def _day_names(item: str) -> str:
    """One crontab day-of-week item ("1-5", "0", "6-7", "mon", "*/2") in APScheduler's names."""
    span, slash, step = item.partition("/")
    first, dash, last = span.partition("-")
    if not first.isdigit() or (dash and not last.isdigit()):
        return item  # names and "*" mean the same to both
    start, end = int(first), int(last) if dash else None
    if start > 7 or (end is not None and end > 7):
        return item  # out of range: left for APScheduler to reject
    if end is None:
        names = _DAY_NAMES[start]
    elif start == 0 and end > 0 and not slash:
        names = "sun" if end == 7 else f"sun,mon-{_DAY_NAMES[end]}"  # Sunday starts crontab's week
    else:
        names = f"{_DAY_NAMES[start]}-{_DAY_NAMES[end]}"
    return f"{names}{slash}{step}"


def latest_fire_time(cron: str, timezone: str, now: dt.datetime) -> dt.datetime | None:
    """The cron's last fire time at or before `now` (within a month), or None.

    A job that runs late (a busy machine, a resume from suspend) still belongs to the slot it was
    scheduled for, so its idempotency key does not depend on when it happened to run.
    """
    trigger = cron_trigger(cron, timezone)
    fire: dt.datetime | None = trigger.get_next_fire_time(None, now - _SLOT_LOOKBACK)
    last = None
    while fire is not None and fire <= now:
        last = fire
        fire = trigger.get_next_fire_time(fire, fire + dt.timedelta(seconds=1))
    return last


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
    scheduler.add_job(digest, cron_trigger(digest_cron, timezone), id="digest")
    scheduler.start()
    log.info("sweep every %g s; digest on cron %r (%s)", sweep_seconds, digest_cron, timezone)
    return scheduler
