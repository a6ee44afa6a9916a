"""`foibot deadline`: plain and JSON output, and one-line usage errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from foibot.cli import cli
from foibot.errors import UsageError


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["deadline", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_plain_output_names_weekdays_and_meanings() -> None:
    output = run("--regime", "uk_foia", "--received", "2018-03-16")
    assert "Fri 2018-03-16" in output
    assert "Wed 2018-04-18" in output
    assert "response due" in output


def test_json_for_the_origin_request() -> None:
    payload = json.loads(run("--regime", "uk_foia", "--received", "2018-03-16", "--json"))
    assert payload["regime"] == "uk_foia"
    assert payload["received"] == "2018-03-16"
    assert payload["due"] == "2018-04-18"
    assert "review_request_by" not in payload  # FOIA: no review window without a response


def test_json_with_response_adds_review_and_regulator_dates() -> None:
    payload = json.loads(
        run("--regime", "uk_foia", "--received", "2023-12-01", "--responded", "2024-01-10", "--json")
    )
    assert payload["review_request_by"] == "2024-03-06"  # E10
    assert payload["regulator_by"] == "2024-02-21"  # 6 weeks
    assert payload["review_due"] < payload["review_due_max"]


def test_clarification_and_alternative_receipt_reading() -> None:
    clarified = json.loads(
        run("--regime", "uk_foia", "--received", "2024-03-04", "--clarified", "2024-03-20", "--json")
    )
    assert clarified["due"] == "2024-04-19"  # E7
    saturday = ["--regime", "uk_foia", "--received", "2024-01-13", "--json"]
    assert json.loads(run(*saturday))["due"] == "2024-02-09"
    alternative = json.loads(run(*saturday, "--nonworking-receipt", "next_working_day"))
    assert alternative["due"] == "2024-02-12"  # E5


def test_foisa_silence_gives_review_window_and_eir_extension() -> None:
    foisa = json.loads(run("--regime", "scot_foisa", "--received", "2024-11-04", "--json"))
    assert foisa["review_request_by"] == "2025-02-03"  # E14
    eir = json.loads(run("--regime", "uk_eir", "--received", "2023-07-03", "--json"))
    assert eir["extended_due"] == "2023-08-31"  # E13


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regime", "uk_fioa", "--received", "2018-03-16"], "uk_foia, uk_eir"),
        (["--regime", "uk_foia", "--received", "16/03/2018"], "--received"),
        (["--regime", "uk_foia", "--received", "2018-03-16", "--responded", "soon"], "--responded"),
    ],
)
def test_user_mistakes_are_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["deadline", *args], standalone_mode=False)
    assert isinstance(result.exception, UsageError)
    assert result.exception.exit_code == 2
    assert message in str(result.exception)
    assert "\n" not in str(result.exception)


def test_process_exits_2_without_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "foibot", "deadline", "--regime", "nope", "--received", "2018-03-16"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("foibot: error: unknown regime 'nope'; choose one of: uk_foia")


def test_warnings_reach_plain_and_json_output() -> None:
    args = ["--regime", "uk_foia", "--received", "2022-09-09"]
    assert "warning: the 19 Sep 2022 state funeral" in run(*args)
    assert json.loads(run(*args, "--json"))["warnings"][0].startswith("the 19 Sep 2022")
