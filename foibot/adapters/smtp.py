"""Sending one message over SMTP with aiosmtplib, its failures sorted into transient and permanent.

TLS is verified: implicit TLS ("tls"), or STARTTLS that is *required* ("starttls": start_tls=True,
never aiosmtplib's downgradable "if offered" default); "none" is allowed by the config only for
localhost. 4xx replies, timeouts and refused connections are transient (retried by the outbox);
5xx replies are permanent.
"""

from __future__ import annotations

import logging
import ssl

import aiosmtplib

from foibot.config import SmtpSettings
from foibot.errors import DeliveryError

log = logging.getLogger(__name__)


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """A verifying client context, trusting `ca_file` in addition to the system CAs."""
    context = ssl.create_default_context()
    if ca_file is not None:
        context.load_verify_locations(cafile=ca_file)
    return context


def classify_smtp_error(exc: Exception) -> DeliveryError:
    """The DeliveryError for an aiosmtplib/OS failure: 4xx and network trouble are transient."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients]
        transient = bool(codes) and all(400 <= c < 500 for c in codes)
        detail = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
        return DeliveryError(f"all recipients refused: {detail}", transient=transient)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return DeliveryError(f"SMTP {exc.code} {exc.message}", transient=400 <= exc.code < 500)
    if isinstance(exc, aiosmtplib.SMTPException | OSError | TimeoutError):
        # Connection refused/reset, timeouts, TLS handshake failures: the server may come back.
        return DeliveryError(f"SMTP connection failed: {exc}", transient=True)
    return DeliveryError(f"SMTP failed: {exc!r}", transient=True)


class SmtpSender:
    """The real Sender: one SMTP session per message (foibot sends a handful a day)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings
        self._context = (
            tls_context(str(settings.tls_ca_file) if settings.tls_ca_file else None)
            if settings.security != "none"
            else None
        )

    async def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        """Deliver `raw` as is; raises DeliveryError(transient=...) on failure."""
        s = self._settings
        password = s.resolve_password() if s.username else None
        try:
            errors, reply = await aiosmtplib.send(
                raw,
                sender=sender,
                recipients=list(recipients),
                hostname=s.host,
                port=s.port,
                username=s.username,
                password=password,
                use_tls=s.security == "tls",
                start_tls=s.security == "starttls",
                validate_certs=True,
                tls_context=self._context,
                timeout=s.timeout_seconds,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise classify_smtp_error(exc) from exc
        if errors:
            log.warning("SMTP refused some recipients: %s", ", ".join(sorted(errors)))
        log.debug("SMTP accepted message for %d recipient(s): %s", len(recipients), reply)
