"""Matching mail to requests: each method, its order of strength, and refusing to guess on ties."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from foibot.core.matching import Candidate, MatchMethod, match_mail, normalise_subject, plus_tag
from foibot.core.model import Mail

LIGHTS = Candidate(
    1,
    "foi@northmere.gov.uk",
    "street lighting contracts",
    frozenset({"<req-1@example.org>", "<ack-1@northmere.gov.uk>"}),
    frozenset({"NBC-2018-4471"}),
)
BUSES = Candidate(2, "foi@moorland.gov.uk", "bus shelters", frozenset({"<req-2@example.org>"}), frozenset())


def mail(**fields: object) -> Mail:
    base = Mail(
        message_id="<new@x>",
        in_reply_to=None,
        references=(),
        from_addr="someone@elsewhere.org",
        from_name="",
        to=("alex@example.org",),
        cc=(),
        reply_to=(),
        delivered_to=(),
        subject="Hello",
        date=dt.datetime(2024, 3, 5, tzinfo=dt.UTC),
        date_from_header=True,
        headers={},
        body="",
        new_text="",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: RE: Fwd: Street  Lighting Contracts", "street lighting contracts"),
        ("AW: SV: [External] street lighting contracts", "street lighting contracts"),
        ("[Ticket#12] RE[2]: Bus shelters ", "bus shelters"),
        ("Bus shelters", "bus shelters"),
    ],
)
def test_normalise_subject(subject: str, expected: str) -> None:
    assert normalise_subject(subject) == expected


def test_thread_headers_win_over_everything_else() -> None:
    found = match_mail(
        mail(in_reply_to="<ack-1@northmere.gov.uk>", subject="Bus shelters", from_addr="foi@moorland.gov.uk"),
        [LIGHTS, BUSES],
    )
    assert found is not None and (found.request_id, found.method) == (1, MatchMethod.THREAD)


def test_bounce_matches_by_embedded_message_id() -> None:
    found = match_mail(mail(embedded_message_ids=("<req-2@example.org>",)), [LIGHTS, BUSES])
    assert found is not None and (found.request_id, found.method) == (2, MatchMethod.BOUNCE)


def test_reference_in_text_matches_with_broken_threading() -> None:
    found = match_mail(mail(new_text="Our ref: nbc 2018 4471. Please find attached."), [LIGHTS, BUSES])
    assert found is not None and (found.request_id, found.method) == (1, MatchMethod.REFERENCE)
    found = match_mail(mail(), [LIGHTS, BUSES], reference="NBC/2018/4471")
    assert found is not None and found.method is MatchMethod.REFERENCE


def test_plus_address_tag() -> None:
    tagged = plus_tag("alex@example.org", 2)
    assert tagged == "alex+foi-2@example.org"
    found = match_mail(mail(delivered_to=(tagged,)), [LIGHTS, BUSES])
    assert found is not None and (found.request_id, found.method) == (2, MatchMethod.PLUS_TAG)
    assert match_mail(mail(delivered_to=("alex+foi-99@example.org",)), [LIGHTS, BUSES]) is None


def test_subject_needs_the_authority_domain() -> None:
    from_council = mail(subject="RE: Street lighting contracts", from_addr="casework@foi.northmere.gov.uk")
    found = match_mail(from_council, [LIGHTS, BUSES])
    assert found is not None and (found.request_id, found.method) == (1, MatchMethod.SUBJECT)
    stranger = replace(from_council, from_addr="spam@northmere-gov.uk.example.com")
    assert match_mail(stranger, [LIGHTS, BUSES]) is None
    assert match_mail(from_council, [LIGHTS, BUSES], use_subject=False) is None


def test_a_tie_between_requests_is_no_match() -> None:
    twin = replace(BUSES, request_id=3)
    assert match_mail(mail(subject="Bus shelters", from_addr="foi@moorland.gov.uk"), [BUSES, twin]) is None
