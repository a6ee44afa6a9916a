"""Writes a commented starter configuration (and its password file) for `foibot init`.

The answers are validated with the same models `load_settings` uses before anything is written,
so the file foibot writes always loads. Files are created owner-only (0600) with O_EXCL: an
existing configuration or password is never overwritten unless the caller says `force`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from foibot.config import MailboxSettings, PolicySettings, Security, SmtpSettings
from foibot.core.regimes import get_regime
from foibot.errors import UsageError

IMAP_PASSWORD_FILE = "imap-password"
SMTP_CREDENTIAL = "smtp-password"
SecretStyle = Literal["file", "credential"]

DEFAULT_IMAP_PORTS: dict[str, int] = {"tls": 993, "starttls": 143, "none": 143}
DEFAULT_SMTP_PORTS: dict[str, int] = {"tls": 465, "starttls": 587, "none": 25}


@dataclass(frozen=True)
class StarterAnswers:
    """What `foibot init` asked for. `password_file` references an existing file when set."""

    email: str
    imap_host: str
    imap_port: int
    security: Security
    smtp_host: str | None
    smtp_port: int
    smtp_security: Security
    regime: str
    password_file: Path | None = None
    # "credential": secrets come from systemd LoadCredential= (see systemd/foibot.service).
    secrets: SecretStyle = "file"
    owner_name: str | None = None  # signs drafted replies


@dataclass(frozen=True)
class WrittenFiles:
    config: Path
    password_file: Path | None  # the password file written now, if any
    password_needed: Path | None  # a referenced password file that does not exist yet


def default_config_path() -> Path:
    """$XDG_CONFIG_HOME/foibot/foibot.toml (~/.config/foibot/foibot.toml)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "foibot" / "foibot.toml"


def write_starter_config(
    output: Path, answers: StarterAnswers, *, password: str | None, force: bool
) -> WrittenFiles:
    """Validate the answers, then write the config (and `password` beside it), both mode 0600."""
    _validate(answers)
    password_path = output.parent / IMAP_PASSWORD_FILE if password is not None else None
    targets = [output] + ([password_path] if password_path is not None else [])
    if not force:
        for target in targets:
            if target.exists() or target.is_symlink():
                raise UsageError(f"{target} already exists; pass --force to overwrite it")
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if password_path is not None and password is not None:
        write_private_file(password_path, password + "\n", force=force)
    referenced = answers.password_file
    if referenced is None and password_path is None and answers.secrets == "file":
        referenced = output.parent / IMAP_PASSWORD_FILE
    write_private_file(output, render_config(answers, output.parent), force=force)
    missing = referenced if referenced is not None and not referenced.exists() else None
    return WrittenFiles(config=output, password_file=password_path, password_needed=missing)


def write_private_file(path: Path, text: str, *, force: bool) -> None:
    """Create `path` readable by its owner only; refuse to replace it unless `force`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise UsageError(f"{path} already exists; pass --force to overwrite it") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.fchmod(fd, 0o600)  # an overwritten file keeps its old mode otherwise
        handle.write(text)


def _validate(answers: StarterAnswers) -> None:
    get_regime(answers.regime)  # UsageError naming the known regimes
    if "@" not in answers.email or answers.email.strip() != answers.email:
        raise UsageError(f"--email: {answers.email!r} is not an email address")
    try:
        MailboxSettings(
            name="personal",
            host=answers.imap_host,
            port=answers.imap_port,
            security=answers.security,
            username=answers.email,
            owner_name=answers.owner_name,
        )
        if answers.smtp_host is not None:
            SmtpSettings(
                host=answers.smtp_host,
                port=answers.smtp_port,
                security=answers.smtp_security,
                from_address=answers.email,
            )
        PolicySettings(regime=answers.regime)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "value"
        raise UsageError(f"{field}: {error['msg'].removeprefix('Value error, ')}") from None


def _toml(value: str | int | list[str]) -> str:
    return json.dumps(value)  # JSON strings, integers and string lists are valid TOML


def _secret_line(answers: StarterAnswers, config_dir: Path, credential: str) -> str:
    if answers.secrets == "credential":
        return f"password_credential = {_toml(credential)}   # systemd LoadCredential= name"
    path = answers.password_file or Path(IMAP_PASSWORD_FILE)
    shown = path.name if path.parent == config_dir else str(path)
    return f"password_file = {_toml(shown)}   # holds only the password (chmod 600)"


def _owner_name_line(answers: StarterAnswers) -> str:
    if not answers.owner_name:
        return '# owner_name = "Your Name"        # signs drafted replies'
    return f"owner_name = {_toml(answers.owner_name)}   # signs drafted replies"


def render_config(answers: StarterAnswers, config_dir: Path) -> str:
    """The starter TOML: the answers plus commented defaults (see config/foibot.example.toml)."""
    smtp = (
        "# [smtp]                          # add an SMTP server to receive alerts by email\n"
        '# host = "smtp.example.org"\n'
        if answers.smtp_host is None
        else f"""[smtp]
host = {_toml(answers.smtp_host)}
port = {answers.smtp_port}
security = {_toml(answers.smtp_security)}    # "tls" (465) | "starttls" (587) | "none" (localhost only)
username = {_toml(answers.email)}
{_secret_line(answers, config_dir, SMTP_CREDENTIAL if answers.secrets == "credential" else "")}
from_address = {_toml(answers.email)}
"""
    )
    storage = "/var/lib/foibot/foibot.db" if answers.secrets == "credential" else "foibot.db"
    return f"""# foibot configuration, written by `foibot init`. `foibot check` tests it.
# Any key can be overridden from the environment: FOIBOT_<SECTION>__<KEY>, e.g. FOIBOT_POLICY__REGIME.
# Relative paths are relative to this file's directory. Keep this file chmod 600.
# Every key is explained in config/foibot.example.toml.

[storage]
path = {_toml(storage)}                 # the SQLite database: the single source of truth

[[mailbox]]
name = "personal"                  # used in logs and `foibot status`
host = {_toml(answers.imap_host)}
port = {answers.imap_port}
security = {_toml(answers.security)}    # "tls" (993) | "starttls" (143) | "none" (localhost only)
username = {_toml(answers.email)}
{_secret_line(answers, config_dir, IMAP_PASSWORD_FILE)}
folders = ["INBOX"]                # watched for authority replies
lookback_days = 365                # how far back the first scan reads
{_owner_name_line(answers)}
# sent_folder = "Sent"             # found via SPECIAL-USE when omitted
# drafts_folder = "Drafts"         # found via SPECIAL-USE when omitted
# tls_ca_file = "ca.pem"           # trust an extra CA (self-signed home server)

{smtp}
[notify]
to = {_toml([answers.email])}     # who gets alerts, reminders and the digest
digest = "0 8 * * 1-5"             # cron: 08:00 on weekdays
reminder_working_days = [5, 2, 1]  # remind this many working days before each of your deadlines

[policy]
regime = {_toml(answers.regime)}
timezone = "Europe/London"
auto_confirm_still_required = false  # true: answer "do you still want it?" checks automatically
authority_domains = []             # e.g. ["met.police.uk"]: mail to/from these is FOI mail
"""
