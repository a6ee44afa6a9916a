"""foibot.adapters.imap against a real Dovecot: login, TLS verification, folders, read-only reads."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from foibot.adapters import imap
from foibot.errors import MailboxError
from tests.servers.dovecot_server import DovecotServer, DovecotUser, free_port, mailbox_settings


def _mail(n: int, subject: str = "hello") -> bytes:
    return (
        f"From: a{n}@example.net\r\nTo: me@example.org\r\nSubject: {subject} {n}\r\n"
        f"Message-ID: <m{n}@example.net>\r\n\r\nbody {n}\r\n"
    ).encode()


def test_connect_and_find_special_folders(imap_user: DovecotUser) -> None:
    client = imap.connect(mailbox_settings(imap_user))
    try:
        assert imap.find_folder(client, "sent", None) == "Sent"
        assert imap.find_folder(client, "drafts", None) == "Drafts"
        assert imap.find_folder(client, "drafts", "INBOX") == "INBOX"
    finally:
        imap.close(client)


def test_configured_folder_that_does_not_exist_is_named(imap_user: DovecotUser) -> None:
    client = imap.connect(mailbox_settings(imap_user))
    try:
        with pytest.raises(MailboxError, match=r"'Sent Items' does not exist.*Folders: .*Sent"):
            imap.find_folder(client, "sent", "Sent Items")
    finally:
        imap.close(client)


def test_wrong_password_is_an_authentication_diagnosis(imap_user: DovecotUser) -> None:
    with pytest.raises(MailboxError, match="authentication failed"):
        imap.connect(mailbox_settings(imap_user, password="wrong"))


def test_nothing_listening_is_connection_refused(imap_user: DovecotUser) -> None:
    with pytest.raises(MailboxError, match="connection refused"):
        imap.connect(mailbox_settings(imap_user, port=free_port()))


def test_unresolvable_host_is_a_dns_diagnosis(imap_user: DovecotUser) -> None:
    with pytest.raises(MailboxError, match="cannot resolve host name"):
        imap.connect(mailbox_settings(imap_user, host="no-such-host.invalid", security="tls"))


def test_tls_certificate_is_verified(dovecot_tls: DovecotServer) -> None:
    user = dovecot_tls.add_user()
    assert dovecot_tls.tls is not None
    untrusted = mailbox_settings(user, port=dovecot_tls.tls_port, security="tls")
    with pytest.raises(MailboxError, match="TLS certificate not trusted"):
        imap.connect(untrusted)
    trusted = untrusted.model_copy(update={"tls_ca_file": dovecot_tls.tls.ca_file})
    imap.close(imap.connect(trusted))


def test_starttls_is_verified_too(dovecot_tls: DovecotServer) -> None:
    user = dovecot_tls.add_user()
    assert dovecot_tls.tls is not None
    settings = mailbox_settings(user, security="starttls")
    with pytest.raises(MailboxError, match="TLS certificate not trusted"):
        imap.connect(settings)
    imap.close(imap.connect(settings.model_copy(update={"tls_ca_file": dovecot_tls.tls.ca_file})))


def test_tls_against_a_plain_port_says_so(imap_user: DovecotUser) -> None:
    settings = mailbox_settings(imap_user).model_copy(update={"security": "tls"})
    with pytest.raises(MailboxError, match="TLS handshake failed"):
        imap.connect(settings)


def test_reading_never_sets_seen(imap_user: DovecotUser) -> None:
    imap_user.append("INBOX", [_mail(1), (_mail(2), [b"\\Seen"]), _mail(3)])
    before = imap_user.flags("INBOX")
    client = imap.connect(mailbox_settings(imap_user))
    try:
        imap.examine(client, "INBOX")
        uids = imap.uids_after(client, 0)
        headers = imap.fetch_headers(client, uids)
        bodies = imap.fetch_bodies(client, uids)
        pending = imap.start_header_fetch(client, uids[1:], internaldate=False)  # sent, read later
        ahead = pending.result()
        messages = imap.fetch_messages(client, uids)
    finally:
        imap.close(client)
    assert b"Subject: hello 1" in headers[uids[0]][0]
    assert bodies[uids[2]].endswith(b"body 3\r\n")
    assert ahead == {uid: (headers[uid][0], headers[uid][1], None) for uid in uids[1:]}
    assert {uid: raw for uid, (raw, _) in messages.items()} == bodies
    assert all(isinstance(when, dt.datetime) for _, when in messages.values())
    assert imap_user.flags("INBOX") == before
    assert before[uids[1]] == (b"\\Seen",) and before[uids[0]] == ()


def test_uids_after_skips_what_was_seen(imap_user: DovecotUser) -> None:
    imap_user.append("INBOX", [_mail(n) for n in range(3)])
    client = imap.connect(mailbox_settings(imap_user))
    try:
        imap.examine(client, "INBOX")
        everything = imap.uids_after(client, 0)
        assert imap.uids_after(client, everything[-1]) == []  # `n:*` would return the last UID
        assert imap.uids_after(client, everything[0]) == everything[1:]
    finally:
        imap.close(client)


def test_idle_wakes_on_new_mail(imap_user: DovecotUser) -> None:
    client = imap.connect(mailbox_settings(imap_user))
    imap.examine(client, "INBOX")
    threading.Timer(0.3, imap_user.append, args=("INBOX", [_mail(9)])).start()
    started = time.monotonic()
    imap.wait_for_change(client, lambda: False, renew_seconds=20, check_seconds=10, poll_seconds=1)
    assert time.monotonic() - started < 10  # woken by EXISTS, not by the renew timer
    imap.close(client)


def test_idle_reports_a_kick_as_connection_lost(dovecot_private: DovecotServer) -> None:
    user = dovecot_private.add_user()
    client = imap.connect(mailbox_settings(user))
    imap.examine(client, "INBOX")
    threading.Timer(0.3, dovecot_private.kick, args=(user.username,)).start()
    with pytest.raises(imap.ConnectionLost):
        imap.wait_for_change(client, lambda: False, renew_seconds=20, check_seconds=10, poll_seconds=1)


def test_idle_reports_a_dead_server_as_connection_lost(dovecot_private: DovecotServer) -> None:
    user = dovecot_private.add_user()
    client = imap.connect(mailbox_settings(user))
    imap.examine(client, "INBOX")
    killer = threading.Timer(0.3, dovecot_private.kill)
    killer.start()
    try:
        with pytest.raises(imap.ConnectionLost):
            imap.wait_for_change(client, lambda: False, renew_seconds=20, check_seconds=10, poll_seconds=1)
    finally:
        # The client sees EOF while kill() is still reaping: let it finish before the fixture stops
        # the same server (both would otherwise clear its process handle at once).
        killer.join()


def test_header_batches_from_dovecot_take_the_quick_path(imap_user: DovecotUser) -> None:
    imap_user.append("INBOX", [_mail(1), _mail(2), _mail(3)])
    quick_results: list[object] = []

    def recording(data: list[object], wanted: set[int]) -> imap.Headers | None:
        quick_results.append(result := imap._quick_headers(data, wanted))
        return result

    client = imap.connect(mailbox_settings(imap_user))
    try:
        imap.examine(client, "INBOX")
        uids = imap.uids_after(client, 0)
        items = ["RFC822.SIZE", imap._HEADER_ITEM]
        quick = imap.PendingFetch(client, uids, items, imap._headers_of, quick=recording).result()
        slow = imap.PendingFetch(client, uids, items, imap._headers_of).result()
    finally:
        imap.close(client)
    assert quick_results and quick_results[0] is not None  # Dovecot's shape was read directly
    assert quick == slow and set(quick) == set(uids)


HEAD = b"BODY[HEADER.FIELDS (SUBJECT FROM)]"


@pytest.mark.parametrize(
    "data",
    [
        [(b"1 (UID 7 RFC822.SIZE 90 " + HEAD + b" {9}", b"Subject: x"), b")"],
        [(b"1 (" + HEAD + b" {9}", b"Subject: x"), b" UID 7 RFC822.SIZE 90)"],
    ],
)
def test_quick_header_reader_takes_items_before_or_after_the_literal(data: list[object]) -> None:
    assert imap._quick_headers(data, {7}) == {7: (b"Subject: x", 90, None)}


@pytest.mark.parametrize(
    "data",
    [
        [b"1 (UID 7 RFC822.SIZE 90 " + HEAD + b' "")'],  # a quoted empty header: no literal
        [b"1 (UID 7 RFC822.SIZE 90 " + HEAD + b" NIL)"],
        [(b"1 (UID 7 RFC822.SIZE 90 " + HEAD + b" {9}", b"Subject: x"), b")", b"2 (FLAGS (\\Seen))"],
        [(b"1 (UID 8 RFC822.SIZE 90 " + HEAD + b" {9}", b"Subject: x"), b")"],  # a UID not asked for
        [(b"1 (RFC822.SIZE 90 " + HEAD + b" {9}", b"Subject: x"), b")"],  # no UID at all
    ],
)
def test_quick_header_reader_hands_anything_else_to_the_full_parser(data: list[object]) -> None:
    assert imap._quick_headers(data, {7}) is None
