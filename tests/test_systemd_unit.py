"""systemd/foibot.service: verifies cleanly, stays sandboxed, and matches what foibot reads."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parent.parent / "systemd" / "foibot.service"
INSTALLED_BINARY = "/opt/foibot/.venv/bin/foibot"
ANALYZE = shutil.which("systemd-analyze")

needs_analyze = pytest.mark.skipif(ANALYZE is None, reason="systemd-analyze is not installed")


def directives(text: str) -> dict[str, list[str]]:
    """Every `Key=value` line of the unit (keys may repeat)."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def verify(tmp_path: Path, unit_text: str) -> subprocess.CompletedProcess[str]:
    """`systemd-analyze verify` on a copy whose ExecStart points at a stub that exists here."""
    stub = tmp_path / "bin" / "foibot"
    stub.parent.mkdir(exist_ok=True)
    stub.write_text("#!/bin/sh\nexit 0\n")
    stub.chmod(0o755)
    copy = tmp_path / "foibot.service"
    copy.write_text(unit_text.replace(INSTALLED_BINARY, str(stub)))
    assert ANALYZE is not None
    return subprocess.run(
        [ANALYZE, "verify", str(copy)], capture_output=True, text=True, timeout=60, check=False
    )


@needs_analyze
def test_unit_verifies_without_any_warning(tmp_path: Path) -> None:
    result = verify(tmp_path, UNIT.read_text())
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "" and result.stdout.strip() == ""


@needs_analyze
@pytest.mark.parametrize(
    "breakage",
    [
        ("ProtectSystem=strict", "ProtectSystem=sometimes"),  # bad value: systemd ignores it, warns
        ("NoNewPrivileges=yes", "NoNewPrivilege=yes"),  # misspelt key: silently unsandboxed
        ("[Service]", "[Servce]"),  # broken section
    ],
)
def test_the_verify_check_catches_a_broken_unit(tmp_path: Path, breakage: tuple[str, str]) -> None:
    text = UNIT.read_text()
    assert breakage[0] in text
    result = verify(tmp_path, text.replace(breakage[0], breakage[1], 1))
    assert result.returncode != 0 or result.stderr.strip() != ""


@needs_analyze
def test_exposure_score_stays_low(tmp_path: Path) -> None:
    verify(tmp_path, UNIT.read_text())  # writes the copy with a runnable ExecStart
    assert ANALYZE is not None
    result = subprocess.run(
        [ANALYZE, "security", "--offline=yes", "--threshold=20", str(tmp_path / "foibot.service")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]  # exposure 0-10 in tenths: <= 2.0 "OK"


def test_unit_carries_the_hardening_and_paths_foibot_expects() -> None:
    found = directives(UNIT.read_text())
    expected = {
        "DynamicUser": "yes",
        "StateDirectory": "foibot",
        "ConfigurationDirectory": "foibot",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "CapabilityBoundingSet": "",
        "Restart": "on-failure",
        "ExecStart": f"{INSTALLED_BINARY} run",
    }
    for key, value in expected.items():
        assert value in found.get(key, []), key
    assert "@system-service" in found["SystemCallFilter"]
    assert "RestartSec" in found
    assert set(found["Environment"]) >= {
        "FOIBOT_CONFIG=/etc/foibot/foibot.toml",
        "FOIBOT_STORAGE__PATH=/var/lib/foibot/foibot.db",
    }
    assert set(found["LoadCredential"]) == {
        "imap-password:/etc/foibot/imap-password",
        "smtp-password:/etc/foibot/smtp-password",
    }


def test_unit_parses_as_ini_with_the_three_sections() -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(UNIT.read_text())
    assert parser.sections() == ["Unit", "Service", "Install"]
    assert parser["Install"]["WantedBy"] == "multi-user.target"
