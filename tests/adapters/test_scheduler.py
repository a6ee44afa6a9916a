"""The digest slot: the cron's own fire time, however late the job runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from foibot.adapters.scheduler import cron_trigger, latest_fire_time

LONDON = ZoneInfo("Europe/London")


def test_a_late_run_belongs_to_the_slot_it_was_scheduled_for() -> None:
    slot = dt.datetime(2025, 3, 4, 8, 0, tzinfo=LONDON)
    for late in (dt.timedelta(0), dt.timedelta(seconds=59), dt.timedelta(minutes=14)):
        assert latest_fire_time("0 8 * * *", "Europe/London", slot + late) == slot


def test_before_today_s_slot_the_previous_one_counts() -> None:
    now = dt.datetime(2025, 3, 4, 7, 59, tzinfo=LONDON)
    assert latest_fire_time("0 8 * * 1-5", "Europe/London", now) == dt.datetime(
        2025, 3, 3, 8, 0, tzinfo=LONDON
    )


def test_a_cron_that_has_not_fired_within_a_month_gives_none() -> None:
    now = dt.datetime(2025, 3, 4, 9, 0, tzinfo=LONDON)
    assert latest_fire_time("0 8 1 1 *", "Europe/London", now) is None  # once a year, on 1 January


def _fire_days(cron: str) -> list[str]:
    trigger = cron_trigger(cron, "UTC")
    fire, now, days = None, dt.datetime(2025, 3, 2, tzinfo=dt.UTC), []  # a Sunday
    for _ in range(7):
        fire = trigger.get_next_fire_time(fire, now)
        assert fire is not None
        days.append(fire.strftime("%a"))
        now = fire + dt.timedelta(seconds=1)
    return days


def test_crontab_day_numbers_mean_what_crontab_means() -> None:
    # APScheduler 3 alone would read "1-5" as Tuesday to Saturday.
    assert _fire_days("0 8 * * 1-5") == ["Mon", "Tue", "Wed", "Thu", "Fri", "Mon", "Tue"]
    assert _fire_days("0 8 * * 0") == ["Sun"] * 7
    assert _fire_days("0 8 * * 7") == ["Sun"] * 7
    assert _fire_days("0 8 * * 0-2") == ["Sun", "Mon", "Tue", "Sun", "Mon", "Tue", "Sun"]
    assert _fire_days("0 8 * * 6,7") == ["Sun", "Sat", "Sun", "Sat", "Sun", "Sat", "Sun"]
    assert _fire_days("0 8 * * mon,fri") == ["Mon", "Fri", "Mon", "Fri", "Mon", "Fri", "Mon"]
