"""Dates, periods, references and fees pulled out of message text."""

from __future__ import annotations

import datetime as dt

import pytest

from foibot.core.extract import find_dates, find_due_date, find_fee, find_reference, find_reply_by

MAY_2018 = dt.date(2018, 5, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by 11th May", dt.date(2018, 5, 11)),
        ("by Friday 11 May", dt.date(2018, 5, 11)),
        ("by 24 July 2018", dt.date(2018, 7, 24)),
        ("by 11/05/2018", dt.date(2018, 5, 11)),  # day first
        ("by 2018-05-11", dt.date(2018, 5, 11)),
        ("by May 11, 2018", dt.date(2018, 5, 11)),
        # No year: the nearest such day. "On 1st April", a month before, is this year's, not next
        # year's; so is "by 1st October".
        ("on 1st April", dt.date(2018, 4, 1)),
        ("by 1st October", dt.date(2018, 10, 1)),
    ],
)
def test_dates_are_read_day_first_and_years_inferred(text: str, expected: dt.date) -> None:
    assert [d.date for d in find_dates(text, MAY_2018)] == [expected]


def test_explicit_reply_by_date_in_a_stay_alive_check() -> None:
    text = (
        "Can you confirm you still require this information? If I do not receive a response to this "
        "email by 24 July 2018, I will treat your request as withdrawn."
    )
    assert find_reply_by(text, dt.date(2018, 7, 10)) == dt.date(2018, 7, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please reply within 14 days.", dt.date(2018, 5, 16)),
        ("Please reply within two months.", dt.date(2018, 7, 2)),
        # 20 working days, UK calendar: the May Day and spring bank holidays do not count
        (
            "If we do not hear from you within 20 working days of the date of this letter, we will close it.",
            dt.date(2018, 6, 1),
        ),
    ],
)
def test_reply_by_periods_are_resolved_from_the_message_date(text: str, expected: dt.date) -> None:
    assert find_reply_by(text, MAY_2018) == expected


def test_no_reply_by_without_a_requester_clock() -> None:
    assert find_reply_by("We received your request on 1 May 2018.", MAY_2018) is None


def test_due_date_prefers_the_new_deadline_and_ignores_past_dates() -> None:
    text = (
        "Your request was received on 1 May 2018. The time limit expires on 30 May 2018. "
        "The new time limit expires on 13 June 2018."
    )
    assert find_due_date(text, MAY_2018) == dt.date(2018, 6, 13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("If payment has not been received by 3 June 2018 the request will lapse.", dt.date(2018, 6, 3)),
        ("Please remit the deposit within two weeks of the date of this letter.", dt.date(2018, 5, 16)),
        (
            "The deadline is 8 June 2018. If we have not heard from you by then, the request will close.",
            dt.date(2018, 6, 8),
        ),
    ],
)
def test_reply_by_from_a_payment_deadline_or_an_earlier_sentence(text: str, expected: dt.date) -> None:
    assert find_reply_by(text, MAY_2018) == expected


def test_due_date_is_not_the_requesters_deadline() -> None:
    assert find_due_date("If we do not hear from you by 20 May we will close your request.", MAY_2018) is None


@pytest.mark.parametrize(
    ("subject", "text", "expected"),
    [
        ("Our ref: ABC-2024/117", "", "ABC-2024/117"),
        ("RE: Freedom of Information request - XYZ99812 - parking", "", "XYZ99812"),
        ("Your FOI request", "Dear Sam\nYour ref: SR1\nReference No: 2024000123\n", "2024000123"),
        ("Request for access - DOCS 2023/4451", "", "DOCS 2023/4451"),
        ("Freedom of Information Act 2000 request", "Thank you for your email.", None),
        ("Re: COVID 19 figures", "", None),
        ("Planning request 12/0099/FUL", "", None),  # a planning application number is no FOI reference
        # the whole token, leading segments included
        ("Information Request Reference No: 07/FOI/26/000913", "", "07/FOI/26/000913"),
        ("KLM/FOI/23/0456 - your request", "", "KLM/FOI/23/0456"),
        ("Access request GestReq 2021/0042", "", "GestReq 2021/0042"),
        ("Your request", "Thank you.\nYour reference number is\nAB-19-7731.\n", "AB-19-7731"),
    ],
)
def test_reference_is_a_label_followed_by_an_id(subject: str, text: str, expected: str | None) -> None:
    assert find_reference(subject, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You are liable to pay a charge of $30.00 before we continue.", "$30.00"),
        ("The fee payable is £25.50.", "£25.50"),
        ("A charge of €10 applies.", "€10"),
        ("Thank you for your request.", None),
    ],
)
def test_fee_is_kept_as_written(text: str, expected: str | None) -> None:
    assert find_fee(text) == expected
