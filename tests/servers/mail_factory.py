"""Made-up mail for the watcher tests and the scan benchmark (our own wording, no corpus text).

`request` is a requester's FOI request (Sent folder), `acknowledgement` an authority's reply to
it (In-Reply-To set), `ordinary` everyday mail a pre-filter should skip.
"""

from __future__ import annotations

import datetime as dt
import email.utils

OWNER = "sam@example.org"
AUTHORITIES = ("foi@harrowdale.gov.uk", "information.requests@kestrel-nhs.nhs.uk", "eir@fenwick.gov.uk")
_TOPICS = ("pothole repairs", "library opening hours", "parking fines", "tree felling", "school transport")
_ORDINARY_SUBJECTS = (
    "Lunch on Thursday?",
    "Your order has shipped",
    "Photos from the weekend",
    "Minutes of the residents' meeting",
    "Quick question about the spreadsheet",
    "Newsletter: autumn edition",
)


def _date(when: dt.datetime) -> str:
    return email.utils.format_datetime(when)


def request_message_id(n: int) -> str:
    return f"<request-{n}@example.org>"


def request(n: int, when: dt.datetime, authority: str | None = None) -> bytes:
    to = authority or AUTHORITIES[n % len(AUTHORITIES)]
    topic = _TOPICS[n % len(_TOPICS)]
    return (
        f"From: Sam Requester <{OWNER}>\r\nTo: {to}\r\n"
        f"Subject: Freedom of Information request - {topic} ({n})\r\n"
        f"Date: {_date(when)}\r\nMessage-ID: {request_message_id(n)}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Dear information officer,\r\n\r\n"
        f"Under the Freedom of Information Act 2000, please provide the records you hold on {topic} "
        "for the last two financial years, broken down by month.\r\n\r\nThank you,\r\nSam\r\n"
    ).encode()


def acknowledgement(n: int, when: dt.datetime, authority: str | None = None) -> bytes:
    sender = authority or AUTHORITIES[n % len(AUTHORITIES)]
    topic = _TOPICS[n % len(_TOPICS)]
    return (
        f"From: Information Team <{sender}>\r\nTo: {OWNER}\r\n"
        f"Subject: RE: Freedom of Information request - {topic} ({n})\r\n"
        f"Date: {_date(when)}\r\nMessage-ID: <ack-{n}@{sender.partition('@')[2]}>\r\n"
        f"In-Reply-To: {request_message_id(n)}\r\nReferences: {request_message_id(n)}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Dear Sam,\r\n\r\nThank you for your request, which we received on {when:%d %B %Y}. "
        f"It has been logged under reference FOI-{when:%Y}-{1000 + n} and we will respond within "
        "20 working days.\r\n\r\nKind regards,\r\nInformation Team\r\n"
    ).encode()


def ordinary(n: int, when: dt.datetime, *, body_lines: int = 12) -> bytes:
    subject = _ORDINARY_SUBJECTS[n % len(_ORDINARY_SUBJECTS)]
    lines = "".join(
        f"Line {i} of a perfectly ordinary message number {n}, nothing to see here.\r\n"
        for i in range(body_lines)
    )
    return (
        f"From: Friend {n % 97} <friend{n % 97}@mail.example.net>\r\nTo: {OWNER}\r\n"
        f"Subject: {subject}\r\nDate: {_date(when)}\r\nMessage-ID: <ordinary-{n}@mail.example.net>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{lines}"
    ).encode()
