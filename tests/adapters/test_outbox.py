"""adapters.outbox on a real SQLite store: unique keys, claiming, leases, backoff bookkeeping."""

from __future__ import annotations

import datetime as dt

from foibot.adapters import outbox
from foibot.adapters.store import Store

NOW = dt.datetime(2018, 7, 2, 9, tzinfo=dt.UTC)


def queue(store: Store, key: str = "alert:1:x") -> bool:
    with store.transaction():
        return outbox.enqueue(
            store.db,
            dedupe_key=key,
            kind="email",
            raw=b"raw",
            recipients=["me@example.org"],
            message_id=f"<{key}@t>",
            now=NOW,
        )


def test_same_key_queues_once(tmp_path):
    with Store.open(tmp_path / "f.db") as store:
        assert queue(store) and not queue(store)
        assert [r.dedupe_key for r in outbox.rows(store.db)] == ["alert:1:x"]


def test_claim_is_exclusive_and_expired_lease_becomes_ambiguous(tmp_path):
    with Store.open(tmp_path / "f.db") as store:
        queue(store)
        [row] = outbox.due(store.db, NOW)
        with store.transaction():
            assert outbox.mark_sending(store.db, row.id, NOW + dt.timedelta(minutes=5))
            assert not outbox.mark_sending(store.db, row.id, NOW + dt.timedelta(minutes=5))
            assert outbox.expire_leases(store.db, NOW + dt.timedelta(minutes=1)) == 0
            assert outbox.due(store.db, NOW + dt.timedelta(minutes=1)) == []
            assert outbox.expire_leases(store.db, NOW + dt.timedelta(minutes=6)) == 1
        [again] = outbox.due(store.db, NOW + dt.timedelta(minutes=6))
        assert again.status == "ambiguous" and again.attempts == 1 and again.raw == b"raw"


def test_retry_waits_and_last_created_finds_digests(tmp_path):
    with Store.open(tmp_path / "f.db") as store:
        queue(store, "digest:me@example.org:2018-07-02T09:00Z")
        [row] = outbox.due(store.db, NOW)
        with store.transaction():
            outbox.mark_retry(store.db, row.id, "451", NOW + dt.timedelta(minutes=2))
        assert outbox.due(store.db, NOW + dt.timedelta(minutes=1)) == []
        assert len(outbox.due(store.db, NOW + dt.timedelta(minutes=2))) == 1
        assert outbox.last_created(store.db, "digest:me@example.org:") == NOW
        assert outbox.last_created(store.db, "digest:m_@example.org:") is None  # LIKE wildcards escaped
