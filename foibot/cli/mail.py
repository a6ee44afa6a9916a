"""`foibot classify` and `foibot eval`: classify .eml files, and score the classifier on a labelled folder."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from foibot.errors import NotFound, UsageError

if TYPE_CHECKING:  # core modules load inside the commands, so `foibot --help` stays fast
    from foibot.core.evaluate import Report
    from foibot.core.model import Classification, Mail


def _eml_files(paths: tuple[str, ...]) -> Iterator[Path]:
    """Each path as given, or the .eml files under a directory (recursively, sorted)."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.eml") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise NotFound(f"{name}: no such file or directory")


def _read_and_classify(path: Path) -> tuple[Mail, Classification]:
    from foibot.core.classify import classify
    from foibot.core.parse import parse_mail

    try:
        raw = path.read_bytes()
        delivered = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError as exc:
        raise NotFound(f"{path}: cannot read ({exc.strerror})") from None
    mail = parse_mail(raw, delivered_at=delivered)
    return mail, classify(mail)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _line(path: Path, result: Classification) -> str:
    parts = [str(path), result.kind.value, f"({result.confidence:.2f})"]
    if result.reply_by:
        parts.append(f"reply-by {result.reply_by.isoformat()}")
    if result.due_date:
        parts.append(f"due {result.due_date.isoformat()}")
    if result.reference:
        parts.append(f"ref {result.reference}")
    if result.fee_amount:
        parts.append(f"fee {result.fee_amount}")
    return "  ".join(parts)


@click.command("classify")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message per line.")
@click.option("-v", "--explain", is_flag=True, help="Show the evidence (rules, headers) behind each verdict.")
def classify(paths: tuple[str, ...], as_json: bool, explain: bool) -> None:
    """Classify authority emails (.eml files, or directories of them) and show their dates and reference."""
    for path in _eml_files(paths):
        mail, result = _read_and_classify(path)
        if as_json:
            payload = {
                "path": str(path),
                "kind": result.kind.value,
                "confidence": result.confidence,
                "reply_by": _iso(result.reply_by),
                "due_date": _iso(result.due_date),
                "reference": result.reference,
                "fee_amount": result.fee_amount,
                "evidence": list(result.evidence),
                "problems": list(mail.problems),
            }
            click.echo(json.dumps(payload, ensure_ascii=False))
            continue
        click.echo(_line(path, result))
        if explain:
            for item in (*result.evidence, *(f"problem: {p}" for p in mail.problems)):
                click.echo(f"    {item}")


def _report_json(report: Report) -> dict[str, object]:
    return {
        "total": report.total,
        "correct": report.correct,
        "accuracy": round(report.accuracy, 4),
        "per_label": {
            s.label.value: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "support": s.support,
                "predicted": s.predicted,
            }
            for s in report.per_label
        },
        "confusion": {
            expected.value: {got.value: n for got, n in row.items() if n}
            for expected, row in report.confusion.items()
            if any(row.values())
        },
        **{
            name: {
                "matched": rate.matched,
                "total": rate.total,
                "skipped": rate.skipped,
                "rate": round(rate.rate, 4),
            }
            for name, rate in (
                ("reply_by", report.reply_by),
                ("due_date", report.due_date),
                ("reference", report.reference),
            )
        },
        "misses": [
            {"file": m.file, "field": m.field, "expected": m.expected, "got": m.got} for m in report.misses
        ],
    }


def _print_report(report: Report) -> None:
    click.echo(f"accuracy  {report.accuracy:.3f}  ({report.correct}/{report.total})")
    click.echo("")
    click.echo(f"{'label':34} {'precision':>9} {'recall':>7} {'support':>8}")
    for s in report.per_label:
        click.echo(f"{s.label.value:34} {s.precision:9.2f} {s.recall:7.2f} {s.support:8d}")
    labels = [s.label for s in report.per_label]
    click.echo("")
    click.echo("confusion (rows: label, columns: predicted, in the order above)")
    for expected in labels:
        row = " ".join(f"{report.confusion[expected][got]:3d}" for got in labels)
        click.echo(f"{expected.value:34} {row}")
    click.echo("")
    for name, rate in (
        ("reply_by", report.reply_by),
        ("due_date", report.due_date),
        ("reference", report.reference),
    ):
        skipped = f", {rate.skipped} not scored (ESTIMATED date)" if rate.skipped else ""
        click.echo(f"{name:10} exact {rate.matched}/{rate.total} ({rate.rate:.2f}){skipped}")
    if report.misses:
        click.echo("")
        click.echo("misses")
        for miss in report.misses:
            click.echo(f"  {miss.file}  {miss.field}: expected {miss.expected}, got {miss.got}")


@click.command("eval")
@click.argument("directory", type=click.Path(file_okay=False), metavar="DIR")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as one JSON object.")
def evaluate(directory: str, as_json: bool) -> None:
    """Score the classifier on DIR/labels.csv (file,label,reply_by,due_date,reference,authority,notes)."""
    from foibot.core.evaluate import Predicted, read_labels
    from foibot.core.evaluate import evaluate as score

    folder = Path(directory)
    labels_path = folder / "labels.csv"
    try:
        labels = read_labels(labels_path.read_text(encoding="utf-8"), source=str(labels_path))
    except FileNotFoundError:
        raise NotFound(f"{labels_path}: no such file (eval needs DIR/labels.csv)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{labels_path}: cannot read ({exc})") from None
    pairs = []
    for row in labels:
        _, result = _read_and_classify(folder / row.file)
        predicted = Predicted(row.file, result.kind, result.reply_by, result.due_date, result.reference)
        pairs.append((row, predicted))
    report = score(pairs)
    if as_json:
        click.echo(json.dumps(_report_json(report), indent=2))
    else:
        _print_report(report)
