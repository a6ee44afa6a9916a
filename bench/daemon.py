"""Benchmark: the running daemon - new-message latency, and its memory after a 20,000-message scan.

`foibot run` watches a local Dovecot mailbox filled like bench/imap_scan.py (20,000 messages, a
few hundred FOI threads). Once its first scan is done, its resident memory is read from /proc.
Then authority replies are appended one at a time; each one's latency is the time from APPEND to
its row in foibot's database. The baseline is a bare imapclient IDLE loop watching the same
INBOX in this process, timed from the same APPEND until it has fetched the new message.
`python -m bench.daemon [MESSAGES]` prints the figures.
"""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from bench.imap_scan import fill
from tests.servers import mail_factory as mails
from tests.servers.dovecot_server import DovecotServer, DovecotUser

TARGET_LATENCY_S = 5.0  # "within seconds": the reply is tracked before you would check mail
TARGET_RSS_MB = 150.0
REPLIES = 7


def _rows(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []


def _stored(db: Path, message_id_pattern: str) -> bool:
    return bool(_rows(db, "SELECT 1 FROM messages WHERE message_id LIKE ?", (message_id_pattern,)))


def _memory_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process, in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _news(responses: list[Any]) -> bool:
    return any(len(r) > 1 and r[1] == b"EXISTS" for r in responses)


class BareIdler:
    """The baseline: an IDLE loop that fetches each new message, noting when it has it."""

    def __init__(self, user: DovecotUser) -> None:
        self.client = IMAPClient(user.host, user.port, ssl=False, timeout=30)
        self.client.login(user.username, user.password)
        self.client.select_folder("INBOX", readonly=True)
        self.last_uid = max(self.client.search("ALL"), default=0)
        self.fetched_at: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop.is_set():
            self.client.idle()  # stays in IDLE until news arrives, like foibot's watcher
            responses: list[Any] = []
            while not self.stop.is_set() and not _news(responses):
                responses = list(self.client.idle_check(timeout=0.5))
            responses += self.client.idle_done()[1]
            if _news(responses):
                new = [
                    uid
                    for uid in self.client.search(["UID", f"{self.last_uid + 1}:*"])
                    if uid > self.last_uid
                ]
                for uid in self.client.fetch(new, ["BODY.PEEK[]"]):
                    self.fetched_at[uid] = time.perf_counter()
                self.last_uid = max([self.last_uid, *new])

    def has(self, count: int) -> bool:
        return len(self.fetched_at) >= count

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)
        self.client.logout()


def _config(workdir: Path, user: DovecotUser) -> Path:
    config = workdir / "foibot.toml"
    config.write_text(
        f'[storage]\npath = "{workdir / "foibot.db"}"\n\n[[mailbox]]\nname = "bench"\n'
        f'host = "{user.host}"\nport = {user.port}\nsecurity = "none"\nusername = "{user.username}"\n'
        f'password = "{user.password}"\nowner = "{mails.OWNER}"\nlookback_days = 365\n'
    )
    config.chmod(0o600)
    return config


def _wait(condition: Callable[[], object], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def run(messages: int = 20_000, authority_replies: int = 300) -> dict[str, Any]:
    """Start the daemon on a full mailbox, then time replies arriving while it idles."""
    server = DovecotServer.create()
    server.start()
    workdir = Path(tempfile.mkdtemp(prefix="foibot-bench-daemon-"))
    db = workdir / "foibot.db"
    proc: subprocess.Popen[bytes] | None = None
    try:
        user = server.add_user()
        user.client().logout()
        fill(user, messages, authority_replies)
        admin = user.client()
        admin.select_folder("INBOX", readonly=True)
        inbox_last = max(admin.search("ALL"))
        admin.logout()
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "foibot", "-q", "--config", str(_config(workdir, user)), "run"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        scanned = _wait(
            lambda: _rows(db, "SELECT last_uid FROM sync_state WHERE folder = 'INBOX'") == [(inbox_last,)],
            900,
        )
        if not scanned:
            raise RuntimeError("the daemon did not finish its first scan within 15 minutes")
        scan_s = time.perf_counter() - start
        time.sleep(2.0)  # settle into IDLE
        rss_mb, peak_mb = _memory_mb(proc.pid)

        idler = BareIdler(user)
        ours: list[float] = []
        bare: list[float] = []
        try:
            now = dt.datetime.now(dt.UTC)
            for k in range(REPLIES):
                n = authority_replies + k  # a reply with no request yet: still read, stored as unmatched
                appended = time.perf_counter()
                user.append("INBOX", [mails.acknowledgement(n, now)])
                if not _wait(partial(_stored, db, f"<ack-{n}@%"), 60):
                    raise RuntimeError(f"reply {n} was not processed within 60 s")
                ours.append(time.perf_counter() - appended)
                if not _wait(partial(idler.has, k + 1), 30):
                    raise RuntimeError("the bare IDLE client missed a message")
                bare.append(sorted(idler.fetched_at.values())[k] - appended)
                time.sleep(0.5)
        finally:
            idler.close()
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        server.close()
    ours_s, bare_s = statistics.median(ours), statistics.median(bare)
    return {
        "messages": messages,
        "first_scan_s": round(scan_s, 1),
        "latency_s": [round(x, 3) for x in ours],
        "bare_latency_s": [round(x, 3) for x in bare],
        "rss_mb": round(rss_mb, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "rows": [
            {
                "figure": f"new-message latency while idling, APPEND to stored (median of {REPLIES})",
                "foibot": f"{ours_s * 1000:.0f} ms",
                "baseline": f"{bare_s * 1000:.0f} ms (bare IDLE + fetch)",
                "ratio": f"{ours_s / bare_s:.1f}x",
                "target": f"<= {TARGET_LATENCY_S:.0f} s",
                "pass": ours_s <= TARGET_LATENCY_S,
            },
            {
                "figure": f"daemon memory after its first scan of {messages} messages (RSS, peak)",
                "foibot": f"{rss_mb:.0f} MB ({peak_mb:.0f} MB)",
                "baseline": "-",
                "ratio": "-",
                "target": f"< {TARGET_RSS_MB:.0f} MB",
                "pass": peak_mb < TARGET_RSS_MB,
            },
        ],
    }


def main() -> None:
    messages = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    for key, value in run(messages).items():
        if key != "rows":
            print(f"{key:16} {value}")


if __name__ == "__main__":
    main()
