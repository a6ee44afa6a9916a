"""The documentation stays honest: every command loads, has help, and is in the README."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from foibot.cli import COMMANDS, LazyGroup, cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_registered_command_loads_and_has_help(name: str) -> None:
    command = LazyGroup._load(name)
    assert isinstance(command, click.Command), f"{name}: {COMMANDS[name]} did not load"
    assert (command.help or "").strip(), f"foibot {name} has no help text"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented_in_the_readme(name: str) -> None:
    assert re.search(rf"foibot(?: \[[^\]]*\])* {name}\b", README), f"README never shows `foibot {name}`"


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s", result.output, re.M), name


def test_help_does_not_import_the_heavy_libraries() -> None:
    """`foibot --help` must stay fast: subcommand modules defer their heavy imports."""
    heavy = ["sqlite_utils", "imapclient", "aiosmtplib", "apscheduler", "inscriptis", "holidays", "pydantic"]
    probe = (
        "import sys; from foibot.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY=' + ','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "HEAVY=\n" in out.stdout + "\n", out.stdout.rpartition("HEAVY=")[2]
