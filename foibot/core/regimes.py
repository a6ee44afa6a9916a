"""The FOI regimes foibot knows, as data: periods, units, calendars, review and regulator windows.

Each value cites the rule in /work/shared/domain/foi-timelines.md §1-§2; a correction to the law is
an edit here, not to the arithmetic in core/deadlines.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from foibot.errors import UsageError


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True)
class Period:
    """An amount of time. `beginning_with`: the start day is day 1 ("3 months beginning with")."""

    amount: int
    unit: Unit
    beginning_with: bool = False

    def __str__(self) -> str:
        label = self.unit.value.replace("_", " ")
        if self.amount == 1:
            label = label.removesuffix("s")
        return f"{self.amount} {label}"


def wd(amount: int) -> Period:
    return Period(amount, Unit.WORKING_DAYS)


@dataclass(frozen=True)
class Extension:
    """How far the authority may extend the response period beyond the normal due date."""

    period: Period  # added to the normal due date
    statutory: bool  # False: a guidance ceiling (e.g. the ICO's "normally 20 more working days")
    note: str


@dataclass(frozen=True)
class Regulator:
    name: str
    window: Period | None  # from the final response; None where no window is set or researched


@dataclass(frozen=True)
class Caveat:
    """A warning for requests received between `first` and `last` inclusive."""

    first: dt.date
    last: dt.date
    text: str


# Q2 of the timelines notes: requests running on 19 Sep 2022 may or may not gain the funeral day.
FUNERAL_2022 = Caveat(
    dt.date(2022, 8, 19),
    dt.date(2022, 9, 18),
    "the 19 Sep 2022 state funeral is skipped as a bank holiday; an authority may count it (one day earlier)",
)


@dataclass(frozen=True)
class Regime:
    """One access-to-information law and its clock."""

    key: str
    title: str
    response: Period
    calendar: str  # a name for core.calendars.calendar_for
    extension: Extension | None = None
    # Deadline in calendar units that ends on a non-working day moves to the next working day.
    move_to_working_day: bool = False
    review_request: Period | None = None  # requester's window to ask for internal review
    # FOISA s.20(5): with no response, the review window runs from the expired deadline.
    review_request_from_deadline: bool = False
    review_response: Period | None = None
    review_response_max: Period | None = None
    review_statutory: bool = False
    regulator: Regulator | None = None
    fee_payment: Period | None = None  # requester's window to pay a fees notice
    fee_pauses_clock: bool = True
    notes: tuple[str, ...] = ()
    caveats: tuple[Caveat, ...] = ()


COVID_SCOTLAND = Caveat(
    dt.date(2020, 1, 1),
    dt.date(2020, 12, 31),
    "the Coronavirus (Scotland) Act 2020 lengthened FOISA timescales for a while"
    " (not modelled; window unverified)",
)

ICO = Regulator("Information Commissioner's Office (ICO)", Period(6, Unit.WEEKS))
SIC = Regulator("Scottish Information Commissioner (SIC)", Period(6, Unit.MONTHS))

_ALL: tuple[Regime, ...] = (
    Regime(
        key="uk_foia",
        title="Freedom of Information Act 2000 (UK)",
        response=wd(20),
        calendar="uk",
        extension=Extension(
            wd(20), False, "public interest test: 'reasonable' time; the ICO expects normally at most 20 more"
        ),
        review_request=wd(40),
        review_response=wd(20),
        review_response_max=wd(40),
        regulator=ICO,
        fee_payment=Period(3, Unit.MONTHS, beginning_with=True),
        notes=("internal review and its timings come from the s.45 Code of Practice, not the Act",),
        caveats=(FUNERAL_2022,),
    ),
    Regime(
        key="uk_eir",
        title="Environmental Information Regulations 2004 (UK)",
        response=wd(20),
        calendar="uk",
        extension=Extension(wd(20), True, "reg 7: to 40 working days if complex and voluminous"),
        review_request=wd(40),
        review_response=wd(40),
        review_statutory=True,
        regulator=ICO,
        caveats=(FUNERAL_2022,),
    ),
    Regime(
        key="scot_foisa",
        title="Freedom of Information (Scotland) Act 2002",
        response=wd(20),
        calendar="scotland",
        review_request=wd(40),
        review_request_from_deadline=True,
        review_response=wd(20),
        review_statutory=True,
        regulator=SIC,
        notes=("no public interest extension; a review is required before appealing to the SIC",),
        caveats=(COVID_SCOTLAND,),
    ),
    Regime(
        key="scot_eisr",
        title="Environmental Information (Scotland) Regulations 2004",
        response=wd(20),
        calendar="scotland",
        extension=Extension(wd(20), True, "to 40 working days if voluminous and complex"),
        review_request=wd(40),
        review_request_from_deadline=True,
        review_response=wd(20),
        review_statutory=True,
        regulator=SIC,
        notes=("review and appeal timings assumed as FOISA (unverified)",),
        caveats=(COVID_SCOTLAND,),
    ),
    Regime(
        key="us_foia",
        title="Freedom of Information Act, 5 U.S.C. 552 (US federal)",
        response=wd(20),
        calendar="us",
        extension=Extension(wd(10), True, "unusual circumstances, by written notice"),
        review_request=Period(90, Unit.CALENDAR_DAYS),
        review_response=wd(20),
        review_response_max=wd(30),
        review_statutory=True,
        notes=("the appeal window is at least 90 days; the agency's letter sets the actual period",),
    ),
    Regime(
        key="ie_foi2014",
        title="Freedom of Information Act 2014 (Ireland)",
        # "4 weeks" where a week is 5 consecutive weekdays excluding public holidays.
        response=wd(20),
        calendar="ie",
        extension=Extension(wd(20), True, "s.14: up to 4 weeks for many records or related requests"),
        review_request=wd(20),
        review_response=wd(15),
        review_statutory=True,
        regulator=Regulator("Office of the Information Commissioner (OIC)", Period(6, Unit.MONTHS)),
    ),
    Regime(
        key="eu_1049",
        title="Regulation (EC) No 1049/2001 (EU institutions)",
        response=wd(15),
        calendar="eu",
        extension=Extension(wd(15), True, "Art 7(3): exceptionally, on notice"),
        review_request=wd(15),
        review_response=wd(15),
        review_response_max=wd(30),
        review_statutory=True,
        notes=("the clock starts at registration, not at sending",),
    ),
    Regime(
        key="nz_oia",
        title="Official Information Act 1982 (New Zealand)",
        response=wd(20),
        calendar="nz",
        regulator=Regulator("Ombudsman", None),
        notes=("extension: a 'reasonable period' on notice within 20 working days (s.15A)",),
    ),
    Regime(
        key="au_foi1982",
        title="Freedom of Information Act 1982 (Australia)",
        response=Period(30, Unit.CALENDAR_DAYS),
        calendar="au",
        extension=Extension(Period(30, Unit.CALENDAR_DAYS), True, "s.15(6)/s.15AA: +30 days"),
        move_to_working_day=True,
        review_request=Period(30, Unit.CALENDAR_DAYS),
        notes=("internal review window (s.54B) unverified",),
    ),
    Regime(
        key="de_ifg",
        title="Informationsfreiheitsgesetz (Germany, federal)",
        response=Period(1, Unit.MONTHS),
        calendar="de",
        move_to_working_day=True,
        review_request=Period(1, Unit.MONTHS),
        notes=("the month is a target ('soll'); an inaction claim is possible after 3 months",),
    ),
)

REGIMES: Mapping[str, Regime] = MappingProxyType({regime.key: regime for regime in _ALL})


def get_regime(key: str) -> Regime:
    """The regime called `key`; an unknown key is a UsageError naming the valid choices."""
    try:
        return REGIMES[key]
    except KeyError:
        raise UsageError(f"unknown regime {key!r}; choose one of: {', '.join(REGIMES)}") from None
