"""OAuth2 (XOAUTH2) logins against a real Dovecot whose oauth2 passdb asks a local token endpoint.

The endpoint (http.server on 127.0.0.1) plays the identity provider: it knows one access token
and which user it belongs to. foibot gets its token from `oauth2_token_command`, run afresh
for every connection, as it would run a Gmail or Microsoft 365 token helper.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.e2e.test_daemon import foibot, write_config
from tests.e2e.test_faults import processed_ids
from tests.servers import mail_factory as mails
from tests.servers.dovecot_server import DovecotServer, DovecotUser

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


class TokenEndpoint:
    """Answers Dovecot's token checks: active (with the user name) for the one token it issued."""

    def __init__(self, username: str) -> None:
        self.username = username
        self.token = secrets.token_urlsafe(24)
        self.checked: list[str] = []  # the tokens Dovecot asked about
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                endpoint.checked.append(token)
                valid = token == endpoint.token
                body = json.dumps({"active": valid, "username": endpoint.username if valid else None})
                self.send_response(200 if valid else 401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/introspect?access_token="
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def oauth2_user(
    dovecot_factory: Callable[..., DovecotServer],
) -> Iterator[tuple[DovecotUser, TokenEndpoint]]:
    """A user on a Dovecot that accepts XOAUTH2 tokens checked by a TokenEndpoint."""
    endpoint = TokenEndpoint("")
    server = dovecot_factory(oauth2_tokeninfo_url=endpoint.url)
    user = server.add_user()
    endpoint.username = user.username
    yield user, endpoint
    endpoint.close()


def oauth2_mailbox_toml(user: DovecotUser, token_file: Path) -> str:
    """A [[mailbox]] without a password: the token comes from a command that prints token_file."""
    command = [sys.executable, "-c", f"print(open({str(token_file)!r}).read())"]
    return (
        f'[[mailbox]]\nname = "work"\nhost = "{user.host}"\nport = {user.port}\nsecurity = "none"\n'
        f'username = "{user.username}"\nowner = "{mails.OWNER}"\ntimeout_seconds = 3\nlookback_days = 30\n'
        f"oauth2_token_command = {json.dumps(command)}\n"
    )


def test_token_command_logs_in_checks_and_scans(
    tmp_path: Path, oauth2_user: tuple[DovecotUser, TokenEndpoint]
) -> None:
    user, endpoint = oauth2_user
    user.append("Sent", [mails.request(1, NOW)])
    user.append("INBOX", [mails.acknowledgement(1, NOW)])
    token_file = tmp_path / "token"
    token_file.write_text(endpoint.token)
    config = write_config(tmp_path, oauth2_mailbox_toml(user, token_file))

    check = foibot(config, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "ok   mailbox 'work'" in check.stdout and "inbox folder 'INBOX': 1 messages" in check.stdout
    scan = foibot(config, "scan", "--once")
    assert scan.returncode == 0, scan.stderr
    assert any(m.startswith("<ack-1@") for m in processed_ids(tmp_path / "foibot.db"))
    assert endpoint.checked and set(endpoint.checked) == {endpoint.token}  # the token, not a password
    assert f"user=<{user.username}>, method=XOAUTH2" in user.server.log_text()


def test_wrong_token_and_failing_command_are_one_line_diagnoses(
    tmp_path: Path, oauth2_user: tuple[DovecotUser, TokenEndpoint]
) -> None:
    user, endpoint = oauth2_user
    token_file = tmp_path / "token"
    token_file.write_text("expired-" + endpoint.token)
    config = write_config(tmp_path, oauth2_mailbox_toml(user, token_file))

    wrong = foibot(config, "check")
    assert wrong.returncode == 1
    problems = [line for line in wrong.stdout.splitlines() if "problem:" in line]
    assert len(problems) == 1, wrong.stdout
    assert "authentication failed" in problems[0] and "oauth2_token_command" in problems[0]
    assert endpoint.token not in wrong.stdout + wrong.stderr  # no secret in the output

    token_file.unlink()  # the token helper now fails (exit status 1, nothing on stdout)
    broken = foibot(config, "check")
    assert broken.returncode == 1
    assert "oauth2_token_command exited with 1 and no token" in broken.stdout
    assert "Traceback" not in broken.stdout + broken.stderr
