"""`foibot status/show/calendar/track/untrack/unmatched/attach/quarantine` on a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from foibot.adapters.store import Store
from foibot.cli import cli
from tests.service.threads import OWNER, feed, replay_thread, settings, thread_files


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "foibot.toml"
    path.write_text(
        '[storage]\npath = "foibot.db"\n\n[[mailbox]]\nname = "personal"\nhost = "127.0.0.1"\n'
        f'security = "none"\nusername = "{OWNER}"\npassword = "unused"\n',
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


def run(config: Path, *args: str, now: str = "2018-07-03T09:00"):
    result = CliRunner().invoke(cli, ["--config", str(config), "--now", now, *args], standalone_mode=False)
    return result


def _replay(config: Path, thread: str) -> None:
    with Store.open(config.parent / "foibot.db") as store:
        replay_thread(store, thread, settings(config.parent))


def test_status_json_reports_who_must_act(config: Path) -> None:
    _replay(config, "origin")
    result = run(config, "status", "--json")
    assert result.exception is None, result.output
    [row] = json.loads(result.output)
    assert row["state"] == "stay_alive_pending"
    assert row["requester_must_act"] is True
    assert row["requester_reply_by"] == "2018-07-24"
    assert row["authority_due"] == "2018-05-01"
    assert row["authority_email"] == "foi@northmere.gov.uk"
    assert row["reference"] == "NBC-2018-4471"


def test_status_table_and_show_timeline(config: Path) -> None:
    _replay(config, "origin")
    table = run(config, "status")
    assert "stay_alive_pending" in table.output and "you" in table.output
    shown = run(config, "show", "1")
    assert shown.exception is None, shown.output
    assert "evidence:" in shown.output
    assert "matched by thread" in shown.output
    assert "clarification_requested -> acknowledged" in shown.output


def test_calendar_has_stable_uids(config: Path, tmp_path: Path) -> None:
    _replay(config, "origin")
    out = tmp_path / "foi.ics"
    assert run(config, "calendar", "--output", str(out)).exception is None
    first = Calendar.from_ical(out.read_bytes())
    events = {str(e["uid"]): e for e in first.walk("VEVENT")}
    assert set(events) == {
        "request-1-authority_due@foibot.local",
        "request-1-requester_reply_by@foibot.local",
    }
    assert events["request-1-requester_reply_by@foibot.local"].decoded("dtstart").isoformat() == "2018-07-24"
    again = run(config, "calendar", now="2018-07-10T09:00")
    assert {str(e["uid"]) for e in Calendar.from_ical(again.output.encode()).walk("VEVENT")} == set(events)


def test_track_then_untrack(config: Path) -> None:
    result = run(
        config,
        "track",
        "--to",
        "foi@moorland.gov.uk",
        "--subject",
        "Bus shelters",
        "--sent",
        "2024-03-04",
        "--reference",
        "MBC-77",
    )
    assert result.exception is None, result.output
    [row] = json.loads(run(config, "status", "--json", now="2024-03-05").output)
    assert row["authority_due"] == "2024-04-04"  # 20 WD, skipping 18 Mar (NI), Good Friday, Easter Monday
    assert row["reference"] == "MBC-77"
    assert run(config, "untrack", "1").exception is None
    assert json.loads(run(config, "status", "--json").output) == []
    assert "untracked" in run(config, "show", "1").output


def test_unmatched_then_attach_replays_lifecycle(config: Path) -> None:
    _replay(config, "unknown_sender")
    listing = run(config, "unmatched")
    assert "records@ridgeway-water.co.uk" in listing.output
    assert "greenfingers" not in listing.output
    with Store.open(config.parent / "foibot.db") as store:
        [row] = store.message_rows("disposition = 'unmatched'")
    result = run(config, "attach", str(row["id"]), "1")
    assert result.exception is None, result.output
    assert "acknowledged" in result.output
    assert "No unmatched messages." in run(config, "unmatched").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "99"], "no request with id 99"),
        (["track", "--to", "nobody", "--subject", "x", "--sent", "2024-01-01"], "not an email address"),
        (["track", "--to", "a@b.org", "--subject", "x", "--sent", "01/02/2024"], "YYYY-MM-DD"),
        (
            ["track", "--to", "a@b.org", "--subject", "x", "--sent", "2024-01-01", "--regime", "mars"],
            "unknown regime",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2(config: Path, args: list[str], message: str) -> None:
    run(config, "track", "--to", "foi@moorland.gov.uk", "--subject", "Bus shelters", "--sent", "2024-03-04")
    result = run(config, *args)
    assert result.exception is not None
    assert message in str(result.exception)
    assert getattr(result.exception, "exit_code", None) == 2
    assert "\n" not in str(result.exception)


def test_missing_database_is_one_line_error(config: Path) -> None:
    result = run(config, "status")
    assert "no database at" in str(result.exception)


def test_quarantine_list_and_retry(config: Path) -> None:
    config_settings = settings(config.parent)
    with Store.open(config.parent / "foibot.db") as store:
        store.db.execute("ALTER TABLE events RENAME TO events_away")  # every request write now fails
        result = feed(store, thread_files("origin")[0], config_settings, uid=1)
        assert result.status == "quarantined"
        assert store.message_rows("1 = 1") == []  # nothing half-written
        store.db.execute("ALTER TABLE events_away RENAME TO events")
    listing = run(config, "quarantine", "list")
    assert "personal/Sent uid 1" in listing.output
    assert "no such table" in listing.output
    retried = run(config, "quarantine", "retry", str(result.quarantine_id))
    assert retried.exception is None, retried.output
    assert "discovered" in retried.output
    assert "Quarantine is empty." in run(config, "quarantine", "list").output
    assert len(json.loads(run(config, "status", "--json").output)) == 1


def test_a_passed_reply_by_shows_in_status_and_show(config: Path) -> None:
    _replay(config, "origin")
    assert "!" not in run(config, "status", now="2018-07-24T18:00").output  # the last day itself
    table = run(config, "status", now="2018-07-25T09:00").output
    assert "! Your reply-by date passed with no reply from you (2018-07-24)" in table
    [row] = json.loads(run(config, "status", "--json", now="2018-07-25T09:00").output)
    assert row["state"] == "stay_alive_pending"  # derived, never stored: a late reply still counts
    assert [(m["kind"], m["date"]) for m in row["missed"]] == [("requester_reply_by", "2018-07-24")]
    assert "! Your reply-by date passed" in run(config, "show", "1", now="2018-07-25T09:00").output


def test_close_and_reopen(config: Path) -> None:
    _replay(config, "origin")
    closed = run(config, "close", "1", "--reason", "answered by phone")
    assert closed.exception is None, closed.output
    assert "Request 1 is closed" in closed.output
    assert "No open requests." in run(config, "status").output
    [row] = json.loads(run(config, "status", "--all", "--json").output)
    assert row["state"] == "closed" and row["requester_reply_by"] is None
    shown = run(config, "show", "1").output
    assert "state: closed" in shown and "Closed by you (foibot close): answered by phone" in shown
    again = run(config, "close", "1")
    assert "already closed" in str(again.exception) and getattr(again.exception, "exit_code", None) == 2
    reopened = run(config, "reopen", "1", now="2018-07-04T09:00")
    assert reopened.exception is None, reopened.output
    assert "now stay_alive_pending" in reopened.output
    assert "not closed" in str(run(config, "reopen", "1").exception)
    assert "no request with id 7" in str(run(config, "close", "7").exception)


def test_help_documents_the_commands() -> None:
    for name in (
        "status",
        "show",
        "calendar",
        "track",
        "untrack",
        "unmatched",
        "attach",
        "quarantine",
        "close",
        "reopen",
    ):
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Usage:" in result.output
