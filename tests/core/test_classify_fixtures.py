"""Every label on our own fixtures (tests/data/classify/<label>/*.eml, written for foibot).

A fixture may state what must be extracted in X-Expect-Reply-By / X-Expect-Due / X-Expect-Ref /
X-Expect-Fee headers, which the classifier itself never reads.
"""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from foibot.core.classify import classify
from foibot.core.evaluate import same_reference
from foibot.core.model import Kind
from foibot.core.parse import parse_mail

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "classify"
CASES = sorted(FIXTURES.glob("*/*.eml"))


def test_every_label_has_fixtures() -> None:
    assert {p.parent.name for p in CASES} == {k.value for k in Kind}


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_is_classified_as_its_folder(path: Path) -> None:
    raw = path.read_bytes()
    result = classify(parse_mail(raw, delivered_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)))
    assert result.kind == Kind(path.parent.name), result.evidence
    assert 0.0 <= result.confidence <= 1.0 and result.evidence
    expect = message_from_bytes(raw, policy=policy.default)
    if reply_by := expect["X-Expect-Reply-By"]:
        assert result.reply_by == dt.date.fromisoformat(reply_by)
    if due := expect["X-Expect-Due"]:
        assert result.due_date == dt.date.fromisoformat(due)
    if ref := expect["X-Expect-Ref"]:
        assert result.reference is not None and same_reference(result.reference, ref)
    if fee := expect["X-Expect-Fee"]:
        assert result.fee_amount == fee
    if result.kind not in {Kind.STAY_ALIVE_CHECK, Kind.CLARIFICATION_REQUEST, Kind.FEE_NOTICE}:
        assert result.reply_by is None
