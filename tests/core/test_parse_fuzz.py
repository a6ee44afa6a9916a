"""Fuzz parse_mail with random and mutated MIME: it must always return a Mail."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foibot.core.model import Mail
from foibot.core.parse import parse_mail

DELIVERED = dt.datetime(2025, 3, 4, 12, 30, tzinfo=dt.UTC)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEED = (
    b"From: Records <records@authority.example.gov.uk>\r\n"
    b"To: pat@example.org\r\nSubject: =?utf-8?b?UmVmOiAxMjM=?=\r\n"
    b"Date: Tue, 4 Mar 2025 10:15:00 +0000\r\nMessage-ID: <seed@x.example>\r\n"
    b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
    b"--B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    b"We have your request.=0D=0A=E2=80=9Cquoted=E2=80=9D\r\n"
    b"--B\r\nContent-Type: text/html; charset=latin-1\r\n\r\n<p>Caf\xe9</p>\r\n"
    b"--B\r\nContent-Type: application/pdf; name=a.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n"
    b"--B--\r\n"
)
HEADER_NAMES = st.sampled_from(
    [
        b"From",
        b"To",
        b"Cc",
        b"Date",
        b"Subject",
        b"Message-ID",
        b"References",
        b"Content-Type",
        b"Content-Transfer-Encoding",
        b"Delivered-To",
        b"Reply-To",
        b"In-Reply-To",
        b"X-Weird",
    ]
)
NASTY = st.sampled_from(
    [
        b"",
        b"\x00",
        b"=?x-unknown?q?abc?=",
        b"=?utf-8?b?####?=",
        b'"unterminated <a@b>',
        b"<>",
        b"@",
        b"a@b@c",
        b"31 Feb 2026 99:99",
        b"multipart/mixed; boundary=",
        b"text/plain; charset=klingon",
        b"base64",
        b"quoted-printable",
        b"\xff\xfe\xfd",
        b"x" * 5000,
        b"\r\n\t folded",
        b"(((((",
        b"=?",
    ]
)


def check(raw: bytes) -> None:
    mail = parse_mail(raw, delivered_at=DELIVERED, max_bytes=200_000)
    assert isinstance(mail, Mail)
    assert mail.date.tzinfo is not None
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert "\x00" not in mail.body
    assert len(mail.new_text) <= len(mail.body) or not mail.body


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(raw: bytes) -> None:
    check(raw)


@FUZZ
@given(st.lists(st.tuples(HEADER_NAMES, NASTY), max_size=12), st.binary(max_size=2000))
def test_broken_headers(headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    check(b"".join(name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n" + body)


@FUZZ
@given(st.integers(0, len(SEED)), st.integers(0, 64), st.binary(max_size=64))
def test_mutated_and_truncated_mime(position: int, cut: int, insert: bytes) -> None:
    check(SEED[:position] + insert + SEED[position + cut :])
    check(SEED[:position])  # truncated multipart


@FUZZ
@given(
    st.integers(1, 120), st.sampled_from([b"multipart/mixed", b"message/rfc822", b"multipart/alternative"])
)
def test_deep_nesting(depth: int, ctype: bytes) -> None:
    raw = b"From: a@b.example\r\n"
    for level in range(depth):
        raw += b"Content-Type: " + ctype + b'; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level)
    raw += b"Content-Type: text/plain\r\n\r\nhello\r\n"
    check(raw)


@settings(max_examples=5, deadline=None)
@given(st.integers(100_000, 400_000), st.sampled_from([b"x", b"\x00", b"> ", b"\xe9"]))
def test_huge_lines(length: int, filler: bytes) -> None:
    check(b"From: a@b.example\r\nSubject: " + filler * 200 + b"\r\n\r\n" + filler * length)
