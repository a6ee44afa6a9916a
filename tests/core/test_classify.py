"""classify() on hand-built Mail values: precedence between kinds, headers, purity."""

from __future__ import annotations

import datetime as dt

from foibot.core.classify import classify
from foibot.core.model import Kind, Mail

DATE = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)


def mail(text: str, *, subject: str = "RE: Freedom of Information request", **headers: str) -> Mail:
    return Mail(
        message_id="<m@x>",
        in_reply_to=None,
        references=(),
        from_addr="foi@council.example.gov.uk",
        from_name="FOI",
        to=("me@example.org",),
        cc=(),
        reply_to=(),
        delivered_to=(),
        subject=subject,
        date=DATE,
        date_from_header=True,
        headers={k.replace("_", "-").lower(): v for k, v in headers.items()},
        body=text,
        new_text=text,
    )


def assert_requester_deadline(text: str, reply_by: dt.date) -> None:
    """`text` asks the requester for something (a reply, detail or a fee) by `reply_by`."""
    result = classify(mail(text))
    assert result.kind in {Kind.CLARIFICATION_REQUEST, Kind.STAY_ALIVE_CHECK, Kind.FEE_NOTICE}, (
        result.evidence
    )
    assert result.reply_by == reply_by


def test_acknowledgement_asking_for_clarification_is_a_clarification_request() -> None:
    result = classify(
        mail(
            "Thank you for your request, which we received on 1 March. Before we can process it, could you "
            "please clarify which financial years you are interested in?"
        )
    )
    assert result.kind is Kind.CLARIFICATION_REQUEST
    assert any("clarify" in e for e in result.evidence)


def test_refusal_with_advice_to_refine_stays_a_refusal() -> None:
    text = (
        "Complying with your request would exceed the appropriate limit, so we are not obliged to comply "
        "under section 12. If you wish, you may refine your request to a shorter period."
    )
    assert classify(mail(text)).kind is Kind.REFUSAL


def test_threatened_refusal_is_not_a_refusal() -> None:
    text = (
        "Your request does not sufficiently identify the documents. If you do not revise it within 14 days "
        "I will have to refuse your request."
    )
    result = classify(mail(text))
    assert result.kind is Kind.CLARIFICATION_REQUEST
    assert result.reply_by == dt.date(2024, 3, 18)


def test_acknowledgement_mentioning_possible_fees_is_not_a_fee_notice() -> None:
    text = "We have received your request. There may be a fee payable; we will tell you if a charge applies."
    assert classify(mail(text)).kind is Kind.ACKNOWLEDGEMENT


def test_auto_generated_acknowledgement_is_not_an_auto_reply() -> None:
    text = "Your request has been logged. We will respond within 20 working days."
    result = classify(mail(text, subject="Acknowledgement FOI-1234", auto_submitted="auto-generated"))
    assert result.kind is Kind.ACKNOWLEDGEMENT
    assert result.reference == "FOI-1234"


def test_out_of_office_header_without_foi_content_is_an_auto_reply() -> None:
    result = classify(mail("Thanks for your message.", subject="Out of Office", x_autoreply="yes"))
    assert result.kind is Kind.AUTO_REPLY


def test_bounce_headers_win_over_text() -> None:
    result = classify(mail("Please find attached the information.", x_failed_recipients="foi@gone.example"))
    assert result.kind is Kind.DELIVERY_FAILURE


def test_empty_message_is_other_and_never_raises() -> None:
    result = classify(mail(""))
    assert result.kind is Kind.OTHER and 0.0 <= result.confidence <= 1.0


def _numbered_answer(not_held_parts: int, parts: int = 4) -> str:
    lines = ["Thank you for your request of 1 March about road repairs."]
    for number in range(1, parts + 1):
        if number <= not_held_parts:
            lines.append(f"{number}. The council does not hold this information.")
        else:
            lines.append(f"{number}. The figure for that year was {number * 17}.")
    return "\n".join(lines)


def test_one_part_of_four_not_held_is_a_response() -> None:
    result = classify(mail(_numbered_answer(not_held_parts=1)))
    assert result.kind is Kind.RESPONSE_PROVIDED
    assert "structure: 4 numbered parts, 1 not held" in result.evidence


def test_half_the_parts_not_held_is_not_held() -> None:
    assert classify(mail(_numbered_answer(not_held_parts=2))).kind is Kind.NOT_HELD
    assert classify(mail(_numbered_answer(not_held_parts=4))).kind is Kind.NOT_HELD
