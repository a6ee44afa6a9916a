"""parse_mail on raw 8-bit headers, mislabelled bodies and oversized address headers."""

from __future__ import annotations

import datetime as dt

import pytest

from foibot.core.header_block import cap_header_value, decode_header_block, repair_surrogates
from foibot.core.model import Mail
from foibot.core.parse import decode_bytes, parse_mail
from tests.hostile.generate import strings_in

DELIVERED = dt.datetime(2025, 3, 4, 12, 30, tzinfo=dt.UTC)
BODY = b"Thank you for your request, received on 3 March. We will reply by 31 March.\r\n"


def message(*headers: bytes, body: bytes = BODY) -> bytes:
    return b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


def parse(raw: bytes) -> Mail:
    return parse_mail(raw, delivered_at=DELIVERED)


def assert_valid_unicode(mail: Mail) -> None:
    for text in strings_in(mail):
        text.encode("utf-8")  # raises on a lone surrogate


def test_from_display_name_in_raw_utf8() -> None:
    mail = parse(
        message("From: Zoë Müller <zoe.muller@council.example.gov.uk>".encode(), b"To: me@example.org")
    )
    assert mail.from_name == "Zoë Müller"
    assert mail.from_addr == "zoe.muller@council.example.gov.uk"
    assert "raw 8-bit From header decoded as utf-8" in mail.problems
    assert_valid_unicode(mail)


def test_subject_in_raw_windows_1252() -> None:
    subject = "RE: Réponse à votre demande – frais de £25"
    mail = parse(message(b"From: foi@council.example.gov.uk", b"Subject: " + subject.encode("cp1252")))
    assert mail.subject == subject  # the en dash is 0x96 in cp1252: not Latin-1
    assert "raw 8-bit Subject header decoded as windows-1252" in mail.problems
    assert_valid_unicode(mail)


def test_each_header_decoded_on_its_own() -> None:
    mail = parse(
        message(
            "From: Åsa Öberg <asa@kommun.example.se>".encode(),
            "Subject: Begäran om allmän handling".encode("cp1252"),
            "To: Søren <soren@example.dk>".encode(),
        )
    )
    assert (mail.from_name, mail.subject) == ("Åsa Öberg", "Begäran om allmän handling")
    assert mail.to == ("soren@example.dk",)


def test_raw_utf8_address_and_undefined_cp1252_bytes() -> None:
    mail = parse(message("From: josé@ayuntamiento.example.es".encode(), b"Subject: odd \x81\x8d bytes \xe9"))
    assert mail.from_addr == "josé@ayuntamiento.example.es"
    assert mail.subject == "odd \ufffd\ufffd bytes é"


def test_body_labelled_us_ascii_but_utf8() -> None:
    raw = message(
        b"From: foi@council.example.gov.uk",
        b'Content-Type: text/plain; charset="us-ascii"',
        body="The fee is £25 – please pay within 60 days.\r\n".encode(),
    )
    mail = parse(raw)
    assert mail.body == "The fee is £25 – please pay within 60 days."
    assert any("is utf-8" in p for p in mail.problems)


@pytest.mark.parametrize(
    ("declared", "payload", "expected"),
    [
        ("us-ascii", "£25 – due".encode(), "£25 – due"),  # utf-8 behind an ASCII label
        ("iso-8859-1", "Müller".encode(), "Müller"),  # utf-8 behind a Latin-1 label
        ("iso-8859-1", "Müller £5".encode("latin-1"), "Müller £5"),  # the label was right
        ("us-ascii", "“quoted”".encode("cp1252"), "“quoted”"),  # cp1252 behind an ASCII label
        ("windows-1252", "Café".encode(), "Café"),  # Latin-1 prose is never valid utf-8
        ("utf-7", b"a +2AA- b" + b" filler" * 30, "a \ufffd b" + " filler" * 30),  # lone surrogate
    ],
)
def test_mislabelled_body_charsets(declared: str, payload: bytes, expected: str) -> None:
    text = decode_bytes(payload, declared)
    assert text == expected
    text.encode("utf-8")


def test_attachment_name_in_raw_utf8_part_header() -> None:
    raw = message(
        b"From: foi@council.example.gov.uk",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="xyz"',
        body=b"--xyz\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--xyz\r\n"
        + 'Content-Type: application/pdf; name="Réponse n°2.pdf"\r\n'.encode()
        + b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--xyz--\r\n",
    )
    mail = parse(raw)
    assert [a.filename for a in mail.attachments] == ["Réponse n°2.pdf"]
    assert_valid_unicode(mail)


def test_encoded_word_with_invalid_bytes_gives_valid_text() -> None:
    mail = parse(
        message(b"From: =?utf-8?B?/w==?= Team <foi@council.example.gov.uk>", b"Subject: =?utf-8?Q?=FF?=")
    )
    assert mail.from_addr == "foi@council.example.gov.uk"
    assert_valid_unicode(mail)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("Zoë", "Zoë"),
        ("Zo\udcc3\udcab", "Zoë"),  # raw utf-8 bytes kept as surrogate escapes
        ("Zo\udceb", "Zoë"),  # a raw cp1252 byte
        ("a\ud800b", "a\ufffdb"),  # a lone surrogate that was never a byte
    ],
)
def test_repair_surrogates(text: str, expected: str) -> None:
    assert repair_surrogates(text) == expected


def addresses(count: int, fmt: str = "u{i}@example.org") -> bytes:
    return ", ".join(fmt.format(i=i) for i in range(count)).encode()


def test_20000_address_to_header_is_cut_and_matching_headers_kept() -> None:
    raw = message(
        b"From: FOI Team <foi@council.example.gov.uk>",
        b"To: " + addresses(20_000),
        b"Cc: officer@council.example.gov.uk",
        b"Reply-To: replies@council.example.gov.uk",
        b"Subject: Your request",
    )
    mail = parse(raw)
    assert "To: header truncated (20,000 addresses)" in mail.problems
    assert mail.to[:3] == ("u0@example.org", "u1@example.org", "u2@example.org")
    assert 50 < len(mail.to) < 1000
    assert mail.from_addr == "foi@council.example.gov.uk"
    assert mail.cc == ("officer@council.example.gov.uk",)
    assert mail.reply_to == ("replies@council.example.gov.uk",)
    assert mail.subject == "Your request"


def test_address_header_cut_between_addresses_not_inside_quotes() -> None:
    many = addresses(500, '"Officer {i}, Records Team" <officer{i}@council.example.gov.uk>')
    mail = parse(message(b"From: foi@council.example.gov.uk", b"Cc: " + many))
    assert mail.cc[0] == "officer0@council.example.gov.uk"
    assert not any("invalid address" in p for p in mail.problems), mail.problems
    assert any(p.startswith("Cc: header truncated (500 addresses)") for p in mail.problems)


def test_folded_address_header_is_cut_too() -> None:
    folded = addresses(2_000).replace(b", ", b",\r\n ")
    mail = parse(message(b"From: foi@council.example.gov.uk", b"To: " + folded, b"Subject: folded"))
    assert "To: header truncated (2,000 addresses)" in mail.problems
    assert mail.to[0] == "u0@example.org" and mail.subject == "folded"


def test_huge_subject_is_cut() -> None:
    mail = parse(message(b"From: foi@council.example.gov.uk", b"Subject: " + b"word " * 200_000))
    assert mail.subject.startswith("word word") and len(mail.subject) <= 2000
    assert any(p.startswith("Subject: header truncated") for p in mail.problems)


def test_ascii_header_blocks_are_left_to_the_stdlib() -> None:
    noted: list[str] = []
    long_references = b"References: " + b" ".join(b"<id%d@x.example>" % i for i in range(2_000))
    raw = message(b"From: foi@council.example.gov.uk", long_references, *[b"Received: by hop"] * 200)
    assert decode_header_block(raw, noted.append) is None
    assert noted == []
    mail = parse(raw)
    assert mail.references[-1] == "<id1999@x.example>"  # a long References keeps its newest ids
    assert mail.problems == ("no Date header: using the delivery time",)  # References is never cut


def test_8bit_block_ends_where_the_stdlib_ends_it() -> None:
    raw = "Subject: Café\r\nnot a header line\r\nX-Later: é\r\n\r\nbody é\r\n".encode()
    text = decode_header_block(raw, lambda note: None)
    assert text is not None
    assert text.startswith("Subject: Café\r\nnot a header line\r\nX-Later: \udcc3\udca9")


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("To", "a@x.org, b@x.org", "a@x.org, b@x.org"),
        ("To", "a@x.org, " * 1000, ", ".join(["a@x.org"] * 455)),
        ("Cc", '"' + "Long, name " * 1000 + '" <a@x.org>', ('"' + "Long, name " * 1000)[:4096]),
        ("Subject", "s" * 20_000, "s" * 8192),
        ("Content-Type", "text/plain" + "; p=v" * 1000, ("text/plain" + "; p=v" * 1000)[:2048]),
    ],
)
def test_cap_header_value(name: str, value: str, expected: str) -> None:
    assert cap_header_value(name, value) == expected
