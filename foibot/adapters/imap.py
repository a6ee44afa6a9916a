"""IMAP access: connecting and logging in, finding folders, reading a folder without changing it.

Thin wrapper over imapclient. Every connection has a socket timeout (a half-dead TCP connection
otherwise hangs forever); folders are only EXAMINEd and bodies only fetched with BODY.PEEK, so
the user's \\Seen flags never change. Failures to connect become one-line MailboxError
diagnoses; a connection lost later raises ConnectionLost so the watcher can reconnect.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import logging
import re
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Sequence
from typing import Any, Generic, Literal, TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError
from imapclient.imapclient import DRAFTS, SENT, SocketTimeout, join_message_ids, seq_to_parenstr_upper
from imapclient.response_parser import parse_fetch_response

from foibot import __version__
from foibot.config import MailboxSettings
from foibot.errors import MailboxError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 15.0
# Headers the cheap first pass reads to decide whether a message deserves a full fetch.
FILTER_HEADERS = (
    "MESSAGE-ID IN-REPLY-TO REFERENCES SUBJECT FROM TO CC DATE AUTO-SUBMITTED PRECEDENCE "
    "X-AUTOREPLY X-AUTORESPOND X-FAILED-RECIPIENTS X-MS-EXCHANGE-MESSAGE-IS-NDR CONTENT-TYPE RETURN-PATH"
)
_HEADER_ITEM = f"BODY.PEEK[HEADER.FIELDS ({FILTER_HEADERS})]"
_SPECIAL_USE = {"sent": SENT, "drafts": DRAFTS}
# Transport failures after a successful login: the watcher reconnects on these.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (IMAPClientError, imaplib.IMAP4.error, OSError)
T = TypeVar("T")
Headers = dict[int, tuple[bytes, int, dt.datetime | None]]  # UID -> (filter headers, size, INTERNALDATE)


class ConnectionLost(Exception):
    """The server went away (EOF, BYE, hang); reconnect and catch up."""


def connect(mailbox: MailboxSettings) -> IMAPClient:
    """A logged-in IMAPClient for `mailbox`; MailboxError with a diagnosis when that fails."""
    where = f"mailbox {mailbox.name!r} ({mailbox.host}:{mailbox.port})"
    context = _ssl_context(mailbox) if mailbox.security != "none" else None
    timeout = SocketTimeout(
        connect=min(CONNECT_TIMEOUT, mailbox.timeout_seconds), read=mailbox.timeout_seconds
    )
    try:
        client = IMAPClient(
            mailbox.host, mailbox.port, ssl=mailbox.security == "tls", ssl_context=context, timeout=timeout
        )
    except (OSError, IMAPClientError, imaplib.IMAP4.error) as exc:
        raise MailboxError(f"{where}: {describe_connect_error(exc, mailbox)}") from None
    client.normalise_times = False  # keep INTERNALDATE's own offset: aware datetimes
    try:
        if mailbox.security == "starttls":
            if not client.has_capability("STARTTLS"):
                raise MailboxError(f"{where}: the server does not offer STARTTLS; use security = 'tls'")
            client.starttls(context)
        _login(client, mailbox, where)
        if client.has_capability("ID"):
            client.id_({"name": "foibot", "version": __version__})
    except MailboxError:
        _close_quietly(client)
        raise
    except (OSError, IMAPClientError, imaplib.IMAP4.error) as exc:
        _close_quietly(client)
        raise MailboxError(f"{where}: {describe_connect_error(exc, mailbox)}") from None
    return client


def _ssl_context(mailbox: MailboxSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()  # verifies the certificate and the host name
    if mailbox.tls_ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(mailbox.tls_ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise MailboxError(
                f"mailbox {mailbox.name!r}: tls_ca_file {mailbox.tls_ca_file}: {exc}"
            ) from None
    return context


def _login(client: IMAPClient, mailbox: MailboxSettings, where: str) -> None:
    if mailbox.oauth2_token_command:
        try:
            client.oauth2_login(mailbox.username, _oauth2_token(mailbox))
        except LoginError:
            raise MailboxError(
                f"{where}: authentication failed for {mailbox.username!r} with the token from "
                "oauth2_token_command (expired or revoked, another account's, or without the IMAP scope)"
            ) from None
        return
    try:
        password = mailbox.resolve_password()
        if password is None:
            raise MailboxError(
                f"{where}: no password (set password_file, password_env or oauth2_token_command)"
            )
        client.login(mailbox.username, password)
    except LoginError:
        raise MailboxError(
            f"{where}: authentication failed for {mailbox.username!r} (wrong user name or password; "
            "Gmail and Microsoft 365 need an app password or OAuth2)"
        ) from None


def _oauth2_token(mailbox: MailboxSettings) -> str:
    assert mailbox.oauth2_token_command is not None
    try:
        done = subprocess.run(
            mailbox.oauth2_token_command, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MailboxError(f"mailbox {mailbox.name!r}: oauth2_token_command failed: {exc}") from None
    token = done.stdout.strip()
    if done.returncode != 0 or not token:
        raise MailboxError(
            f"mailbox {mailbox.name!r}: oauth2_token_command exited with {done.returncode} and no token"
        )
    return token


def describe_connect_error(exc: BaseException, mailbox: MailboxSettings) -> str:
    """One line saying what went wrong, in words a user can act on."""
    return describe_network_error(
        exc, host=mailbox.host, port=mailbox.port, security=mailbox.security, timeout=mailbox.timeout_seconds
    )


def describe_network_error(exc: BaseException, *, host: str, port: int, security: str, timeout: float) -> str:
    """DNS, refused, TLS certificate, TLS handshake, timeout - as one actionable line."""
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve host name {host!r} (DNS: {exc.strerror})"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"TLS certificate not trusted ({exc.verify_message}); "
            "fix the host name, or set tls_ca_file for a private CA"
        )
    if isinstance(exc, ssl.SSLError):
        return f"TLS handshake failed ({exc.reason}); is security = {security!r} right for this port?"
    if isinstance(exc, ConnectionRefusedError):
        return f"connection refused: nothing listens on port {port}"
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s (firewall, wrong port or server down)"
    if isinstance(exc, OSError):
        return f"cannot connect: {exc.strerror or exc}"
    return f"IMAP error: {exc}"


def _close_quietly(client: IMAPClient) -> None:
    try:
        client.logout()
    except (OSError, IMAPClientError, imaplib.IMAP4.error):
        with contextlib.suppress(OSError, IMAPClientError, imaplib.IMAP4.error):
            client.shutdown()


def close(client: IMAPClient) -> None:
    """Log out, ignoring a connection that is already gone."""
    _close_quietly(client)


def drop(client: IMAPClient) -> None:
    """Close the socket of a dead or hung connection without a LOGOUT round trip."""
    with contextlib.suppress(OSError, IMAPClientError, imaplib.IMAP4.error):
        client.shutdown()


def find_folder(client: IMAPClient, role: Literal["sent", "drafts"], configured: str | None) -> str:
    """The Sent or Drafts folder: the configured name (checked), else SPECIAL-USE, else common names."""
    if configured is not None:
        require_folder(client, configured)
        return configured
    found: str | None = client.find_special_folder(_SPECIAL_USE[role])
    if found is None:
        raise MailboxError(
            f"no {role} folder found (no SPECIAL-USE {_SPECIAL_USE[role].decode()} and no usual name); "
            f"set {role}_folder in the [[mailbox]] section. Folders: {', '.join(list_folders(client))}"
        )
    return found


def require_folder(client: IMAPClient, folder: str) -> None:
    if not client.folder_exists(folder):
        raise MailboxError(f"folder {folder!r} does not exist. Folders: {', '.join(list_folders(client))}")


def list_folders(client: IMAPClient) -> list[str]:
    return [str(name) for _flags, _delimiter, name in client.list_folders()]


# -- reading a folder ----------------------------------------------------------------------


def examine(client: IMAPClient, folder: str) -> int:
    """Select `folder` read-only (EXAMINE, so nothing can set \\Seen); returns its UIDVALIDITY."""
    selected = client.select_folder(folder, readonly=True)
    return int(selected[b"UIDVALIDITY"])


def uids_after(client: IMAPClient, last_uid: int) -> list[int]:
    """UIDs above `last_uid`, ascending (`n:*` also returns the highest UID when it is below n)."""
    return sorted(uid for uid in client.search(["UID", f"{last_uid + 1}:*"]) if uid > last_uid)


def uids_since(client: IMAPClient, since: dt.date) -> list[int]:
    return sorted(client.search(["SINCE", since]))


def fetch_headers(client: IMAPClient, uids: Sequence[int], *, internaldate: bool = True) -> Headers:
    """UID -> (filter headers, RFC822.SIZE, INTERNALDATE); expunged UIDs are simply absent.

    `internaldate=False` leaves the date None: parsing 20,000 dates is a fair share of a first
    scan, and only the few messages fetched in full need theirs (`fetch_messages`).
    """
    return start_header_fetch(client, uids, internaldate=internaldate).result()


def start_header_fetch(
    client: IMAPClient, uids: Sequence[int], *, internaldate: bool = True
) -> PendingFetch[Headers]:
    """`fetch_headers`, sent now and read by `.result()`: the server works while the caller does."""
    if internaldate:
        return PendingFetch(client, uids, ["RFC822.SIZE", "INTERNALDATE", _HEADER_ITEM], _headers_of)
    return PendingFetch(client, uids, ["RFC822.SIZE", _HEADER_ITEM], _headers_of, quick=_quick_headers)


def _headers_of(response: dict[int, dict[bytes, Any]]) -> Headers:
    result: Headers = {}
    for uid, item in response.items():
        # The key echo drops .PEEK and some servers re-quote the field list: match by prefix.
        header = next((v for k, v in item.items() if k.startswith(b"BODY[HEADER")), b"") or b""
        result[int(uid)] = (bytes(header), int(item.get(b"RFC822.SIZE", 0)), item.get(b"INTERNALDATE"))
    return result


# One message of a header batch as imaplib hands it over: the text up to the literal's size, the
# literal, then the rest (")" or the items the server put after the literal).
_QUICK_PREFIX = re.compile(
    rb"(\d+) \(((?:UID \d+|RFC822\.SIZE \d+| )*)BODY\[HEADER\.FIELDS \([^)]*\)\] \{\d+\}"
)
_QUICK_REST = re.compile(rb"((?: UID \d+| RFC822\.SIZE \d+)*)\)")
_QUICK_UID = re.compile(rb"UID (\d+)")
_QUICK_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def _quick_headers(data: list[Any], wanted: set[int]) -> Headers | None:
    """The header batch read straight from imaplib's pieces, or None if it has any other shape.

    imapclient's general response parser is most of a first scan's time; a header batch from a
    mainstream server is always the same few items, so it is read here with three patterns.
    Anything unexpected (a NIL header, a quoted string, an unsolicited FLAGS update) returns
    None, and the caller falls back to the general parser.
    """
    result: Headers = {}
    pieces = iter(data)
    for piece in pieces:
        if not isinstance(piece, tuple) or len(piece) != 2:
            return None
        head = _QUICK_PREFIX.fullmatch(piece[0])
        rest = _QUICK_REST.fullmatch(next(pieces, b"") or b"")
        if head is None or rest is None:
            return None
        items = head[2] + rest[1]
        uid, size = _QUICK_UID.search(items), _QUICK_SIZE.search(items)
        if uid is None or size is None or int(uid[1]) not in wanted:
            return None
        result[int(uid[1])] = (bytes(piece[1]), int(size[1]), None)
    return result


class PendingFetch(Generic[T]):
    """A UID FETCH sent to the server and not yet read (imapclient's `fetch`, cut in two halves).

    Why: on a first scan the client would otherwise wait for every batch of headers, then the
    server would wait while the client works on it. Nothing else may be sent on the connection
    until `result()` has been called (IMAP answers in order; imaplib reads one command at a time).
    """

    def __init__(
        self,
        client: IMAPClient,
        uids: Sequence[int],
        items: Sequence[str],
        convert: Callable[[dict[int, dict[bytes, Any]]], T],
        *,
        quick: Callable[[list[Any], set[int]], T | None] | None = None,
    ) -> None:
        self._client = client
        self._uids = list(uids)
        self._convert = convert
        self._quick = quick
        self._tag = client._imap._command(
            "UID", "FETCH", join_message_ids(self._uids), seq_to_parenstr_upper(items)
        )

    def result(self) -> T:
        """Read the answer (a transport error surfaces here, as from `client.fetch`)."""
        imap4 = self._client._imap
        typ, data = imap4._command_complete("FETCH", self._tag)
        self._client._checkok("fetch", typ, data)
        typ, data = imap4._untagged_response(typ, data, "FETCH")
        wanted = set(self._uids)  # unsolicited FETCH responses (flag changes) are dropped
        if self._quick is not None and data != [None]:
            quick = self._quick(data, wanted)
            if quick is not None:
                return quick
        response = parse_fetch_response(data, self._client.normalise_times, True)
        return self._convert({uid: item for uid, item in response.items() if uid in wanted})


def fetch_messages(
    client: IMAPClient, uids: Sequence[int], *, max_bytes: int | None = None
) -> dict[int, tuple[bytes, dt.datetime | None]]:
    """UID -> (the message, or its first `max_bytes`; INTERNALDATE), with BODY.PEEK (never \\Seen)."""
    item_name = "BODY.PEEK[]" if max_bytes is None else f"BODY.PEEK[]<0.{max_bytes}>"
    result: dict[int, tuple[bytes, dt.datetime | None]] = {}
    for uid, item in client.fetch(list(uids), [item_name, "INTERNALDATE"]).items():
        body = next((v for k, v in item.items() if k.startswith(b"BODY[]")), None)
        if body is not None:
            result[int(uid)] = (bytes(body), item.get(b"INTERNALDATE"))
    return result


def fetch_bodies(
    client: IMAPClient, uids: Sequence[int], *, max_bytes: int | None = None
) -> dict[int, bytes]:
    """UID -> the message (its first `max_bytes` if given), read with BODY.PEEK (never sets \\Seen)."""
    item_name = "BODY.PEEK[]" if max_bytes is None else f"BODY.PEEK[]<0.{max_bytes}>"
    result: dict[int, bytes] = {}
    for uid, item in client.fetch(list(uids), [item_name]).items():
        body = next((v for k, v in item.items() if k.startswith(b"BODY[]")), None)
        if body is not None:
            result[int(uid)] = bytes(body)
    return result


# -- waiting for news ----------------------------------------------------------------------

_NEWS = (b"EXISTS", b"EXPUNGE", b"FETCH", b"VANISHED")


def wait_for_change(
    client: IMAPClient,
    stop: Callable[[], bool],
    *,
    renew_seconds: float,
    check_seconds: float,
    poll_seconds: float,
) -> None:
    """Block until the selected folder may have news, `renew_seconds` pass, or `stop()` is true.

    Uses IDLE where offered (re-issued after `renew_seconds`, well inside the 29-minute limit),
    NOOP polling otherwise. Raises ConnectionLost on EOF, BYE or a hung server.
    """
    try:
        if client.has_capability("IDLE"):
            _idle(client, stop, renew_seconds, check_seconds)
        else:
            _poll(client, stop, renew_seconds, poll_seconds)
    except ConnectionLost:
        raise
    except TRANSIENT_ERRORS as exc:
        raise ConnectionLost(f"{type(exc).__name__}: {exc}") from exc


def _idle(client: IMAPClient, stop: Callable[[], bool], renew: float, check: float) -> None:
    client.idle()
    started = time.monotonic()
    try:
        while not stop() and time.monotonic() - started < renew:
            asked = min(check, max(0.1, renew - (time.monotonic() - started)))
            before = time.monotonic()
            responses = client.idle_check(timeout=asked)
            # idle_check returns [] both on timeout and on EOF: an early [] means EOF.
            if not responses and time.monotonic() - before < asked * 0.8:
                raise ConnectionLost("connection closed by the server (EOF)")
            if any(r and r[0] == b"BYE" for r in responses):
                raise ConnectionLost("server said BYE")
            if any(len(r) > 1 and r[1] in _NEWS for r in responses):
                return
    finally:
        try:
            client.idle_done()  # a hung server raises here, through the socket timeout
        except TRANSIENT_ERRORS as exc:
            raise ConnectionLost(f"IDLE ended badly: {type(exc).__name__}: {exc}") from exc


def _poll(client: IMAPClient, stop: Callable[[], bool], renew: float, poll: float) -> None:
    started = time.monotonic()
    while not stop() and time.monotonic() - started < renew:
        _text, responses = client.noop()
        if any(r and r[0] == b"BYE" for r in responses):
            raise ConnectionLost("server said BYE")
        if any(len(r) > 1 and r[1] in _NEWS for r in responses):
            return
        _sleep_unless(stop, poll)


def _sleep_unless(stop: Callable[[], bool], seconds: float) -> None:
    end = time.monotonic() + seconds
    while not stop() and time.monotonic() < end:
        time.sleep(min(0.2, max(0.0, end - time.monotonic())))
