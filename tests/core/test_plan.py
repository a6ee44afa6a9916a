"""core.plan: stable keys, reminders (incl. missed runs), overdue stages, auto-confirm rules."""

from __future__ import annotations

import datetime as dt

import pytest

from foibot.core.model import Deadlines, FoiRequest, Kind, RequestState
from foibot.core.plan import (
    ActionKind,
    AuthorityMessage,
    DraftKind,
    PlanPolicy,
    RequestSnapshot,
    domain_matches,
    plan,
    plan_request,
)

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
    assert reminder_keys(dt.date(2018, 5, 14), snap) == []  # the deadline has passed


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
