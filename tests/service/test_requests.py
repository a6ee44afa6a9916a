"""service.requests on a real SQLite file: close/reopen, and attach/retry queueing their alerts."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from foibot.adapters import outbox
from foibot.adapters.store import Store
from foibot.config import Settings
from foibot.core.model import RequestState
from foibot.errors import UsageError
from foibot.service import actions, requests
from foibot.service.ingest import MessageSource, ingest
from tests.service.threads import date_of, feed, replay_thread, thread_files
from tests.service.threads import settings as thread_settings

UTC = dt.UTC
STAY_ALIVE_ID = "<chase-4471@northmere.gov.uk>"


def config(tmp_path: Path, owner_name: str | None = None) -> Settings:
    base = thread_settings(tmp_path)
    mailbox = base.mailboxes[0].model_copy(update={"owner_name": owner_name})
    notify = base.notify.model_copy(update={"to": ["alerts@example.org"]})
    return base.model_copy(update={"notify": notify, "mailboxes": [mailbox]})


@pytest.fixture
def env(tmp_path: Path):
    settings = config(tmp_path)
    with Store.open(settings.storage.path) as store:
        yield store, settings


def queued(store: Store) -> list[str]:
    return [row.dedupe_key for row in outbox.rows(store.db)]


def test_close_stops_every_action_and_survives_new_mail(env) -> None:
    store, settings = env
    replay_thread(store, "origin", settings)
    now = dt.datetime(2018, 7, 3, 9, tzinfo=UTC)
    assert actions.due_actions(store, now, settings)  # the stay-alive check wants an answer
    closed = requests.close(store, 1, now=now, settings=settings, reason="  got it elsewhere ")
    assert closed.state is RequestState.CLOSED
    assert actions.due_actions(store, now, settings) == []
    assert actions.due_actions(store, now + dt.timedelta(days=30), settings) == []
    assert any(e.summary == "Closed by you (foibot close): got it elsewhere" for e in store.events(1))
    with pytest.raises(UsageError, match="already closed"):
        requests.close(store, 1, now=now, settings=settings)
    [row] = [r for r in requests.status(store, now.date(), include_finished=True) if r.request.id == 1]
    assert row.request.state is RequestState.CLOSED
    assert requests.status(store, now.date()) == []


def test_reopen_returns_the_request_to_its_mail_and_queues_what_it_asks(env) -> None:
    store, settings = env
    replay_thread(store, "origin", settings)
    now = dt.datetime(2018, 7, 3, 9, tzinfo=UTC)
    with pytest.raises(UsageError, match="not closed"):
        requests.reopen(store, 1, now=now, settings=settings)
    requests.close(store, 1, now=now, settings=settings)
    assert queued(store) == []
    reopened = requests.reopen(store, 1, now=now + dt.timedelta(hours=1), settings=settings)
    assert reopened.state is RequestState.STAY_ALIVE_PENDING
    assert reopened.deadlines.requester_reply_by == dt.date(2018, 7, 24)
    assert set(queued(store)) >= {f"alert:1:{STAY_ALIVE_ID}", f"draft:1:stay_alive:{STAY_ALIVE_ID}"}


CLARIFICATION = (
    b"From: Casework Desk <casework@ridgeway-water.co.uk>\r\nTo: alex@example.org\r\n"
    b"Subject: Your request for information\r\nDate: Thu, 12 Sep 2024 11:30:00 +0100\r\n"
    b"Message-ID: <clarify-77@ridgeway-water.co.uk>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Dear Mr Rowan,\r\n\r\nBefore we can deal with your request we need you to clarify which halls of "
    b"residence you mean and the period the complaints should cover. Please reply by 10 October 2024. "
    b"If we do not hear from you by then, we will treat the request as withdrawn.\r\n\r\nCasework Desk\r\n"
)


def attach_clarification(store: Store, settings: Settings) -> None:
    replay_thread(store, "unknown_sender", settings)
    delivered = date_of(CLARIFICATION)
    source = MessageSource("personal", "INBOX", "inbox", 1, 99, delivered)
    with store.transaction():
        result = ingest(store, CLARIFICATION, source, now=delivered, settings=settings)
    assert result.status == "unmatched"
    requests.attach(
        store, result.message_row or 0, 1, now=delivered + dt.timedelta(hours=1), settings=settings
    )


def test_attach_queues_the_alert_and_draft_in_the_same_transaction(env) -> None:
    store, settings = env
    attach_clarification(store, settings)
    assert store.get_request(1).state is RequestState.CLARIFICATION_REQUESTED
    key = "clarify-77@ridgeway-water.co.uk"
    assert set(queued(store)) == {f"alert:1:<{key}>", f"draft:1:clarification:<{key}>"}


def test_quarantine_retry_queues_what_the_message_asks(env) -> None:
    store, settings = env
    files = thread_files("origin")
    for uid, path in enumerate(files[:-1], 1):
        feed(store, path, settings, uid=uid)
    store.db.execute("ALTER TABLE events RENAME TO events_away")  # the next message fails mid-way
    failed = feed(store, files[-1], settings, uid=len(files))
    store.db.execute("ALTER TABLE events_away RENAME TO events")
    assert failed.status == "quarantined" and failed.quarantine_id is not None
    now = date_of(files[-1].read_bytes()) + dt.timedelta(minutes=5)
    result = requests.retry_quarantined(store, failed.quarantine_id, now=now, settings=settings)
    assert result.status == "matched"
    assert f"alert:1:{STAY_ALIVE_ID}" in queued(store)


def test_drafts_are_signed_with_the_mailbox_owner_name(tmp_path: Path) -> None:
    settings = config(tmp_path, owner_name="Alex Rowan")
    with Store.open(settings.storage.path) as store:
        attach_clarification(store, settings)
        [draft] = [row for row in outbox.rows(store.db) if row.kind == "draft"]
    msg = BytesParser(policy=policy.default).parsebytes(draft.raw)
    assert str(msg["From"]) == "Alex Rowan <alex@example.org>"
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    assert "Yours faithfully,\n\nAlex Rowan\n" in text


def test_close_cancels_what_is_still_queued_for_the_request(env) -> None:
    store, settings = env
    attach_clarification(store, settings)  # queues an alert and a draft for request 1
    waiting = {row.dedupe_key for row in outbox.rows(store.db, status="queued") if row.request_id == 1}
    assert waiting
    requests.close(store, 1, now=dt.datetime(2024, 9, 13, 9, tzinfo=UTC), settings=settings)
    assert [row for row in outbox.rows(store.db, status="queued") if row.request_id == 1] == []
    cancelled = outbox.rows(store.db, status="cancelled")
    assert {row.dedupe_key for row in cancelled} == waiting
    assert all(row.last_error == "cancelled: request closed by you" for row in cancelled)
    assert outbox.due(store.db, dt.datetime(2024, 9, 14, tzinfo=UTC)) == []  # nothing left to send
    count = len(waiting)
    assert any(e.summary.endswith(f"({count} queued messages cancelled)") for e in store.events(1))
