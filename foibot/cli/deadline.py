"""`foibot deadline`: compute the statutory dates of one FOI request from the command line."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from foibot.cli.common import parse_date

if TYPE_CHECKING:  # the core modules load inside the command, so `foibot --help` stays fast
    from foibot.core.deadlines import Timeline

NONWORKING_CHOICES = ("ico", "next_working_day")


def _day(value: dt.date) -> str:
    return f"{value.strftime('%a')} {value.isoformat()}"


@click.command("deadline")
@click.option("--regime", "regime_key", required=True, help="Regime key, e.g. uk_foia, uk_eir, scot_foisa.")
@click.option("--received", required=True, metavar="YYYY-MM-DD", help="Day the authority received it.")
@click.option("--clarified", metavar="YYYY-MM-DD", help="Day your clarification reached the authority.")
@click.option("--responded", metavar="YYYY-MM-DD", help="Day the response reached you.")
@click.option(
    "--nonworking-receipt",
    type=click.Choice(NONWORKING_CHOICES),
    default="ico",
    show_default=True,
    help="Receipt on a non-working day: day 1 is the next working day (ico), or one later.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def deadline(
    regime_key: str,
    received: str,
    clarified: str | None,
    responded: str | None,
    nonworking_receipt: str,
    as_json: bool,
) -> None:
    """Show when a response is due, and the review and complaint dates that follow."""
    from foibot.core import deadlines as dl
    from foibot.core.regimes import get_regime

    regime = get_regime(regime_key)
    receipt_rule: dl.NonworkingReceipt = "ico" if nonworking_receipt == "ico" else "next_working_day"
    timeline = dl.Timeline(regime, parse_date(received, "--received"), nonworking_receipt=receipt_rule)
    if clarified is not None:
        timeline = timeline.with_clarification(parse_date(clarified, "--clarified"))
    if responded is not None:
        timeline = timeline.with_response(parse_date(responded, "--responded"))
    dates = _dates(timeline)
    warnings = dl.caveats(regime, timeline.received)
    if as_json:
        payload: dict[str, object] = {"regime": regime.key, "received": timeline.received.isoformat()}
        if timeline.clarified is not None:
            payload["clarified"] = timeline.clarified.isoformat()
        payload.update({key: value.isoformat() for key, (_, value) in dates.items()})
        payload["warnings"] = list(warnings)
        click.echo(json.dumps(payload))
        return
    click.echo(f"{regime.title} ({regime.key})")
    click.echo(f"  {'received':<18} {_day(timeline.received)}")
    if timeline.clarified is not None:
        click.echo(f"  {'clarified':<18} {_day(timeline.clarified)}  (the clock restarted)")
    for key, (meaning, value) in dates.items():
        click.echo(f"  {key:<18} {_day(value)}  {meaning}")
    for note in regime.notes:
        click.echo(f"  note: {note}")
    for warning in warnings:
        click.echo(f"  warning: {warning}")


def _dates(timeline: Timeline) -> dict[str, tuple[str, dt.date]]:
    """Every applicable date, keyed as in the JSON output, with what it means."""
    from foibot.core import deadlines as dl

    regime = timeline.regime
    candidates: list[tuple[str, str, dt.date | None]] = [
        ("due", f"response due ({regime.response} after receipt)", timeline.statutory_due),
        (
            "extended_due",
            f"latest date with an extension ({regime.extension.note})" if regime.extension else "",
            dl.extended_due(
                regime,
                timeline.received,
                clarified=timeline.clarified,
                nonworking_receipt=timeline.nonworking_receipt,
            ),
        ),
    ]
    if timeline.responded is not None:
        responded = timeline.responded
        candidates.append(("responded", "response received", responded))
        candidates.append(
            ("review_request_by", "last day to ask for internal review", timeline.review_request_by)
        )
    else:
        candidates.append(
            (
                "review_request_by",
                "last day to ask for review if no response comes",
                timeline.review_request_by,
            )
        )
    review_asked = timeline.responded
    if review_asked is not None:
        candidates.append(
            (
                "review_due",
                "review outcome due if you ask on the day you got the response",
                dl.review_due(regime, review_asked),
            ),
        )
        candidates.append(
            (
                "review_due_max",
                "latest acceptable review outcome (same assumption)",
                dl.review_due_max(regime, review_asked),
            ),
        )
        name = regime.regulator.name if regime.regulator else "regulator"
        candidates.append(
            (
                "regulator_by",
                f"last day to complain to the {name} if that response is final",
                dl.regulator_by(regime, review_asked),
            ),
        )
    return {key: (meaning, value) for key, meaning, value in candidates if value is not None}
