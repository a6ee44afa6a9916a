"""classify() on root causes found with hold-outs 77-84, each in our own words.

Continues tests/core/test_classify_root_causes_3.py. The mail is dated Monday 4 March 2024.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from foibot.core.classify import classify
from foibot.core.model import Kind
from foibot.core.text import split_reply
from tests.core.test_classify import assert_requester_deadline, mail


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "can I check that you'd still like us to ...": the contracted "would".
        (
            "I have taken over the inbox from a colleague who left, and your request about library closures "
            "was never answered. Before I chase the service, can I check that you'd still like us to go "
            "ahead? A one-word reply is fine.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # "let us know if you would like us to keep this request open".
        (
            "You asked us to pause this request until your complaint was decided, which it now has been. "
            "Please let us know if you would like us to keep this request open and answer it.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # "We need to know whether you would like us to restart": about going on, not detail.
        (
            "Your request has been paused since January at your request. We need to know whether you would "
            "like us to restart work on it. Reply 'continue' or 'close'.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # "Would X meet your needs?": a narrower answer offered for the requester to accept.
        (
            "Most of the data you describe is held by the police rather than by us. Would the two "
            "evaluation reports we commissioned, with the advice papers to the minister, meet your needs? "
            "Collating every email would take weeks of work.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # "could you help us narrow this down?"
        (
            "There are over 5,000 complaints on the system for the period you give. Before we go any "
            "further, could you help us narrow this down, for example to one park or one year?",
            Kind.CLARIFICATION_REQUEST,
        ),
        # "whether you are happy to refine your request in this way".
        (
            "We can release the inspection summaries quickly; the full case files would take much longer. "
            "Please let us know within 10 working days whether you are happy to refine your request in "
            "this way.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # German, the officer in the first person: "benötige ich von Ihnen noch folgende Angaben".
        (
            "Zur weiteren Bearbeitung Ihres Antrags benötige ich von Ihnen noch folgende Angaben: Ihre "
            "Postanschrift und den Zeitraum, auf den sich der Antrag beziehen soll. Sollte ich bis zum "
            "8. April 2024 nichts von Ihnen hören, gehe ich davon aus, dass sich Ihr Antrag erledigt hat.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # "Please see below a query from the service about your request": the note itself asks.
        (
            "Good morning,\n\nPlease see below a query from the service area about your request. I'd be "
            "grateful if you could reply to this mailbox so we can keep it on the case file.\n\nThanks\nAnn",
            Kind.CLARIFICATION_REQUEST,
        ),
        # The clarified request acknowledged: citing section 1(3) recounts, it asks nothing.
        (
            "Thank you for clarifying that you want figures for the two city wards only. Your clarified "
            "request has been logged under the same reference. As section 1(3) of the Act provides, the 20 "
            "working day period starts again from the date we received your clarification, so you can "
            "therefore expect to receive a response no later than 2 April 2024.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # "We have logged your internal review": an internal review acknowledged.
        (
            "Thank you for your email. You were unhappy that we withheld the inspection names and asked us "
            "to look at that decision again. We have logged your internal review under reference IR-2024-7. "
            "We aim to respond within 20 working days.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # Scottish wording: "in which you require the Board to review its response".
        (
            "I acknowledge receipt of your email today, in which you require the Health Board to review its "
            "response of 12 February to your request. You can expect a response within 20 working days of "
            "receipt.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # A review acknowledgement that says when the outcome will come is no outcome.
        (
            "Your review request has been passed to a senior official who took no part in the original "
            "decision. You should therefore receive the outcome of the review by 2 April 2024.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # "won't be able to respond ... within the 20 working day timescale", with a "ref." inside.
        (
            "Apologies that you have had to chase us. I'm sorry to say we won't be able to respond to your "
            "request (ref. FOI-24-991) within the 20 working day timescale, as the figures come from four "
            "partners. We will send the response as soon as we can.",
            Kind.EXTENSION,
        ),
        # "we aren't going to make the deadline", and "tomorrow's deadline".
        (
            "I'm afraid we aren't going to make the 20 working day deadline on your request, which falls "
            "today. I will get the answer to you as soon as I can.",
            Kind.EXTENSION,
        ),
        (
            "Sorry, we're not going to make tomorrow's deadline on this one - still waiting on Finance. "
            "Should be with you by Friday 8th at the latest.",
            Kind.EXTENSION,
        ),
        # Neither confirm nor deny that it holds the information: a refusal, however it is sent.
        (
            "Please find below our response to your request.\n\nAnswer:\nThe Force can neither confirm nor "
            "deny that it holds the information you have requested, by virtue of sections 23(5) and 24(2). "
            "Section 23 is an absolute exemption. A full public interest test is attached to this email.",
            Kind.REFUSAL,
        ),
        # The regulator accepts a complaint for investigation: no step in the request.
        (
            "Thank you for your complaint about the way the council handled your request. We have checked "
            "your complaint and we can consider your concerns. Your case is now waiting to be allocated to "
            "a case officer. You do not need to do anything at this stage.",
            Kind.OTHER,
        ),
        # "Thank you for your payment": the fee is paid, the records are sent.
        (
            "Thank you for your payment of $12.50. Attached please find the records responsive to your "
            "request. Home addresses have been redacted pursuant to state law. This completes your request.",
            Kind.RESPONSE_PROVIDED,
        ),
        # "I have made a final decision to grant your request in full".
        (
            "I refer to your request for the inspection reports. I have now made a final decision to grant "
            "your request in full. Twelve records were found and copies of all of them are attached.",
            Kind.RESPONSE_PROVIDED,
        ),
        # A corrected version of a spreadsheet sent with the response.
        (
            "Apologies - the spreadsheet sent with our response yesterday had last year's figures in the "
            "wrong tab. A corrected version is attached; please use it instead.",
            Kind.RESPONSE_PROVIDED,
        ),
        # "I'll log it as ... and get back to you within the 20 working days".
        (
            "Got your email about the pumping station costs, thanks. I'll log it as EIR/07 and get back to "
            "you within the 20 working days.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # An automatic reply that says FOI requests are acknowledged separately is no acknowledgement.
        (
            "*** This is an automated response - please do not reply ***\n\nThank you for contacting the "
            "Information Governance Department. Your email has been received. This mailbox is monitored "
            "Monday to Friday, 9am to 4pm. We aim to respond to general enquiries within 5 working days.\n\n"
            "Freedom of Information requests will be acknowledged separately and answered within 20 working "
            "days.",
            Kind.AUTO_REPLY,
        ),
    ],
)
def test_root_cause(text: str, kind: Kind) -> None:
    result = classify(mail(text))
    assert result.kind is kind, result.evidence


@pytest.mark.parametrize(
    ("text", "subject", "kind"),
    [
        # "do you still need the information?" in the subject is the requester's need, not ours.
        (
            "We are writing to everyone whose request has been open for more than a year. If you still "
            "require the information, reply 'yes' and we will prioritise it. If we receive no reply within "
            "15 working days we will close the request.",
            "Your request 123 - do you still need the information?",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A response after clarification, under a "request for clarification" subject.
        (
            "Thank you for clarifying your request on 12 February. As agreed, this covers the two years "
            "only.\n\n1. Beds\n   2022: 38     2023: 34\n\n2. Nights used\n   2022: 9,870  2023: 9,112\n\n"
            "3. Cost\n   2022: £4.9m  2023: £5.1m\n\nI hope this is helpful.",
            "RE: FOI 123 - request for clarification",
            Kind.RESPONSE_PROVIDED,
        ),
        # "no documents matching your request were located".
        (
            "Please find attached the decision on your request. After searches of the records system, no "
            "documents matching your request were located. I have therefore decided under section 27 that "
            "the documents you asked for could not be found.",
            "FOI 123 - decision",
            Kind.NOT_HELD,
        ),
    ],
)
def test_root_cause_with_subject(text: str, subject: str, kind: Kind) -> None:
    result = classify(mail(text, subject=subject))
    assert result.kind is kind, result.evidence


def test_a_request_subject_to_an_ombudsman_decision_is_no_footer() -> None:
    body = (
        "Dear Mr Grey,\n\nThe Council has considered your latest request for all correspondence about your "
        "complaints.\n\nThis is the 20th request you have made about the same matter, which has already "
        "been considered by the Local Government and Social Care Ombudsman. We consider the request "
        "vexatious under section 14(1) of the Act and will not be complying with it.\n\n"
        "The Council will not reply to further requests on this subject.\n\nInformation Team\n"
    )
    split = split_reply(body)
    assert "vexatious" in split.new
    assert classify(replace(mail(body), new_text=split.new)).kind is Kind.REFUSAL


@pytest.mark.parametrize(
    ("text", "due_date"),
    [
        # A period with no anchor counts from the receipt the message states (s.10: "following receipt").
        (
            "Thank you for your request, which we received on 1 March 2024. The Trust will respond within 20 "
            "working days.",
            dt.date(2024, 4, 3),
        ),
        # "receipt of your email today ... its response of 12 February": that date is no receipt.
        (
            "I acknowledge receipt of your email today, in which you ask the Board to review its response of "
            "12 February 2024. You can expect a response within 20 working days of receipt.",
            dt.date(2024, 4, 4),
        ),
        # "She'll respond within 20 working days."
        (
            "Thanks, I've passed your review request to our Monitoring Officer. She'll respond within 20 "
            "working days.",
            dt.date(2024, 4, 4),
        ),
        # "Weds 13th".
        (
            "Sorry, we won't make the deadline. Should be with you by Weds 13th at the latest.",
            dt.date(2024, 3, 13),
        ),
    ],
)
def test_authority_due_date(text: str, due_date: dt.date) -> None:
    assert classify(mail(text)).due_date == due_date


def test_a_us_agency_s_statutory_promise_counts_on_the_us_calendar() -> None:
    # The sender's .gov domain picks the US calendar (no UK Good Friday or Easter Monday).
    text = (
        "This acknowledges your FOIA request, received in this office on March 4, 2024. The FOIA requires an "
        "agency to make a determination within 20 working days of receipt."
    )
    assert classify(replace(mail(text), from_addr="foia@agency.gov")).due_date == dt.date(2024, 4, 1)


@pytest.mark.parametrize(
    ("text", "reply_by"),
    [
        # "you have until ... to provide this information".
        (
            "Your application does not give enough detail for us to identify the documents. Please tell us "
            "the date of the incident and the kinds of document you want. You have until Friday 22 March "
            "2024 to provide this information.",
            dt.date(2024, 3, 22),
        ),
        # "by then" after a period in the same sentence is the end of that period.
        (
            "Could you tell us which years you mean? The figures for 31 March each year are attached. We "
            "will keep this part open for 20 working days; if we have not heard from you by then we will "
            "close it.",
            dt.date(2024, 4, 4),
        ),
        # "we would appreciate if you could send this information within 15 working days".
        (
            "Before we can register your application under Regulation (EC) No 1049/2001 we need your full "
            "postal address. We would appreciate if you could send this information within 15 working days.",
            dt.date(2024, 3, 25),
        ),
        # "if we have heard nothing by then the request will be closed".
        (
            "Could you choose option (a) or option (b)? We would need your choice by 22 March 2024; if we "
            "have heard nothing by then the request will be closed.",
            dt.date(2024, 3, 22),
        ),
    ],
)
def test_requester_deadline(text: str, reply_by: dt.date) -> None:
    assert_requester_deadline(text, reply_by)


def test_a_scottish_sender_counts_on_the_scottish_calendar() -> None:
    # England's August bank holiday (26 August 2024) is no holiday in Scotland.
    text = (
        "Could you tell us which division you mean? If we do not receive your reply within 40 working days "
        "of the date of this letter, we will treat your request as withdrawn."
    )
    message = replace(
        mail(text), from_addr="foi@scotland.police.uk", date=dt.datetime(2024, 8, 14, 10, 0, tzinfo=dt.UTC)
    )
    assert classify(message).reply_by == dt.date(2024, 10, 9)
