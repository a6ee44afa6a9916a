"""Issue 3 acceptance: the classifier on the shared labelled corpus (read at test time, never copied)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from foibot.core.classify import classify
from foibot.core.evaluate import Predicted, Report, evaluate, read_labels
from foibot.core.model import Kind
from foibot.core.parse import parse_mail


@pytest.fixture(scope="module")
def report(shared_dir: Path) -> Report:
    corpus = shared_dir / "corpus"
    labels = read_labels((corpus / "labels.csv").read_text(encoding="utf-8"))
    pairs = []
    for row in labels:
        mail = parse_mail(
            (corpus / row.file).read_bytes(), delivered_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        )
        result = classify(mail)
        pairs.append(
            (row, Predicted(row.file, result.kind, result.reply_by, result.due_date, result.reference))
        )
    return evaluate(pairs)


def test_accuracy_is_at_least_95_percent(report: Report) -> None:
    assert report.accuracy >= 0.95, [m for m in report.misses if m.field == "kind"]


def test_no_clarification_request_is_missed(report: Report) -> None:
    assert report.recall(Kind.CLARIFICATION_REQUEST) == 1.0


def test_every_labelled_date_is_extracted_exactly(report: Report) -> None:
    assert report.reply_by.total > 0 and report.due_date.total > 0
    assert report.reply_by.matched == report.reply_by.total, report.misses
    assert report.due_date.matched == report.due_date.total, report.misses
