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
slows both alike. Prints the median seconds and the ratios (target: 1.3 at most), of the wall
clock and of the CPU time each process reports at its marker: on a machine shared with other
work the wall clock mostly measures the wait for a core (and optiviz's worker, a second process
importing torch at the same time, then takes a share of it), the CPU time does not.

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
import time
import torch, PySide6.QtWidgets, pyqtgraph
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("bare")
label.resize(640, 480)
label.show()
def done():
    print(f"ready, cpu {time.process_time():.3f} s", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

MARKERS = ("ready", "optiviz first frame")


def start(argv: list[str], prefix: str) -> tuple[float, float]:
    """Seconds from launching ``argv`` to its marker line (then it finishes untimed), and the
    CPU seconds its process had used by then, as it reports them."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPTIVIZ_NO_SETTINGS="1")
    # a warm start reads the bytecode an earlier start wrote: with this set, none is written
    # and every start is cold
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["OPTIVIZ_EXIT_AFTER_FIRST_FRAME"] = "1"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-X", f"pycache_prefix={prefix}", *argv]
    began = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    seconds, cpu = None, 0.0
    assert child.stdout is not None
    for line in child.stdout:  # read to the end: the module list must not fill the pipe
        if seconds is None and line.startswith(MARKERS):
            seconds = time.perf_counter() - began
            cpu = float(line.split("cpu ")[1].split()[0])
    if child.wait() != 0 or seconds is None:
        raise SystemExit(f"{' '.join(argv)} failed (exit {child.returncode})")
    return seconds, cpu


def measure(starts: int) -> dict[str, list[float]]:
    """Seconds per start for each of bare/optiviz, cold/warm; wall clock, and CPU ("... cpu")."""
    sides = {"bare": ["-c", BARE], "optiviz": ["-m", "optiviz"]}
    times: dict[str, list[float]] = {
        f"{s} {k}{c}": [] for c in ("", " cpu") for k in ("cold", "warm") for s in sides
    }
    with tempfile.TemporaryDirectory() as tmp:
        shared = str(Path(tmp) / "shared")
        for argv in sides.values():
            start(argv, shared)  # fills the shared prefix: the warm starts reuse it
        for i in range(starts):
            for side, argv in sides.items():
                fresh = str(Path(tmp) / f"cold-{side}-{i}")
                for kind, prefix in (("cold", fresh), ("warm", shared)):
                    wall, cpu = start(argv, prefix)
                    times[f"{side} {kind}"].append(wall)
                    times[f"{side} {kind} cpu"].append(cpu)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="timed starts per case")
    starts = parser.parse_args().starts
    times = measure(starts)
    for name, values in times.items():
        print(f"{name:18s} median {statistics.median(values):5.2f} s  ({starts} starts)")
    for kind in ("cold", "warm", "cold cpu", "warm cpu"):
        ratio = statistics.median(times[f"optiviz {kind}"]) / statistics.median(
            times[f"bare {kind}"]
        )
        print(f"{kind:8s} ratio optiviz / bare imports: {ratio:.2f} (target 1.3)")


if __name__ == "__main__":
    main()
