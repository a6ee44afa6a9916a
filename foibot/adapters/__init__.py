"""Thin translations between the outside world (SQLite, IMAP, SMTP, Maildir, scheduler) and core values."""
