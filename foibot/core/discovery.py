"""Finding requests in the Sent folder, naming their law, and reading the requester's own replies. Pure.

An outgoing message is a request when it goes to an external address and reads like one
("Freedom of Information", "FOI request", "Environmental Information Regulations", "under the
Act, please provide"), or goes to a domain the user listed as an authority. Its regime is a
per-domain override, else a guess from wording and domain (Scottish bodies -> FOISA/EISR,
environmental wording -> EIR), else the configured default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from foibot.core.lifecycle import EventKind
from foibot.core.matching import same_organisation
from foibot.core.model import Classification, Kind, Mail

_REQUEST_WORDING = re.compile(
    r"freedom\s+of\s+information|\bfoi(?:sa)?\s+(?:request|act)\b|\bfoisa\b|\bfoia\b"
    r"|environmental\s+information\s+regulations|\be(?:i|is)r\s+request\b"
    r"|access\s+to\s+information\s+request|information\s+request"
    r"|under\s+the\s+(?:act|regulations)\W+(?:\w+\W+){0,8}?please\s+(?:provide|disclose|send)",
    re.IGNORECASE,
)
_ENVIRONMENTAL = re.compile(
    r"environmental\s+information|\beir\b|\beisr\b|environmental\s+information\s+\(scotland\)", re.IGNORECASE
)
_SCOTTISH_WORDING = re.compile(
    r"\bfoisa\b|\(scotland\)\s+act|\beisr\b|\(scotland\)\s+regulations", re.IGNORECASE
)
_SCOTTISH_DOMAIN = re.compile(r"(?:^|\.)(?:scot|gov\.scot|scot\.nhs\.uk)$", re.IGNORECASE)
_REVIEW_REQUEST = re.compile(
    r"internal\s+review|request\s+(?:a|an)\s+review|review\s+(?:of\s+)?(?:your|the)\s+(?:decision|handling)"
    r"|require\s+(?:you\s+)?to\s+review",
    re.IGNORECASE,
)
_WITHDRAWAL = re.compile(
    r"\b(?:i|we)\s+(?:wish\s+to\s+|would\s+like\s+to\s+|hereby\s+)?withdraw\s+(?:my|our|this|the)\s+request"
    r"|no\s+longer\s+require\s+(?:the|this)\s+information",
    re.IGNORECASE,
)
# Authority mail that matches no request is kept for the user only when it looks like FOI mail.
FOI_KINDS = frozenset(Kind) - {Kind.OTHER, Kind.AUTO_REPLY}
MIN_UNMATCHED_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class DiscoveryPolicy:
    default_regime: str = "uk_foia"
    authority_domains: tuple[str, ...] = ()
    authority_regimes: Mapping[str, str] = field(default_factory=dict)
    owner_addresses: tuple[str, ...] = ()  # the requester's own address(es), lower-case


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def _text(mail: Mail) -> str:
    return f"{mail.subject}\n{mail.new_text or mail.body}"


def external_recipients(mail: Mail, policy: DiscoveryPolicy) -> list[str]:
    """Recipients outside the requester's own domain(s)."""
    own = {_domain(a) for a in (*policy.owner_addresses, mail.from_addr or "") if a}
    return [a for a in (*mail.to, *mail.cc) if _domain(a) not in own]


def is_listed_authority(domain: str, policy: DiscoveryPolicy) -> bool:
    return any(same_organisation(domain, listed) for listed in policy.authority_domains)


def request_evidence(mail: Mail, policy: DiscoveryPolicy) -> str | None:
    """Why an outgoing message is an information request, or None if it is not one."""
    recipients = external_recipients(mail, policy)
    if not recipients:
        return None
    for address in recipients:
        if is_listed_authority(_domain(address), policy):
            return f"to a listed authority domain ({_domain(address)})"
    found = _REQUEST_WORDING.search(_text(mail))
    return None if found is None else f"wording: {found.group(0).strip()!r}"


def guess_regime(mail: Mail, authority_email: str, policy: DiscoveryPolicy) -> str:
    """The law a request is made under: per-domain override, wording/domain guess, default."""
    domain = _domain(authority_email)
    for listed, regime in policy.authority_regimes.items():
        if same_organisation(domain, listed.lower()):
            return regime
    text = _text(mail)
    scottish = bool(_SCOTTISH_DOMAIN.search(domain) or _SCOTTISH_WORDING.search(text))
    environmental = bool(_ENVIRONMENTAL.search(text))
    if scottish:
        return "scot_eisr" if environmental else "scot_foisa"
    if environmental and policy.default_regime in ("uk_foia", "uk_eir"):
        return "uk_eir"
    return policy.default_regime


def sent_event_kind(mail: Mail) -> EventKind:
    """What one of the requester's own messages on a thread does: review request, withdrawal, reply."""
    text = mail.new_text or mail.body
    if _WITHDRAWAL.search(text):
        return EventKind.WITHDRAWAL_SENT
    if _REVIEW_REQUEST.search(f"{mail.subject}\n{text}"):
        return EventKind.REVIEW_REQUEST_SENT
    return EventKind.REQUESTER_REPLY


def looks_like_foi_mail(mail: Mail, classification: Classification, policy: DiscoveryPolicy) -> bool:
    """Whether unmatched incoming mail is worth showing the user (else it is ordinary mail)."""
    if mail.from_domain and is_listed_authority(mail.from_domain, policy):
        return True
    if classification.kind in FOI_KINDS and classification.confidence >= MIN_UNMATCHED_CONFIDENCE:
        return classification.kind is not Kind.DELIVERY_FAILURE or bool(_REQUEST_WORDING.search(mail.body))
    return bool(_REQUEST_WORDING.search(_text(mail)))
