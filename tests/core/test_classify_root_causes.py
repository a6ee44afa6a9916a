"""classify() on root causes found with the hold-out sets, each in our own words.

The mail in tests/core/test_classify.py is dated Monday 4 March 2024.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from foibot.core.classify import classify
from foibot.core.model import Attachment, Kind
from foibot.core.rules import RULES
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
        # A quoted question ending '?"' does not hedge the authority's next sentence.
        (
            'Your request is copied here: "Do you use informants in protest groups? If so, how many?" The '
            "force can neither confirm nor deny that it holds this information.",
            Kind.REFUSAL,
        ),
        # Pages released with a few redactions: a response.
        (
            "We are releasing 140 pages in full and 6 pages in part. Portions of the 6 pages have been "
            "withheld under Exemption 6.",
            Kind.RESPONSE_PROVIDED,
        ),
        # A late reply with a new date is an extension.
        (
            "I am sorry that we have not responded within the 20 working day limit. We now expect to send "
            "you a response by Friday 15 March.",
            Kind.EXTENSION,
        ),
        # A chaser recalling an unanswered clarification, asking whether to proceed.
        (
            "I refer to my email of 2 February in which I asked you to clarify the period you meant. I "
            "would be grateful if you could confirm whether you wish to proceed with your request.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # Proof of identity needed before the clock starts.
        (
            "Before we can process your request, please provide: (a) proof of identity; (b) a postal "
            "address. The time limit for dealing with your request does not start until we have these.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A regulator's review adviser is no internal review.
        (
            "We have received your application. It may be some time before it is allocated to a review "
            "adviser. You do not need to do anything now.",
            Kind.OTHER,
        ),
        # A refusal notice for one part only, the rest disclosed.
        (
            "I am able to disclose the following: Q1. 61. Q2. 412. Q3. The names are withheld under section "
            "40(2). This letter serves as a refusal notice under section 17 for that part only.",
            Kind.RESPONSE_PROVIDED,
        ),
        # A reviewer's application acknowledged with its date in between.
        (
            "We acknowledge receipt on 1 March of your application for internal review of the decision on "
            "your access application.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # "Whenever possible" is no hedge on a refusal.
        (
            "While we aim to release information whenever possible, we are unable to provide the information "
            "you asked for because the exemption in section 30(b) applies.",
            Kind.REFUSAL,
        ),
        # Released with redactions.
        (
            "The reports are attached. A few figures have been redacted under section 33(1)(b).",
            Kind.RESPONSE_PROVIDED,
        ),
        # Three parts answered, one extended: a response.
        (
            "Q1. 412. Q2. 57. Q3. Section 10(3) allows us additional time to consider the public interest "
            "for part 3, and we will reply on it by 2 April. This concludes our response to parts 1 and 2.",
            Kind.RESPONSE_PROVIDED,
        ),
        # A cost-limit refusal asking whether to proceed on a narrower basis.
        (
            "Complying would exceed the cost limit, so section 12 applies. If you would like us to proceed "
            "on this narrower basis, please reply within 20 working days.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A chaser recalling "our letter of ..." that put the request on hold; asks whether to go on.
        (
            "I refer to our letter of 2 January in which we explained that your request had been placed on "
            "hold pending a review. I would be grateful if you could confirm whether you wish the Trust to "
            "continue dealing with your request. If we have not heard from you by 29 March we will close it.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # "This notice serves as a refusal" without the word "notice" after it.
        (
            "Complying would exceed the appropriate limit. This notice therefore serves as a refusal under "
            "section 12(1). Published figures are also available at https://www.example.gov.uk/data.",
            Kind.REFUSAL,
        ),
        # A reviewer who revised the decision and released more.
        (
            "I have reviewed the College's response to your request. I have concluded that the totals should "
            "not have been withheld, so I have revised the decision and the figures are attached.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        # The substance withheld while the terms of reference are attached.
        (
            "I can provide the terms of reference, which are attached. The rest of the information is being "
            "withheld under section 35(1)(a).",
            Kind.REFUSAL,
        ),
        (
            "While we aim to help whenever possible, we do not have the information you asked for.",
            Kind.NOT_HELD,
        ),
        # Answers sent with only names withheld.
        (
            "Please find below the Trust's response. Question 1: £4,812. Question 2: 17. Question 3: the "
            "Trust is withholding the names under section 40(2), as they are personal data.",
            Kind.RESPONSE_PROVIDED,
        ),
        # Asking what a term in the request means, inside an acknowledgement.
        (
            "We received your request on 1 March. Could you confirm that by 'agency staff' you mean clinical "
            "staff only, and not staff employed by GP practices? Once we have your reply we will respond "
            "within 20 working days.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # More time for the public interest, with an exemption named: an extension.
        (
            "We hold information within scope. The exemption in section 35(1)(a) applies and we need further "
            "time to consider the public interest. We now aim to respond by 2 April 2024.",
            Kind.EXTENSION,
        ),
        # A chaser after an unanswered clarification that asks whether to go on: stay-alive.
        (
            "On 2 February we wrote seeking further information under section 1(3). To date we have not "
            "received a response. Please confirm whether you wish the Council to continue with this request.",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "We have not had a reply to our email about the date range. Could you let us know whether you "
            "still wish to proceed? If you do, a short reply confirming the period you are interested in "
            "will do.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # An informal stay-alive question.
        (
            "Are you still after the minutes? I'll take it you're no longer interested otherwise.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A US cost estimate awaiting acceptance.
        (
            "The costs to produce the records are estimated to exceed $40.00. Please respond in writing "
            "stating that you accept the estimated charges or modify your request.",
            Kind.FEE_NOTICE,
        ),
        # A review outcome in plain words.
        (
            "I have carried out a complete review of the original decision and I have decided to vary it. "
            "Two records are now released.",
            Kind.INTERNAL_REVIEW_OUTCOME,
        ),
        (
            "Could you please confirm the date range you require? Our records go back to 2009.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A portal telling the requester the response was issued.
        (
            "Status: Closed. A response has been issued to your request. Log in to view it.",
            Kind.RESPONSE_PROVIDED,
        ),
        # A US law-enforcement denial.
        (
            "Your request is being administratively closed and the records are being withheld in full "
            "pursuant to 5 U.S.C. 552(b)(7)(A).",
            Kind.REFUSAL,
        ),
        # A cost-limit letter that holds the request open for narrowing.
        (
            "Complying would exceed the appropriate limit. We have put your request on hold. Please let "
            "us know how you would like to narrow it by 29 March.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A public-interest extension without the word "extend".
        (
            "The Act allows us to exceed the 20 working day deadline where we need to consider the public "
            "interest. We have not yet reached a decision and now aim to respond by 2 April 2024.",
            Kind.EXTENSION,
        ),
        # A school's holiday auto-reply that mentions FOI time limits.
        (
            "Thank you for your message. The school is closed for the Easter holidays until 15 April. "
            "Holidays do not count towards the 20 school days for Freedom of Information requests.",
            Kind.AUTO_REPLY,
        ),
        # An acknowledgement whose promise names the authority.
        (
            "Your request, which was received on 1 March 2024, has been given the reference FOI-12. The "
            "Trust will respond on or before 2 April 2024.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # An authority deciding to withhold, named rather than "we".
        (
            "Having considered your request, the Board has decided to withhold this information under "
            "section 33(1)(b). On balance the public interest lies in maintaining the exemption.",
            Kind.REFUSAL,
        ),
        # "If you need clarification of this response" is an offer, not an ask.
        (
            "Please find the information attached. If you need clarification of anything in this response "
            "please contact us.",
            Kind.RESPONSE_PROVIDED,
        ),
        # Records released "which are attached".
        ("We located 80 pages of records, which are released to you in full.", Kind.RESPONSE_PROVIDED),
        # An acknowledgement saying an officer may get in touch, however the condition is worded.
        (
            "We acknowledge receipt of your application, received on 1 March. If during processing we need "
            "further information to identify the records, a case officer may contact you.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # An informal question about what the request covers.
        (
            'Quick question: when you say "incidents at schools", do you want to include nurseries or just '
            "primary and secondary? I'd rather ask than guess.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "Can you confirm if you wish to proceed with request 2214? Otherwise it will be closed.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A parish clerk who does not hold it.
        (
            "Sorry, the council doesn't hold a copy of the 1974 lease; try the county record office.",
            Kind.NOT_HELD,
        ),
        ("We dont hold any of the speed survey data you asked for.", Kind.NOT_HELD),
        # "Unable to identify the information you want" asks for detail.
        (
            "We are unable to identify the information you want. It would help if you could give us the "
            "title of the report or the date of the meeting.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # Checking whether we have understood the request.
        (
            "We understand your request to cover legal advice on student appeals only. Please could you "
            "confirm that this is correct? We will hold your request until 2 April.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # A process described in an acknowledgement, with a closure warning inside "if we do".
        (
            "We received your request on 1 March and aim to respond by 2 April. If we need clarification "
            "we may contact you. If we do, the 20 working days will not start until we hear back, and if "
            "we do not hear back we may close the request.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # An acknowledgement that mentions a closure period.
        (
            "Thank you for your request, which we received today. We will respond within 20 working days of "
            "receipt. Our offices are closed over Christmas, but bank holidays are not counted.",
            Kind.ACKNOWLEDGEMENT,
        ),
        # A portal asking the requester to continue or withdraw.
        (
            "New status: Awaiting requester response. The case officer has asked you to confirm that you "
            "wish to proceed with this request. Choose Continue or Withdraw.",
            Kind.STAY_ALIVE_CHECK,
        ),
        # A response laid out with dotted leaders.
        (
            "I am writing in response to your request.\nTeam A ........ 21\nTeam B ......... 14\n"
            "Team C ........ 17\n",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "Your public records request is denied. The records are part of an active investigation.",
            Kind.REFUSAL,
        ),
        (
            "The Force is unable to comply with your request, as to do so would exceed the appropriate cost "
            "limit under section 12.",
            Kind.REFUSAL,
        ),
        # An offer to limit a broad request, with a date.
        (
            "We would like to work with you to refine it. Would you be willing to limit it to briefings "
            "since 2023? Please let us know by 15 March 2024.",
            Kind.CLARIFICATION_REQUEST,
        ),
        # An automated acknowledgement in a case system's words.
        (
            "Thank you for your request for information, which was logged on 01/03/2024. Target response "
            "date: 02/04/2024.",
            Kind.ACKNOWLEDGEMENT,
        ),
        (
            "We acknowledge receipt today of your requirement for review under section 20 and will respond "
            "within 20 working days.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # Parts answered now, one part extended.
        (
            "I can now respond to parts 1 to 3. 1. 41. 2. 19 weeks. 3. £2,184,310. Part 4 needs additional "
            "time to consider the public interest test; we will respond to it by 2 April 2024.",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "are you stil wanting the minutes? let me know by Fri 15th or ill assume you dont need them",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "Thank you for your complaint of 1 March about Anyshire Council's handling of your request. "
            "It is awaiting allocation to a case officer.",
            Kind.OTHER,
        ),
        # An Irish-style extension that cites section 14.
        (
            "It has not been possible to complete the decision within four weeks, so I am extending the "
            "period by four weeks under section 14(1). You can expect a decision on or before 2 April 2024.",
            Kind.EXTENSION,
        ),
        (
            "The force neither confirms nor denies that it holds the information. No inference can be taken "
            "that the information does or does not exist.",
            Kind.REFUSAL,
        ),
        (
            "We sent you a note on 1 March and haven't heard back from you about whether you'd like us to "
            "carry on. Could you let us know by 15 March?",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "Parts 1 and 2 are your own personal data. Please could you confirm that you would like the "
            "number of complaints for the last three years? Until we hear from you the request cannot be "
            "progressed.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "Thank you for your requirement for review received on 1 March. You should receive the "
            "outcome of our review by 2 April 2024.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        (
            "Our search returned 6,000 documents. I am contacting you to see whether you would be willing to "
            "refine your request, for example by limiting it to formal briefings.",
            Kind.CLARIFICATION_REQUEST,
        ),
        ("You asked how many applications were received. The answer is 38.", Kind.RESPONSE_PROVIDED),
        (
            "We have decided that it is exempt from disclosure under section 35(1)(a). Further details "
            "are set out in the annex.",
            Kind.REFUSAL,
        ),
        ("We searched the files. This search located no records responsive to your request.", Kind.NOT_HELD),
        (
            "Before we can accept your request as valid, please could you confirm your full name by "
            "replying to this email.",
            Kind.CLARIFICATION_REQUEST,
        ),
        (
            "I can confirm that we hold the information and I enclose: the contract; the total value. We "
            "have redacted the unit rates under section 43(2).",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "We will respond by 2 April 2024. Should it turn out that we need you to clarify any part of "
            "your request, we will write to you.",
            Kind.ACKNOWLEDGEMENT,
        ),
        (
            "We received your requirement for review on 1 March and will reply by 2 April.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        # The month of May is no hedge.
        ("Could you let me know by 9 May whether you'd still like us to carry on?", Kind.STAY_ALIVE_CHECK),
        (
            "Given the time that has passed, could you please confirm by return that you still wish the "
            "Trust to proceed with this request?",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "We wrote on 2 February offering a summary and have no record of a reply. We would be "
            "grateful if you could let us know whether you would like the Council to continue, and whether "
            "a summary will do.",
            Kind.STAY_ALIVE_CHECK,
        ),
        (
            "Rather than refuse it, we would like to give you the opportunity to choose how we take it "
            "forward: (a) one year; or (b) one district. We will not be able to proceed until we receive "
            "your reply.",
            Kind.CLARIFICATION_REQUEST,
        ),
        ("To answer your questions: 1. Peak Grounds Ltd. 2. £4,180.", Kind.RESPONSE_PROVIDED),
        (
            "I acknowledge receipt of your application for an internal review, together with the fee of "
            "EUR 30. A decision will be made within 3 weeks.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        (
            "We have provided the number of patients on each list. The Board does not hold waiting time data "
            "by practice.",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "1. I refer to your request. 2. I have decided to refuse it under section 24A(1) as the "
            "documents do not exist. 3. Searches were made of all systems. 4. None were found.",
            Kind.NOT_HELD,
        ),
        (
            "We dont actually hold anything on this, so the answer is that the information isnt held.",
            Kind.NOT_HELD,
        ),
        (
            "Thank you for your request, received on 01/03/2024. The Council will respond promptly and no "
            "later than 02/04/2024.",
            Kind.ACKNOWLEDGEMENT,
        ),
        (
            "Your request for an internal review has been forwarded to our Head of Governance, who will "
            "carry out the review.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        (
            "Please find attached our response, along with the document released to you. A small amount "
            "has been withheld to protect the privacy of individuals.",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "The Department can neither confirm nor deny whether it holds the information. Sections 24(2) "
            "and 31(3) apply.",
            Kind.REFUSAL,
        ),
        (
            "Questions 1 and 2 - please see the attached table. Question 3 - we neither confirm nor deny "
            "whether we hold information about covert operations.",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "Section 12 applies as things stand. If you would like to refine your request along these lines, "
            "please reply by 29 March letting us know which option you would prefer.",
            Kind.CLARIFICATION_REQUEST,
        ),
        ("We dont actually hold any info on that, so there is nothing for us to send you.", Kind.NOT_HELD),
        (
            "Question 1: How many? Answer: 412. Question 2: Are staff charged? Answer: No.",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "We have completed our searches and I attach our response, which sets out the number of notices "
            "issued each month.",
            Kind.RESPONSE_PROVIDED,
        ),
        (
            "Under section 14(1) I am extending the period for consideration of your request by four "
            "weeks. A decision will now issue to you no later than 2 April 2024.",
            Kind.EXTENSION,
        ),
        (
            "Thank you for your email asking us to carry out an internal review. We have logged this as "
            "internal review IR-31.",
            Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        ),
        (
            "Part of your request is your own personal data. Please could you: 1. confirm whether you would "
            "like us to deal with it as a subject access request; 2. send us a copy of one form of "
            "photographic ID. We will deal with the rest once we know how you would like to proceed.",
            Kind.CLARIFICATION_REQUEST,
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
            "Under section 15(4) we invite you to amend your request. Please revise your request within four "
            "weeks of the date of this letter.",
            dt.date(2024, 4, 1),
        ),
        ("Which years do you mean? If I've not heard by 12.03.24 I'll leave it there.", dt.date(2024, 3, 12)),
        (
            "Your request was received by this office on 1 February. If I do not hear from you by Friday 15 "
            "March 2024 the request will be deemed withdrawn.",
            dt.date(2024, 3, 15),
        ),
        (
            "As we have not heard from you since 10 February, please confirm whether you still require it. "
            "Please reply within 10 working days of the date of this email.",
            dt.date(2024, 3, 19),
        ),
        (
            "Which site do you mean? I would be grateful to hear from you within 10 working days.",
            dt.date(2024, 3, 19),
        ),
        (
            "A deposit of £20 is payable. Please arrange payment of the deposit by 28 March 2024.",
            dt.date(2024, 3, 28),
        ),
        ("Do you still want this? It will close Fri 15/3 if not heard.", dt.date(2024, 3, 15)),
        ("Which schools do you mean? Could you get back to me by Wednesday 13th?", dt.date(2024, 3, 13)),
        (
            "Do you still want it? This case will close automatically on 22/03/2024 unless you respond.",
            dt.date(2024, 3, 22),
        ),
        (
            "We need photo ID. Please provide these within one calendar month of the date of this email.",
            dt.date(2024, 4, 4),
        ),
        (
            "Your request is not valid until we have your real name, so please reply with your full name. We "
            "will keep your request open until 20 March 2024.",
            dt.date(2024, 3, 20),
        ),
        (
            "Do you still want it? If I don't hear by the end of the month I'll close it off.",
            dt.date(2024, 3, 31),
        ),
        (
            "Please confirm you still require the information requested on 2 February. If we receive no "
            "response within 10 working days of this email the request will be closed.",
            dt.date(2024, 3, 19),
        ),
        # A date the authority wrote on is no deadline, even without a year.
        (
            "We wrote to you on 26th February asking whether you still want this. If we do not hear from you "
            "by Monday 18 March 2024 we will close the request.",
            dt.date(2024, 3, 18),
        ),
        (
            "Are you still after these? Drop me a line in the next two weeks or I'll close it.",
            dt.date(2024, 3, 18),
        ),
        (
            "Do you still want it? Unless we hear from you by 15/03/2024, the request will be closed.",
            dt.date(2024, 3, 15),
        ),
        (
            "Please clarify the period. In the absence of a reply from you by 25 March 2024, we will "
            "consider your application closed.",
            dt.date(2024, 3, 25),
        ),
        (
            "Which sites do you mean? It would help if you could reply within 10 working days.",
            dt.date(2024, 3, 19),
        ),
        ("Do you still want it? We need to hear back from you by 15/03/2024.", dt.date(2024, 3, 15)),
        (
            "Awaiting requester response: please confirm you wish to proceed. Requests left in this "
            "status for 14 days are closed automatically.",
            dt.date(2024, 3, 18),
        ),
        (
            "Do you still want it? If I hear nothing by the end of April I'll file it away.",
            dt.date(2024, 4, 30),
        ),
        (
            "Do you still require this? Requests awaiting action from the requester are closed automatically "
            "14 days after this notification.",
            dt.date(2024, 3, 18),
        ),
        (
            "The charge is £40.00. Please make payment within 10 working days of the date of this letter.",
            dt.date(2024, 3, 19),
        ),
        (
            # 10 UK working days; Monday 18 March 2024 is St Patrick's Day's holiday in Northern Ireland.
            "Please confirm whether you wish us to continue. If no response is received within 10 working "
            "days of the date of this email, we will close the request.",
            dt.date(2024, 3, 19),
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


def test_authority_date_in_a_response_by_sentence_is_no_requester_deadline() -> None:
    text = (
        "We need more time to weigh the public interest and aim to let you have a full response by 2 April "
        "2024. Separately, could you please clarify part 3? We would be grateful if you could reply by "
        "11 March 2024."
    )
    result = classify(mail(text))
    assert (result.kind, result.reply_by) == (Kind.CLARIFICATION_REQUEST, dt.date(2024, 3, 11))


def test_a_scottish_message_counts_in_the_scottish_calendar() -> None:
    # 10 working days from 4 March 2024: the UK-wide calendar skips St Patrick's Day (18 March),
    # Scotland's does not.
    text = (
        "Do you still wish us to proceed? If we do not hear from you within 10 working days we will close it."
    )
    assert classify(mail(text)).reply_by == dt.date(2024, 3, 19)
    scottish = "Freedom of Information (Scotland) Act 2002. " + text
    assert classify(mail(scottish)).reply_by == dt.date(2024, 3, 18)


def test_reply_by_date_in_the_subject_line() -> None:
    message = mail(
        "Your request is not valid until you tell us which decision you mean.",
        subject="FOI 2024/77 - clarification needed by 15/03/2024",
    )
    assert classify(message).reply_by == dt.date(2024, 3, 15)


def test_deadline_restated_as_a_period_from_receipt() -> None:
    text = (
        "We received your request for information on 1 March 2024. Because of its volume we are extending "
        "the time for our response under regulation 7(1). The deadline is now 40 working days from receipt "
        "of your request."
    )
    result = classify(mail(text))
    assert result.kind is Kind.EXTENSION
    # 40 UK working days from 1 March 2024 (St Patrick's Day, Good Friday and Easter Monday not counted).
    assert result.due_date == dt.date(2024, 5, 1)


def test_contracted_promise_gives_a_due_date() -> None:
    result = classify(
        mail("Acknowledged - the review is with our director and we'll respond within 10 working days.")
    )
    assert result.due_date == dt.date(2024, 3, 19)


def test_topic_words_in_a_subject_are_no_extension() -> None:
    text = "Thank you for your request. You should therefore receive a response on or before 2 April 2024."
    result = classify(mail(text, subject="RE: FOI request - ambulance handover delays"))
    assert result.kind is Kind.ACKNOWLEDGEMENT
    subject_rule = next(rule for rule in RULES if rule.name == "extension_subject")
    assert subject_rule.pattern.search("foi 24/77 - delay")  # a subject that is about the delay


def test_review_acknowledgement_passed_to_the_reviewing_officer() -> None:
    text = "Thanks, I have passed this to our reviewing officer who will respond by 2 April."
    assert (
        classify(mail(text, subject="RE: Internal review - 4471")).kind
        is Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT
    )


def test_review_acknowledgement_promising_to_hear_back() -> None:
    text = "Thanks, I have logged your review as IR-12. You should hear back within 20 working days of today."
    result = classify(mail(text, subject="RE: Internal review"))
    assert result.kind is Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT
    # 20 UK working days: St Patrick's Day (18 March), Good Friday and Easter Monday are not counted.
    assert result.due_date == dt.date(2024, 4, 4)


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("Do you wish to continue with FOI 24-1187? Response needed by 15 March 2024", Kind.STAY_ALIVE_CHECK),
        ("Action required: do you still want us to continue with request 24-881?", Kind.STAY_ALIVE_CHECK),
        ("Action needed by 15/03/2024: confirm you wish to continue with EIR-881", Kind.STAY_ALIVE_CHECK),
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


def test_answers_numbered_like_the_pasted_request_are_kept() -> None:
    text = (
        "Thank you for your request received on 1 March for:\n\n(a) the providers;\n(b) the rates paid.\n\n"
        "(a) The providers are listed in the attached document.\n\n"
        "(b) The council is withholding the rates under section 43(2).\n"
    )
    new = split_reply(text).new
    assert "(a) The providers are listed" in new
    assert "withholding the rates" in new


def test_an_authority_clock_counted_from_receipt_is_no_rights_footer() -> None:
    text = (
        "I acknowledge receipt of your request for review.\n\nA senior officer will carry it out. We must "
        "respond within 20 working days of receipt of your request for review, that is by 2 April 2024.\n"
    )
    assert "that is by 2 April 2024" in split_reply(text).new


def test_advice_ending_in_a_colon_is_no_pasted_request() -> None:
    text = (
        "Before we refuse it, we would like to give you the chance to refine your request. For example, you "
        "might want to:\n\n- limit it to one year\n- name the department\n\nPlease let us know by 29 March.\n"
    )
    assert "- limit it to one year" in split_reply(text).new


def test_citing_the_commissioner_s_guidance_is_no_footer() -> None:
    text = (
        "Your email was sent under a pseudonym, which the Scottish Information Commissioner's guidance "
        "treats as no real name.\n\nYour request is not valid until you provide your real name.\n"
    )
    assert "not valid until you provide your real name" in split_reply(text).new


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
