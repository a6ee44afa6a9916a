"""Saving drafted replies into a mailbox's Drafts folder (IMAP APPEND with \\Draft).

Each draft carries `X-Foibot-Draft: <key>`, and the drafts table records what was appended
(folder, UID, sha256, size). A key is appended at most once: if the table knows it, or the folder
already holds a message with that header (a crash after APPEND), nothing is written. foibot never
replaces or deletes a draft, so one the user has edited - or deleted - is left as it is.
"""

from __future__ import annotations

import hashlib
import imaplib
import logging
import re
from collections.abc import Sequence

from imapclient.exceptions import IMAPClientError

from foibot.adapters.imap import close, connect, find_folder
from foibot.adapters.store import Store
from foibot.config import MailboxSettings
from foibot.errors import DeliveryError, MailboxError

log = logging.getLogger(__name__)

_APPENDUID = re.compile(rb"APPENDUID \d+ (\d+)")
_IMAP_ERRORS = (OSError, IMAPClientError, imaplib.IMAP4.error)


def recorded(store: Store, key: str) -> bool:
    return store.db.execute("SELECT 1 FROM drafts WHERE dedupe_key = ?", [key]).fetchone() is not None


def _record(store: Store, key: str, mailbox: str, folder: str, uid: int | None, raw: bytes) -> None:
    with store.transaction():
        store.db.execute(
            "INSERT OR IGNORE INTO drafts (dedupe_key, mailbox, folder, uid, sha256, size) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [key, mailbox, folder, uid, hashlib.sha256(raw).hexdigest(), len(raw)],
        )


class ImapDraftSaver:
    """The real DraftSaver: appends to the Drafts folder of the named [[mailbox]]."""

    def __init__(self, mailboxes: Sequence[MailboxSettings], store: Store) -> None:
        self._mailboxes = {m.name: m for m in mailboxes}
        self._store = store

    def save(self, mailbox: str, raw: bytes, key: str) -> None:
        settings = self._mailboxes.get(mailbox)
        if settings is None:
            raise DeliveryError(
                f"draft {key}: no [[mailbox]] named {mailbox!r} in the config", transient=False
            )
        if recorded(self._store, key):
            log.info("draft %s was saved before; leaving it alone", key)
            return
        try:
            client = connect(settings)
        except MailboxError as exc:
            raise DeliveryError(f"cannot save draft: {exc}", transient=True) from None
        try:
            folder = find_folder(client, "drafts", settings.drafts_folder)
            client.select_folder(folder, readonly=True)
            existing = client.search(["HEADER", "X-Foibot-Draft", key])
            if existing:
                log.info("draft %s is already in %s (uid %s)", key, folder, existing[0])
                _record(self._store, key, mailbox, folder, int(existing[0]), raw)
                return
            response = client.append(folder, raw, flags=[b"\\Draft", b"\\Seen"])
            found = _APPENDUID.search(response if isinstance(response, bytes) else b"")
            _record(self._store, key, mailbox, folder, int(found.group(1)) if found else None, raw)
            log.info("saved draft %s in %s/%s", key, mailbox, folder)
        except MailboxError as exc:
            raise DeliveryError(f"cannot save draft: {exc}", transient=False) from None
        except _IMAP_ERRORS as exc:
            raise DeliveryError(f"cannot save draft in {mailbox}: {exc}", transient=True) from None
        finally:
            close(client)
