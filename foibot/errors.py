"""The foibot error tree.

Domain code raises these; only the CLI (and the daemon's per-message boundary) translates them
for people. Each error's message is one line written for the user, never a traceback.
This is a leaf module: it imports nothing from foibot.
"""


class FoibotError(Exception):
    """Base of every error foibot raises on purpose."""

    exit_code = 1


class UsageError(FoibotError):
    """The user asked for something malformed: a bad date, an unknown regime, a bad ID."""

    exit_code = 2


class ConfigError(FoibotError):
    """The configuration file is missing, unreadable or invalid."""

    exit_code = 2


class NotFound(FoibotError):
    """A request, message or file named by the user does not exist."""

    exit_code = 2


class StoreError(FoibotError):
    """The database cannot be used (locked, read-only, newer schema, disk full)."""


class MailboxError(FoibotError):
    """An IMAP mailbox could not be reached or used."""


class DeliveryError(FoibotError):
    """Sending mail failed; `transient` failures are retried, permanent ones are not."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient
