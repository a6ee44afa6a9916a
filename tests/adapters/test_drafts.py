"""adapters.drafts against a real Dovecot: APPEND with \\Draft, once per key, user edits left alone."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from foibot.adapters.drafts import ImapDraftSaver
from foibot.adapters.store import Store
from foibot.config import MailboxSettings
from foibot.core.model import FoiRequest, Kind, RequestState
from foibot.core.plan import Action, ActionKind, AuthorityMessage, DraftKind
from foibot.core.render import render_authority_mail, template_environment
from foibot.errors import DeliveryError

NOW = dt.datetime(2018, 7, 3, 8, tzinfo=dt.UTC)
KEY = "draft:1:stay_alive:<chase-1@council.example>"


def draft_bytes(body_subject: str = "Your request NBC-1\r\nBcc: evil@x.example") -> bytes:
    request = FoiRequest(
        1,
        "uk_foia",
        "foi@council.example",
        "Street lights",
        dt.date(2018, 3, 16),
        RequestState.STAY_ALIVE_PENDING,
        reference="NBC-1",
    )
    message = AuthorityMessage(
        9,
        Kind.STAY_ALIVE_CHECK,
        0.9,
        "<chase-1@council.example>",
        ("<req-1@example.org>",),
        "foi@council.example",
        "",
        body_subject,
        NOW,
    )
    action = Action(
        KEY, ActionKind.DRAFT, request, "stay_alive_check", message=message, draft=DraftKind.STAY_ALIVE
    )
    return render_authority_mail(
        template_environment(), action, owner="me@example.org", now=NOW, today=NOW.date()
    ).as_bytes()


@pytest.fixture
def saver(tmp_path: Path, imap_user):
    mailbox = MailboxSettings(
        name="personal",
        host=imap_user.host,
        port=imap_user.port,
        security="none",
        username=imap_user.username,
        password=imap_user.password,
    )
    with Store.open(tmp_path / "foibot.db") as store:
        yield ImapDraftSaver([mailbox], store), store, imap_user


def drafts(imap_user) -> list[tuple[int, bytes, tuple[bytes, ...]]]:
    client = imap_user.client()
    try:
        client.select_folder("Drafts", readonly=True)
        fetched = client.fetch(client.search(["ALL"]), ["RFC822", "FLAGS"])
        return [(uid, data[b"RFC822"], data[b"FLAGS"]) for uid, data in sorted(fetched.items())]
    finally:
        client.logout()


def test_draft_is_appended_once_threaded_and_flagged(saver):
    save, store, imap_user = saver
    raw = draft_bytes()
    save.save("personal", raw, KEY)
    save.save("personal", raw, KEY)
    [(uid, stored, flags)] = drafts(imap_user)
    assert b"\\Draft" in flags
    msg = BytesParser(policy=policy.default).parsebytes(stored)
    assert msg["In-Reply-To"] == "<chase-1@council.example>"
    assert msg["References"] == "<req-1@example.org> <chase-1@council.example>"
    assert msg["Subject"] == "Re: Your request NBC-1 Bcc: evil@x.example" and msg["Bcc"] is None
    assert msg["To"] == "foi@council.example" and msg["Auto-Submitted"] is None
    assert msg["X-Foibot-Draft"] == KEY
    row = store.db.execute("SELECT uid, size FROM drafts WHERE dedupe_key = ?", [KEY]).fetchone()
    assert row == (uid, len(raw))


def test_a_draft_the_user_edited_is_left_alone(saver):
    save, store, imap_user = saver
    save.save("personal", draft_bytes(), KEY)
    [(uid, stored, _)] = drafts(imap_user)
    edited = stored.replace(b"Please continue to process it.", b"Please hurry up.")
    client = imap_user.client()
    try:  # the user's client saves the edit as a new message and deletes the old one
        client.append("Drafts", edited, flags=[b"\\Draft"])
        client.select_folder("Drafts")
        client.delete_messages([uid])
        client.expunge()
    finally:
        client.logout()
    save.save("personal", draft_bytes(), KEY)
    with store.transaction():  # even if foibot forgot it had saved it (crash before recording)
        store.db.execute("DELETE FROM drafts")
    save.save("personal", draft_bytes(), KEY)
    assert [body for _, body, _ in drafts(imap_user)] == [edited]


def test_unknown_mailbox_is_a_permanent_failure(saver):
    save, _, _ = saver
    with pytest.raises(DeliveryError) as exc:
        save.save("nope", draft_bytes(), KEY)
    assert not exc.value.transient
