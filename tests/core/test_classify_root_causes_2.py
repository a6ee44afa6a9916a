"""classify() on root causes found with hold-outs 39-60, each in our own words.

Continues tests/core/test_classify_root_causes.py. The mail is dated Monday 4 March 2024.
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
        # "your" typed for "you're" in an informal stay-alive question.
        (
            "Sorry for the slow reply. Before I dig the old files out, can you let me know if your still "
            "after the figures from 2010 onwards? If I don't hear by Fri 15th I'll close it.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A colleague's question passed on: the requester is asked to answer it.
        (
            "Our finance team have a question about your request, copied below. I would be grateful if "
            "you could answer their question directly to me. Until we hear from you the request is on "
            "hold, and if we have no reply by 25 March we will treat it as withdrawn.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A choice between two ways of handling the request, beside a description of an exemption.
        (
            "Much of what you ask for is your own personal data, which is exempt under section 40(1); you "
            "can have it through a subject access request instead. Could you confirm whether you would "
            "like us to: (a) deal with all of it as a subject access request; or (b) deal with your marks "
            "that way and the rest under FOI? We need your answer by 15 March 2024 to go ahead.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A real name asked for before the request is valid.
        (
            "A request must include the applicant's real name. Your email was signed with a nickname, so "
            "before we can treat it as a valid request please reply giving your full name. Once we have "
            "it we will respond within 20 working days.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # Confirmation to continue asked with a date between "confirm" and "that", then abandonment.
        (
            "Further to our call in February, we have not received confirmation that you wish us to go on "
            "with the narrower request we discussed. Please confirm by 29 March 2024 that you would like "
            "us to continue. Without that confirmation the file will be considered abandoned and closed.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # EIR "refusal" on the ground that the information is not held.
        (
            "We have searched and we do not hold any modelling of that kind. We are therefore refusing "
            "your request under regulation 12(4)(a) of the EIR.",
            Kind.NOT_HELD,
        ),
        # Held and answered line by line; one detail withheld.
        (
            "The Authority holds the information you asked for.\n\n1. Inspections carried out in 2023: 140\n"
            "2. Notices served: 31\n3. Prosecutions: 4\n\nThe names of the businesses are exempt under "
            "section 31(1)(g) because the investigations are still open.",
            Kind.RESPONSE_PROVIDED,
        ),
        # An automated acknowledgement naming a long body as the receiver.
        (
            "This is an automated message. Your request was received by the Northshire and Westmoor "
            "Community Health NHS Foundation Trust on 01/03/2024 and logged under reference FOI/24/100. "
            "The Trust has 20 working days from receipt to respond to you.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # A charge to be paid first is a fee notice, not a refusal.
        (
            "These records are held on paper only, so we may make a reasonable charge under regulation 8: "
            "seven hours of retrieval at £25 an hour, £175. We will not provide the information until the "
            "charge has been paid. Payment must be received by 20 May 2024; after that the request will "
            "lapse.",
            Kind.FEE_NOTICE,
        ),
        # A review outcome reporting the requester's words ("you said the refusal was too broad").
        (
            "I have now completed the internal review. You said the refusal was too broad and that the "
            "policy had already been announced. I partially uphold your complaint and attach redacted "
            "copies of the minutes.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        # Most parts answered, one part extended: the answer decides.
        (
            "Our response to parts 1 to 3 is below.\n\n1. 2021: 112, 2022: 138\n2. 2021: 41, 2022: 55\n"
            "3. See the attached spreadsheet.\n\nPart 4 needs a public interest test, so we are extending "
            "the time for that part under section 10(3) and expect to respond by 5 April 2024.",
            Kind.RESPONSE_PROVIDED,
        ),
        ("We hold the information you asked for and attach it:", Kind.RESPONSE_PROVIDED),
        (
            "A thorough search was carried out by two branches. Please be advised that no records "
            "relevant to your request were located.",
            Kind.NOT_HELD,
        ),
        # The Scottish EIR refusal: "is refusing", and a statutory phrase that is no disclosure.
        (
            "The Council is refusing to make the information available under regulation 10(5)(e), as "
            "disclosure would prejudice the confidentiality of commercial information where that "
            "confidentiality is provided by law.",
            Kind.REFUSAL,
        ),
        (
            "Thank you, I can confirm receipt of your request for an internal review. I have passed it to "
            "our Monitoring Officer and you should receive a response within 20 working days.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # Figures laid out as a table are the answer.
        (
            "The Constabulary has now completed its search for the information you requested.\n\n"
            "Reason        2022   2023\nMissing       88     104\nPursuit       41     57\n"
            "Other         30     26\n",
            Kind.RESPONSE_PROVIDED,
        ),
        # Found with hold-outs 43-49.
        # Reminders of an unanswered question for detail are clarification requests ...
        (
            "On 12 February we wrote asking you to confirm which wards your request covers. We have not "
            "had a reply. Please reply to this email by 18 March 2024. If we do not hear from you by then, "
            "your request will be closed.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "We still need you to tell us which schools you want the figures for. If we don't hear from "
            "you by the end of next week, we'll assume you no longer wish to pursue it and close it.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # ... also when "if you still want it" is only the condition for sending the detail ...
        (
            "If you still want us to deal with your request, please let us have your clarification by 20 "
            "March 2024. If we do not hear from you by then, we will treat your request as withdrawn.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # ... but a chaser asking whether the requester still wants it is a stay-alive check.
        (
            "We asked you on 1 February to confirm whether you still wish to proceed. We have not received "
            "a reply. Unless we hear from you by 18 March 2024, we will close your request.",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "I wanted to check whether you would like us to pick the request up again. Could you let me "
            "know either way by 15 March 2024?",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "To carry out a reasonable search, please provide: 1. the period; 2. the offices. If we do not "
            "receive your response within 10 working days, we will conclude you are no longer interested "
            "and close the request.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "Rather than refuse the request, we would like to give you the opportunity to tell us which of "
            "the following would be most useful: (a) a list; (b) copies for one sponsor. We will hold the "
            "request open, but if we have not heard from you within two months we will treat it as "
            "withdrawn.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "Could you confirm whether you are asking about: (a) incidents reported to the regulator; or "
            "(b) every incident logged internally? As soon as I have your answer I will finish the response.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A German authority asking whether the application is maintained.
        (
            "Wir bitten um kurze Mitteilung, ob Sie Ihren Antrag weiterhin aufrechterhalten. Andernfalls "
            "gehen wir davon aus, dass sich Ihr Antrag erledigt hat.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # ", so" starts a new clause: the "whether" before it hedges nothing after it.
        (
            "Decisions on whether to fund a place are made by the county council, so we do not hold the "
            "information you have asked for.",
            Kind.NOT_HELD,
        ),
        (
            "I confirm we have received your Freedom of Information request and it has been logged. The "
            "school is closed for half term next week, so we expect to reply by 28 March 2024.",
            Kind.ACKNOWLEDGEMENT,
        ),
        (
            "I refer to your email received on 1 March 2024 requesting a review of our response. A review "
            "officer who was not involved will consider it.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # The regulator mentions the authority's review outcome: no review outcome itself.
        (
            "Thank you for your complaint about how the council handled your request. Please note that the "
            "authority's internal review outcome will be shared with the authority.",
            Kind.OTHER,
        ),
        (
            "Thank you for your representations. Our email went to a mistyped address, so the request "
            "should not have been closed. I uphold your representations and the request has been reopened.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        # --- hold-outs 48 and 50-52 ---
        # EU wording for "do you still want it": maintaining the application.
        (
            "Most of the documents you asked for are already public (links below). Please let us know by "
            "18 March 2024 whether you wish to maintain your application for the remaining internal notes. "
            "Without a reply by then we will consider the application closed.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # "We need to know whether ..." asks whether the request is still wanted, not for detail.
        (
            "Your request has been paused since we sent the partial answer. We need to know whether you "
            "still want us to search for the rest. If you do not respond within 14 days it will be closed.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # Picking a paused request back up, or leaving it: resuming, not a choice of scope.
        (
            "You asked us to pause your request while you were away. I wanted to check whether you would "
            "like us to pick it back up now, or whether you would rather we left it a while longer.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A chaser recounting an earlier ask for the requester's name: the detail is still awaited.
        (
            "We wrote to you on 12 February explaining that a request must give the applicant's real name, "
            "and asked you to let us have your full name. We have not yet had a reply, so the request is "
            "on hold. If we have not heard from you by 18 March we will close the case.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # Late, in a hurry and without the word "extension".
        (
            "Just a heads up - we're going to miss the 20 day deadline on this one, sorry. The figures are "
            "still with the highways team. I'll chase them today.",
            Kind.EXTENSION,
        ),
        # The officer still needs figures from a colleague: no stay-alive question to the requester.
        (
            "Sorry, we won't manage to get the response to you by the deadline this week. I've got most "
            "of it but still need the figures from the other site.",
            Kind.EXTENSION,
        ),
        # An informal acknowledgement.
        (
            "thanks, got this today and logged it as EIR 24-118. we'll get back to you within 20 working "
            "days. Kev",
            Kind.ACKNOWLEDGEMENT,
        ),
        (
            "A search has been completed and I can confirm that no information in scope of your request is "
            "held. You may wish to contact the district council, which may hold planning reports.",
            Kind.NOT_HELD,
        ),
        (
            "We have attached a spreadsheet containing 1,184 incident records. Reporters' names have been "
            "removed under regulation 13.",
            Kind.RESPONSE_PROVIDED,
        ),
        # Information given, one year's figure not held in final form.
        (
            "The Department holds the information below.\n\nTrust    2022/23   2023/24\n"
            "North    21.9   30.6\nSouth    17.3   24.8\nWest    15.2   -\n\n"
            "Note: the West 2023/24 figure is not held by the Department in a finalised form.",
            Kind.RESPONSE_PROVIDED,
        ),
        # Earlier requests "answered in full", cited in a vexatious refusal, disclose nothing now.
        (
            "The Council has decided that this request is vexatious under section 14(1). Several requests "
            "overlap with requests which have already been answered in full.",
            Kind.REFUSAL,
        ),
        (
            "Thank you for your email of 1 March asking the Borough Council to carry out an internal review "
            "of our response. A senior officer who was not involved will carry it out.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        (
            "Having gone back through the contracts, I agree that the totals should have been released and "
            "attach them. The unit prices stay withheld. So, in summary, your complaint is partly upheld.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        # The regulator asks to be told only if something happens.
        (
            "Your complaint has been allocated to me and I have written to the council asking it to respond. "
            "You do not need to do anything at this stage. If you receive a response from the council, I "
            "would be grateful if you could let me know whether it resolves your complaint.",
            Kind.OTHER,
        ),
        # A newsletter's rhetorical question.
        (
            "PARISH NEWS - March\n\nTRANSPARENCY\nDid you know you can see everything we spend over £100 on "
            "our website?\n\nUnsubscribe: reply with 'unsubscribe' in the subject line.",
            Kind.OTHER,
        ),
        # "A complaint has been upheld" inside the request quoted back is no review outcome.
        (
            "You asked: where a complaint has been upheld against an officer, what action was taken? The "
            "Force does not hold any of the information you asked for.",
            Kind.NOT_HELD,
        ),
        # --- hold-outs 53-60 ---
        # A chaser for detail, with "if you still want us to go ahead" as the condition.
        (
            "I'm following up my email of 16 February, as we haven't had a reply. We can't take your request "
            "further until we know which depots you'd like the figures for. If you still want us to go "
            "ahead, "
            "please reply and let me know. If we don't hear from you by 18 March we will close the request.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "Bevor wir Ihren Antrag weiter bearbeiten können, benötigen wir von Ihnen noch folgende Angaben: "
            "Ihre Postanschrift. Sollten wir innerhalb von zwei Wochen keine Rückmeldung von Ihnen erhalten, "
            "gehen wir davon aus, dass sich Ihr Antrag erledigt hat.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A choice of narrower scopes where paying the fee is only one of the options.
        (
            "Searching every file would take 46 hours, above the limit; we could do it for a fee of £700. "
            "Please reply to let us know how you would like to proceed: (a) a shorter period; (b) one site; "
            "or (c) the full request on payment of the fee. Your request is on hold until we hear from you. "
            "If we have not heard by 29 March we will close it.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "You asked us to pause your request while your complaint was considered. Could you let us know "
            "whether you would now like us to resume work on it, or whether you would prefer to withdraw it?",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "I wrote to you on 12 February asking for some further details about your request, but I don't "
            "seem to have had a reply. We're still unable to move forward without that information. If we "
            "don't receive a response by 18 March we will close the request.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # The detail is asked only if the answer to the stay-alive question is yes.
        (
            "Much of this is now published. Could you let us know whether you still wish to proceed? If you "
            "do wish to proceed, it would help if you could tell us which information beyond the published "
            "tables you are seeking. If we do not hear from you by 18 March we will treat it as withdrawn.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # Told that nothing more is needed: no ask, whatever the subject line says.
        (
            "Thanks for getting back to me. I've let the highways team know you still want the information. "
            "Nothing more needed from you for now - I'll be in touch.",
            Kind.OTHER,
        ),
        (
            "We wrote asking you to clarify your request. We have not received a reply, so your request has "
            "now been closed. If you still want this information, you are welcome to make a new request.",
            Kind.OTHER,
        ),
        # "You do not need to do anything" only if a condition holds: still a stay-alive check.
        (
            "Could you let us know whether you still want us to respond to your request? If you have already "
            "found what you needed on our website, you do not need to do anything.",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "Please find attached the decision. No records of any such meetings were found, so your request "
            "is refused under section 15(1)(a) as the records do not exist.",
            Kind.NOT_HELD,
        ),
        (
            "Your request was closed on 1 March. Could you spare two minutes to tell us about your "
            "experience?",
            Kind.OTHER,
        ),
        (
            "A review panel met to consider your request. The panel agreed that the original response should "
            "be upheld.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        (
            "The Committee agreed with the Clerk that your request repeats an earlier one. The original "
            "decision therefore stands.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        (
            "pls see attached the info you asked for - fee schedule and waiting list numbers.",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "Thank you for your email requiring the Council to review its response to your request. A senior "
            "officer will carry out the review.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        (
            "Thanks for your email. I've passed your request for an internal review to our director. You "
            "should hear from us within 20 working days.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        (
            "Thanks for your email, which we received this morning. I've passed it to our practice manager, "
            "who deals with FOI requests. You should hear from her within 20 working days.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # Keeping the request open until a date is a deadline for the choice, not a stay-alive check.
        (
            "Could you let us know which option you would prefer? We will keep the request open until 29 "
            "March. If we have not heard from you by then we will close it.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "I'm afraid we won't be able to get the answer to your request out to you by Wednesday as we'd "
            "hoped. Some of it has to be checked with the lenders before we can release it.",
            Kind.EXTENSION,
        ),
        # The request pasted back, then the answer in words the pasted-request reader must recognise.
        (
            "Thank you for your request, in which you asked for:\n\n1. The contract for the cameras.\n\n"
            "Following enquiries with our finance team, I can confirm that the Force does not hold the "
            "information you have requested.",
            Kind.NOT_HELD,
        ),
        (
            "Thank you for your request, in which you asked:\n\n1. Has the Force used facial recognition?\n\n"
            "The Force can neither confirm nor deny that it holds any information relevant to this request, "
            "by virtue of sections 23(5) and 24(2).",
            Kind.REFUSAL,
        ),
    ],
)
def test_root_cause(text: str, kind: Kind) -> None:
    result = classify(mail(text))
    assert result.kind is kind, result.evidence


def test_extending_a_confirmatory_application_is_an_extension() -> None:
    text = (
        "We refer to your confirmatory application of 1 March. We will not be able to reply within the "
        "time limit of 15 working days, as third parties are still being consulted. We therefore have to "
        "extend the time limit by a further 15 working days under Article 8(2) of Regulation 1049/2001. "
        "The new time limit expires on 15 April 2024."
    )
    result = classify(mail(text, subject="Confirmatory application - extension of time limit"))
    assert (result.kind, result.due_date) == (Kind.EXTENSION, dt.date(2024, 4, 15)), result.evidence


def test_a_cover_note_forwarding_a_review_outcome() -> None:
    note = "Apologies, the message below went to your old address. Forwarding for your records.\n\nFiona\n"
    forwarded = (
        "\n-----Original Message-----\nFrom: Reviews <reviews@anytown.example.gov.uk>\n"
        "Sent: 1 March 2024 10:00\nTo: Requester\nSubject: Internal review - FOI 881\n\n"
        "I have now completed the internal review of our response. I uphold the original decision.\n"
    )
    message = replace(mail(note + forwarded, subject="FW: Internal review - FOI 881"), new_text=note)
    result = classify(message)
    assert result.kind is Kind.INTERNAL_REVIEW_OUTCOME, result.evidence


@pytest.mark.parametrize(
    ("text", "kind", "due_date"),
    [
        (
            "I acknowledge receipt of your requirement for review. Under section 21(1) the Council must "
            "respond within 20 working days of receipt, that is by 2 April 2024.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
            dt.date(2024, 4, 2),
        ),
        (
            "We cannot identify part 3: could you tell us who carried out the review? Parts 1 and 2 are "
            "being progressed meanwhile and should reach you by 28 March 2024.",
            Kind.CLARIFICATION_REQUEST,
            dt.date(2024, 3, 28),
        ),
        # 20 UK working days from Friday 1 March 2024, St Patrick's Day, Good Friday and Easter Monday
        # not counted.
        (
            "Your request was received by the Northshire and Westmoor Community Health NHS Foundation "
            "Trust on 01/03/2024. The Trust has 20 working days from receipt to respond to you.",
            Kind.ACKNOWLEDGEMENT,
            dt.date(2024, 4, 3),
        ),
        # A review asked for in plain words; 4 March 2024 + 20 UK working days, skipping 18 March
        # (NI), Good Friday and Easter Monday.
        (
            "I'm sorry you're unhappy with our reply. I've passed your request for the Council to look again "
            "at its decision to the committee chair, who was not involved. You should hear from her within "
            "20 working days of today.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
            dt.date(2024, 4, 4),
        ),
        # A period counted from a date the message states.
        (
            "We are extending the time for our response under regulation 7(1) of the EIR. You should "
            "receive a full response no later than 40 working days after 1 February 2024.",
            Kind.EXTENSION,
            dt.date(2024, 4, 2),
        ),
        # A form-like header block.
        (
            "Request reference: HA-0113\nDate received: 1 March 2024\nResponse due by: 28 March 2024\n\n"
            "Thank you for your request. We have logged it under the reference above.",
            Kind.ACKNOWLEDGEMENT,
            dt.date(2024, 3, 28),
        ),
        # Counted from the day the request "came in" (Friday 1 March).
        (
            "Thank you for your email, which came in on Friday (1st March). I've made a note of your request "
            "and you should get a full reply within 20 working days of when we received it.",
            Kind.ACKNOWLEDGEMENT,
            dt.date(2024, 4, 3),
        ),
        (
            "Sorry, we won't be able to get the response to you by the deadline. I'm hoping to send the "
            "full reply by Friday 22 March.",
            Kind.EXTENSION,
            dt.date(2024, 3, 22),
        ),
        (
            "We're not going to make the 20 day deadline on this one, still waiting on finance. im hoping to "
            "have it with you by friday 15th at the latest.",
            Kind.EXTENSION,
            dt.date(2024, 3, 15),
        ),
        # Irish s.14(1): an extension, not the UK vexatious-request section.
        (
            "It is not reasonably possible to make a decision within four weeks. I am therefore extending "
            "the "
            "period for consideration of your request by four weeks, in accordance with section 14(1) of the "
            "Act. A decision on your request will now issue on or before 2 April 2024.",
            Kind.EXTENSION,
            dt.date(2024, 4, 2),
        ),
    ],
)
def test_authority_due_date(text: str, kind: Kind, due_date: dt.date) -> None:
    result = classify(mail(text))
    assert (result.kind, result.due_date) == (kind, due_date), result.evidence


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hi, which of the two depots did you have in mind? Thanks, Sam", Kind.CLARIFICATION_REQUEST),
        (
            "Before I start pulling the files: are you after the weekly figures or the monthly ones?",
            Kind.CLARIFICATION_REQUEST,
        ),
        ("Morning - are you OK for us to keep going with this one?", Kind.STAY_ALIVE_CHECK),
        # Not asks: an offer of help, and the request's own question restated.
        ("Is there anything else we can help you with?", Kind.OTHER),
        ("How many fire engines did the Service have on 1 April 2024?", Kind.OTHER),
    ],
)
def test_a_question_no_rule_knows_is_an_ask_when_nothing_else_decides(text: str, kind: Kind) -> None:
    result = classify(mail(text))
    assert result.kind is kind, result.evidence


def test_a_question_does_not_outweigh_what_the_message_decides() -> None:
    text = (
        "Thank you for your request, which we received on 1 March. We will respond within 20 working "
        "days. Would you prefer the figures as a spreadsheet or in the body of an email?"
    )
    assert classify(mail(text)).kind is Kind.ACKNOWLEDGEMENT


# --- found with hold-outs 43-49 -------------------------------------------------------------


def test_a_question_in_the_subject_line_that_the_note_points_to() -> None:
    subject = "RE: FOI 77 - do you want every site or only the town centre ones?"
    result = classify(mail("Please see my question in the subject line - thanks.", subject=subject))
    assert result.kind is Kind.CLARIFICATION_REQUEST, result.evidence


def test_a_request_passed_to_colleagues_is_no_response() -> None:
    text = (
        "Please see the FOI below that came in yesterday. Could one of you pull the figures for the last "
        "two years?"
    )
    result = classify(mail(text, subject="FW: FOI - bus lanes - can you help?"))
    assert result.kind is Kind.OTHER, result.evidence


def test_a_past_date_without_a_year_is_no_deadline_next_year() -> None:
    text = (
        "We asked you on 1 February to confirm whether you still wish to proceed. Unless we hear from you "
        "by 18 March 2024, we will close your request."
    )
    assert classify(mail(text)).reply_by == dt.date(2024, 3, 18)


def test_a_link_after_a_colon_is_no_pasted_request() -> None:
    body = (
        "Dear Ms Hart,\n\nThe figures were published on 15 May, which covers questions 1 and 2 of your "
        "request:\nhttps://stats.example.gov.uk/workforce\n\nThat leaves question 3. Would you still like "
        "us to proceed with that part?\n\nYours sincerely\nFOI Team\n"
    )
    assert "Would you still like us to proceed" in split_reply(body).new


@pytest.mark.parametrize(
    ("text", "reply_by"),
    [
        # Friday of the following week.
        (
            "Which depots do you mean? If you could reply by the end of next week, that would help.",
            dt.date(2024, 3, 15),
        ),
        (
            "Your request will be closed automatically in 14 days unless you confirm that you want to keep "
            "it open.",
            dt.date(2024, 3, 18),
        ),
        (
            "The fee is $60. If we do not hear from you within 10 workdays of the date of this letter, we "
            "will assume you do not want to pay it and close the request.",
            dt.date(2024, 3, 19),  # the UK-wide calendar skips St Patrick's Day
        ),
        # The date in brackets is where the period starts.
        (
            "This is a fees notice. The fee payable is £45. If payment is not received within three months "
            "beginning with the date of this notice (4 March 2024), we will not be obliged to comply.",
            dt.date(2024, 6, 3),
        ),
        # Plain non-native English.
        (
            "For the further processing of your application we need from you still the following "
            "informations: 1. your postal address. Please communicate us your answer until 15.03.2024. If "
            "we receive no answer until this date, we must assume that you do not further pursue your "
            "application and the procedure will be closed.",
            dt.date(2024, 3, 15),
        ),
        # A period stated in an earlier sentence ("within that time").
        (
            "Under regulation 8 we may make a reasonable charge: the charge is £36.00 and an invoice is "
            "attached. The invoice is valid for 60 days from today. If we have not received payment within "
            "that time we will assume you no longer want the copies.",
            dt.date(2024, 5, 3),
        ),
        # German: "bitte teilen Sie uns bis zum ... mit, ob Sie an Ihrem Antrag festhalten".
        (
            "Vor diesem Hintergrund bitten wir Sie um Mitteilung bis zum 15. März 2024, ob Sie an Ihrem "
            "Antrag weiterhin festhalten. Sollten wir bis zu diesem Datum nichts von Ihnen hören, gehen wir "
            "davon aus, dass sich Ihr Antrag erledigt hat.",
            dt.date(2024, 3, 15),
        ),
        (
            "Could you tell us which option you prefer? We will hold your request open for two months from "
            "the date of this email; after that, if we have not heard from you, we will close it.",
            dt.date(2024, 5, 4),
        ),
        (
            "Could you confirm whether you want letters to councils only, or also to contractors? Please "
            "could you let us have your answer by 15 March 2024; we cannot progress the request until then.",
            dt.date(2024, 3, 15),
        ),
        (
            "Could you indicate whether you want (a) the files or (b) a summary? If you could reply by 18 "
            "March 2024, I will proceed on that basis.",
            dt.date(2024, 3, 18),
        ),
        (
            "Could you confirm whether you would like us to: (a) treat it all as a subject access request; "
            "or (b) split it? We need your answer by 15 March 2024 to go ahead.",
            dt.date(2024, 3, 15),
        ),
        (
            "We have not received confirmation that you wish us to continue. Please confirm by 29 March "
            "2024 that you would like us to continue.",
            dt.date(2024, 3, 29),
        ),
        (
            "Could you tell us which schools you mean? We would be grateful if you could revert to us by "
            "20 March 2024.",
            dt.date(2024, 3, 20),
        ),
        (
            "Could you tell us which schools you mean? I would appreciate your reply within two weeks of "
            "the date of this email.",
            dt.date(2024, 3, 18),
        ),
        # A US regulation cited: US federal working days (the UK calendar, skipping St Patrick's Day,
        # Good Friday and Easter Monday, would give 4 April).
        (
            "Your request does not reasonably describe the records sought, as 43 C.F.R. 2.14 requires. "
            "Please provide the following: the period. If we do not receive your response within 20 "
            "workdays of the date of this letter, we will close it.",
            dt.date(2024, 4, 1),
        ),
    ],
)
def test_requester_deadline(text: str, reply_by: dt.date) -> None:
    assert_requester_deadline(text, reply_by)


def test_a_footer_ends_at_a_paragraph_that_asks_the_requester() -> None:
    body = (
        "Dear Ms Hart,\n\nA related question is before the Tribunal in an appeal against an Information "
        "Commissioner decision notice.\n\nWe would like to know how you would prefer us to proceed.\n\n"
        "Please let us know which option you prefer by 22 March 2024.\n\nYours sincerely\nFOI Team\n"
    )
    assert "Please let us know which option" in split_reply(body).new


def test_a_choice_between_keeping_the_request_open_and_closing_it_is_a_stay_alive_check() -> None:
    text = (
        "We would like to know how you would prefer us to proceed. We can either: 1. keep your request "
        "open until the Tribunal decides; or 2. close your request now. Please let us know which option "
        "you prefer by 22 March 2024."
    )
    result = classify(mail(text))
    assert (result.kind, result.reply_by) == (Kind.STAY_ALIVE_CHECK, dt.date(2024, 3, 22)), result.evidence


@pytest.mark.parametrize(
    ("offset_hours", "reply_by"),
    [
        # Written from North America: US federal holidays (none until late May).
        (-5, dt.date(2024, 4, 15)),
        # Written from the UK: 18 March (NI), Good Friday and Easter Monday skipped.
        (0, dt.date(2024, 4, 18)),
    ],
)
def test_the_date_header_zone_picks_the_calendar_when_no_law_is_named(
    offset_hours: int, reply_by: dt.date
) -> None:
    text = (
        "We are writing to ask whether you are still interested in receiving the records. Please notify us "
        "within 30 working days of the date of this letter, or we will close your request."
    )
    zone = dt.timezone(dt.timedelta(hours=offset_hours))
    message = replace(mail(text), date=dt.datetime(2024, 3, 4, 9, 0, tzinfo=zone))
    assert classify(message).reply_by == reply_by


def test_a_signature_office_hours_note_is_no_out_of_office_reply() -> None:
    body = (
        "Please find attached our response. All 14 documents are released in Annex A; we have redacted "
        "junior officials' names under section 40(2).\n--\nThe Department has limited access to emails "
        "sent outside office hours.\n"
    )
    message = replace(mail(body), new_text=split_reply(body).new)
    assert classify(message).kind is Kind.RESPONSE_PROVIDED
