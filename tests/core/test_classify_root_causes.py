"""classify() on root causes found with the hold-out sets, each in our own words.

The mail in tests/core/test_classify.py is dated Monday 4 March 2024.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from foibot.core.classify import classify
from foibot.core.model import Attachment, Kind
from foibot.core.text import split_reply
from tests.core.test_classify import mail


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A refusal only announced ("before we issue...") while the requester may still narrow.
        (
            "Finding this would take longer than the 18 hour limit. Before we issue a refusal notice under "
            "section 12, we would like to give you the chance to narrow your request so that it may come "
            "within the limit.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # The time limit paused for the requester's answer; a list of things to provide.
        (
            "Your request does not give enough detail for us to find the records. The statutory time limit "
            "is suspended until we receive your answer.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "In order for us to proceed, please provide the following: the years you want; the depot.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A question about whether the requester still wants it, however informal.
        ("Quick one - is this still something you want? I have the figures ready.", Kind.STAY_ALIVE_CHECK),
        # Sending a letter is no disclosure: the letter says the document does not exist.
        (
            "Please find attached our reply. No report of that kind was ever written and no such document "
            "exists, so your request is refused under section 18(e).",
            Kind.NOT_HELD,
        ),
        # Records released in a portal.
        (
            "The responsive records (the 2023 contract and its two variations) have been released in the "
            "Documents area of your request.",
            Kind.RESPONSE_PROVIDED,
        ),
        # An acknowledgement saying what happens if the deadline cannot be met.
        (
            "We received your request on 1 March and will answer it by 2 April. If we are unable to respond "
            "by then, we will write and tell you about an extension.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # A regulator writing about the requester's complaint against an authority.
        (
            "Thank you for your complaint about Anytown Council's handling of your information request, "
            "which we received on 1 March. It is eligible for further consideration and will be allocated "
            "to a case officer.",
            Kind.OTHER,
        ),
        # Portal account mail.
        (
            "Someone asked to reset the password for your requests portal account. This link expires in 24 "
            "hours. This is an automated message.",
            Kind.OTHER,
        ),
        # A verdict sentence that happens to contain "have ... to".
        (
            "Having looked at everything again, I have concluded that the original decision to withhold the "
            "report was right, and I uphold it.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
    ],
)
def test_root_cause(text: str, kind: Kind) -> None:
    result = classify(mail(text))
    assert result.kind is kind, result.evidence


@pytest.mark.parametrize(
    ("text", "reply_by"),
    [
        (
            "Is this still something you need? If I don't hear by Friday 22nd I'll close it off.",
            dt.date(2024, 3, 22),
        ),
        (
            "Do you still want this? If the Trust does not receive a reply from you by 2 April 2024 the "
            "request will be closed.",
            dt.date(2024, 4, 2),
        ),
        (
            "Please tell us which wards you mean. Should we not receive a response within 30 days of the "
            "date of this letter, we will treat the request as abandoned.",
            dt.date(2024, 4, 3),
        ),
        (
            "A fee of £12.00 is payable. If the fee is not paid within the period of three months beginning "
            "with the day on which this notice is given, we will close your request.",
            dt.date(2024, 6, 3),
        ),
    ],
)
def test_requester_deadline(text: str, reply_by: dt.date) -> None:
    assert classify(mail(text)).reply_by == reply_by


def test_due_date_promised_by_a_named_authority() -> None:
    text = (
        "Thank you for asking for an internal review. The Ministry aims to complete reviews within 20 "
        "working days, which is by 2 April 2024."
    )
    result = classify(mail(text, subject="Internal review"))
    assert result.kind is Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT
    assert result.due_date == dt.date(2024, 4, 2)


def test_forwarded_answer_under_a_cover_note_decides() -> None:
    note = "Dear Ms Rowe,\n\nPlease see below the response from our Highways team.\n\nRegards\nFOI Unit\n"
    forwarded = (
        "\n-----Original Message-----\nFrom: Highways <highways@anytown.example.gov.uk>\n"
        "Sent: 1 March 2024 10:00\nTo: FOI Unit\nSubject: FOI 881\n\n"
        "Please forward to the requester.\n\nWe do not hold any information about gully cleaning by street, "
        "as the work is not recorded that way.\n"
    )
    result = classify(replace(mail(note + forwarded), new_text=note))
    assert result.kind is Kind.NOT_HELD, result.evidence
    assert result.evidence[0] == "structure: a forwarded message"


def test_a_list_after_a_sentence_about_the_request_is_kept() -> None:
    text = (
        "We would like to give you the opportunity to refine your request\nso that it falls within the "
        "limit. For example, you might consider:\n\n- one calendar year; or\n- one district.\n\n"
        "Please reply within 10 working days.\n"
    )
    assert "- one district." in split_reply(text).new


def test_attachment_name_is_evidence() -> None:
    letter = Attachment("FOI 2024-0113 Refusal notice.pdf", "application/pdf", 51_200)
    message = replace(
        mail("Please find attached our response.", subject="FOI 2024-0113"), attachments=(letter,)
    )
    result = classify(message)
    assert result.kind is Kind.REFUSAL, result.evidence
