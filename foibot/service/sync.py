"""Bringing one IMAP folder up to date, exactly once.

Progress is (mailbox, folder, UIDVALIDITY, last UID) in the store, committed in the same
transaction as the message's effects, so a crash or a dropped connection can neither lose nor
repeat a message. A first scan (or a changed UIDVALIDITY) reads only the last `lookback_days`;
Message-ID deduplication in ingest makes a UIDVALIDITY resync safe. Headers are fetched in
batches and filtered cheaply (foibot.core.prefilter); only candidates are fetched in full.
Skipped messages need no row: the progress UID moves past them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from imapclient import IMAPClient

from foibot.adapters import imap
from foibot.adapters.store import Store
from foibot.config import MailboxSettings, Settings
from foibot.core.prefilter import Known, is_candidate
from foibot.errors import MailboxError
from foibot.service.ingest import IngestResult, MessageSource

log = logging.getLogger(__name__)

HEADER_BATCH = 500
HEADERS_AHEAD = 2  # header batches read or asked for before they are needed (see _Reader)
BODY_BATCH = 100
BODY_BATCH_BYTES = 16 * 1024 * 1024  # bounds memory: a batch of bodies is held at once
MAX_MESSAGE_BYTES = 25 * 1024 * 1024  # larger messages: only their start is read (headers + text)
Role = Literal["inbox", "sent"]


class Ingest(Protocol):
    """Takes in one message inside the caller's transaction (Pipeline.ingest)."""

    def __call__(self, store: Store, raw: bytes, source: MessageSource) -> IngestResult: ...


class Progress(Protocol):
    """Where a long scan reports how far it is (a terminal bar, or log lines)."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, count: int) -> None: ...
    def finish(self) -> None: ...


class LogProgress:
    """Plain progress lines in the log, about every tenth of the way (for journald, pipes)."""

    def __init__(self) -> None:
        self._label, self._total, self._done, self._next = "", 0, 0, 0

    def start(self, label: str, total: int) -> None:
        self._label, self._total, self._done = label, total, 0
        self._next = max(1, total // 10)
        if total > HEADER_BATCH:
            log.info("%s: %d messages to look at", label, total)

    def advance(self, count: int) -> None:
        self._done += count
        if self._total > HEADER_BATCH and self._done >= self._next:
            log.info("%s: %d/%d", self._label, self._done, self._total)
            self._next += max(1, self._total // 10)

    def finish(self) -> None:
        pass


@dataclass(frozen=True)
class WatchedFolder:
    mailbox: MailboxSettings
    folder: str | None  # None: the Sent folder, found on the server (SPECIAL-USE)
    role: Role

    @property
    def label(self) -> str:
        return f"{self.mailbox.name}/{self.folder or 'Sent'}"


@dataclass
class FolderReport:
    mailbox: str
    folder: str
    examined: int = 0
    candidates: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    resynced: bool = False  # UIDVALIDITY changed (or first scan)
    stopped: bool = False


def watched_folders(mailbox: MailboxSettings) -> list[WatchedFolder]:
    """The Sent folder first (requests must be known before their replies), then the others."""
    sent = WatchedFolder(mailbox, mailbox.sent_folder, "sent")
    others = [
        WatchedFolder(mailbox, name, "inbox") for name in mailbox.folders if name != mailbox.sent_folder
    ]
    return [sent, *others]


def resolve_folder(client: IMAPClient, watched: WatchedFolder) -> str:
    """The folder's name on the server; MailboxError naming the mailbox if it is missing."""
    try:
        if watched.role == "sent":
            return imap.find_folder(client, "sent", watched.folder)
        assert watched.folder is not None
        imap.require_folder(client, watched.folder)
        return watched.folder
    except MailboxError as exc:
        raise MailboxError(f"mailbox {watched.mailbox.name!r}: {exc}") from None


def known_to_store(store: Store, settings: Settings) -> Known:
    """What the pre-filter needs from the store and the configuration."""
    db = store.db
    message_ids = {
        str(row[0])
        for query in (
            "SELECT message_id FROM messages WHERE message_id IS NOT NULL",
            "SELECT message_id FROM requests WHERE message_id IS NOT NULL",
            "SELECT message_id FROM outbox WHERE message_id IS NOT NULL",
        )
        for row in db.execute(query).fetchall()
    }
    requests = db.execute("SELECT authority_email, subject_key FROM requests WHERE tracked = 1").fetchall()
    domains = {str(email).rpartition("@")[2].lower() for email, _key in requests if email}
    owners = {m.owner_address.rpartition("@")[2] for m in settings.mailboxes if m.owner_address}
    return Known(
        authority_domains=frozenset(domains | set(settings.policy.authority_domains)),
        message_ids=frozenset(message_ids),
        subject_keys=frozenset(str(key) for _email, key in requests if key),
        owner_domains=frozenset(owners),
    )


def sync_folder(
    client: IMAPClient,
    store: Store,
    watched: WatchedFolder,
    folder: str,
    ingest: Ingest,
    settings: Settings,
    *,
    now: dt.datetime,
    stop: Callable[[], bool] = lambda: False,
    progress: Progress | None = None,
) -> FolderReport:
    """Process everything new in `folder`; returns early (at a message boundary) when `stop()`."""
    mailbox = watched.mailbox
    report = FolderReport(mailbox.name, folder)
    uidvalidity = imap.examine(client, folder)
    known_uidvalidity, last_uid = store.sync_state(mailbox.name, folder)
    if known_uidvalidity == uidvalidity:
        uids = imap.uids_after(client, last_uid)
        end_uid = uids[-1] if uids else last_uid
    else:
        if known_uidvalidity is not None:
            log.warning(
                "%s: UIDVALIDITY changed (%s -> %s): rescanning the last %d days, duplicates are skipped",
                watched.label,
                known_uidvalidity,
                uidvalidity,
                mailbox.lookback_days,
            )
        report.resynced = True
        everything = imap.uids_after(client, 0)
        since = (now - dt.timedelta(days=mailbox.lookback_days)).date()
        uids = imap.uids_since(client, since) if everything else []
        end_uid = everything[-1] if everything else 0
    sink = progress or LogProgress()
    sink.start(f"{mailbox.name}/{folder}", len(uids))
    try:
        position = _process(
            client, store, watched, folder, uidvalidity, uids, ingest, settings, now, stop, report, sink
        )
    finally:
        sink.finish()
    if report.stopped:
        return report
    if end_uid > position or known_uidvalidity != uidvalidity:
        with store.transaction():
            store.set_sync_state(mailbox.name, folder, uidvalidity, max(end_uid, position))
    if report.candidates or report.resynced:
        log.info(
            "%s/%s: %d looked at, %d fetched: %s",
            mailbox.name,
            folder,
            report.examined,
            report.candidates,
            ", ".join(f"{n} {status}" for status, n in sorted(report.outcomes.items())) or "nothing new",
        )
    return report


def _process(
    client: IMAPClient,
    store: Store,
    watched: WatchedFolder,
    folder: str,
    uidvalidity: int,
    uids: Sequence[int],
    ingest: Ingest,
    settings: Settings,
    now: dt.datetime,
    stop: Callable[[], bool],
    report: FolderReport,
    progress: Progress,
) -> int:
    """Returns the highest UID whose progress was committed."""
    mailbox = watched.mailbox.name
    position = 0
    with _Reader(client, [uids[i : i + HEADER_BATCH] for i in range(0, len(uids), HEADER_BATCH)]) as reader:
        for chunk, headers in reader.header_batches():
            if stop():
                report.stopped = True
                return position
            known = known_to_store(store, settings)  # refreshed: the scan itself discovers requests
            wanted = [
                uid for uid in chunk if uid in headers and is_candidate(headers[uid][0], watched.role, known)
            ]
            report.examined += len(chunk)
            report.candidates += len(wanted)
            sizes = {uid: headers[uid][1] for uid in wanted}
            for group in _body_groups(wanted, sizes):
                messages = reader.messages(group, sizes)
                # One commit per group, not per message (fsyncs dominate otherwise); still atomic:
                # each message's effects and the cursor past it are in the same transaction.
                with store.transaction():
                    for uid in group:
                        if stop():
                            report.stopped = True
                            break
                        fetched = messages.pop(uid, None)
                        if fetched is not None:  # None: expunged meanwhile
                            raw, delivered_at = fetched
                            delivered = _aware(delivered_at, now)
                            source = MessageSource(mailbox, folder, watched.role, uidvalidity, uid, delivered)
                            report.outcomes[ingest(store, raw, source).status] += 1
                        store.set_sync_state(mailbox, folder, uidvalidity, uid)
                        position = uid
                if report.stopped:
                    return position
            if chunk[-1] > position:
                with store.transaction():
                    store.set_sync_state(mailbox, folder, uidvalidity, chunk[-1])
                position = chunk[-1]
            progress.advance(len(chunk))
    return position


Messages = dict[int, tuple[bytes, dt.datetime | None]]  # UID -> (message, INTERNALDATE)


class _Reader:
    """A folder's headers, asked for a batch or two before they are needed; and its messages.

    Why: fetching headers is about half waiting for the server. With the next batch's FETCH
    sent before this one is filtered and ingested, the server prepares it meanwhile. At most
    one command is in flight (IMAP answers in order), and it is read before any other is sent.
    """

    def __init__(self, client: IMAPClient, chunks: Sequence[Sequence[int]]) -> None:
        self._client = client
        self._chunks = chunks
        self._asked = 0  # chunks whose FETCH was sent
        self._pending: imap.PendingFetch[imap.Headers] | None = None
        self._ready: deque[imap.Headers] = deque()  # read, not yet handed out

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """Read what is still in flight, so the connection can be used again."""
        if kind is None:
            self._settle()
            return
        with contextlib.suppress(*imap.TRANSIENT_ERRORS):  # the first error is the one to report
            self._settle()

    def header_batches(self) -> Iterator[tuple[Sequence[int], imap.Headers]]:
        for chunk in self._chunks:
            if not self._ready:
                self._ask()
                self._settle()
            headers = self._ready.popleft()
            self._ask()  # the server prepares the next batch while this one is filtered
            yield chunk, headers

    def messages(self, uids: Sequence[int], sizes: Mapping[int, int]) -> Messages:
        """The messages (only the start of oversized ones), with their delivery times."""
        self._settle()
        small = [uid for uid in uids if sizes.get(uid, 0) <= MAX_MESSAGE_BYTES]
        messages = imap.fetch_messages(self._client, small) if small else {}
        if len(small) < len(uids):
            big = [uid for uid in uids if uid not in small]
            messages.update(imap.fetch_messages(self._client, big, max_bytes=MAX_MESSAGE_BYTES))
        self._ask()  # ... and the one after while these are ingested
        return messages

    def _ask(self) -> None:
        if self._pending is None and self._asked < len(self._chunks) and len(self._ready) < HEADERS_AHEAD:
            chunk = self._chunks[self._asked]
            self._pending = imap.start_header_fetch(self._client, chunk, internaldate=False)
            self._asked += 1

    def _settle(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._ready.append(pending.result())


def _body_groups(uids: Sequence[int], sizes: dict[int, int]) -> Iterator[list[int]]:
    """Consecutive groups of at most BODY_BATCH messages and about BODY_BATCH_BYTES."""
    group: list[int] = []
    total = 0
    for uid in uids:
        size = min(sizes.get(uid, 0), MAX_MESSAGE_BYTES)
        if group and (len(group) >= BODY_BATCH or total + size > BODY_BATCH_BYTES):
            yield group
            group, total = [], 0
        group.append(uid)
        total += size
    if group:
        yield group


def _aware(value: dt.datetime | None, fallback: dt.datetime) -> dt.datetime:
    if value is None:
        return fallback
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


# -- one pass over every mailbox (`foibot scan --once`) ------------------------------------


@dataclass
class MailboxReport:
    mailbox: str
    folders: list[FolderReport] = field(default_factory=list)
    error: str | None = None


def scan_mailbox(
    mailbox: MailboxSettings,
    store: Store,
    ingest: Ingest,
    settings: Settings,
    *,
    now: Callable[[], dt.datetime],
    stop: Callable[[], bool] = lambda: False,
    progress: Progress | None = None,
) -> MailboxReport:
    """One connection, every watched folder in turn (Sent first). Failures become `error`."""
    report = MailboxReport(mailbox.name)
    try:
        client = imap.connect(mailbox)
    except MailboxError as exc:
        report.error = str(exc)
        return report
    try:
        for watched in watched_folders(mailbox):
            if stop():
                break
            folder = resolve_folder(client, watched)
            report.folders.append(
                sync_folder(
                    client, store, watched, folder, ingest, settings, now=now(), stop=stop, progress=progress
                )
            )
    except MailboxError as exc:
        report.error = str(exc)
    except imap.TRANSIENT_ERRORS as exc:
        report.error = f"mailbox {mailbox.name!r}: connection lost ({type(exc).__name__}: {exc})"
    finally:
        imap.close(client)
    return report
