"""Faults a home server meets, against real processes: `foibot run` killed mid-scan, a locked,
read-only or full database, broken mailboxes beside working ones.

Covered elsewhere (not repeated here): IMAP server restart while idling and a wrong password beside
a working mailbox (tests/e2e/test_daemon.py); SMTP down then back, delivered exactly once
(tests/service/test_actions.py).
"""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.test_daemon import FAST, mailbox_toml, query, wait_until, write_config
from tests.servers import mail_factory as mails
from tests.servers.dovecot_server import DovecotServer, DovecotUser

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
NOW_TEXT = NOW.isoformat()
REQUESTS = 120
ORDINARY = 1_880  # with the acknowledgements: 2,000 messages in INBOX


class Daemon:
    """`foibot run` as its own process (stderr to a file, so a killed process loses nothing)."""

    def __init__(self, config: Path, log: Path) -> None:
        self.log = log
        self._log_handle = log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "foibot", "--now", NOW_TEXT, "--config", str(config), "run", *FAST],
            stdout=subprocess.DEVNULL,
            stderr=self._log_handle,
        )

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._log_handle.close()

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log_handle.close()
        return self.proc.returncode, self.log.read_text()


@pytest.fixture
def daemons() -> Iterator[list[Daemon]]:
    started: list[Daemon] = []
    yield started
    for daemon in started:
        if daemon.proc.poll() is None:
            daemon.kill()


def start(daemons: list[Daemon], config: Path) -> Daemon:
    daemons.append(Daemon(config, config.parent / "daemon.log"))
    return daemons[-1]


def fill_mailbox(user: DovecotUser) -> int:
    """Requests in Sent, 2,000 messages in INBOX (acknowledgements spread among ordinary mail)."""
    week_ago = NOW - dt.timedelta(days=7)
    user.write_maildir(
        "Sent", (mails.request(n, week_ago) for n in range(REQUESTS)), mtime=week_ago.timestamp()
    )
    inbox: list[bytes] = []
    for n in range(ORDINARY):
        inbox.append(mails.ordinary(n, NOW - dt.timedelta(days=2)))
        if n % (ORDINARY // REQUESTS) == 0 and n // (ORDINARY // REQUESTS) < REQUESTS:
            inbox.append(mails.acknowledgement(n // (ORDINARY // REQUESTS), NOW - dt.timedelta(days=2)))
    user.write_maildir("INBOX", inbox, mtime=(NOW - dt.timedelta(days=2)).timestamp())
    return len(inbox)


def last_uid(user: DovecotUser, folder: str) -> int:
    client = user.client()
    try:
        client.select_folder(folder, readonly=True)
        return int(max(client.search("ALL")))
    finally:
        client.logout()


def cursors(db: Path) -> dict[str, int]:
    """Each folder's sync cursor (last processed UID)."""
    return {
        str(folder): int(str(uid)) for folder, uid in query(db, "SELECT folder, last_uid FROM sync_state")
    }


def scanned(db: Path, inbox_last: int, sent_last: int) -> bool:
    return cursors(db).get("INBOX") == inbox_last and cursors(db).get("Sent") == sent_last


@dataclass(frozen=True)
class Outcome:
    """Everything a duplicate would show up in."""

    messages: list[str]
    sources: int
    outbox: list[tuple[object, ...]]
    requests: list[tuple[object, ...]]
    events: int
    quarantine: int


def outcome(db: Path) -> Outcome:
    return Outcome(
        messages=sorted(str(r[0]) for r in query(db, "SELECT message_id FROM messages")),
        sources=len(query(db, "SELECT DISTINCT folder, uid FROM messages")),
        outbox=sorted(query(db, "SELECT dedupe_key, kind, recipients FROM outbox"), key=repr),
        requests=sorted(query(db, "SELECT message_id, state FROM requests"), key=repr),
        events=len(query(db, "SELECT 1 FROM events")),
        quarantine=len(query(db, "SELECT 1 FROM quarantine")),
    )


def test_sigkill_mid_first_scan_then_restart_processes_each_message_once(
    tmp_path: Path, dovecot: DovecotServer, daemons: list[Daemon]
) -> None:
    user = dovecot.add_user()
    user.client().logout()
    fill_mailbox(user)
    inbox_last, sent_last = last_uid(user, "INBOX"), last_uid(user, "Sent")
    notify = f'[notify]\nto = ["{mails.OWNER}"]\n'

    # The reference: one uninterrupted run over the same mailbox.
    reference_dir = tmp_path / "reference"
    reference_dir.mkdir()
    reference = start(daemons, write_config(reference_dir, mailbox_toml("main", user), notify))
    reference_db = reference_dir / "foibot.db"
    assert wait_until(lambda: scanned(reference_db, inbox_last, sent_last), 120), reference.stop()[1]
    assert reference.stop()[0] == 0
    expected = outcome(reference_db)
    assert len(expected.messages) >= 2 * REQUESTS
    assert expected.outbox, "the acknowledgements should have queued alerts"

    # Killed in the middle of the INBOX scan, then restarted.
    killed_dir = tmp_path / "killed"
    killed_dir.mkdir()
    config = write_config(killed_dir, mailbox_toml("main", user), notify)
    db = killed_dir / "foibot.db"
    first = start(daemons, config)

    def mid_scan() -> bool:
        return 0 < cursors(db).get("INBOX", 0) < inbox_last

    assert wait_until(mid_scan, 60), first.stop()[1]
    first.kill()
    interrupted_at = cursors(db)["INBOX"]
    assert interrupted_at < inbox_last  # really interrupted part-way
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    second = start(daemons, config)
    assert wait_until(lambda: scanned(db, inbox_last, sent_last), 120), second.stop()[1]
    code, log = second.stop()
    assert code == 0, log
    got = outcome(db)
    assert got == expected
    assert len(set(got.messages)) == len(got.messages) == expected.sources


# -- the database: locked, read-only, full --------------------------------------------------------


def foibot_scan(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foibot", "--now", NOW_TEXT, "--config", str(config), "scan", "--once"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_store_error(result: subprocess.CompletedProcess[str], db: Path, *words: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("foibot: error:")]
    assert len(errors) == 1, result.stderr
    assert str(db) in errors[0]
    assert any(word in errors[0] for word in words), errors[0]
    return errors[0]


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def seeded(tmp_path: Path, user: DovecotUser, db: Path) -> Path:
    """Three requests and one reply, scanned once into `db`."""
    user.append("Sent", [mails.request(n, NOW - dt.timedelta(days=3)) for n in range(3)])
    user.append("INBOX", [mails.acknowledgement(0, NOW - dt.timedelta(days=1))])
    config = tmp_path / "foibot.toml"
    config.write_text(f'[storage]\npath = "{db}"\n\n' + mailbox_toml("main", user))
    config.chmod(0o600)
    first = foibot_scan(config)
    assert first.returncode == 0, first.stderr
    return config


def processed_ids(db: Path) -> list[str]:
    return sorted(str(row[0]) for row in query(db, "SELECT message_id FROM messages"))


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (needs root: `mount`); skipped where mounting is not allowed."""
    mount_point = tmp_path / "state"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); needs root")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_locked_database_is_one_line_then_recovers(tmp_path: Path, imap_user: DovecotUser) -> None:
    db = tmp_path / "foibot.db"
    config = seeded(tmp_path, imap_user, db)
    imap_user.append("INBOX", [mails.acknowledgement(1, NOW - dt.timedelta(hours=2))])
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than foibot waits
        assert_one_line_store_error(foibot_scan(config), db, "locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert integrity(db) == "ok"
    again = foibot_scan(config)
    assert again.returncode == 0, again.stderr
    assert processed_ids(db) == sorted([mails.request_message_id(n) for n in range(3)] + [
        "<ack-0@harrowdale.gov.uk>", "<ack-1@kestrel-nhs.nhs.uk>"])  # fmt: skip


def test_daemon_waits_out_a_locked_database_and_loses_nothing(
    tmp_path: Path, imap_user: DovecotUser, daemons: list[Daemon]
) -> None:
    db = tmp_path / "foibot.db"
    config = seeded(tmp_path, imap_user, db)
    daemon = start(daemons, config)
    assert wait_until(lambda: "foibot is running" in daemon.log.read_text(), 30), daemon.log.read_text()
    time.sleep(1.5)  # caught up (nothing new) and idling
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        imap_user.append("INBOX", [mails.acknowledgement(1, NOW), mails.acknowledgement(2, NOW)])
        # Held until the watcher has given up waiting (5 s busy timeout) and said so.
        assert wait_until(lambda: "locked" in daemon.log.read_text(), 40), daemon.log.read_text()
        assert len(processed_ids(db)) == 4
        assert daemon.proc.poll() is None  # still running: it retries rather than exits
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert wait_until(lambda: len(processed_ids(db)) == 6, 20), daemon.log.read_text()
    time.sleep(1.0)  # a repeat would show up now
    code, log = daemon.stop()
    assert code == 0, log
    assert len(set(processed_ids(db))) == 6
    assert "Traceback" not in log
    assert integrity(db) == "ok"


def test_read_only_state_directory_is_one_line_then_recovers(
    tmp_path: Path, imap_user: DovecotUser, tmpfs: Path
) -> None:
    db = tmpfs / "foibot.db"
    config = seeded(tmp_path, imap_user, db)
    imap_user.append("INBOX", [mails.acknowledgement(1, NOW - dt.timedelta(hours=2))])
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    try:
        line = assert_one_line_store_error(foibot_scan(config), db, "read-only")
        assert "the file system is mounted read-only" in line, line  # the cause, not sqlite's words
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    assert integrity(db) == "ok"
    again = foibot_scan(config)
    assert again.returncode == 0, again.stderr
    assert len(processed_ids(db)) == 5 == len(set(processed_ids(db)))


def test_full_disk_is_one_line_no_corruption_then_recovers(
    tmp_path: Path, imap_user: DovecotUser, tmpfs: Path
) -> None:
    db = tmpfs / "foibot.db"
    config = seeded(tmp_path, imap_user, db)
    padding = tmpfs / "padding"
    subprocess.run(["dd", "if=/dev/zero", f"of={padding}", "bs=4k"], capture_output=True, check=False)
    imap_user.append(
        "INBOX",
        [mails.acknowledgement(1, NOW - dt.timedelta(hours=2))]
        + [mails.ordinary(n, NOW, body_lines=2_000) for n in range(5)],
    )
    line = assert_one_line_store_error(foibot_scan(config), db, "the disk is full")
    assert line.startswith(f"foibot: error: cannot write the database {db}: the disk is full"), line
    padding.unlink()
    assert integrity(db) == "ok"
    again = foibot_scan(config)
    assert again.returncode == 0, again.stderr
    ids = processed_ids(db)
    assert "<ack-1@kestrel-nhs.nhs.uk>" in ids and len(ids) == len(set(ids)) == 5


# -- broken mailboxes beside a working one ----------------------------------------------------


def test_broken_mailboxes_are_diagnosed_and_the_good_one_keeps_working(
    tmp_path: Path, dovecot: DovecotServer, dovecot_tls: DovecotServer, daemons: list[Daemon]
) -> None:
    """A certificate for another host name and a missing folder: one line each, retried; the
    working mailbox processes new mail meanwhile. (A wrong password: tests/e2e/test_daemon.py.)"""
    import socket

    other_name = socket.gethostname()
    if other_name == "localhost" or socket.gethostbyname(other_name) != "127.0.0.1":
        pytest.skip("needs a second host name for 127.0.0.1 (the certificate names localhost only)")
    good = dovecot.add_user()
    good.append("Sent", [mails.request(1, NOW - dt.timedelta(days=1))])
    missing_folder = dovecot.add_user()
    tls_user = dovecot_tls.add_user()
    assert dovecot_tls.tls is not None
    mismatch = (
        f'[[mailbox]]\nname = "mismatch"\nhost = "{other_name}"\nport = {dovecot_tls.tls_port}\n'
        f'security = "tls"\nusername = "{tls_user.username}"\npassword = "{tls_user.password}"\n'
        f'tls_ca_file = "{dovecot_tls.tls.ca_file}"\ntimeout_seconds = 3\n'
    )
    nofolder = mailbox_toml("nofolder", missing_folder) + 'folders = ["Archive/FOI"]\n'
    db = tmp_path / "foibot.db"
    daemon = start(daemons, write_config(tmp_path, mailbox_toml("main", good), mismatch, nofolder))
    assert wait_until(lambda: len(query(db, "SELECT 1 FROM sync_state WHERE mailbox = 'main'")) == 2, 20)
    good.append("INBOX", [mails.acknowledgement(1, NOW)])
    assert wait_until(lambda: len(processed_ids(db)) == 2, 10), daemon.stop()[1]
    time.sleep(1.5)  # several retries of the broken ones
    code, log = daemon.stop()
    assert code == 0, log
    assert "Traceback" not in log
    tls_lines = [line for line in log.splitlines() if "TLS certificate not trusted" in line]
    folder_lines = [line for line in log.splitlines() if "Archive/FOI" in line]
    assert len(tls_lines) >= 2 and all("'mismatch'" in line for line in tls_lines), log
    assert len(folder_lines) >= 2 and all("nofolder" in line for line in folder_lines), log
