"""`foibot check`: log in to every mailbox and the SMTP server and say what was found or what is wrong.

Each target gets a list of findings (folders, message counts, IDLE support) or one diagnosis
(DNS, connection refused, TLS certificate, authentication, missing folder). Nothing is changed
on the servers: folders are only STATUSed, and SMTP stops after the login.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

import aiosmtplib

from foibot.adapters import imap
from foibot.adapters.smtp import tls_context
from foibot.config import MailboxSettings, Settings, SmtpSettings
from foibot.errors import ConfigError, MailboxError
from foibot.service.sync import resolve_folder, watched_folders

_MAILBOX_PREFIX = re.compile(r"^mailbox '[^']*'(?: \([^)]*\))?: ")


@dataclass
class CheckResult:
    target: str  # "mailbox 'personal' (imap.example.org:993)" or "smtp (...)"
    found: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_all(settings: Settings) -> list[CheckResult]:
    results = [check_mailbox(mailbox) for mailbox in settings.mailboxes]
    if settings.smtp is not None:
        results.append(check_smtp(settings.smtp))
    return results


def check_mailbox(mailbox: MailboxSettings) -> CheckResult:
    result = CheckResult(f"mailbox {mailbox.name!r} ({mailbox.username} at {mailbox.host}:{mailbox.port})")
    try:
        client = imap.connect(mailbox)
    except (MailboxError, ConfigError) as exc:
        result.problems.append(_without_prefix(str(exc)))
        return result
    try:
        idle = "yes" if client.has_capability("IDLE") else "no (NOOP polling)"
        result.found.append(f"logged in ({mailbox.security}); IDLE: {idle}")
        for watched in watched_folders(mailbox):
            try:
                folder = resolve_folder(client, watched)
            except MailboxError as exc:
                result.problems.append(_without_prefix(str(exc)))
                continue
            count = client.folder_status(folder, [b"MESSAGES"]).get(b"MESSAGES", 0)
            result.found.append(f"{watched.role} folder {folder!r}: {count} messages")
        try:
            drafts = imap.find_folder(client, "drafts", mailbox.drafts_folder)
            result.found.append(f"drafts folder {drafts!r}")
        except MailboxError as exc:
            result.problems.append(f"drafts: {exc}")
    except imap.TRANSIENT_ERRORS as exc:
        result.problems.append(f"connection lost during the check: {exc}")
    finally:
        imap.close(client)
    return result


def check_smtp(smtp: SmtpSettings) -> CheckResult:
    result = CheckResult(f"smtp ({smtp.username or 'no login'} at {smtp.host}:{smtp.port})")
    try:
        result.found.append(asyncio.run(_smtp_login(smtp)))
    except aiosmtplib.SMTPAuthenticationError as exc:
        result.problems.append(f"authentication failed for {smtp.username!r} ({exc.code} {exc.message})")
    except aiosmtplib.SMTPResponseException as exc:
        if exc.code == -1:  # not an SMTP reply at all: another protocol on this port
            said = exc.message.removeprefix("Malformed SMTP response line: ").strip()[:40]
            result.problems.append(f"port {smtp.port} does not speak SMTP (it said {said!r}); wrong port?")
        else:
            result.problems.append(f"the server refused: {exc.code} {exc.message}")
    except (aiosmtplib.SMTPException, OSError) as exc:
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(cause, OSError):
            result.problems.append(
                imap.describe_network_error(
                    cause,
                    host=smtp.host,
                    port=smtp.port,
                    security=smtp.security,
                    timeout=smtp.timeout_seconds,
                )
            )
        else:
            result.problems.append(f"SMTP error: {exc}")
    except ConfigError as exc:
        result.problems.append(str(exc))
    return result


async def _smtp_login(smtp: SmtpSettings) -> str:
    context = (
        tls_context(str(smtp.tls_ca_file) if smtp.tls_ca_file else None) if smtp.security != "none" else None
    )
    client = aiosmtplib.SMTP(
        hostname=smtp.host,
        port=smtp.port,
        use_tls=smtp.security == "tls",
        start_tls=False,  # done below, after checking that the server offers it
        validate_certs=True,
        tls_context=context,
        timeout=smtp.timeout_seconds,
    )
    async with client:
        if smtp.security == "starttls":
            await client.ehlo()
            if not client.supports_extension("starttls"):
                raise ConfigError(
                    f"the server does not offer STARTTLS on port {smtp.port}; "
                    "security = 'tls' (port 465) or another port?"
                )
            await client.starttls()
        if smtp.username:
            password = smtp.resolve_password()
            if password is None:
                raise ConfigError("smtp: username given but no password source")
            await client.login(smtp.username, password)
            return f"logged in as {smtp.username} ({smtp.security})"
        return f"connected ({smtp.security}); no login configured"


def _without_prefix(message: str) -> str:
    """Drop the leading "mailbox 'x' (host:port): " - the result's target already says it."""
    return _MAILBOX_PREFIX.sub("", message, count=1)
