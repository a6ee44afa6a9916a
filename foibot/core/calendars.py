"""Working-day calendars: which days count for each jurisdiction's FOI clock.

A WorkingCalendar is an immutable rule (weekend days, library holidays, closed periods, data
overrides). Holiday sets come from the `holidays` package per year and are cached, because the
package builds years lazily and callers ask per message. Overrides and institution lists that no
library knows (EU) are packaged data (foibot/data/*.toml), read once: a correction is a data
change, not a code change.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

import holidays

from foibot.errors import UsageError

ONE_DAY = dt.timedelta(days=1)
SAT_SUN: frozenset[int] = frozenset({5, 6})

# (country code, subdivision or None) pairs whose holidays a calendar unites.
HolidaySource = tuple[str, str | None]
# ((month, day), (month, day)) inclusive; may wrap the year end (25 Dec - 15 Jan).
ClosedPeriod = tuple[tuple[int, int], tuple[int, int]]


@cache
def _library_holidays(source: HolidaySource, year: int) -> frozenset[dt.date]:
    country, subdiv = source
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year))


def _in_closed_period(day: dt.date, period: ClosedPeriod) -> bool:
    start, end = period
    key = (day.month, day.day)
    if start <= end:
        return start <= key <= end
    return key >= start or key <= end


@dataclass(frozen=True)
class WorkingCalendar:
    """The non-working-day rule of one jurisdiction. Immutable and hashable."""

    name: str
    sources: tuple[HolidaySource, ...] = ()
    weekend: frozenset[int] = SAT_SUN
    closed_periods: tuple[ClosedPeriod, ...] = ()
    added: frozenset[dt.date] = field(default_factory=frozenset)  # extra non-working days
    removed: frozenset[dt.date] = field(default_factory=frozenset)  # library days that do count
    # Years whose holidays are known, for calendars built only from data (EU); None = every year.
    covered_years: frozenset[int] | None = None

    def covers(self, year: int) -> bool:
        """False when `year` has no holiday list, so only weekends would be skipped."""
        return self.covered_years is None or year in self.covered_years

    def holidays_in(self, year: int) -> frozenset[dt.date]:
        """The holidays of `year` (library days plus data overrides), not counting weekends."""
        return _year_holidays(self, year)

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() in self.weekend:
            return False
        if any(_in_closed_period(day, period) for period in self.closed_periods):
            return False
        return day not in _year_holidays(self, day.year)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, day0: dt.date, n: int) -> dt.date:
        """Day `n` of a count where `day0` (maybe non-working) is day 0 and the next working day is day 1."""
        if n < 0:
            raise ValueError(f"cannot count {n} working days")
        day = day0
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days d satisfy start < d <= end (0 when end <= start)."""
        count = 0
        day = start + ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count

    def on_or_after(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the next working day."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def with_overrides(
        self, *, add: frozenset[dt.date] = frozenset(), remove: frozenset[dt.date] = frozenset()
    ) -> WorkingCalendar:
        """A copy with extra non-working days and/or library holidays treated as working days."""
        return replace(self, added=self.added | add, removed=(self.removed | remove) - add)


@cache
def _year_holidays(calendar: WorkingCalendar, year: int) -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for source in calendar.sources:
        days |= _library_holidays(source, year)
    days |= {d for d in calendar.added if d.year == year}
    return frozenset(days - calendar.removed)


def _read_data(filename: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("foibot").joinpath("data", filename).read_text(encoding="utf-8"))


def _dates(values: object, where: str) -> frozenset[dt.date]:
    if not isinstance(values, list) or not all(isinstance(v, dt.date) for v in values):
        raise ValueError(f"{where}: expected a list of TOML dates")
    return frozenset(values)


# name -> (holiday sources, closed periods); the rules of §3 of the FOI timelines notes.
_UK_PARTS: tuple[HolidaySource, ...] = tuple(("GB", part) for part in ("ENG", "WLS", "SCT", "NIR"))
_DEFINITIONS: dict[str, tuple[tuple[HolidaySource, ...], tuple[ClosedPeriod, ...]]] = {
    "uk": (_UK_PARTS, ()),  # FOIA s.10(6): a bank holiday in ANY part of the UK
    "scotland": ((("GB", "SCT"),), ()),  # FOISA s.73: Scottish bank holidays only
    "us": ((("US", None),), ()),
    "ie": ((("IE", None),), ()),
    "nz": ((("NZ", None),), (((12, 25), (1, 15)),)),  # OIA: 25 Dec - 15 Jan never counts
    "eu": ((), ()),  # European Commission list, entirely from data
    "au": ((("AU", None),), ()),
    "de": ((("DE", None),), ()),
}
CALENDAR_NAMES: tuple[str, ...] = tuple(_DEFINITIONS)


@cache
def calendar_for(name: str) -> WorkingCalendar:
    """The named calendar with its packaged overrides; unknown name -> UsageError."""
    if name not in _DEFINITIONS:
        raise UsageError(f"unknown calendar {name!r}; choose one of: {', '.join(CALENDAR_NAMES)}")
    sources, closed = _DEFINITIONS[name]
    overrides = _read_data("holiday_overrides.toml").get(name, {})
    added = _dates(overrides.get("add", []), f"holiday_overrides.toml [{name}].add")
    removed = _dates(overrides.get("remove", []), f"holiday_overrides.toml [{name}].remove")
    covered: frozenset[int] | None = None
    if name == "eu":
        lists = _read_data("eu_holidays.toml")["commission"]
        for year, days in lists.items():
            added |= _dates(days, f"eu_holidays.toml [commission].{year}")
        covered = frozenset(int(year) for year in lists)
    return WorkingCalendar(name, sources, SAT_SUN, closed, added, removed - added, covered)
