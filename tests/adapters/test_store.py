"""The SQLite store on real files: opening, migrations, transactions, locking, row mapping."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from foibot.adapters import outbox
from foibot.adapters import store as store_module
from foibot.adapters.migrations import KNOWN_MIGRATIONS, migrations
from foibot.adapters.store import Store
from foibot.core.model import Deadlines, FoiRequest, RequestState
from foibot.errors import NotFound, StoreError

NOW = dt.datetime(2018, 3, 16, 9, 0, tzinfo=dt.UTC)


def _request(**overrides: object) -> FoiRequest:
    values: dict[str, object] = {
        "id": 0,
        "regime": "uk_foia",
        "authority_email": "foi@council.example.gov.uk",
        "subject": "Parking fines",
        "sent_on": dt.date(2018, 3, 16),
    }
    values.update(overrides)
    return FoiRequest(**values)  # type: ignore[arg-type]


def test_open_creates_schema_in_wal_mode(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        assert store.schema_version() == KNOWN_MIGRATIONS[-1]
        assert {"requests", "messages", "events", "outbox", "quarantine", "sync_state", "drafts"} <= set(
            store.db.table_names()
        )
        mode = store.db.conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "foibot.db"
    Store.open(path).close()
    with Store.open(path) as store:
        count = store.db.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert count == len(KNOWN_MIGRATIONS)


def test_missing_directory_is_one_line_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist") as info:
        Store.open(tmp_path / "nowhere" / "foibot.db")
    assert "\n" not in str(info.value)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foibot.db"
    path.write_bytes(b"this is not sqlite at all, just some text" * 20)
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foibot.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('foibot', '9999_future', '')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer foibot"):
        Store.open(path)


def test_locked_database_gives_store_error(tmp_path: Path) -> None:
    path = tmp_path / "foibot.db"
    store = Store.open(path, busy_timeout=0.05)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="locked"), store.transaction():
            store.set_sync_state("personal", "INBOX", 1, 1)
        with pytest.raises(StoreError, match="locked"):
            Store.open(path, busy_timeout=0.05)
    finally:
        holder.rollback()
        holder.close()
        store.close()


def test_transaction_rolls_back_and_is_reentrant(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.set_sync_state("personal", "INBOX", 7, 10)
            with store.transaction():  # inner block: part of the outer one
                store.set_sync_state("personal", "Sent", 7, 3)
            raise RuntimeError("boom")
        assert store.sync_state("personal", "INBOX") == (None, 0)
        assert store.sync_state("personal", "Sent") == (None, 0)
        with store.transaction():
            store.set_sync_state("personal", "INBOX", 7, 10)
        with store.transaction():
            store.set_sync_state("personal", "INBOX", 7, 12)
        assert store.sync_state("personal", "INBOX") == (7, 12)


def test_savepoint_undoes_only_its_own_block(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        with store.transaction():
            store.set_sync_state("personal", "INBOX", 1, 5)
            with pytest.raises(ValueError), store.savepoint():
                store.set_sync_state("personal", "Sent", 1, 9)
                raise ValueError("bad message")
        assert store.sync_state("personal", "INBOX") == (1, 5)
        assert store.sync_state("personal", "Sent") == (None, 0)


def test_request_round_trip_and_deadlines(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        with store.transaction():
            request_id = store.insert_request(
                _request(reference="FOI-1", message_id="<a@example.org>", auto_confirm=True),
                subject_key="parking fines",
                origin="manual",
                now=NOW,
            )
            store.save_deadlines(
                request_id,
                RequestState.ACKNOWLEDGED,
                Deadlines(authority_due=dt.date(2018, 4, 16)),
                now=NOW,
            )
        request = store.get_request(request_id)
        assert request.id == request_id
        assert request.state is RequestState.ACKNOWLEDGED
        assert request.deadlines.authority_due == dt.date(2018, 4, 16)
        assert request.auto_confirm is True
        assert request.reference == "FOI-1"
        assert [r.id for r in store.list_requests()] == [request_id]
        with store.transaction():
            store.save_deadlines(request_id, RequestState.CLOSED, Deadlines(), now=NOW)
        assert store.list_requests() == []
        assert [r.id for r in store.list_requests(open_only=False)] == [request_id]


def test_unknown_request_is_not_found(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store, pytest.raises(NotFound, match="42"):
        store.get_request(42)


def test_events_round_trip(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        with store.transaction():
            request_id = store.insert_request(
                _request(), subject_key="parking fines", origin="manual", now=NOW
            )
            store.add_event(
                request_id,
                at=NOW,
                now=NOW,
                kind="transition",
                summary="sent -> acknowledged",
                state=RequestState.ACKNOWLEDGED,
                detail={"from": "sent"},
            )
        [event] = store.events(request_id)
        assert event.state is RequestState.ACKNOWLEDGED
        assert event.detail == {"from": "sent"}
        assert event.at == NOW


def test_outbox_constraints_hold(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        row = {"dedupe_key": "k1", "kind": "email", "raw": b"x", "created_at": NOW.isoformat()}
        store.db.table("outbox").insert(row)
        with pytest.raises(sqlite3.IntegrityError):
            store.db.table("outbox").insert(row)
        with pytest.raises(sqlite3.IntegrityError):
            store.db.table("outbox").insert({**row, "dedupe_key": "k2", "status": "lost"})


# -- naming the cause of a store failure ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "errorname", "disk", "expected"),
    [
        (
            "disk I/O error",
            "SQLITE_IOERR_WRITE",
            store_module.DiskState(free_bytes=0),
            "the disk is full (0 KB free)",
        ),
        (
            "database or disk is full",
            "SQLITE_FULL",
            store_module.DiskState(free_bytes=None),
            "the disk is full",
        ),
        (
            "unable to open database file",
            "SQLITE_CANTOPEN",
            store_module.DiskState(read_only_fs=True),
            "mounted read-only",
        ),
        (
            "attempt to write a readonly database",
            "SQLITE_READONLY",
            store_module.DiskState(directory_writable=False),
            "the directory is read-only (permission denied)",
        ),
        (
            "attempt to write a readonly database",
            "SQLITE_READONLY",
            store_module.DiskState(files_writable=False),
            "the database file is read-only (permission denied)",
        ),
        (
            "disk I/O error",
            "SQLITE_IOERR",
            store_module.DiskState(free_bytes=10**9),
            "the disk reported an error (disk I/O error)",
        ),
        ("no such table: x", "SQLITE_ERROR", store_module.DiskState(free_bytes=10**9), None),
    ],
)
def test_the_cause_is_named(
    text: str, errorname: str, disk: store_module.DiskState, expected: str | None
) -> None:
    cause = store_module._cause(text, errorname, disk)
    assert cause == expected if expected is None else expected in (cause or "")


def test_store_error_names_the_path_and_the_cause(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        error = store_module.store_error(sqlite3.OperationalError("database or disk is full"), store.path)
    assert str(error).startswith(f"cannot write the database {tmp_path / 'foibot.db'}: the disk is full")
    assert "\n" not in str(error)


def test_storage_failures_are_told_from_bad_statements(tmp_path: Path) -> None:
    Store.open(tmp_path / "foibot.db").close()
    read_only = sqlite3.connect(f"file:{tmp_path / 'foibot.db'}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as write:
            read_only.execute("DELETE FROM requests")
        with pytest.raises(sqlite3.OperationalError) as typo:
            read_only.execute("SELECT * FROM no_such_table")
    finally:
        read_only.close()
    assert store_module.is_storage_failure(write.value)
    assert not store_module.is_storage_failure(typo.value)


def test_outbox_rows_survive_the_cancelled_status_migration(tmp_path: Path) -> None:
    path = tmp_path / "foibot.db"
    old = Database(path)
    migrations.apply(old, stop_before="0003_outbox_cancelled")
    old.execute(
        "INSERT INTO outbox (dedupe_key, kind, raw, status, created_at) VALUES ('alert:1:x', 'email', x'00', "
        "'queued', '2024-01-01')"
    )
    old.conn.commit()
    old.close()
    with Store.open(path) as store:
        assert store.schema_version() == "0003_outbox_cancelled"
        assert [row.dedupe_key for row in outbox.rows(store.db, status="queued")] == ["alert:1:x"]
        store.db.execute("UPDATE outbox SET status = 'cancelled'")  # the new status is allowed
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute("UPDATE outbox SET status = 'lost'")
