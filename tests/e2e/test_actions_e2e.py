"""End to end: the origin-like thread ingested, drafts in a real Dovecot Drafts folder, mail at a real
aiosmtpd, and the `foibot sweep` / `foibot digest` commands on a config file."""

from __future__ import annotations

import datetime as dt
import os
from email import policy
from email.parser import BytesParser

from click.testing import CliRunner

from foibot.adapters.store import Store
from foibot.cli import cli
from tests.service.test_actions import USER, config, deliver, replay


def test_drafts_are_threaded_in_the_drafts_folder(tmp_path, smtp_sink, imap_user):
    settings = config(tmp_path, smtp_sink, imap_user)
    with Store.open(settings.storage.path) as store:
        replay(store, settings)
        report = deliver(store, settings, dt.datetime(2018, 7, 2, 16, 10, tzinfo=dt.UTC))
        assert report.failed == [] and report.retrying == []
        deliver(store, settings, dt.datetime(2018, 7, 3, 9, tzinfo=dt.UTC))  # nothing twice
    client = imap_user.client()
    try:
        client.select_folder("Drafts", readonly=True)
        fetched = client.fetch(client.search(["ALL"]), ["RFC822"])
    finally:
        client.logout()
    drafts = {
        str(m["X-Foibot-Draft"]): m
        for m in (BytesParser(policy=policy.default).parsebytes(d[b"RFC822"]) for d in fetched.values())
    }
    assert len(drafts) == len(fetched)  # one per cause
    stay_alive = next(m for k, m in drafts.items() if k.startswith("draft:1:stay_alive:"))
    assert stay_alive["In-Reply-To"] == "<chase-4471@northmere.gov.uk>"
    assert stay_alive["References"].split() == [
        "<req-lighting-1@example.org>",
        "<clarified-4471@example.org>",
        "<chase-4471@northmere.gov.uk>",
    ]
    assert stay_alive["To"] == "foi@northmere.gov.uk" and stay_alive["From"] == "alex@example.org"
    assert str(stay_alive["Subject"]).startswith("Re: Your information request NBC-2018-4471")
    assert "NBC-2018-4471" in stay_alive.get_content()
    alert = next(m.message for m in smtp_sink.to(USER) if "still want" in str(m.message["Subject"]))
    assert "A draft is waiting in your Drafts folder" in alert.get_body(("plain",)).get_content()


def write_config(tmp_path, settings) -> str:
    mailbox = settings.mailboxes[0]
    assert settings.smtp is not None
    path = tmp_path / "foibot.toml"
    path.write_text(
        f'[storage]\npath = "{settings.storage.path}"\n'
        f'[[mailbox]]\nname = "personal"\nhost = "{mailbox.host}"\nport = {mailbox.port}\nsecurity = "none"\n'
        f'username = "{mailbox.username}"\npassword = "{mailbox.resolve_password()}"\n'
        f'owner = "alex@example.org"\n'
        f'[smtp]\nhost = "{settings.smtp.host}"\nport = {settings.smtp.port}\nsecurity = "none"\n'
        f'from_address = "foibot@example.org"\ntimeout_seconds = 5\n'
        f'[notify]\nto = ["{USER}"]\n'
    )
    os.chmod(path, 0o600)
    return str(path)


def test_sweep_and_digest_commands(tmp_path, smtp_sink, imap_user):
    settings = config(tmp_path, smtp_sink, imap_user)
    with Store.open(settings.storage.path) as store:
        replay(store, settings)
    path = write_config(tmp_path, settings)
    runner = CliRunner()
    dry = runner.invoke(cli, ["--config", path, "--now", "2018-07-17T07:00", "sweep", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "due: reminder:1:requester_reply_by:2018-07-24:5" in dry.output and smtp_sink.messages == []
    first = runner.invoke(cli, ["--config", path, "--now", "2018-07-17T07:00", "sweep"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(cli, ["--config", path, "--now", "2018-07-17T07:05", "sweep"])
    assert "0 new" in again.output and "delivered 0" in again.output
    keys = [str(m.message["X-Foibot-Key"]) for m in smtp_sink.messages]
    assert len(keys) == len(set(keys)) and "reminder:1:requester_reply_by:2018-07-24:5" in keys
    shown = runner.invoke(cli, ["--config", path, "--now", "2018-07-17T07:10", "digest", "--preview"])
    assert shown.exit_code == 0 and "NEEDS YOUR ACTION" in shown.output and "24 July 2018" in shown.output
    sent = runner.invoke(cli, ["--config", path, "--now", "2018-07-17T07:10", "digest", "--send"])
    assert sent.exit_code == 0, sent.output
    assert len([m for m in smtp_sink.to(USER) if "Digest" in str(m.message["Subject"])]) == 1
