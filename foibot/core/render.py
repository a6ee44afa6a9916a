"""Turn planned actions and digests into email messages, from Jinja2 templates.

Mail to the user is multipart/alternative (plain text plus autoescaped HTML) and carries
`Auto-Submitted: auto-generated`; drafts and confirmations for an authority are plain text written
for a human and never carry Auto-Submitted. Text taken from incoming mail is untrusted: control
characters are stripped from anything that reaches a header (no header injection) and HTML
templates escape it. Message-IDs are derived from the idempotency key, so the same event always
yields the same Message-ID. Templates are the package's own, overridable from a directory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import jinja2

from foibot.core.calendars import WorkingCalendar
from foibot.core.model import FoiRequest, Kind, RequestState
from foibot.core.plan import (
    Action,
    ActionKind,
    DeadlineItem,
    DeadlineKind,
    Digest,
    DraftKind,
    Stage,
    request_calendar,
)
from foibot.core.regimes import get_regime

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|antw|fwd?|wg)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
HEADER_LIMIT = 200
REFERENCES_KEPT = 10

ALERT_HEADLINES: Mapping[str, str] = {
    Kind.CLARIFICATION_REQUEST: "The authority asks you to clarify your request",
    Kind.STAY_ALIVE_CHECK: "The authority asks whether you still want the information",
    Kind.FEE_NOTICE: "The authority asks for a fee",
    Kind.REFUSAL: "The authority refused your request",
    Kind.DELIVERY_FAILURE: "Your request never arrived: the mail bounced",
    Kind.EXTENSION: "The authority extended its deadline",
    Kind.INTERNAL_REVIEW_OUTCOME: "The authority decided your internal review",
}
ALERT_ADVICE: Mapping[str, str] = {
    Kind.CLARIFICATION_REQUEST: "Reply with the clarification before the date below, or the request "
    "may be treated as withdrawn. The clock restarts when they receive your answer.",
    Kind.STAY_ALIVE_CHECK: "Reply that you still require the information before the date below, "
    "or the request will be treated as withdrawn.",
    Kind.FEE_NOTICE: "Pay the fee (or narrow the request) before the date below; "
    "the clock is paused meanwhile.",
    Kind.REFUSAL: "You may ask for an internal review; check the exemptions they cite.",
    Kind.DELIVERY_FAILURE: "Check the authority's address and send the request again; "
    "until it arrives, no deadline runs.",
    Kind.EXTENSION: "Nothing to do now; foibot now tracks the new date.",
    Kind.INTERNAL_REVIEW_OUTCOME: "If you are still not satisfied, you may complain to the regulator.",
}
DEADLINE_LABELS: Mapping[str, str] = {
    DeadlineKind.REQUESTER_REPLY: "your reply is due",
    DeadlineKind.REVIEW_REQUEST: "your window to ask for an internal review closes",
    DeadlineKind.REGULATOR: "your window to complain to the regulator closes",
    DeadlineKind.AUTHORITY_DUE: "the authority must respond",
    DeadlineKind.REVIEW_DUE: "the authority must decide the internal review",
    DeadlineKind.ACKNOWLEDGEMENT: "request sent",
}
# One of the user's own deadlines passed with nothing recorded (plan.missed_deadlines).
MISSED_HEADLINES: Mapping[str, str] = {
    DeadlineKind.REQUESTER_REPLY: "Your reply-by date passed with no reply from you",
    DeadlineKind.REVIEW_REQUEST: "Your internal review window closed with no review asked for",
    DeadlineKind.REGULATOR: "Your window to complain to the regulator closed",
}
MISSED_ADVICE: Mapping[str, str] = {
    DeadlineKind.REQUESTER_REPLY: "The authority may now treat the request as withdrawn. If you did "
    "reply from another mail program, nothing is lost. Otherwise reply now: a late answer is often "
    "still accepted. Or send a fresh request.",
    DeadlineKind.REVIEW_REQUEST: "The authority may refuse a late review request, but may still accept "
    "one: ask now and explain the delay.",
    DeadlineKind.REGULATOR: "The regulator may refuse a late complaint; if you still want to complain, "
    "do it now and explain the delay.",
}
DRAFT_LABELS: Mapping[str, str] = {
    DraftKind.STAY_ALIVE: "a confirmation that you still require the information",
    DraftKind.CLARIFICATION: "a reply to their question, with space for your answer",
    DraftKind.CHASE: "a chaser citing the statutory date",
    DraftKind.INTERNAL_REVIEW: "an internal review request",
    DraftKind.REGULATOR: "a complaint to the regulator",
}


def template_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The bundled templates, with files in `templates_dir` taking precedence."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.PackageLoader("foibot", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def clean_header(text: str, limit: int = HEADER_LIMIT) -> str:
    """One safe header line: control characters (CR, LF, NUL ...) become spaces; trimmed."""
    line = " ".join(_CONTROL.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def reply_subject(subject: str) -> str:
    subject = clean_header(subject)
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}"


def message_id_for(key: str, sender: str) -> str:
    """A Message-ID that depends only on the idempotency key and the sending domain."""
    domain = sender.rpartition("@")[2] or "foibot.invalid"
    digest = hashlib.sha256(f"{sender}\n{key}".encode()).hexdigest()[:32]
    return f"<foibot.{digest}@{domain}>"


def deadline_in_words(deadline: dt.date, today: dt.date, calendar: WorkingCalendar) -> str:
    """e.g. "Friday 11 May 2018 - in 3 working days"."""
    day = f"{deadline:%A} {deadline.day} {deadline:%B %Y}"
    if deadline == today:
        return f"{day} - today"
    if deadline > today:
        n = calendar.working_days_between(today, deadline)
        return f"{day} - in {n} working day{'s' if n != 1 else ''}"
    n = calendar.working_days_between(deadline, today)
    return f"{day} - {n} working day{'s' if n != 1 else ''} ago"


def _address(addr: str, name: str = "") -> Address:
    return Address(display_name=clean_header(name, 80), addr_spec=addr)


def _base(
    *, sender: Address, to: Sequence[Address], subject: str, key: str, now: dt.datetime
) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = sender
    msg["To"] = list(to)
    msg["Subject"] = clean_header(subject)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id_for(key, sender.addr_spec)
    return msg


def _mark_automatic(msg: EmailMessage, key: str) -> None:
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Foibot-Key"] = clean_header(key, 400)


def _alternative(msg: EmailMessage, env: jinja2.Environment, name: str, context: dict[str, Any]) -> None:
    msg.set_content(env.get_template(f"{name}.txt").render(context))
    msg.add_alternative(env.get_template(f"{name}.html").render(context), subtype="html")


def _request_context(request: FoiRequest) -> dict[str, Any]:
    return {
        "request": request,
        "subject": clean_header(request.subject),
        "reference": clean_header(request.reference or ""),
        "regime": get_regime(request.regime),
    }


def _user_subject(action: Action) -> str:
    title = clean_header(action.request.subject, 80)
    if action.kind is ActionKind.ALERT:
        headline = (
            "foibot confirmed you still want the information"
            if action.auto_confirmed
            else ALERT_HEADLINES.get(action.cause, "News on your request")
        )
        return f"[foibot] {headline}: {title}"
    if action.stage is Stage.BEFORE:
        assert action.deadline is not None
        return f"[foibot] Reminder: {DEADLINE_LABELS[action.cause]} on {action.deadline:%a %d %b}: {title}"
    if action.stage is Stage.MISSED:
        assert action.deadline is not None
        return f"[foibot] {MISSED_HEADLINES[action.cause]} ({action.deadline:%a %d %b}): {title}"
    if action.deadline_kind is DeadlineKind.ACKNOWLEDGEMENT:
        return f"[foibot] No acknowledgement yet: {title}"
    return f"[foibot] Overdue: {DEADLINE_LABELS[action.cause]} and has not: {title}"


def render_user_mail(
    env: jinja2.Environment,
    action: Action,
    *,
    sender: str,
    to: Sequence[str],
    now: dt.datetime,
    today: dt.date,
    drafts_folder: str = "Drafts",
) -> EmailMessage:
    """An alert or reminder for the user (multipart/alternative, marked automatic)."""
    if action.kind not in (ActionKind.ALERT, ActionKind.REMINDER):
        raise ValueError(f"{action.kind} is not mail for the user")
    calendar = request_calendar(action.request)
    message = action.message
    context = _request_context(action.request) | {
        "action": action,
        "cause": action.cause,
        "headline": (MISSED_HEADLINES if action.stage is Stage.MISSED else ALERT_HEADLINES).get(
            action.cause, ""
        ),
        "advice": (MISSED_ADVICE if action.stage is Stage.MISSED else ALERT_ADVICE).get(action.cause, ""),
        "deadline_label": DEADLINE_LABELS.get(action.cause, ""),
        "deadline_words": (
            deadline_in_words(action.deadline, today, calendar) if action.deadline is not None else None
        ),
        "from_addr": (message.from_addr or "") if message else "",
        "from_name": clean_header(message.from_name) if message else "",
        "message_subject": clean_header(message.subject) if message else "",
        "excerpt": message.excerpt if message else "",
        "fee_amount": clean_header(message.fee_amount or "") if message else "",
        "draft_label": DRAFT_LABELS.get(action.draft) if action.draft else None,
        "drafts_folder": clean_header(drafts_folder),
        "auto_confirmed": action.auto_confirmed,
    }
    name = "alert" if action.kind is ActionKind.ALERT else "reminder"
    msg = _base(
        sender=_address(sender, "foibot"),
        to=[_address(a) for a in to],
        subject=_user_subject(action),
        key=action.key,
        now=now,
    )
    _mark_automatic(msg, action.key)
    _alternative(msg, env, name, context)
    return msg


def _thread(msg: EmailMessage, action: Action) -> None:
    """In-Reply-To / References (RFC 5322 §3.6.4) to the authority's message, or to the request."""
    parent = action.message.message_id if action.message else None
    earlier = list(action.message.references) if action.message else []
    if parent is None:
        parent, earlier = action.request.message_id, []
    if parent is None:
        return
    chain = [*earlier, parent]
    if len(chain) > REFERENCES_KEPT + 1:  # keep the first ID plus the most recent ones
        chain = [chain[0], *chain[-REFERENCES_KEPT:]]
    msg["In-Reply-To"] = clean_header(parent, 998)
    msg["References"] = clean_header(" ".join(chain), 4000)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def render_authority_mail(
    env: jinja2.Environment,
    action: Action,
    *,
    owner: str,
    owner_name: str = "",
    now: dt.datetime,
    today: dt.date,
) -> EmailMessage:
    """A reply to the authority: a draft for a human, or the automatic stay-alive confirmation.

    It goes to the authority address on record only - never to an address from incoming mail.
    """
    kind = DraftKind.STAY_ALIVE if action.kind is ActionKind.AUTO_CONFIRM else action.draft
    if kind is None:
        raise ValueError(f"{action.key} is not a reply to the authority")
    request = action.request
    regime = get_regime(request.regime)
    calendar = request_calendar(request)
    message = action.message
    context = _request_context(request) | {
        "kind": kind,
        "owner_name": clean_header(owner_name),
        "quoted": _quote(message.excerpt) if message and message.excerpt else "",
        "message_date": f"{message.received_at:%d %B %Y}" if message else "",
        "sent_on": f"{request.sent_on.day} {request.sent_on:%B %Y}",
        "deadline": (f"{action.deadline.day} {action.deadline:%B %Y}" if action.deadline else ""),
        "working_days_late": (
            calendar.working_days_between(action.deadline, today) if action.deadline else 0
        ),
        "regulator": regime.regulator.name if regime.regulator else "the regulator",
        "refused": request.state is RequestState.REFUSED,
    }
    base_subject = message.subject if message else request.subject
    msg = _base(
        sender=_address(owner, owner_name),
        # the complaint goes to the regulator by its own channel: the draft is addressed to the owner
        to=[_address(owner) if kind is DraftKind.REGULATOR else _address(request.authority_email)],
        subject=reply_subject(base_subject)
        if kind is not DraftKind.REGULATOR
        else f"Complaint to {context['regulator']}: {clean_header(request.subject)}",
        key=action.key,
        now=now,
    )
    if kind is not DraftKind.REGULATOR:
        _thread(msg, action)
    if action.kind is ActionKind.DRAFT:
        msg["X-Foibot-Draft"] = clean_header(action.key, 400)
    msg.set_content(env.get_template(f"draft_{kind.value}.txt").render(context))
    return msg


def render_digest(
    env: jinja2.Environment,
    digest: Digest,
    *,
    sender: str,
    now: dt.datetime,
    key: str,
    ics: bytes | None = None,
) -> EmailMessage:
    """The digest email (text + HTML, the deadlines as an .ics attachment when given)."""
    msg = _base(
        sender=_address(sender, "foibot"),
        to=[_address(digest.recipient)],
        subject=f"[foibot] Digest for {digest.today:%A} {digest.today.day} {digest.today:%B %Y}",
        key=key,
        now=now,
    )
    _mark_automatic(msg, key)
    _alternative(msg, env, "digest", digest_context(digest))
    if ics is not None:
        msg.add_attachment(ics, maintype="text", subtype="calendar", filename="foibot-deadlines.ics")
    return msg


def digest_text(env: jinja2.Environment, digest: Digest) -> str:
    """The plain-text digest (`foibot digest --preview`)."""
    return env.get_template("digest.txt").render(digest_context(digest))


def digest_context(digest: Digest) -> dict[str, Any]:
    def rows(items: Sequence[DeadlineItem]) -> list[dict[str, Any]]:
        return [
            {
                "id": item.request.id,
                "subject": clean_header(item.request.subject),
                "reference": clean_header(item.request.reference or ""),
                "authority": item.request.authority_email,
                "what": DEADLINE_LABELS[item.kind],
                "when": deadline_in_words(item.date, digest.today, request_calendar(item.request)),
            }
            for item in items
        ]

    return {
        "digest": digest,
        "action_needed": rows(digest.action_needed),
        "upcoming": rows(digest.upcoming),
        "overdue": rows(digest.overdue),
        "missed": [
            row | {"what": MISSED_HEADLINES[item.kind]}
            for row, item in zip(rows(digest.missed), digest.missed, strict=True)
        ],
        "happened": [
            {
                "id": request.id,
                "subject": clean_header(request.subject),
                "at": f"{entry.at:%a %d %b %H:%M}",
                "summary": clean_header(entry.summary, 300),
            }
            for entry, request in digest.happened
        ],
        "since": f"{digest.since:%a %d %b %Y %H:%M}" if digest.since else None,
    }
