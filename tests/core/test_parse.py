"""parse_mail: raw bytes -> Mail, never raising, on tidy and on broken mail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foibot.core.model import Mail
from foibot.core.parse import decode_bytes, parse_mail, valid_address

DATA = Path(__file__).resolve().parent.parent / "data" / "parse"
DELIVERED = dt.datetime(2025, 3, 4, 12, 30, tzinfo=dt.UTC)


def parse(raw: bytes, **kwargs: int) -> Mail:
    return parse_mail(raw, delivered_at=DELIVERED, **kwargs)


def fixture(name: str) -> Mail:
    return parse((DATA / name).read_bytes())


def test_corpus_parses_with_new_text(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus").glob("*.eml"))
    assert len(files) >= 40
    for path in files:
        mail = parse(path.read_bytes())
        assert mail.new_text.strip(), path.name
        assert mail.from_addr, path.name
        assert mail.date_from_header, path.name
        assert len(mail.new_text) <= len(mail.body), path.name


def test_origin_shape_keeps_decision_drops_quoted_request_and_footer() -> None:
    mail = fixture("ack_quotes_request.eml")
    assert "We will now consider your request" in mail.new_text
    assert "reply within 20 working days" in mail.new_text
    assert "2025/00417" in mail.new_text
    for gone in ("bicycles were reported stolen", "led to a charge", "internal review", "refusal notice"):
        assert gone not in mail.new_text
    for gone in ("Wycliffe", "Commissioner", "confidential", "print", "Twitter"):
        assert gone not in mail.new_text
    assert "bicycles were reported stolen" in mail.body  # the full text stays for humans


def test_thread_headers_and_addresses() -> None:
    mail = fixture("ack_quotes_request.eml")
    assert mail.message_id == "<ack-417@northshire.police.example.uk>"
    assert mail.in_reply_to == "<foi-17.1@example.org>"
    assert mail.references == ("<foi-17.0@example.org>", "<foi-17.1@example.org>")
    assert mail.from_addr == "records@northshire.police.example.uk"
    assert mail.from_name == "Records Team, Northshire Constabulary"
    assert mail.from_domain == "northshire.police.example.uk"
    assert mail.to == ("pat+foi-17@example.org",)
    assert mail.delivered_to == ("pat+foi-17@example.org",)
    assert mail.date == dt.datetime(2025, 3, 4, 10, 15, tzinfo=dt.UTC)
    assert mail.date_from_header
    assert mail.problems == ()


def test_outlook_reply_broken_date_bad_addresses_and_attachment() -> None:
    mail = fixture("outlook_thread.eml")
    assert "which ward you mean" in mail.new_text
    assert "refusal notice" not in mail.new_text and "Original Message" not in mail.new_text
    assert "HTML copy" not in mail.body  # text/plain preferred over its HTML alternative
    assert mail.date == DELIVERED and not mail.date_from_header
    assert mail.message_id == "<no-brackets-8812@valley.example.gov.uk>"
    assert mail.cc == ("foi@valley.example.gov.uk",)
    assert mail.reply_to == ("foi@valley.example.gov.uk",)
    assert any(p.startswith("invalid address in cc") for p in mail.problems)
    assert any("Date" in p for p in mail.problems)
    assert mail.headers["precedence"] == "bulk"
    assert mail.headers["x-auto-response-suppress"] == "All"
    assert mail.headers["content-type"].startswith("multipart/mixed")
    assert mail.attachments[0].filename == "map.pdf"
    assert mail.attachments[0].content_type == "application/pdf"
    assert 0 < mail.attachments[0].size < 100
    assert mail.part_types == (
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "application/pdf",
    )


def test_html_only_body_becomes_text() -> None:
    mail = fixture("html_only.eml")
    assert mail.subject == "Decision on your FOI request – FOI 25/031"
    assert "release the documents you asked for in full" in mail.new_text
    assert "Harbour dredging plan" in mail.body
    assert "color" not in mail.body and "var x" not in mail.body and "<p>" not in mail.body
    assert mail.date.utcoffset() == dt.timedelta(hours=11)


def test_bounce_embedded_original() -> None:
    mail = fixture("bounce.eml")
    assert mail.embedded_message_ids == ("<foi-21.0@example.org>",)
    assert "message/delivery-status" in mail.part_types
    assert "message/rfc822" in mail.part_types
    assert mail.headers["x-failed-recipients"] == "foi@closed.example.gov.uk"
    assert mail.headers["auto-submitted"] == "auto-replied"
    assert mail.headers["return-path"] == "<>"
    assert mail.from_addr == "mailer-daemon@mx.example.org"
    assert "could not be delivered" in mail.new_text
    assert "bus shelters" not in mail.body  # the embedded original is not the bounce's text
    assert mail.attachments == ()


def test_rfc822_headers_part_gives_embedded_id() -> None:
    raw = (
        b"From: postmaster@mx.example.org\r\nSubject: Returned mail\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nUser unknown.\r\n"
        b"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <orig-9@example.org>\r\n"
        b"Subject: FOI\r\n\r\n--b--\r\n"
    )
    mail = parse(raw)
    assert mail.embedded_message_ids == ("<orig-9@example.org>",)
    assert mail.new_text == "User unknown."


def test_subject_control_characters_stripped() -> None:
    raw = b"From: a@b.example\r\nSubject: =?utf-8?q?Ref_1=0D=0ABcc:_x@y.z=07?=\r\n\r\nhi\r\n"
    mail = parse(raw)
    assert "\r" not in mail.subject and "\n" not in mail.subject and "\x07" not in mail.subject
    assert mail.subject.startswith("Ref 1")


@pytest.mark.parametrize(
    ("declared", "payload", "expected"),
    [
        ("utf-8", "Café £5".encode(), "Café £5"),
        ("utf-8", "Café £5 réponse".encode("latin-1"), "Café £5 réponse"),  # label lies
        ("x-made-up", "naïve".encode(), "naïve"),  # unknown charset
        ("iso-8859-1", "smart “quotes”".encode("cp1252"), "smart “quotes”"),
        (None, b"plain", "plain"),
    ],
)
def test_charset_fallbacks(declared: str | None, payload: bytes, expected: str) -> None:
    assert decode_bytes(payload, declared) == expected


def test_unknown_charset_in_message_noted() -> None:
    raw = b"From: a@b.example\r\nContent-Type: text/plain; charset=klingon\r\n\r\nqapla\xc3\xa9\r\n"
    mail = parse(raw)
    assert mail.body == "qaplaé"
    assert any("klingon" in p for p in mail.problems)


def test_base64_text_and_nul_bytes() -> None:
    raw = (
        b"From: a@b.example\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nSGVsbG8AIHdvcmxk\r\n"
    )
    mail = parse(raw)
    assert mail.body == "Hello world"


@pytest.mark.parametrize("raw", [b"", b"   \r\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))])
def test_non_email_bytes_give_empty_mail_with_problems(raw: bytes) -> None:
    mail = parse(raw)
    assert mail.problems
    assert mail.from_addr is None and mail.message_id is None and not mail.date_from_header
    assert mail.size == len(raw)


def test_oversize_message_parses_headers_and_start_only() -> None:
    body = b"Dear Pat, the answer is below.\r\n" + b"x" * 3_000_000
    raw = b"From: a@b.example\r\nSubject: big\r\nDate: Tue, 4 Mar 2025 10:15:00 +0000\r\n\r\n" + body
    mail = parse(raw, max_bytes=1_000_000)
    assert mail.subject == "big" and mail.date_from_header
    assert mail.new_text.startswith("Dear Pat")
    assert len(mail.body) < 1_100_000
    assert mail.size == len(raw)
    assert any("limit" in p for p in mail.problems)


def test_deep_nesting_and_part_count_capped() -> None:
    depth = 60
    raw = b"From: a@b.example\r\n"
    for level in range(depth):
        raw += f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'.encode()
    raw += b"Content-Type: text/plain\r\n\r\ndeep\r\n"
    for level in reversed(range(depth)):
        raw += f"--b{level}--\r\n".encode()
    mail = parse(raw)
    assert any("nesting" in p for p in mail.problems)
    many = b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n" + (
        b"--z\r\nContent-Type: image/png\r\n\r\nx\r\n" * 700
    )
    mail = parse(many + b"--z--\r\n")
    assert len(mail.part_types) <= 500
    assert any("parts" in p for p in mail.problems)


@pytest.mark.parametrize(
    ("addr", "valid"),
    [
        ("FOI@Council.gov.uk", "foi@council.gov.uk"),
        ("a@b@c.uk", None),
        ("nobody", None),
        ("x@localhost", None),
        ("x y@z.org", None),
        ("<>", None),
    ],
)
def test_valid_address(addr: str, valid: str | None) -> None:
    assert valid_address(addr) == valid


def test_naive_delivered_at_and_missing_date() -> None:
    mail = parse_mail(b"From: a@b.example\r\n\r\nhi\r\n", delivered_at=dt.datetime(2025, 1, 2, 3, 4))
    assert mail.date == dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert not mail.date_from_header


def test_a_long_references_header_keeps_its_newest_ids() -> None:
    older = " ".join(f"<old-{n}@mail.example.org>" for n in range(200))  # ~5,000 characters
    raw = (
        "From: FOI <foi@council.example.gov.uk>\r\nSubject: RE: request\r\n"
        f"Message-ID: <new@council.example>\r\nReferences: {older} <parent@example.org>\r\n\r\nThanks.\r\n"
    ).encode()
    references = parse(raw).references
    assert references[-1] == "<parent@example.org>"
    assert "<old-199@mail.example.org>" in references
    assert len(references) < 200
