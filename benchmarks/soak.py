"""Soak: long runs in the real window and the recorder, and a wide lr fan.

Three parts, each printing frame times and memory growth (RSS from /proc, or psutil):

- ``window``: the tutorial's SGD run stepped to ``--epochs`` (10^6) epochs in the window
  (offscreen), the worker as fast as it can: frame time (median, p99, worst) and the RSS
  growth of the window's process and of the worker's (target: under 100 MB each);
- ``record``: ``--frames`` (10,000) frames of the tutorial recorded to a temporary MP4 by the
  recorder: frames per second and RSS growth;
- ``fan``: a ``--fan`` (50) run lr fan playing in the window for ``--fan-seconds``: frame
  times and event-loop stalls (frame-to-frame gaps over ``--stall-ms``).

Scale it down for a quick look: ``python benchmarks/soak.py --epochs 100000 --frames 1000
--fan-seconds 5``; ``--parts window,fan`` picks parts.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MB = 1 << 20


def rss(pid: int) -> int:
    """Resident set size of process ``pid`` in bytes."""
    try:
        import psutil

        return int(psutil.Process(pid).memory_info().rss)
    except ImportError:
        pass
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def times_line(label: str, seconds: list[float]) -> str:
    """``label: median, p99, worst`` of ``seconds``, in ms."""
    if not seconds:
        return f"{label}: none"
    ms = [1000 * s for s in seconds]
    return (
        f"{label}: median {statistics.median(ms):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
        f"worst {max(ms):.1f} ms over {len(ms):,}"
    )


def _spin(app: Any, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class FrameClock:
    """Times every call of ``MainWindow.frame`` (its work) and the gaps between their ends."""

    def __init__(self) -> None:
        self.work: list[float] = []
        self.ends: list[float] = []

    def install(self, cls: type) -> None:
        original: Callable[[Any], None] = cls.frame
        clock = self

        def frame(window: Any) -> None:
            begin = time.perf_counter()
            original(window)
            end = time.perf_counter()
            clock.work.append(end - begin)
            clock.ends.append(end)

        cls.frame = frame

    def reset(self) -> None:
        self.work, self.ends = [], []

    def gaps(self) -> list[float]:
        return [b - a for a, b in itertools.pairwise(self.ends)]


def _open_window(configs: list[Any]) -> tuple[Any, Any, Any]:
    from PySide6.QtWidgets import QApplication

    from optiviz.app.worker_client import WorkerClient

    app = QApplication.instance() or QApplication(["soak"])
    client = WorkerClient()
    from optiviz.app.main_window import MainWindow

    window = MainWindow(client, configs, speed=None)
    window.show()
    if not client.wait_ready(60):
        raise RuntimeError("the worker did not start")
    _spin(app, 0.5)
    return app, client, window


def window_part(epochs: int, clock: FrameClock, timeout: float) -> None:
    """The tutorial's run to ``epochs`` in the window: frame times, both processes' RSS."""
    from optiviz.engine.runs.config import RunConfig

    app, client, window = _open_window([RunConfig(epochs=epochs)])
    me, worker = os.getpid(), client.process.pid
    before = rss(me), rss(worker)
    peak = list(before)
    clock.reset()
    begin = time.perf_counter()
    window.play()
    while client.state.max_epoch < epochs and time.perf_counter() - begin < timeout:
        _spin(app, 1.0)
        peak = [max(peak[0], rss(me)), max(peak[1], rss(worker))]
    elapsed = time.perf_counter() - begin
    _spin(app, 0.5)  # the last update drawn
    after = rss(me), rss(worker)
    done = client.state.max_epoch
    print(f"window: {done:,} epochs in {elapsed:.0f} s ({done / elapsed:,.0f} epochs/s)")
    print("  " + times_line("frame work", clock.work))
    print("  " + times_line("frame to frame", clock.gaps()))
    for name, b, a, p in zip(("window", "worker"), before, after, peak, strict=True):
        print(
            f"  {name} RSS {b / MB:.0f} -> {a / MB:.0f} MB (+{(a - b) / MB:.0f} MB, "
            f"peak +{(p - b) / MB:.0f} MB)"
        )
    window.close()
    _spin(app, 0.2)


def fan_part(runs: int, seconds: float, stall_ms: float, clock: FrameClock) -> None:
    """A ``runs``-run lr fan playing for ``seconds``: frame times and event-loop stalls."""
    from optiviz.engine.runs.config import MAX_EPOCHS, RunConfig

    app, client, window = _open_window([RunConfig(epochs=MAX_EPOCHS)])
    window.model.add_fan(runs, 1e-4, 3e-2, replace=True)
    deadline = time.perf_counter() + 30
    while len(client.state.runs) != runs and time.perf_counter() < deadline:
        _spin(app, 0.1)
    me, worker = os.getpid(), client.process.pid
    before = rss(me), rss(worker)
    clock.reset()
    window.play()
    _spin(app, seconds)
    after = rss(me), rss(worker)
    gaps = clock.gaps()
    stalls = [g for g in gaps if g * 1000 > stall_ms]
    epochs = client.state.max_epoch
    print(f"fan: {len(client.state.runs)} runs, {epochs:,} epochs each in {seconds:.0f} s")
    print("  " + times_line("frame work", clock.work))
    print("  " + times_line("frame to frame", gaps))
    print(f"  event-loop stalls over {stall_ms:.0f} ms: {len(stalls)}")
    print(
        f"  window RSS +{(after[0] - before[0]) / MB:.0f} MB, "
        f"worker RSS +{(after[1] - before[1]) / MB:.0f} MB"
    )
    window.close()
    _spin(app, 0.2)


def record_part(frames: int, size: tuple[int, int]) -> None:
    """``frames`` frames of the tutorial recorded to a temporary MP4."""
    from optiviz.engine.runs.config import RunConfig
    from optiviz.recorder import Recorder, RecordOptions

    me = os.getpid()
    with tempfile.TemporaryDirectory() as folder:
        options = RecordOptions(out=Path(folder) / "soak.mp4", epochs_per_frame=1, size=size)
        recorder = Recorder([RunConfig(epochs=frames - 1)], options)
        before = rss(me)
        peak = before
        stamps = []
        begin = time.perf_counter()
        for index, _ in enumerate(recorder.frames()):
            stamps.append(time.perf_counter())
            if index % 500 == 0:
                peak = max(peak, rss(me))
        elapsed = time.perf_counter() - begin
        after = rss(me)
        size_mb = recorder.path.stat().st_size / MB
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    rate = recorder.total / elapsed
    print(f"record: {recorder.total:,} frames in {elapsed:.0f} s ({rate:.1f} frames/s)")
    print("  " + times_line("frame", gaps))
    print(
        f"  RSS {before / MB:.0f} -> {after / MB:.0f} MB (+{(after - before) / MB:.0f} MB, "
        f"peak +{(peak - before) / MB:.0f} MB), MP4 {size_mb:.1f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="window,record,fan")
    parser.add_argument("--epochs", type=int, default=1_000_000, help="window part's epochs")
    parser.add_argument("--timeout", type=float, default=1800, help="window part's limit (s)")
    parser.add_argument("--frames", type=int, default=10_000, help="recorded frames")
    parser.add_argument("--size", default="640x360", help="recorded frame size")
    parser.add_argument("--fan", type=int, default=50, help="runs in the lr fan")
    parser.add_argument("--fan-seconds", type=float, default=20)
    parser.add_argument("--stall-ms", type=float, default=100)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["OPTIVIZ_NO_SETTINGS"] = "1"
    parts = args.parts.split(",")
    clock = FrameClock()
    from optiviz.app.main_window import MainWindow

    clock.install(MainWindow)
    if "window" in parts:
        window_part(args.epochs, clock, args.timeout)
    if "record" in parts:
        width, height = (int(v) for v in args.size.split("x"))
        record_part(args.frames, (width, height))
    if "fan" in parts:
        fan_part(args.fan, args.fan_seconds, args.stall_ms, clock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
