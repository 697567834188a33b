"""A 50-run lr fan in the window: frames per second, event-loop stalls, worker speed.

The real window (offscreen, or on the X display with ``--real``) on an lr fan of the tutorial
(``--runs`` copies of the linear fit, lr log-spaced from ``--lo`` to ``--hi``), playing as
fast as the worker can for ``--seconds``:

- fps: frame-timer ticks that fed new data to the panes, per second (target >= 30);
- the longest event-loop slice: the largest gap between ticks of a 1 ms QTimer, less its
  interval (target <= 50 ms), with the 99th percentile;
- the runs' epochs per second while drawing against the same runs stepped headless in this
  process with ``step_all`` (target: ratio >= 0.8);
- the window thread's CPU time per frame drawn (``time.thread_time``): on a shared machine
  the wall-clock numbers follow the load, this one much less.

``--profile FILE`` writes a cProfile of the window thread while it plays (``pstats`` reads it).

Usage: ``python benchmarks/race50.py [--seconds 6] [--runs 50] [--real] [--profile out.prof]``
"""

from __future__ import annotations

import argparse
import os
import time


def _spin(app: object, seconds: float) -> None:
    """Run the event loop for ``seconds`` (the frame timer keeps ticking)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class GapMeter:
    """The gaps between ticks of a 1 ms timer: how long the event loop was busy elsewhere."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self._last: float | None = None
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append((now - self._last) * 1000)
        self._last = now


def headless_rate(configs: list, seconds: float) -> float:
    """Epochs per second (per run) of the runs stepped together with ``step_all``."""
    import torch

    from optiviz.engine.runs.race import step_all
    from optiviz.engine.runs.run import Run

    torch.set_num_threads(1)
    best = 0.0
    for _ in range(2):
        runs = [Run(c) for c in configs]
        epochs = 0
        begin = time.perf_counter()
        while time.perf_counter() - begin < seconds and step_all(runs):
            epochs += 1
        best = max(best, epochs / (time.perf_counter() - begin))
    return best


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="playing time measured")
    parser.add_argument("--runs", type=int, default=50, help="runs in the lr fan")
    parser.add_argument("--lo", type=float, default=1e-3)
    parser.add_argument("--hi", type=float, default=0.1)
    parser.add_argument("--real", action="store_true", help="use $DISPLAY instead of offscreen")
    parser.add_argument("--profile", default=None, help="write a cProfile of the window here")
    args = parser.parse_args()
    if not args.real:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["OPTIVIZ_NO_SETTINGS"] = "1"

    from PySide6.QtWidgets import QApplication

    from optiviz.app.worker_client import WorkerClient
    from optiviz.engine.runs.config import MAX_EPOCHS, RunConfig
    from optiviz.engine.runs.race import lr_fan

    configs = lr_fan(RunConfig(epochs=MAX_EPOCHS), args.runs, args.lo, args.hi)
    app = QApplication.instance() or QApplication(["race50"])
    client = WorkerClient(configs)  # spawned first, as the launcher does
    from optiviz.app.main_window import MainWindow

    window = MainWindow(client, configs, speed=None)
    window.resize(1400, 900)
    window.show()
    if not client.wait_ready(60):
        print("the worker did not start")
        return 1
    _spin(app, 1.0)
    headless = headless_rate(configs, min(args.seconds, 3.0))  # the worker is idle meanwhile

    meter = GapMeter()
    window.play()
    _spin(app, 1.0)  # into the steady state
    frames0, epoch0 = window.frames_drawn, client.state.max_epoch
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    meter.start()
    cpu0 = time.thread_time()
    begin = time.perf_counter()
    _spin(app, args.seconds)
    elapsed = time.perf_counter() - begin
    cpu = time.thread_time() - cpu0
    meter.stop()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    frames = window.frames_drawn - frames0
    fps = frames / elapsed
    worker = (client.state.max_epoch - epoch0) / elapsed
    window.pause()
    window.close()

    gaps = [max(0.0, g - 1.0) for g in meter.gaps] or [0.0]
    ratio = worker / headless
    print(f"platform {app.platformName()}, {args.runs} runs, load {os.getloadavg()[0]:.2f}")
    print(f"GUI frames drawn      {fps:7.1f} fps                target >= 30")
    print(
        f"event-loop slice      max {max(gaps):.0f} ms, p99 {percentile(gaps, 99):.0f} ms"
        "   target max <= 50 ms"
    )
    print(f"window thread CPU     {cpu / max(frames, 1) * 1000:7.1f} ms a frame ({frames} frames)")
    print(f"runs while drawing    {worker:9,.0f} epochs/s")
    print(f"headless step_all     {headless:9,.0f} epochs/s")
    print(f"ratio                 {ratio:9.2f}            target >= 0.8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
