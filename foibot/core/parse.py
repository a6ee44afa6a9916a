"""Raw RFC 5322 bytes -> `Mail`, robustly: `parse_mail` never raises.

Real authority mail is messy: lying or unknown charsets, HTML-only bodies, deep multiparts,
broken Date and address headers, bounces wrapping the original. Every problem becomes a short
note in `Mail.problems` and parsing carries on with what it has (email-tech.md §6).
Attachments are listed (name, type, size) but never decoded.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import email.errors
import functools
import re
from collections.abc import Callable
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser, Parser
from email.utils import getaddresses, parsedate_to_datetime

from foibot.core.header_block import (
    MAX_STRUCTURED_HEADER_CHARS,
    cap_header_value,
    decode_header_block,
    repair_surrogates,
    truncation_note,
)
from foibot.core.model import Attachment, Mail
from foibot.core.text import MAX_TEXT_CHARS, html_to_text, split_reply

MAX_DEPTH = 20  # MIME nesting levels walked
MAX_PARTS = 500  # MIME parts walked
_MAX_TEXT_BYTES = 4 * MAX_TEXT_CHARS  # bytes decoded per text part (utf-8 is <= 4 bytes/char)
_OVERSIZE_BODY_BYTES = 1_000_000  # body bytes kept from a message over max_bytes
_MAX_PROBLEMS = 20
_MAX_HEADER_CHARS = 2000

# Headers classification and matching read, beyond the ones with their own Mail field.
_KEPT_HEADERS = frozenset(
    {
        "auto-submitted",
        "precedence",
        "x-autoreply",
        "x-autorespond",
        "x-auto-response-suppress",
        "return-path",
        "content-type",
        "x-failed-recipients",
        "x-ms-exchange-message-is-ndr",
        "x-ms-exchange-generated-message-source",
        "list-id",
        "list-unsubscribe",
        "list-post",
        "x-loop",
        "x-post-messageclass",
        "x-fc-machinegenerated",
        "x-mailer",
        "user-agent",
        "auto-reply-from",
        "x-original-to",
        "delivered-to",
        "message-id",
        "in-reply-to",
        "references",
        "reply-to",
        "sender",
        "x-mailgun-sflag",
        "x-spam-flag",
    }
)
# Discourse's auto-generated header-name test (email-tech.md §4), kept so new vendors' names count.
_AUTO_HEADER_NAME = re.compile(
    r"auto[-_]?(?:response|submitted|replied|reply|generated|respond)|holidayreply|machinegenerated",
    re.IGNORECASE,
)
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]+")
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_BARE_MSG_ID = re.compile(r"[^<>\s@]+@[^<>\s@]+")
_ADDR_SPEC = re.compile(r"[^@\s<>()\[\],;:\\\"]+@[^@\s<>()\[\],;:\\\"]+\.[^@\s<>()\[\],;:\\\".]+")
_CHARSET_ALIASES = {"ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-1": "cp1252", "latin-1": "cp1252"}
# Codecs whose decoded text never holds lone surrogates (others, e.g. utf-7, are repaired).
_SURROGATE_FREE_CODECS = frozenset({"utf-8", "cp1252"})
_REPLACEMENT_SHARE = 0.01  # more U+FFFD than this means the charset label lied
_MEMO_HEADER_CHARS = 200  # longer header values are parsed afresh (bounds the memo's memory)


class _MemoHeaderRegistry(HeaderRegistry):
    """policy.default's header factory, memoised: the same header objects, each built once.

    The stdlib builds a new class and re-parses the value on every `msg.get()` (Content-Type
    alone is parsed 5-10 times per part); header objects are immutable, so sharing is safe.
    Long values are capped first: the stdlib's header parser is superlinear in their length.
    """

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}
        self._memo = functools.lru_cache(maxsize=32)(super().__call__)

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found

    def __call__(self, name: str, value: str) -> BaseHeader:
        if not value.isascii():  # raw 8-bit bytes in a MIME part's header, or real Unicode
            value = repair_surrogates(value)
        if len(value) > _MEMO_HEADER_CHARS:
            return super().__call__(name, cap_header_value(name, value))
        return self._memo(name, value)


_POLICY = policy.default.clone(header_factory=_MemoHeaderRegistry())

# Errors the stdlib email package is known to raise from odd input. Named, so bugs elsewhere
# (and KeyboardInterrupt) still surface.
_EMAIL_ERRORS = (
    email.errors.MessageError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    IndexError,
    UnicodeError,
    AssertionError,
    RecursionError,
)


def parse_mail(raw: bytes, *, delivered_at: dt.datetime, max_bytes: int = 25_000_000) -> Mail:
    """Parse one raw message. Never raises: problems are listed in `Mail.problems`.

    `delivered_at` (the IMAP INTERNALDATE) stands in for a missing or broken Date header.
    Above `max_bytes` only the header block and the start of the body are parsed.
    """
    if delivered_at.tzinfo is None:
        delivered_at = delivered_at.replace(tzinfo=dt.UTC)
    problems = _Problems()
    raw = bytes(raw) if not isinstance(raw, bytes) else raw
    size = len(raw)
    try:
        return _parse(raw, size, delivered_at, max_bytes, problems)
    except _EMAIL_ERRORS as exc:
        problems.add(f"message could not be parsed ({type(exc).__name__}); kept as an empty mail")
        return _empty_mail(delivered_at, problems, size)


class _Problems:
    """Ordered, de-duplicated, capped list of problem notes."""

    def __init__(self) -> None:
        self._notes: dict[str, None] = {}

    def add(self, note: str) -> None:
        if len(self._notes) < _MAX_PROBLEMS:
            self._notes[repair_surrogates(note[:300])] = None

    def as_tuple(self) -> tuple[str, ...]:
        return tuple(self._notes)


def _empty_mail(delivered_at: dt.datetime, problems: _Problems, size: int) -> Mail:
    return Mail(
        message_id=None,
        in_reply_to=None,
        references=(),
        from_addr=None,
        from_name="",
        to=(),
        cc=(),
        reply_to=(),
        delivered_to=(),
        subject="",
        date=delivered_at,
        date_from_header=False,
        headers={},
        body="",
        new_text="",
        problems=problems.as_tuple(),
        size=size,
    )


def _parse(raw: bytes, size: int, delivered_at: dt.datetime, max_bytes: int, problems: _Problems) -> Mail:
    if not raw.strip():
        problems.add("empty message")
        return _empty_mail(delivered_at, problems, size)
    if size > max_bytes:
        raw = _headers_and_body_start(raw)
        problems.add(f"message is {size} bytes, over the {max_bytes}-byte limit: parsed its start only")
    if b"\x00" in raw:
        raw = raw.replace(b"\x00", b"")
        problems.add("NUL bytes removed")
    text = decode_header_block(raw, problems.add)
    msg = (
        BytesParser(policy=_POLICY).parsebytes(raw) if text is None else Parser(policy=_POLICY).parsestr(text)
    )
    del text
    if not msg.keys():
        problems.add("no header block: this does not look like an email")
    for defect in msg.defects[:5]:
        problems.add(f"defect: {type(defect).__name__}")

    headers = _kept_headers(msg, problems)
    from_addrs, from_name = _addresses(msg, "from", problems)
    to_addrs, to_name = _addresses(msg, "to", problems)
    date, date_from_header = _date(msg, delivered_at, problems)
    walk = _walk(msg, problems)
    body = walk.body()
    split = split_reply(body)
    return Mail(
        message_id=_first_msg_id(headers.get("message-id", "")),
        in_reply_to=_first_msg_id(headers.get("in-reply-to", "")),
        references=_msg_ids(headers.get("references", "")),
        from_addr=from_addrs[0] if from_addrs else None,
        from_name=from_name,
        to=to_addrs,
        cc=_addresses(msg, "cc", problems)[0],
        reply_to=_addresses(msg, "reply-to", problems)[0],
        delivered_to=_delivered_to(msg, problems),
        subject=_clean_header(_header_str(msg, "subject", problems)),
        date=date,
        date_from_header=date_from_header,
        headers=headers,
        body=body,
        new_text=split.new,
        attachments=tuple(walk.attachments),
        embedded_message_ids=tuple(dict.fromkeys(walk.embedded_ids)),
        part_types=tuple(walk.part_types),
        problems=problems.as_tuple(),
        size=size,
        to_name=to_name,
    )


def _headers_and_body_start(raw: bytes) -> bytes:
    """The header block plus the first part of the body: bounded memory for huge messages."""
    end = raw.find(b"\r\n\r\n")
    end = raw.find(b"\n\n") if end < 0 else end
    end = len(raw) if end < 0 else end
    header_end = min(end, _OVERSIZE_BODY_BYTES)
    return raw[: header_end + _OVERSIZE_BODY_BYTES]


# ---------------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------------


def _clean_header(value: str, *, keep_end: bool = False) -> str:
    """One line, no control characters (CR/LF/NUL/ESC), bounded length, valid Unicode.

    `keep_end` keeps the last characters of an over-long value instead of the first.
    """
    line = " ".join(_CONTROL_CHARS.sub(" ", repair_surrogates(value)).split())
    return line[-_MAX_HEADER_CHARS:] if keep_end else line[:_MAX_HEADER_CHARS]


def _decode_raw_header(value: str, *, keep_end: bool = False) -> str:
    """An unparsed header value (raw_items) as text: unfolded, encoded-words decoded."""
    if "=?" in value:
        with contextlib.suppress(*_EMAIL_ERRORS):  # keep the raw text: still useful for matching
            value = str(make_header(decode_header(value)))
    return _clean_header(value, keep_end=keep_end)


def _kept_headers(msg: Message, problems: _Problems) -> dict[str, str]:
    # raw_items avoids building a header object per header (Received chains can be long).
    headers: dict[str, str] = {}
    for name, value in msg.raw_items():
        if len(value) > MAX_STRUCTURED_HEADER_CHARS:  # the smallest cap
            note = truncation_note(name.strip(), str(value))
            if note:
                problems.add(note)
        key = name.lower().strip()
        if key in _KEPT_HEADERS or _AUTO_HEADER_NAME.search(key):
            # References lists the oldest message first: a long one keeps its newest ids.
            text = _decode_raw_header(str(value), keep_end=key == "references")
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers


def _header_str(msg: Message, name: str, problems: _Problems) -> str:
    try:
        value = msg.get(name)
    except _EMAIL_ERRORS as exc:
        problems.add(f"unreadable {name} header ({type(exc).__name__})")
        raw = next((v for k, v in msg.raw_items() if k.lower() == name), "")
        return _decode_raw_header(str(raw))
    return "" if value is None else str(value)


def _msg_ids(value: str) -> tuple[str, ...]:
    value = repair_surrogates(value)
    ids = [f"<{m}>" for m in _MSG_ID.findall(value)]
    if not ids:
        ids = [f"<{m}>" for m in _BARE_MSG_ID.findall(value)]
    return tuple(dict.fromkeys(i[:998] for i in ids))


def _first_msg_id(value: str) -> str | None:
    ids = _msg_ids(value)
    return ids[0] if ids else None


def valid_address(addr: str) -> str | None:
    """The lower-cased addr-spec if it is one (exactly one @, a dotted domain), else None."""
    addr = repair_surrogates(addr.strip().lower())
    return addr if len(addr) <= 320 and _ADDR_SPEC.fullmatch(addr) else None


def _addresses(msg: Message, name: str, problems: _Problems) -> tuple[tuple[str, ...], str]:
    """(valid addr-specs, first display name) of an address header."""
    try:
        values = msg.get_all(name) or []
        parsed: list[tuple[str, str]] = []
        for header in values:
            groups = getattr(header, "addresses", None)
            if groups is None:  # not a structured header object: fall back to getaddresses
                parsed.extend(getaddresses([str(header)]))
            else:
                parsed.extend((a.display_name, a.addr_spec) for a in groups)
    except _EMAIL_ERRORS as exc:
        problems.add(f"unreadable {name} header ({type(exc).__name__})")
        raw = [str(v) for k, v in msg.raw_items() if k.lower() == name]
        parsed = getaddresses(raw)
    valid: list[str] = []
    display = ""
    # An unquoted comma in a display name ("FOI, Some Council <foi@x.gov.uk>") splits it into
    # address-less pieces: glue them back onto the next real address instead of reporting them.
    pending: list[str] = []
    for display_name, spec in parsed:
        addr = valid_address(spec)
        if addr is None:
            piece = (display_name or spec).strip()
            if "@" in spec:
                problems.add(f"invalid address in {name}: {_clean_header(spec)[:80]!r}")
            elif piece:
                pending.append(piece)
            continue
        if not valid:
            display = _clean_header(", ".join([*pending, display_name] if display_name else pending))
        pending.clear()
        valid.append(addr)
    if pending:
        problems.add(f"invalid address in {name}: {_clean_header(', '.join(pending))[:80]!r}")
    return tuple(dict.fromkeys(valid)), display


def _delivered_to(msg: Message, problems: _Problems) -> tuple[str, ...]:
    found: list[str] = []
    for name in ("delivered-to", "x-original-to"):
        raw = [_decode_raw_header(str(v)) for k, v in msg.raw_items() if k.lower() == name]
        for _, spec in getaddresses(raw):
            addr = valid_address(spec)
            if addr is None:
                problems.add(f"invalid address in {name}: {spec[:80]!r}")
            else:
                found.append(addr)
    return tuple(dict.fromkeys(found))


def _date(msg: Message, delivered_at: dt.datetime, problems: _Problems) -> tuple[dt.datetime, bool]:
    raw = next((str(v) for k, v in msg.raw_items() if k.lower() == "date"), None)
    if raw is None:
        problems.add("no Date header: using the delivery time")
        return delivered_at, False
    try:
        parsed = parsedate_to_datetime(_clean_header(raw))
    except _EMAIL_ERRORS:
        parsed = None
    if parsed is None or parsed.year < 1970 or parsed.year > 9000:
        problems.add("unreadable Date header: using the delivery time")
        return delivered_at, False
    if parsed.tzinfo is None:  # "-0000": UTC, local zone unknown (RFC 5322 §3.3)
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed, True


# ---------------------------------------------------------------------------------------------
# Body structure
# ---------------------------------------------------------------------------------------------


class _Walk:
    """What one pass over the MIME tree collects."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html: list[str] = []
        self.attachments: list[Attachment] = []
        self.part_types: list[str] = []
        self.embedded_ids: list[str] = []
        self.problems: list[str] = []

    def body(self) -> str:
        plain = "\n\n".join(t for t in self.plain if t.strip())
        if plain.strip():
            return _tidy(plain)
        html = "\n\n".join(t for t in self.html if t.strip())
        if not html:
            return ""
        return _tidy(html_to_text(html))


def _tidy(text: str) -> str:
    text = text[:MAX_TEXT_CHARS]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _walk(msg: Message, problems: _Problems) -> _Walk:
    walk = _Walk()
    stack: list[tuple[Message, int]] = [(msg, 0)]
    while stack:
        part, depth = stack.pop()
        if len(walk.part_types) >= MAX_PARTS:
            problems.add(f"more than {MAX_PARTS} MIME parts: the rest were skipped")
            break
        ctype = _content_type(part)
        walk.part_types.append(ctype)
        if part.is_multipart():
            children = part.get_payload()
            if not isinstance(children, list):
                continue
            if ctype == "message/rfc822" or ctype.startswith("message/"):
                for inner in children:
                    if isinstance(inner, Message):
                        _embedded(inner, walk)
                continue
            if depth >= MAX_DEPTH:
                problems.add(f"MIME nesting deeper than {MAX_DEPTH}: inner parts skipped")
                continue
            stack.extend((child, depth + 1) for child in reversed(children) if isinstance(child, Message))
            continue
        _leaf(part, ctype, walk, problems)
    return walk


def _content_type(part: Message) -> str:
    try:
        return repair_surrogates(part.get_content_type())
    except _EMAIL_ERRORS:
        return "application/octet-stream"


def _embedded(inner: Message, walk: _Walk) -> None:
    walk.embedded_ids.extend(_msg_ids(str(inner.get("message-id", ""))))


def _leaf(part: Message, ctype: str, walk: _Walk, problems: _Problems) -> None:
    try:
        disposition = part.get_content_disposition()
        filename = part.get_filename()
    except _EMAIL_ERRORS:
        disposition, filename = None, None
    if ctype == "text/rfc822-headers":
        _rfc822_headers(part, walk)
        return
    if ctype == "message/delivery-status":
        return  # structured bounce data: classification reads it from part_types and headers
    is_text = ctype in ("text/plain", "text/html")
    if disposition == "attachment" or (filename and not is_text) or not is_text:
        walk.attachments.append(
            Attachment(filename=_clean_header(filename or ""), content_type=ctype, size=_encoded_size(part))
        )
        return
    text = _decoded_text(part, problems)
    (walk.html if ctype == "text/html" else walk.plain).append(text)


def _rfc822_headers(part: Message, walk: _Walk) -> None:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(payload[:_OVERSIZE_BODY_BYTES])
        walk.embedded_ids.extend(_msg_ids(str(headers.get("message-id", ""))))


def _encoded_size(part: Message) -> int:
    payload = part.get_payload()
    if not isinstance(payload, str):
        return 0
    if str(part.get("content-transfer-encoding", "")).strip().lower() == "base64":
        return len("".join(payload.split())) * 3 // 4
    return len(payload)


def _decoded_text(part: Message, problems: _Problems) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    try:
        declared = part.get_content_charset()
    except _EMAIL_ERRORS:
        declared = None
    text = decode_bytes(payload[:_MAX_TEXT_BYTES], declared, problems.add)
    if len(payload) > _MAX_TEXT_BYTES:
        problems.add(f"text part over {_MAX_TEXT_BYTES} bytes: cut")
    return text.replace("\x00", "")


def decode_bytes(data: bytes, declared: str | None, note: Callable[[str], None] | None = None) -> str:
    """Text from bytes: the declared charset, then utf-8, then cp1252; never raises.

    A label that lies (utf-8 declared on latin-1 bytes) shows as U+FFFD; above ~1% of the
    text, the next candidate is tried. 8-bit text labelled ASCII, Latin-1 or Windows-1252
    that is valid UTF-8 is UTF-8 (a misconfigured sender; Latin-1 prose is never valid UTF-8).
    The result is always valid Unicode (no lone surrogates).
    """
    candidates: list[str] = []
    label = (declared or "").strip().strip("\"'").lower()
    if label:
        try:
            candidates.append(codecs.lookup(_CHARSET_ALIASES.get(label, label)).name)
        except LookupError:
            if note:
                note(f"unknown charset {label[:40]!r}: decoded as utf-8/cp1252")
    if candidates == ["cp1252"] and not data.isascii():
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode("utf-8")
            if note:
                note(f"8-bit text labelled {label[:40]!r} is utf-8: decoded as utf-8")
            return text
    for fallback in ("utf-8", "cp1252"):
        if fallback not in candidates:
            candidates.append(fallback)
    best = ""
    for charset in candidates:
        try:
            text = data.decode(charset, errors="replace")
        except LookupError:  # a codec that fails at use time
            continue
        if charset not in _SURROGATE_FREE_CODECS:
            text = repair_surrogates(text)
        bad = text.count("\ufffd")
        if bad <= len(text) * _REPLACEMENT_SHARE:
            return text
        if not best or bad < best.count("\ufffd"):
            best = text
        if note and charset == candidates[0]:
            note(f"text does not match its charset {charset!r}: re-decoded")
    return best
