"""adapters.smtp against real aiosmtpd: plain, required STARTTLS, implicit TLS, failure classes."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage

import pytest

from foibot.adapters.smtp import SmtpSender
from foibot.config import SmtpSettings
from foibot.errors import DeliveryError


def raw() -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "foibot@example.org", "me@example.org", "hello"
    msg.set_content("body")
    return msg.as_bytes()


def send(settings: SmtpSettings, data: bytes | None = None) -> None:
    asyncio.run(SmtpSender(settings).send(data or raw(), "foibot@example.org", ["me@example.org"]))


def settings_for(sink, security, **extra) -> SmtpSettings:
    return SmtpSettings(
        host=sink.host,
        port=sink.port,
        security=security,
        from_address="foibot@example.org",
        timeout_seconds=5,
        **extra,
    )


def test_plain_send_keeps_the_bytes(smtp_sink):
    data = raw()
    send(settings_for(smtp_sink, "none"), data)
    [got] = smtp_sink.messages
    assert got.rcpt_tos == ("me@example.org",) and got.mail_from == "foibot@example.org"
    assert got.content.replace(b"\r\n", b"\n") == data.replace(b"\r\n", b"\n")


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_with_auth_and_verified_certificate(request, security):
    sink = request.getfixturevalue("smtp_sink_starttls" if security == "starttls" else "smtp_sink_tls")
    send(
        settings_for(sink, security, username=sink.username, password=sink.password, tls_ca_file=sink.ca_file)
    )
    assert len(sink.messages) == 1


def test_untrusted_certificate_is_refused(smtp_sink_tls):
    sink = smtp_sink_tls
    with pytest.raises(DeliveryError):
        send(settings_for(sink, "tls", username=sink.username, password=sink.password))
    assert sink.messages == []


def test_starttls_is_required_not_optional(smtp_sink):
    # A server that offers no STARTTLS must not get the message in clear text.
    with pytest.raises(DeliveryError):
        send(settings_for(smtp_sink, "starttls", tls_ca_file=None))
    assert smtp_sink.messages == []


def test_failure_classes(smtp_sink):
    settings = settings_for(smtp_sink, "none")
    smtp_sink.fail_next(1, "451 4.3.0 try later")
    with pytest.raises(DeliveryError) as transient:
        send(settings)
    smtp_sink.fail_next(1, "554 5.7.1 rejected")
    with pytest.raises(DeliveryError) as permanent:
        send(settings)
    smtp_sink.stop()
    with pytest.raises(DeliveryError) as refused:
        send(settings)
    assert (transient.value.transient, permanent.value.transient, refused.value.transient) == (
        True,
        False,
        True,
    )
