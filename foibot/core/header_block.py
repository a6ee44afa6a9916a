"""Header text made safe for the email package: raw 8-bit bytes decoded, huge values capped.

Two holes in the stdlib parser are closed here, before it parses:
- raw 8-bit header bytes (RFC 6532 UTF-8, or Latin-1/Windows-1252 sent raw) become surrogate
  escapes that SQLite refuses: each such header is decoded as UTF-8 when valid, else as
  Windows-1252, as mail clients do (`decode_header_block`); escapes that still get through
  (part headers, broken encoded-words) are repaired the same way (`repair_surrogates`);
- the stdlib's structured-header parser is superlinear (a 20,000-address To: takes seconds and
  ~180 MB): address headers keep their first few kilobytes of whole addresses, other structured
  headers their first 2-8 KB (`cap_header_value`).
Well-formed mail (an ASCII header block, values of normal size) costs one `isascii()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MAX_ADDRESS_HEADER_CHARS = 4096  # ~70 named addresses; matching reads the first few only
MAX_SUBJECT_CHARS = 8192  # Mail keeps 2,000 chars: enough even as base64 encoded-words
MAX_STRUCTURED_HEADER_CHARS = 2048  # Content-Type & co.: the stdlib's parameter parser is the slowest

_ADDRESS_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "sender",
        "resent-from",
        "resent-to",
        "resent-cc",
        "resent-sender",
    }
)
# Other headers the email package parses when parse.py reads a Mail.
_READ_STRUCTURED_HEADERS = frozenset(
    {"subject", "content-type", "content-disposition", "content-transfer-encoding"}
)
# A header-block line as the stdlib feedparser sees one (its headerRE): the block ends at the
# first line that is not one of these.
_HEADER_LINE = re.compile(rb"From |[\041-\071\073-\176]*:|[\t ]")
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
# A quoted string, maybe cut short (its commas do not separate addresses), or a separating comma.
_QUOTED_OR_COMMA = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\Z)|,', re.DOTALL)
_SURROGATES = re.compile("[\ud800-\udfff]")


def decode_header_block(raw: bytes, note: Callable[[str], None]) -> str | None:
    """The message as text for `email.parser.Parser`, or None when its header block is ASCII.

    The body stays as the stdlib's BytesParser keeps it (ASCII with surrogate escapes), so
    8-bit body parts still decode with their own charsets.
    """
    if raw.isascii():  # most mail (7bit, quoted-printable, base64): faster than finding the end
        return None
    end = raw.find(b"\r\n\r\n")
    end = raw.find(b"\n\n") if end < 0 else end
    block = raw if end < 0 else raw[:end]  # ends at or after the real end of the header block
    if block.isascii():
        return None
    pieces: list[str] = []
    position = 0
    for header in _headers(raw):
        position += len(header)
        if header.isascii():
            pieces.append(header.decode("ascii"))
            continue
        text, charset = decode_8bit(header)
        pieces.append(text)
        name = header.split(b":", 1)[0].strip()[:40].decode("ascii", "replace")
        note(f"raw 8-bit {name} header decoded as {charset}")
    return "".join(pieces) + raw[position:].decode("ascii", "surrogateescape")


def cap_header_value(name: str, value: str) -> str:
    """A structured header's value cut to what the stdlib parses quickly (whole addresses kept)."""
    key = name.lower()
    if len(value) <= _cap(key):
        return value
    if key not in _ADDRESS_HEADERS:
        return value[: _cap(key)]
    head = value[:MAX_ADDRESS_HEADER_CHARS]
    commas = [m.start() for m in _QUOTED_OR_COMMA.finditer(head) if m.group() == ","]
    return head[: commas[-1]] if commas else head


def truncation_note(name: str, raw_value: str) -> str | None:
    """The problem note for a header `cap_header_value` cuts when it is read (else None)."""
    key = name.lower()
    if key not in _ADDRESS_HEADERS and key not in _READ_STRUCTURED_HEADERS:
        return None  # never parsed as a structured header, so never cut
    value = raw_value.replace("\r", "").replace("\n", "")  # as the email package unfolds it
    if len(value) <= _cap(key):
        return None
    if key in _ADDRESS_HEADERS:
        return f"{name}: header truncated ({value.count('@'):,} addresses)"
    return f"{name}: header truncated ({len(value):,} characters)"


def _cap(key: str) -> int:
    if key in _ADDRESS_HEADERS:
        return MAX_ADDRESS_HEADER_CHARS
    return MAX_SUBJECT_CHARS if key == "subject" else MAX_STRUCTURED_HEADER_CHARS


def repair_surrogates(text: str) -> str:
    """`text` with surrogate escapes (raw 8-bit bytes kept by the email package) decoded.

    Other lone surrogates (from exotic codecs such as utf-7) become U+FFFD: the result always
    encodes as UTF-8.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return decode_8bit(text.encode("utf-8", "surrogateescape"))[0]
        except UnicodeEncodeError:
            return _SURROGATES.sub("\ufffd", text)
    return text


def decode_8bit(data: bytes) -> tuple[str, str]:
    """(text, charset): raw 8-bit bytes as UTF-8 when valid, else as Windows-1252 (as clients do)."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), "windows-1252"


def _headers(raw: bytes) -> list[bytes]:
    """The header block's headers, each with its continuation lines and line endings."""
    headers: list[list[bytes]] = []  # lines joined at the end: a header may fold 20,000 times
    for match in _LINE.finditer(raw):
        line = match.group()
        if not _HEADER_LINE.match(line):
            break
        if headers and line[:1] in (b" ", b"\t"):
            headers[-1].append(line)
        else:
            headers.append([line])
    return [b"".join(lines) for lines in headers]
