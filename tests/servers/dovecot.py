"""Dovecot IMAP test server fixture (filled in by the watcher work)."""
