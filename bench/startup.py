"""Benchmark: how long `foibot --help` takes to start, next to a bare `python -c pass`.

Both commands run alternately in one session (so machine load hits both alike), several times
each, and the medians are compared. `python -m bench.startup [REPEATS]` prints the figures.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 0.25  # a command you type should answer before you notice a pause


def foibot_command() -> list[str]:
    """The installed `foibot` script beside this interpreter, else `python -m foibot`."""
    script = Path(sys.executable).with_name("foibot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "foibot"]


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    return time.perf_counter() - start


def run(repeats: int = 15) -> dict[str, Any]:
    """Median wall time of `foibot --help` and of `python -c pass`, measured interleaved."""
    ours_cmd = [*foibot_command(), "--help"]
    bare_cmd = [sys.executable, "-c", "pass"]
    _seconds(ours_cmd)  # warm the file cache and byte-code once, untimed
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(repeats):
        bare.append(_seconds(bare_cmd))
        ours.append(_seconds(ours_cmd))
    ours_s, bare_s = statistics.median(ours), statistics.median(bare)
    return {
        "repeats": repeats,
        "foibot_help_s": round(ours_s, 3),
        "python_pass_s": round(bare_s, 3),
        "ratio": round(ours_s / bare_s, 2),
        "rows": [
            {
                "figure": f"start-up: `foibot --help` vs `python -c pass` (median of {repeats})",
                "foibot": f"{ours_s * 1000:.0f} ms",
                "baseline": f"{bare_s * 1000:.0f} ms",
                "ratio": f"{ours_s / bare_s:.1f}x",
                "target": f"<= {TARGET_SECONDS * 1000:.0f} ms",
                "pass": ours_s <= TARGET_SECONDS,
            }
        ],
    }


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    for key, value in run(repeats).items():
        if key != "rows":
            print(f"{key:16} {value}")


if __name__ == "__main__":
    main()
