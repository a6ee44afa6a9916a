"""Third blind hold-out: 40 authority emails written without reading the classifier or other test mail.

tests/data/holdout3/ holds 7 stay-alive checks and 7 clarification requests (UK police, councils,
NHS, universities, central government, Scottish bodies, Ireland, EU, Australia, New Zealand) and
2-3 of every other kind, with complaint-rights footers, disclaimers, quoted requests and hard
negatives (a refusal advising how to narrow, an Australian "intention to refuse" consultation, an
extension that asks for a receipt, an automated acknowledgement, a "mailbox not monitored" auto
reply, a survey with a closing date). Dates stated as a period were resolved from the Date header
with foibot.core.deadlines.add_period and the UK working-day calendar.

This set is a measuring stick, never a tuning target: the target test stays xfail whatever it
measures. Run `pytest --runxfail -s tests/core/test_holdout3_eval.py` to read the figures.
"""

from __future__ import annotations

import re
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from foibot.core.classify import classify
from foibot.core.evaluate import Labelled, Predicted, Report, evaluate, read_labels
from foibot.core.model import Classification, Kind
from foibot.core.parse import parse_mail
from tests.core.test_holdout2_eval import (
    DELIVERED_AT,
    MIN_ACCURACY,
    MIN_OTHER_EXAMPLES,
    MIN_REPLY_BY_RATE,
    MUST_NOT_MISS,
    _summary,
)

HOLDOUT3 = Path(__file__).resolve().parent.parent / "data" / "holdout3"
MIN_MUST_NOT_MISS_EXAMPLES = 7
NEUTRAL_NAME = re.compile(r"k\d{3}\.eml")


def _labels() -> list[Labelled]:
    text = (HOLDOUT3 / "labels.csv").read_text(encoding="utf-8")
    rows: list[Labelled] = read_labels(text, source="holdout3/labels.csv")
    return rows


@pytest.fixture(scope="module")
def classified() -> tuple[Report, dict[str, Classification]]:
    results: dict[str, Classification] = {}
    pairs = []
    for row in _labels():
        mail = parse_mail((HOLDOUT3 / row.file).read_bytes(), delivered_at=DELIVERED_AT)
        result = classify(mail)
        results[row.file] = result
        predicted = Predicted(row.file, result.kind, result.reply_by, result.due_date, result.reference)
        pairs.append((row, predicted))
    return evaluate(pairs), results


def test_holdout3_set_is_well_formed() -> None:
    rows = _labels()
    listed = [row.file for row in rows]
    on_disk = {path.name for path in HOLDOUT3.glob("*.eml")}
    assert set(listed) == on_disk, f"unlisted: {on_disk - set(listed)}; missing: {set(listed) - on_disk}"
    assert len(listed) == len(set(listed)), "a file is labelled twice"
    assert all(NEUTRAL_NAME.fullmatch(name) for name in listed), "file names must not hint at the label"
    counts = Counter(row.label for row in rows)
    for kind in Kind:
        floor = MIN_MUST_NOT_MISS_EXAMPLES if kind in MUST_NOT_MISS else MIN_OTHER_EXAMPLES
        assert counts[kind] >= floor, f"{kind.value}: only {counts[kind]} examples (need {floor})"
    for row in rows:
        message = message_from_bytes((HOLDOUT3 / row.file).read_bytes(), policy=policy.default)
        for header in ("From", "To", "Subject", "Date", "Message-ID"):
            assert message[header], f"{row.file}: no {header} header"
        sent = message["Date"].datetime.date()
        for stated in (row.reply_by, row.due_date):
            assert stated is None or sent <= stated, (
                f"{row.file}: a labelled date before the message was sent"
            )


@pytest.mark.xfail(strict=False, reason="blind set; measured, not tuned on")
def test_classifier_meets_holdout3_targets(classified: tuple[Report, dict[str, Classification]]) -> None:
    report, results = classified
    summary = _summary(report, results)
    print("\n" + summary)
    missed = {kind.value: report.recall(kind) for kind in MUST_NOT_MISS if report.recall(kind) < 1.0}
    assert not missed and report.accuracy >= MIN_ACCURACY and report.reply_by.rate >= MIN_REPLY_BY_RATE, (
        f"hold-out 3 targets not met (recall 1.0 on {', '.join(k.value for k in MUST_NOT_MISS)}; "
        f"accuracy >= {MIN_ACCURACY}; reply_by >= {MIN_REPLY_BY_RATE}):\n{summary}"
    )
