"""Which tracked request an email belongs to, and how we know. Pure.

Strongest evidence first:
1. thread: In-Reply-To / References name a Message-ID of the request's thread;
   bounce: a delivery report's embedded original carries one of those Message-IDs;
2. reference: the authority's reference number (from the classifier, or written in the mail);
3. plus_tag: the requester wrote from `me+foi-12@...` and the reply came back to that tag;
4. subject: the same normalised subject from the authority's domain.
A tie at the same strength between different requests is no match: a wrong match is worse than
an unmatched message, which the user can attach by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from foibot.core.model import Mail

PLUS_TAG_PREFIX = "foi-"
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|sv|vs|wg|tr|antw|ynt|r|rif)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]]*\]|\([^)]*\bfwd?\b[^)]*\))\s*",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_REF_CHARS = re.compile(r"[^0-9a-z]")
_PLUS_TAG = re.compile(rf"\+{PLUS_TAG_PREFIX}(\d+)@", re.IGNORECASE)
MIN_REFERENCE_LENGTH = 5  # shorter strings ("FOI 12") are too common to identify a request
MIN_SUBJECT_LENGTH = 6


class MatchMethod(StrEnum):
    THREAD = "thread"
    BOUNCE = "bounce"
    REFERENCE = "reference"
    PLUS_TAG = "plus_tag"
    SUBJECT = "subject"
    MANUAL = "manual"  # `foibot attach`
    DISCOVERED = "discovered"  # the request itself, found in the Sent folder


@dataclass(frozen=True, slots=True)
class Candidate:
    """A tracked request, as matching sees it."""

    request_id: int
    authority_email: str
    subject_key: str  # normalise_subject(request subject)
    message_ids: frozenset[str]  # the request's own Message-ID and every message on its thread
    references: frozenset[str] = frozenset()  # the authority's reference numbers, as written

    @property
    def authority_domain(self) -> str:
        return self.authority_email.rpartition("@")[2]


@dataclass(frozen=True, slots=True)
class Match:
    request_id: int
    method: MatchMethod
    detail: str  # what matched, for the timeline


def normalise_subject(subject: str) -> str:
    """Strip Re:/Fwd:/AW:/SV:/[tags] repeatedly, casefold, collapse whitespace."""
    text = subject
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return _SPACE.sub(" ", text).strip().casefold()


def has_reply_prefix(subject: str) -> bool:
    return normalise_subject(subject) != _SPACE.sub(" ", subject).strip().casefold()


def normalise_reference(reference: str) -> str:
    return _REF_CHARS.sub("", reference.casefold())


def plus_tag(address: str, request_id: int) -> str:
    """The tagged form of `address` for a request: me@x -> me+foi-12@x."""
    local, _, domain = address.partition("@")
    return f"{local}+{PLUS_TAG_PREFIX}{request_id}@{domain}"


def same_organisation(domain: str | None, authority_domain: str) -> bool:
    """The authority's own domain, a subdomain of it, or a parent it is a subdomain of."""
    if not domain:
        return False
    a, b = domain.lower().rstrip("."), authority_domain.lower().rstrip(".")
    return a == b or a.endswith("." + b) or (b.endswith("." + a) and a.count(".") >= 2)


def _unique(hits: Iterable[tuple[int, str]], method: MatchMethod) -> Match | None:
    found: dict[int, str] = {}
    for request_id, detail in hits:
        found.setdefault(request_id, detail)
    if len(found) != 1:
        return None
    [(request_id, detail)] = found.items()
    return Match(request_id, method, detail)


def _by_thread(mail: Mail, candidates: Sequence[Candidate]) -> Match | None:
    parents = {mail.in_reply_to, *mail.references} - {None}
    match = _unique(
        ((c.request_id, f"thread {mid}") for c in candidates for mid in c.message_ids if mid in parents),
        MatchMethod.THREAD,
    )
    if match is not None:
        return match
    embedded = set(mail.embedded_message_ids)
    return _unique(
        ((c.request_id, f"bounced {mid}") for c in candidates for mid in c.message_ids if mid in embedded),
        MatchMethod.BOUNCE,
    )


def _by_reference(mail: Mail, reference: str | None, candidates: Sequence[Candidate]) -> Match | None:
    wanted = normalise_reference(reference) if reference else ""
    haystack = normalise_reference(f"{mail.subject} {mail.new_text or mail.body}")
    hits = []
    for candidate in candidates:
        for known in candidate.references:
            key = normalise_reference(known)
            if len(key) < MIN_REFERENCE_LENGTH:
                continue
            if key == wanted or key in haystack:
                hits.append((candidate.request_id, f"reference {known}"))
    return _unique(hits, MatchMethod.REFERENCE)


def _by_plus_tag(mail: Mail, candidates: Sequence[Candidate]) -> Match | None:
    known = {c.request_id for c in candidates}
    hits = []
    for address in (*mail.delivered_to, *mail.to, *mail.cc):
        found = _PLUS_TAG.search(address)
        if found and int(found.group(1)) in known:
            hits.append((int(found.group(1)), f"plus tag {address}"))
    return _unique(hits, MatchMethod.PLUS_TAG)


def _by_subject(mail: Mail, candidates: Sequence[Candidate]) -> Match | None:
    subject = normalise_subject(mail.subject)
    if len(subject) < MIN_SUBJECT_LENGTH:
        return None
    hits = [
        (c.request_id, f"subject {c.subject_key!r} from {mail.from_domain}")
        for c in candidates
        if len(c.subject_key) >= MIN_SUBJECT_LENGTH
        and (subject == c.subject_key or c.subject_key in subject)
        and same_organisation(mail.from_domain, c.authority_domain)
    ]
    return _unique(hits, MatchMethod.SUBJECT)


def match_mail(
    mail: Mail, candidates: Sequence[Candidate], *, reference: str | None = None, use_subject: bool = True
) -> Match | None:
    """The request `mail` belongs to, by the strongest evidence available; None if unsure."""
    return (
        _by_thread(mail, candidates)
        or _by_reference(mail, reference, candidates)
        or _by_plus_tag(mail, candidates)
        or (_by_subject(mail, candidates) if use_subject else None)
    )
