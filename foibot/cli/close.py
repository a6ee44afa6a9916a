"""`foibot close` and `foibot reopen`: the user's own end to a request, and taking it back.

Thin: each command opens the store, calls foibot.service.requests and prints one line.
"""

from __future__ import annotations

import click

from foibot.cli.common import app


@click.command("close")
@click.argument("request_id", metavar="REQUEST", type=int)
@click.option("--reason", metavar="TEXT", help="Why, for the timeline (e.g. 'got what I needed').")
@click.pass_context
def close(ctx: click.Context, request_id: int, reason: str | None) -> None:
    """Close REQUEST: no more alerts, reminders or drafts for it (`foibot reopen` undoes this)."""
    from foibot.config import load_settings
    from foibot.service.requests import close as close_request
    from foibot.service.requests import open_existing

    settings = load_settings(app(ctx).config_path)
    with open_existing(settings) as store:
        close_request(store, request_id, now=app(ctx).clock().now(), settings=settings, reason=reason)
    click.echo(f"Request {request_id} is closed; `foibot reopen {request_id}` undoes this.")


@click.command("reopen")
@click.argument("request_id", metavar="REQUEST", type=int)
@click.pass_context
def reopen(ctx: click.Context, request_id: int) -> None:
    """Reopen a closed REQUEST: it returns to the state its mail gives it, mail since the close included."""
    from foibot.config import load_settings
    from foibot.service.requests import open_existing
    from foibot.service.requests import reopen as reopen_request

    settings = load_settings(app(ctx).config_path)
    with open_existing(settings) as store:
        request = reopen_request(store, request_id, now=app(ctx).clock().now(), settings=settings)
    click.echo(f"Request {request_id} is open again (now {request.state.value}).")
