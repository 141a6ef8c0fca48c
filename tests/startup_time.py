"""Measure start-up: seconds from launching `python -m viewer` to its first frame with data.

    python tests/startup_time.py [--runs 7] [FILE]

Runs the real program (the display's platform when DISPLAY is set, else offscreen) with
REGTIMELINE_FIRST_FRAME=quit, so it reports the first paint of the timeline with the data in
it and quits. Settings go to a temporary folder. The first run warms the disk cache and writes
bytecode (like an installed copy has); it is reported but left out of the figures. Prints
every run, the median and the best, the processor time the program used (the figure an idle
machine would show) and the machine's load (other work slows start-up down).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATTERN = re.compile(r"first frame with data: ([0-9.]+) s after start(?:, ([0-9.]+) s)?")


def launch(file: str | None, config: str) -> tuple[float, float]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["REGTIMELINE_FIRST_FRAME"] = "quit"
    env["XDG_CONFIG_HOME"] = config
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [sys.executable, "-m", "viewer", *([file] if file else [])]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    found = PATTERN.search(done.stderr)
    if found is None:
        raise SystemExit(f"no first-frame report; exit {done.returncode}:\n{done.stderr[-2000:]}")
    return float(found.group(1)), float(found.group(2) or "nan")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file", nargs="?", help="event table (default: the bundled data)")
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as config:
        warm, _ = launch(args.file, config)
        runs = [launch(args.file, config) for _ in range(args.runs)]
    times = [wall for wall, _ in runs]
    cpu = [used for _, used in runs]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    platform = os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY") else "?")
    print(f"platform {platform}, {os.cpu_count()} cores, load average {load:.2f}")
    print(f"warm-up run: {warm:.3f} s")
    print("runs: " + ", ".join(f"{t:.3f}" for t in times))
    print(f"median {statistics.median(times):.3f} s, best {min(times):.3f} s")
    print(f"processor time to first frame: median {statistics.median(cpu):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
