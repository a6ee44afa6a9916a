"""`foibot init`: the starter configuration loads, secrets stay out of argv/output, files are 0600."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from foibot.cli import cli
from foibot.config import load_settings

SECRET = "correct horse battery staple"


def run_init(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["init", *args], input=input)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_interactive_writes_loadable_config_and_private_password_file(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "foibot.toml"
    answers = "\n".join(
        [
            "me@example.org",  # email
            "Sam Requester",  # name, to sign drafts
            "",  # IMAP host: accept the guess imap.example.org
            "",  # security: tls
            "",  # port: 993
            "-",  # no SMTP
            "scot_foisa",  # regime
            SECRET,
            SECRET,  # confirmation
        ]
    )
    result = run_init("--output", str(config), input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output  # hidden input is not echoed

    password_file = config.parent / "imap-password"
    assert mode(config) == 0o600
    assert mode(password_file) == 0o600
    assert SECRET not in config.read_text()

    settings = load_settings(config)
    mailbox = settings.mailboxes[0]
    assert (mailbox.host, mailbox.port, mailbox.security) == ("imap.example.org", 993, "tls")
    assert mailbox.username == "me@example.org"
    assert mailbox.owner_name == "Sam Requester"
    assert mailbox.resolve_password() == SECRET
    assert settings.smtp is None
    assert settings.policy.regime == "scot_foisa"
    assert settings.notify.to == ["me@example.org"]
    assert settings.storage.path == config.parent / "foibot.db"


def test_non_interactive_flags_reference_existing_password_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text(SECRET + "\n")
    config = tmp_path / "foibot.toml"
    result = run_init(
        "--non-interactive",
        "--output",
        str(config),
        "--email",
        "foi@example.net",
        "--imap-host",
        "mail.example.net",
        "--security",
        "starttls",
        "--smtp-host",
        "smtp.example.net",
        "--smtp-security",
        "starttls",
        "--password-file",
        str(secret),
    )
    assert result.exit_code == 0, result.output
    settings = load_settings(config)
    mailbox = settings.mailboxes[0]
    assert (mailbox.port, mailbox.security) == (143, "starttls")
    assert mailbox.password_file == secret
    assert mailbox.resolve_password() == SECRET
    assert settings.smtp is not None
    assert (settings.smtp.host, settings.smtp.port, settings.smtp.security) == (
        "smtp.example.net",
        587,
        "starttls",
    )
    assert settings.smtp.resolve_password() == SECRET
    assert settings.policy.regime == "uk_foia"
    assert not (tmp_path / "imap-password").exists()  # nothing written beside it


def test_systemd_style_uses_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "foibot.toml"
    args = ["--non-interactive", "--systemd", "--output", str(config), "--email", "a@example.org"]
    result = run_init(*args, "--imap-host", "imap.example.org", "--smtp-host", "smtp.example.org")
    assert result.exit_code == 0, result.output
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "imap-password").write_text("imap-secret")
    (credentials / "smtp-password").write_text("smtp-secret")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    settings = load_settings(config)
    assert settings.mailboxes[0].resolve_password() == "imap-secret"
    assert settings.smtp is not None and settings.smtp.resolve_password() == "smtp-secret"
    assert settings.storage.path == Path("/var/lib/foibot/foibot.db")


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    config = tmp_path / "foibot.toml"
    config.write_text("# mine\n")
    flags = ["--non-interactive", "--output", str(config), "--email", "a@example.org"]
    result = run_init(*flags, "--imap-host", "imap.example.org")
    assert result.exit_code != 0
    assert "already exists" in str(result.exception)
    assert config.read_text() == "# mine\n"

    config.chmod(0o644)
    result = run_init(*flags, "--imap-host", "imap.example.org", "--force")
    assert result.exit_code == 0, result.output
    assert mode(config) == 0o600  # a forced overwrite tightens the old mode too
    assert load_settings(config).mailboxes[0].host == "imap.example.org"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--imap-host", "imap.example.org", "--regime", "narnia"], "unknown regime"),
        (["--imap-host", "imap.example.org", "--security", "none"], "only allowed to localhost"),
        ([], "--imap-host is required"),
    ],
)
def test_bad_answers_are_one_line_errors_and_write_nothing(
    tmp_path: Path, extra: list[str], message: str
) -> None:
    config = tmp_path / "foibot.toml"
    result = run_init("--non-interactive", "--output", str(config), "--email", "a@example.org", *extra)
    assert result.exit_code != 0
    assert message in str(result.exception)
    assert "\n" not in str(result.exception)
    assert not config.exists()


def test_no_password_flag_exists() -> None:
    result = run_init("--help")
    assert result.exit_code == 0
    assert "--password " not in result.output and "--password=" not in result.output
    assert run_init("--password", SECRET).exit_code == 2  # click: no such option
