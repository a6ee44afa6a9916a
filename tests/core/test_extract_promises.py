"""Promised periods, stated receipt dates, subject-line reply-by dates and forwarded messages."""

from __future__ import annotations

import datetime as dt

import pytest

from foibot.core.classify import classify
from foibot.core.extract import find_due_date, find_reply_by
from foibot.core.model import Kind
from foibot.core.parse import parse_mail
from foibot.core.text import forwarded_message

MAY_2018 = dt.date(2018, 5, 2)  # a Wednesday; 7 and 28 May 2018 are bank holidays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 20 working days after 2 May, skipping both May bank holidays
        ("We aim to respond within 20 working days of receipt.", dt.date(2018, 6, 1)),
        # counted from the receipt date the message states, not from the message date
        (
            "Thank you for your request, which we received on 25 April 2018. "
            "We will respond within 20 working days of receipt.",
            dt.date(2018, 5, 24),
        ),
        ("We now expect to send you a full response within the next 10 working days.", dt.date(2018, 5, 17)),
        ("A decision on your request should be made by 30 May 2018.", dt.date(2018, 5, 30)),
    ],
)
def test_due_date_from_a_promise(text: str, expected: dt.date) -> None:
    assert find_due_date(text, MAY_2018) == expected


def test_a_period_the_requester_has_is_no_promise() -> None:
    assert (
        find_due_date("If we do not hear from you within 20 working days, we will close it.", MAY_2018)
        is None
    )


def test_a_period_beginning_with_the_day_of_the_notice_ends_a_day_earlier() -> None:
    text = (
        "We are not obliged to comply with your request unless the fee is paid within the period of "
        "three months beginning with the day on which this notice is given."
    )
    assert find_reply_by(text, MAY_2018) == dt.date(2018, 8, 1)


def _mail(subject: str, body: str) -> bytes:
    return (
        f"From: FOI Team <foi@council.example.gov.uk>\r\nTo: me@example.org\r\nSubject: {subject}\r\n"
        "Date: Wed, 02 May 2018 10:00:00 +0100\r\nMessage-ID: <x1@council.example.gov.uk>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    ).encode()


def test_a_reply_by_date_only_in_the_subject_line() -> None:
    raw = _mail(
        "FOI 123 - reply needed by 22/05/2018",
        "Dear Sir\n\nWe have not heard from you since March. Please let us know whether you still "
        "want us to continue with the request, by the date shown in the subject line.\n\nFOI Team\n",
    )
    result = classify(parse_mail(raw, delivered_at=dt.datetime(2018, 5, 2, tzinfo=dt.UTC)))
    assert (result.kind, result.reply_by) == (Kind.STAY_ALIVE_CHECK, dt.date(2018, 5, 22))


FORWARDED = (
    "Hello,\n\nThe message below bounced last week, so I am resending it.\n\nThanks\nPat\n\n"
    "---------- Forwarded message ---------\nFrom: FOI Team <foi@council.example.gov.uk>\n"
    "Date: Fri, 27 Apr 2018 at 16:00\nSubject: FOI 123\nTo: <me@example.org>\n\n"
    "Dear Sir,\n\nThe council does not hold any information about the bridge survey you asked for.\n\n"
    "Regards\nFOI Team\n"
)


def test_forwarded_message_is_the_earlier_messages_own_words() -> None:
    inner = forwarded_message(FORWARDED)
    assert inner.startswith("Dear Sir,") and "does not hold any information" in inner
    assert "resending" not in inner and "From:" not in inner


def test_a_cover_note_over_a_forwarded_message_is_classified_by_the_forwarded_message() -> None:
    mail = parse_mail(_mail("Fw: FOI 123", FORWARDED), delivered_at=dt.datetime(2018, 5, 2, tzinfo=dt.UTC))
    result = classify(mail)
    assert result.kind is Kind.NOT_HELD
    assert result.evidence[0] == "structure: a forwarded message"
