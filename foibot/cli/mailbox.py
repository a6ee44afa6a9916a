"""`foibot check`, `foibot scan --once` and `foibot run`: the mailbox commands (thin)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from foibot.cli.common import app
from foibot.errors import ConfigError, MailboxError

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


@click.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Log in to each mailbox and the SMTP server, find the folders, and diagnose any failure."""
    from foibot.config import load_settings
    from foibot.service.check import check_all

    settings = load_settings(app(ctx).config_path)
    results = check_all(settings)
    for result in results:
        click.echo(f"{'ok  ' if result.ok else 'FAIL'} {result.target}")
        for line in result.found:
            click.echo(f"       {line}")
        for line in result.problems:
            click.echo(f"       problem: {line}")
    if not results:
        raise ConfigError("nothing to check: no [[mailbox]] or [smtp] section")
    failed = [r.target for r in results if not r.ok]
    if failed:
        raise MailboxError(f"{len(failed)} of {len(results)} checks failed")


@click.command()
@click.option(
    "--once", is_flag=True, default=True, help="Process what is new, act on it, exit (the default)."
)
@click.pass_context
def scan(ctx: click.Context, once: bool) -> None:
    """Process everything new in all mailboxes, then send what is due (alerts, reminders, drafts)."""
    from foibot.config import load_settings
    from foibot.service.scan import scan_once

    settings = load_settings(app(ctx).config_path)
    progress = _BarProgress() if sys.stderr.isatty() else None
    result = scan_once(settings, app(ctx).clock(), progress=progress)
    for line in result.lines():
        click.echo(line)
    if not result.ok:
        raise MailboxError("some mailboxes could not be scanned (see above); the others were")


@click.command()
@click.option("--idle-check-seconds", type=float, hidden=True)  # test knob
@click.option("--backoff-seconds", type=float, hidden=True)  # test knob
@click.option("--sweep-seconds", type=float, hidden=True)  # test knob
@click.pass_context
def run(
    ctx: click.Context,
    idle_check_seconds: float | None,
    backoff_seconds: float | None,
    sweep_seconds: float | None,
) -> None:
    """Watch all mailboxes (IMAP IDLE) and send what is due, until SIGTERM/Ctrl-C."""
    from foibot import daemon
    from foibot.config import load_settings
    from foibot.service.watch import WatchTiming

    settings = load_settings(app(ctx).config_path)
    timing = WatchTiming()
    timing = WatchTiming(
        idle_check_seconds=idle_check_seconds or timing.idle_check_seconds,
        poll_seconds=idle_check_seconds or timing.poll_seconds,
        backoff_first_seconds=backoff_seconds or timing.backoff_first_seconds,
        backoff_max_seconds=(backoff_seconds * 4) if backoff_seconds else timing.backoff_max_seconds,
    )
    daemon.run(settings, app(ctx).clock(), timing=timing, sweep_seconds=sweep_seconds or 300.0)


class _BarProgress:
    """A click progress bar on stderr for each folder of a long scan."""

    def __init__(self) -> None:
        self._bar: ProgressBar[int] | None = None

    def start(self, label: str, total: int) -> None:
        self._bar = click.progressbar(length=total, label=label, file=sys.stderr) if total else None

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None
