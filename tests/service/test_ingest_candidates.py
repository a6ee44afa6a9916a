"""ingest keeps its match candidates between messages: they must still follow every change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from foibot.adapters.store import Store
from foibot.core.model import FoiRequest
from foibot.service.ingest import IngestResult, MessageSource, create_request, ingest
from tests.service.threads import settings as make_settings

NOW = dt.datetime(2024, 5, 2, 9, 0, tzinfo=dt.UTC)


def _request(n: int) -> FoiRequest:
    return FoiRequest(
        id=0,
        regime="uk_foia",
        authority_email=f"foi@authority{n}.example.gov.uk",
        subject=f"Information request about bus lanes ({n})",
        sent_on=dt.date(2024, 4, 2),
        message_id=f"<request-{n}@example.org>",
    )


def _reply(n: int, uid: int) -> bytes:
    return (
        f"From: Records Office <foi@authority{n}.example.gov.uk>\r\nTo: alex@example.org\r\n"
        f"Subject: RE: Information request about bus lanes ({n})\r\n"
        f"Date: Thu, 02 May 2024 08:00:00 +0000\r\nMessage-ID: <reply-{uid}@authority{n}.example.gov.uk>\r\n"
        f"In-Reply-To: <request-{n}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Dear Alex,\r\n\r\nWe received your request and will answer within 20 working days.\r\n"
    ).encode()


def _ingest_reply(store: Store, tmp_path: Path, n: int, uid: int) -> IngestResult:
    source = MessageSource("personal", "INBOX", "inbox", 1, uid, NOW)
    with store.transaction():
        return ingest(store, _reply(n, uid), source, now=NOW, settings=make_settings(tmp_path))


def _track(store: Store, n: int) -> int:
    with store.transaction():
        return create_request(store, _request(n), origin="manual", now=NOW, note="test")


def test_a_request_tracked_by_another_connection_is_matched(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        first = _track(store, 1)
        assert _ingest_reply(store, tmp_path, 1, uid=1).request_id == first  # candidates now kept
        with Store.open(tmp_path / "foibot.db") as other:
            second = _track(other, 2)
        result = _ingest_reply(store, tmp_path, 2, uid=2)
    assert (result.status, result.request_id) == ("matched", second)


def test_a_request_untracked_through_the_store_is_no_longer_matched(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        request_id = _track(store, 1)
        _track(store, 2)
        assert _ingest_reply(store, tmp_path, 1, uid=1).status == "matched"
        assert _ingest_reply(store, tmp_path, 2, uid=2).status == "matched"
        with store.transaction():
            store.update_request(request_id, tracked=0)
        result = _ingest_reply(store, tmp_path, 1, uid=3)
    assert result.status != "matched"


def test_a_rolled_back_request_is_not_a_candidate(tmp_path: Path) -> None:
    with Store.open(tmp_path / "foibot.db") as store:
        _track(store, 1)
        assert _ingest_reply(store, tmp_path, 1, uid=1).status == "matched"
        try:
            with store.transaction():
                create_request(store, _request(2), origin="manual", now=NOW, note="test")
                assert _ingest_reply(store, tmp_path, 2, uid=2).status == "matched"
                raise KeyboardInterrupt  # the whole batch is undone
        except KeyboardInterrupt:
            pass
        assert store.list_requests() != [] and len(store.list_requests()) == 1
        result = _ingest_reply(store, tmp_path, 2, uid=3)
    assert result.status != "matched"
