"""Whole threads replayed through parse -> classify -> match -> lifecycle on a real SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foibot.adapters.store import Store
from foibot.core.model import RequestState
from tests.service.threads import replay_thread, settings


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "foibot.db") as opened:
        yield opened


def _statuses(results) -> list[str]:
    return [r.status for r in results]


def test_origin_thread_clarification_restarts_clock_then_stay_alive(store: Store, tmp_path: Path) -> None:
    config = settings(tmp_path)
    results = replay_thread(store, "origin", config)
    assert _statuses(results) == ["discovered", "matched", "matched", "matched", "matched"]
    assert [r.match_method for r in results[1:]] == ["thread"] * 4
    [request] = store.list_requests()
    assert request.sent_on == dt.date(2018, 3, 16)
    assert request.reference == "NBC-2018-4471"
    assert request.state is RequestState.STAY_ALIVE_PENDING
    assert request.deadlines.requester_reply_by == dt.date(2018, 7, 24)
    # The clarification sent on Tue 3 Apr 2018 restarted the 20 working days (Easter Monday 2 Apr
    # had passed): day 1 = 4 Apr ... day 20 = 1 May.
    assert request.deadlines.authority_due == dt.date(2018, 5, 1)
    kinds = [e.kind for e in store.events(request.id)]
    assert kinds.count("transition") == 4  # ack, clarification asked, clarified, stay-alive
    summaries = " | ".join(e.summary for e in store.events(request.id))
    assert "clarification_requested -> acknowledged" in summaries


def test_clock_before_clarification_runs_from_the_request(store: Store, tmp_path: Path) -> None:
    config = settings(tmp_path)
    replay_thread(store, "origin", config)
    [request] = store.list_requests()
    deadline_events = [e for e in store.events(request.id) if e.kind == "deadlines"]
    first = deadline_events[0].detail["authority_due"]
    # 20 working days from Fri 16 Mar 2018, skipping Easter and the NI substitute day of Mon 19 Mar.
    assert first == [None, "2018-04-18"]


def test_refusal_then_internal_review(store: Store, tmp_path: Path) -> None:
    results = replay_thread(store, "refusal", settings(tmp_path))
    assert _statuses(results) == ["discovered", "matched", "matched", "matched", "matched"]
    assert results[2].kind == "review_request_sent"
    [request] = store.list_requests()
    assert request.state is RequestState.REVIEW_DECIDED
    assert request.deadlines.regulator_by == dt.date(2019, 4, 23)  # 6 weeks after 12 Mar 2019
    states = [e.state for e in store.events(request.id) if e.kind == "transition"]
    assert states == [RequestState.REFUSED, RequestState.REVIEW_REQUESTED, RequestState.REVIEW_DECIDED]


def test_bounce_of_the_original_request(store: Store, tmp_path: Path) -> None:
    results = replay_thread(store, "bounce", settings(tmp_path))
    assert results[1].status == "matched"
    assert results[1].match_method == "bounce"
    [request] = store.list_requests()
    assert request.state is RequestState.DELIVERY_FAILED
    assert request.deadlines.authority_due is None


def test_broken_threading_matched_by_reference(store: Store, tmp_path: Path) -> None:
    results = replay_thread(store, "broken_threading", settings(tmp_path))
    assert results[2].status == "matched"
    assert results[2].match_method == "reference"
    [request] = store.list_requests()
    assert request.state is RequestState.RESPONDED
    assert request.deadlines.review_request_by is not None


def test_unknown_sender_left_unmatched_and_newsletter_ignored(store: Store, tmp_path: Path) -> None:
    results = replay_thread(store, "unknown_sender", settings(tmp_path))
    assert _statuses(results) == ["discovered", "unmatched", "ignored"]
    [request] = store.list_requests()
    assert request.state is RequestState.SENT
    unmatched = store.message_rows("disposition = 'unmatched'")
    assert [row["from_addr"] for row in unmatched] == ["records@ridgeway-water.co.uk"]


def test_replaying_a_thread_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    config = settings(tmp_path)
    replay_thread(store, "origin", config)
    [before] = store.list_requests()
    events_before = len(store.events(before.id))
    again = replay_thread(store, "origin", config)
    assert {r.status for r in again} == {"duplicate"}
    assert store.list_requests() == [before]
    assert len(store.events(before.id)) == events_before
