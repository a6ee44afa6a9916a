"""parse_mail: raw bytes -> Mail, never raising, on tidy and on broken mail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foibot.core.model import Mail
from foibot.core.parse import decode_bytes, parse_mail, valid_address

DATA = Path(__file__).resolve().parent.parent / "data" / "parse"
DELIVERED = dt.datetime(2025, 3, 4, 12, 30, tzinfo=dt.UTC)


def parse(raw: bytes, **kwargs: int) -> Mail:
    return parse_mail(raw, delivered_at=DELIVERED, **kwargs)


def fixture(name: str) -> Mail:
    return parse((DATA / name).read_bytes())


def test_corpus_parses_with_new_text(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus").glob("*.eml"))
    assert len(files) >= 40
    for path in files:
        mail = parse(path.read_bytes())
        assert mail.new_text.strip(), path.name
        assert mail.from_addr, path.name
        assert mail.date_from_header, path.name
        assert len(mail.new_text) <= len(mail.body), path.name
