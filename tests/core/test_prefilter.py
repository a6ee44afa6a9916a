"""The header pre-filter: which messages a scan fetches in full."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foibot.core.matching import same_organisation
from foibot.core.prefilter import Known, is_candidate

KNOWN = Known(
    authority_domains=frozenset({"harrowdale.gov.uk"}),
    message_ids=frozenset({"<req-1@example.org>"}),
    subject_keys=frozenset({"bus lane cameras"}),
    owner_domains=frozenset({"example.org"}),
)


def block(**fields: str) -> bytes:
    lines = [f"{name.replace('_', '-')}: {value}" for name, value in fields.items()]
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"From": "Info Team <info@roads.harrowdale.gov.uk>", "Subject": "Hello"}, "authority domain"),
        (
            {"From": "a@b.net", "Subject": "x", "In_Reply_To": "<req-1@example.org>"},
            "reply to a known message",
        ),
        (
            {"From": "a@b.net", "Subject": "x", "References": "<o@x> <req-1@example.org>"},
            "reply to a known message",
        ),
        ({"From": "a@b.net", "Subject": "=?utf-8?q?Your_FOI_request?="}, "FOI subject"),
        ({"From": "a@b.net", "Subject": "Case IR/2024/0193 update"}, "reference in subject"),
        ({"From": "a@b.net", "Subject": "RE: Bus  lane cameras"}, "tracked subject"),
        ({"From": "a@b.net", "Subject": "Away", "Auto_Submitted": "auto-replied"}, "automatic reply"),
        ({"From": "MAILER-DAEMON@mx.b.net", "Subject": "failure"}, "bounce"),
        (
            {
                "From": "a@b.net",
                "Subject": "x",
                "Content_Type": "multipart/report; report-type=delivery-status",
            },
            "delivery report",
        ),
    ],
)
def test_inbox_candidates(headers: dict[str, str], reason: str) -> None:
    assert is_candidate(block(**headers), "inbox", KNOWN) == reason


@pytest.mark.parametrize(
    "headers",
    [
        {"From": "Friend <f@mail.example.net>", "Subject": "Lunch on Thursday?"},
        {"From": "shop@store.example", "Subject": "Your order has shipped", "Precedence": "bulk"},
        {"From": '"info@harrowdale.gov.uk" <spoof@elsewhere.example>', "Subject": "hi"},
        {"From": "a@b.net", "Subject": "Re: something else", "Auto_Submitted": "no"},
    ],
)
def test_ordinary_mail_is_skipped(headers: dict[str, str]) -> None:
    assert is_candidate(block(**headers), "inbox", KNOWN) is None


def test_sent_mail_counts_only_when_it_leaves_the_users_domain() -> None:
    outside = block(From="sam@example.org", To="colleague@example.org,\r\n foi@council.example", Subject="x")
    inside = block(From="sam@example.org", To="colleague@example.org", Cc="boss@example.org", Subject="FOI")
    assert is_candidate(outside, "sent", KNOWN) == "sent outside the user's domain"
    assert is_candidate(inside, "sent", KNOWN) is None


_LABELS = st.sampled_from(["gov", "uk", "harrowdale", "roads", "council", "x", "GOV", ""])
_DOMAINS = st.builds(
    lambda labels, tail: ".".join(labels) + tail,
    st.lists(_LABELS, min_size=1, max_size=5),
    st.sampled_from(["", ".", ".."]),
)


@given(domain=_DOMAINS, listed=st.frozensets(_DOMAINS, max_size=6))
def test_authority_domain_agrees_with_same_organisation(domain: str, listed: frozenset[str]) -> None:
    # The pre-filter indexes the listed domains; it must answer exactly as matching does.
    known = Known(authority_domains=listed)
    found = is_candidate(block(From=f"Team <team@{domain}>", Subject="hello"), "inbox", known)
    expected = bool(domain) and any(same_organisation(domain, d) for d in listed)
    assert (found == "authority domain") == expected
