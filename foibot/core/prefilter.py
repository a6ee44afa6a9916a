"""The cheap first pass of a mailbox scan: which messages deserve a full fetch? Pure.

Reads only a handful of headers (the watcher fetches them in batches). Errs on the side of
fetching: a false positive costs one body fetch and is classified as ordinary mail later; a
false negative would be a missed FOI reply. Candidates are mail from a known or listed
authority domain, replies to a known Message-ID, FOI-ish or reference-bearing subjects, replies
to a tracked subject, bounces and automatic replies, and - in the Sent folder - everything the
user sent to someone outside their own domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from typing import Literal

from foibot.core.matching import has_reply_prefix, normalise_subject, same_organisation

_FOI_SUBJECT = re.compile(
    r"\b(?:foi|foia|foisa|eir|eisr|freedom\s+of\s+information|information\s+request"
    r"|request\s+for\s+information|environmental\s+information|internal\s+review|subject\s+access)\b",
    re.IGNORECASE,
)
# Case-reference-like tokens: "FOI-2024-0193", "IR/12345", "REF 88123", "ref: CS1234".
_REFERENCE = re.compile(
    r"\b[A-Z]{1,6}[-/ ]?\d{2,}(?:[-/]\d+)+\b|\b(?:ref(?:erence)?|case|our\s+ref)\b\W{0,3}[A-Z]*\d{3,}",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(r"^(?:mailer-daemon|postmaster)@|^microsoftexchange[0-9a-f]*@", re.IGNORECASE)
_AUTOMATIC_HEADERS = ("x-autoreply", "x-autorespond", "x-failed-recipients", "x-ms-exchange-message-is-ndr")
_MSGID = re.compile(r"<[^<>\s]+>")
_parser = BytesHeaderParser(policy=compat32)  # compat32: much faster than policy.default for a pre-filter


@dataclass(frozen=True, slots=True)
class Known:
    """What the store already knows, so replies and authority mail can be recognised."""

    authority_domains: frozenset[str] = frozenset()  # from tracked requests and [policy]
    message_ids: frozenset[str] = frozenset()  # "<id@host>" of processed or sent messages
    subject_keys: frozenset[str] = frozenset()  # normalised subjects of tracked requests
    owner_domains: frozenset[str] = frozenset()  # the user's own domain(s)


def is_candidate(header_block: bytes, role: Literal["inbox", "sent"], known: Known) -> str | None:
    """Why this message should be fetched in full, or None to skip it."""
    headers = _parser.parsebytes(header_block)
    if role == "sent":
        return _sent_reason(headers, known)
    return _inbox_reason(headers, known)


def _inbox_reason(headers: Message, known: Known) -> str | None:
    sender = _first_address(headers, "from")
    domain = sender.rpartition("@")[2]
    if domain and any(same_organisation(domain, listed) for listed in known.authority_domains):
        return "authority domain"
    threaded = _MSGID.findall(f"{headers.get('in-reply-to', '')} {headers.get('references', '')}")
    if any(msgid in known.message_ids for msgid in threaded):
        return "reply to a known message"
    subject = _decoded(headers.get("subject", ""))
    if _FOI_SUBJECT.search(subject):
        return "FOI subject"
    if _REFERENCE.search(subject):
        return "reference in subject"
    if has_reply_prefix(subject) and normalise_subject(subject) in known.subject_keys:
        return "reply to a tracked subject"
    return _automatic_reason(headers, sender)


def _automatic_reason(headers: Message, sender: str) -> str | None:
    auto_submitted = str(headers.get("auto-submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "automatic reply"
    if any(name in headers for name in _AUTOMATIC_HEADERS):
        return "automatic reply or bounce"
    if str(headers.get("precedence", "")).strip().lower() == "auto_reply":
        return "automatic reply"
    if (
        "report" in str(headers.get("content-type", "")).lower()
        and "multipart" in str(headers.get("content-type", "")).lower()
    ):
        return "delivery report"
    if _BOUNCE_SENDER.search(sender) or str(headers.get("return-path", "")).strip() == "<>":
        return "bounce"
    return None


def _sent_reason(headers: Message, known: Known) -> str | None:
    recipients = _addresses(headers, "to") + _addresses(headers, "cc")
    own = set(known.owner_domains)
    sender = _first_address(headers, "from")
    if sender:
        own.add(sender.rpartition("@")[2])
    if any(address.rpartition("@")[2] not in own for address in recipients):
        return "sent outside the user's domain"
    return None


def _addresses(headers: Message, name: str) -> list[str]:
    values = [str(v) for v in headers.get_all(name, [])]
    return [addr.lower() for _display, addr in getaddresses(values) if "@" in addr]


def _first_address(headers: Message, name: str) -> str:
    found = _addresses(headers, name)
    return found[0] if found else ""


def _decoded(value: object) -> str:
    text = str(value)
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError):
        return text
