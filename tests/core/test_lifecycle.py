"""The transition table and the fold: table-driven cases, then order and duplicate properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from foibot.core.lifecycle import (
    TRANSITIONS,
    EventKind,
    LifecycleEvent,
    Outcome,
    Wanted,
    fresh_wanted,
    replay,
    requester_must_act,
)
from foibot.core.model import RequestState

E = EventKind
S = RequestState
SENT_ON = dt.date(2024, 3, 4)  # a Monday


def ev(
    key: str, day: str, kind: EventKind, *, reply_by: dt.date | None = None, due_date: dt.date | None = None
) -> LifecycleEvent:
    at = dt.datetime.fromisoformat(f"{day}T10:00+00:00")
    return LifecycleEvent(key, at, kind, reply_by=reply_by, due_date=due_date)


def test_every_open_state_has_a_row_for_quiet_mail() -> None:
    for state in S:
        if state in (S.CLOSED, S.WITHDRAWN):
            continue
        assert TRANSITIONS[(state, E.AUTO_REPLY)].to is state
        assert TRANSITIONS[(state, E.OTHER)].to is state


def test_acknowledgement_starts_nothing_new() -> None:
    outcome = replay("uk_foia", SENT_ON, [ev("a", "2024-03-05", E.ACKNOWLEDGEMENT)])
    assert outcome.state is S.ACKNOWLEDGED
    assert outcome.deadlines.authority_due == dt.date(2024, 4, 4)
    assert not outcome.requester_must_act


def test_clarification_stops_the_clock_and_the_reply_restarts_it() -> None:
    asked = ev("c", "2024-03-08", E.CLARIFICATION_REQUEST, reply_by=dt.date(2024, 4, 8))
    waiting = replay("uk_foia", SENT_ON, [asked])
    assert waiting.state is S.CLARIFICATION_REQUESTED
    assert waiting.deadlines.authority_due is None
    assert waiting.deadlines.requester_reply_by == dt.date(2024, 4, 8)
    assert waiting.requester_must_act
    answered = replay("uk_foia", SENT_ON, [asked, ev("r", "2024-04-02", E.REQUESTER_REPLY)])
    assert answered.state is S.ACKNOWLEDGED
    assert answered.deadlines.requester_reply_by is None
    assert answered.deadlines.authority_due == dt.date(2024, 4, 30)  # 20 WD from Tue 2 Apr 2024


def test_extension_uses_the_date_the_authority_gave_else_the_regime_rule() -> None:
    given_date = replay(
        "uk_foia", SENT_ON, [ev("x", "2024-03-28", E.EXTENSION, due_date=dt.date(2024, 5, 2))]
    )
    assert given_date.state is S.EXTENDED
    assert given_date.deadlines.authority_due == dt.date(2024, 5, 2)
    by_rule = replay("uk_eir", SENT_ON, [ev("x", "2024-03-28", E.EXTENSION)])
    assert by_rule.deadlines.authority_due is not None
    assert by_rule.deadlines.authority_due > dt.date(2024, 4, 4)


def test_fee_notice_pauses_and_sets_a_payment_date() -> None:
    outcome = replay("uk_foia", SENT_ON, [ev("f", "2024-03-11", E.FEE_NOTICE)])
    assert outcome.state is S.FEE_REQUESTED
    assert outcome.deadlines.authority_due is None  # paused while unpaid
    assert outcome.deadlines.requester_reply_by == dt.date(2024, 6, 10)  # 3 months beginning with 11 Mar


def test_refusal_review_and_regulator_windows() -> None:
    refused = replay("uk_foia", SENT_ON, [ev("n", "2024-03-28", E.REFUSAL)])
    assert refused.state is S.REFUSED and refused.requester_must_act
    assert refused.deadlines.review_request_by is not None
    assert fresh_wanted(refused, "n") == (Wanted.ALERT, Wanted.DRAFT_REVIEW_REQUEST)
    reviewed = replay(
        "uk_foia",
        SENT_ON,
        [ev("n", "2024-03-28", E.REFUSAL), ev("q", "2024-04-02", E.REVIEW_REQUEST_SENT)],
    )
    assert reviewed.state is S.REVIEW_REQUESTED
    assert reviewed.deadlines.review_due == dt.date(2024, 4, 30)
    decided = replay(
        "uk_foia",
        SENT_ON,
        [
            ev("n", "2024-03-28", E.REFUSAL),
            ev("q", "2024-04-02", E.REVIEW_REQUEST_SENT),
            ev("o", "2024-04-25", E.INTERNAL_REVIEW_OUTCOME),
        ],
    )
    assert decided.state is S.REVIEW_DECIDED
    assert decided.deadlines.regulator_by == dt.date(2024, 6, 6)  # 6 weeks


def test_bounce_then_resend_restarts_from_the_resend() -> None:
    bounced = replay("uk_foia", SENT_ON, [ev("b", "2024-03-04", E.DELIVERY_FAILURE)])
    assert bounced.state is S.DELIVERY_FAILED
    assert bounced.deadlines.authority_due is None
    assert fresh_wanted(bounced, "b") == (Wanted.ALERT, Wanted.CHECK_ADDRESS)
    resent = replay(
        "uk_foia",
        SENT_ON,
        [ev("b", "2024-03-04", E.DELIVERY_FAILURE), ev("s", "2024-03-11", E.REQUESTER_REPLY)],
    )
    assert resent.state is S.SENT
    assert resent.deadlines.authority_due == dt.date(2024, 4, 11)


def test_impossible_move_is_recorded_not_raised() -> None:
    outcome = replay(
        "uk_foia",
        SENT_ON,
        [ev("r", "2024-03-20", E.RESPONSE_PROVIDED), ev("a", "2024-03-21", E.ACKNOWLEDGEMENT)],
    )
    assert outcome.state is S.RESPONDED
    late = outcome.steps[-1]
    assert not late.applied
    assert "not expected while responded" in late.note


def test_stale_wants_are_dropped_once_the_request_moved_on() -> None:
    outcome = replay(
        "uk_foia",
        SENT_ON,
        [ev("c", "2024-03-08", E.STAY_ALIVE_CHECK), ev("r", "2024-03-20", E.RESPONSE_PROVIDED)],
    )
    assert fresh_wanted(outcome, "c") == ()
    assert fresh_wanted(outcome, "r") == (Wanted.ALERT,)


def test_withdrawal_and_closing_clear_every_deadline() -> None:
    outcome = replay("uk_foia", SENT_ON, [ev("w", "2024-03-08", E.WITHDRAWAL_SENT)])
    assert outcome.state is S.WITHDRAWN
    assert outcome.deadlines == type(outcome.deadlines)()
    assert not requester_must_act(S.CLOSED)


# The origin thread's shape: acknowledged, asked to clarify, clarified, then asked "still needed?".
THREAD = (
    ev("ack", "2024-03-05", E.ACKNOWLEDGEMENT),
    ev("clar", "2024-03-12", E.CLARIFICATION_REQUEST, reply_by=dt.date(2024, 4, 9)),
    ev("reply", "2024-03-14", E.REQUESTER_REPLY),
    ev("ext", "2024-04-08", E.EXTENSION, due_date=dt.date(2024, 5, 10)),
    ev("alive", "2024-06-03", E.STAY_ALIVE_CHECK, reply_by=dt.date(2024, 6, 17)),
    ev("yes", "2024-06-04", E.REQUESTER_REPLY),
    ev("resp", "2024-06-20", E.RESPONSE_PROVIDED),
)


def replay_matching_tidy(events: list[LifecycleEvent]) -> Outcome:
    """Replay `events` as given, checking it agrees with the de-duplicated, date-sorted replay."""
    outcome = replay("uk_foia", SENT_ON, events)
    tidy = replay("uk_foia", SENT_ON, sorted(set(events), key=lambda e: e.at))
    assert (outcome.state, outcome.deadlines) == (tidy.state, tidy.deadlines)
    return outcome


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(THREAD), max_size=12).flatmap(st.permutations))
def test_any_order_or_duplication_matches_the_tidy_replay(events: list[LifecycleEvent]) -> None:
    outcome = replay_matching_tidy(events)
    if events:
        latest = max(events, key=lambda e: e.at)
        last_step = outcome.steps[-1]
        assert last_step.event == latest
        # The state is the one the latest message leads to (or kept, if that move was impossible).
        assert outcome.state is (last_step.after if last_step.applied else last_step.before)
        if latest.kind is E.RESPONSE_PROVIDED:
            assert outcome.state is S.RESPONDED
    else:
        assert outcome.state is S.SENT


random_events = st.builds(
    LifecycleEvent,
    key=st.sampled_from("abcdefgh"),
    at=st.datetimes(
        min_value=dt.datetime(2024, 3, 1), max_value=dt.datetime(2025, 3, 1), timezones=st.just(dt.UTC)
    ),
    kind=st.sampled_from(list(E)),
    reply_by=st.none() | st.dates(min_value=dt.date(2024, 3, 1), max_value=dt.date(2025, 6, 1)),
    due_date=st.none() | st.dates(min_value=dt.date(2024, 3, 1), max_value=dt.date(2025, 6, 1)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(random_events, max_size=10), st.sampled_from(["uk_foia", "uk_eir", "scot_foisa", "us_foia"]))
def test_any_event_soup_gives_a_consistent_outcome(events: list[LifecycleEvent], regime: str) -> None:
    outcome = replay(regime, SENT_ON, events)
    assert len(outcome.steps) == len({e.key for e in events})
    state = S.SENT
    for step in outcome.steps:  # the steps chain: each starts where the previous one ended
        assert step.before is state
        state = step.after
    assert outcome.state is state
    if state not in (S.CLARIFICATION_REQUESTED, S.STAY_ALIVE_PENDING, S.FEE_REQUESTED):
        assert outcome.deadlines.requester_reply_by is None


def test_close_holds_against_later_mail_and_reopen_replays_as_if_never_closed() -> None:
    clarification = ev("clar", "2024-03-12", E.CLARIFICATION_REQUEST, reply_by=dt.date(2024, 4, 9))
    close = ev("user-1", "2024-03-13", E.CLOSED_BY_USER)
    refusal = ev("refused", "2024-03-20", E.REFUSAL)
    closed = replay("uk_foia", SENT_ON, [clarification, close, refusal])
    assert closed.state is S.CLOSED
    assert closed.deadlines == type(closed.deadlines)()
    assert closed.steps[-1].applied and closed.steps[-1].wanted == ()  # mail while closed asks for nothing

    reopened = replay(
        "uk_foia", SENT_ON, [clarification, close, refusal, ev("user-2", "2024-03-25", E.REOPENED_BY_USER)]
    )
    never_closed = replay("uk_foia", SENT_ON, [clarification, refusal])
    assert (reopened.state, reopened.deadlines) == (never_closed.state, never_closed.deadlines)
    assert reopened.state is S.REFUSED
    assert reopened.steps[1].note == "closed by user: undone by a later reopen"
    # A second close after the reopen is in force again; a reopen only undoes a close before it.
    again = replay(
        "uk_foia",
        SENT_ON,
        [
            clarification,
            close,
            ev("user-2", "2024-03-25", E.REOPENED_BY_USER),
            ev("user-3", "2024-03-26", E.CLOSED_BY_USER),
        ],
    )
    assert again.state is S.CLOSED
    early_reopen = replay("uk_foia", SENT_ON, [ev("user-0", "2024-03-05", E.REOPENED_BY_USER), close])
    assert early_reopen.state is S.CLOSED


def test_withdrawal_after_a_close_still_withdraws() -> None:
    outcome = replay(
        "uk_foia",
        SENT_ON,
        [ev("user-1", "2024-03-08", E.CLOSED_BY_USER), ev("w", "2024-03-09", E.WITHDRAWAL_SENT)],
    )
    assert outcome.state is S.WITHDRAWN


CLOSE_AND_REOPEN = (
    *THREAD,
    ev("user-1", "2024-03-20", E.CLOSED_BY_USER),
    ev("user-2", "2024-05-01", E.REOPENED_BY_USER),
    ev("user-3", "2024-06-10", E.CLOSED_BY_USER),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(CLOSE_AND_REOPEN), max_size=14).flatmap(st.permutations))
def test_closes_and_reopens_in_any_order_match_the_tidy_replay(events: list[LifecycleEvent]) -> None:
    outcome = replay_matching_tidy(events)
    keys = {e.key for e in events}
    if "user-3" in keys:  # the last word is a close
        assert outcome.state in (S.CLOSED, S.WITHDRAWN)
    elif "user-1" in keys and "user-2" in keys:  # closed then reopened: as if never closed
        without = [e for e in events if e.kind not in (E.CLOSED_BY_USER, E.REOPENED_BY_USER)]
        assert outcome.state is replay("uk_foia", SENT_ON, without).state
