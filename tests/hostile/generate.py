"""A generator of malformed and hostile email: hand-made cases, seeded mutants, hypothesis strategies.

Every case is `(name, build)` where `build()` returns the raw bytes only when called, so the
multi-megabyte cases are never all in memory at once. `corpus()` yields well over 1,000 cases,
deterministically (the same names and bytes on every run). All text is written for these tests.
"""

from __future__ import annotations

import base64
import dataclasses
import random
from collections.abc import Callable, Iterator
from functools import partial

from hypothesis import strategies as st

Build = Callable[[], bytes]
Case = tuple[str, Build]

MB = 1024 * 1024

_ACK_BODY = (
    "Dear Requester,\r\n\r\nThank you for your request for information, which we received on "
    "3 March. We will respond within 20 working days, by 31 March at the latest.\r\n\r\n"
    "Our reference is FOI-2024-0042.\r\n\r\nInformation Governance Team\r\n"
)


def headers_block(**overrides: str | None) -> list[tuple[str, str]]:
    """The headers of a plausible authority acknowledgement; None drops a header."""
    base = {
        "From": "Information Rights <foi@council.example.gov.uk>",
        "To": "requester@example.org",
        "Subject": "RE: Freedom of Information request - parking fines",
        "Date": "Mon, 04 Mar 2024 10:15:00 +0000",
        "Message-ID": "<ack-42@council.example.gov.uk>",
        "In-Reply-To": "<request-1@example.org>",
        "MIME-Version": "1.0",
        "Content-Type": 'text/plain; charset="utf-8"',
        "Content-Transfer-Encoding": "8bit",
    }
    for key, value in overrides.items():
        key = key.replace("_", "-")
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return list(base.items())


def assemble(headers: list[tuple[str, str]], body: bytes, *, eol: bytes = b"\r\n") -> bytes:
    head = b"".join(f"{name}: {value}".encode("utf-8", "surrogateescape") + eol for name, value in headers)
    return head + eol + body


def plain(body: bytes = _ACK_BODY.encode(), **overrides: str | None) -> bytes:
    return assemble(headers_block(**overrides), body)


def multipart(parts: list[bytes], boundary: str = "b0undary", subtype: str = "mixed") -> bytes:
    """A multipart body: each part is its own header block + body."""
    chunks = [b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts]
    return b"".join(chunks) + b"--" + boundary.encode() + b"--\r\n"


def part(content_type: str, body: bytes, cte: str = "8bit", extra: str = "") -> bytes:
    head = f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {cte}\r\n{extra}\r\n"
    return head.encode("utf-8", "surrogateescape") + body


def with_multipart(parts: list[bytes], boundary: str = "b0undary", **overrides: str | None) -> bytes:
    overrides.setdefault("Content_Type", f'multipart/mixed; boundary="{boundary}"')
    overrides.setdefault("Content_Transfer_Encoding", None)
    return assemble(headers_block(**overrides), multipart(parts, boundary))


# -- hand-made cases --------------------------------------------------------------------------

_CHARSETS = [
    "x-no-such-charset",
    "utf-8\x00",
    "",
    "utf-7",
    "unicode-1-1-utf-7",
    "utf-16",
    "utf-32",
    "us-ascii",
    "gb2312",
    "iso-2022-jp",
    "cp1252",
    "'; DROP TABLE requests;--",
    "utf-8' onload='x",
    "../../etc/passwd",
    "a" * 5000,
]
_ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "binary", "x-uuencode", "bogus"]
_BODIES = {
    "latin1-bytes": "Caf\xe9 r\xe9ponse \xa3 25 fee".encode("latin-1"),
    "invalid-utf8": b"\xff\xfe\xc3\x28 \xa0\xa1 \xe2\x82 respond by 12 April",
    "utf16-odd": "still require this information?".encode("utf-16")[:-1],
}


def _encode_body(body: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64.encodebytes(body)
    if cte == "quoted-printable":
        return body.replace(b"=", b"=3D") + b"=ZZ=\r\n=4"
    return body


def _charset_case(body: bytes, cte: str, headers: dict[str, str]) -> bytes:
    return plain(_encode_body(body, cte), **headers)


def _without(name: str) -> bytes:
    return assemble([(k, v) for k, v in headers_block() if k != name], _ACK_BODY.encode())


def _random_bytes(seed: int) -> bytes:
    rng = random.Random(seed)
    return rng.randbytes(rng.randint(1, 50_000))


def _charset_cases() -> Iterator[Case]:
    for charset in _CHARSETS:
        for cte in _ENCODINGS:
            for subtype in ("plain", "html"):
                for body_name, body in _BODIES.items():
                    name = f"charset[{charset[:20]!r}]-{cte}-{subtype}-{body_name}"
                    headers = {
                        "Content_Type": f'text/{subtype}; charset="{charset}"',
                        "Content_Transfer_Encoding": cte,
                    }
                    yield name, partial(_charset_case, body, cte, headers)


_ENCODED_WORDS = [
    "=?x-bogus?B?SGVsbG8=?=",
    "=?utf-8?Q?broken=ZZ?=",
    "=?utf-8?B?!!!notbase64!!!?=",
    "=?utf-8?Q?a=0D=0ABcc:_victim@example.com?=",
    "=?utf-8?B?" + base64.b64encode(b"line\r\nBcc: x@evil.example").decode() + "?=",
    "=?utf-8?Q?" + "A" * 100_000 + "?=",
    "=?iso-8859-1?q?caf=E9?= =?utf-8?b?w6k=?= =?utf-7?Q?+AGE-?=",
    "=?utf-8?B?" + base64.b64encode(b"\x00\x01\x02\xff").decode() + "?=",
    "=?" * 5000,
    "=?utf-8*en?Q?lang_tagged?=",
]


def _header_cases() -> Iterator[Case]:
    for index, word in enumerate(_ENCODED_WORDS):
        yield f"encoded-word-subject-{index}", partial(plain, Subject=word)
        yield f"encoded-word-from-{index}", partial(plain, From=f"{word} <foi@council.example.gov.uk>")
    for name in (
        "From",
        "To",
        "Date",
        "Subject",
        "Message-ID",
        "Content-Type",
        "MIME-Version",
        "In-Reply-To",
    ):
        yield f"missing-{name}", partial(_without, name)
    yield "missing-all-headers", lambda: b"\r\n" + _ACK_BODY.encode()
    conflicting = {
        "From": "Someone Else <attacker@evil.example>",
        "To": "other@example.net",
        "Subject": "Your request has been withdrawn",
        "Message-ID": "<ack-42@council.example.gov.uk>",
        "Date": "Tue, 01 Jan 2030 00:00:00 +0000",
        "Content-Type": "text/html; charset=utf-16",
        "Content-Transfer-Encoding": "base64",
        "In-Reply-To": "<someone-else@example.net>",
        "References": "<a@b> <c@d>",
    }
    for name, value in conflicting.items():
        yield (
            f"duplicated-{name}",
            partial(assemble, [*headers_block(), (name, value)], _ACK_BODY.encode()),
        )
    yield (
        "1000-received-headers",
        lambda: assemble(
            [("Received", f"from hop{i}.example by hop{i + 1}.example") for i in range(1000)]
            + headers_block(),
            _ACK_BODY.encode(),
        ),
    )
    yield "header-without-colon", lambda: b"From foi@council\r\nNot a header line\r\n" + plain()
    yield "header-name-garbage", lambda: b"\xff\xfe: value\r\n: empty name\r\n" + plain()
    yield "folded-header-injection", lambda: plain(Subject="ok\r\n Bcc: victim@example.com\r\nX-Evil: 1")
    yield "bare-cr-in-subject", lambda: plain(Subject="one\rtwo\rBcc: x@evil.example")
    yield "bare-lf-in-from", lambda: plain(From="foi@council.example.gov.uk\nBcc: x@evil.example")
    yield "crlf-in-address-quoted", lambda: plain(To='"a\r\nb"@example.org, "c\r\nBcc: d"@example.org')
    yield "lf-only-line-endings", lambda: assemble(headers_block(), _ACK_BODY.encode(), eol=b"\n")
    yield "cr-only-line-endings", lambda: assemble(headers_block(), _ACK_BODY.encode(), eol=b"\r")
    yield "mixed-line-endings", lambda: plain().replace(b"\r\n", b"\n", 3).replace(b"\r\n", b"\r", 2)
    for date in ("Mon, 30 Feb 2024 25:61:61 +9999", "0", "Sat, 01 Jan 0000 00:00:00 GMT", "99999999999",
                 "Fri, 31 Dec 99999 23:59:59 -2400", "yesterday", "", "\x00"):  # fmt: skip
        yield f"bogus-date[{date[:12]!r}]", partial(plain, Date=date)
    hostile_subjects = [
        "'); DROP TABLE requests;--",
        "{{ 7*7 }} {% for x in range(10**9) %}{% endfor %}",
        "<script>alert(1)</script>",
        "\u202eegassem lamron\u202c",
        "\U0001f4a9" * 2000,
        "%s%s%s%n%x",
    ]
    for index, subject in enumerate(hostile_subjects):
        yield f"hostile-subject-{index}", partial(plain, Subject=subject)
        yield f"hostile-message-id-{index}", partial(plain, Message_ID=f"<{subject}@x>")


# A display name per charset: the en dash is 0x96 in cp1252, the middle dot 0xB7 in Latin-1.
RAW_8BIT_NAMES = {
    "utf-8": "Zoë Müller – Auskunft",
    "cp1252": "Zoë Müller – Auskunft",
    "latin-1": "Zoë Müller · Auskunft",
}


def _raw_8bit(value: str, charset: str) -> str:
    """`value` as raw 8-bit bytes in `charset` (assemble writes surrogate escapes back as bytes)."""
    return value.encode(charset).decode("ascii", "surrogateescape")


def _raw_8bit_attachment_name(charset: str) -> bytes:
    attachment = _raw_8bit('application/pdf; name="Antwort Müller.pdf"', charset)
    return with_multipart([part("text/plain", _ACK_BODY.encode()), part(attachment, b"JVBERi0K", "base64")])


def _raw_8bit_cases() -> Iterator[Case]:
    """Headers sent as raw 8-bit bytes: RFC 6532 UTF-8, or Latin-1/cp1252 by old clients."""
    for charset, name in RAW_8BIT_NAMES.items():
        yield (
            f"raw-8bit-from-{charset}",
            partial(plain, From=_raw_8bit(f"{name} <foi@amt.example.de>", charset)),
        )
        yield (
            f"raw-8bit-subject-{charset}",
            partial(plain, Subject=_raw_8bit(f"RE: Anfrage: {name}", charset)),
        )
        yield f"raw-8bit-to-{charset}", partial(plain, To=_raw_8bit(f"{name} <me@example.org>", charset))
        yield f"raw-8bit-attachment-name-{charset}", partial(_raw_8bit_attachment_name, charset)
    yield (
        "raw-8bit-mixed-charsets",
        partial(
            plain, From=_raw_8bit("Zoë <foi@amt.example.de>", "utf-8"), Subject=_raw_8bit("Réponse", "cp1252")
        ),
    )
    yield "raw-8bit-header-name", lambda: b"X-Gr\xfc\xdfe: hallo\r\n" + plain()
    yield "raw-8bit-invalid-encoded-word", partial(plain, From="=?utf-8?B?/w==?= <foi@amt.example.de>")


def _forged_cases() -> Iterator[Case]:
    forged = [
        '"foi@council.example.gov.uk" <attacker@evil.example>',
        "foi@council.example.gov.uk, attacker@evil.example",
        "<>",
        "foi@council.example.gov.uk.evil.example",
        "foi@cоuncil.example.gov.uk",  # Cyrillic o
        "FOI@COUNCIL.EXAMPLE.GOV.UK (comment (nested (deeply)))",
        "@council.example.gov.uk",
        "foi@[127.0.0.1]",
        "group: a@b.example, c@d.example;",
        "x" * 10_000 + "@example.org",
        "undisclosed-recipients:;",
        '"\\" <a@b>"@evil.example',
    ]
    for index, sender in enumerate(forged):
        yield f"forged-from-{index}", partial(plain, From=sender, Return_Path="<bounce@evil.example>")
    yield (
        "forged-sender-and-reply-to",
        lambda: assemble(
            [*headers_block(), ("Sender", "attacker@evil.example"), ("Reply-To", "attacker@evil.example")],
            _ACK_BODY.encode(),
        ),
    )
    yield (
        "forged-bounce",
        lambda: with_multipart(
            [
                part("text/plain", b"Delivery has failed to these recipients."),
                part("message/delivery-status", b"Reporting-MTA: dns; evil\r\n\r\nAction: failed\r\n"),
                part("message/rfc822", plain(Message_ID="<request-1@example.org>")),
            ],
            Content_Type='multipart/report; report-type=delivery-status; boundary="b0undary"',
            From="MAILER-DAEMON@evil.example",
        ),
    )


def _nested_multipart(depth: int) -> bytes:
    body = part("text/plain", b"the innermost text")
    for level in range(depth):
        body = part(f'multipart/mixed; boundary="level{level}"', multipart([body], f"level{level}"))
    return with_multipart([body])


def _nested_rfc822(depth: int) -> bytes:
    message = plain()
    for _ in range(depth):
        message = assemble(
            headers_block(Content_Type="message/rfc822", Content_Transfer_Encoding=None), message
        )
    return message


def _structure_cases() -> Iterator[Case]:
    for depth in (50, 200, 1000):
        yield f"nested-multipart-{depth}", partial(_nested_multipart, depth)
        yield f"nested-rfc822-{depth}", partial(_nested_rfc822, depth)
    yield "10000-sibling-parts", lambda: with_multipart([part("text/plain", b"x")] * 10_000)
    yield "multipart-without-boundary", lambda: plain(Content_Type="multipart/mixed")
    yield (
        "multipart-empty-boundary",
        lambda: plain(body=b"--\r\nx\r\n----\r\n", Content_Type='multipart/mixed; boundary=""'),
    )
    yield "boundary-never-closed", lambda: with_multipart([part("text/plain", b"a")])[:-14]
    yield "boundary-never-opened", lambda: plain(Content_Type='multipart/mixed; boundary="zz"')
    yield "boundary-with-nul", lambda: with_multipart([part("text/plain", b"a")], boundary="a\x00b")
    yield (
        "multipart-with-base64-cte",
        lambda: with_multipart([part("text/plain", b"a")], Content_Transfer_Encoding="base64"),
    )
    yield "message-rfc822-not-a-message", lambda: with_multipart([part("message/rfc822", b"\xff" * 1000)])
    yield (
        "attachment-filename-traversal",
        lambda: with_multipart(
            [
                part("text/plain", _ACK_BODY.encode()),
                part(
                    'application/pdf; name="../../../../etc/cron.d/x"',
                    base64.encodebytes(b"%PDF-1.4 junk"),
                    "base64",
                    'Content-Disposition: attachment; filename="..\\..\\x.exe"; '
                    "filename*=utf-8''%00%2F\r\n",
                ),
            ]
        ),
    )


def _with_attachment(body: bytes) -> bytes:
    return with_multipart([part("text/plain", b"see attached"), part("application/pdf", body, "base64")])


def _encoding_cases() -> Iterator[Case]:
    bogus_base64 = {
        "invalid-chars": b"!!!!@@@@####$$$$\r\n",
        "bad-padding": b"SGVsbG8===\r\n=\r\n",
        "truncated": base64.encodebytes(_ACK_BODY.encode())[:-7],
        "one-char": b"A",
        "whitespace-only": b" \r\n\t\r\n",
        "huge-line": b"QUJD" * 500_000,
    }
    for name, body in bogus_base64.items():
        yield f"bogus-base64-{name}", partial(plain, body, Content_Transfer_Encoding="base64")
        yield (
            f"bogus-base64-attachment-{name}",
            partial(_with_attachment, body),
        )
    bogus_qp = {
        "bad-escape": b"caf=E9 =ZZ =G1 =\r\n=",
        "soft-break-at-end": b"a=\r\n=\r\n=",
        "long-soft-lines": b"x" * 100_000 + b"=\r\n" + b"y" * 100_000,
        "encoded-nul-crlf": b"a=00b=0D=0ABcc: x@evil.example",
    }
    for name, body in bogus_qp.items():
        yield f"bogus-qp-{name}", partial(plain, body, Content_Transfer_Encoding="quoted-printable")


def _size_cases() -> Iterator[Case]:
    yield (
        "attachment-20MB",
        lambda: with_multipart(
            [
                part("text/plain", _ACK_BODY.encode()),
                part(
                    'application/octet-stream; name="big.bin"',
                    base64.encodebytes(random.Random(7).randbytes(20 * MB)),
                    "base64",
                ),
            ]
        ),
    )
    yield "text-part-20MB", lambda: plain(body=(b"The information is withheld. " * (20 * MB // 29)))
    yield "line-5MB-no-newline-body", lambda: plain(body=b"A" * (5 * MB))
    yield "line-5MB-subject", lambda: plain(Subject="S" * (5 * MB))
    yield "message-5MB-without-any-newline", lambda: b"From: a@b.example Subject: x " + b"z" * (5 * MB)
    yield (
        "references-50000-ids",
        lambda: plain(References=" ".join(f"<id{i}@x.example>" for i in range(50_000))),
    )
    yield "to-20000-addresses", lambda: plain(To=", ".join(f"u{i}@example.org" for i in range(20_000)))
    yield (
        "to-20000-folded-addresses",
        lambda: plain(To=",\r\n ".join(f"u{i}@example.org" for i in range(20_000))),
    )
    yield (
        "to-20000-folded-raw-8bit-names",
        lambda: plain(
            To=",\r\n ".join(_raw_8bit(f"Zoë {i} <z{i}@example.org>", "utf-8") for i in range(20_000))
        ),
    )
    yield (
        "cc-20000-quoted-names",
        lambda: plain(Cc=", ".join(f'"Officer {i}, Team" <officer{i}@example.org>' for i in range(20_000))),
    )
    yield (
        "reply-to-20000-addresses",
        lambda: plain(Reply_To=", ".join(f"r{i}@example.org" for i in range(20_000))),
    )
    yield "content-type-20000-params", lambda: plain(Content_Type="text/plain" + "; p=v" * 20_000)
    yield (
        "html-5MB-deep-tags",
        lambda: plain(
            body=b"<div>" * 200_000 + b"respond by 1 April" + b"</div>" * 200_000,
            Content_Type="text/html; charset=utf-8",
        ),
    )


def _binary_cases() -> Iterator[Case]:
    samples = {
        "empty": b"",
        "one-byte": b"x",
        "only-newlines": b"\r\n" * 1000,
        "only-nul": b"\x00" * 10_000,
        "nul-in-headers": plain(Subject="a\x00b", From="foi\x00@council.example.gov.uk"),
        "nul-in-body": plain(body=b"respond\x00 by\x00 1 April" * 100),
        "png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
        "elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 4000,
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n" * 200,
        "zip": b"PK\x03\x04" + b"\x00" * 26 + b"\xff" * 2000,
        "utf16-bom-email": "\ufeff".encode("utf-16") + plain().decode().encode("utf-16-le"),
        "headers-only": assemble(headers_block(), b"")[:-2],
        "body-only": _ACK_BODY.encode() * 20,
        "mbox-from-line": b"From foi@council.example.gov.uk Mon Mar  4 10:15:00 2024\n" + plain(),
        "http-response": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    }
    for name, data in samples.items():
        yield f"binary-{name}", partial(bytes, data)
    for seed in range(40):
        yield (
            f"random-bytes-{seed}",
            partial(_random_bytes, seed),
        )


def hand_made() -> Iterator[Case]:
    """The hand-written hostile cases (about 750, a few of them many megabytes)."""
    yield from _charset_cases()
    yield from _header_cases()
    yield from _raw_8bit_cases()
    yield from _forged_cases()
    yield from _structure_cases()
    yield from _encoding_cases()
    yield from _size_cases()
    yield from _binary_cases()


# -- seeded mutants of plausible mail ---------------------------------------------------------

_TEMPLATES: list[Build] = [
    plain,
    lambda: plain(
        body=b"<html><body><p>Please <b>clarify</b> your request within 20 working days.</p></body></html>",
        Content_Type="text/html; charset=utf-8",
    ),
    lambda: with_multipart(
        [
            part("text/plain; charset=utf-8", _ACK_BODY.encode()),
            part('application/pdf; name="response.pdf"', base64.encodebytes(b"%PDF-1.4 " * 200), "base64"),
        ]
    ),
    lambda: with_multipart(
        [
            part("text/plain", b"Your message could not be delivered."),
            part("message/rfc822", plain(Message_ID="<request-1@example.org>")),
        ],
        Content_Type='multipart/report; report-type=delivery-status; boundary="b0undary"',
    ),
]
_INSERTS = [
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n\r\n",
    b"--b0undary\r\n",
    b"=?",
    b"?=",
    b"\xff\xfe",
    b":",
    b"=\r\n",
    b"\t",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Apply one to four random byte-level mutations."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(buf) + 1)
        action = rng.randrange(6)
        if action == 0 and buf:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif action == 1:  # delete a run
            del buf[at : at + rng.randint(1, 200)]
        elif action == 2:  # duplicate a run
            buf[at:at] = buf[at : at + rng.randint(1, 500)] * rng.randint(2, 5)
        elif action == 3:  # insert a structural token
            buf[at:at] = rng.choice(_INSERTS) * rng.randint(1, 10)
        elif action == 4:  # truncate
            del buf[at:]
        else:  # swap two lines
            lines = bytes(buf).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            buf = bytearray(b"\n".join(lines))
    return bytes(buf)


def mutants(count: int, seed: int = 1) -> Iterator[Case]:
    """`count` deterministic mutants of the plausible templates."""
    for index in range(count):

        def build(index: int = index) -> bytes:
            rng = random.Random(seed * 1_000_003 + index)
            return mutate(_TEMPLATES[index % len(_TEMPLATES)](), rng)

        yield f"mutant-{seed}-{index}", build


def corpus(mutant_count: int = 400) -> Iterator[Case]:
    """Every hand-made case, then the seeded mutants: well over 1,000 cases in all."""
    yield from hand_made()
    yield from mutants(mutant_count)


def strings_in(value: object) -> Iterator[str]:
    """Every str inside a value (a Mail, its tuples, dicts and dataclasses), for validity checks."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings_in(getattr(value, field.name))


# -- hypothesis strategies --------------------------------------------------------------------

_header_names = st.sampled_from(
    [
        "From",
        "To",
        "Cc",
        "Subject",
        "Date",
        "Message-ID",
        "In-Reply-To",
        "References",
        "Reply-To",
        "Content-Type",
        "Content-Transfer-Encoding",
        "MIME-Version",
        "Auto-Submitted",
        "Precedence",
        "Delivered-To",
        "Return-Path",
        "X-Failed-Recipients",
        "Received",
    ]
) | st.text(min_size=0, max_size=30)
_header_values = st.lists(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    | st.sampled_from(["\r", "\n", "\r\n", "\x00", "=?utf-8?B?", "=?x?Q?=0D=0A", "?=", "<", ">", "@", ";"])
    | st.sampled_from(
        ["\udce9", "\udc96", "\udcc3\udca9", "\udcff"]
    ),  # raw 8-bit bytes (cp1252, utf-8, junk)
    max_size=12,
).map("".join)
_charsets = st.sampled_from([*_CHARSETS[:12], "utf-8", "iso-8859-1", "koi8-r", "big5"])
_ctes = st.sampled_from(_ENCODINGS)


@st.composite
def _mime_tree(draw: st.DrawFn, depth: int = 0) -> bytes:
    if depth < 4 and draw(st.booleans()):
        boundary = draw(st.text(alphabet="abcXYZ0123'()+_,-./:=? ", min_size=0, max_size=40))
        children = draw(st.lists(_mime_tree(depth + 1), min_size=0, max_size=4))
        subtype = draw(st.sampled_from(["mixed", "alternative", "related", "report", "signed"]))
        return part(f'multipart/{subtype}; boundary="{boundary}"', multipart(children, boundary))
    content_type = draw(st.sampled_from(["text/plain", "text/html", "message/rfc822", "application/pdf"]))
    charset = draw(_charsets)
    body = draw(
        st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass"))
    )
    return part(f'{content_type}; charset="{charset}"', body, draw(_ctes))


@st.composite
def hostile_message(draw: st.DrawFn) -> bytes:
    """A random, usually broken, message: hostile headers over a random MIME tree, or junk."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=5000))
    headers = draw(st.lists(st.tuples(_header_names, _header_values), max_size=20))
    eol = draw(st.sampled_from([b"\r\n", b"\n", b"\r"]))
    return assemble(headers, draw(_mime_tree()), eol=eol)
