"""Open deadlines as an iCalendar feed (RFC 5545) for calendar subscription. Pure: values in, bytes out.

Each deadline is an all-day event whose UID is derived from the request and the kind of deadline
only, so a moved date updates the same event in the subscriber's calendar instead of adding one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event

from foibot.core.model import FoiRequest

LABELS: dict[str, str] = {
    "authority_due": "{authority} must respond",
    "requester_reply_by": "Reply to {authority} by today",
    "review_request_by": "Last day to ask {authority} for an internal review",
    "review_due": "{authority} internal review due",
    "regulator_by": "Last day to complain to the regulator about {authority}",
}


@dataclass(frozen=True, slots=True)
class DeadlineEntry:
    request: FoiRequest
    field: str  # a Deadlines field name
    day: dt.date


def deadline_entries(requests: Iterable[FoiRequest]) -> list[DeadlineEntry]:
    """Every set deadline of the given requests, earliest first."""
    entries = [
        DeadlineEntry(request, name, day)
        for request in requests
        for name in LABELS
        if (day := getattr(request.deadlines, name)) is not None
    ]
    return sorted(entries, key=lambda e: (e.day, e.request.id, e.field))


def build_calendar(
    requests: Iterable[FoiRequest], *, now: dt.datetime, domain: str = "foibot.local"
) -> bytes:
    """The .ics bytes for every open deadline of `requests`."""
    calendar = Calendar()
    calendar.add("prodid", "-//foibot//FOI deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "FOI deadlines")
    for entry in deadline_entries(requests):
        request = entry.request
        event = Event()
        event.add("uid", f"request-{request.id}-{entry.field}@{domain}")
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add(
            "summary", f"FOI #{request.id}: " + LABELS[entry.field].format(authority=request.authority_email)
        )
        reference = f" (ref {request.reference})" if request.reference else ""
        event.add(
            "description",
            f"{request.subject}{reference}\nState: {request.state.value}\nSee: foibot show {request.id}",
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
