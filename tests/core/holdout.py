"""Shared machinery for the hold-out evaluation sets in tests/data/holdout*/.

Each set is authority mail written by someone who had not read the classifier, labelled in the
corpus's labels.csv columns. The targets are the product's promise: no stay-alive check or
clarification request missed, accuracy >= 0.90, reply-by dates exact where the message gives one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

from foibot.core.classify import classify
from foibot.core.evaluate import Labelled, Predicted, Report, evaluate, read_labels
from foibot.core.model import Classification, Kind
from foibot.core.parse import parse_mail

DATA = Path(__file__).resolve().parent.parent / "data"
# Only used when a Date header is missing; every hold-out message has one.
DELIVERED_AT = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
MUST_NOT_MISS = (Kind.STAY_ALIVE_CHECK, Kind.CLARIFICATION_REQUEST)
MIN_ACCURACY = 0.90
MIN_REPLY_BY_RATE = 0.90


@dataclass(frozen=True)
class HoldoutRun:
    report: Report
    results: dict[str, Classification]


def labels(folder: Path) -> list[Labelled]:
    rows: list[Labelled] = read_labels(
        (folder / "labels.csv").read_text(encoding="utf-8"), source=f"{folder.name}/labels.csv"
    )
    return rows


def run(folder: Path) -> HoldoutRun:
    """Parse and classify every labelled message of one set."""
    pairs = []
    results: dict[str, Classification] = {}
    for row in labels(folder):
        result = classify(parse_mail((folder / row.file).read_bytes(), delivered_at=DELIVERED_AT))
        results[row.file] = result
        pairs.append(
            (row, Predicted(row.file, result.kind, result.reply_by, result.due_date, result.reference))
        )
    return HoldoutRun(evaluate(pairs), results)


def summary(outcome: HoldoutRun) -> str:
    """Headline figures, per-label recall and every kind or date mistake with its evidence."""
    report = outcome.report
    recalls = "  ".join(
        f"{s.label.value}={s.recall:.2f} ({s.support})" for s in report.per_label if s.support
    )
    lines = [
        f"accuracy {report.accuracy:.3f} ({report.correct}/{report.total}); "
        f"reply_by {report.reply_by.matched}/{report.reply_by.total}; "
        f"due_date {report.due_date.matched}/{report.due_date.total}; "
        f"reference {report.reference.matched}/{report.reference.total}",
        f"recall: {recalls}",
        f"{'file':<9} {'field':<9} {'expected':<32} {'got':<32} evidence",
    ]
    for miss in report.misses:
        if miss.field != "reference":
            evidence = "; ".join(outcome.results[miss.file].evidence)[:200]
            lines.append(f"{miss.file:<9} {miss.field:<9} {miss.expected:<32} {miss.got:<32} {evidence}")
    return "\n".join(lines)


def assert_targets(outcome: HoldoutRun, name: str, *, details: bool = True) -> None:
    """The product's promise on one set; `details=False` (a blind set) reports the figures only,
    so its mistakes stay unseen until someone decides to tune on it."""
    report = outcome.report
    text = summary(outcome) if details else "\n".join(summary(outcome).splitlines()[:2])
    print("\n" + text)
    missed = [kind.value for kind in MUST_NOT_MISS if report.recall(kind) < 1.0]
    assert not missed and report.accuracy >= MIN_ACCURACY and report.reply_by.rate >= MIN_REPLY_BY_RATE, (
        f"{name} targets not met (recall 1.0 on {', '.join(k.value for k in MUST_NOT_MISS)}; "
        f"accuracy >= {MIN_ACCURACY}; reply_by >= {MIN_REPLY_BY_RATE}):\n{text}"
    )


def assert_well_formed(folder: Path, *, name_pattern: str, min_must_not_miss: int, min_other: int) -> None:
    """Every file labelled once, neutral names, enough of each kind, dates after the message."""
    rows = labels(folder)
    listed = [row.file for row in rows]
    on_disk = {path.name for path in folder.glob("*.eml")}
    assert set(listed) == on_disk, f"unlisted: {on_disk - set(listed)}; missing: {set(listed) - on_disk}"
    assert len(listed) == len(set(listed)), "a file is labelled twice"
    assert all(re.fullmatch(name_pattern, name) for name in listed), "file names must not hint at the label"
    counts = Counter(row.label for row in rows)
    for kind in Kind:
        floor = min_must_not_miss if kind in MUST_NOT_MISS else min_other
        assert counts[kind] >= floor, f"{kind.value}: only {counts[kind]} examples (need {floor})"
    for row in rows:
        message = message_from_bytes((folder / row.file).read_bytes(), policy=policy.default)
        for header in ("From", "To", "Subject", "Date", "Message-ID"):
            assert message[header], f"{row.file}: no {header} header"
        sent = message["Date"].datetime.date()
        for stated in (row.reply_by, row.due_date):
            assert stated is None or sent <= stated, (
                f"{row.file}: a labelled date before the message was sent"
            )
