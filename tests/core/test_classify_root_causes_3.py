"""classify() on root causes found with hold-outs 61-76, each in our own words.

Continues tests/core/test_classify_root_causes_2.py. The mail is dated Monday 4 March 2024.
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
        # "If you want the file to remain open, please ...": a stay-alive check however it is put.
        (
            "Files left waiting on the requester for more than 60 days close on their own. Yours has been "
            "waiting since January. If you want the file to remain open, please email us by 18 March 2024.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # Keep the rest open, or treat it as answered.
        (
            "Now that the headline figures are published, could you let me know whether you would like us "
            "to keep your request open for the regional breakdown, or whether we can treat it as answered?",
            Kind.STAY_ALIVE_CHECK,
        ),
        # Detail asked only "if you do" (still want it): the stay-alive question decides.
        (
            "Some of this has since been published. Could you let us know whether you still wish us to "
            "proceed? If you do, a short reply is all we need, and it would help if you could say which "
            "parts you already have.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # "Nothing else to do" after the ask means nothing besides it.
        (
            "Cases older than three months are checked every quarter. If you still want us to carry on, "
            "reply to this email by 15 March 2024. Cases not confirmed by then are closed. You don't need "
            "to do anything else.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # "Rather than refuse" is no refusal: the requester is asked to choose.
        (
            "Searching every mailbox would go far beyond the cost limit. Rather than refuse the request "
            "under section 12, we'd like you to choose how to narrow it: one year only, or one department "
            "only. Please tell us by 18 March 2024.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # German, with the day's dot inside the threat's own sentence.
        (
            "Wir bitten um Mitteilung, ob Sie an Ihrem Antrag in Bezug auf die übrigen Akten weiterhin "
            "festhalten möchten. Sollten wir bis zum 20. März 2024 nichts von Ihnen hören, betrachten wir "
            "Ihren Antrag als erledigt.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A question no rule knows, before a closure threat: detail is what is awaited.
        (
            "Thank you. Are the figures you want for the depot itself or for the whole district? Without a "
            "reply by 18 March 2024 the request will be closed.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # Documents needed before the request can be processed.
        (
            "Before we can process it, we need the following from you: a copy of photographic identification "
            "and proof of your address. If they have not reached us within four weeks, the request will be "
            "regarded as withdrawn.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # An authority named as the one who needs the address.
        (
            "The Agency needs your full postal address to register the application. Please send it by "
            "reply. If we do not receive the requested information within 15 working days, the application "
            "will be considered withdrawn.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # Asked to report a resolved complaint so a case can close: no threat to the request.
        (
            "We have logged your complaint and a case officer will be in touch when it is allocated. If you "
            "receive a reply from the council that settles your complaint, please let us know so that we "
            "can close our file.",
            Kind.OTHER,
        ),
        # The officer's own work "still needs to be checked": an extension, not a stay-alive question.
        (
            "I'm afraid we won't meet the deadline on Friday because the figures still need to be checked "
            "by the service. We now expect to reply by 22 March 2024.",
            Kind.EXTENSION,
        ),
        # A table of figures with small numbers suppressed under section 40: a response.
        (
            "The Trust can provide the following information:\nWard A      12\nWard B      9\nWard C      *\n"
            "Ward D      14\n* Figures under five are suppressed; they are exempt under section 40(2) as "
            "personal information.",
            Kind.RESPONSE_PROVIDED,
        ),
        # Not held, with a policy sent for completeness: not held decides.
        (
            "The college does not hold a risk assessment report for the trip; the document you describe "
            "does not exist. For completeness, I have attached a copy of the trips policy.",
            Kind.NOT_HELD,
        ),
        # A US appeal decision in the first person.
        (
            "After carefully considering your appeal, I am affirming the agency's action on your request. "
            "The withheld material was properly protected under Exemption 5.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        # Refusing to deal with an application, with the section between "decided" and "to refuse".
        (
            "Our searches found some 20,000 records. I have decided under section 60(1)(a) of the Act to "
            "refuse to deal with your application.",
            Kind.REFUSAL,
        ),
        # A holiday closure notice from the council's offices (plural).
        (
            "This is an automatic reply. The council's offices will be closed for the bank holiday on "
            "Monday. Emails will be dealt with when we reopen.",
            Kind.AUTO_REPLY,
        ),
        # The clarified request acknowledged: "you don't need to do anything further".
        (
            "Thanks for your reply, which resolves our question. The clarified request counts as received on "
            "1 March 2024, so we will send you a response no later than 28 March 2024. You don't need to do "
            "anything further.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # Missing today's deadline, with a new period.
        (
            "Sorry, we won't be able to answer your request about the school meals contract by today, which "
            "is the deadline. We expect to send a full reply within the next ten working days.",
            Kind.EXTENSION,
        ),
        # "We don't have the information".
        (
            "I'm afraid we don't have the information you asked for; the surgery does not record why "
            "patients leave.",
            Kind.NOT_HELD,
        ),
        # An acknowledgement describing a possible Article 6(2) clarification.
        (
            "Should your application not be precise enough, the institution may ask you to clarify it under "
            "Article 6(2) of the Regulation. In that case the time limit will only start to run once your "
            "clarification is received. Your application was registered today and will be handled within "
            "15 working days.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # A US fee estimate: an advance payment before the work goes on.
        (
            "We estimate 20 hours of search beyond the free allowance at $40 per hour. The estimated fee is "
            "therefore $800.00. Because this exceeds $250 we require an advance payment before we continue "
            "processing. Your request is on hold until we receive your response.",
            Kind.FEE_NOTICE,
        ),
        # Whether a partial answer would do, and the work waits for the answer.
        (
            "Figures before 2022 would have to be searched by hand. Would an answer covering 2022 and 2023 "
            "only be acceptable to you? We will wait for your answer before doing any more work on this "
            "request.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # Detail asked only "if you decide to continue": the stay-alive question decides.
        (
            "Most of these documents are now on our disclosure log. Could you let us know by 18 March 2024 "
            "whether you wish to continue with your request or withdraw it? If you decide to continue, it "
            "would help if you could tell us which documents you still need.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A request closed for want of a reply: "if you still want it, make a new request" asks nothing.
        (
            "We wrote in January asking you to clarify which centres you meant and have not received a "
            "reply. We have therefore closed your request. If you still want this information, please send "
            "us a new request.",
            Kind.OTHER,
        ),
        # An appeal remanded: the agency's earlier letter asking for clarification is only recounted.
        (
            "The agency closed your request because you had not answered its letter of 3 February 2024 "
            "asking you to clarify the scope. After carefully considering your appeal, I am remanding your "
            "request to the agency for further processing.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
    ],
)
def test_root_cause(text: str, kind: Kind) -> None:
    result = classify(mail(text))
    assert result.kind is kind, result.evidence


def test_an_extension_that_explains_when_an_exemption_applies_is_no_refusal() -> None:
    text = (
        "I am writing to let you know that we need more time to respond to your request. When a qualified "
        "exemption applies, the Act allows the time for response to be longer than 20 working days. We "
        "estimate that it will take an additional 20 working days to reach a decision, and we will respond "
        "by 2 April 2024."
    )
    result = classify(mail(text, subject="FOI 123 - public interest test extension"))
    assert (result.kind, result.due_date) == (Kind.EXTENSION, dt.date(2024, 4, 2)), result.evidence


def test_a_confirmatory_decision_named_in_the_subject_is_a_review_outcome() -> None:
    text = (
        "Please find attached the decision on your confirmatory application. Following a fresh review, "
        "wider partial access is granted to documents 2 and 4; the other parts stay withheld."
    )
    subject = "Confirmatory application 2024/0101 - Decision of the Secretary-General"
    assert classify(mail(text, subject=subject)).kind is Kind.INTERNAL_REVIEW_OUTCOME


def test_a_forward_asking_a_colleague_by_name_asks_the_requester_nothing() -> None:
    text = "Hi Jo,\nCan you pull the shelter counts for this one when you get a minute? Due on the 20th.\nPat"
    message = replace(mail(text, subject="FW: FOI 123 - bus shelters"), to_name="Sam Green")
    assert classify(message).kind is Kind.OTHER
    # The same note to Jo is a question to the reader.
    assert classify(replace(message, to_name="Jo Green")).kind is Kind.CLARIFICATION_REQUEST


def test_our_response_below_over_a_whole_answer_is_no_cover_note() -> None:
    body = (
        "Dear Ms Bell,\n\nThank you for your request. Please find our response below.\n\n"
        "1. The 2023 schedule of harbour fees is attached to this email as a spreadsheet.\n\n"
        "2. Number of cruise ship visits: 2022 - 11; 2023 - 19; 2024 - 23.\n\n"
        "3. Passengers landed: 2022 - 8,940; 2023 - 17,615; 2024 - 22,480. These come from the ships' "
        "manifests.\n\n4. Berths used by cruise ships: the North Quay and, since 2023, the new deep-water "
        "berth.\n\nNothing has been withheld.\n\nKind regards\nHarbour Office\n\n"
        "-----Original Message-----\nFrom: Ann Bell <ann@example.org>\nSent: 1 March 2024\n"
        "Subject: FOI\n\nIf anything is unclear, please clarify with me before refusing any part.\n"
    )
    message = replace(mail(body), new_text=split_reply(body).new)
    assert classify(message).kind is Kind.RESPONSE_PROVIDED


def test_a_your_message_rule_starts_the_quoted_request() -> None:
    body = (
        "Thank you. Your request has been logged and we expect to respond by 2 April 2024.\n\n"
        "----- Your message -----\nPlease let me know which parts you cannot answer.\n"
    )
    assert "which parts" not in split_reply(body).new


def test_a_list_of_exemptions_is_no_pasted_request() -> None:
    body = (
        "The force is considering the following exemptions in relation to your request:\n"
        "  - Section 24(1) National Security\n  - Section 31(1) Law Enforcement\n"
        "These are qualified exemptions. We need more time to weigh the public interest and now expect to "
        "respond by 2 April 2024.\n\nThis letter is not a refusal of your request.\n"
    )
    message = replace(mail(body), new_text=split_reply(body).new)
    result = classify(message)
    assert (result.kind, result.due_date) == (Kind.EXTENSION, dt.date(2024, 4, 2)), result.evidence


@pytest.mark.parametrize(
    "body",
    [
        "We aim to send you the outcome within 20 working days of receiving your request for review.",
        "We must respond within 20 working days, so you should receive our review decision by 2 April 2024.",
    ],
)
def test_the_authority_s_own_review_clock_is_no_footer(body: str) -> None:
    text = f"Thank you for your email asking for an internal review.\n\n{body}\n\nYours sincerely\nFOI Unit\n"
    assert body in split_reply(text).new


@pytest.mark.parametrize(
    ("text", "due_date"),
    [
        # The new expected date, not the missed deadline.
        (
            "I'm afraid we won't be able to get the response to you by the deadline tomorrow (5 March). We "
            "now expect to send you a full response by 22 March 2024.",
            dt.date(2024, 3, 22),
        ),
        # The date after "by", not the bank holidays counted around it.
        (
            "Thank you for your request, received on 4 March 2024. We will respond by Thursday 4 April "
            "2024, which is 20 working days after receipt (allowing for the bank holidays on 29 March and "
            "1 April).",
            dt.date(2024, 4, 4),
        ),
        # "is required to respond within 20 working days of receipt", from the stated receipt.
        (
            "Thank you for your request, which was received on 04/03/2024. The council is required to "
            "respond promptly and in any event within 20 working days of receipt.",
            dt.date(2024, 4, 4),
        ),
        # Extended by a period, to a date.
        (
            "The time available to respond has been extended by 20 working days, to 2 April 2024, because "
            "consultations are needed.",
            dt.date(2024, 4, 2),
        ),
        # "originally due ..., is now due ...".
        (
            "We need to consult third parties, so the time limit is extended. Your request, originally due "
            "on 15 March 2024, is now due on 12 April 2024.",
            dt.date(2024, 4, 12),
        ),
        # A processing period that ends on a date.
        (
            "Thank you for your application, received on 1 March 2024. Based on the date we received it, "
            "the processing period ends on 8 April 2024.",
            dt.date(2024, 4, 8),
        ),
        # A template's "Target response date:" line.
        (
            "Thank you for your request for information, which we received on 01/03/2024.\n"
            "Target response date: 02/04/2024",
            dt.date(2024, 4, 2),
        ),
        # Extended "from 20 to 40 working days from the date we received your request".
        (
            "We received your request on 1 March 2024. Under regulation 7(1) we need more time: we are "
            "extending the time for our response from 20 to 40 working days from the date we received "
            "your request.",
            dt.date(2024, 5, 1),
        ),
    ],
)
def test_authority_due_date(text: str, due_date: dt.date) -> None:
    assert classify(mail(text)).due_date == due_date


@pytest.mark.parametrize(
    ("text", "reply_by"),
    [
        # "You have three months beginning with the date of this notice to make the payment."
        (
            "Please find attached a fees notice for the cost of printing and posting, a total of £28.45. "
            "You have three months beginning with the date of this notice to make the payment.",
            dt.date(2024, 6, 3),
        ),
        # A portal's button, within a period.
        (
            "Do you want us to keep this request open? If so, select Keep my request open within 14 days of "
            "this message.",
            dt.date(2024, 3, 18),
        ),
        # A button or a reply, by a date.
        (
            "We asked you to confirm you still want your application processed and have not yet heard. If "
            "you would like us to keep your application open, please select the button below, or reply to "
            "this email, by 11 March 2024.",
            dt.date(2024, 3, 11),
        ),
        # A weekday alone: the next one to come.
        (
            "Just checking whether you still want the info on the play park inspections? If not needed "
            "I'll close it off Friday.",
            dt.date(2024, 3, 8),
        ),
        # "grateful for your reply within 20 working days".
        (
            "Please could you confirm whether you would like us to continue with the request? We would be "
            "grateful for your reply within 20 working days of the date of this email.",
            dt.date(2024, 4, 4),
        ),
        # A stated date wins over a period the cases wait for.
        (
            "Cases waiting on the requester for more than 45 days are closed automatically. If you would "
            "like the case to stay open, please reply by 11 March 2024.",
            dt.date(2024, 3, 11),
        ),
        # German: asked to make the request more precise ("präzisieren") by a date with a day's dot.
        (
            "Ihr Antrag ist in dieser Form nicht hinreichend bestimmt. Ich bitte Sie daher, Ihren Antrag zu "
            "präzisieren. Bitte teilen Sie mir Ihre Präzisierung bis zum 25. März 2024 mit. Sollte bis zu "
            "diesem Datum keine Rückmeldung eingehen, gehe ich davon aus, dass sich Ihr Antrag erledigt hat.",
            dt.date(2024, 3, 25),
        ),
        # EU institutions count on their own calendar (the UK's has St Patrick's Day).
        (
            "To handle your application under Regulation (EC) No 1049/2001 the Commission needs your full "
            "postal address. If we do not receive the requested information within 15 working days, your "
            "application will be considered withdrawn.",
            dt.date(2024, 3, 25),
        ),
    ],
)
def test_requester_deadline(text: str, reply_by: dt.date) -> None:
    assert_requester_deadline(text, reply_by)


def test_a_portal_note_below_the_sign_off_gives_the_reply_by_date() -> None:
    text = (
        "Could you please give us the name and address of the premises?\n\nKind regards\nInformation Team\n"
        "----------------------------------------------------------------\nPlease note: if we have not "
        "received the information requested within two months of this message your case will be closed.\n"
    )
    result = classify(mail(text))
    expected = (Kind.CLARIFICATION_REQUEST, dt.date(2024, 5, 4))
    assert (result.kind, result.reply_by) == expected, result.evidence
