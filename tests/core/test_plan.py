"""core.plan: stable keys, reminders (incl. missed runs), overdue stages, auto-confirm rules."""

from __future__ import annotations

import datetime as dt

import pytest

from foibot.core.lifecycle import EventKind, LifecycleEvent, replay
from foibot.core.model import Deadlines, FoiRequest, Kind, RequestState
from foibot.core.plan import (
    MISSED_ALERT_WINDOW,
    ActionKind,
    AuthorityMessage,
    DeadlineKind,
    DraftKind,
    PlanPolicy,
    RequestSnapshot,
    Stage,
    digest_for,
    domain_matches,
    missed_deadlines,
    plan,
    plan_request,
    request_calendar,
    working_days_before,
)
from foibot.core.regimes import REGIMES

UTC = dt.UTC
POLICY = PlanPolicy(reminder_working_days=(5, 2, 1))


def request(state=RequestState.CLARIFICATION_REQUESTED, auto_confirm=None, **deadlines) -> FoiRequest:
    return FoiRequest(
        id=7,
        regime="uk_foia",
        authority_email="foi@met.police.uk",
        subject="Predictive policing",
        sent_on=dt.date(2018, 3, 16),
        state=state,
        deadlines=Deadlines(**deadlines),
        owner="me@example.org",
        mailbox="personal",
        auto_confirm=auto_confirm,
    )


def message(kind=Kind.STAY_ALIVE_CHECK, *, sender="irunit@met.police.uk", confidence=0.95, at=None):
    return AuthorityMessage(
        row_id=3,
        kind=kind,
        confidence=confidence,
        message_id="<abc@met.police.uk>",
        references=(),
        from_addr=sender,
        from_name="IR unit",
        subject="FOI 2018030000615",
        received_at=at or dt.datetime(2018, 7, 10, 9, tzinfo=UTC),
        reply_by=dt.date(2018, 7, 24),
    )


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def reminder_keys(day: dt.date, snapshot: RequestSnapshot) -> list[str]:
    actions = plan_request(snapshot, now=at(day), today=day, policy=POLICY)
    return [a.key for a in actions if a.kind is ActionKind.REMINDER]


def test_reminders_fall_5_2_1_working_days_before_and_skip_the_bank_holiday():
    snap = RequestSnapshot(request(requester_reply_by=dt.date(2018, 5, 11)))
    assert reminder_keys(dt.date(2018, 5, 2), snap) == []
    # 7 May 2018 is a bank holiday: 5 working days before Fri 11 May is Thu 3 May.
    assert reminder_keys(dt.date(2018, 5, 3), snap) == ["reminder:7:requester_reply_by:2018-05-11:5"]
    assert reminder_keys(dt.date(2018, 5, 8), snap) == ["reminder:7:requester_reply_by:2018-05-11:5"]
    assert reminder_keys(dt.date(2018, 5, 9), snap) == ["reminder:7:requester_reply_by:2018-05-11:2"]
    assert reminder_keys(dt.date(2018, 5, 11), snap) == ["reminder:7:requester_reply_by:2018-05-11:1"]
    # The deadline has passed: no more reminders, one "missed" alert instead.
    assert reminder_keys(dt.date(2018, 5, 14), snap) == ["missed:7:requester_reply_by:2018-05-11"]


def test_missed_runs_yield_one_reminder_the_latest_due():
    snap = RequestSnapshot(request(requester_reply_by=dt.date(2018, 5, 11)))
    # Nothing ran between 2 May and 10 May: one reminder, not three.
    assert reminder_keys(dt.date(2018, 5, 10), snap) == ["reminder:7:requester_reply_by:2018-05-11:1"]


def test_plan_is_deterministic():
    snaps = [
        RequestSnapshot(
            request(requester_reply_by=dt.date(2018, 5, 11)),
            (message(Kind.CLARIFICATION_REQUEST, at=at(dt.date(2018, 5, 8), 8)),),
        )
    ]
    first = plan(snaps, now=at(dt.date(2018, 5, 9)), today=dt.date(2018, 5, 9), policy=POLICY)
    second = plan(snaps, now=at(dt.date(2018, 5, 9)), today=dt.date(2018, 5, 9), policy=POLICY)
    assert [a.key for a in first] == [a.key for a in second]
    assert {a.kind for a in first} == {ActionKind.ALERT, ActionKind.DRAFT, ActionKind.REMINDER}


def test_old_messages_raise_no_alert():
    snap = RequestSnapshot(request(RequestState.STAY_ALIVE_PENDING), (message(at=at(dt.date(2018, 6, 1))),))
    actions = plan_request(snap, now=at(dt.date(2018, 7, 12)), today=dt.date(2018, 7, 12), policy=POLICY)
    assert [a for a in actions if a.kind is ActionKind.ALERT] == []


def test_overdue_then_escalate():
    req = request(RequestState.ACKNOWLEDGED, authority_due=dt.date(2018, 4, 16))
    snap = RequestSnapshot(req)
    on_due = plan_request(snap, now=at(dt.date(2018, 4, 16)), today=dt.date(2018, 4, 16), policy=POLICY)
    assert [a for a in on_due if a.stage is not None and a.stage.value != "before"] == []
    late = plan_request(snap, now=at(dt.date(2018, 4, 17)), today=dt.date(2018, 4, 17), policy=POLICY)
    assert {a.key for a in late} >= {
        "reminder:7:authority_due:2018-04-16:overdue",
        "draft:7:chase:authority_due:2018-04-16",
    }
    much_later = plan_request(snap, now=at(dt.date(2018, 5, 2)), today=dt.date(2018, 5, 2), policy=POLICY)
    drafts = [a.draft for a in much_later if a.kind is ActionKind.DRAFT]
    assert drafts == [DraftKind.INTERNAL_REVIEW]


def test_no_acknowledgement_after_five_working_days():
    snap = RequestSnapshot(request(RequestState.SENT, authority_due=dt.date(2018, 4, 16)))
    # The "uk" calendar counts every UK nation's holidays: 19 March (St Patrick's Day) is not worked.
    assert reminder_keys(dt.date(2018, 3, 23), snap) == []
    assert reminder_keys(dt.date(2018, 3, 26), snap) == ["reminder:7:acknowledgement:2018-03-16:overdue"]


def _stay_alive_plan(req: FoiRequest, msg: AuthorityMessage, policy: PlanPolicy = POLICY):
    snap = RequestSnapshot(req, (msg,))
    return plan_request(snap, now=at(dt.date(2018, 7, 10), 10), today=dt.date(2018, 7, 10), policy=policy)


def test_stay_alive_without_opt_in_gets_a_draft_and_an_alert():
    actions = _stay_alive_plan(request(RequestState.STAY_ALIVE_PENDING), message())
    assert sorted(a.kind for a in actions) == [ActionKind.ALERT, ActionKind.DRAFT]
    alert = next(a for a in actions if a.kind is ActionKind.ALERT)
    assert alert.draft is DraftKind.STAY_ALIVE and not alert.auto_confirmed


@pytest.mark.parametrize("sender", ["irunit@met.police.uk", "x@foi.met.police.uk"])
def test_auto_confirm_from_the_authority_domain(sender):
    actions = _stay_alive_plan(
        request(RequestState.STAY_ALIVE_PENDING, auto_confirm=True), message(sender=sender)
    )
    kinds = sorted(a.kind for a in actions)
    assert kinds == [ActionKind.ALERT, ActionKind.AUTO_CONFIRM]
    assert next(a for a in actions if a.kind is ActionKind.ALERT).auto_confirmed


@pytest.mark.parametrize(
    ("sender", "confidence"),
    [
        ("foi@evil.example", 0.99),  # another domain
        ("foi@notmet.police.uk", 0.99),  # a look-alike suffix is not a subdomain
        ("foi@met.police.uk.evil.example", 0.99),
        ("irunit@met.police.uk", 0.79),  # not sure enough
    ],
)
def test_no_auto_confirm_for_forged_or_uncertain_checks(sender, confidence):
    req = request(RequestState.STAY_ALIVE_PENDING, auto_confirm=True)
    actions = _stay_alive_plan(req, message(sender=sender, confidence=confidence))
    assert ActionKind.AUTO_CONFIRM not in {a.kind for a in actions}
    assert ActionKind.DRAFT in {a.kind for a in actions}


def test_policy_default_and_per_request_override():
    on = PlanPolicy(auto_confirm_still_required=True)
    assert ActionKind.AUTO_CONFIRM in {
        a.kind for a in _stay_alive_plan(request(RequestState.STAY_ALIVE_PENDING), message(), on)
    }
    req_off = request(RequestState.STAY_ALIVE_PENDING, auto_confirm=False)
    assert ActionKind.AUTO_CONFIRM not in {a.kind for a in _stay_alive_plan(req_off, message(), on)}


def test_domain_matches():
    assert domain_matches("MET.police.uk", "met.police.uk")
    assert domain_matches("a.met.police.uk", "met.police.uk")
    assert not domain_matches("xmet.police.uk", "met.police.uk")
    assert not domain_matches(None, "met.police.uk")


def test_a_missed_reply_by_is_derived_alerted_once_and_cleared_by_a_late_reply():
    pending = request(requester_reply_by=dt.date(2018, 5, 11))
    assert missed_deadlines(pending, dt.date(2018, 5, 11)) == ()  # the last day itself is not missed
    [missed] = missed_deadlines(pending, dt.date(2018, 5, 12))
    assert (missed.kind, missed.date) == (DeadlineKind.REQUESTER_REPLY, dt.date(2018, 5, 11))
    day_after_weekend = dt.date(2018, 5, 14)
    [action] = plan_request(
        RequestSnapshot(pending), now=at(day_after_weekend), today=day_after_weekend, policy=POLICY
    )
    assert (action.key, action.stage, action.kind) == (
        "missed:7:requester_reply_by:2018-05-11",
        Stage.MISSED,
        ActionKind.REMINDER,
    )
    # Long after, it is still shown but no longer mailed (e.g. the first scan of an old mailbox).
    later = dt.date(2018, 5, 11) + MISSED_ALERT_WINDOW + dt.timedelta(days=1)
    assert missed_deadlines(pending, later) and reminder_keys(later, RequestSnapshot(pending)) == []
    # A late reply moves the request on: nothing is at risk any more, nothing was withdrawn.
    answered = request(state=RequestState.ACKNOWLEDGED, authority_due=dt.date(2018, 6, 20))
    assert missed_deadlines(answered, dt.date(2018, 5, 14)) == ()


def test_a_closed_request_gets_nothing_and_misses_nothing():
    closed = request(state=RequestState.CLOSED)
    snap = RequestSnapshot(closed, (message(Kind.CLARIFICATION_REQUEST),))
    assert plan_request(snap, now=at(dt.date(2018, 7, 10)), today=dt.date(2018, 7, 10), policy=POLICY) == []
    assert missed_deadlines(closed, dt.date(2018, 9, 1)) == ()


def _after(regime: str, sent: dt.date, *events: LifecycleEvent) -> FoiRequest:
    outcome = replay(regime, sent, events)
    return FoiRequest(7, regime, "foi@body.example", "Bus shelters", sent, outcome.state, outcome.deadlines)


def _keys_on(day: dt.date, req: FoiRequest) -> list[str]:
    return [a.key for a in plan_request(RequestSnapshot(req), now=at(day), today=day, policy=POLICY)]


@pytest.mark.parametrize("regime", sorted(k for k, r in REGIMES.items() if r.review_request is not None))
def test_every_review_window_is_reminded_before_it_closes_and_flagged_after(regime):
    sent = dt.date(2024, 10, 1)
    refusal = LifecycleEvent("r", dt.datetime(2024, 11, 4, 10, tzinfo=UTC), EventKind.REFUSAL)
    refused = _after(regime, sent, refusal)
    by = refused.deadlines.review_request_by
    assert by is not None and refused.state is RequestState.REFUSED
    first = working_days_before(request_calendar(refused), by, 5)
    assert f"reminder:7:review_request_by:{by.isoformat()}:5" in _keys_on(first, refused)
    assert f"reminder:7:review_request_by:{by.isoformat()}:1" in _keys_on(by, refused)
    next_day = by + dt.timedelta(days=1)
    assert f"missed:7:review_request_by:{by.isoformat()}" in _keys_on(next_day, refused)
    assert [m.kind for m in missed_deadlines(refused, next_day)] == [DeadlineKind.REVIEW_REQUEST]


def test_foisa_worked_examples_e15_response_and_e14_silence():
    # E15: response (here a refusal) received Mon 2024-11-04: review by Mon 2025-01-06.
    refusal = LifecycleEvent("r", dt.datetime(2024, 11, 4, 10, tzinfo=UTC), EventKind.REFUSAL)
    assert _after("scot_foisa", dt.date(2024, 10, 7), refusal).deadlines.review_request_by == dt.date(
        2025, 1, 6
    )
    # E14: received Mon 2024-11-04, no response: due Tue 2024-12-03, review by Mon 2025-02-03.
    silent = _after("scot_foisa", dt.date(2024, 11, 4))
    assert silent.deadlines.authority_due == dt.date(2024, 12, 3)
    assert silent.deadlines.review_request_by == dt.date(2025, 2, 3)
    assert missed_deadlines(silent, dt.date(2024, 12, 20)) == ()  # authority overdue, your window open
    assert "reminder:7:review_request_by:2025-02-03:5" in _keys_on(dt.date(2025, 1, 27), silent)
    assert "missed:7:review_request_by:2025-02-03" in _keys_on(dt.date(2025, 2, 4), silent)
    # uk_foia has no review window after silence: nothing to miss.
    assert missed_deadlines(_after("uk_foia", dt.date(2024, 11, 4)), dt.date(2025, 6, 1)) == ()


def test_digest_lists_missed_deadlines_apart_from_open_ones():
    missed = request(requester_reply_by=dt.date(2018, 5, 11))
    upcoming = FoiRequest(
        8,
        "uk_foia",
        "foi@x.example",
        "Trees",
        dt.date(2018, 5, 1),
        RequestState.REFUSED,
        Deadlines(review_request_by=dt.date(2018, 6, 29)),
    )
    digest = digest_for(
        [missed, upcoming],
        [],
        recipient="me@example.org",
        slot=at(dt.date(2018, 5, 14)),
        today=dt.date(2018, 5, 14),
        since=None,
    )
    assert [(i.request.id, i.kind) for i in digest.missed] == [(7, DeadlineKind.REQUESTER_REPLY)]
    assert [(i.request.id, i.kind) for i in digest.action_needed] == [(8, DeadlineKind.REVIEW_REQUEST)]
    assert not digest.is_empty
