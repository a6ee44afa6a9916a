"""`foibot sweep` and `foibot digest`: queue what is due and send it now, from the command line."""

from __future__ import annotations

import click

from foibot.cli.common import app


def _report_delivery(sent: int, retrying: list[tuple[str, str]], failed: list[tuple[str, str]]) -> None:
    click.echo(f"delivered {sent}, will retry {len(retrying)}, failed {len(failed)}")
    for key, error in retrying + failed:
        click.echo(f"  {key}: {error}", err=True)


@click.command("sweep")
@click.option("--dry-run", is_flag=True, help="Only list what is due; queue and send nothing.")
def sweep(dry_run: bool) -> None:
    """Queue every alert, reminder and draft that is due now, then deliver the outbox."""
    from foibot.config import load_settings
    from foibot.service.actions import run_sweep

    context = app(click.get_current_context())
    result, report = run_sweep(load_settings(context.config_path), context.clock().now(), dry_run=dry_run)
    for key in result.queued:
        click.echo(f"{'due' if dry_run else 'queued'}: {key}")
    click.echo(f"{len(result.planned)} due, {len(result.queued)} new" + (" (dry run)" if dry_run else ""))
    if not dry_run:
        _report_delivery(len(report.sent), report.retrying, report.failed)


@click.command("digest")
@click.option("--preview", "mode", flag_value="preview", default=True, help="Print the digest (default).")
@click.option(
    "--send", "mode", flag_value="send", help="Queue the digest for every recipient and send it now."
)
def digest(mode: str) -> None:
    """Show, or send, the digest: your actions, deadlines in the next two weeks, overdue authorities."""
    from foibot.config import load_settings
    from foibot.service.digest import run_digest

    context = app(click.get_current_context())
    text, result, report = run_digest(
        load_settings(context.config_path), context.clock().now(), send=mode == "send"
    )
    if result is None or report is None:
        click.echo(text, nl=False)
        return
    click.echo(f"queued {len(result.queued)} digest(s)")
    _report_delivery(len(report.sent), report.retrying, report.failed)
