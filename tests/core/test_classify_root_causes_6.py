"""classify() on root causes found with hold-outs 93-100 and 101-108, each in our own words.

Continues tests/core/test_classify_root_causes_5.py. The mail is dated Monday 4 March 2024.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from foibot.core.classify import classify
from foibot.core.model import Kind
from foibot.core.text import split_reply
from tests.core.test_classify import assert_requester_deadline, mail

_FOUND_WITH_93_100 = [
    # --- stay-alive checks in wordings no rule knew ---
    # Two identical requests: "tell us if you want 2231 kept open as a separate request".
    (
        "You seem to have sent us the same request twice, as 2224 and 2231. We plan to answer 2224 only. "
        "Could you please tell us if you want 2231 kept open as a separate request? If we do not hear "
        "from you by 18 March 2024 we will close 2231.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # Keeping part of the request open, or closing the file: a choice about going on.
    (
        "The third party consultation on part 2 is still not finished and I cannot say when it will be. "
        "I wanted to ask whether you would like us to keep part 2 of your request open while we wait, or "
        "whether you would rather we close the file now. Please let me know which you prefer.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # A portal's two buttons, with "check you would like us to continue".
    (
        "Your request has been paused since January while we waited for another team. Because of the "
        "time that has passed we need to check you would like us to continue. Please tell us what you "
        "would like to do:\n\nYes - continue my request    No - close my request\n\nIf we do not "
        "receive a reply within 10 working days, your request will be closed.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # "Is this something you still want?" from a new clerk.
    (
        "Sorry for the very slow reply - I took over as clerk last month and found your email in the old "
        "inbox. Is this something you still want? If so I can dig the minutes out; just let me know "
        "either way.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # Non-native English: "if you still have interest in your request".
    (
        "Many of the documents you asked for have meanwhile been published on our website. We would like "
        "to ask you if you still have interest in your request. Please let us know before 18 March "
        "2024. When no answer reaches us, we will consider the request withdrawn.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # Detail asked for only on the condition of going on: the question is whether to go on.
    (
        "The report you asked about was published last week. Could you let us know whether it meets your "
        "needs, or whether you still wish us to continue with your request? If you do wish us to "
        "continue, it would help if you could tell us which parts the report does not answer.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # --- clarification requests ---
    # "Would 2019 to 2023 be OK for you? ... just let me know which."
    (
        "Before I log this - you asked for 'the last five years' and 2024 is not complete yet. Would "
        "2019 to 2023 be OK for you? I can do financial years instead if you'd rather, just let me know "
        "which.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # Consent or a power of attorney, and identification "also" needed.
    (
        "As the records are about your father, we cannot release them under FOI. So that we can take "
        "this forward, please send us one of the following:\n\n1. a consent form signed by your father; "
        "or\n2. a copy of a registered power of attorney.\n\nWe also need a copy of one form of "
        "identification for you. If we have not received the documents within a month we will close "
        "the request.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # "Would you be content to receive ... only?" with "if you do still need the earlier years".
    (
        "Our case system only goes back to 2020; earlier files are on paper. Would you be content to "
        "receive figures for 2020 onwards only? If so, just reply to say so. If you do still need the "
        "earlier years, please tell us. If we haven't heard back by 18 March we will close the request.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # Non-native English: "we need a further specification from you ... we ask for your answer until".
    (
        "For the processing we need a further specification from you. The handbook has 900 pages. "
        "Please let us know, if your application refers only to chapter 4, or to the whole handbook. "
        "Without your answer we can not further process your application.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # Evidence of identity to make an application compliant (Queensland RTI s.33).
    (
        "Your application is for documents about you, so it must come with evidence of identity. We did "
        "not receive any, so at this stage it is not a compliant application. Please send a certified "
        "copy of one of the following: your passport; your driver licence.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # A regulation 9 letter recounted before the refusal: no question is left.
    (
        "On 2 February we wrote to you under regulation 9, as the request was too broad for us to "
        "identify the information you wanted, and suggested ways to narrow it. Your reply did not narrow "
        "it. We have therefore decided to refuse your request under regulation 12(4)(c).",
        Kind.REFUSAL,
    ),
    # --- other kinds ---
    # "... unless we need to clarify your request": an acknowledgement.
    (
        "I acknowledge receipt of your request, received on 1 March 2024. You should receive a response "
        "within 20 working days, unless we need to clarify your request, in which case we will tell you.",
        Kind.ACKNOWLEDGEMENT,
    ),
    # An acknowledgement that mentions the office closing is no closure notice.
    (
        "Thank you for your email, which we received today. We are dealing with it under the "
        "Environmental Information Regulations and will send you a response no later than 2 April "
        "2024. Please note the office is closed over Easter.",
        Kind.ACKNOWLEDGEMENT,
    ),
    # German: "wir bestätigen den Eingang Ihres Antrags".
    (
        "Sehr geehrter Herr Beispiel, wir bestätigen den Eingang Ihres Antrags nach dem IFG vom 1. März "
        "2024. Wir werden uns bemühen, Ihnen bis zum 2. April 2024 zu antworten.",
        Kind.ACKNOWLEDGEMENT,
    ),
    # A mailbox's autoresponder: the acknowledgement is still to come.
    (
        "*** This is an automated response ***\n\nThank you for contacting the records team. If your "
        "email is a new information request it will be logged and you will receive an acknowledgement "
        "within three working days.",
        Kind.AUTO_REPLY,
    ),
    # ... but a human clarification request may promise the acknowledgement that follows the reply.
    (
        "We need to know your full postal address before your application can be registered. We would "
        "be grateful if you could send it to us by replying to this email. As soon as we receive it, "
        "you will receive an acknowledgement of receipt with a reference number.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # An internal review acknowledgement that mentions the university closing.
    (
        "Thank you for your email of 1 March asking the University to review its handling of your "
        "request. I confirm that an internal review will be carried out by someone not involved in the "
        "original response. We aim to complete the review within 20 working days. Please note that the "
        "University is closed from 29 March to 1 April.",
        Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
    ),
    # Extensions: "allows us to extend the time for our response"; Irish s.14(1).
    (
        "We believe section 36 may apply, so we must weigh the public interest. Section 10(3) of the Act "
        "allows us to extend the time for our response to do this, and we need to do so here. We aim to "
        "let you have a full response by 2 April 2024.",
        Kind.EXTENSION,
    ),
    (
        "Your request under the Freedom of Information Act 2014 covers many records that need third "
        "party consultation. Under section 14(1) of the Act the period for dealing with your request has "
        "been extended by four weeks. You can now expect a decision on or before 2 April 2024.",
        Kind.EXTENSION,
    ),
    # Responses in wordings no rule knew.
    (
        "Thank you for your request of 5 February. The attached spreadsheet gives the number of "
        "inspections by ward and by year.",
        Kind.RESPONSE_PROVIDED,
    ),
    (
        "Thank you for clarifying your request. The Trust now provides its response in the attached "
        "document. All of the information you asked for is included.",
        Kind.RESPONSE_PROVIDED,
    ),
    (
        "Your request was received on 5 February and we have dealt with it under the Act. I'm pleased "
        "to provide the information below.\n\nGrants paid in 2023: 14.",
        Kind.RESPONSE_PROVIDED,
    ),
    # "Not in possession of the information requested".
    (
        "We regret to inform you that the Council is not in possession of the information requested. The "
        "permits are issued by the transport agency, and you may wish to ask them.",
        Kind.NOT_HELD,
    ),
]


@pytest.mark.parametrize(
    ("text", "subject", "kind"),
    [
        # The question is in the subject; the body's bare "can you let us know?" points at it.
        (
            "Please see the subject line. We have found the files but going through them will take another "
            "two weeks. Before we start, can you let us know?",
            "Do you still require this information? - request 4417",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A retired mailbox answers the requester's "RE: do you still want ...?" reply.
        (
            "This mailbox is no longer monitored. From 1 March all Freedom of Information requests should "
            "be sent to our new address. Your email has not been forwarded.",
            "Re: Your FOI request 2024/77 - do you still want us to proceed?",
            Kind.AUTO_REPLY,
        ),
        # A closure notice with the acknowledgement still to come.
        (
            "Thank you for contacting the Freedom of Information office. The University is closed for the "
            "Easter break until 2 April. Your email has been received, but it will not be read until we "
            "reopen.",
            "Automatic reply: FOI request",
            Kind.AUTO_REPLY,
        ),
    ],
)
def test_subject_and_text_together(text: str, subject: str, kind: Kind) -> None:
    result = classify(mail(text, subject=subject))
    assert result.kind is kind, result.evidence


@pytest.mark.parametrize(
    "text",
    [
        # Sent to the requester by mistake: a note to a colleague about "the requester".
        "Hi Sam,\n\nCould you pull the allotment waiting list figures and send them to me by Monday?\n\n"
        "Please don't send anything to the requester yet - Legal are checking the names first.\n\nThanks",
        # ... or about "the journalist", greeting the requester's own first name.
        "Hi Alex,\n\nSee below, this is the FOI from the journalist. Can you check whether we still have "
        "the 2022 drawings? I need it by Friday.\n\nThanks",
    ],
)
def test_a_note_meant_for_a_colleague_asks_the_requester_nothing(text: str) -> None:
    message = replace(mail(text, subject="RE: FOI 3310 - allotments"), to_name="Alex Requester")
    assert classify(message).kind is Kind.OTHER


def test_a_resent_response_copied_below_is_a_response() -> None:
    note = (
        "Hello,\n\nI'm sorry our reply of 2 February didn't reach you. I've copied it below.\n\nKind "
        "regards,\nNicola\n"
    )
    earlier = (
        "-----Original Message-----\nFrom: FOI Team <foi@council.example.gov.uk>\nSent: 02 February 2024\n"
        "To: me@example.org\nSubject: FOI 881 - consultants\n\nQ1. How much was spent on consultants?\n"
        "Q2. Which firms were paid?\nNorth Design Ltd - £61,200\nHarbour Engineers - £38,950\n"
        "Quay Cost Consultants - £24,300\n"
    )
    message = replace(mail(note, subject="FW: FOI 881 - consultants"), body=note + "\n" + earlier)
    assert classify(message).kind is Kind.RESPONSE_PROVIDED


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # A portal's "A message was added to your request:" introduces the authority's message.
        (
            "Records request 24-101\n\nA message was added to your request:\n\nHello,\n\nPlease confirm "
            "that you are still interested in the remaining installments.\n\nThank you,\nRecords Team\n",
            "still interested in the remaining installments",
        ),
    ],
)
def test_the_authority_s_own_words_after_a_colon_are_kept(body: str, kept: str) -> None:
    assert kept in split_reply(body).new


def test_a_request_echoed_under_a_your_application_banner_is_quoted() -> None:
    body = (
        "We hereby acknowledge receipt of your application for access to documents.\n\n"
        "----- Your application -----\nCould you clarify whether your register covers delegation papers?\n"
    )
    assert "clarify" not in split_reply(body).new


@pytest.mark.parametrize(
    ("text", "reply_by"),
    [
        (
            "Could you tell us which of the three options you prefer? It would be great to hear from you by "
            "18 March 2024.",
            dt.date(2024, 3, 18),
        ),
        (
            "We need your full postal address to register your application. In case we do not receive your "
            "postal address within 15 working days, we will consider that you do not wish to pursue your "
            "application.",
            dt.date(2024, 3, 26),  # 18 March: St Patrick's Day (observed) in the UK calendar
        ),
        (
            "It has been some months since your request. Please could you confirm, within 10 working days of "
            "the date of this email, whether you wish us to continue.",
            dt.date(2024, 3, 19),  # 18 March: St Patrick's Day (observed) in the UK calendar
        ),
        (
            "For the processing we need a further specification from you: please let us know, if your "
            "application refers only to chapter 4. We ask for your answer until 18 March 2024.",
            dt.date(2024, 3, 18),
        ),
        # found with hold-outs 101-108
        (
            "Could you tell us which of the three hospitals you mean? If you could come back to us by Friday "
            "22 March that would be great.",
            dt.date(2024, 3, 22),
        ),
        (
            "Your application concerns a very large number of files. Please specify which years you mean: we "
            "ask you to give the specification within one month from the date of this letter.",
            dt.date(2024, 4, 4),
        ),
    ],
)
def test_requester_deadline(text: str, reply_by: dt.date) -> None:
    assert_requester_deadline(text, reply_by)


@pytest.mark.parametrize(
    ("text", "due_date"),
    [
        # A US tracking letter: "Estimated date of completion: 04/16/2024" (month first).
        (
            "The agency received your FOIA request on March 1, 2024. Requests are processed in the order "
            "received.\n\nEstimated date of completion: 04/16/2024.",
            dt.date(2024, 4, 16),
        ),
        # "This extends our time to respond to 30 working days from the date we received your request."
        (
            "Your request was received by this office on 1 March 2024. As it needs a wide search, we will "
            "take a 10-day extension. This extends our time to respond to 30 working days from the date we "
            "received your request.",
            dt.date(2024, 4, 17),  # St Patrick's Day, Good Friday and Easter Monday skipped
        ),
    ],
)
def test_authority_due_date(text: str, due_date: dt.date) -> None:
    assert classify(mail(text)).due_date == due_date


# --- root causes found with hold-outs 101-108 ---


_FOUND_WITH_101_108 = [
    # "which option you'd prefer"
    (
        "We could answer in one of two ways: figures by faculty, or by course (about 200 courses, which "
        "would likely exceed the cost limit). Could you reply to let us know which option you'd prefer? "
        "We won't begin until we've heard from you.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # A human clarification request that mentions the office closing is no closure notice.
    (
        "Just a quick question before we start - can you confirm whether you mean the calendar year or "
        "the financial year? If we haven't heard from you by 29 March 2024 we'll close the request. "
        "Bear in mind the office is closed over Easter.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # Acting for someone else: "could you confirm whether you are making this request on her behalf?"
    (
        "Thank you for your email about the planning file. We've logged it under the Environmental "
        "Information Regulations. Most of the file is about your neighbour. Before we go further, could "
        "you confirm whether you are making this request on her behalf? If you are, we'll need her "
        "signed authority.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # "we need to receive your full postal address"
    (
        "In order to register your application, we need to receive your full postal address. We kindly "
        "ask you to send it by return e-mail. Without it we will not be in a position to handle your "
        "application.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # "Neither confirm nor deny ... unless" consent or proof of death is provided: asked for, not refused.
    (
        "You have asked for records about a third party. We will neither confirm nor deny that such "
        "records exist unless one of the following is provided: the person's written consent, or proof "
        "of death. Please provide proof of death, such as a death certificate, so that we may continue. "
        "If we do not receive a response within 30 days, your request will be administratively closed.",
        Kind.CLARIFICATION_REQUEST,
    ),
    # "if you would like us to recommence processing"
    (
        "When we paused your request in July we agreed to wait for the court case to end. It has now "
        "ended. We would like to know if you would like us to recommence processing your request. The "
        "statutory period will begin again from the date you confirm.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # "keep question 4 open ... or close the request"
    (
        "Please find attached our answers to questions 1 to 3. Question 4 depends on another body that "
        "has not replied to us. Would you like us to keep question 4 open while we chase them, or are "
        "you content for us to close the request now? Please let me know.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # The ask for detail is itself about going on ...
    (
        "We are writing to everyone whose request has been waiting a long time. It would help us "
        "greatly if you could let us know whether you still want us to continue with your request. If "
        "we have not heard from you by 18 March 2024 we will close it.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # ... or an optional extra: "if there is a particular aspect ..., it would help if you could say".
    (
        "Your earlier request already covered these figures. Could you please confirm whether you still "
        "wish us to proceed? If there is a particular aspect the earlier answer missed, it would help if "
        "you could tell us what it is.",
        Kind.STAY_ALIVE_CHECK,
    ),
    # Closed after an unanswered clarification, with a new request invited: nothing to answer.
    (
        "On 2 February we wrote asking you to clarify which routes your request covered. We have not had "
        "a reply, so your request has now been closed. If you would still like the information, please "
        "submit a new request, making clear the time period you are interested in.",
        Kind.OTHER,
    ),
    # An informal extension: "not going to manage to get it to you by the date we gave you".
    (
        "Sorry - we're not going to manage to get your information to you by the date we gave you, as "
        "the only person who can run the report is off sick. I'll keep you posted.",
        Kind.EXTENSION,
    ),
    (
        "I'm afraid we won't be able to send you a response by tomorrow's deadline. The service needs a "
        "little longer to check the invoices. We now expect to be able to send you the information by "
        "2 April 2024.",
        Kind.EXTENSION,
    ),
    # A complaint to be "looked at again": an internal review acknowledgement.
    (
        "Thank you for your email. You said you were unhappy with the school's reply and asked for it "
        "to be looked at again. I have passed this to the chair of governors, who will write to you "
        "with her findings by 2 April 2024.",
        Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
    ),
    # "If you have questions or need clarification about this response": no ask.
    (
        "This is our final response. We are releasing 40 pages in full and 3 in part; the released "
        "records are enclosed. If you have questions or need clarification about this response, you may "
        "contact our FOIA liaison.",
        Kind.RESPONSE_PROVIDED,
    ),
    # "if we do have to ask for clarification, the 20 working days will start again": the process.
    (
        "Thank you for your request, which we received on 1 March 2024. We aim to respond by 28 March "
        "2024. Please be aware that if we do have to ask for clarification, the 20 working days will "
        "start again from the day we receive your reply.",
        Kind.ACKNOWLEDGEMENT,
    ),
    # A merged duplicate: "the response is due by ...".
    (
        "We received two identical requests from you, so we are treating them as one and have closed the "
        "second. You don't need to do anything. The response is due by Tuesday 2 April 2024.",
        Kind.ACKNOWLEDGEMENT,
    ),
    # Responses in more wordings: "is in the attached spreadsheet", a portal's "has provided the
    # records you requested", Quebec French "nous vous transmettons ci-joint".
    (
        "Thank you for your request. The information you asked for is in the attached spreadsheet, by "
        "financial year.",
        Kind.RESPONSE_PROVIDED,
    ),
    (
        "The agency has closed your request: Fulfilled - the agency has provided the records you "
        "requested. Attached please find the complaint logs for 2023.",
        Kind.RESPONSE_PROVIDED,
    ),
    (
        "Conformément à la Loi sur l'accès, nous vous transmettons ci-joint les documents demandés (12 "
        "pages).",
        Kind.RESPONSE_PROVIDED,
    ),
]


@pytest.mark.parametrize(("text", "kind"), _FOUND_WITH_93_100 + _FOUND_WITH_101_108)
def test_root_cause(text: str, kind: Kind) -> None:
    result = classify(mail(text))
    assert result.kind is kind, result.evidence


def test_an_eu_confirmatory_decision_in_the_subject_is_a_review_outcome() -> None:
    text = (
        "Please find attached the decision of the Commission on your confirmatory application. Following "
        "this review, the Commission grants wider partial access to one document."
    )
    result = classify(mail(text, subject="Decision on your confirmatory application - 2024/123"))
    assert result.kind is Kind.INTERNAL_REVIEW_OUTCOME, result.evidence


def test_a_german_request_maintained_under_the_circumstances_is_a_stay_alive_check() -> None:
    text = (
        "Für die Bearbeitung werden voraussichtlich Gebühren anfallen. Ich bitte Sie daher um Mitteilung, ob "
        "Sie Ihren Antrag unter diesen Umständen aufrechterhalten. Sollte ich innerhalb von zwei Wochen nach "
        "Zugang dieses Schreibens keine Rückmeldung von Ihnen erhalten, gehe ich davon aus, dass Sie Ihren "
        "Antrag zurücknehmen."
    )
    message = replace(mail(text), from_addr="poststelle@amt.example.de")
    result = classify(message)
    assert result.kind is Kind.STAY_ALIVE_CHECK, result.evidence
    assert result.reply_by == dt.date(2024, 3, 18)


@pytest.mark.parametrize(
    ("body", "kept", "dropped"),
    [
        # The request pasted back as a list, then the authority's question in its own words.
        (
            "Thank you for your request.\n\nFor reference, you asked:\n\n  1. The spend on agency staff.\n"
            "  2. The highest day rate paid.\n\nWhen the service looked at question 2 they raised a point we "
            "need your help with. Which staff did you have in mind?\n\nKind regards\nFOI Team\n",
            "Which staff did you have in mind?",
            "The spend on agency staff",
        ),
        # A portal's "Your request" heading over the request in quotes.
        (
            "Your request has been received. We will send you a response by the target date.\n\nYour "
            'request\n"How many pension applications were refused in 2023?"\n\nThis email was sent from an '
            "unmonitored account.\n",
            "We will send you a response",
            "were refused",
        ),
    ],
)
def test_the_request_pasted_back_is_dropped_and_the_authority_kept(
    body: str, kept: str, dropped: str
) -> None:
    new = split_reply(body).new
    assert kept in new
    assert dropped not in new
