"""The `foibot` command line: a thin click layer over the service functions.

Subcommands live in small modules under foibot.cli and are imported only when used, so
`foibot --help` and quick commands start fast. Errors raised on purpose (FoibotError) become
one line on stderr and an exit status; no traceback reaches the user unless --debug is given.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from foibot import __version__
from foibot.cli.common import AppContext, parse_now
from foibot.errors import FoibotError

# command name -> "module:function"; each module keeps its heavy imports inside the command.
COMMANDS: dict[str, str] = {
    "deadline": "foibot.cli.deadline:deadline",
    "classify": "foibot.cli.mail:classify",
    "eval": "foibot.cli.mail:evaluate",
    "status": "foibot.cli.requests:status",
    "show": "foibot.cli.requests:show",
    "calendar": "foibot.cli.requests:calendar",
    "track": "foibot.cli.requests:track",
    "untrack": "foibot.cli.requests:untrack",
    "close": "foibot.cli.close:close",
    "reopen": "foibot.cli.close:reopen",
    "unmatched": "foibot.cli.requests:unmatched",
    "attach": "foibot.cli.requests:attach",
    "quarantine": "foibot.cli.requests:quarantine",
    "check": "foibot.cli.mailbox:check",
    "scan": "foibot.cli.mailbox:scan",
    "run": "foibot.cli.mailbox:run",
    "digest": "foibot.cli.actions:digest",
    "sweep": "foibot.cli.actions:sweep",
    "demo": "foibot.cli.demo:demo",
    "init": "foibot.cli.setup:init",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that command is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # command not built yet; anything else is a real bug
                return None
            raise
        command = getattr(module, attr, None)
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="foibot")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="FOIBOT_CONFIG",
    help="Configuration file (TOML). Default: $FOIBOT_CONFIG.",
)
@click.option(
    "--now",
    "now_text",
    metavar="ISO-DATETIME",
    help="Pretend it is this time (e.g. 2018-05-09T09:00). For simulation and tests.",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(
    ctx: click.Context,
    config_path: str | None,
    now_text: str | None,
    verbose: int,
    quiet: bool,
    debug: bool,
) -> None:
    """foibot watches your mailbox so no FOI request is silently withdrawn or left to lapse."""
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = AppContext(config_path=config_path, now=parse_now(now_text), debug=debug)


def main() -> None:
    """Console-script entry point: run the CLI, turning FoibotError into a one-line message."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except FoibotError as exc:
        if debug:
            raise
        click.echo(f"foibot: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
