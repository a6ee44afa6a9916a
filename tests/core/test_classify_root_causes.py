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
        # Informal not held, typed without an apostrophe.
        ("See below from the clerk. We dont hold anything on that, sorry.", Kind.NOT_HELD),
        # A cost-limit refusal that asks which narrower basis to proceed on.
        (
            "Answering in full would exceed the cost limit under section 12. Please tell us whether you "
            "would like us to proceed on one of these options, or how else you would like to refine your "
            "request. If we do not hear from you by 29 March we will close this request.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # An earlier ask recalled, a stay-alive question now.
        (
            "On 5 February we asked you to clarify which schools you meant and have had no reply. Could you "
            "confirm whether you still wish to pursue your request?",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A regulator's acknowledgement names the authority complained about.
        (
            "Thank you for your complaint about Northshire County Council. It may be some time before a case "
            "officer is assigned; we will then decide whether to investigate.",
            Kind.OTHER,
        ),
        # A part-by-part answer with one part over the cost limit is a response.
        (
            "Please find our response to each part below. Q1: 14. Q2: £3,200. Q3: finding this would exceed "
            "the cost limit under section 12, so we have not answered this part.",
            Kind.RESPONSE_PROVIDED,
        ),
        # Typographic apostrophes read as typed ones.
        (
            "Do you still want this? If we don\u2019t hear from you we\u2019ll close it.",
            Kind.STAY_ALIVE_CHECK,
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
        ("Can you confirm you still want it? We'll close it on 15/03/2024 otherwise.", dt.date(2024, 3, 15)),
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


def test_authority_date_in_a_response_by_sentence_is_no_requester_deadline() -> None:
    text = (
        "We need more time to weigh the public interest and aim to let you have a full response by 2 April "
        "2024. Separately, could you please clarify part 3? We would be grateful if you could reply by "
        "11 March 2024."
    )
    result = classify(mail(text))
    assert (result.kind, result.reply_by) == (Kind.CLARIFICATION_REQUEST, dt.date(2024, 3, 11))


def test_review_acknowledgement_promising_to_hear_back() -> None:
    text = "Thanks, I have logged your review as IR-12. You should hear back within 20 working days of today."
    result = classify(mail(text, subject="RE: Internal review"))
    assert result.kind is Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT
    # 20 UK working days: St Patrick's Day (18 March), Good Friday and Easter Monday are not counted.
    assert result.due_date == dt.date(2024, 4, 4)


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("Action required: do you still want us to continue with request 24-881?", Kind.STAY_ALIVE_CHECK),
        ("FOI 2024/0042 - clarification required", Kind.CLARIFICATION_REQUEST),
    ],
)
def test_subject_alone_decides_under_a_bare_note(subject: str, kind: Kind) -> None:
    assert classify(mail("Please log in to the portal to view the message.", subject=subject)).kind is kind


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
