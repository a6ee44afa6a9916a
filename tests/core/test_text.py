"""split_reply and html_to_text: the sender's new words, apart from quotes and footers."""

from __future__ import annotations

import pytest

from foibot.core.text import html_to_text, split_reply


def test_gmail_on_wrote_cut() -> None:
    text = (
        "Thanks, we will send the spreadsheet on Friday.\n\n"
        "On Mon, 3 Mar 2025 at 09:12, Pat Example <pat@example.org>\nwrote:\n"
        "> Please send the internal review outcome.\n"
    )
    split = split_reply(text)
    assert split.new == "Thanks, we will send the spreadsheet on Friday."
    assert "internal review" in split.quoted


def test_original_message_and_outlook_block_cut() -> None:
    for marker in (
        "-----Original Message-----\nFrom: Pat\nSent: today\n",
        "From: Pat Example <pat@example.org>\nSent: 01 March 2025 10:00\nTo: FOI\nSubject: FOI\n",
        "________________________________\nFrom: Pat\n",
    ):
        split = split_reply(f"We hold no such records.\n\n{marker}\nI want the refusal notice.\n")
        assert split.new == "We hold no such records.", marker
        assert "refusal notice" in split.quoted


def test_single_from_line_is_not_an_outlook_block() -> None:
    text = "From: 1 April the office moves.\n\nWe will reply by 20 May."
    assert split_reply(text).new == text


def test_angle_quoted_lines_removed_anywhere() -> None:
    text = "Our answer to part 1:\n> How many vans?\nTwelve vans.\n> And part 2?\nNot held."
    split = split_reply(text)
    assert "vans?" not in split.new and "part 2" not in split.new
    assert "Twelve vans." in split.new and "Not held." in split.new


@pytest.mark.parametrize("intro", ["You asked:", "Your request:", "Request:", "In your email you requested:"])
def test_pasted_request_with_quote_marks_removed(intro: str) -> None:
    text = f"Dear Pat\n\n{intro}\n“Please clarify the review process\nfor refusals.”\n\nWe do not hold it.\n"
    split = split_reply(text)
    assert "clarify" not in split.new and "refusals" not in split.new
    assert "We do not hold it." in split.new
    assert "clarify" in split.quoted


def test_unquoted_pasted_request_ends_at_authority_voice() -> None:
    text = (
        "I note you seek access to the following\ninformation:\n\n"
        "1. The number of parking fines issued in 2024.\n"
        "2. Any clarification guidance given to wardens.\n\n"
        "This is to inform you that we need more detail before we can continue.\n"
    )
    split = split_reply(text)
    assert "parking fines" not in split.new and "clarification guidance" not in split.new
    assert "we need more detail" in split.new


def test_pasted_request_kept_when_no_end_found() -> None:
    # Unsure where the pasted request ends: keep everything rather than lose the decision.
    text = "You asked:\n\nhow many parking fines were issued\nand the review data\n"
    assert "parking fines" in split_reply(text).new


def test_answer_intro_is_not_a_pasted_request() -> None:
    text = (
        "My response to your request is set out below:\n\nMy office holds 17 files.\n\nThe cost is too high."
    )
    split = split_reply(text)
    assert "17 files" in split.new and "cost is too high" in split.new


def test_disclosure_log_request_response_headings() -> None:
    text = "Request\n\nPlease give me the refusal notice template.\n\nResponse\n\nThe template is attached."
    split = split_reply(text)
    assert "refusal notice" not in split.new
    assert "Response" in split.new and "The template is attached." in split.new


def test_known_request_lines_removed_without_intro() -> None:
    request = "Please list every contract for street lighting maintenance\nsigned since 2020."
    text = "Thank you.\nPlease list every contract for street lighting maintenance\nWe hold two contracts."
    split = split_reply(text, known_request=request)
    assert "street lighting" not in split.new and "two contracts" in split.new


def test_footer_paragraphs_removed_and_short_ones_absorbed() -> None:
    text = (
        "We have extended the deadline to 30 May 2025 to consider the public interest.\n\n"
        "Review rights\n\n"
        "If you are not satisfied with this response you may request an internal review.\n\n"
        "Complaints Officer\nTown Hall\nAB1 2CD\n\n"
        "You can also contact the Ombudsman.\n\n"
        "This message is confidential and intended only for the addressee.\n\n"
        "Please consider the environment before printing.\n\n"
        "Find us on Facebook\n"
    )
    split = split_reply(text)
    assert split.new == "We have extended the deadline to 30 May 2025 to consider the public interest."
    for word in ("internal review", "Ombudsman", "confidential", "environment", "Town Hall", "Facebook"):
        assert word in split.boilerplate


def test_footer_sentence_split_keeps_substance_in_same_paragraph() -> None:
    text = (
        "I have completed the internal review and uphold the original decision. "
        "If you remain dissatisfied you may apply to the Information Commissioner."
    )
    split = split_reply(text)
    assert split.new == "I have completed the internal review and uphold the original decision."
    assert split.boilerplate.startswith("If you remain dissatisfied")


def test_substantive_paragraph_after_footer_is_kept() -> None:
    long_paragraph = "We also looked again at part two of your request. " * 6
    text = f"If you are unhappy you can ask for a review.\n\n{long_paragraph}"
    assert long_paragraph.strip() in split_reply(text).new


def test_everything_boilerplate_still_gives_new_text() -> None:
    text = "If you are dissatisfied you may ask for an internal review."
    assert split_reply(text).new == text


def test_crlf_and_nul_normalised() -> None:
    assert split_reply("one\r\ntwo\x00").new == "one\ntwo"


def test_html_to_text_drops_markup_keeps_table() -> None:
    text = html_to_text(
        "<style>b{}</style><p>Fee: <b>£25</b></p><table><tr><td>A</td><td>B</td></tr></table>"
    )
    assert "Fee: £25" in text and "A" in text and "B" in text and "{" not in text


def test_huge_single_line_is_linear_enough() -> None:
    text = "x" * 500_000 + " If you are unhappy you may ask for a review."
    split = split_reply(text)
    assert split.new.startswith("xxx")
