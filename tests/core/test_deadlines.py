"""The worked examples E1-E25 of foi-timelines.md §4, each computed by the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from foibot.core import deadlines as dl
from foibot.core.calendars import calendar_for
from foibot.core.regimes import REGIMES, Unit, get_regime
from foibot.errors import UsageError

D = dt.date.fromisoformat


def due(
    regime: str,
    received: str,
    *,
    clarified: dt.date | None = None,
    fee_paused: list[dl.FeePause] | None = None,
    nonworking_receipt: dl.NonworkingReceipt = "ico",
) -> dt.date | None:
    return dl.response_due(
        get_regime(regime),
        D(received),
        clarified=clarified,
        fee_paused=fee_paused or (),
        nonworking_receipt=nonworking_receipt,
    )


def extended(regime: str, received: str) -> dt.date | None:
    return dl.extended_due(get_regime(regime), D(received))


WorkedExample = tuple[str, Callable[[], dt.date | None], str]

EXAMPLES: list[WorkedExample] = [
    ("E1 origin request", lambda: due("uk_foia", "2018-03-16"), "2018-04-18"),
    ("E2 Christmas and 2 Jan", lambda: due("uk_foia", "2023-12-22"), "2024-01-25"),
    ("E3 Coronation", lambda: due("uk_foia", "2023-05-02"), "2023-06-01"),
    ("E4 FOISA St Andrew's substitute", lambda: due("scot_foisa", "2024-11-28"), "2024-12-31"),
    ("E4 same under FOIA", lambda: due("uk_foia", "2024-11-28"), "2024-12-31"),
    ("E5 Saturday receipt, ICO", lambda: due("uk_foia", "2024-01-13"), "2024-02-09"),
    (
        "E5 Saturday receipt, alternative",
        lambda: due("uk_foia", "2024-01-13", nonworking_receipt="next_working_day"),
        "2024-02-12",
    ),
    ("E6 original due", lambda: due("uk_foia", "2024-03-04"), "2024-04-04"),
    (
        "E7 clarification restarts",
        lambda: due("uk_foia", "2024-03-04", clarified=D("2024-03-20")),
        "2024-04-19",
    ),
    (
        "E8 fee pause",
        lambda: due("uk_foia", "2024-09-02", fee_paused=[(D("2024-09-09"), D("2024-10-03"))]),
        "2024-10-25",
    ),
    (
        "E9 fee payment window",
        lambda: dl.fee_payment_by(get_regime("uk_foia"), D("2024-09-09")),
        "2024-12-08",
    ),
    (
        "E10 ask for review",
        lambda: dl.review_request_by(get_regime("uk_foia"), D("2024-01-10")),
        "2024-03-06",
    ),
    ("E11 review expected", lambda: dl.review_due(get_regime("uk_foia"), D("2024-03-07")), "2024-04-09"),
    ("E11 review maximum", lambda: dl.review_due_max(get_regime("uk_foia"), D("2024-03-07")), "2024-05-08"),
    ("E12 ICO 6 weeks", lambda: dl.regulator_by(get_regime("uk_foia"), D("2024-04-09")), "2024-05-21"),
    ("E13 EIR due", lambda: due("uk_eir", "2023-07-03"), "2023-08-01"),
    ("E13 EIR reg 7 extension", lambda: extended("uk_eir", "2023-07-03"), "2023-08-31"),
    ("E14 FOISA due", lambda: due("scot_foisa", "2024-11-04"), "2024-12-03"),
    (
        "E14 FOISA review after silence",
        lambda: dl.review_request_by_after_silence(get_regime("scot_foisa"), D("2024-12-03")),
        "2025-02-03",
    ),
    (
        "E15 FOISA review",
        lambda: dl.review_request_by(get_regime("scot_foisa"), D("2024-11-04")),
        "2025-01-06",
    ),
    ("E16 Sunday before St Patrick's", lambda: due("uk_foia", "2014-03-16"), "2014-04-14"),
    ("E17 received on St Andrew's substitute", lambda: due("uk_foia", "2014-12-01"), "2014-12-31"),
    (
        "E17 alternative reading",
        lambda: due("uk_foia", "2014-12-01", nonworking_receipt="next_working_day"),
        "2015-01-05",
    ),
    ("E18 funeral day excluded", lambda: due("uk_foia", "2022-09-09"), "2022-10-10"),
    (
        "E18 funeral day counted",
        lambda: (
            calendar_for("uk")
            .with_overrides(remove=frozenset({D("2022-09-19")}))
            .add_working_days(D("2022-09-09"), 20)
        ),
        "2022-10-07",
    ),
    ("E19 US due", lambda: due("us_foia", "2024-11-22"), "2024-12-23"),
    ("E19 US unusual circumstances", lambda: extended("us_foia", "2024-11-22"), "2025-01-08"),
    ("E20 NZ summer break", lambda: due("nz_oia", "2019-01-03"), "2019-02-13"),
    ("E21 NZ Easter Sunday", lambda: due("nz_oia", "2017-04-16"), "2017-05-16"),
    ("E22 Commission due", lambda: due("eu_1049", "2019-10-25"), "2019-11-18"),
    ("E22 Commission extension", lambda: extended("eu_1049", "2019-10-25"), "2019-12-09"),
    ("E23 Council due", lambda: due("eu_1049", "2021-09-06"), "2021-09-27"),
    ("E23 Council extension", lambda: extended("eu_1049", "2021-09-06"), "2021-10-18"),
    ("E24 AU moved to Monday", lambda: due("au_foi1982", "2018-02-09"), "2018-03-12"),
    ("E25 DE month end", lambda: due("de_ifg", "2024-01-31"), "2024-02-29"),
]


@pytest.mark.parametrize(
    ("compute", "expected"), [(c, e) for _, c, e in EXAMPLES], ids=[n for n, _, _ in EXAMPLES]
)
def test_worked_example(compute: Callable[[], dt.date | None], expected: str) -> None:
    assert compute() == D(expected)


def test_e7_timeline_restart_replaces_the_old_date() -> None:
    timeline = dl.Timeline(get_regime("uk_foia"), D("2024-03-04"))
    assert timeline.due == D("2024-04-04")
    assert timeline.with_clarification(D("2024-03-20")).due == D("2024-04-19")


def test_e8_timeline_fee_notice_stops_the_clock_until_paid() -> None:
    noticed = dl.Timeline(get_regime("uk_foia"), D("2024-09-02")).with_fee_notice(D("2024-09-09"))
    assert noticed.due is None
    assert noticed.fee_payment_by == D("2024-12-08")
    paid = noticed.with_fee_paid(D("2024-10-03"))
    assert paid.due == D("2024-10-25")
    assert paid.fee_payment_by is None


def test_e14_timeline_without_response_counts_review_from_expiry() -> None:
    timeline = dl.Timeline(get_regime("scot_foisa"), D("2024-11-04"))
    assert timeline.review_request_by == D("2025-02-03")
    assert timeline.with_response(D("2024-11-04")).review_request_by == D("2025-01-06")


def test_foia_has_no_review_window_after_silence() -> None:
    assert dl.review_request_by_after_silence(get_regime("uk_foia"), D("2024-12-03")) is None


def test_timeline_extension_sets_new_target_and_deadlines_value() -> None:
    timeline = dl.Timeline(get_regime("uk_foia"), D("2018-03-16")).with_extension(D("2018-05-16"))
    assert timeline.due == D("2018-05-16")
    decided = timeline.with_response(D("2018-05-10")).with_review_request(D("2018-05-11"))
    deadlines = decided.with_review_decision(D("2018-06-01")).deadlines()
    assert deadlines.authority_due == D("2018-05-16")
    assert deadlines.review_due == dl.review_due(get_regime("uk_foia"), D("2018-05-11"))
    assert deadlines.regulator_by == D("2018-07-13")  # 6 weeks after the review outcome


def test_sic_six_months_clamps_to_month_end() -> None:
    assert dl.regulator_by(get_regime("scot_foisa"), D("2024-08-31")) == D("2025-02-28")


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (20, "working_days", "2018-04-18"),
        (14, "calendar_days", "2018-03-30"),
        (2, "weeks", "2018-03-30"),
        (2, "months", "2018-05-16"),
    ],
)
def test_add_period_resolves_phrases_in_letters(amount: int, unit: str, expected: str) -> None:
    assert dl.add_period(D("2018-03-16"), amount, unit, calendar_for("uk")) == D(expected)


def test_add_period_rejects_unknown_unit() -> None:
    with pytest.raises(ValueError, match="fortnights"):
        dl.add_period(D("2018-03-16"), 1, "fortnights", calendar_for("uk"))


def test_unknown_regime_names_the_choices() -> None:
    with pytest.raises(UsageError, match=r"uk_foia.*scot_foisa"):
        get_regime("uk-foia")


def test_every_regime_uses_a_known_calendar_and_units() -> None:
    for regime in REGIMES.values():
        assert calendar_for(regime.calendar).name == regime.calendar
        assert regime.response.unit in set(Unit)


@pytest.mark.parametrize(
    ("regime", "received", "expected"),
    [
        ("uk_foia", "2022-09-09", "state funeral"),
        ("scot_foisa", "2020-05-01", "Coronavirus"),
        ("eu_1049", "2023-03-01", "no eu holiday list for 2023, 2024"),
    ],
)
def test_caveats_flag_disputed_or_unknown_dates(regime: str, received: str, expected: str) -> None:
    assert any(expected in text for text in dl.caveats(get_regime(regime), D(received)))


@pytest.mark.parametrize(("regime", "received"), [("uk_foia", "2022-10-01"), ("eu_1049", "2019-10-25")])
def test_no_caveats_for_ordinary_dates(regime: str, received: str) -> None:
    assert dl.caveats(get_regime(regime), D(received)) == ()
