"""The request state machine: an explicit transition table and a fold over a request's events.

Pure. A request's state and deadlines are never updated in place: `replay` sorts every event
of the request by date (duplicates, keyed by message, count once) and folds them through
`TRANSITIONS`, so messages arriving out of order or twice give the same answer as the tidy
thread would. A move the table does not allow (an acknowledgement after the response) is kept
as a step with `applied=False` for the timeline, never raised.

Deadlines come from the time engine's `Timeline` (clock restarts, fee pauses, extensions), and
the requester's reply-by dates from the classification of the message that asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType

from foibot.core.deadlines import NonworkingReceipt, Timeline, extended_due, fee_payment_by
from foibot.core.model import Deadlines, Kind, RequestState
from foibot.core.regimes import Regime, get_regime

S = RequestState


class EventKind(StrEnum):
    """What happened to a request: an authority message's Kind, or something the requester did."""

    ACKNOWLEDGEMENT = Kind.ACKNOWLEDGEMENT.value
    CLARIFICATION_REQUEST = Kind.CLARIFICATION_REQUEST.value
    STAY_ALIVE_CHECK = Kind.STAY_ALIVE_CHECK.value
    EXTENSION = Kind.EXTENSION.value
    RESPONSE_PROVIDED = Kind.RESPONSE_PROVIDED.value
    NOT_HELD = Kind.NOT_HELD.value
    REFUSAL = Kind.REFUSAL.value
    FEE_NOTICE = Kind.FEE_NOTICE.value
    INTERNAL_REVIEW_ACKNOWLEDGEMENT = Kind.INTERNAL_REVIEW_ACKNOWLEDGEMENT.value
    INTERNAL_REVIEW_OUTCOME = Kind.INTERNAL_REVIEW_OUTCOME.value
    DELIVERY_FAILURE = Kind.DELIVERY_FAILURE.value
    AUTO_REPLY = Kind.AUTO_REPLY.value
    OTHER = Kind.OTHER.value
    # The requester's own messages on the thread (from the Sent folder) and commands.
    REQUESTER_REPLY = "requester_reply"  # a clarification, a "still required", or a resend
    REVIEW_REQUEST_SENT = "review_request_sent"
    WITHDRAWAL_SENT = "withdrawal_sent"
    CLOSED_BY_USER = "closed_by_user"  # `foibot close`
    REOPENED_BY_USER = "reopened_by_user"  # `foibot reopen`: undoes the latest close still in force


class Clock(StrEnum):
    """What an event does to the statutory clock (applied to the time engine's Timeline)."""

    NONE = "none"
    CLARIFIED = "clarified"  # the clarified request starts a fresh period from this day
    FEE_PAUSE = "fee_pause"
    EXTEND = "extend"
    RESPONDED = "responded"
    REVIEW_REQUESTED = "review_requested"
    REVIEW_DECIDED = "review_decided"
    RESENT = "resent"  # the request is received afresh on this day (after a bounce)


class Wanted(StrEnum):
    """Actions a transition asks for; the action planner decides how and when."""

    ALERT = "alert"
    DRAFT_CLARIFICATION = "draft_clarification"
    DRAFT_STILL_REQUIRED = "draft_still_required"
    DRAFT_REVIEW_REQUEST = "draft_review_request"
    CHECK_ADDRESS = "check_address"  # the request bounced: fix the address and resend


@dataclass(frozen=True, slots=True)
class Transition:
    to: RequestState
    clock: Clock = Clock.NONE
    wanted: tuple[Wanted, ...] = ()


AWAITING_AUTHORITY = (S.SENT, S.ACKNOWLEDGED, S.EXTENDED)
REQUESTER_TO_ACT = (S.CLARIFICATION_REQUESTED, S.STAY_ALIVE_PENDING, S.FEE_REQUESTED)
BEFORE_RESPONSE = (*AWAITING_AUTHORITY, *REQUESTER_TO_ACT, S.DELIVERY_FAILED)
ANSWERED = (S.RESPONDED, S.REFUSED)
OPEN = (*BEFORE_RESPONSE, *ANSWERED, S.REVIEW_REQUESTED, S.REVIEW_DECIDED)
FINISHED = frozenset({S.CLOSED, S.WITHDRAWN})

_ALERT = (Wanted.ALERT,)


def _table() -> Mapping[tuple[RequestState, EventKind], Transition]:
    table: dict[tuple[RequestState, EventKind], Transition] = {}

    def allow(kind: EventKind, sources: Iterable[RequestState], transition: Transition) -> None:
        for state in sources:
            table[(state, kind)] = transition

    def stay(kind: EventKind, sources: Iterable[RequestState], wanted: tuple[Wanted, ...] = ()) -> None:
        for state in sources:
            table[(state, kind)] = Transition(state, wanted=wanted)

    E = EventKind
    # -- the authority's messages
    allow(E.ACKNOWLEDGEMENT, (S.SENT, S.DELIVERY_FAILED), Transition(S.ACKNOWLEDGED))
    stay(E.ACKNOWLEDGEMENT, (S.ACKNOWLEDGED, S.EXTENDED))
    allow(
        E.CLARIFICATION_REQUEST,
        BEFORE_RESPONSE,
        Transition(S.CLARIFICATION_REQUESTED, wanted=(Wanted.ALERT, Wanted.DRAFT_CLARIFICATION)),
    )
    allow(
        E.STAY_ALIVE_CHECK,
        BEFORE_RESPONSE,
        Transition(S.STAY_ALIVE_PENDING, wanted=(Wanted.ALERT, Wanted.DRAFT_STILL_REQUIRED)),
    )
    allow(E.FEE_NOTICE, BEFORE_RESPONSE, Transition(S.FEE_REQUESTED, Clock.FEE_PAUSE, _ALERT))
    allow(E.EXTENSION, AWAITING_AUTHORITY, Transition(S.EXTENDED, Clock.EXTEND, _ALERT))
    for answer in (E.RESPONSE_PROVIDED, E.NOT_HELD):
        allow(answer, (*BEFORE_RESPONSE, *ANSWERED), Transition(S.RESPONDED, Clock.RESPONDED, _ALERT))
        # An answer while a review is pending is the review's outcome, whatever it calls itself.
        allow(answer, (S.REVIEW_REQUESTED,), Transition(S.REVIEW_DECIDED, Clock.REVIEW_DECIDED, _ALERT))
    allow(
        E.REFUSAL,
        (*BEFORE_RESPONSE, *ANSWERED),
        Transition(S.REFUSED, Clock.RESPONDED, (Wanted.ALERT, Wanted.DRAFT_REVIEW_REQUEST)),
    )
    allow(E.REFUSAL, (S.REVIEW_REQUESTED,), Transition(S.REVIEW_DECIDED, Clock.REVIEW_DECIDED, _ALERT))
    stay(E.INTERNAL_REVIEW_ACKNOWLEDGEMENT, (S.REVIEW_REQUESTED,))
    # The review request itself was missed (sent from elsewhere): the acknowledgement dates it.
    allow(
        E.INTERNAL_REVIEW_ACKNOWLEDGEMENT,
        (*BEFORE_RESPONSE, *ANSWERED),
        Transition(S.REVIEW_REQUESTED, Clock.REVIEW_REQUESTED),
    )
    allow(
        E.INTERNAL_REVIEW_OUTCOME,
        (*BEFORE_RESPONSE, *ANSWERED, S.REVIEW_REQUESTED),
        Transition(S.REVIEW_DECIDED, Clock.REVIEW_DECIDED, _ALERT),
    )
    allow(
        E.DELIVERY_FAILURE,
        (S.SENT, S.DELIVERY_FAILED),
        Transition(S.DELIVERY_FAILED, wanted=(Wanted.ALERT, Wanted.CHECK_ADDRESS)),
    )
    # A bounce of a later message leaves the state alone, but the user must hear of it.
    stay(E.DELIVERY_FAILURE, (s for s in OPEN if s not in (S.SENT, S.DELIVERY_FAILED)), _ALERT)
    stay(E.AUTO_REPLY, OPEN)
    stay(E.OTHER, OPEN)
    # -- the requester's own messages: what a reply means depends on what was asked
    allow(E.REQUESTER_REPLY, (S.CLARIFICATION_REQUESTED,), Transition(S.ACKNOWLEDGED, Clock.CLARIFIED))
    allow(E.REQUESTER_REPLY, (S.STAY_ALIVE_PENDING,), Transition(S.ACKNOWLEDGED))
    allow(E.REQUESTER_REPLY, (S.DELIVERY_FAILED,), Transition(S.SENT, Clock.RESENT))
    stay(
        E.REQUESTER_REPLY,
        (*AWAITING_AUTHORITY, S.FEE_REQUESTED, *ANSWERED, S.REVIEW_REQUESTED, S.REVIEW_DECIDED),
    )
    allow(
        E.REVIEW_REQUEST_SENT,
        (*BEFORE_RESPONSE, *ANSWERED),
        Transition(S.REVIEW_REQUESTED, Clock.REVIEW_REQUESTED),
    )
    stay(E.REVIEW_REQUEST_SENT, (S.REVIEW_REQUESTED,))
    allow(E.WITHDRAWAL_SENT, (*OPEN, S.CLOSED), Transition(S.WITHDRAWN))
    allow(E.CLOSED_BY_USER, OPEN, Transition(S.CLOSED))
    # -- a request the user closed: later mail is recorded but moves nothing (until a reopen)
    stay(E.CLOSED_BY_USER, (S.CLOSED,))
    for kind in EventKind:
        if kind not in (E.WITHDRAWAL_SENT, E.CLOSED_BY_USER, E.REOPENED_BY_USER):
            stay(kind, (S.CLOSED,))
    # The close a reopen undoes is taken out before the fold, so the reopen itself moves nothing.
    stay(E.REOPENED_BY_USER, OPEN)
    return MappingProxyType(table)


TRANSITIONS: Mapping[tuple[RequestState, EventKind], Transition] = _table()


def event_kind_for(kind: Kind) -> EventKind:
    return EventKind(kind.value)


@dataclass(frozen=True, slots=True)
class LifecycleEvent:
    """One thing that happened to a request, with what its message said about dates."""

    key: str  # identity for de-duplication: a Message-ID, or a stored row id
    at: dt.datetime  # the message's date (timezone-aware)
    kind: EventKind
    reply_by: dt.date | None = None
    due_date: dt.date | None = None
    message_row: int | None = None


@dataclass(frozen=True, slots=True)
class Step:
    """The effect of one event during the fold."""

    event: LifecycleEvent
    before: RequestState
    after: RequestState
    applied: bool  # False: the move is impossible from `before`; state kept, step recorded
    wanted: tuple[Wanted, ...]
    undone: bool = False  # a close that a later reopen took back (a no-op step)

    @property
    def note(self) -> str:
        kind = self.event.kind.value.replace("_", " ")
        if self.undone:
            return f"{kind}: undone by a later reopen"
        if not self.applied:
            return f"{kind} not expected while {self.before.value}; state kept"
        if self.before is self.after:
            return f"{kind}: still {self.after.value}"
        return f"{kind}: {self.before.value} -> {self.after.value}"


def requester_must_act(state: RequestState) -> bool:
    """Whether the next move is the requester's (answer, pay, fix an address, or seek a review)."""
    return state in (*REQUESTER_TO_ACT, S.DELIVERY_FAILED, S.REFUSED)


@dataclass(frozen=True, slots=True)
class Outcome:
    state: RequestState
    deadlines: Deadlines
    steps: tuple[Step, ...]

    @property
    def requester_must_act(self) -> bool:
        return requester_must_act(self.state)


@dataclass(frozen=True, slots=True)
class _Fold:
    state: RequestState
    timeline: Timeline
    reply_by: dt.date | None = None


def _sorted_unique(events: Iterable[LifecycleEvent]) -> list[LifecycleEvent]:
    seen: dict[str, LifecycleEvent] = {}
    for event in events:
        seen.setdefault(event.key, event)
    return sorted(seen.values(), key=lambda e: (e.at, e.key))


def _undone_closes(events: Iterable[LifecycleEvent]) -> frozenset[str]:
    """Keys of the closes a later reopen takes back: each reopen undoes the latest close in force.

    Taking the close out of the fold (not restoring a saved state) means the request ends up where
    it would be had it never been closed, mail that arrived meanwhile included.
    """
    in_force: list[str] = []
    undone: set[str] = set()
    for event in events:  # in date order
        if event.kind is EventKind.CLOSED_BY_USER:
            in_force.append(event.key)
        elif event.kind is EventKind.REOPENED_BY_USER and in_force:
            undone.add(in_force.pop())
    return frozenset(undone)


def _apply_clock(timeline: Timeline, clock: Clock, event: LifecycleEvent, regime: Regime) -> Timeline:
    day = event.at.date()
    match clock:
        case Clock.CLARIFIED:
            return timeline.with_clarification(day)
        case Clock.FEE_PAUSE:
            return timeline.with_fee_notice(day)
        case Clock.EXTEND:
            new_due = event.due_date or extended_due(
                regime,
                timeline.received,
                clarified=timeline.clarified,
                fee_paused=timeline.fee_pauses,
                nonworking_receipt=timeline.nonworking_receipt,
            )
            return timeline if new_due is None else timeline.with_extension(new_due)
        case Clock.RESPONDED:
            return timeline.with_response(day)
        case Clock.REVIEW_REQUESTED:
            return timeline.with_review_request(day)
        case Clock.REVIEW_DECIDED:
            if timeline.review_requested is None:
                timeline = timeline.with_review_request(day)
            return timeline.with_review_decision(day)
        case Clock.RESENT:
            return replace(timeline, received=day, clarified=None, fee_pauses=(), extended_to=None)
        case Clock.NONE:
            return timeline


def _reply_by(fold: _Fold, to: RequestState, event: LifecycleEvent, regime: Regime) -> dt.date | None:
    if to not in REQUESTER_TO_ACT:
        return None
    if to is fold.state and event.reply_by is None:
        return fold.reply_by  # a repeat of the same ask without a date keeps the earlier date
    if to is S.FEE_REQUESTED:
        return event.reply_by or fee_payment_by(regime, event.at.date())
    return event.reply_by


def _step(fold: _Fold, event: LifecycleEvent, regime: Regime) -> tuple[_Fold, Step]:
    transition = TRANSITIONS.get((fold.state, event.kind))
    if transition is None:
        return fold, Step(event, fold.state, fold.state, applied=False, wanted=())
    timeline = _apply_clock(fold.timeline, transition.clock, event, regime)
    after = _Fold(transition.to, timeline, _reply_by(fold, transition.to, event, regime))
    return after, Step(event, fold.state, transition.to, applied=True, wanted=transition.wanted)


def deadlines_for(state: RequestState, timeline: Timeline, reply_by: dt.date | None) -> Deadlines:
    """The dates that matter in `state`: the clock's figures, filtered to what is still live."""
    if state in FINISHED:
        return Deadlines()
    full = timeline.deadlines()
    # While a clarification is awaited the authority's clock is not running (it restarts on reply).
    authority_running = (*AWAITING_AUTHORITY, S.STAY_ALIVE_PENDING, S.FEE_REQUESTED)
    return Deadlines(
        authority_due=full.authority_due if state in authority_running else None,
        requester_reply_by=reply_by if state in REQUESTER_TO_ACT else None,
        review_request_by=full.review_request_by if state in (*BEFORE_RESPONSE, *ANSWERED) else None,
        review_due=full.review_due if state is S.REVIEW_REQUESTED else None,
        regulator_by=full.regulator_by if state in (S.REVIEW_REQUESTED, S.REVIEW_DECIDED) else None,
    )


def replay(
    regime_key: str,
    sent_on: dt.date,
    events: Iterable[LifecycleEvent],
    *,
    nonworking_receipt: NonworkingReceipt = "ico",
) -> Outcome:
    """State and deadlines of a request sent on `sent_on`, after all of `events` (in any order)."""
    regime = get_regime(regime_key)
    fold = _Fold(S.SENT, Timeline(regime, sent_on, nonworking_receipt=nonworking_receipt))
    steps: list[Step] = []
    ordered = _sorted_unique(events)
    undone = _undone_closes(ordered)
    for event in ordered:
        if event.key in undone:
            steps.append(Step(event, fold.state, fold.state, applied=True, wanted=(), undone=True))
            continue
        fold, step = _step(fold, event, regime)
        steps.append(step)
    return Outcome(fold.state, deadlines_for(fold.state, fold.timeline, fold.reply_by), tuple(steps))


def fresh_wanted(outcome: Outcome, key: str) -> tuple[Wanted, ...]:
    """Actions the event `key` still asks for: none if a later event has already moved the request on."""
    for index, step in enumerate(outcome.steps):
        if step.event.key != key:
            continue
        later_moves = [s for s in outcome.steps[index + 1 :] if s.applied and s.before is not s.after]
        return () if later_moves or not step.applied else step.wanted
    return ()
