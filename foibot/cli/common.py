"""What every subcommand shares: the parsed global options and the clock they imply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import click

from foibot.clock import Clock, FixedClock, SystemClock
from foibot.errors import UsageError


@dataclass(frozen=True)
class AppContext:
    """Global options, passed to subcommands through click's context object."""

    config_path: str | None
    now: dt.datetime | None
    debug: bool = False

    def clock(self) -> Clock:
        return FixedClock(self.now) if self.now is not None else SystemClock()


def parse_now(text: str | None) -> dt.datetime | None:
    """Parse `--now`: an ISO date or datetime; naive values are taken as UTC."""
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--now: {text!r} is not an ISO date or datetime (e.g. 2018-05-09T09:00)") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def parse_date(text: str, option: str) -> dt.date:
    """Parse a YYYY-MM-DD option value, with a one-line error naming the option."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date in the form YYYY-MM-DD") from None


def app(ctx: click.Context) -> AppContext:
    """The AppContext of the running command."""
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj
