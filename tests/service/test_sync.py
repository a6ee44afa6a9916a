"""foibot.service.sync against a real Dovecot and a real SQLite store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from foibot.adapters.store import Store
from foibot.clock import FixedClock
from foibot.config import Settings
from foibot.service import sync
from foibot.service.pipeline import Pipeline
from tests.servers import mail_factory as mails
from tests.servers.dovecot_server import DovecotUser

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def make_settings(tmp_path: Path, user: DovecotUser, **mailbox: object) -> Settings:
    section: dict[str, object] = {
        "name": "personal",
        "host": user.host,
        "port": user.port,
        "security": "none",
        "username": user.username,
        "password": user.password,
        "owner": mails.OWNER,
        "timeout_seconds": 5,
        "lookback_days": 30,
    }
    section.update(mailbox)
    return Settings.model_validate({"storage": {"path": str(tmp_path / "foibot.db")}, "mailbox": [section]})


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "foibot.db") as opened:
        yield opened


def scan(store: Store, settings: Settings, **kwargs) -> sync.MailboxReport:
    pipeline = Pipeline(settings, FixedClock(NOW))
    report = sync.scan_mailbox(
        settings.mailboxes[0], store, pipeline.ingest, settings, now=lambda: NOW, **kwargs
    )
    assert report.error is None, report.error
    return report


def fill(user: DovecotUser, requests: int = 2, ordinary: int = 6) -> None:
    day = NOW - dt.timedelta(days=3)
    user.append("Sent", [mails.request(n, day) for n in range(requests)])
    inbox = [mails.ordinary(n, day) for n in range(ordinary)]
    inbox[2:2] = [mails.acknowledgement(n, day + dt.timedelta(hours=2)) for n in range(requests)]
    user.append("INBOX", inbox)


def stored_message_ids(store: Store) -> list[str]:
    return sorted(row[0] for row in store.db.execute("SELECT message_id FROM messages").fetchall())


def outcomes(report: sync.MailboxReport) -> dict[str, int]:
    total: dict[str, int] = {}
    for folder in report.folders:
        for status, count in folder.outcomes.items():
            total[status] = total.get(status, 0) + count
    return total


def test_first_scan_fetches_only_candidates_and_records_progress(tmp_path, store, imap_user) -> None:
    fill(imap_user)
    settings = make_settings(tmp_path, imap_user)
    report = scan(store, settings)
    sent, inbox = report.folders
    assert (sent.folder, sent.examined, sent.candidates) == ("Sent", 2, 2)
    assert (inbox.folder, inbox.examined, inbox.candidates) == ("INBOX", 8, 2)
    assert outcomes(report) == {"discovered": 2, "matched": 2}
    assert stored_message_ids(store) == sorted(
        [mails.request_message_id(n) for n in range(2)]
        + ["<ack-0@harrowdale.gov.uk>", "<ack-1@kestrel-nhs.nhs.uk>"]
    )
    assert store.sync_state("personal", "INBOX")[1] == 8  # ordinary mail passed by the progress UID


def test_second_scan_processes_nothing(tmp_path, store, imap_user) -> None:
    fill(imap_user)
    settings = make_settings(tmp_path, imap_user)
    scan(store, settings)
    again = scan(store, settings)
    assert [(f.examined, f.candidates) for f in again.folders] == [(0, 0), (0, 0)]
    imap_user.append("INBOX", [mails.ordinary(99, NOW), mails.acknowledgement(7, NOW)])
    third = scan(store, settings)
    assert [(f.examined, f.candidates) for f in third.folders] == [(0, 0), (2, 1)]


def test_scan_leaves_seen_flags_alone(tmp_path, store, imap_user) -> None:
    day = NOW - dt.timedelta(days=1)
    imap_user.append(
        "INBOX",
        [
            (mails.acknowledgement(0, day), [b"\\Seen"]),
            mails.acknowledgement(1, day),
            (mails.ordinary(2, day), [b"\\Seen", b"\\Flagged"]),
            mails.ordinary(3, day),
        ],
    )
    before = imap_user.flags("INBOX")
    report = scan(store, make_settings(tmp_path, imap_user))
    assert report.folders[1].candidates == 2
    assert imap_user.flags("INBOX") == before
    assert sorted(before.values()) == [(), (), (b"\\Flagged", b"\\Seen"), (b"\\Seen",)]


def test_first_scan_looks_back_only_lookback_days(tmp_path, store, imap_user) -> None:
    imap_user.append("INBOX", [mails.acknowledgement(0, NOW)], date=NOW - dt.timedelta(days=90))
    imap_user.append("INBOX", [mails.acknowledgement(1, NOW)], date=NOW - dt.timedelta(days=2))
    report = scan(store, make_settings(tmp_path, imap_user))
    assert (report.folders[1].examined, report.folders[1].candidates) == (1, 1)
    assert store.sync_state("personal", "INBOX")[1] == 2  # the old one is behind the cursor


def test_uidvalidity_change_rescans_without_duplicates(tmp_path, store, imap_user) -> None:
    fill(imap_user)
    settings = make_settings(tmp_path, imap_user)
    scan(store, settings)
    before = stored_message_ids(store)
    uidvalidity, last = store.sync_state("personal", "INBOX")
    assert uidvalidity is not None
    with store.transaction():  # as if the server had renumbered the folder
        store.set_sync_state("personal", "INBOX", uidvalidity + 1, last)
    report = scan(store, settings)
    assert report.folders[1].resynced and report.folders[1].candidates == 2
    assert outcomes(report) == {"duplicate": 2}
    assert stored_message_ids(store) == before
    assert store.sync_state("personal", "INBOX") == (uidvalidity, last)


def test_stop_is_honoured_at_a_message_boundary(tmp_path, store, imap_user) -> None:
    fill(imap_user, requests=3, ordinary=0)
    settings = make_settings(tmp_path, imap_user)
    ingested: list[int] = []
    pipeline = Pipeline(settings, FixedClock(NOW))

    def counting(store_, raw, source):
        ingested.append(source.uid)
        return pipeline.ingest(store_, raw, source)

    report = sync.scan_mailbox(
        settings.mailboxes[0], store, counting, settings, now=lambda: NOW, stop=lambda: len(ingested) >= 2
    )
    assert report.folders[0].stopped and ingested == [1, 2]
    assert store.sync_state("personal", "Sent")[1] == 2
    rest = scan(store, settings)
    assert outcomes(rest) == {"discovered": 1, "matched": 3}


def test_missing_folder_is_a_one_line_error(tmp_path, store, imap_user) -> None:
    settings = make_settings(tmp_path, imap_user, folders=["INBOX", "FOI"])
    pipeline = Pipeline(settings, FixedClock(NOW))
    report = sync.scan_mailbox(settings.mailboxes[0], store, pipeline.ingest, settings, now=lambda: NOW)
    assert report.error is not None and "'FOI' does not exist" in report.error
    assert "\n" not in report.error


def test_stored_delivery_time_is_the_servers_internaldate(tmp_path, store, imap_user) -> None:
    # Headers are fetched without INTERNALDATE; only the messages fetched in full get theirs.
    delivered = (NOW - dt.timedelta(days=2, hours=5)).replace(microsecond=0)
    imap_user.append("Sent", [mails.request(0, NOW - dt.timedelta(days=3))])
    imap_user.append("INBOX", [mails.acknowledgement(0, NOW - dt.timedelta(days=3))], date=delivered)
    scan(store, make_settings(tmp_path, imap_user))
    [row] = store.message_rows("role = 'inbox'")
    assert dt.datetime.fromisoformat(row["delivered_at"]) == delivered


def test_many_header_batches_read_ahead_each_message_once(tmp_path, store, imap_user, monkeypatch) -> None:
    # Batches of 3 headers: the reader keeps asking for the next batch while one is ingested.
    monkeypatch.setattr(sync, "HEADER_BATCH", 3)
    fill(imap_user, requests=4, ordinary=13)
    settings = make_settings(tmp_path, imap_user)
    seen: list[tuple[str, int]] = []
    pipeline = Pipeline(settings, FixedClock(NOW))

    def recording(store_, raw, source):
        seen.append((source.folder, source.uid))
        return pipeline.ingest(store_, raw, source)

    report = sync.scan_mailbox(settings.mailboxes[0], store, recording, settings, now=lambda: NOW)
    assert report.error is None, report.error
    assert [f.examined for f in report.folders] == [4, 17]
    assert outcomes(report) == {"discovered": 4, "matched": 4}
    assert len(seen) == len(set(seen)) == 8
    assert store.sync_state("personal", "INBOX")[1] == 17


def test_stopping_with_headers_in_flight_leaves_the_connection_usable(
    tmp_path, store, imap_user, monkeypatch
) -> None:
    monkeypatch.setattr(sync, "HEADER_BATCH", 2)
    fill(imap_user, requests=2, ordinary=8)
    settings = make_settings(tmp_path, imap_user)
    pipeline = Pipeline(settings, FixedClock(NOW))
    ingested: list[int] = []

    def counting(store_, raw, source):
        ingested.append(source.uid)
        return pipeline.ingest(store_, raw, source)

    from foibot.adapters import imap

    client = imap.connect(settings.mailboxes[0])
    try:
        watched = sync.WatchedFolder(settings.mailboxes[0], "INBOX", "inbox")
        sent = sync.WatchedFolder(settings.mailboxes[0], None, "sent")
        sync.sync_folder(client, store, sent, sync.resolve_folder(client, sent), counting, settings, now=NOW)
        report = sync.sync_folder(
            client, store, watched, "INBOX", counting, settings, now=NOW, stop=lambda: len(ingested) >= 3
        )
        assert report.stopped
        # The next batch's FETCH was answered and read: the connection is in step.
        assert imap.uids_after(client, 0) == list(range(1, 11))
        done = sync.sync_folder(client, store, watched, "INBOX", counting, settings, now=NOW)
    finally:
        imap.close(client)
    assert not done.stopped
    assert sorted(ingested) == [1, 2, 3, 4]
    assert store.sync_state("personal", "INBOX")[1] == 10
