"""classify() on FOI phrase families from several regimes, in our own words: each test names a root cause."""

from __future__ import annotations

import datetime as dt

import pytest

from foibot.core.classify import classify
from foibot.core.model import Kind
from tests.core.test_classify import mail


@pytest.mark.parametrize(
    ("text", "subject", "kind"),
    [
        # terse stay-alive checks
        ("Hi, is this still needed? Shout if so and I'll pick it up.", "Re: your FOI", Kind.STAY_ALIVE_CHECK),
        (
            "We are tidying old cases and want to check the information is still of use to you.",
            "FOI 12/345",
            Kind.STAY_ALIVE_CHECK,
        ),
        ("Please confirm you'd like us to continue with this one.", "FOI 12/345", Kind.STAY_ALIVE_CHECK),
        # terse clarification questions
        (
            "Do you want the figures per ward or one number for the borough? Then I can get going.",
            "RE: FOI 77",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "Under section 15(4) I would like to help you amend your request so it can be dealt with. "
            "Please tell me how you wish to amend your request.",
            "FOI request 2023-88",
            Kind.CLARIFICATION_REQUEST,
        ),
        # extensions
        (
            "Because records must be gathered from regional offices, unusual circumstances apply and we are "
            "therefore extending the time to respond by 10 working days.",
            "FOIA 2024-1",
            Kind.EXTENSION,
        ),
        (
            "The exemption in section 43 applies and section 10(3) gives us additional time to weigh the "
            "public interest. We aim to send you a full response by 30 April 2024. This letter is a "
            "refusal notice under section 17.",
            "FOI 2024/9 - extension",
            Kind.EXTENSION,
        ),
        (
            "We cannot finish within the time limit, so we have to extend this time limit by 15 working "
            "days. We would be grateful if you could confirm receipt of this message.",
            "Access to documents - extension",
            Kind.EXTENSION,
        ),
        # review acknowledgement and outcome
        (
            "Thank you for your letter of 2 March seeking an internal review of our reply. We aim to "
            "respond by 3 April 2024.",
            "FOI 55 - review",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        (
            "I have now reviewed the handling of your request, in which you asked us to clarify our budget "
            "figures. I have substituted a new decision and the figures are set out below.",
            "FOI 55",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        # refusals and not held
        (
            "We regret that access must be refused on the basis of Article 4(1)(a) of the Regulation.",
            "Access to documents 2024/1",
            Kind.REFUSAL,
        ),
        (
            "A search was made. No records responsive to your request were located.",
            "FOIA 2024-2",
            Kind.NOT_HELD,
        ),
    ],
)
def test_phrase_family(text: str, subject: str, kind: Kind) -> None:
    result = classify(mail(text, subject=subject))
    assert result.kind is kind, result.evidence


def test_general_enquiries_autoresponder_with_header_is_an_auto_reply() -> None:
    text = (
        "This is an automated reply: we have received your email. We will reply to general enquiries "
        "within 10 working days."
    )
    assert classify(mail(text, subject="Thanks for contacting us", x_autoreply="yes")).kind is Kind.AUTO_REPLY
    # The same service standard in an FOI acknowledgement is an acknowledgement.
    foi = text.replace("general enquiries", "Freedom of Information requests")
    assert classify(mail(foi, subject="Thanks", x_autoreply="yes")).kind is Kind.ACKNOWLEDGEMENT


@pytest.mark.parametrize(
    ("text", "reply_by"),
    [
        (
            "The charge is £10.00, payable by card. Payment must reach us by 18 March 2024 or the request "
            "will be closed.",
            dt.date(2024, 3, 18),
        ),
        (
            "A practical refusal reason exists under section 24AA. You have 14 days from the date of "
            "this notice to revise your request.",
            dt.date(2024, 3, 18),
        ),
    ],
)
def test_reply_by_from_payment_and_notice_periods(text: str, reply_by: dt.date) -> None:
    assert classify(mail(text, subject="FOI 2024/3")).reply_by == reply_by
