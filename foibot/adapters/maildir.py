"""MaildirSource: read the messages of a local Maildir (the second real mailbox backend).

A Maildir holds one file per message; Maildir++ sub-folders are `.Name` directories beside
`cur/new/tmp`. Each message gets the identity the store keys processed mail on:
- `key`: the Maildir unique name (the file name without `:2,<flags>`), which never changes
  when the message is read, flagged or moved from new/ to cur/;
- `uid`: a number derived from that key, so the same file always has the same uid;
- `delivered_at`: the delivery time written at the start of the unique name by every
  Maildir-delivering agent; the file's mtime only when the name does not carry one
  (a git checkout or a copy resets mtimes, the name survives both).
Reading never changes the Maildir (no moving new/ -> cur/, no flags). The directories are
scanned directly: stdlib `mailbox.Maildir` exposes neither a message's path nor its delivery
time (its `get_date()` is the mtime), and it would move nothing we need.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from foibot.errors import MailboxError

INBOX = "INBOX"
# Keys are permanent in a Maildir, so the "generation" of uids never changes.
UIDVALIDITY = 1
_DELIVERY_SECONDS = re.compile(r"^(\d{9,11})\.")


@dataclass(frozen=True, slots=True)
class MaildirMessage:
    """One message file, with a stable identity and its delivery time."""

    key: str
    folder: str
    uid: int
    delivered_at: dt.datetime  # timezone-aware, UTC
    path: Path

    def read(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise MailboxError(f"cannot read {self.path}: {exc.strerror}") from None


def uid_for(key: str) -> int:
    """A stable positive 62-bit number for a Maildir key (collisions are negligible)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") >> 2


class MaildirSource:
    """The folders and messages of one Maildir (`root` holds cur/ new/ tmp/)."""

    def __init__(self, root: Path) -> None:
        _require_maildir(root)
        self.root = root

    def folders(self) -> list[str]:
        """INBOX first, then the Maildir++ sub-folders (`.Sent` -> "Sent") by name."""
        subfolders = sorted(
            entry.name[1:]
            for entry in self.root.iterdir()
            if entry.name.startswith(".") and len(entry.name) > 1 and entry.is_dir()
        )
        return [INBOX, *subfolders]

    def messages(self, folder: str = INBOX) -> list[MaildirMessage]:
        """Every message of `folder`, oldest delivery first (ties by key, so the order is stable)."""
        path = self._folder_path(folder)
        found = []
        for subdir in ("new", "cur"):
            for entry in sorted((path / subdir).iterdir()):
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                key = entry.name.split(":", 1)[0]
                found.append(MaildirMessage(key, folder, uid_for(key), _delivery_time(key, entry), entry))
        return sorted(found, key=lambda message: (message.delivered_at, message.key))

    def _folder_path(self, folder: str) -> Path:
        if folder == INBOX:
            return self.root
        path = self.root / f".{folder}"
        if folder.startswith(".") or "/" in folder or not path.is_dir():
            raise MailboxError(f"{self.root}: no Maildir folder {folder!r}")
        _require_maildir(path)
        return path


def _require_maildir(path: Path) -> None:
    if not path.is_dir():
        raise MailboxError(f"{path}: no such Maildir directory")
    missing = [name + "/" for name in ("cur", "new") if not (path / name).is_dir()]
    if missing:
        raise MailboxError(f"{path} is not a Maildir (no {' or '.join(missing)} directory)")


def _delivery_time(key: str, path: Path) -> dt.datetime:
    match = _DELIVERY_SECONDS.match(key)
    if match:
        return dt.datetime.fromtimestamp(int(match.group(1)), dt.UTC)
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError as exc:
        raise MailboxError(f"cannot read {path}: {exc.strerror}") from None
