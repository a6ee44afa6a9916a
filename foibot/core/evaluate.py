"""Score classifications against labels: accuracy, per-label precision/recall, confusion, dates.

Pure: `read_labels` takes the text of a labels.csv (columns file,label,reply_by,due_date,reference,
authority,notes) and `evaluate` takes (label, prediction) pairs. Rows whose notes say ESTIMATED have
a guessed Date header, so their dates are not scored (relative dates cannot be resolved from them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from foibot.core.model import Kind
from foibot.errors import UsageError

LABEL_COLUMNS = ("file", "label", "reply_by", "due_date", "reference", "authority", "notes")


@dataclass(frozen=True, slots=True)
class Labelled:
    """One row of labels.csv."""

    file: str
    label: Kind
    reply_by: dt.date | None = None
    due_date: dt.date | None = None
    reference: str | None = None
    estimated_date: bool = False


@dataclass(frozen=True, slots=True)
class Predicted:
    """What the classifier said about one file."""

    file: str
    kind: Kind
    reply_by: dt.date | None = None
    due_date: dt.date | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class LabelStats:
    label: Kind
    precision: float
    recall: float
    support: int  # labelled with this kind
    predicted: int  # predicted as this kind


@dataclass(frozen=True, slots=True)
class MatchRate:
    """Exact matches over the rows that carry a label value."""

    matched: int
    total: int
    skipped: int = 0  # rows with a value that were not scored (ESTIMATED date)

    @property
    def rate(self) -> float:
        return self.matched / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class Miss:
    file: str
    field: str  # "kind", "reply_by", "due_date" or "reference"
    expected: str
    got: str


@dataclass(frozen=True, slots=True)
class Report:
    total: int
    correct: int
    per_label: tuple[LabelStats, ...]
    confusion: dict[Kind, dict[Kind, int]]  # expected -> predicted -> count
    reply_by: MatchRate
    due_date: MatchRate
    reference: MatchRate
    misses: tuple[Miss, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def recall(self, label: Kind) -> float:
        return next((s.recall for s in self.per_label if s.label is label), 1.0)


def _date(value: str, where: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{where}: {value!r} is not a date in the form YYYY-MM-DD") from None


def read_labels(text: str, *, source: str = "labels.csv") -> list[Labelled]:
    """Parse labels.csv text; a malformed row -> UsageError naming the row."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("file", "label") if c not in (reader.fieldnames or ())]
    if missing:
        raise UsageError(
            f"{source}: missing column(s) {', '.join(missing)}; expected {','.join(LABEL_COLUMNS)}"
        )
    rows: list[Labelled] = []
    for line, row in enumerate(reader, start=2):
        where = f"{source} line {line}"
        try:
            label = Kind(row["label"].strip())
        except ValueError:
            raise UsageError(f"{where}: unknown label {row['label']!r}") from None
        rows.append(
            Labelled(
                file=row["file"].strip(),
                label=label,
                reply_by=_date(row.get("reply_by") or "", where),
                due_date=_date(row.get("due_date") or "", where),
                reference=(row.get("reference") or "").strip() or None,
                estimated_date="ESTIMATED" in (row.get("notes") or ""),
            )
        )
    return rows


def same_reference(a: str, b: str) -> bool:
    """References compare without case and spacing ("FOI 2024/1" is "FOI2024/1")."""
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


def _rate(pairs: Iterable[tuple[Labelled, Predicted]], field: str, misses: list[Miss]) -> MatchRate:
    matched = total = skipped = 0
    for label, predicted in pairs:
        expected, got = getattr(label, field), getattr(predicted, field)
        if expected is None:
            continue
        if field != "reference" and label.estimated_date:
            skipped += 1
            continue
        total += 1
        ok = same_reference(expected, got or "") if field == "reference" else expected == got
        if ok:
            matched += 1
        else:
            misses.append(Miss(label.file, field, str(expected), str(got) if got is not None else "-"))
    return MatchRate(matched, total, skipped)


def evaluate(pairs: Sequence[tuple[Labelled, Predicted]]) -> Report:
    """Accuracy, per-label precision/recall, confusion matrix and exact-match rates for dates/reference."""
    confusion: dict[Kind, dict[Kind, int]] = {k: {p: 0 for p in Kind} for k in Kind}
    misses: list[Miss] = []
    for label, predicted in pairs:
        confusion[label.label][predicted.kind] += 1
        if label.label is not predicted.kind:
            misses.append(Miss(label.file, "kind", label.label.value, predicted.kind.value))
    support = Counter(label.label for label, _ in pairs)
    guessed = Counter(predicted.kind for _, predicted in pairs)
    stats = tuple(
        LabelStats(
            label=kind,
            precision=confusion[kind][kind] / guessed[kind] if guessed[kind] else 1.0,
            recall=confusion[kind][kind] / support[kind] if support[kind] else 1.0,
            support=support[kind],
            predicted=guessed[kind],
        )
        for kind in Kind
        if support[kind] or guessed[kind]
    )
    return Report(
        total=len(pairs),
        correct=sum(confusion[k][k] for k in Kind),
        per_label=stats,
        confusion=confusion,
        reply_by=_rate(pairs, "reply_by", misses),
        due_date=_rate(pairs, "due_date", misses),
        reference=_rate(pairs, "reference", misses),
        misses=tuple(misses),
    )
