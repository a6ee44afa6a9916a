"""Watching one IMAP folder for as long as the daemon runs (one thread, one connection each).

Loop: connect, catch up (sync_folder), wait for news (IDLE, or NOOP polling), repeat. A dropped
or hung connection, a wrong password, a missing folder: one log line with the diagnosis, then a
reconnect after an exponential backoff with jitter; everything that arrived meanwhile is
caught up by the UID cursor. `stop()` ends the loop at a message boundary; when the thread is
merely waiting, its socket is shut down so that it notices at once.
"""

from __future__ import annotations

import contextlib
import logging
import random
import socket
import threading
from dataclasses import dataclass

from imapclient import IMAPClient

from foibot.adapters import imap
from foibot.adapters.store import Store
from foibot.clock import Clock
from foibot.config import Settings
from foibot.errors import FoibotError
from foibot.service.sync import Ingest, WatchedFolder, resolve_folder, sync_folder

log = logging.getLogger(__name__)
# What ends a session with a dead connection (no LOGOUT then; reconnect after a backoff).
_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (imap.ConnectionLost, *imap.TRANSIENT_ERRORS)


@dataclass(frozen=True)
class WatchTiming:
    """How often to look at the stop flag, poll and retry. Tests shorten these.

    (How often IDLE is renewed is per mailbox: `idle_renew_seconds` in its settings.)
    """

    idle_check_seconds: float = 30.0
    poll_seconds: float = 30.0  # NOOP interval for servers without IDLE
    backoff_first_seconds: float = 2.0
    backoff_max_seconds: float = 300.0

    def backoff(self, attempt: int) -> float:
        """Exponential, capped, with jitter so that many clients do not retry in step."""
        ceiling = min(self.backoff_max_seconds, self.backoff_first_seconds * 2.0 ** min(attempt - 1, 16))
        jitter: float = random.uniform(0.5, 1.0)
        return ceiling * jitter


class FolderWatcher:
    """Keeps one folder of one mailbox processed; run() is the thread's body."""

    def __init__(
        self,
        watched: WatchedFolder,
        settings: Settings,
        ingest: Ingest,
        clock: Clock,
        timing: WatchTiming,
        *,
        wait_for: threading.Event | None = None,
    ) -> None:
        self.watched = watched
        self.settings = settings
        self.ingest = ingest
        self.clock = clock
        self.timing = timing
        self.first_pass_done = threading.Event()  # set after the first sync, or its failure
        self._wait_for = wait_for  # e.g. the Sent folder's first pass, before the inbox's
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._idle_client: IMAPClient | None = None
        self._attempt = 0  # consecutive failures, for the backoff

    @property
    def name(self) -> str:
        return self.watched.label

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            client = self._idle_client
        if client is not None:  # only ever while waiting, so no message is cut in half
            with contextlib.suppress(OSError):
                client.socket().shutdown(socket.SHUT_RDWR)

    def stopping(self) -> bool:
        return self._stopping.is_set()

    def run(self) -> None:
        while self._wait_for is not None and not self._wait_for.wait(0.2) and not self.stopping():
            pass
        with Store.open(self.settings.storage.path) as store:
            while not self.stopping():
                try:
                    self._session(store)
                except FoibotError as exc:  # wrong password, TLS, missing folder, locked store
                    self._failed(logging.ERROR, str(exc))
                except imap.ConnectionLost as exc:
                    self._failed(logging.WARNING, f"{self.name}: {self._describe_lost(exc)}")
                except imap.TRANSIENT_ERRORS as exc:
                    self._failed(logging.WARNING, f"{self.name}: {self._describe_lost(exc)}")
                self.first_pass_done.set()
        log.debug("%s: stopped", self.name)

    def _describe_lost(self, exc: BaseException) -> str:
        if isinstance(exc, TimeoutError) or isinstance(exc.__cause__, TimeoutError):  # hung server
            seconds = self.watched.mailbox.timeout_seconds
            return f"server stopped answering (no reply within {seconds:g} s)"
        if isinstance(exc, imap.ConnectionLost):
            return f"connection lost ({exc})"
        return f"connection lost ({type(exc).__name__}: {exc})"

    def _failed(self, level: int, message: str) -> None:
        if self.stopping():
            return
        self._attempt += 1
        delay = self.timing.backoff(self._attempt)
        log.log(level, "%s; retrying in %.1f s", message, delay)
        self._stopping.wait(delay)

    def _session(self, store: Store) -> None:
        client = imap.connect(self.watched.mailbox)
        broken = False
        try:
            folder = resolve_folder(client, self.watched)
            log.info("%s: watching %s", self.watched.mailbox.name, folder)
            while not self.stopping():
                sync_folder(
                    client,
                    store,
                    self.watched,
                    folder,
                    self.ingest,
                    self.settings,
                    now=self.clock.now(),
                    stop=self.stopping,
                )
                self.first_pass_done.set()
                if self._attempt:
                    log.info("%s: back in business", self.name)
                    self._attempt = 0
                self._wait(client)
        except _CONNECTION_ERRORS:
            broken = True
            raise
        finally:
            if broken:  # a LOGOUT would only wait out another timeout on a dead connection
                imap.drop(client)
            else:
                imap.close(client)

    def _wait(self, client: IMAPClient) -> None:
        with self._lock:
            if self.stopping():
                return
            self._idle_client = client
        try:
            imap.wait_for_change(
                client,
                self.stopping,
                renew_seconds=self.watched.mailbox.idle_renew_seconds,
                check_seconds=self.timing.idle_check_seconds,
                poll_seconds=self.timing.poll_seconds,
            )
        except imap.ConnectionLost:
            if not self.stopping():
                raise
        finally:
            with self._lock:
                self._idle_client = None
