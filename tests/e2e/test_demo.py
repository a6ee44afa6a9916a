"""`foibot demo` end to end: the bundled sample mailbox through the real pipeline, into .eml files.

The demo runs in-process through the real CLI (CliRunner); the assertions check the facts the
sample is built to show, read from the JSON timeline and from the written .eml files.
"""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from foibot.cli import cli
from foibot.service.demo import MANIFEST

OWNER = "priya.shah@example.org"
MET = "foi@met-police.example"
CLARIFICATION_ID = "<MPS.FOI.20250326110518.4187@met-police.example>"
STAY_ALIVE_ID = "<MPS.IRU.20250610092244.4187@met-police.example>"
BOUNCE_ID = "<20250402090041.7D3A21C0F4@mx.example.org>"
SAMPLE_MESSAGES = 22


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)


def _run_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point, for what only it does: one-line errors and exit statuses."""
    return subprocess.run(
        [sys.executable, "-m", "foibot", "demo", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    output = tmp_path_factory.mktemp("demo") / "out"
    result = _run("--output", str(output), "--json")
    assert result.exit_code == 0, result.output
    return output, json.loads(result.output)


def _steps_for(report: dict[str, Any], message_id: str) -> list[dict[str, Any]]:
    return [s for s in report["steps"] if s["message"] and s["message"]["message_id"] == message_id]


def _eml(path: Path) -> EmailMessage:
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _request(report: dict[str, Any], authority: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [r for r in report["requests"] if r["authority_email"] == authority]
    assert len(found) == 1, authority
    return found[0]


def test_every_sample_message_goes_through_the_pipeline_once(demo_run: tuple[Path, dict[str, Any]]) -> None:
    _, report = demo_run
    messages = [s["message"] for s in report["steps"] if s["message"]]
    assert len(messages) == SAMPLE_MESSAGES
    assert len({m["message_id"] for m in messages}) == SAMPLE_MESSAGES
    assert {m["outcome"] for m in messages} == {"processed"}
    assert all(m["request_id"] is not None for m in messages), "every sample message belongs to a request"
    assert len(report["requests"]) == 7
    assert _request(report, "foi@ferries.example.scot")["regime"] == "scot_foisa"
    # the timeline is in simulated-time order
    times = [s["at"] for s in report["steps"]]
    assert times == sorted(times)


def test_clarification_request_is_recognised_with_its_reply_by_date(
    demo_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = demo_run
    [step] = _steps_for(report, CLARIFICATION_ID)
    message = step["message"]
    assert message["kind"] == "clarification_request", message["evidence"]
    assert message["reply_by"] == "2025-04-16"
    assert message["evidence"], "a classification always says why"
    assert any(c["deadlines"] for c in step["changes"]), "the reply-by date is set on the request"


def test_a_reminder_comes_before_the_clarification_reply_by_date(
    demo_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = demo_run
    reminders = [
        (s["at"][:10], d)
        for s in report["steps"]
        for d in s["deliveries"]
        if d["label"] == "reminder" and "16 Apr" in d["subject"] and "facial recognition" in d["subject"]
    ]
    assert reminders, "no reminder about the 16 April reply-by date"
    assert all("2025-03-26" < day < "2025-04-16" for day, _ in reminders)
    assert all(d["recipients"] == [OWNER] for _, d in reminders)


def test_stay_alive_check_gets_a_threaded_draft_to_the_authority_on_record(
    demo_run: tuple[Path, dict[str, Any]],
) -> None:
    output, report = demo_run
    [step] = _steps_for(report, STAY_ALIVE_ID)
    assert step["message"]["kind"] == "stay_alive_check"
    assert step["message"]["reply_by"] == "2025-06-24"
    drafts = [d for d in step["deliveries"] if d["channel"] == "draft"]
    assert len(drafts) == 1
    on_record = _request(report, MET)["authority_email"]
    msg = _eml(output / drafts[0]["file"])
    assert str(msg["In-Reply-To"]).strip() == STAY_ALIVE_ID
    assert STAY_ALIVE_ID in str(msg["References"]).split()
    assert [a.addr_spec for a in msg["To"].addresses] == [on_record]
    assert OWNER in str(msg["From"])
    # with auto-confirm off (the default), nothing is sent to the authority automatically
    sent_to_authority = [d for s in report["steps"] for d in s["deliveries"] if d["channel"] == "email"]
    assert all(d["recipients"] == [OWNER] for d in sent_to_authority)
    assert report["auto_confirm"] is False


def test_bounce_raises_a_delivery_failure_alert(demo_run: tuple[Path, dict[str, Any]]) -> None:
    output, report = demo_run
    [step] = _steps_for(report, BOUNCE_ID)
    assert step["message"]["kind"] == "delivery_failure"
    alerts = [d for d in step["deliveries"] if d["label"] == "alert"]
    assert len(alerts) == 1 and alerts[0]["recipients"] == [OWNER]
    msg = _eml(output / alerts[0]["file"])
    assert "dredging" in str(msg["Subject"])
    assert _request(report, "freedomofinformation@harbour.example")["state"] == "delivery_failed"


def test_files_match_the_timeline_and_the_manifest(demo_run: tuple[Path, dict[str, Any]]) -> None:
    output, report = demo_run
    delivered = [d["file"] for s in report["steps"] for d in s["deliveries"]]
    assert delivered == report["files"]
    assert sorted(p.name for p in output.glob("*.eml")) == sorted(delivered)
    assert (output / MANIFEST).read_text().splitlines() == delivered
    for name in delivered:
        assert _eml(output / name)["Message-ID"] is not None


def _normalised(output: Path) -> dict[str, tuple[str, ...]]:
    """Each file's headers and text, without the MIME boundaries the email package randomises."""
    files = {}
    for path in sorted(output.glob("*.eml")):
        msg = _eml(path)
        headers = tuple(f"{k}: {v}" for k, v in msg.items() if k.lower() != "content-type")
        texts = tuple(part.get_content() for part in msg.walk() if part.get_content_maintype() == "text")
        files[path.name] = headers + texts
    return files


def test_rerun_is_deterministic_and_only_replaces_its_own_files(tmp_path: Path) -> None:
    output = tmp_path / "out"
    first = _run("--output", str(output))
    assert first.exit_code == 0, first.output
    before = _normalised(output)
    (output / "my-notes.txt").write_text("keep me")
    (output / "999-stale.eml").write_text("from an older run")
    manifest = output / MANIFEST
    manifest.write_text(manifest.read_text() + "999-stale.eml\n../outside.txt\n")
    (tmp_path / "outside.txt").write_text("never touched")

    second = _run("--output", str(output))

    assert second.exit_code == 0, second.output
    assert second.output == first.output
    assert _normalised(output) == before
    assert (output / "my-notes.txt").read_text() == "keep me"
    assert not (output / "999-stale.eml").exists()
    assert (tmp_path / "outside.txt").exists()
    for text in ("RECEIVED from foi@met-police.example", "stay_alive_check", "DRAFT saved", "REMINDER sent"):
        assert text in second.output


def test_a_foreign_file_is_never_overwritten(tmp_path: Path) -> None:
    output = tmp_path / "out"
    output.mkdir()
    first_name = _run("--output", str(tmp_path / "probe"), "--json")
    name = json.loads(first_name.output)["files"][0]
    (output / name).write_text("mine")

    result = _run_process("--output", str(output))

    assert result.returncode == 2
    assert result.stderr.startswith("foibot: error: --output:")
    assert "was not written by foibot demo" in result.stderr
    assert "Traceback" not in result.stderr
    assert (output / name).read_text() == "mine"


def test_until_stops_the_clock_and_is_validated(tmp_path: Path) -> None:
    result = _run("--output", str(tmp_path / "early"), "--until", "2025-03-20", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["end"] == "2025-03-20"
    assert all(s["at"][:10] <= "2025-03-20" for s in report["steps"])

    bad = _run_process("--output", str(tmp_path / "x"), "--until", "2024-01-01")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "foibot: error: --until: 2024-01-01 is before the first sample message (2025-03-03)"
    ]
