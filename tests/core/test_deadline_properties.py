"""Properties of the time engine that must hold for every date, not just the worked examples."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from foibot.core import deadlines as dl
from foibot.core.calendars import calendar_for
from foibot.core.regimes import REGIMES, Unit, get_regime

days = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2030, 12, 31))
regimes = st.sampled_from(sorted(REGIMES))
working_day_regimes = st.sampled_from(
    sorted(key for key, regime in REGIMES.items() if regime.response.unit is Unit.WORKING_DAYS)
)
receipt_rules = st.sampled_from(["ico", "next_working_day"])
fast = settings(max_examples=150, deadline=None)


@fast
@given(working_day_regimes, days, receipt_rules)
def test_working_day_due_date_is_a_working_day(
    key: str, received: dt.date, rule: dl.NonworkingReceipt
) -> None:
    regime = get_regime(key)
    due = dl.response_due(regime, received, nonworking_receipt=rule)
    assert due is not None
    assert calendar_for(regime.calendar).is_working_day(due)


@fast
@given(st.sampled_from(["au_foi1982", "de_ifg"]), days)
def test_moved_calendar_deadlines_land_on_working_days(key: str, received: dt.date) -> None:
    regime = get_regime(key)
    due = dl.response_due(regime, received)
    assert due is not None
    assert calendar_for(regime.calendar).is_working_day(due)


@fast
@given(regimes, days, st.integers(min_value=1, max_value=60), receipt_rules)
def test_later_receipt_never_gives_an_earlier_due_date(
    key: str, received: dt.date, later_by: int, rule: dl.NonworkingReceipt
) -> None:
    regime = get_regime(key)
    earlier = dl.response_due(regime, received, nonworking_receipt=rule)
    later = dl.response_due(regime, received + dt.timedelta(days=later_by), nonworking_receipt=rule)
    assert earlier is not None
    assert later is not None
    assert later >= earlier


@fast
@given(regimes, days, st.integers(min_value=0, max_value=90))
def test_clarification_never_gives_an_earlier_due_date(key: str, received: dt.date, after: int) -> None:
    regime = get_regime(key)
    original = dl.response_due(regime, received)
    clarified = dl.response_due(regime, received, clarified=received + dt.timedelta(days=after))
    assert original is not None
    assert clarified is not None
    assert clarified >= original


@fast
@given(
    working_day_regimes, days, st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=40)
)
def test_fee_pause_never_gives_an_earlier_due_date(
    key: str, received: dt.date, start: int, length: int
) -> None:
    regime = get_regime(key)
    noticed = received + dt.timedelta(days=start)
    paused = dl.response_due(regime, received, fee_paused=[(noticed, noticed + dt.timedelta(days=length))])
    plain = dl.response_due(regime, received)
    assert paused is not None
    assert plain is not None
    assert paused >= plain


@fast
@given(st.sampled_from(["uk", "scotland", "us", "nz", "eu"]), days, st.integers(min_value=0, max_value=60))
def test_counting_forward_and_back_agree(name: str, day0: dt.date, n: int) -> None:
    calendar = calendar_for(name)
    assert calendar.working_days_between(day0, calendar.add_working_days(day0, n)) == n
