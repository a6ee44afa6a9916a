"""classify() on root causes found with hold-outs 85-92, each in our own words.

Continues tests/core/test_classify_root_causes_4.py. The mail is dated Monday 4 March 2024.
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
        # "Do you mean:" and a list of readings, the last one "if so, could you point us to it?".
        (
            "Before we start searching I'd be grateful if you could help us with one point. Part 2 of your "
            "request mentions 'the audit'. Do you mean:\n(a) the internal audit of the housing repairs "
            "contract that "
            "the audit team carried out before the contract was renewed and reported to the committee; or\n"
            "(b) the external auditor's annual letter; or\n(c) something else - if so, could you point us to "
            "it?\nOnce we have your answer we will deal with the whole request.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # "We can't progress your request until we know which ...": not undone by "if you are still
        # interested after that date, send a fresh request".
        (
            "I'm following up my email of 6 February, to which we have had no reply. We can't progress your "
            "request until we know which depots you mean. Unless we hear from you by 18 March 2024 we will "
            "regard the request as withdrawn. If you are still interested after that date you are welcome "
            "to send a fresh request.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # "We still need to know which ...": a chaser for detail, not for going on.
        (
            "I am following up our email of 12 February, as we do not seem to have had a reply. We still "
            "need to know which wards your request covers before we can search. If we do not hear from you "
            "by 18 March 2024, we will treat your request as withdrawn.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # German: "Bitte präzisieren Sie ..." and the postal address asked for.
        (
            "Zur weiteren Bearbeitung bitten wir Sie um Folgendes: Bitte präzisieren Sie, welchen Zeitraum "
            "Ihr Antrag umfassen soll. Bitte teilen Sie uns außerdem Ihre vollständige Postanschrift mit. "
            "Sollten wir innerhalb von zwei Wochen nach Versand dieser Nachricht keine Rückmeldung erhalten, "
            "gehen wir davon aus, dass sich Ihr Antrag erledigt hat.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # An EU "fair solution": a narrower scope proposed, the requester asked to accept it.
        (
            "Please find attached a letter in which, under Article 6(3) of Regulation (EC) No 1049/2001, we "
            "propose a fair solution: we propose to limit the scope of your application to 2023. We would be "
            "grateful if you could inform us whether you accept this proposal within 15 working days. The "
            "time limit for handling your application is suspended until we receive your reply.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # "If you would prefer 0431 to remain open as a separate request, please let us know".
        (
            "You have sent us two requests that ask for the same figures, 0417 and 0431. We propose to "
            "answer "
            "both under 0417 and close 0431. If you would prefer 0431 to remain open as a separate request, "
            "please let us know by 18 March 2024.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # The requester's confirmation recounted: "thank you for confirming that you still want ...".
        (
            "Thank you for getting back to us on 21 February to confirm that you still want the camera fault "
            "logs. I'm sorry to say we will not be able to respond as quickly as we hoped; we now expect to "
            "send you a response by 28 March 2024.",
            Kind.EXTENSION,
        ),
        (
            "Thank you for confirming last month that you were still interested in this request. Having "
            "searched our systems, I can confirm that we do not hold incident data broken down by crossing.",
            Kind.NOT_HELD,
        ),
        (
            "Thank you for clarifying your request, and for confirming that you still wish to proceed with "
            "it. The 20 working day period starts again from the date we received your clarification, so you "
            "can expect a response on or before 2 April 2024.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # A review outcome that recounts the stay-alive message sent earlier.
        (
            "I have reviewed the handling of your request. I uphold your complaint that the response was "
            "late, and the message asking whether you still wanted the information should not have been "
            "needed. I apologise.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        # Review outcomes in other words.
        (
            "The review was carried out by an officer with no part in the original response. I have "
            "reconsidered the request and the exemptions applied.\n\nOutcome: partially upheld.\n\nThe "
            "yearly "
            "totals are now disclosed.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        (
            "I'm covering for a colleague this week. In short, the review has not upheld the original "
            "refusal, "
            "and the contract schedule is now disclosed with two lines redacted.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        (
            "Please find attached the reply to your confirmatory application. Having re-examined your "
            "application in the light of your arguments, the Secretariat has decided to grant partial access "
            "to the legal opinion.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        # A Scottish requirement for review, acknowledged.
        (
            "Thank you for your email asking the Scottish Environment Protection Agency (SEPA) to review its "
            "response to your request. We are treating your email as a requirement for review under section "
            "20. You will receive our review decision no later than 2 April 2024.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # A portal's "Outcome: Information not held", and "do not hold a breakdown".
        (
            "Your request has been completed.\n  Outcome:   Information not held\n\nThe Trust records spend "
            "at "
            "directorate level only, so we do not hold a breakdown of agency spend by ward.",
            Kind.NOT_HELD,
        ),
        # A US fee estimate that asks whether the requester agrees to pay or will narrow.
        (
            "We estimate that the search will take 9 hours beyond the free two hours, at $40.00 per hour, "
            "for "
            "an estimated total of $360. Please respond within 10 working days to indicate whether you agree "
            "to pay the estimated fees, or whether you wish to narrow your request. Your request is on hold "
            "pending your reply.",
            Kind.FEE_NOTICE,
        ),
        # A transfer acknowledged: "we hold the information you asked for" is why it moved.
        (
            "Your request to the Department has been passed to the Agency as we hold the information you "
            "asked "
            "for. We received your request on 1 March 2024 and will reply by 28 March 2024.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # Partial access granted, names blanked out.
        (
            "Following the assessment of the documents, we are pleased to inform you that the Agency grants "
            "you full access to documents 1 to 4 and partial access to document 5, in which the names of "
            "external experts have been blanked out, as disclosure would undermine their privacy.",
            Kind.RESPONSE_PROVIDED,
        ),
        # Records sent with personal names removed under s.40(2).
        (
            "I can confirm that the Ministry holds the action plans. These are attached. We have removed the "
            "names of junior staff from them. This information is exempt under section 40(2).",
            Kind.RESPONSE_PROVIDED,
        ),
        # Every numbered part answered "not held".
        (
            "Thank you for your request. Our answers are below.\n\nQ1. How many prosecutions?\nWe do not "
            "hold "
            "this information; cases are brought by the Agency.\n\nQ2. What fines were imposed?\nAs above, "
            "the "
            "council does not hold this information.",
            Kind.NOT_HELD,
        ),
        # A part-by-part answer whose table has pounds.
        (
            "Thank you for clarifying your request.\n\n1. Capital spend by school\n   Oakfield     £412,300 "
            "   "
            "£288,900\n   Riverside    £967,450    £1,204,700\n   Westgate     £158,000    £205,340\n",
            Kind.RESPONSE_PROVIDED,
        ),
    ],
)
def test_root_cause(text: str, kind: Kind) -> None:
    result = classify(mail(text))
    assert result.kind is kind, result.evidence


@pytest.mark.parametrize(
    ("text", "subject", "kind"),
    [
        # A "RE: do you still want it?" subject over a closed request...
        (
            "Thank you for your email letting us know that you no longer need the information. We have "
            "recorded the request as withdrawn and closed it.",
            "RE: FOI 123 - Do you still want a response?",
            Kind.OTHER,
        ),
        # ... or over the response that follows the requester's "yes".
        (
            "Thank you for confirming on 2 February that you still wanted this information. The figures are "
            "in the attached spreadsheet, broken down by year.",
            "RE: FOI 123 - do you still require this information?",
            Kind.RESPONSE_PROVIDED,
        ),
    ],
)
def test_a_still_want_it_subject_that_was_answered(text: str, subject: str, kind: Kind) -> None:
    result = classify(mail(text, subject=subject))
    assert result.kind is kind, result.evidence


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # "Your request reads:" pastes it in quotes; "response" starting a wrapped line is no heading.
        (
            'Thank you for your email.\n\nYour request reads:\n\n  "Please tell me the agency spend for '
            "each of "
            "the\n  last five years.\"\n\nCould you let us know whether you want children's or adult "
            "services? "
            "We cannot go further until we have your\nanswer, and the 20 working days for our\nresponse "
            "will run "
            "from the day we receive it.\n",
            "Could you let us know whether you want children's",
        ),
        # A request quoted with ">" after "in which you asked:" ends where the quoting ends.
        (
            "Thank you for your request, in which you asked:\n\n> Please send me every email that mentions "
            "the "
            "airport.\n\nI am writing to tell you that we are refusing this request under section 12, "
            "because "
            "the cost of complying would exceed the appropriate limit.\n\nYours sincerely\nInformation "
            "Team\n",
            "we are refusing this request",
        ),
        # "... estimates the cost of processing your request as follows:" introduces the authority's figures.
        (
            "The Ministry estimates the cost of processing your request as\nfollows:\n\n    Search time "
            "........ $270.00\n    TOTAL .............. $402.60\n\nA deposit of $201.30 is required before "
            "we "
            "continue processing.\n\nThank you,\nJo\n",
            "A deposit of $201.30 is required",
        ),
        # "we need to know whether you want:" is the authority's question.
        (
            "We emailed you on 14 February to ask for more detail. To recap, we need to know whether you "
            "want:"
            "\n\n- spend on agency nurses only; or\n- spend on all agency staff.\n\nYours sincerely\nFOI "
            "Team\n",
            "spend on agency nurses only",
        ),
    ],
)
def test_the_authority_s_own_words_after_a_colon_are_kept(body: str, kept: str) -> None:
    assert kept in split_reply(body).new


@pytest.mark.parametrize(
    ("text", "due_date"),
    [
        # "within the statutory timescale of 20 working days", counted from the stated receipt.
        (
            "Your request was received on 01/03/2024 and is being dealt with under the Act. You will "
            "receive a "
            "response within the statutory timescale of 20 working days.",
            dt.date(2024, 4, 3),
        ),
        # The period in a "will not be able to ... within 20 working days" sentence is not the promise.
        (
            "I am sorry to tell you that we will not be able to respond to your request within the 20 "
            "working "
            "days set out in the Act. We expect to send you a full response within the next 10 working days.",
            dt.date(2024, 3, 19),  # 18 March: St Patrick's Day (observed) in the UK calendar
        ),
        # "Hoping to get it to you by end of next week".
        (
            "Sorry, we're not going to make the deadline on this one. Hoping to get it to you by end of next "
            "week at the latest.",
            dt.date(2024, 3, 15),
        ),
    ],
)
def test_authority_due_date(text: str, due_date: dt.date) -> None:
    assert classify(mail(text)).due_date == due_date


@pytest.mark.parametrize(
    ("text", "reply_by"),
    [
        (
            "To process your request we need a copy of your photographic identification. Please let me have "
            "it by Friday 22 March 2024.",
            dt.date(2024, 3, 22),
        ),
        (
            "Could you tell us which time period you are most interested in? It would help if we could hear "
            "back from you by 18 March 2024.",
            dt.date(2024, 3, 18),
        ),
        (
            "Please find our fees notice for the copying, a total of £17.20. We are not obliged to provide "
            "the "
            "information unless this fee is paid within three months beginning with the date of this notice.",
            dt.date(2024, 6, 3),
        ),
        (
            "Da seit Ihrem Antrag mehrere Monate vergangen sind, bitten wir Sie um kurze Mitteilung bis zum "
            "18. März 2024, ob Sie Ihren Antrag weiterhin aufrechterhalten.",
            dt.date(2024, 3, 18),
        ),
    ],
)
def test_requester_deadline(text: str, reply_by: dt.date) -> None:
    assert_requester_deadline(text, reply_by)


def test_an_eu_fair_solution_gives_the_reply_by_date() -> None:
    text = (
        "We propose a fair solution: to limit the scope of your application to 2023. We would be grateful if "
        "you could inform us whether you accept this proposal within 15 working days, that is by 25 March "
        "2024 at the latest."
    )
    assert classify(mail(text)).reply_by == dt.date(2024, 3, 25)


def test_a_german_period_in_weeks_gives_the_reply_by_date() -> None:
    text = (
        "Bitte präzisieren Sie, welchen Zeitraum Ihr Antrag umfassen soll. Sollten wir innerhalb von zwei "
        "Wochen nach Versand dieser Nachricht keine Rückmeldung erhalten, gehen wir davon aus, dass sich Ihr "
        "Antrag erledigt hat."
    )
    message = replace(mail(text), from_addr="poststelle@amt.example.de")
    assert classify(message).reply_by == dt.date(2024, 3, 18)
