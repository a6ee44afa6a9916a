"""`foibot demo`: run the pipeline on the bundled sample mailbox and print what happened, step by step."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from foibot.cli.common import parse_date

if TYPE_CHECKING:
    from foibot.service.demo import DemoReport, MessageStep, Step

RULE = "-" * 78


@click.command()
@click.option(
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the alerts, reminders and drafts, one .eml file each. A rerun replaces only "
    "the files the demo wrote there.",
)
@click.option("--until", "until_text", metavar="YYYY-MM-DD", help="Stop the simulated clock on this day.")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON instead of text.")
def demo(output: Path, until_text: str | None, as_json: bool) -> None:
    """Run foibot on a bundled sample mailbox with a simulated clock (no server, no set-up).

    Seven FOI requests go through acknowledgements, a clarification, a "do you still want it?"
    check, a refusal and internal review, a full answer, a silent authority, a bounce, an
    out-of-office reply and a Scottish request. For every message it shows the classification
    and its evidence, the deadlines set or moved, and each alert, reminder and draft produced.
    """
    from foibot.service.demo import run_demo  # heavy imports only when the command runs

    until = parse_date(until_text, "--until") if until_text else None
    # The timeline below is the demo's output; the services' INFO log would repeat it on stderr.
    package_log = logging.getLogger("foibot")
    previous = package_log.level
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        package_log.setLevel(logging.WARNING)
    try:
        report = run_demo(output, until=until)
    finally:
        package_log.setLevel(previous)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report), indent=2, default=_json_default))
        return
    for line in render(report):
        click.echo(line)


def _json_default(value: object) -> Any:
    if isinstance(value, dt.date | Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _day(value: dt.date | None) -> str:
    return "-" if value is None else f"{value:%a %d %b %Y}"


def render(report: DemoReport) -> list[str]:
    """The timeline as readable lines."""
    lines = [
        f"foibot demo: the mailbox of {report.owner}, simulated from {_day(report.start)} "
        f"to {_day(report.end)}.",
        "Each message is read at its delivery time; foibot's sweep runs at 08:00 every day.",
        'Automatic "I still require this information" replies are '
        + ("ON." if report.auto_confirm else "OFF (the default): foibot saves a draft for you instead."),
    ]
    current: dt.date | None = None
    for step in report.steps:
        if step.at.date() != current:
            current = step.at.date()
            lines += ["", f"== {_day(current)} " + "=" * 60]
        lines += _step_lines(step)
    lines += ["", RULE, "Where each request stands at the end:"]
    for request in report.requests:
        deadlines = ", ".join(
            f"{name.replace('_', ' ')} {_day(value)}"
            for name, value in dataclasses.asdict(request.deadlines).items()
            if value is not None
        )
        lines.append(
            f"  #{request.id} {request.authority_email} [{request.regime}] {request.state.value}"
            + (f" - {deadlines}" if deadlines else "")
        )
    lines += [
        "",
        f"{len(report.files)} messages written to {report.output}/ (open them in any mail client).",
    ]
    return lines


def _step_lines(step: Step) -> list[str]:
    at = f"{step.at:%H:%M}"
    lines = []
    message = step.message
    if message is None:
        lines.append(f"{at}  daily sweep")
    else:
        if message.role == "sent":
            lines.append(f"{at}  SENT by you to {', '.join(message.recipients) or '(nobody)'}")
        else:
            lines.append(f"{at}  RECEIVED from {message.sender}")
        lines.append(f'       "{message.subject}"')
        lines += _classification_lines(message)
    for change in step.changes:
        if change.created:
            lines.append(
                f"       -> new request #{change.request_id} to {change.authority} [{change.regime}]"
            )
        elif change.state_before != change.state_after:
            lines.append(
                f"       -> request #{change.request_id}: {change.state_before} -> {change.state_after}"
            )
        else:
            lines.append(f"       -> request #{change.request_id}:")
        for moved in change.deadlines:
            name = moved.name.replace("_", " ")
            if moved.before is None:
                lines.append(f"            {name}: {_day(moved.after)}")
            else:
                lines.append(f"            {name}: {_day(moved.before)} -> {_day(moved.after)}")
    for delivery in step.deliveries:
        what = "DRAFT saved" if delivery.channel == "draft" else f"{delivery.label.upper()} sent"
        lines.append(f"       {what} to {', '.join(delivery.recipients)}: {delivery.file}")
        lines.append(f'         "{delivery.subject}"')
        if delivery.channel == "draft" and delivery.in_reply_to:
            lines.append(f"         in reply to {delivery.in_reply_to}")
    return lines


def _classification_lines(message: MessageStep) -> list[str]:
    if message.outcome == "quarantined":
        return [f"       quarantined: {message.quarantine_reason}"]
    if message.outcome == "duplicate":
        return ["       already processed (duplicate)"]
    lines = []
    if message.kind is not None:
        facts = [f"{message.kind} ({message.confidence:.2f})"]
        facts += [f"ref {message.reference}"] if message.reference else []
        facts += [f"reply by {_day(message.reply_by)}"] if message.reply_by else []
        facts += [f"authority due {_day(message.due_date)}"] if message.due_date else []
        lines.append("       " + "; ".join(facts))
        lines += [f"         evidence: {item}" for item in message.evidence]
    if message.match_method == "discovered":
        lines.append("       recognised as a new information request")
    elif message.request_id is not None:
        lines.append(f"       matched request #{message.request_id} by {message.match_method}")
    elif message.disposition:
        lines.append(f"       {message.disposition}")
    return lines
