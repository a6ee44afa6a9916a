"""Benchmark: foibot's first scan of a 20,000-message mailbox on a local Dovecot, next to a bare
imapclient script fetching the same headers and the same full messages.

The mailbox (written as Maildir files) holds a few hundred FOI requests in Sent, their authority
acknowledgements in INBOX, and ordinary mail for the rest. Both sides run as subprocesses, after
an untimed warm-up so Dovecot's indexes exist for both; foibot starts from an empty database.
Peak RSS is the foibot process's VmHWM. The machine is noisy, so the two sides run as ROUNDS
interleaved pairs (alternating which goes first, foibot always on a fresh database) and the
median pair ratio is the figure; every pair's ratio is printed beside it.
`python -m bench.imap_scan [MESSAGES]` prints it.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from foibot.adapters.imap import FILTER_HEADERS
from tests.servers import mail_factory as mails
from tests.servers.dovecot_server import DovecotServer, DovecotUser

TARGET_RATIO = 1.5
TARGET_RSS_MB = 150.0
ROUNDS = 3
HEADERS = f"BODY.PEEK[HEADER.FIELDS ({FILTER_HEADERS})]"  # the same fields foibot reads


def fill(user: DovecotUser, total: int, authority_replies: int) -> None:
    """`authority_replies` requests in Sent, their replies spread through an INBOX of `total`."""
    now = dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(days=20)
    step = (now - start) / total
    user.write_maildir(
        "Sent", [mails.request(n, start) for n in range(authority_replies)], mtime=start.timestamp()
    )
    every = total // authority_replies
    inbox: list[bytes] = []
    for i in range(total):
        when = start + step * i
        if i % every == every // 2 and i // every < authority_replies:
            inbox.append(mails.acknowledgement(i // every, when))
        else:
            inbox.append(mails.ordinary(i, when, body_lines=30))
    # one mtime for all: the INTERNALDATE only has to fall inside the lookback window
    user.write_maildir("INBOX", inbox, mtime=(now - dt.timedelta(days=1)).timestamp())


def bare_scan(host: str, port: int, username: str, password: str) -> int:
    """What any client must do at least: search, fetch the headers, fetch the FOI messages whole."""
    from imapclient import IMAPClient

    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=365)).date()
    client = IMAPClient(host, port, ssl=False, timeout=60)
    client.login(username, password)
    fetched = 0
    for folder in ("Sent", "INBOX"):
        client.select_folder(folder, readonly=True)
        uids = sorted(client.search(["SINCE", since]))
        wanted: list[int] = []
        for i in range(0, len(uids), 500):
            chunk = uids[i : i + 500]
            for uid, item in client.fetch(chunk, ["RFC822.SIZE", "INTERNALDATE", HEADERS]).items():
                header = next(v for k, v in item.items() if k.startswith(b"BODY[HEADER"))
                if folder == "Sent" or b"Freedom of Information" in header:
                    wanted.append(uid)
        for i in range(0, len(wanted), 100):
            fetched += len(client.fetch(wanted[i : i + 100], ["BODY.PEEK[]"]))
    client.logout()
    return fetched


def _timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of a child process.

    The peak is the child's own VmHWM, polled until it exits: ru_maxrss would report this
    (large) parent's RSS, which Linux carries across fork+exec.
    """
    peak_kb = 0
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        status = Path(f"/proc/{proc.pid}/status")
        while proc.poll() is None:
            try:
                line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
                peak_kb = max(peak_kb, int(line.split()[1]))
            except (OSError, StopIteration, ValueError):
                pass
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{command[:4]} exited with {proc.returncode}: {text[-500:]}")
    return seconds, peak_kb / 1024, text


def run(messages: int = 20_000, authority_replies: int = 300) -> dict[str, Any]:
    """First scan by foibot vs the bare fetch, on the same freshly loaded mailbox."""
    server = DovecotServer.create()
    server.start()
    try:
        user = server.add_user()
        user.client().logout()
        load_start = time.perf_counter()
        fill(user, messages, authority_replies)
        load_s = time.perf_counter() - load_start
        bare_cmd = [
            sys.executable,
            "-m",
            "bench.imap_scan",
            "--bare",
            user.host,
            str(user.port),
            user.username,
        ]
        _timed(bare_cmd)  # warm-up: Dovecot builds its indexes and caches here, untimed
        settings = {
            "name": "bench",
            "host": user.host,
            "port": user.port,
            "security": "none",
            "username": user.username,
            "password": user.password,
            "owner": mails.OWNER,
        }
        mailbox = "".join(
            f"{key} = {value!r}\n" if isinstance(value, int) else f'{key} = "{value}"\n'
            for key, value in settings.items()
        )
        pairs: list[tuple[float, float]] = []
        ours_rss = bare_rss = 0.0
        output = ""
        for round_ in range(ROUNDS):
            ours_cmd = [sys.executable, "-m", "foibot", "-q", "--config", str(_config(mailbox)), "scan"]
            if round_ % 2:
                bare_s, bare_peak, _ = _timed(bare_cmd)
                ours_s, ours_peak, output = _timed(ours_cmd)
            else:
                ours_s, ours_peak, output = _timed(ours_cmd)
                bare_s, bare_peak, _ = _timed(bare_cmd)
            pairs.append((ours_s, bare_s))
            ours_rss, bare_rss = max(ours_rss, ours_peak), max(bare_rss, bare_peak)
    finally:
        server.close()
    ratios = sorted(ours / bare for ours, bare in pairs)
    ratio = statistics.median(ratios)
    ours_s, bare_s = (statistics.median(side) for side in zip(*pairs, strict=True))
    return {
        "messages": messages,
        "authority_replies": authority_replies,
        "load_s": round(load_s, 2),
        "foibot_s": round(ours_s, 2),
        "bare_s": round(bare_s, 2),
        "ratio": round(ratio, 2),
        "pair_ratios": ", ".join(f"{r:.2f}" for r in ratios),
        "foibot_peak_rss_mb": round(ours_rss, 1),
        "bare_peak_rss_mb": round(bare_rss, 1),
        "foibot_summary": " | ".join(line for line in output.splitlines() if line),
        "rows": [
            {
                "figure": f"first IMAP scan, {messages} messages ({authority_replies} FOI threads), "
                "foibot scan vs bare imapclient fetch of the same headers and messages "
                f"(median of {ROUNDS} interleaved pairs: {', '.join(f'{r:.2f}x' for r in ratios)})",
                "foibot": f"{ours_s:.2f} s",
                "baseline": f"{bare_s:.2f} s",
                "ratio": f"{ratio:.2f}x time",
                "target": f"<= {TARGET_RATIO}x time",
                "pass": ratio <= TARGET_RATIO,
            },
            {
                "figure": "first IMAP scan, peak RSS of the foibot process",
                "foibot": f"{ours_rss:.0f} MB",
                "baseline": f"{bare_rss:.0f} MB",
                "ratio": f"{ours_rss / bare_rss:.1f}x",
                "target": f"< {TARGET_RSS_MB:.0f} MB",
                "pass": ours_rss < TARGET_RSS_MB,
            },
        ],
    }


def _config(mailbox: str) -> Path:
    """A foibot config with a fresh, empty database: every timed scan is a first scan."""
    workdir = Path(tempfile.mkdtemp(prefix="foibot-bench-"))
    config = workdir / "foibot.toml"
    config.write_text(
        f'[storage]\npath = "{workdir / "foibot.db"}"\n\n[[mailbox]]\n{mailbox}lookback_days = 365\n'
    )
    config.chmod(0o600)
    return config


def main() -> None:
    if sys.argv[1:2] == ["--bare"]:
        host, port, username = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        print(bare_scan(host, port, username, "secret"))
        return
    messages = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    for key, value in run(messages).items():
        if key != "rows":
            print(f"{key:20} {value}")


if __name__ == "__main__":
    main()
