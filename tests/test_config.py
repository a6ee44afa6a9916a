"""Configuration loading: valid files, environment overrides, and one-line errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from foibot.config import load_settings
from foibot.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent

MINIMAL = """
[[mailbox]]
name = "personal"
host = "imap.example.org"
username = "me@example.org"
password_file = "secret"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "foibot.toml"
    path.write_text(text)
    return path


def test_example_config_is_valid() -> None:
    settings = load_settings(REPO / "config" / "foibot.example.toml")
    assert settings.mailboxes[0].name == "personal"
    assert settings.policy.regime == "uk_foia"


def test_relative_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL))
    assert settings.storage.path == tmp_path / "foibot.db"
    assert settings.mailboxes[0].password_file == tmp_path / "secret"


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOIBOT_POLICY__REGIME", "scot_foisa")
    assert load_settings(write(tmp_path, MINIMAL)).policy.regime == "scot_foisa"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('[policy]\ntimezone = "Mars/Base"', "policy.timezone: unknown time zone"),
        ('[notify]\ndigest = "every morning"', "notify.digest: not a valid cron expression"),
        ("[storage]\nsize = 3", "storage.size: unknown key"),
        (
            "idle_renew_seconds = 1800",
            "mailbox[0].idle_renew_seconds: Input should be less than or equal to 1740",
        ),
    ],
)
def test_invalid_values_name_the_key(tmp_path: Path, extra: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, MINIMAL + extra))
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_plaintext_only_to_localhost(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"mailbox\[0\].*only allowed to localhost"):
        load_settings(write(tmp_path, MINIMAL.replace("username", 'security = "none"\nusername')))


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_settings(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(write(tmp_path, "[storage\n"))


def test_only_one_password_source(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="give only one of password, password_file"):
        load_settings(write(tmp_path, MINIMAL.replace("password_file", 'password = "x"\npassword_file')))


def test_password_sources_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret").write_text("from-file\n")
    assert load_settings(write(tmp_path, MINIMAL)).mailboxes[0].resolve_password() == "from-file"
    creds = tmp_path / "creds"
    creds.mkdir()
    (creds / "imap").write_text("from-systemd")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    text = MINIMAL.replace('password_file = "secret"', 'password_credential = "imap"')
    assert load_settings(write(tmp_path, text)).mailboxes[0].resolve_password() == "from-systemd"


def test_inline_password_in_readable_file_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, MINIMAL.replace('password_file = "secret"', 'password = "hunter2"'))
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)
    settings = load_settings(path)
    assert "chmod 600" in caplog.text
    assert "hunter2" not in caplog.text
    assert "hunter2" not in repr(settings)
