"""foibot: keeps Freedom of Information requests alive by watching the requester's own mailbox."""

__version__ = "0.1.0"
