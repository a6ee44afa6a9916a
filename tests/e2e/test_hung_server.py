"""Silent servers, against `foibot run` and a real Dovecot: a hung server is noticed, waited out
and caught up; IDLE is renewed on the configured interval; NOOP polling where IDLE is not offered.

A connection dropped during IDLE (EOF) and a server restart: tests/e2e/test_daemon.py.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from foibot.service.check import check_mailbox
from tests.e2e import test_faults
from tests.e2e.test_daemon import mailbox_toml, query, wait_until, watching, write_config
from tests.e2e.test_faults import Daemon, processed_ids, start
from tests.servers import mail_factory as mails
from tests.servers.dovecot_server import DovecotServer, DovecotUser, mailbox_settings
from tests.servers.tcp_proxy import TcpProxy

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
# Dovecot's usual post-login capabilities, minus IDLE.
NO_IDLE = (
    "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ SPECIAL-USE UIDPLUS NAMESPACE UNSELECT MULTIAPPEND"
)
daemons = test_faults.daemons  # the fixture: `foibot run` processes, killed after the test


@pytest.fixture
def proxies() -> Iterator[list[TcpProxy]]:
    opened: list[TcpProxy] = []
    yield opened
    for proxy in opened:
        proxy.close()


def proxy_to(proxies: list[TcpProxy], user: DovecotUser) -> TcpProxy:
    proxies.append(TcpProxy(user.host, user.port))
    return proxies[-1]


def events_of(db: Path, message_id_prefix: str) -> int:
    rows = query(
        db,
        "SELECT e.kind FROM events e JOIN messages m ON e.message_row = m.id "
        f"WHERE m.message_id LIKE '{message_id_prefix}%'",
    )
    return len(rows)


def commands(lines: list[bytes], name: bytes) -> int:
    """How many `name` commands are among the client's lines (tagged: b"A012 IDLE", bare: b"DONE")."""
    words = [line.upper().split() for line in lines]
    return sum(1 for w in words if w[:1] == [name] or w[1:2] == [name])


def test_hung_server_is_noticed_waited_out_and_caught_up_exactly_once(
    tmp_path: Path, dovecot_private: DovecotServer, daemons: list[Daemon]
) -> None:
    user = dovecot_private.add_user()
    user.append("Sent", [mails.request(n, NOW - dt.timedelta(days=1)) for n in range(2)])
    db = tmp_path / "foibot.db"
    config = write_config(tmp_path, mailbox_toml("main", user, timeout_seconds=1, idle_renew_seconds=1))
    daemon = start(daemons, config)
    assert wait_until(watching(db), 20), daemon.stop()[1]
    user.append("INBOX", [mails.acknowledgement(0, NOW)])
    assert wait_until(lambda: len(processed_ids(db)) == 3, 5), daemon.stop()[1]

    dovecot_private.freeze()  # every Dovecot process SIGSTOPped: sockets open, no answers
    try:
        user.write_maildir("INBOX", [mails.acknowledgement(1, NOW)])  # arrives while it hangs
        # Both folders' watchers notice at their next IDLE renewal (1 s) plus the timeout (1 s).
        noticed = wait_until(lambda: daemon.log.read_text().count("server stopped answering") >= 2, 6)
        assert noticed, daemon.log.read_text()
        # Reconnecting meanwhile: TCP connects (the kernel answers), the greeting never comes.
        assert wait_until(lambda: "no answer within 1 s" in daemon.log.read_text(), 6), daemon.log.read_text()
        assert not any(m.startswith("<ack-1@") for m in processed_ids(db))
    finally:
        dovecot_private.thaw()

    assert wait_until(lambda: len(processed_ids(db)) == 4, 15), daemon.stop()[1]
    time.sleep(2.0)  # two more IDLE renewals: a repeat would show up now
    code, log = daemon.stop()
    ids = processed_ids(db)
    assert len(ids) == len(set(ids)) == 4
    assert events_of(db, "<ack-1@") == events_of(db, "<ack-0@") > 0  # its effects recorded once
    assert code == 0, log
    assert "Traceback" not in log
    hung_lines = [line for line in log.splitlines() if "server stopped answering" in line]
    assert len(hung_lines) == 2, log  # one line per folder, not one per retry
    assert all("no reply within 1 s" in line for line in hung_lines)
    assert "back in business" in log


def test_idle_is_renewed_on_the_configured_interval_on_the_same_connection(
    tmp_path: Path, imap_user: DovecotUser, daemons: list[Daemon], proxies: list[TcpProxy]
) -> None:
    imap_user.append("Sent", [mails.request(1, NOW - dt.timedelta(days=1))])
    proxy = proxy_to(proxies, imap_user)
    db = tmp_path / "foibot.db"
    config = write_config(tmp_path, mailbox_toml("main", imap_user, port=proxy.port, idle_renew_seconds=0.5))
    daemon = start(daemons, config)
    assert wait_until(watching(db), 20), daemon.stop()[1]
    before = commands(proxy.client_lines(), b"IDLE")
    time.sleep(3.0)
    renewed = commands(proxy.client_lines(), b"IDLE") - before
    # Two folders, a renewal every 0.5 s: about 12 in 3 s (the 9-minute default would give 0).
    assert renewed >= 6, proxy.client_lines()
    sent = proxy.client_lines()
    # Each IDLE is ended (DONE) before the next; each folder may be inside one right now.
    assert commands(sent, b"DONE") >= commands(sent, b"IDLE") - 2
    imap_user.append("INBOX", [mails.acknowledgement(1, NOW)])
    assert wait_until(lambda: len(processed_ids(db)) == 2, 5), daemon.stop()[1]
    code, log = daemon.stop()
    assert code == 0, log
    assert commands(proxy.client_lines(), b"LOGIN") == 2  # renewed in place, never reconnected
    assert "connection lost" not in log and "stopped answering" not in log


def test_without_idle_new_mail_is_found_by_noop_polling(
    tmp_path: Path,
    dovecot_factory: Callable[..., DovecotServer],
    daemons: list[Daemon],
    proxies: list[TcpProxy],
) -> None:
    server = dovecot_factory(capabilities=NO_IDLE)
    user = server.add_user()
    user.append("Sent", [mails.request(1, NOW - dt.timedelta(days=1))])
    assert "IDLE: no (NOOP polling)" in check_mailbox(mailbox_settings(user)).found[0]
    proxy = proxy_to(proxies, user)
    db = tmp_path / "foibot.db"
    daemon = start(daemons, write_config(tmp_path, mailbox_toml("main", user, port=proxy.port)))
    assert wait_until(watching(db), 20), daemon.stop()[1]
    user.append("INBOX", [mails.acknowledgement(1, NOW)])
    assert wait_until(lambda: len(processed_ids(db)) == 2, 5), daemon.stop()[1]
    code, log = daemon.stop()
    assert code == 0, log
    assert commands(proxy.client_lines(), b"IDLE") == 0
    assert commands(proxy.client_lines(), b"NOOP") >= 2  # polled (every second with the test timings)
