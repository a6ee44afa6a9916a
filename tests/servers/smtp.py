"""aiosmtpd SMTP sink fixture (filled in by the outbox work)."""
