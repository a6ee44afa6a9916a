"""The database schema, as an ordered list of migrations (sqlite-utils `Migrations`).

Each migration is applied once and recorded in `_sqlite_migrations`; a database that records a
migration this code does not know was written by a newer foibot and is refused by the store.
Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "foibot"
migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            regime TEXT NOT NULL,
            authority_email TEXT NOT NULL,
            subject TEXT NOT NULL,
            subject_key TEXT NOT NULL,
            sent_on TEXT NOT NULL,
            state TEXT NOT NULL,
            authority_due TEXT,
            requester_reply_by TEXT,
            review_request_by TEXT,
            review_due TEXT,
            regulator_by TEXT,
            reference TEXT,
            message_id TEXT,
            owner TEXT,
            mailbox TEXT,
            auto_confirm INTEGER,
            tracked INTEGER NOT NULL DEFAULT 1,
            origin TEXT NOT NULL CHECK (origin IN ('discovered', 'manual')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX requests_reference ON requests(reference);
        CREATE INDEX requests_message_id ON requests(message_id);

        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            mailbox TEXT NOT NULL,
            folder TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('inbox', 'sent')),
            uidvalidity INTEGER,
            uid INTEGER,
            message_id TEXT,
            in_reply_to TEXT,
            references_json TEXT NOT NULL DEFAULT '[]',
            from_addr TEXT,
            to_json TEXT NOT NULL DEFAULT '[]',
            subject TEXT NOT NULL DEFAULT '',
            sent_at TEXT NOT NULL,
            delivered_at TEXT NOT NULL,
            kind TEXT,
            confidence REAL,
            evidence_json TEXT NOT NULL DEFAULT '[]',
            reply_by TEXT,
            due_date TEXT,
            reference TEXT,
            fee_amount TEXT,
            request_id INTEGER REFERENCES requests(id),
            match_method TEXT,
            disposition TEXT NOT NULL,
            raw BLOB NOT NULL,
            processed_at TEXT NOT NULL,
            UNIQUE (mailbox, folder, uidvalidity, uid)
        );
        CREATE INDEX messages_message_id ON messages(message_id);
        CREATE INDEX messages_request ON messages(request_id);
        CREATE INDEX messages_disposition ON messages(disposition);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES requests(id),
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            message_row INTEGER REFERENCES messages(id),
            state TEXT,
            summary TEXT NOT NULL,
            detail_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_request ON events(request_id, id);

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('email', 'draft')),
            mailbox TEXT,
            recipients TEXT NOT NULL DEFAULT '[]',
            message_id TEXT UNIQUE,
            raw BLOB NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'ambiguous')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            request_id INTEGER REFERENCES requests(id),
            cause TEXT
        );
        CREATE INDEX outbox_status ON outbox(status, next_attempt_at);

        CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY,
            mailbox TEXT NOT NULL,
            folder TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT 'inbox',
            uidvalidity INTEGER,
            uid INTEGER,
            reason TEXT NOT NULL,
            traceback TEXT NOT NULL,
            raw BLOB NOT NULL,
            delivered_at TEXT,
            created_at TEXT NOT NULL,
            resolved_at TEXT
        );

        CREATE TABLE sync_state (
            mailbox TEXT NOT NULL,
            folder TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL,
            updated_at TEXT,
            PRIMARY KEY (mailbox, folder)
        );

        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            mailbox TEXT NOT NULL,
            folder TEXT NOT NULL,
            uid INTEGER,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL
        );
        """
    )


@migrations(name="0002_message_details")
def _message_details(db: Database) -> None:
    # event_kind: what the message did to its request (lifecycle input); NULL for the request itself
    # and for mail that is not part of a request. excerpt: the sender's own new words.
    for column in (
        "from_name TEXT NOT NULL DEFAULT ''",
        "excerpt TEXT NOT NULL DEFAULT ''",
        "event_kind TEXT",
    ):
        db.execute(f"ALTER TABLE messages ADD COLUMN {column}")


@migrations(name="0003_outbox_cancelled")
def _outbox_cancelled(db: Database) -> None:
    # A queued message whose request the user closed is cancelled, not sent. SQLite cannot change a
    # CHECK constraint in place, so the table is rebuilt.
    db.executescript(
        """
        CREATE TABLE outbox_new (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('email', 'draft')),
            mailbox TEXT,
            recipients TEXT NOT NULL DEFAULT '[]',
            message_id TEXT UNIQUE,
            raw BLOB NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'ambiguous', 'cancelled')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            request_id INTEGER REFERENCES requests(id),
            cause TEXT
        );
        INSERT INTO outbox_new SELECT id, dedupe_key, kind, mailbox, recipients, message_id, raw, status,
            attempts, next_attempt_at, last_error, created_at, sent_at, request_id, cause FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_status ON outbox(status, next_attempt_at);
        """
    )


KNOWN_MIGRATIONS: tuple[str, ...] = ("0001_initial", "0002_message_details", "0003_outbox_cancelled")
