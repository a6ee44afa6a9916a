"""`foibot check`, SMTP half, against a real aiosmtpd: what it found, or one line saying what is wrong.

(The IMAP half: tests/e2e/test_daemon.py, tests/e2e/test_faults.py, tests/test_security.py and,
for OAuth2, tests/e2e/test_oauth2.py.)
"""

from __future__ import annotations

import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from click.testing import CliRunner, Result

from foibot.cli import cli
from foibot.errors import MailboxError
from tests.e2e.test_daemon import mailbox_toml, write_config
from tests.servers.dovecot_server import DovecotServer, DovecotUser
from tests.servers.smtp import SmtpSink, free_port


def smtp_toml(sink: SmtpSink | None, *, host: str = "127.0.0.1", port: int | None = None, **keys: str) -> str:
    values = {
        "host": host,
        "port": str(port or (sink.port if sink else free_port())),
        "security": sink.security if sink else "tls",
        "from_address": "foibot@example.org",
        "timeout_seconds": "3",
    }
    if sink is not None and sink.security != "none":
        values |= {"username": sink.username, "password": sink.password, "tls_ca_file": str(sink.ca_file)}
    values |= keys
    lines = [
        f"{key} = {value}" if key in ("port", "timeout_seconds") else f'{key} = "{value}"'
        for key, value in values.items()
    ]
    return "[smtp]\n" + "\n".join(lines) + "\n"


def check(config: Path) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), "check"], standalone_mode=False)


@pytest.fixture
def sink_for_another_host(smtp_ca: tuple[trustme.CA, Path]) -> Iterator[SmtpSink]:
    """Implicit TLS with a certificate (from the trusted test CA) naming mail.example.net only."""
    ca, ca_file = smtp_ca
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("mail.example.net").configure_cert(context)
    sink = SmtpSink(security="tls", server_ctx=context, ca_file=ca_file)
    sink.start()
    yield sink
    sink.stop()


def test_smtp_login_is_reported_with_what_was_found(tmp_path: Path, smtp_sink_starttls: SmtpSink) -> None:
    result = check(write_config(tmp_path, smtp_toml(smtp_sink_starttls)))
    assert result.exception is None, result.output
    assert (
        f"ok   smtp ({smtp_sink_starttls.username} at 127.0.0.1:{smtp_sink_starttls.port})" in result.output
    )
    assert f"logged in as {smtp_sink_starttls.username} (starttls)" in result.output
    assert smtp_sink_starttls.messages == []  # a check sends nothing


def only_problem(result: Result) -> str:
    """The single diagnosis line of a failed check (also: the command failed, exit status 1)."""
    assert isinstance(result.exception, MailboxError) and result.exception.exit_code == 1, result.output
    assert "FAIL smtp" in result.output
    problems = [line for line in result.output.splitlines() if "problem:" in line]
    assert len(problems) == 1, result.output
    return problems[0]


def test_nothing_listening_is_connection_refused(tmp_path: Path) -> None:
    port = free_port()
    problem = only_problem(check(write_config(tmp_path, smtp_toml(None, port=port))))
    assert f"connection refused: nothing listens on port {port}" in problem


def test_certificate_for_another_host_name_is_named(tmp_path: Path, sink_for_another_host: SmtpSink) -> None:
    problem = only_problem(check(write_config(tmp_path, smtp_toml(sink_for_another_host, host="localhost"))))
    assert "TLS certificate not trusted" in problem and "mismatch" in problem and "'localhost'" in problem


def test_wrong_password_is_an_authentication_failure(tmp_path: Path, smtp_sink_starttls: SmtpSink) -> None:
    problem = only_problem(check(write_config(tmp_path, smtp_toml(smtp_sink_starttls, password="not-it"))))
    assert f"authentication failed for '{smtp_sink_starttls.username}' (535" in problem
    assert "not-it" not in problem


def test_server_without_starttls_is_named(tmp_path: Path, smtp_sink: SmtpSink) -> None:
    problem = only_problem(check(write_config(tmp_path, smtp_toml(smtp_sink, security="starttls"))))
    assert f"does not offer STARTTLS on port {smtp_sink.port}" in problem


def test_an_imap_port_is_not_taken_for_smtp(tmp_path: Path, dovecot: DovecotServer) -> None:
    problem = only_problem(check(write_config(tmp_path, smtp_toml(None, port=dovecot.port, security="none"))))
    assert f"port {dovecot.port} does not speak SMTP" in problem and "* OK" in problem


def test_a_failing_smtp_server_fails_the_whole_check(tmp_path: Path, imap_user: DovecotUser) -> None:
    """As a process: the mailbox is fine, SMTP is not -> exit status 1 and one error line."""
    config = write_config(tmp_path, mailbox_toml("main", imap_user), smtp_toml(None))
    done = subprocess.run(
        [sys.executable, "-m", "foibot", "--config", str(config), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "ok   mailbox 'main'" in done.stdout and "FAIL smtp" in done.stdout
    assert done.stderr.strip() == "foibot: error: 1 of 2 checks failed"
