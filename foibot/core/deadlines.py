"""Deadline arithmetic: due dates, extensions, review and regulator windows. Pure functions.

Rules (foi-timelines.md §0): the receipt day is day 0 and may be a non-working day; day 1 is the
next working day. A clarification restarts the clock from the day it is received; a fees notice
pauses it from the notice day up to and including the day the fee is received. Calendar-unit
periods ("6 weeks", "3 months") use corresponding dates, clamped to the month end, and move off
non-working days only where the regime says so (Australia, Germany).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from foibot.core.calendars import ONE_DAY, WorkingCalendar, calendar_for
from foibot.core.model import Deadlines
from foibot.core.regimes import Period, Regime, Unit

NonworkingReceipt = Literal["ico", "next_working_day"]
# (fees notice given, fee received or None while unpaid); both days are disregarded.
FeePause = tuple[dt.date, dt.date | None]
UNITS: tuple[str, ...] = tuple(unit.value for unit in Unit)


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding date `months` later, clamped to the end of a shorter month (31 Jan -> 29 Feb)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last))


def add_period(
    start: dt.date, amount: int, unit: str | Unit, calendar: WorkingCalendar, *, beginning_with: bool = False
) -> dt.date:
    """The last day of a period of `amount` `unit`s after `start` (day 0).

    `unit` is one of working_days, calendar_days, weeks, months. With `beginning_with`, `start`
    itself is the first day ("3 months beginning with the day the notice is given"), so the period
    ends one day earlier. No move off non-working days happens here.
    """
    try:
        kind = Unit(unit)
    except ValueError:
        raise ValueError(f"unknown unit {unit!r}; choose one of: {', '.join(UNITS)}") from None
    if kind is Unit.WORKING_DAYS:
        return calendar.add_working_days(start, amount)
    if kind is Unit.CALENDAR_DAYS:
        end = start + dt.timedelta(days=amount)
    elif kind is Unit.WEEKS:
        end = start + dt.timedelta(weeks=amount)
    else:
        end = add_months(start, amount)
    return end - ONE_DAY if beginning_with else end


def _period_end(regime: Regime, start: dt.date, period: Period) -> dt.date:
    calendar = calendar_for(regime.calendar)
    end = add_period(start, period.amount, period.unit, calendar, beginning_with=period.beginning_with)
    if regime.move_to_working_day:
        end = calendar.on_or_after(end)
    return end


def _optional_end(regime: Regime, start: dt.date, period: Period | None) -> dt.date | None:
    """`_period_end`, or None where the regime has no such period."""
    return None if period is None else _period_end(regime, start, period)


def _paused(day: dt.date, pauses: Sequence[tuple[dt.date, dt.date]]) -> bool:
    return any(first <= day <= last for first, last in pauses)


def _raw_due(
    regime: Regime,
    received: dt.date,
    clarified: dt.date | None,
    fee_paused: Sequence[FeePause],
    nonworking_receipt: NonworkingReceipt,
) -> dt.date | None:
    """The response due date before any move off a non-working day; None while a fee is unpaid."""
    calendar = calendar_for(regime.calendar)
    day0 = received if clarified is None else max(received, clarified)
    period = regime.response
    if nonworking_receipt == "next_working_day" and period.unit is Unit.WORKING_DAYS:
        day0 = calendar.on_or_after(day0)
    pauses: list[tuple[dt.date, dt.date]] = []
    if regime.fee_pauses_clock:
        for first, last in fee_paused:
            if last is None:
                return None  # clock stopped until the fee is paid
            if last > day0:
                pauses.append((max(first, day0 + ONE_DAY), last))
    if not pauses:
        return add_period(day0, period.amount, period.unit, calendar)
    if period.unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS):
        counts = calendar.is_working_day if period.unit is Unit.WORKING_DAYS else (lambda _day: True)
        day, counted = day0, 0
        while counted < period.amount:
            day += ONE_DAY
            counted += counts(day) and not _paused(day, pauses)
        return day
    # weeks/months: push the end on by every paused day that fell inside the running period
    end = add_period(day0, period.amount, period.unit, calendar)
    for first, last in sorted(pauses):
        if first <= end:
            end += (last - first) + ONE_DAY
    return end


def response_due(
    regime: Regime,
    received: dt.date,
    *,
    clarified: dt.date | None = None,
    fee_paused: Sequence[FeePause] = (),
    nonworking_receipt: NonworkingReceipt = "ico",
) -> dt.date | None:
    """The statutory response date; None only while a fee pause is still open (fee unpaid)."""
    raw = _raw_due(regime, received, clarified, fee_paused, nonworking_receipt)
    if raw is None or not regime.move_to_working_day:
        return raw
    return calendar_for(regime.calendar).on_or_after(raw)


def extended_due(
    regime: Regime,
    received: dt.date,
    *,
    clarified: dt.date | None = None,
    fee_paused: Sequence[FeePause] = (),
    nonworking_receipt: NonworkingReceipt = "ico",
) -> dt.date | None:
    """The latest date an extension normally allows (regime.extension); None where there is none."""
    if regime.extension is None:
        return None
    raw = _raw_due(regime, received, clarified, fee_paused, nonworking_receipt)
    if raw is None:
        return None
    return _period_end(regime, raw, regime.extension.period)


def review_request_by(regime: Regime, responded: dt.date) -> dt.date | None:
    """Last day for the requester to ask for an internal review of a response received on `responded`."""
    return _optional_end(regime, responded, regime.review_request)


def review_request_by_after_silence(regime: Regime, due: dt.date) -> dt.date | None:
    """With no response at all: last day to ask for review, counted from the expired `due` date.

    Only where the law says so (FOISA s.20(5)); elsewhere None.
    """
    if not regime.review_request_from_deadline:
        return None
    return review_request_by(regime, due)


def review_due(regime: Regime, review_requested: dt.date) -> dt.date | None:
    """When the internal review outcome is due."""
    return _optional_end(regime, review_requested, regime.review_response)


def review_due_max(regime: Regime, review_requested: dt.date) -> dt.date | None:
    """The latest acceptable review outcome (uk_foia: 40 WD); the normal date where no maximum exists."""
    if regime.review_response_max is None:
        return review_due(regime, review_requested)
    return _period_end(regime, review_requested, regime.review_response_max)


def regulator_by(regime: Regime, final_response: dt.date) -> dt.date | None:
    """Last day to complain to the regulator (ICO 6 weeks, SIC 6 months) after the final response."""
    return (
        None if regime.regulator is None else _optional_end(regime, final_response, regime.regulator.window)
    )


def fee_payment_by(regime: Regime, notice_given: dt.date) -> dt.date | None:
    """Last day to pay a fees notice given on `notice_given` (uk_foia: 3 months beginning with it)."""
    return _optional_end(regime, notice_given, regime.fee_payment)


def caveats(regime: Regime, received: dt.date) -> tuple[str, ...]:
    """Warnings that apply to a request received on `received`: disputed days, missing holiday data."""
    found = [caveat.text for caveat in regime.caveats if caveat.first <= received <= caveat.last]
    calendar = calendar_for(regime.calendar)
    # a response, review and extension can run into the next year
    missing = [year for year in (received.year, received.year + 1) if not calendar.covers(year)]
    if missing:
        years = ", ".join(map(str, missing))
        found.append(f"no {calendar.name} holiday list for {years}: only weekends are skipped")
    return tuple(found)


@dataclass(frozen=True)
class Timeline:
    """The clock events of one request; each `with_*` method returns the next Timeline.

    Lifecycle code records events as they happen and reads the dates back, instead of
    re-deriving the rules about restarts, pauses and extensions.
    """

    regime: Regime
    received: dt.date
    clarified: dt.date | None = None
    fee_pauses: tuple[FeePause, ...] = ()
    extended_to: dt.date | None = None
    responded: dt.date | None = None
    review_requested: dt.date | None = None
    review_decided: dt.date | None = None
    nonworking_receipt: NonworkingReceipt = "ico"

    def with_clarification(self, received: dt.date) -> Timeline:
        """The clarified request starts a fresh period; earlier pauses and extensions lapse."""
        return replace(self, clarified=received, fee_pauses=(), extended_to=None)

    def with_fee_notice(self, given: dt.date) -> Timeline:
        return replace(self, fee_pauses=(*self.fee_pauses, (given, None)))

    def with_fee_paid(self, paid: dt.date) -> Timeline:
        """Close the open fee pause (if any) on the day the fee is received."""
        pauses = list(self.fee_pauses)
        for index in range(len(pauses) - 1, -1, -1):
            if pauses[index][1] is None:
                pauses[index] = (pauses[index][0], paid)
                break
        return replace(self, fee_pauses=tuple(pauses))

    def with_extension(self, new_due: dt.date) -> Timeline:
        return replace(self, extended_to=new_due)

    def with_response(self, day: dt.date) -> Timeline:
        return replace(self, responded=day)

    def with_review_request(self, day: dt.date) -> Timeline:
        return replace(self, review_requested=day)

    def with_review_decision(self, day: dt.date) -> Timeline:
        return replace(self, review_decided=day)

    @property
    def statutory_due(self) -> dt.date | None:
        return response_due(
            self.regime,
            self.received,
            clarified=self.clarified,
            fee_paused=self.fee_pauses,
            nonworking_receipt=self.nonworking_receipt,
        )

    @property
    def due(self) -> dt.date | None:
        """The date the authority must answer by: an announced extension, else the statutory date."""
        statutory = self.statutory_due
        if self.extended_to is not None and (statutory is None or self.extended_to > statutory):
            return self.extended_to
        return statutory

    @property
    def fee_payment_by(self) -> dt.date | None:
        open_notices = [given for given, paid in self.fee_pauses if paid is None]
        return fee_payment_by(self.regime, open_notices[-1]) if open_notices else None

    @property
    def review_request_by(self) -> dt.date | None:
        if self.responded is not None:
            return review_request_by(self.regime, self.responded)
        due = self.statutory_due
        return None if due is None else review_request_by_after_silence(self.regime, due)

    @property
    def review_due(self) -> dt.date | None:
        return None if self.review_requested is None else review_due(self.regime, self.review_requested)

    @property
    def regulator_by(self) -> dt.date | None:
        """From the review outcome, or from when it was due if none came (FOISA s.47(4))."""
        final = self.review_decided or self.review_due
        return None if final is None else regulator_by(self.regime, final)

    def deadlines(self) -> Deadlines:
        return Deadlines(
            authority_due=self.due,
            requester_reply_by=self.fee_payment_by,
            review_request_by=self.review_request_by,
            review_due=self.review_due,
            regulator_by=self.regulator_by,
        )
