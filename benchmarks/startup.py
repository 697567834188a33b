"""Start-up: optiviz's first usable frame against the bare imports, cold and warm.

Each start is a new process, timed from launch to a line it prints:

* bare: ``import torch, PySide6.QtWidgets, pyqtgraph``, a QApplication and a trivial window
  shown and painted, then "ready";
* optiviz: ``python -m optiviz`` with ``OPTIVIZ_EXIT_AFTER_FIRST_FRAME=1``, which prints at
  the first usable frame: the window shown, every shown pane painted, the controls enabled
  (the worker's first update is not waited for).

Cold and warm. The page cache cannot be dropped without root, so "cold" here means a start
that compiles every module again: ``-X pycache_prefix`` points at a new empty directory for
each start, so no bytecode of torch, Qt, pyqtgraph or optiviz is reused. "Warm" is a start
after one untimed start with a shared, already filled prefix. Both sides run under the same
conditions, offscreen (``QT_QPA_PLATFORM=offscreen``), alternating so that a busy machine
slows both alike. Prints the median seconds and the ratios (target: 1.3 at most).

    python benchmarks/startup.py [--starts N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import sys
import torch, PySide6.QtWidgets, pyqtgraph
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("bare")
label.resize(640, 480)
label.show()
def done():
    print("ready", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

MARKERS = ("ready", "optiviz first frame")


def start(argv: list[str], prefix: str) -> float:
    """Seconds from launching ``argv`` to its marker line (then it finishes untimed)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPTIVIZ_NO_SETTINGS="1")
    env["OPTIVIZ_EXIT_AFTER_FIRST_FRAME"] = "1"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-X", f"pycache_prefix={prefix}", *argv]
    began = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    seconds = None
    assert child.stdout is not None
    for line in child.stdout:  # read to the end: the module list must not fill the pipe
        if seconds is None and line.startswith(MARKERS):
            seconds = time.perf_counter() - began
    if child.wait() != 0 or seconds is None:
        raise SystemExit(f"{' '.join(argv)} failed (exit {child.returncode})")
    return seconds


def measure(starts: int) -> dict[str, list[float]]:
    """Seconds per start for each of bare/optiviz, cold/warm."""
    sides = {"bare": ["-c", BARE], "optiviz": ["-m", "optiviz"]}
    times: dict[str, list[float]] = {f"{s} {k}": [] for k in ("cold", "warm") for s in sides}
    with tempfile.TemporaryDirectory() as tmp:
        shared = str(Path(tmp) / "shared")
        for argv in sides.values():
            start(argv, shared)  # fills the shared prefix: the warm starts reuse it
        for i in range(starts):
            for side, argv in sides.items():
                times[f"{side} cold"].append(start(argv, str(Path(tmp) / f"cold-{side}-{i}")))
                times[f"{side} warm"].append(start(argv, shared))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="timed starts per case")
    starts = parser.parse_args().starts
    times = measure(starts)
    for name, values in times.items():
        print(f"{name:14s} median {statistics.median(values):5.2f} s  ({starts} starts)")
    for kind in ("cold", "warm"):
        ratio = statistics.median(times[f"optiviz {kind}"]) / statistics.median(
            times[f"bare {kind}"]
        )
        print(f"{kind} ratio optiviz / bare imports: {ratio:.2f} (target 1.3)")


if __name__ == "__main__":
    main()
