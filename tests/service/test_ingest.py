"""ingest on a real SQLite file: dedupe, the quarantine boundary, on_change, and any delivery order."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from foibot.adapters.store import Store
from foibot.core.model import RequestState
from foibot.service.ingest import MessageSource, ingest
from tests.service.threads import feed, thread_files
from tests.service.threads import settings as make_settings

ORIGIN = thread_files("origin")
NOW = dt.datetime(2018, 7, 3, 9, 0, tzinfo=dt.UTC)


def test_same_message_id_in_another_folder_is_a_duplicate(tmp_path: Path) -> None:
    config = make_settings(tmp_path)
    with Store.open(tmp_path / "foibot.db") as store:
        assert feed(store, ORIGIN[0], config, uid=1).status == "discovered"
        copy = MessageSource("personal", "Archive", "inbox", 5, 1, NOW)
        with store.transaction():
            result = ingest(store, ORIGIN[0].read_bytes(), copy, now=NOW, settings=config)
        assert result.status == "duplicate"
        assert len(store.list_requests()) == 1


def test_on_change_is_called_inside_the_transaction(tmp_path: Path) -> None:
    config = make_settings(tmp_path)
    seen: list[tuple[int, RequestState, bool]] = []

    def on_change(store: Store, request_id: int, now: dt.datetime) -> None:
        seen.append((request_id, store.get_request(request_id).state, store.db.conn.in_transaction))

    with Store.open(tmp_path / "foibot.db") as store:
        feed(store, ORIGIN[0], config, uid=1)
        source = MessageSource("personal", "INBOX", "inbox", 1, 2, NOW)
        with store.transaction():
            ingest(store, ORIGIN[1].read_bytes(), source, now=NOW, settings=config, on_change=on_change)
    assert seen == [(1, RequestState.ACKNOWLEDGED, True)]


def test_a_failing_handler_quarantines_the_message_and_undoes_its_effects(tmp_path: Path) -> None:
    config = make_settings(tmp_path)

    def broken(store: Store, request_id: int, now: dt.datetime) -> None:
        raise RuntimeError("renderer exploded")

    with Store.open(tmp_path / "foibot.db") as store:
        feed(store, ORIGIN[0], config, uid=1)
        source = MessageSource("personal", "INBOX", "inbox", 1, 2, NOW)
        with store.transaction():
            store.set_sync_state("personal", "INBOX", 1, 2)  # the caller's own work survives
            result = ingest(store, ORIGIN[1].read_bytes(), source, now=NOW, settings=config, on_change=broken)
        assert result.status == "quarantined"
        assert "renderer exploded" in result.detail
        assert store.get_request(1).state is RequestState.SENT
        assert store.message_rows("folder = 'INBOX'") == []
        assert store.sync_state("personal", "INBOX") == (1, 2)
        assert store.is_processed("personal", "INBOX", 1, 2)
        [row] = store.quarantine_rows()
        assert bytes(row["raw"]) == ORIGIN[1].read_bytes()
        assert "Traceback" in row["traceback"]


def test_garbage_bytes_never_raise(tmp_path: Path) -> None:
    config = make_settings(tmp_path)
    with Store.open(tmp_path / "foibot.db") as store, store.transaction():
        source = MessageSource("personal", "INBOX", "inbox", 1, 9, NOW)
        result = ingest(store, b"\x00\xff not mail at all \r\n\r\n", source, now=NOW, settings=config)
    assert result.status in {"ignored", "unmatched", "quarantined"}


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(ORIGIN[1:]), min_size=1, max_size=6).flatmap(st.permutations))
def test_any_delivery_order_ends_where_the_latest_message_leads(order: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        config = make_settings(tmp)
        with Store.open(tmp / "foibot.db") as store:
            feed(store, ORIGIN[0], config, uid=1)
            for uid, path in enumerate(order, 2):
                assert feed(store, path, config, uid=uid, now=NOW).status in {"matched", "duplicate"}
            request = store.get_request(1)
    latest = max(order, key=lambda p: p.name)  # fixture names sort by date
    expected = {
        "02-inbox-acknowledgement.eml": RequestState.ACKNOWLEDGED,
        "03-inbox-clarification.eml": RequestState.CLARIFICATION_REQUESTED,
        "04-sent-clarification-reply.eml": RequestState.ACKNOWLEDGED,
        "05-inbox-stay-alive.eml": RequestState.STAY_ALIVE_PENDING,
    }[latest.name]
    if latest.name == "04-sent-clarification-reply.eml" and ORIGIN[2] not in order:
        # a reply when nothing was asked changes nothing
        expected = RequestState.ACKNOWLEDGED if ORIGIN[1] in order else RequestState.SENT
    assert request.state is expected
