"""Helpers to replay the .eml thread fixtures in tests/data/threads through `ingest`."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path
from typing import Literal

from foibot.adapters.store import Store
from foibot.config import Settings
from foibot.service.ingest import IngestResult, MessageSource, ingest

THREADS = Path(__file__).resolve().parent.parent / "data" / "threads"
OWNER = "alex@example.org"
_ROLE = re.compile(r"^\d+-(inbox|sent)-")


def settings(tmp_path: Path, **policy: object) -> Settings:
    return Settings.model_validate(
        {
            "storage": {"path": str(tmp_path / "foibot.db")},
            "mailbox": [
                {
                    "name": "personal",
                    "host": "127.0.0.1",
                    "security": "none",
                    "username": OWNER,
                    "password": "unused",
                }
            ],
            "policy": policy,
        }
    )


def thread_files(name: str) -> list[Path]:
    return sorted((THREADS / name).glob("*.eml"))


def date_of(raw: bytes) -> dt.datetime:
    match = re.search(rb"^Date: (.+)$", raw, re.MULTILINE)
    assert match is not None
    return email.utils.parsedate_to_datetime(match.group(1).decode())


def feed(
    store: Store, path: Path, config: Settings, *, uid: int, now: dt.datetime | None = None
) -> IngestResult:
    """Ingest one fixture file as the watcher would: in its own transaction."""
    raw = path.read_bytes()
    found = _ROLE.match(path.name)
    assert found is not None, path.name
    role: Literal["inbox", "sent"] = "sent" if found.group(1) == "sent" else "inbox"
    delivered = date_of(raw)
    source = MessageSource("personal", "Sent" if role == "sent" else "INBOX", role, 1, uid, delivered)
    with store.transaction():
        return ingest(store, raw, source, now=now or delivered, settings=config)


def replay_thread(store: Store, name: str, config: Settings) -> list[IngestResult]:
    return [feed(store, path, config, uid=index) for index, path in enumerate(thread_files(name), 1)]
