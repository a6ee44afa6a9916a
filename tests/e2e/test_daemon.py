"""`foibot run`, `scan --once` and `check` as real processes against a real Dovecot.

The daemon runs with short test timings (hidden options) and is watched through its SQLite file.
"""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.servers import mail_factory as mails
from tests.servers.dovecot_server import DovecotUser

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
FAST = ["--idle-check-seconds", "1", "--backoff-seconds", "0.3", "--sweep-seconds", "3600"]


def mailbox_toml(
    name: str,
    user: DovecotUser,
    password: str | None = None,
    *,
    port: int | None = None,
    timeout_seconds: float = 3,
    idle_renew_seconds: float | None = None,
) -> str:
    """A [[mailbox]] section for `user` (`port`: e.g. a proxy's in front of the server)."""
    section = (
        f'[[mailbox]]\nname = "{name}"\nhost = "{user.host}"\nport = {port or user.port}\nsecurity = "none"\n'
        f'username = "{user.username}"\npassword = "{password or user.password}"\nowner = "{mails.OWNER}"\n'
        f"timeout_seconds = {timeout_seconds}\nlookback_days = 30\n"
    )
    if idle_renew_seconds is not None:
        section += f"idle_renew_seconds = {idle_renew_seconds}\n"
    return section


def write_config(tmp_path: Path, *sections: str) -> Path:
    path = tmp_path / "foibot.toml"
    path.write_text(f'[storage]\npath = "{tmp_path / "foibot.db"}"\n\n' + "\n".join(sections))
    path.chmod(0o600)
    return path


def foibot(config: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foibot", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    if not db.exists():
        return []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # tables not created yet
            return []


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def message_ids(db: Path) -> list[str]:
    return sorted(str(row[0]) for row in query(db, "SELECT message_id FROM messages"))


class Daemon:
    def __init__(self, config: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "foibot", "--config", str(config), "run", *FAST],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _out, err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _out, err = self.proc.communicate()
        return self.proc.returncode, err


@pytest.fixture
def daemon_factory() -> Iterator[Callable[[Path], Daemon]]:
    started: list[Daemon] = []

    def start(config: Path) -> Daemon:
        started.append(Daemon(config))
        return started[-1]

    yield start
    for daemon in started:
        daemon.stop()


def watching(db: Path, mailbox: str = "main") -> Callable[[], bool]:
    """True once both folders finished their first pass (their cursors exist)."""
    return lambda: len(query(db, f"SELECT 1 FROM sync_state WHERE mailbox = '{mailbox}'")) == 2


def test_new_mail_is_processed_within_seconds_and_sigterm_stops_cleanly(
    tmp_path, imap_user, daemon_factory
) -> None:
    imap_user.append("Sent", [mails.request(1, NOW - dt.timedelta(days=1))])
    db = tmp_path / "foibot.db"
    daemon = daemon_factory(write_config(tmp_path, mailbox_toml("main", imap_user)))
    assert wait_until(watching(db), 20), daemon.stop()[1]
    imap_user.append("INBOX", [mails.ordinary(5, NOW), mails.acknowledgement(1, NOW)])
    appended = time.monotonic()
    assert wait_until(lambda: "<ack-1@kestrel-nhs.nhs.uk>" in message_ids(db), 5), daemon.stop()[1]
    assert time.monotonic() - appended < 5
    code, err = daemon.stop()
    assert code == 0, err
    assert "stopped" in err and "Traceback" not in err


def test_server_restart_loses_nothing_and_repeats_nothing(tmp_path, dovecot_private, daemon_factory) -> None:
    user = dovecot_private.add_user()
    user.append("Sent", [mails.request(n, NOW - dt.timedelta(days=1)) for n in range(3)])
    db = tmp_path / "foibot.db"
    daemon = daemon_factory(write_config(tmp_path, mailbox_toml("main", user)))
    assert wait_until(watching(db), 20), daemon.stop()[1]
    user.append("INBOX", [mails.acknowledgement(0, NOW)])
    assert wait_until(lambda: len(message_ids(db)) == 4, 5), daemon.stop()[1]

    dovecot_private.stop()
    user.write_maildir("INBOX", [mails.acknowledgement(1, NOW), mails.ordinary(7, NOW)])  # while down
    time.sleep(1.0)  # let the daemon notice and start backing off
    dovecot_private.start()
    user.append("INBOX", [mails.acknowledgement(2, NOW)])

    expected = sorted([mails.request_message_id(n) for n in range(3)] + [f"<ack-{n}@" for n in range(3)])
    assert wait_until(lambda: len(message_ids(db)) == 6, 10), daemon.stop()[1]
    time.sleep(1.5)  # a repeat would show up now
    found = message_ids(db)
    assert [m.split("@")[0] + "@" if m.startswith("<ack") else m for m in found] == expected
    code, err = daemon.stop()
    assert code == 0, err
    assert "connection lost" in err, err


def test_a_failing_mailbox_does_not_stop_the_others(tmp_path, dovecot, daemon_factory) -> None:
    good, bad = dovecot.add_user(), dovecot.add_user()
    good.append("Sent", [mails.request(1, NOW - dt.timedelta(days=1))])
    db = tmp_path / "foibot.db"
    config = write_config(tmp_path, mailbox_toml("main", good), mailbox_toml("broken", bad, password="wrong"))
    daemon = daemon_factory(config)
    assert wait_until(watching(db), 20), daemon.stop()[1]
    good.append("INBOX", [mails.acknowledgement(1, NOW)])
    assert wait_until(lambda: len(message_ids(db)) == 2, 5), daemon.stop()[1]
    time.sleep(1.5)  # long enough for a few retries of the broken one
    code, err = daemon.stop()
    assert code == 0
    failures = [line for line in err.splitlines() if "authentication failed" in line]
    assert failures and all("'broken'" in line for line in failures)
    assert len(failures) >= 2  # retried, with backoff


def test_scan_once_twice_processes_nothing_the_second_time(tmp_path, imap_user) -> None:
    imap_user.append("Sent", [mails.request(1, NOW - dt.timedelta(days=2))])
    imap_user.append("INBOX", [mails.acknowledgement(1, NOW - dt.timedelta(days=1)), mails.ordinary(3, NOW)])
    seen_before = imap_user.flags("INBOX")
    config = write_config(tmp_path, mailbox_toml("main", imap_user))
    first = foibot(config, "scan", "--once")
    assert first.returncode == 0, first.stderr
    assert "main/INBOX: 2 new, 1 read (1 matched)" in first.stdout
    second = foibot(config, "scan", "--once")
    assert second.returncode == 0, second.stderr
    assert "main/INBOX: 0 new, 0 read" in second.stdout and "main/Sent: 0 new, 0 read" in second.stdout
    assert len(message_ids(tmp_path / "foibot.db")) == 2
    assert imap_user.flags("INBOX") == seen_before


def test_check_reports_folders_and_diagnoses_failures(tmp_path, imap_user) -> None:
    good = foibot(write_config(tmp_path, mailbox_toml("main", imap_user)), "check")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "sent folder 'Sent'" in good.stdout and "inbox folder 'INBOX'" in good.stdout

    bad = foibot(write_config(tmp_path, mailbox_toml("main", imap_user, password="nope")), "check")
    assert bad.returncode == 1
    assert "FAIL mailbox 'main'" in bad.stdout and "authentication failed" in bad.stdout
