"""`foibot classify` and `foibot eval` end to end through the real CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "classify"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foibot", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_classify_json_lines_for_a_directory() -> None:
    proc = run("classify", "--json", str(FIXTURES / "stay_alive_check"))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == len(list((FIXTURES / "stay_alive_check").glob("*.eml")))
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)
    for row in rows:
        assert row["kind"] == "stay_alive_check"
        assert {"confidence", "reply_by", "due_date", "reference", "evidence", "problems"} <= row.keys()


def test_classify_plain_with_evidence() -> None:
    proc = run("classify", "--explain", str(FIXTURES / "delivery_failure" / "exchange_ndr.eml"))
    assert proc.returncode == 0
    first, *evidence = proc.stdout.splitlines()
    assert "delivery_failure" in first
    assert any("X-MS-Exchange-Message-Is-Ndr" in line for line in evidence)


def test_not_an_email_is_other_with_problems(tmp_path: Path) -> None:
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"\x00\x01 not mail at all \xff")
    row = json.loads(run("classify", "--json", str(junk)).stdout)
    assert row["kind"] == "other" and row["problems"]


def test_missing_path_is_a_one_line_error() -> None:
    proc = run("classify", "/nonexistent/mail.eml")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no such file" in proc.stderr


def test_eval_reports_metrics_on_a_labelled_folder(tmp_path: Path) -> None:
    for label in ("stay_alive_check", "delivery_failure"):
        for path in (FIXTURES / label).glob("*.eml"):
            (tmp_path / path.name).write_bytes(path.read_bytes())
    rows = ["file,label,reply_by,due_date,reference,authority,notes"]
    rows.append("uk_council_close.eml,stay_alive_check,2024-03-15,,FOI 2023/0412,,")
    rows.append("exchange_ndr.eml,delivery_failure,,,,,")
    rows.append("rfc3464_dsn.eml,acknowledgement,,,,,deliberately wrong label")
    (tmp_path / "labels.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    proc = run("eval", "--json", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["total"] == 3 and report["correct"] == 2
    assert report["reply_by"] == {"matched": 1, "total": 1, "skipped": 0, "rate": 1.0}
    assert report["confusion"]["acknowledgement"] == {"delivery_failure": 1}
    assert [m["file"] for m in report["misses"]] == ["rfc3464_dsn.eml"]
    plain = run("eval", str(tmp_path)).stdout
    assert "accuracy  0.667" in plain and "rfc3464_dsn.eml" in plain


def test_eval_without_labels_is_a_one_line_error(tmp_path: Path) -> None:
    proc = run("eval", str(tmp_path))
    assert proc.returncode == 2 and "labels.csv" in proc.stderr
