"""Which alerts, reminders, drafts and automatic confirmations are due, at `now`, for given requests.

Pure: values in, values out. Every action carries a stable idempotency key derived only from the
request, the message or deadline that caused it and (for reminders) how far ahead it warns, so
re-running the plan - twice, after a restart, after missed runs - yields the same keys and the
outbox's UNIQUE key turns repeats into no-ops. A missed reminder is still due while its deadline
has not passed; when several reminders of one deadline were missed, only the latest is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from foibot.core.calendars import WorkingCalendar, calendar_for
from foibot.core.model import FoiRequest, Kind, RequestState
from foibot.core.regimes import get_regime

AUTO_CONFIRM_MIN_CONFIDENCE = 0.8
NO_ACK_WORKING_DAYS = 5
# Working days after the authority's deadline at which the chase becomes an internal review.
ESCALATE_WORKING_DAYS = 10
# An incoming message older than this no longer raises an alert (first scan of an old mailbox).
ALERT_WINDOW = dt.timedelta(days=7)
# A deadline of yours missed longer ago than this gets no alert (it is still shown everywhere).
MISSED_ALERT_WINDOW = dt.timedelta(days=14)


class ActionKind(StrEnum):
    ALERT = "alert"  # an immediate email to the user about an incoming message
    REMINDER = "reminder"  # an email to the user about a deadline
    DRAFT = "draft"  # a reply appended to the mailbox's Drafts folder for a human to send
    AUTO_CONFIRM = "auto_confirm"  # "I still require this information", sent to the authority


class DraftKind(StrEnum):
    STAY_ALIVE = "stay_alive"
    CLARIFICATION = "clarification"
    CHASE = "chase"
    INTERNAL_REVIEW = "internal_review"
    REGULATOR = "regulator"


class DeadlineKind(StrEnum):
    REQUESTER_REPLY = "requester_reply_by"  # clarification, stay-alive check, fee
    REVIEW_REQUEST = "review_request_by"  # the requester's internal review window
    REGULATOR = "regulator_by"  # the requester's window to complain to the regulator
    AUTHORITY_DUE = "authority_due"  # the authority's response deadline
    REVIEW_DUE = "review_due"  # the authority's internal review deadline
    ACKNOWLEDGEMENT = "acknowledgement"  # no acknowledgement since the request was sent


class Stage(StrEnum):
    """Where a reminder stands relative to its deadline."""

    BEFORE = "before"
    OVERDUE = "overdue"
    ESCALATE = "escalate"
    MISSED = "missed"  # one of the requester's own deadlines passed with nothing recorded


ALERT_KINDS: frozenset[Kind] = frozenset(
    {
        Kind.CLARIFICATION_REQUEST,
        Kind.STAY_ALIVE_CHECK,
        Kind.FEE_NOTICE,
        Kind.REFUSAL,
        Kind.DELIVERY_FAILURE,
        Kind.EXTENSION,
        Kind.INTERNAL_REVIEW_OUTCOME,
    }
)
# The draft an incoming message calls for, and the state the request must still be in for it.
_MESSAGE_DRAFTS: dict[Kind, tuple[DraftKind, RequestState]] = {
    Kind.STAY_ALIVE_CHECK: (DraftKind.STAY_ALIVE, RequestState.STAY_ALIVE_PENDING),
    Kind.CLARIFICATION_REQUEST: (DraftKind.CLARIFICATION, RequestState.CLARIFICATION_REQUESTED),
    Kind.REFUSAL: (DraftKind.INTERNAL_REVIEW, RequestState.REFUSED),
    Kind.INTERNAL_REVIEW_OUTCOME: (DraftKind.REGULATOR, RequestState.REVIEW_DECIDED),
}
REQUESTER_PENDING: frozenset[RequestState] = frozenset(
    {RequestState.CLARIFICATION_REQUESTED, RequestState.STAY_ALIVE_PENDING, RequestState.FEE_REQUESTED}
)
AWAITING_AUTHORITY: frozenset[RequestState] = frozenset(
    {RequestState.SENT, RequestState.ACKNOWLEDGED, RequestState.EXTENDED}
)
FINISHED: frozenset[RequestState] = frozenset({RequestState.CLOSED, RequestState.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class AuthorityMessage:
    """A classified incoming message matched to a request: what plan and render need of it."""

    row_id: int
    kind: Kind
    confidence: float
    message_id: str | None
    references: tuple[str, ...]
    from_addr: str | None
    from_name: str
    subject: str
    received_at: dt.datetime
    reply_by: dt.date | None = None
    due_date: dt.date | None = None
    reference: str | None = None
    fee_amount: str | None = None
    excerpt: str = ""  # the sender's own new words (quoted in drafts, escaped in HTML)

    @property
    def key(self) -> str:
        """Stable identity for idempotency keys: the Message-ID, else the stored row."""
        return self.message_id or f"row-{self.row_id}"

    @property
    def from_domain(self) -> str | None:
        return None if self.from_addr is None else self.from_addr.rpartition("@")[2].lower()


@dataclass(frozen=True, slots=True)
class RequestSnapshot:
    """A request as stored, with its incoming messages oldest first."""

    request: FoiRequest
    messages: tuple[AuthorityMessage, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanPolicy:
    reminder_working_days: tuple[int, ...] = (5, 2, 1)
    auto_confirm_still_required: bool = False
    alert_window: dt.timedelta = ALERT_WINDOW


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to send or save, identified by `key` (the outbox's dedupe key)."""

    key: str
    kind: ActionKind
    request: FoiRequest
    cause: str  # a message Kind value, or a DeadlineKind value
    message: AuthorityMessage | None = None
    deadline: dt.date | None = None
    deadline_kind: DeadlineKind | None = None
    stage: Stage | None = None
    days_before: int | None = None
    draft: DraftKind | None = None  # for DRAFT; for ALERT/REMINDER: the draft that goes with it
    auto_confirmed: bool = False  # for ALERT: foibot already answered the check


def request_calendar(request: FoiRequest) -> WorkingCalendar:
    return calendar_for(get_regime(request.regime).calendar)


def working_days_before(calendar: WorkingCalendar, deadline: dt.date, n: int) -> dt.date:
    """The working day that lies `n` working days before `deadline` (the deadline itself for 0)."""
    day = deadline
    remaining = n
    while remaining > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def domain_matches(domain: str | None, authority_domain: str) -> bool:
    """True for the authority's own domain or one of its subdomains (never a look-alike suffix)."""
    if not domain:
        return False
    domain, authority_domain = domain.lower().rstrip("."), authority_domain.lower().rstrip(".")
    return domain == authority_domain or domain.endswith("." + authority_domain)


def auto_confirm_allowed(request: FoiRequest, message: AuthorityMessage, policy: PlanPolicy) -> bool:
    """Whether foibot may answer this stay-alive check itself (opt-in, authentic, confident)."""
    enabled = request.auto_confirm if request.auto_confirm is not None else policy.auto_confirm_still_required
    return (
        enabled
        and message.kind is Kind.STAY_ALIVE_CHECK
        and message.confidence >= AUTO_CONFIRM_MIN_CONFIDENCE
        and domain_matches(message.from_domain, request.authority_domain)
    )


def _message_actions(
    snapshot: RequestSnapshot, now: dt.datetime, today: dt.date, policy: PlanPolicy
) -> list[Action]:
    request = snapshot.request
    actions: list[Action] = []
    for message in snapshot.messages:
        if message.kind not in ALERT_KINDS or not (
            dt.timedelta(0) <= now - message.received_at <= policy.alert_window
        ):
            continue
        draft: DraftKind | None = None
        wanted = _MESSAGE_DRAFTS.get(message.kind)
        if wanted is not None and request.state is wanted[1]:
            draft = wanted[0]
        still_open = message.reply_by is None or message.reply_by >= today
        confirmed = (
            draft is DraftKind.STAY_ALIVE and still_open and auto_confirm_allowed(request, message, policy)
        )
        if confirmed:
            actions.append(
                Action(
                    f"autoconfirm:{request.id}:{message.key}",
                    ActionKind.AUTO_CONFIRM,
                    request,
                    message.kind.value,
                    message=message,
                )
            )
            draft = None  # already answered: no draft to send by hand
        elif draft is not None:
            actions.append(
                Action(
                    f"draft:{request.id}:{draft.value}:{message.key}",
                    ActionKind.DRAFT,
                    request,
                    message.kind.value,
                    message=message,
                    draft=draft,
                )
            )
        actions.append(
            Action(
                f"alert:{request.id}:{message.key}",
                ActionKind.ALERT,
                request,
                message.kind.value,
                message=message,
                deadline=message.reply_by,
                draft=draft,
                auto_confirmed=confirmed,
            )
        )
    return actions


def _latest_incoming(snapshot: RequestSnapshot) -> AuthorityMessage | None:
    return snapshot.messages[-1] if snapshot.messages else None


def _before_reminder(
    request: FoiRequest,
    kind: DeadlineKind,
    deadline: dt.date | None,
    today: dt.date,
    calendar: WorkingCalendar,
    policy: PlanPolicy,
) -> Action | None:
    """The latest reminder of `deadline` whose day has come, while the deadline has not passed."""
    if deadline is None or deadline < today:
        return None
    due = [n for n in policy.reminder_working_days if working_days_before(calendar, deadline, n) <= today]
    if not due:
        return None
    days_before = min(due)
    return Action(
        f"reminder:{request.id}:{kind.value}:{deadline.isoformat()}:{days_before}",
        ActionKind.REMINDER,
        request,
        kind.value,
        deadline=deadline,
        deadline_kind=kind,
        stage=Stage.BEFORE,
        days_before=days_before,
    )


def _after_reminder(
    request: FoiRequest,
    kind: DeadlineKind,
    deadline: dt.date,
    stage: Stage,
    draft: DraftKind | None,
    message: AuthorityMessage | None,
) -> list[Action]:
    base = f"{request.id}:{kind.value}:{deadline.isoformat()}"
    actions = [
        Action(
            f"reminder:{base}:{stage.value}",
            ActionKind.REMINDER,
            request,
            kind.value,
            message=message,
            deadline=deadline,
            deadline_kind=kind,
            stage=stage,
            draft=draft,
        )
    ]
    if draft is not None:
        actions.append(
            Action(
                f"draft:{request.id}:{draft.value}:{kind.value}:{deadline.isoformat()}",
                ActionKind.DRAFT,
                request,
                kind.value,
                message=message,
                deadline=deadline,
                deadline_kind=kind,
                draft=draft,
            )
        )
    return actions


def _past(deadline: dt.date | None, today: dt.date, calendar: WorkingCalendar) -> bool:
    """Whether `deadline` has gone by: its whole day, and any non-working days after it, are over."""
    return deadline is not None and today >= calendar.next_working_day(deadline)


def requester_deadlines(request: FoiRequest, today: dt.date) -> list[DeadlineItem]:
    """The requester's own deadlines that matter in the request's state, passed or not.

    Your reply while the authority waits on you; the internal review window after a refusal, or
    after the authority's silence where the law runs it from the missed deadline (FOISA s.20(5));
    the regulator window after the review outcome, or after an overdue review.
    """
    state, deadlines = request.state, request.deadlines
    calendar = request_calendar(request)
    items: list[tuple[DeadlineKind, dt.date | None]] = []
    if state in REQUESTER_PENDING:
        items.append((DeadlineKind.REQUESTER_REPLY, deadlines.requester_reply_by))
    authority_silent = state in AWAITING_AUTHORITY and _past(deadlines.authority_due, today, calendar)
    if state is RequestState.REFUSED or authority_silent:
        items.append((DeadlineKind.REVIEW_REQUEST, deadlines.review_request_by))
    review_silent = state is RequestState.REVIEW_REQUESTED and _past(deadlines.review_due, today, calendar)
    if state is RequestState.REVIEW_DECIDED or review_silent:
        items.append((DeadlineKind.REGULATOR, deadlines.regulator_by))
    return [DeadlineItem(request, kind, day) for kind, day in items if day is not None]


def missed_deadlines(request: FoiRequest, today: dt.date) -> tuple[DeadlineItem, ...]:
    """The requester's deadlines that passed with nothing recorded: at risk, never acted on.

    Derived from the stored state, its deadlines and `today`, never stored: a late reply that turns
    up replays like any other, and the request stops being at risk. foibot never withdraws a request.
    """
    if request.state in FINISHED:
        return ()
    return tuple(item for item in requester_deadlines(request, today) if item.date < today)


def _missed_actions(request: FoiRequest, today: dt.date) -> list[Action]:
    """One alert per missed deadline, while the miss is recent (never for an old mailbox's history)."""
    return [
        Action(
            f"missed:{request.id}:{item.kind.value}:{item.date.isoformat()}",
            ActionKind.REMINDER,
            request,
            item.kind.value,
            deadline=item.date,
            deadline_kind=item.kind,
            stage=Stage.MISSED,
        )
        for item in missed_deadlines(request, today)
        if today - item.date <= MISSED_ALERT_WINDOW
    ]


def _deadline_actions(snapshot: RequestSnapshot, today: dt.date, policy: PlanPolicy) -> list[Action]:
    request, deadlines, state = snapshot.request, snapshot.request.deadlines, snapshot.request.state
    calendar = request_calendar(request)
    latest = _latest_incoming(snapshot)
    actions: list[Action] = []

    def before(kind: DeadlineKind, deadline: dt.date | None) -> None:
        action = _before_reminder(request, kind, deadline, today, calendar, policy)
        if action is not None:
            actions.append(action)

    authority_overdue = state in AWAITING_AUTHORITY and _past(deadlines.authority_due, today, calendar)
    review_overdue = state is RequestState.REVIEW_REQUESTED and _past(deadlines.review_due, today, calendar)
    if state in REQUESTER_PENDING:
        before(DeadlineKind.REQUESTER_REPLY, deadlines.requester_reply_by)
    if state is RequestState.REFUSED or authority_overdue:
        before(DeadlineKind.REVIEW_REQUEST, deadlines.review_request_by)
    if state is RequestState.REVIEW_DECIDED or review_overdue:
        before(DeadlineKind.REGULATOR, deadlines.regulator_by)

    if authority_overdue and deadlines.authority_due is not None:
        due = deadlines.authority_due
        escalate = calendar.working_days_between(due, today) >= ESCALATE_WORKING_DAYS
        stage, draft = (
            (Stage.ESCALATE, DraftKind.INTERNAL_REVIEW) if escalate else (Stage.OVERDUE, DraftKind.CHASE)
        )
        actions += _after_reminder(request, DeadlineKind.AUTHORITY_DUE, due, stage, draft, latest)
    if review_overdue and deadlines.review_due is not None:
        actions += _after_reminder(
            request, DeadlineKind.REVIEW_DUE, deadlines.review_due, Stage.OVERDUE, DraftKind.REGULATOR, latest
        )
    no_ack_since = calendar.working_days_between(request.sent_on, today) >= NO_ACK_WORKING_DAYS
    not_yet_due = deadlines.authority_due is None or today <= deadlines.authority_due
    if state is RequestState.SENT and no_ack_since and not_yet_due:
        actions += _after_reminder(
            request, DeadlineKind.ACKNOWLEDGEMENT, request.sent_on, Stage.OVERDUE, None, None
        )
    return actions


def plan_request(
    snapshot: RequestSnapshot, *, now: dt.datetime, today: dt.date, policy: PlanPolicy
) -> list[Action]:
    """Everything due for one request at `now` (`today` is `now`'s date in the user's timezone)."""
    if snapshot.request.state in FINISHED:
        return []
    return (
        _message_actions(snapshot, now, today, policy)
        + _deadline_actions(snapshot, today, policy)
        + _missed_actions(snapshot.request, today)
    )


def plan(
    snapshots: Iterable[RequestSnapshot], *, now: dt.datetime, today: dt.date, policy: PlanPolicy
) -> list[Action]:
    """Everything due for all requests, in a stable order (by request, then key)."""
    actions: list[Action] = []
    for snapshot in sorted(snapshots, key=lambda s: s.request.id):
        actions += sorted(plan_request(snapshot, now=now, today=today, policy=policy), key=lambda a: a.key)
    return actions


def keys(actions: Sequence[Action]) -> list[str]:
    return [action.key for action in actions]


# -- digest -----------------------------------------------------------------------------------
DIGEST_HORIZON = dt.timedelta(days=14)


@dataclass(frozen=True, slots=True)
class DeadlineItem:
    request: FoiRequest
    kind: DeadlineKind
    date: dt.date


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One timeline event of a request (what happened since the last digest)."""

    request_id: int
    at: dt.datetime
    summary: str


@dataclass(frozen=True, slots=True)
class Digest:
    recipient: str
    slot: dt.datetime
    since: dt.datetime | None
    today: dt.date
    action_needed: tuple[DeadlineItem, ...]  # the user's own deadlines that are still open
    upcoming: tuple[DeadlineItem, ...]  # every deadline within the next two weeks
    overdue: tuple[DeadlineItem, ...]  # authorities past their deadline
    happened: tuple[tuple[HistoryEntry, FoiRequest], ...]
    missed: tuple[DeadlineItem, ...] = ()  # the user's own deadlines that passed with nothing done

    @property
    def is_empty(self) -> bool:
        return not (self.action_needed or self.upcoming or self.overdue or self.happened or self.missed)


def digest_key(recipient: str, slot: dt.datetime) -> str:
    return f"digest:{recipient.lower()}:{slot.astimezone(dt.UTC):%Y-%m-%dT%H:%MZ}"


def _authority_deadlines(request: FoiRequest) -> list[DeadlineItem]:
    if request.state in AWAITING_AUTHORITY and request.deadlines.authority_due is not None:
        return [DeadlineItem(request, DeadlineKind.AUTHORITY_DUE, request.deadlines.authority_due)]
    if request.state is RequestState.REVIEW_REQUESTED and request.deadlines.review_due is not None:
        return [DeadlineItem(request, DeadlineKind.REVIEW_DUE, request.deadlines.review_due)]
    return []


def digest_for(
    requests: Iterable[FoiRequest],
    history: Iterable[HistoryEntry],
    *,
    recipient: str,
    slot: dt.datetime,
    today: dt.date,
    since: dt.datetime | None,
) -> Digest:
    """The digest of `requests` for one recipient; `history` is filtered to events after `since`."""
    live = {r.id: r for r in requests if r.state not in FINISHED}
    horizon = today + DIGEST_HORIZON
    mine = [item for r in live.values() for item in requester_deadlines(r, today)]
    theirs = [item for r in live.values() for item in _authority_deadlines(r)]
    by_date = lambda item: (item.date, item.request.id)  # noqa: E731
    happened = sorted(
        (
            (entry, live[entry.request_id])
            for entry in history
            if entry.request_id in live and (since is None or entry.at > since) and entry.at <= slot
        ),
        key=lambda pair: (pair[0].at, pair[0].request_id),
    )
    return Digest(
        recipient=recipient,
        slot=slot,
        since=since,
        today=today,
        action_needed=tuple(sorted((i for i in mine if i.date >= today), key=by_date)),
        upcoming=tuple(sorted((i for i in mine + theirs if today <= i.date <= horizon), key=by_date)),
        overdue=tuple(sorted((i for i in theirs if i.date < today), key=by_date)),
        happened=tuple(happened),
        missed=tuple(sorted((i for i in mine if i.date < today), key=by_date)),
    )
