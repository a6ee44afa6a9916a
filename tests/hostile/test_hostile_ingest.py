"""The hostile corpus through the whole pipeline: `ingest` on a real SQLite store.

Every message must end as a stored (processed) row or a quarantine row with a reason - never an
exception, never silently dropped - and the database must stay intact with bounded memory.
"""

from __future__ import annotations

import datetime as dt
import resource
from collections import Counter
from pathlib import Path

from foibot.adapters.store import Store
from foibot.config import Settings
from foibot.service.ingest import MessageSource, ingest
from tests.hostile.generate import corpus, plain

OWNER = "requester@example.org"
AUTHORITY = "foi@council.example.gov.uk"
DELIVERED = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
NOW = dt.datetime(2024, 3, 6, 12, 0, tzinfo=dt.UTC)
RSS_GROWTH_BOUND_MB = 800
TEMPLATE_ID = b"<ack-42@council.example.gov.uk>"
CHUNK = 100


def hostile_settings(tmp_path: Path) -> Settings:
    return Settings.model_validate(
        {
            "storage": {"path": str(tmp_path / "foibot.db")},
            "mailbox": [
                {"name": "home", "host": "127.0.0.1", "security": "none", "username": OWNER, "password": "x"}
            ],
            "policy": {"authority_domains": ["council.example.gov.uk"]},
        }
    )


def request_as_sent() -> bytes:
    """The requester's own request, so replies in the corpus have something to match."""
    return plain(
        b"Dear Council,\r\n\r\nUnder the Freedom of Information Act 2000, please send me the number "
        b"of parking fines issued in 2023.\r\n\r\nYours faithfully,\r\nA Requester\r\n",
        From=f"A Requester <{OWNER}>",
        To=AUTHORITY,
        Subject="Freedom of Information request - parking fines",
        Message_ID="<request-1@example.org>",
        In_Reply_To=None,
        Date="Mon, 04 Mar 2024 09:00:00 +0000",
    )


def open_seeded_store(path: Path, settings: Settings) -> Store:
    store = Store.open(path)
    with store.transaction():
        sent = MessageSource("home", "Sent", "sent", 1, 1, DELIVERED)
        assert ingest(store, request_as_sent(), sent, now=NOW, settings=settings).status == "discovered"
    return store


def check_store(store: Store, expected_uids: list[int]) -> int:
    """Every expected message is stored or quarantined (with a reason), once; returns #quarantined."""
    stored = {row[0] for row in store.db.execute("SELECT uid FROM messages WHERE uidvalidity = 7")}
    quarantined = {
        row[0]: row[1] for row in store.db.execute("SELECT uid, reason FROM quarantine WHERE uidvalidity = 7")
    }
    assert all(reason.strip() and "\n" not in reason for reason in quarantined.values())
    assert not stored & quarantined.keys()  # one outcome per message
    assert [uid for uid in expected_uids if uid not in stored and uid not in quarantined] == []
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert {"requests", "messages", "quarantine", "outbox"} <= set(store.db.table_names())
    assert store.db.execute("SELECT COUNT(*) FROM requests").fetchone()[0] >= 1
    return len(quarantined)


def test_every_hostile_message_is_stored_or_quarantined(tmp_path: Path) -> None:
    settings = hostile_settings(tmp_path)
    outcomes: Counter[str] = Counter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # A fresh store every CHUNK messages, and after each big one: replies pile up on one request,
    # and ingest cost grows with the request's history; the corpus tests hostility, not volume.
    store = open_seeded_store(tmp_path / "0.db", settings)
    expected_uids: list[int] = []
    quarantined = 0
    for uid, (name, build) in enumerate(corpus(), start=1):
        # A Message-ID of its own per case, or most would be skipped as duplicates.
        raw = build().replace(TEMPLATE_ID, f"<hostile-{uid}@council.example.gov.uk>".encode(), 1)
        source = MessageSource("home", "INBOX", "inbox", 7, uid, DELIVERED)
        with store.transaction():
            result = ingest(store, raw, source, now=NOW, settings=settings)
        outcomes[result.status] += 1
        if result.status == "duplicate":  # a forged Message-ID really seen before
            assert "Message-ID" in (result.detail or ""), name
        else:
            expected_uids.append(uid)
        if len(expected_uids) >= CHUNK or len(raw) > 1_000_000:
            quarantined += check_store(store, expected_uids)
            store.close()
            store = open_seeded_store(tmp_path / f"{uid}.db", settings)
            expected_uids = []
        del raw
    quarantined += check_store(store, expected_uids)
    store.close()
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024

    assert sum(outcomes.values()) >= 1000
    assert quarantined == outcomes["quarantined"]
    assert outcomes["matched"] > 500  # damaged replies still find their request
    assert growth_mb < RSS_GROWTH_BOUND_MB
