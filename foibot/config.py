"""Settings: one TOML file, read and validated with pydantic-settings.

Precedence: environment (`FOIBOT_<SECTION>__<KEY>`, e.g. `FOIBOT_POLICY__REGIME`) over the file.
Secrets never come from the command line: `password`, `password_file`, `password_env`, or
`password_credential` (a file in systemd's `$CREDENTIALS_DIRECTORY`). Settings are built once in
the CLI and passed down; there is no module-level instance. Relative paths in the file are
relative to the file's own directory.
"""

from __future__ import annotations

import logging
import os
import stat
import tomllib
import zoneinfo
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from foibot.errors import ConfigError

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
Security = Literal["tls", "starttls", "none"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SecretSource(_Section):
    """Where a password comes from. At most one of the four may be set."""

    password: str | None = Field(default=None, repr=False)
    password_file: Path | None = None
    password_env: str | None = None
    password_credential: str | None = None  # name of a systemd LoadCredential= file

    @model_validator(mode="after")
    def _one_source(self) -> SecretSource:
        given = [
            name
            for name in ("password", "password_file", "password_env", "password_credential")
            if getattr(self, name) is not None
        ]
        if len(given) > 1:
            raise ValueError(f"give only one of {', '.join(given)}")
        return self

    def resolve_password(self) -> str | None:
        """The secret itself, read now (so a rotated file is picked up on reconnect)."""
        if self.password is not None:
            return self.password
        if self.password_env is not None:
            value = os.environ.get(self.password_env)
            if value is None:
                raise ConfigError(f"password_env: environment variable {self.password_env} is not set")
            return value
        if self.password_credential is not None:
            directory = os.environ.get("CREDENTIALS_DIRECTORY")
            if not directory:
                raise ConfigError(
                    f"password_credential: {self.password_credential!r} needs $CREDENTIALS_DIRECTORY "
                    "(set by systemd LoadCredential=)"
                )
            return _read_secret(Path(directory) / self.password_credential, "password_credential")
        if self.password_file is not None:
            return _read_secret(self.password_file, "password_file")
        return None


def _read_secret(path: Path, key: str) -> str:
    try:
        return path.read_text(encoding="utf-8").strip("\r\n")
    except OSError as exc:
        raise ConfigError(f"{key}: cannot read {path}: {exc.strerror}") from None


def _check_security(host: str, security: Security, section: str) -> None:
    if security == "none" and host not in LOCAL_HOSTS:
        raise ValueError(
            f"{section}: security = 'none' sends the password in clear text; "
            "it is only allowed to localhost/127.0.0.1"
        )


class MailboxSettings(SecretSource):
    """One IMAP mailbox to watch (`[[mailbox]]`)."""

    name: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")]
    host: str
    port: Annotated[int, Field(ge=1, le=65535)] = 993
    security: Security = "tls"
    username: str
    folders: Annotated[list[str], Field(min_length=1)] = ["INBOX"]
    sent_folder: str | None = None  # found via SPECIAL-USE when omitted
    drafts_folder: str | None = None  # found via SPECIAL-USE when omitted
    lookback_days: Annotated[int, Field(ge=1)] = 365
    # Command printing an OAuth2 access token (Gmail / Microsoft 365); used instead of a password.
    oauth2_token_command: list[str] | None = None
    # The requester's own address(es) in this mailbox; defaults to `username` when it is an address.
    owner: str | None = None
    # The requester's name: signs drafted replies and is the display name in their From.
    owner_name: Annotated[str, Field(max_length=100)] | None = None
    tls_ca_file: Path | None = None  # extra CA to trust (self-signed home servers, tests)
    timeout_seconds: Annotated[float, Field(gt=0)] = 60.0
    # IDLE is ended and re-issued this often (RFC 2177: under 29 min; NAT boxes drop idle
    # connections far sooner). A hung server is noticed at the latest one renewal plus
    # timeout_seconds later.
    idle_renew_seconds: Annotated[float, Field(gt=0, le=29 * 60)] = 9 * 60.0

    @model_validator(mode="after")
    def _security_allowed(self) -> MailboxSettings:
        _check_security(self.host, self.security, f"mailbox {self.name!r}")
        return self

    @property
    def owner_address(self) -> str | None:
        if self.owner:
            return self.owner.lower()
        return self.username.lower() if "@" in self.username else None


class SmtpSettings(SecretSource):
    """The SMTP server foibot sends alerts, digests and opt-in confirmations through (`[smtp]`)."""

    host: str
    port: Annotated[int, Field(ge=1, le=65535)] = 465
    security: Security = "tls"
    username: str | None = None
    from_address: str
    tls_ca_file: Path | None = None
    timeout_seconds: Annotated[float, Field(gt=0)] = 60.0

    @model_validator(mode="after")
    def _security_allowed(self) -> SmtpSettings:
        _check_security(self.host, self.security, "smtp")
        return self


class NotifySettings(_Section):
    """Who is told, and when (`[notify]`)."""

    to: list[str] = []
    digest: str = "0 8 * * 1-5"  # cron expression (minute hour day month day-of-week)
    reminder_working_days: list[Annotated[int, Field(ge=0)]] = [5, 2, 1]
    templates_dir: Path | None = None  # overrides for the bundled Jinja2 templates

    @field_validator("digest")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        from foibot.adapters.scheduler import cron_trigger  # heavy import, only when validating

        try:
            cron_trigger(value)
        except ValueError as exc:
            raise ValueError(f"not a valid cron expression ({exc})") from None
        return value


class PolicySettings(_Section):
    """How the law is applied and what foibot may do on its own (`[policy]`)."""

    regime: str = "uk_foia"
    timezone: str = "Europe/London"
    auto_confirm_still_required: bool = False
    nonworking_receipt: Literal["ico", "next_working_day"] = "ico"
    # Domains whose mail is from authorities even without FOI wording (request discovery).
    authority_domains: list[str] = []
    # Per-domain regime overrides, e.g. {"gov.scot" = "scot_foisa"}.
    authority_regimes: dict[str, str] = {}

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. 'Europe/London')") from None
        return value

    @field_validator("authority_domains")
    @classmethod
    def _lower_domains(cls, value: list[str]) -> list[str]:
        return [domain.lower().lstrip("@") for domain in value]


class StorageSettings(_Section):
    path: Path = Path("foibot.db")


_toml_path: ContextVar[Path] = ContextVar("foibot_toml_path")


class Settings(BaseSettings):
    """The whole configuration. Build it with `load_settings`."""

    model_config = SettingsConfigDict(
        env_prefix="FOIBOT_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    storage: StorageSettings = StorageSettings()
    mailboxes: list[MailboxSettings] = Field(default=[], alias="mailbox")
    smtp: SmtpSettings | None = None
    notify: NotifySettings = NotifySettings()
    policy: PolicySettings = PolicySettings()

    @model_validator(mode="after")
    def _unique_mailbox_names(self) -> Settings:
        names = [m.name for m in self.mailboxes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"mailbox names must be unique: {', '.join(duplicates)}")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _toml_path.get(None)
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    def mailbox(self, name: str) -> MailboxSettings:
        for mailbox in self.mailboxes:
            if mailbox.name == name:
                return mailbox
        raise ConfigError(f"no mailbox named {name!r} in the configuration")


def load_settings(path: str | Path | None) -> Settings:
    """Read, validate and return the settings; any problem is one ConfigError line."""
    if path is None:
        raise ConfigError("no configuration file: pass --config PATH or set FOIBOT_CONFIG")
    config_path = Path(path).expanduser()
    try:
        with config_path.open("rb") as handle:
            tomllib.load(handle)  # syntax check first, for a clear line number
    except FileNotFoundError:
        raise ConfigError(f"{config_path}: no such configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: invalid TOML: {exc}") from None
    token = _toml_path.set(config_path)
    try:
        settings = Settings()
    except ValidationError as exc:
        raise ConfigError(f"{config_path}: {_describe(exc)}") from None
    finally:
        _toml_path.reset(token)
    _warn_if_readable_by_others(config_path, settings)
    return _resolve_relative_paths(settings, config_path.parent)


def _describe(exc: ValidationError) -> str:
    """One line naming the first offending key and the problem."""
    error = exc.errors()[0]
    location = (
        "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
        or "(top level)"
    )
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    elif error["type"] == "missing":
        message = "required key is missing"
    more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
    return f"{location}: {message}{more}"


def _warn_if_readable_by_others(path: Path, settings: Settings) -> None:
    inline = any(m.password for m in settings.mailboxes) or bool(settings.smtp and settings.smtp.password)
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if inline and mode & (stat.S_IRGRP | stat.S_IROTH):
        log.warning("%s holds a password and is readable by other users; run: chmod 600 %s", path, path)


def _resolve_relative_paths(settings: Settings, base: Path) -> Settings:
    def fix(value: Path | None) -> Path | None:
        return value if value is None or value.is_absolute() else base / value

    updates: dict[str, Any] = {
        "storage": settings.storage.model_copy(update={"path": fix(settings.storage.path)}),
        "notify": settings.notify.model_copy(update={"templates_dir": fix(settings.notify.templates_dir)}),
        "mailboxes": [
            m.model_copy(update={"password_file": fix(m.password_file), "tls_ca_file": fix(m.tls_ca_file)})
            for m in settings.mailboxes
        ],
    }
    if settings.smtp is not None:
        updates["smtp"] = settings.smtp.model_copy(
            update={
                "password_file": fix(settings.smtp.password_file),
                "tls_ca_file": fix(settings.smtp.tls_ca_file),
            }
        )
    return settings.model_copy(update=updates)
