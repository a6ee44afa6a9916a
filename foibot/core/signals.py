"""Header and structure signals for machine-made mail: bounces and automatic replies.

Reads only what mail systems stamp on such messages (RFC 3464 delivery-status reports, Exchange
NDR headers, X-Failed-Recipients, mailer-daemon senders, RFC 3834 Auto-Submitted, X-Autoreply,
Precedence, out-of-office subjects). Each signal is a (kind, weight, evidence) triple for the
classifier to add to its text rules; nothing here decides on its own.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from foibot.core.model import Kind, Mail


class Signal(NamedTuple):
    kind: Kind
    weight: float
    evidence: str


_BOUNCE_SENDER = re.compile(
    r"^(?:mailer[-_]?daemon|post[-_]?master|microsoftexchange[0-9a-f]*)@", re.IGNORECASE
)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered\s+mail|delivery\s+status\s+notification\s*\(failure\)"
    r"|mail\s+delivery\s+(?:failed|failure|subsystem|system)|returned\s+mail|delivery\s+(?:has\s+)?failed"
    r"|failure\s+notice|message\s+not\s+delivered|non[-\s]?delivery|delivery\s+failure|could\s+not\s+deliver)",
    re.IGNORECASE,
)
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:auto(?:matic|matische)?[\s_-]?(?:reply|response|answer|antwort)|autoreply|auto:|out\s+of\s+(?:the\s+)?office"
    r"|ooo\b|abwesenheit|réponse\s+automatique|respuesta\s+automática|automatisch\s+antwoord|autosvar|ateb\s+awtomatig"
    r"|(?:away|absent|on\s+(?:annual\s+)?leave)\b)",
    re.IGNORECASE,
)


def header_signals(mail: Mail) -> list[Signal]:
    """Every bounce / auto-reply signal in the headers, sender, subject and MIME structure."""
    found: list[Signal] = []
    headers = mail.headers
    content_type = headers.get("content-type", "").lower()
    if "multipart/report" in content_type and "delivery-status" in content_type:
        found.append(
            Signal(Kind.DELIVERY_FAILURE, 5.0, "header: Content-Type multipart/report; delivery-status")
        )
    elif "message/delivery-status" in mail.part_types or "message/global-delivery-status" in mail.part_types:
        found.append(Signal(Kind.DELIVERY_FAILURE, 5.0, "structure: message/delivery-status part"))
    if "x-ms-exchange-message-is-ndr" in headers:
        found.append(Signal(Kind.DELIVERY_FAILURE, 5.0, "header: X-MS-Exchange-Message-Is-Ndr"))
    if "x-failed-recipients" in headers:
        found.append(Signal(Kind.DELIVERY_FAILURE, 5.0, "header: X-Failed-Recipients"))
    if mail.from_addr and _BOUNCE_SENDER.match(mail.from_addr):
        found.append(Signal(Kind.DELIVERY_FAILURE, 3.0, f"sender: {mail.from_addr}"))
    if _BOUNCE_SUBJECT.match(mail.subject):
        found.append(Signal(Kind.DELIVERY_FAILURE, 3.0, f"subject: {mail.subject[:60]!r}"))

    auto_submitted = headers.get("auto-submitted", "").strip().lower()
    if auto_submitted.startswith("auto-replied"):
        found.append(Signal(Kind.AUTO_REPLY, 3.0, "header: Auto-Submitted: auto-replied"))
    # auto-generated is stamped by case-management systems on real acknowledgements and decisions:
    # it is no evidence of an out-of-office reply.
    for name in ("x-autoreply", "x-autorespond", "x-autoresponder"):
        if name in headers:
            found.append(Signal(Kind.AUTO_REPLY, 3.0, f"header: {name}"))
    if headers.get("precedence", "").strip().lower() == "auto_reply":
        found.append(Signal(Kind.AUTO_REPLY, 3.0, "header: Precedence: auto_reply"))
    if "autoresponder" in headers.get("x-post-messageclass", "").lower():
        found.append(Signal(Kind.AUTO_REPLY, 3.0, "header: X-POST-MessageClass: Autoresponder"))
    if _AUTO_SUBJECT.match(mail.subject):
        found.append(Signal(Kind.AUTO_REPLY, 2.0, f"subject: {mail.subject[:60]!r}"))
    return found
