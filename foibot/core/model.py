"""Core value types shared by every layer.

Frozen dataclasses and StrEnums only: no behaviour beyond validation, no I/O. States and kinds
are StrEnums so they are stored in SQLite and printed as their plain values.
Fields may be added by the modules that own them; existing names are a contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What an incoming message is. The values are the labels used by `foibot eval`."""

    ACKNOWLEDGEMENT = "acknowledgement"
    CLARIFICATION_REQUEST = "clarification_request"
    STAY_ALIVE_CHECK = "stay_alive_check"
    EXTENSION = "extension"
    RESPONSE_PROVIDED = "response_provided"
    NOT_HELD = "not_held"
    REFUSAL = "refusal"
    FEE_NOTICE = "fee_notice"
    INTERNAL_REVIEW_ACKNOWLEDGEMENT = "internal_review_acknowledgement"
    INTERNAL_REVIEW_OUTCOME = "internal_review_outcome"
    DELIVERY_FAILURE = "delivery_failure"
    AUTO_REPLY = "auto_reply"
    OTHER = "other"


# Kinds that put the requester on a clock: missing their reply_by can kill the request.
REQUESTER_MUST_REPLY: frozenset[Kind] = frozenset(
    {Kind.CLARIFICATION_REQUEST, Kind.STAY_ALIVE_CHECK, Kind.FEE_NOTICE}
)


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment as listed in the message structure; its content is never decoded."""

    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class Mail:
    """One parsed email: the value every later stage works on.

    Addresses are bare lower-cased addr-specs (`foi@council.gov.uk`), validated; anything
    that is not a valid address is left out and noted in `problems`.
    `body` is the whole text for humans; `new_text` is the sender's own new words, with quoted
    earlier messages and boilerplate footers removed, and is what classification reads.
    """

    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    from_addr: str | None
    from_name: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    reply_to: tuple[str, ...]
    # Delivered-To / X-Original-To: where the message was really delivered (plus-address tags).
    delivered_to: tuple[str, ...]
    subject: str
    date: dt.datetime  # timezone-aware; the delivery date when Date is missing or broken
    date_from_header: bool
    # Lower-cased header name -> value, for the headers that classification and matching read
    # (auto-submitted, precedence, x-autoreply, return-path, content-type, x-failed-recipients ...).
    headers: dict[str, str]
    body: str
    new_text: str
    attachments: tuple[Attachment, ...] = ()
    # Message-IDs found inside a bounce's embedded original (message/rfc822, text/rfc822-headers).
    embedded_message_ids: tuple[str, ...] = ()
    # Content types of every MIME part, in order (structure is evidence for bounces).
    part_types: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    size: int = 0
    to_name: str = ""  # the first To display name: whom a greeting should name

    @property
    def from_domain(self) -> str | None:
        if self.from_addr is None:
            return None
        return self.from_addr.rpartition("@")[2]


@dataclass(frozen=True, slots=True)
class Classification:
    """What a message is, how sure we are, why, and the dates and reference it carries."""

    kind: Kind
    confidence: float  # in [0, 1]
    evidence: tuple[str, ...]  # e.g. ("rule:stay_alive", "phrase: 'still require this information'")
    reply_by: dt.date | None = None  # the requester must reply by this date to keep the request alive
    due_date: dt.date | None = None  # the authority promises to respond by this date
    reference: str | None = None  # the authority's reference number
    fee_amount: str | None = None  # as written, e.g. "£25.00" or "$30"

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside [0, 1]")


class RequestState(StrEnum):
    """Where an FOI request stands. Transitions live in core/lifecycle.py."""

    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    CLARIFICATION_REQUESTED = "clarification_requested"
    STAY_ALIVE_PENDING = "stay_alive_pending"
    FEE_REQUESTED = "fee_requested"
    EXTENDED = "extended"
    RESPONDED = "responded"
    REFUSED = "refused"
    REVIEW_REQUESTED = "review_requested"
    REVIEW_DECIDED = "review_decided"
    DELIVERY_FAILED = "delivery_failed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Every date that matters for one request; None where it does not (yet) apply."""

    authority_due: dt.date | None = None  # statutory (or extended) response date
    requester_reply_by: dt.date | None = None  # clarification / stay-alive / fee
    review_request_by: dt.date | None = None  # last day to ask for an internal review
    review_due: dt.date | None = None  # authority's internal review response date
    regulator_by: dt.date | None = None  # last day to complain to the ICO / SIC


@dataclass(frozen=True, slots=True)
class FoiRequest:
    """One tracked information request."""

    id: int
    regime: str  # a key of core.regimes, e.g. "uk_foia"
    authority_email: str  # the address on record: the only place automatic mail may go
    subject: str
    sent_on: dt.date  # taken as the receipt date
    state: RequestState = RequestState.SENT
    deadlines: Deadlines = field(default_factory=Deadlines)
    reference: str | None = None
    message_id: str | None = None  # Message-ID of the request as sent
    owner: str | None = None  # the requester's address (Sent-folder sender)
    mailbox: str | None = None  # config name of the mailbox it was found in
    auto_confirm: bool | None = None  # per-request override of policy.auto_confirm_still_required

    @property
    def authority_domain(self) -> str:
        return self.authority_email.rpartition("@")[2]
