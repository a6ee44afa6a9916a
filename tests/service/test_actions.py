"""service.actions: the origin-like thread through ingest -> outbox -> real aiosmtpd.

Time is simulated through `now`; drafts go to a real Dovecot. Checks idempotency (replays,
repeated sweeps), SMTP outages and failures, interrupted sends, and automatic confirmation.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import partial
from pathlib import Path
from typing import Literal

import pytest

from foibot.adapters import outbox
from foibot.adapters.drafts import ImapDraftSaver
from foibot.adapters.smtp import SmtpSender
from foibot.adapters.store import Store
from foibot.config import Settings
from foibot.service import actions
from foibot.service.digest import preview, queue_digests
from foibot.service.ingest import MessageSource, ingest
from tests.service.threads import OWNER, date_of, thread_files

UTC = dt.UTC
AUTHORITY = "foi@northmere.gov.uk"
USER = "alerts@example.org"


def config(tmp_path: Path, sink, imap_user, **policy: object) -> Settings:
    return Settings.model_validate(
        {
            "storage": {"path": str(tmp_path / "foibot.db")},
            "mailbox": [
                {
                    "name": "personal",
                    "host": imap_user.host,
                    "port": imap_user.port,
                    "security": "none",
                    "username": imap_user.username,
                    "password": imap_user.password,
                    "owner": OWNER,
                }
            ],
            "smtp": {
                "host": sink.host,
                "port": sink.port,
                "security": "none",
                "from_address": "foibot@example.org",
                "timeout_seconds": 5,
            },
            "notify": {"to": [USER], "reminder_working_days": [5, 2, 1]},
            "policy": policy,
        }
    )


def replay(
    store: Store, settings: Settings, files: list[Path] | None = None, raws: list[bytes] | None = None
) -> None:
    """Ingest each fixture as the watcher would, with the actions hook, at its delivery time."""
    items = [(p.name, p.read_bytes()) for p in files or thread_files("origin")] + [
        (f"9{i}-inbox-extra", r) for i, r in enumerate(raws or [])
    ]
    for uid, (name, raw) in enumerate(items, 1):
        role: Literal["inbox", "sent"] = "sent" if "-sent-" in name else "inbox"
        when = date_of(raw)
        source = MessageSource("personal", "Sent" if role == "sent" else "INBOX", role, 1, uid, when)
        with store.transaction():
            ingest(
                store,
                raw,
                source,
                now=when + dt.timedelta(minutes=1),
                settings=settings,
                on_change=partial(actions.on_request_changed, settings=settings),
            )


def deliver(store: Store, settings: Settings, now: dt.datetime) -> actions.DeliveryReport:
    assert settings.smtp is not None
    return asyncio.run(
        actions.deliver(
            store,
            now,
            settings,
            sender=SmtpSender(settings.smtp),
            drafts=ImapDraftSaver(settings.mailboxes, store),
        )
    )


@pytest.fixture
def env(tmp_path, smtp_sink, imap_user):
    settings = config(tmp_path, smtp_sink, imap_user)
    with Store.open(settings.storage.path) as store:
        yield store, settings, smtp_sink


def keys(store: Store) -> list[str]:
    return [row.dedupe_key for row in outbox.rows(store.db)]


def test_thread_queues_each_alert_and_draft_once(env):
    store, settings, _sink = env
    replay(store, settings)
    queued = keys(store)
    assert any(k.startswith("alert:1:<clar-4471@") for k in queued)
    assert any(k.startswith("alert:1:<chase-4471@") for k in queued)
    assert any(k.startswith("draft:1:stay_alive:<chase-4471@") for k in queued)
    # The clarification was answered before anything else ran: its draft is still queued (it was
    # due when the question came in), but the stay-alive check is what is pending now.
    replay(store, settings)  # the watcher seeing the same mail again changes nothing
    assert keys(store) == queued
    now = dt.datetime(2018, 7, 3, 8, tzinfo=UTC)
    actions.sweep(store, now, settings)
    assert actions.sweep(store, now, settings).queued == []
    assert keys(store) == queued


def test_alerts_and_reminders_arrive_on_their_simulated_dates(env):
    store, settings, sink = env
    replay(store, settings)
    report = deliver(store, settings, dt.datetime(2018, 7, 2, 16, 10, tzinfo=UTC))
    assert report.failed == [] and report.retrying == []
    subjects = [str(m.message["Subject"]) for m in sink.to(USER)]
    assert any("still want the information" in s for s in subjects)
    stay_alive = next(m.message for m in sink.to(USER) if "still want" in str(m.message["Subject"]))
    assert "Tuesday 24 July 2018" in stay_alive.get_body(("plain",)).get_content()
    assert stay_alive["Auto-Submitted"] == "auto-generated"
    sink.clear()

    def sweep_and_deliver(day: dt.date) -> list[str]:
        now = dt.datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
        actions.sweep(store, now, settings)
        actions.sweep(store, now, settings)  # twice: nothing doubles
        deliver(store, settings, now)
        got = [str(m.message["X-Foibot-Key"]) for m in sink.messages]
        sink.clear()
        return got

    assert sweep_and_deliver(dt.date(2018, 7, 16)) == []
    # 24 July minus 5 working days (12 July is a holiday in the UK calendar, but not in between).
    assert sweep_and_deliver(dt.date(2018, 7, 17)) == ["reminder:1:requester_reply_by:2018-07-24:5"]
    assert sweep_and_deliver(dt.date(2018, 7, 18)) == []
    assert sweep_and_deliver(dt.date(2018, 7, 20)) == ["reminder:1:requester_reply_by:2018-07-24:2"]
    # Missed the run on the 23rd; on the deadline day the 1-day reminder still goes, once.
    assert sweep_and_deliver(dt.date(2018, 7, 24)) == ["reminder:1:requester_reply_by:2018-07-24:1"]
    # The day after, with no reply recorded: one "reply-by date passed" alert, then silence.
    assert sweep_and_deliver(dt.date(2018, 7, 25)) == ["missed:1:requester_reply_by:2018-07-24"]
    assert sweep_and_deliver(dt.date(2018, 7, 26)) == []


def test_smtp_down_then_back_delivers_each_message_exactly_once(env):
    store, settings, sink = env
    replay(store, settings)
    emails = [r for r in outbox.rows(store.db) if r.kind == "email"]
    sink.stop()
    now = dt.datetime(2018, 7, 2, 16, 10, tzinfo=UTC)
    report = deliver(store, settings, now)
    assert report.sent == [k for k in report.sent if k.startswith("draft:")]  # drafts still saved
    assert sorted(k for k, _ in report.retrying) == sorted(r.dedupe_key for r in emails)
    assert deliver(store, settings, now + dt.timedelta(seconds=30)).sent == []  # backing off
    sink.start()
    later = now + dt.timedelta(minutes=5)
    assert sorted(deliver(store, settings, later).sent) == sorted(r.dedupe_key for r in emails)
    assert deliver(store, settings, later + dt.timedelta(hours=2)).sent == []
    assert sorted(sink.message_ids()) == sorted(str(r.message_id) for r in emails)


def test_transient_then_permanent_server_failures(env):
    store, settings, sink = env
    replay(store, settings)
    count = len([r for r in outbox.rows(store.db) if r.kind == "email"])
    now = dt.datetime(2018, 7, 2, 16, 10, tzinfo=UTC)
    sink.fail_next(count, "451 4.3.0 try later")
    report = deliver(store, settings, now)
    assert len(report.retrying) == count and "451" in report.retrying[0][1]
    sink.fail_next(1, "550 5.1.1 no such user")
    report = deliver(store, settings, now + dt.timedelta(minutes=2))
    assert len(report.failed) == 1 and len(report.sent) == count - 1
    assert [r.status for r in outbox.rows(store.db, status="failed")] == ["failed"]
    assert deliver(store, settings, now + dt.timedelta(days=1)).sent == []


def test_interrupted_send_is_resent_with_the_same_bytes(env):
    store, settings, sink = env
    replay(store, settings)
    row = next(r for r in outbox.rows(store.db) if r.kind == "email")
    now = dt.datetime(2018, 7, 2, 16, 10, tzinfo=UTC)
    with store.transaction():  # a crash after claiming the row, before marking it sent
        outbox.mark_sending(store.db, row.id, now + dt.timedelta(hours=1))
    assert actions.recover_outbox(store) == 1
    assert outbox.rows(store.db, status="ambiguous")[0].dedupe_key == row.dedupe_key
    deliver(store, settings, now)
    resent = [m for m in sink.messages if str(m.message["Message-ID"]) == row.message_id]
    assert len(resent) == 1 and resent[0].content.replace(b"\r\n", b"\n") == row.raw.replace(b"\r\n", b"\n")


def test_auto_confirmation_goes_only_to_the_authority_on_record(tmp_path, smtp_sink, imap_user):
    settings = config(tmp_path, smtp_sink, imap_user, auto_confirm_still_required=True)
    stay_alive = thread_files("origin")[-1].read_bytes()
    spoof = (
        stay_alive.replace(
            b"From: Priya Dunmore <foi@northmere.gov.uk>", b"From: Priya <foi@northmere.gov.uk.evil.example>"
        )
        .replace(b"<chase-4471@northmere.gov.uk>", b"<spoof-1@evil.example>")
        .replace(b"Subject:", b"Reply-To: attacker@evil.example\r\nSubject:", 1)
    )
    with Store.open(settings.storage.path) as store:
        replay(store, settings, raws=[spoof])
        deliver(store, settings, dt.datetime(2018, 7, 3, 8, tzinfo=UTC))
        confirmations = [k for k in keys(store) if k.startswith("autoconfirm:")]
        assert confirmations == ["autoconfirm:1:<chase-4471@northmere.gov.uk>"]
    to_authority = [m for m in smtp_sink.messages if AUTHORITY in m.rcpt_tos]
    assert len(to_authority) == 1 and to_authority[0].rcpt_tos == (AUTHORITY,)
    confirmation = to_authority[0].message
    assert confirmation["In-Reply-To"] == "<chase-4471@northmere.gov.uk>"
    assert "I confirm that I still require" in confirmation.get_content()
    assert confirmation["Auto-Submitted"] is None
    assert all(not any("evil" in r for r in m.rcpt_tos) for m in smtp_sink.messages)
    assert any("confirmed you still want" in str(m.message["Subject"]) for m in smtp_sink.to(USER))


def test_digest_is_one_per_recipient_per_slot(env):
    store, settings, sink = env
    replay(store, settings)
    now = dt.datetime(2018, 7, 16, 7, tzinfo=UTC)
    assert "NEEDS YOUR ACTION" in preview(store, now, settings)
    first = queue_digests(store, now, settings)
    # one for the whole inbox ([notify] to) and one for the request's owner
    assert first.queued == [f"digest:{USER}:2018-07-16T07:00Z", f"digest:{OWNER}:2018-07-16T07:00Z"]
    assert queue_digests(store, now + dt.timedelta(seconds=20), settings).queued == []
    deliver(store, settings, now)
    digests = [m.message for m in sink.to(USER) if "Digest" in str(m.message["Subject"])]
    assert len(digests) == 1 and len(sink.to(OWNER)) == 1
    assert "24 July 2018" in digests[0].get_body(("plain",)).get_content()
    [ics] = [p.get_content() for p in digests[0].iter_attachments()]
    assert "DTSTART;VALUE=DATE:20180724" in (ics.decode() if isinstance(ics, bytes) else ics)
