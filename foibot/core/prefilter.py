"""The cheap first pass of a mailbox scan: which messages deserve a full fetch? Pure.

Reads only a handful of headers (the watcher fetches them in batches). Errs on the side of
fetching: a false positive costs one body fetch and is classified as ordinary mail later; a
false negative would be a missed FOI reply. Candidates are mail from a known or listed
authority domain, replies to a known Message-ID, FOI-ish or reference-bearing subjects, replies
to a tracked subject, bounces and automatic replies, and - in the Sent folder - everything the
user sent to someone outside their own domain.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from email.header import decode_header, make_header
from typing import Literal

from foibot.core.matching import normalise_subject

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
_ADDRESS = re.compile(r"[A-Za-z0-9._%+=!#$&'*/?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ANGLE_ADDRESS = re.compile(r"<\s*([A-Za-z0-9._%+=!#$&'*/?^`{|}~-]+@[A-Za-z0-9.-]+)\s*>")


@dataclass(frozen=True, slots=True)
class Known:
    """What the store already knows, so replies and authority mail can be recognised."""

    authority_domains: frozenset[str] = frozenset()  # from tracked requests and [policy]
    message_ids: frozenset[str] = frozenset()  # "<id@host>" of processed or sent messages
    subject_keys: frozenset[str] = frozenset()  # normalised subjects of tracked requests
    owner_domains: frozenset[str] = frozenset()  # the user's own domain(s)


def is_candidate(header_block: bytes, role: Literal["inbox", "sent"], known: Known) -> str | None:
    """Why this message should be fetched in full, or None to skip it."""
    headers = parse_header_block(header_block)
    if role == "sent":
        return _sent_reason(headers, known)
    return _inbox_reason(headers, known)


def parse_header_block(block: bytes) -> dict[str, str]:
    """Lower-cased name -> unfolded value (repeated fields joined with ", ").

    Hand-rolled rather than `email.parser`: this runs on every message of a mailbox, and a
    pre-filter needs no MIME, only a few plain fields.
    """
    headers: dict[str, str] = {}
    name: str | None = None
    for line in block.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        if line[0] in " \t":
            if name is not None:
                headers[name] += " " + line.strip()
            continue
        field_name, colon, value = line.partition(":")
        if not colon:
            name = None
            continue
        name = field_name.strip().lower()
        headers[name] = f"{headers[name]}, {value.strip()}" if name in headers else value.strip()
    return headers


def _inbox_reason(headers: dict[str, str], known: Known) -> str | None:
    sender = _first_address(headers.get("from", ""))
    domain = sender.rpartition("@")[2]
    if domain and _known_organisation(domain, known.authority_domains):
        return "authority domain"
    threaded = _MSGID.findall(f"{headers.get('in-reply-to', '')} {headers.get('references', '')}")
    if any(msgid in known.message_ids for msgid in threaded):
        return "reply to a known message"
    subject = _decoded(headers.get("subject", ""))
    if _FOI_SUBJECT.search(subject):
        return "FOI subject"
    if _REFERENCE.search(subject):
        return "reference in subject"
    if normalise_subject(subject) in known.subject_keys:
        return "tracked subject"
    return _automatic_reason(headers, sender)


def _known_organisation(domain: str, listed: frozenset[str]) -> bool:
    """`any(same_organisation(domain, d) for d in listed)` by set lookups: this runs per message."""
    own, parents = _domain_index(listed)
    domain = domain.lower().rstrip(".")
    if domain in own or (domain in parents and domain.count(".") >= 2):
        return True
    return any(suffix in own for suffix in _parent_suffixes(domain))


@functools.lru_cache(maxsize=8)
def _domain_index(listed: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(the listed domains, every parent suffix of them), normalised as same_organisation does."""
    own = frozenset(d.lower().rstrip(".") for d in listed)
    parents = frozenset(suffix for d in own for suffix in _parent_suffixes(d))
    return own, parents


def _parent_suffixes(domain: str) -> list[str]:
    """What follows each "." of `domain`: "a.b.gov.uk" -> ["b.gov.uk", "gov.uk", "uk"]."""
    suffixes: list[str] = []
    dot = domain.find(".")
    while dot >= 0:
        suffixes.append(domain[dot + 1 :])
        dot = domain.find(".", dot + 1)
    return suffixes


def _automatic_reason(headers: dict[str, str], sender: str) -> str | None:
    auto_submitted = headers.get("auto-submitted", "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "automatic reply"
    if any(name in headers for name in _AUTOMATIC_HEADERS):
        return "automatic reply or bounce"
    if headers.get("precedence", "").strip().lower() == "auto_reply":
        return "automatic reply"
    content_type = headers.get("content-type", "").lower()
    if "multipart/report" in content_type:
        return "delivery report"
    if _BOUNCE_SENDER.search(sender) or headers.get("return-path", "").strip() == "<>":
        return "bounce"
    return None


def _sent_reason(headers: dict[str, str], known: Known) -> str | None:
    recipients = _ADDRESS.findall(f"{headers.get('to', '')}, {headers.get('cc', '')}".lower())
    own = set(known.owner_domains)
    sender = _first_address(headers.get("from", ""))
    if sender:
        own.add(sender.rpartition("@")[2])
    if any(address.rpartition("@")[2] not in own for address in recipients):
        return "sent outside the user's domain"
    return None


def _first_address(value: str) -> str:
    """The angle-bracketed address if there is one (a display name may contain "@"), else the first."""
    found = _ANGLE_ADDRESS.search(value) or _ADDRESS.search(value)
    if found is None:
        return ""
    return (found.group(1) if found.re is _ANGLE_ADDRESS else found.group(0)).lower()


def _decoded(text: str) -> str:
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError):
        return text
