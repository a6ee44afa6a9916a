"""`python -m bench` (or `make bench`): run every benchmark and rewrite bench/README.md.

Each benchmark is a module with `run() -> dict`. A result may carry `"rows"`: table rows with the
keys figure, foibot, baseline, ratio, target, pass (see bench/startup.py); results without rows
are turned into rows here (bench.classify's keys are known; anything else is listed as is).
A benchmark whose module is missing is skipped with a note in the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = dict[str, Any]

# (name, module, keyword arguments for a full run, for a --quick run)
BENCHMARKS: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("classify", "bench.classify", {}, {"n": 1_000}),
    ("imap_scan", "bench.imap_scan", {}, {"messages": 2_000}),
    ("daemon", "bench.daemon", {}, {"messages": 2_000}),
    ("startup", "bench.startup", {}, {"repeats": 5}),
]
README = Path(__file__).resolve().parent / "README.md"
LOAD_AT_START = os.getloadavg()


def classify_rows(result: dict[str, Any]) -> list[Row]:
    """bench.classify: throughput against a bare stdlib parse, and flat peak memory."""
    rows: list[Row] = [
        {
            "figure": f"parse + classify, {result['messages']} messages of {result['mean_kb']} KB mean "
            f"({result['pipeline']}) vs bare `email` parse",
            "foibot": f"{result['foibot_msgs_per_s']} msg/s",
            "baseline": f"{result['bare_msgs_per_s']} msg/s",
            "ratio": f"{result['ratio']}x time",
            "target": f"<= {result['target_ratio']}x time",
            "pass": result["ratio"] <= result["target_ratio"],
        }
    ]
    if "parse_mail_ratio" in result:
        rows.append(
            {
                "figure": "parse_mail alone vs bare `email` parse (same messages)",
                "foibot": f"{result['parse_mail_msgs_per_s']} msg/s",
                "baseline": f"{result['bare_msgs_per_s']} msg/s",
                "ratio": f"{result['parse_mail_ratio']}x time",
                "target": "-",
                "pass": None,
            }
        )
    peaks = sorted(
        (
            (int(key.rsplit("_", 1)[1]), value)
            for key, value in result.items()
            if key.startswith("peak_mem_mb_at_")
        ),
    )
    if len(peaks) == 2:
        (small_n, small_mb), (big_n, big_mb) = peaks
        ratio = big_mb / small_mb if small_mb else float("inf")
        rows.append(
            {
                "figure": f"parse + classify peak memory (tracemalloc), {big_n} vs {small_n} messages",
                "foibot": f"{big_mb} MB",
                "baseline": f"{small_mb} MB",
                "ratio": f"{ratio:.2f}x",
                "target": "<= 1.5x (flat)",
                "pass": ratio <= 1.5,
            }
        )
    return rows


def generic_rows(name: str, result: dict[str, Any]) -> list[Row]:
    """Figures without a known layout: listed one per row, with no target."""
    return [
        {
            "figure": f"{name}: {key}",
            "foibot": str(value),
            "baseline": "-",
            "ratio": "-",
            "target": "-",
            "pass": None,
        }
        for key, value in result.items()
    ]


ADAPTERS: dict[str, Callable[[dict[str, Any]], list[Row]]] = {"classify": classify_rows}


def run_benchmark(name: str, module_name: str, kwargs: dict[str, Any]) -> tuple[list[Row], str | None]:
    """Rows for one benchmark, or no rows and a note saying why it was skipped."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return [], f"{name}: skipped, {module_name} is not there yet"
    print(f"running {module_name} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    result: dict[str, Any] = module.run(**kwargs)
    print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    if "rows" in result:
        return list(result["rows"]), None
    adapter = ADAPTERS.get(name)
    return (adapter(result) if adapter else generic_rows(name, result)), None


def machine_info() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        first = Path("/proc/meminfo").read_text().splitlines()[0]  # MemTotal: N kB
        memory = f"{int(first.split()[1]) / 1024 / 1024:.1f} GB"
    except (OSError, IndexError, ValueError):
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return [
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit or '?'}",
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; memory {memory}; "
        f"load average at the start {LOAD_AT_START[0]:.1f} (other work on the machine adds noise)",
        f"- OS: {platform.platform()}; {platform.python_implementation()} {platform.python_version()}",
    ]


def render(rows: list[Row], notes: list[str], command: str) -> str:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|")

    verdict = {True: "pass", False: "**FAIL**", None: "-"}
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python -m bench` (`make bench`); do not edit by hand. Each figure is measured",
        "against a baseline run side by side in the same session on the same machine.",
        "",
        "| figure | foibot | baseline | ratio | target | pass/fail |",
        "|---|---|---|---|---|---|",
        *(
            f"| {cell(r['figure'])} | {cell(r['foibot'])} | {cell(r['baseline'])} | {cell(r['ratio'])} "
            f"| {cell(r['target'])} | {verdict[r.get('pass')]} |"
            for r in rows
        ),
        "",
    ]
    if notes:
        lines += ["Not measured in this run:", "", *(f"- {note}" for note in notes), ""]
    lines += [
        "## Machine",
        "",
        *machine_info(),
        "",
        "## Reproduce",
        "",
        "```sh",
        command,
        "```",
        "",
        "A benchmark is a module `bench/<name>.py` with `run() -> dict`; a result may give its own",
        '`"rows"` (keys: figure, foibot, baseline, ratio, target, pass), see `bench/startup.py`.',
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this benchmark")
    parser.add_argument("--output", type=Path, default=README, help="where to write the table")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    notes: list[str] = []
    for name, module_name, full, quick in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        new_rows, note = run_benchmark(name, module_name, quick if args.quick else full)
        rows += new_rows
        notes += [note] if note else []
    command = "make bench   # or: .venv/bin/python -m bench" + (" --quick" if args.quick else "")
    args.output.write_text(render(rows, notes, command), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    failed = [row["figure"] for row in rows if row.get("pass") is False]
    for figure in failed:
        print(f"FAIL: {figure}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
