"""aiosmtpd SMTP sink fixtures: a real SMTP server on 127.0.0.1 that records what it receives.

`smtp_sink` speaks plain SMTP; `smtp_sink_starttls` requires STARTTLS (and AUTH over TLS);
`smtp_sink_tls` is implicit TLS. The TLS variants use a trustme CA whose PEM is `sink.ca_file`.
Every sink can be stopped and started again on the same port ("SMTP down, then back") and can
answer the next N messages with a server-side failure (`fail_next`).
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, Literal

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SINK_USER = "foibot@example.org"
SINK_PASSWORD = "sink-secret"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Received:
    """One message as the server saw it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.content)
        assert isinstance(parsed, EmailMessage)
        return parsed


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self._sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return self._sink._accept(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.content))


class SmtpSink:
    """A running aiosmtpd server plus what it has received."""

    def __init__(
        self,
        *,
        security: Literal["none", "starttls", "tls"] = "none",
        server_ctx: ssl.SSLContext | None = None,
        ca_file: Path | None = None,
    ) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.security = security
        self.ca_file = ca_file
        self.username = SINK_USER
        self.password = SINK_PASSWORD
        self.messages: list[Received] = []
        self.refused: list[Received] = []  # messages answered with an injected failure
        self._server_ctx = server_ctx
        self._lock = threading.Lock()
        self._failures: list[str] = []
        self._controller: Controller | None = None

    # -- control ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._controller is not None:
            return
        kwargs: dict[str, Any] = {"hostname": self.host, "port": self.port}
        if self.security == "starttls":
            kwargs.update(
                tls_context=self._server_ctx,
                require_starttls=True,
                authenticator=self._authenticate,
                auth_require_tls=True,
            )
        elif self.security == "tls":
            # the whole connection is TLS; aiosmtpd only knows about STARTTLS-upgraded sessions
            kwargs.update(
                ssl_context=self._server_ctx, authenticator=self._authenticate, auth_require_tls=False
            )
        controller = Controller(_Handler(self), **kwargs)
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Stop listening; connections are then refused until `start()`."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def fail_next(self, count: int, reply: str = "451 4.3.0 try later") -> None:
        """Answer the next `count` DATA commands with `reply` instead of accepting them."""
        with self._lock:
            self._failures.extend([reply] * count)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.refused.clear()
            self._failures.clear()

    # -- queries ---------------------------------------------------------------------------
    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.rcpt_tos]

    def message_ids(self) -> list[str]:
        return [str(m.message["Message-ID"]) for m in self.messages]

    # -- server side ----------------------------------------------------------------------
    def _accept(self, mail_from: str, rcpt_tos: tuple[str, ...], content: bytes) -> str:
        received = Received(mail_from, rcpt_tos, content)
        with self._lock:
            if self._failures:
                self.refused.append(received)
                return self._failures.pop(0)
            self.messages.append(received)
        return "250 OK"

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.username
            and auth_data.password.decode() == self.password
        )
        # handled=False: aiosmtpd then answers a failure with 535 (by default it sends nothing).
        return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="session")
def smtp_ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Path]:
    ca = trustme.CA()
    ca_file = tmp_path_factory.mktemp("smtp-ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return ca, ca_file


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
    return ctx


def _running(sink: SmtpSink) -> Iterator[SmtpSink]:
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A plain SMTP sink on a free port of 127.0.0.1 (no TLS, no AUTH)."""
    yield from _running(SmtpSink())


@pytest.fixture
def smtp_sink_starttls(smtp_ca: tuple[trustme.CA, Path]) -> Iterator[SmtpSink]:
    """A sink that requires STARTTLS and accepts AUTH (sink.username/password) only over TLS."""
    ca, ca_file = smtp_ca
    yield from _running(SmtpSink(security="starttls", server_ctx=_server_context(ca), ca_file=ca_file))


@pytest.fixture
def smtp_sink_tls(smtp_ca: tuple[trustme.CA, Path]) -> Iterator[SmtpSink]:
    """An implicit-TLS sink (port 465 style) with AUTH."""
    ca, ca_file = smtp_ca
    yield from _running(SmtpSink(security="tls", server_ctx=_server_context(ca), ca_file=ca_file))
