"""`foibot status/show/calendar/track/untrack/unmatched/attach/quarantine`: the tracked requests.

Thin: each command opens the store, calls one function of foibot.service.requests and prints.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from foibot.cli.common import app, parse_date

if TYPE_CHECKING:  # service modules load inside the commands, so `foibot --help` stays fast
    from foibot.adapters.store import Store
    from foibot.config import Settings


def _settings(ctx: click.Context) -> Settings:
    from foibot.config import load_settings

    return load_settings(app(ctx).config_path)


def _open(settings: Settings, *, create: bool = False) -> Store:
    from foibot.adapters.store import Store
    from foibot.service.requests import open_existing

    return Store.open(Path(settings.storage.path)) if create else open_existing(settings)


def _now(ctx: click.Context) -> dt.datetime:
    return app(ctx).clock().now()


def _today(ctx: click.Context, settings: Settings) -> dt.date:
    from foibot.service.ingest import local_zone

    return _now(ctx).astimezone(local_zone(settings)).date()


def _day(value: dt.date | None) -> str:
    return "-" if value is None else value.isoformat()


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.option("--all", "show_all", is_flag=True, help="Include closed and withdrawn requests.")
@click.pass_context
def status(ctx: click.Context, as_json: bool, show_all: bool) -> None:
    """List open requests: state, who must act next, and the next deadline."""
    from foibot.service.requests import status as request_status

    settings = _settings(ctx)
    with _open(settings) as store:
        rows = request_status(store, _today(ctx, settings), include_finished=show_all)
    if as_json:
        click.echo(json.dumps([row.as_json() for row in rows], indent=2))
        return
    if not rows:
        click.echo("No open requests.")
        return
    click.echo(f"{'ID':>4}  {'STATE':<24} {'NEXT':<9} {'DEADLINE':<11} {'AUTHORITY':<32} SUBJECT")
    for row in rows:
        request = row.request
        deadline = _day(row.next_deadline)
        click.echo(
            f"{request.id:>4}  {request.state.value:<24} {row.next_actor:<9} {deadline:<11} "
            f"{request.authority_email:<32} {request.subject}"
        )
        for item in row.missed:
            click.echo(f"{'':>4}  ! {item.note}")


@click.command("show")
@click.argument("request_id", metavar="ID", type=int)
@click.pass_context
def show(ctx: click.Context, request_id: int) -> None:
    """Show one request's timeline: messages, classifications and evidence, deadline changes, actions."""
    from foibot.service.requests import show as request_detail

    settings = _settings(ctx)
    with _open(settings) as store:
        detail = request_detail(store, request_id, _today(ctx, settings))
    request = detail.request
    click.echo(f"#{request.id} {request.subject}")
    click.echo(f"  authority: {request.authority_email}   regime: {request.regime}   sent: {request.sent_on}")
    tracked = "" if detail.tracked else "   (untracked)"
    click.echo(f"  reference: {request.reference or '-'}   state: {request.state.value}{tracked}")
    d = request.deadlines
    click.echo(
        f"  authority due: {_day(d.authority_due)}   your reply by: {_day(d.requester_reply_by)}   "
        f"review by: {_day(d.review_request_by)}   review due: {_day(d.review_due)}   "
        f"regulator by: {_day(d.regulator_by)}"
    )
    for item in detail.missed:
        click.echo(f"  ! {item.note}: nothing from you is recorded (foibot never withdraws a request)")
    click.echo("Timeline:")
    for event in detail.events:
        click.echo(f"  {event.at:%Y-%m-%d %H:%M}  {event.kind:<13} {event.summary}")
        evidence = event.detail.get("evidence")
        if isinstance(evidence, list) and evidence:
            click.echo(f"  {'':16}  {'':<13} evidence: {'; '.join(str(e) for e in evidence)}")
        if event.detail.get("match"):
            click.echo(
                f"  {'':16}  {'':<13} matched by {event.detail['match']}: {event.detail.get('match_detail')}"
            )


@click.command("calendar")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write the .ics here (default: stdout)."
)
@click.pass_context
def calendar(ctx: click.Context, output: str | None) -> None:
    """Export every open deadline as an iCalendar (.ics) feed you can subscribe to."""
    from foibot.errors import UsageError
    from foibot.service.requests import calendar as calendar_feed

    settings = _settings(ctx)
    with _open(settings) as store:
        data = calendar_feed(store, _now(ctx))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise UsageError(f"--output: cannot write {output}: {exc.strerror}") from None
    click.echo(f"Wrote {output}", err=True)


@click.command("track")
@click.option("--to", "to", required=True, metavar="ADDRESS", help="The authority's address.")
@click.option("--subject", required=True, metavar="TEXT", help="The request's subject line.")
@click.option("--sent", required=True, metavar="YYYY-MM-DD", help="Day the request was sent (receipt day).")
@click.option(
    "--regime", metavar="KEY", help="Law, e.g. uk_foia, uk_eir, scot_foisa (default: policy.regime)."
)
@click.option("--reference", metavar="REF", help="The authority's reference number, if known.")
@click.option("--message-id", metavar="ID", help="Message-ID of the request as sent (links replies).")
@click.pass_context
def track(
    ctx: click.Context,
    to: str,
    subject: str,
    sent: str,
    regime: str | None,
    reference: str | None,
    message_id: str | None,
) -> None:
    """Track a request that discovery missed."""
    from foibot.service.requests import track as track_request

    settings = _settings(ctx)
    sent_on = parse_date(sent, "--sent")
    with _open(settings, create=True) as store:
        request_id = track_request(
            store,
            to=to,
            subject=subject,
            sent=sent_on,
            now=_now(ctx),
            settings=settings,
            regime=regime,
            reference=reference,
            message_id=message_id,
        )
    click.echo(f"Tracking request {request_id}.")


@click.command("untrack")
@click.argument("request_id", metavar="ID", type=int)
@click.pass_context
def untrack(ctx: click.Context, request_id: int) -> None:
    """Stop tracking a request found by mistake (its history is kept)."""
    from foibot.service.requests import untrack as untrack_request

    settings = _settings(ctx)
    with _open(settings) as store:
        untrack_request(store, request_id, now=_now(ctx))
    click.echo(f"Request {request_id} is no longer tracked.")


@click.command("unmatched")
@click.pass_context
def unmatched(ctx: click.Context) -> None:
    """List authority-looking mail that matched no request (attach it with `foibot attach`)."""
    from foibot.service.requests import unmatched as unmatched_messages

    settings = _settings(ctx)
    with _open(settings) as store:
        rows = unmatched_messages(store)
    if not rows:
        click.echo("No unmatched messages.")
        return
    click.echo(f"{'MESSAGE':>7}  {'DATE':<10}  {'KIND':<22} {'FROM':<32} SUBJECT")
    for row in rows:
        click.echo(
            f"{row.message_row:>7}  {row.sent_at:%Y-%m-%d}  {row.kind or '-':<22} "
            f"{row.from_addr or '?':<32} {row.subject}"
        )


@click.command("attach")
@click.argument("message_row", metavar="MESSAGE", type=int)
@click.argument("request_id", metavar="REQUEST", type=int)
@click.pass_context
def attach(ctx: click.Context, message_row: int, request_id: int) -> None:
    """Attach an unmatched MESSAGE (see `foibot unmatched`) to REQUEST and update the request."""
    from foibot.service.requests import attach as attach_message

    settings = _settings(ctx)
    with _open(settings) as store:
        attach_message(store, message_row, request_id, now=_now(ctx), settings=settings)
        state = store.get_request(request_id).state
    click.echo(f"Attached message {message_row} to request {request_id} (now {state.value}).")


@click.group("quarantine")
def quarantine() -> None:
    """Messages that failed processing: list them, or retry after an upgrade."""


@quarantine.command("list")
@click.pass_context
def quarantine_list(ctx: click.Context) -> None:
    """List quarantined messages and why they failed."""
    from foibot.service.requests import quarantined

    settings = _settings(ctx)
    with _open(settings) as store:
        rows = quarantined(store)
    if not rows:
        click.echo("Quarantine is empty.")
        return
    for row in rows:
        where = f"{row.mailbox}/{row.folder} uid {row.uid}"
        click.echo(f"{row.id:>5}  {row.created_at:%Y-%m-%d %H:%M}  {where}: {row.reason}")


@quarantine.command("retry")
@click.argument("quarantine_id", metavar="ID", type=int)
@click.pass_context
def quarantine_retry(ctx: click.Context, quarantine_id: int) -> None:
    """Process a quarantined message again."""
    from foibot.service.requests import retry_quarantined

    settings = _settings(ctx)
    with _open(settings) as store:
        result = retry_quarantined(store, quarantine_id, now=_now(ctx), settings=settings)
    click.echo(f"Message {quarantine_id}: {result.status}" + (f" ({result.detail})" if result.detail else ""))
