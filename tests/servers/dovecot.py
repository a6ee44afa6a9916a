"""Dovecot IMAP test server fixtures (pytest plugin, listed in tests/conftest.py).

- `dovecot`: one server for the whole session (plain IMAP on a free port).
- `imap_user`: a fresh user with INBOX/Sent/Drafts on that server, per test - isolation.
- `dovecot_private`: a server of the test's own, safe to stop, kill and restart.
- `dovecot_tls`: a session server with implicit TLS and STARTTLS, certificate from a trustme CA
  (`server.tls.ca_file`) for testing certificate verification.
- `dovecot_factory`: starts private servers with DovecotServer.create's options (OAuth2 logins,
  another capability list); they are closed after the test.
Without dovecot installed the tests skip, unless FOIBOT_REQUIRE_SERVERS=1 (make test, CI).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest

from tests.servers.dovecot_server import DovecotError, DovecotServer, DovecotUser


def _server(
    *, tls: bool = False, oauth2_tokeninfo_url: str | None = None, capabilities: str | None = None
) -> DovecotServer:
    if shutil.which("dovecot") is None:
        message = "dovecot is not installed (apt-get install -y dovecot-imapd)"
        if os.environ.get("FOIBOT_REQUIRE_SERVERS") == "1":
            pytest.fail(f"FOIBOT_REQUIRE_SERVERS=1 but {message}")
        pytest.skip(message)
    server = DovecotServer.create(
        tls=tls, oauth2_tokeninfo_url=oauth2_tokeninfo_url, capabilities=capabilities
    )
    try:
        server.start()
    except DovecotError as exc:
        server.close()
        pytest.fail(str(exc))
    return server


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    server = _server()
    yield server
    server.close()


@pytest.fixture
def imap_user(dovecot: DovecotServer) -> DovecotUser:
    """A brand-new user; its INBOX, Sent and Drafts exist from the first login."""
    user = dovecot.add_user()
    user.client().logout()  # first login creates the auto-subscribed folders
    return user


@pytest.fixture
def dovecot_private() -> Iterator[DovecotServer]:
    """A server only this test uses: stop/kill/restart it freely."""
    server = _server()
    yield server
    server.close()


@pytest.fixture(scope="session")
def dovecot_tls() -> Iterator[DovecotServer]:
    server = _server(tls=True)
    yield server
    server.close()


@pytest.fixture
def dovecot_factory() -> Iterator[Callable[..., DovecotServer]]:
    """`dovecot_factory(oauth2_tokeninfo_url=..., capabilities=...)`: a started private server."""
    servers: list[DovecotServer] = []

    def start(*, oauth2_tokeninfo_url: str | None = None, capabilities: str | None = None) -> DovecotServer:
        servers.append(_server(oauth2_tokeninfo_url=oauth2_tokeninfo_url, capabilities=capabilities))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
