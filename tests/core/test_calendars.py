"""Working calendars: which days count, per jurisdiction, and the counting primitives."""

from __future__ import annotations

import datetime as dt

import pytest

from foibot.core.calendars import CALENDAR_NAMES, WorkingCalendar, calendar_for
from foibot.errors import UsageError

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("name", "day", "working"),
    [
        ("uk", "2018-03-19", False),  # NI St Patrick's substitute: a UK-wide non-working day
        ("uk", "2024-01-02", False),  # Scotland only
        ("uk", "2023-08-07", False),  # Scottish summer bank holiday
        ("uk", "2024-04-01", False),  # Easter Monday (not Scottish, still excluded UK-wide)
        ("uk", "2022-09-19", False),  # state funeral, a one-off
        ("uk", "2024-03-15", True),
        ("scotland", "2018-03-19", True),  # NI day does not count in Scotland
        ("scotland", "2024-04-01", True),  # Easter Monday is not a Scottish bank holiday
        ("scotland", "2024-12-02", False),  # St Andrew's substitute
        ("us", "2024-11-28", False),
        ("ie", "2024-02-05", False),  # St Brigid's Day
        ("nz", "2019-01-10", False),  # inside the 25 Dec - 15 Jan break
        ("nz", "2019-01-16", True),
        ("nz", "2018-12-24", True),
        ("eu", "2019-11-01", False),  # Commission list, from data
        ("eu", "2019-11-11", True),  # Belgian Armistice Day is not an institution holiday
        ("au", "2018-03-12", True),  # Canberra Day is territorial, not national
        ("de", "2024-10-03", False),
        ("de", "2024-02-03", False),  # a Saturday
    ],
)
def test_is_working_day(name: str, day: str, working: bool) -> None:
    assert calendar_for(name).is_working_day(D(day)) is working


def test_receipt_day_is_day_zero_even_when_non_working() -> None:
    uk = calendar_for("uk")
    assert uk.add_working_days(D("2024-01-13"), 1) == D("2024-01-15")  # Saturday -> Monday is day 1
    assert uk.add_working_days(D("2024-01-15"), 0) == D("2024-01-15")


def test_next_working_day_is_strictly_after() -> None:
    uk = calendar_for("uk")
    assert uk.next_working_day(D("2024-01-15")) == D("2024-01-16")
    assert uk.next_working_day(D("2023-12-22")) == D("2023-12-27")


def test_working_days_between_counts_the_open_closed_interval() -> None:
    uk = calendar_for("uk")
    assert uk.working_days_between(D("2018-03-16"), D("2018-04-18")) == 20
    assert uk.working_days_between(D("2018-04-18"), D("2018-03-16")) == 0


def test_overrides_add_and_remove_days() -> None:
    uk = calendar_for("uk")
    moved = uk.with_overrides(add=frozenset({D("2024-03-15")}), remove=frozenset({D("2024-04-01")}))
    assert not moved.is_working_day(D("2024-03-15"))
    assert moved.is_working_day(D("2024-04-01"))
    assert uk.is_working_day(D("2024-03-15"))  # the original is untouched


def test_calendars_are_cached_values() -> None:
    assert calendar_for("uk") is calendar_for("uk")
    assert isinstance(hash(calendar_for("eu")), int)


def test_unknown_calendar_is_a_usage_error_naming_choices() -> None:
    with pytest.raises(UsageError, match="scotland"):
        calendar_for("england")


def test_every_calendar_builds_and_has_working_days() -> None:
    for name in CALENDAR_NAMES:
        calendar = calendar_for(name)
        assert isinstance(calendar, WorkingCalendar)
        assert calendar.working_days_between(D("2024-05-31"), D("2024-06-30")) > 15


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="-1"):
        calendar_for("uk").add_working_days(D("2024-01-01"), -1)
