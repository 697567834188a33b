"""The window while it animates at full speed: frames per second, worker speed, pause latency.

One run of the real window (offscreen, or on the X display with ``--real``) with the worker
process stepping as fast as it can:

- fps: frame-timer ticks that fed new data to the panes, per second (target >= 55);
- the worker's epochs per second against the same run headless, ``Run.run()`` in this process
  (target: ratio >= 0.8);
- pause latency over ~50 pause commands, from sending PAUSE to the worker's paused reply in the
  window's mirror (target: p99 <= 50 ms).

Usage: ``python benchmarks/gui_throughput.py [--seconds 5] [--pauses 50] [--real]``
"""

from __future__ import annotations

import argparse
import os
import time


def _spin(app, seconds: float) -> None:
    """Run the event loop for ``seconds`` (the frame timer keeps ticking)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def headless_rate(optimizer: str, epochs: int) -> float:
    """Epochs per second of ``Run.run()`` in this process (best of three)."""
    import torch

    from optiviz.engine.runs.config import RunConfig
    from optiviz.engine.runs.run import Run

    torch.set_num_threads(1)
    best = 0.0
    for _ in range(3):
        run = Run(RunConfig(optimizer=optimizer, epochs=epochs))
        begin = time.perf_counter()
        run.run()
        best = max(best, epochs / (time.perf_counter() - begin))
    return best


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="animating time measured")
    parser.add_argument("--pauses", type=int, default=50, help="pause commands timed")
    parser.add_argument("--optimizer", default="SGD")
    parser.add_argument("--real", action="store_true", help="use $DISPLAY instead of offscreen")
    args = parser.parse_args()
    if not args.real:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["OPTIVIZ_NO_SETTINGS"] = "1"

    from PySide6.QtWidgets import QApplication

    from optiviz.app.worker_client import WorkerClient

    app = QApplication.instance() or QApplication(["gui_throughput"])
    client = WorkerClient()  # spawned first, as the launcher does
    from optiviz.app.main_window import MainWindow
    from optiviz.engine.runs.config import MAX_EPOCHS, RunConfig
    from optiviz.engine.worker.session import PAUSE, PLAY

    config = RunConfig(optimizer=args.optimizer, epochs=MAX_EPOCHS)
    window = MainWindow(client, [config], speed=None)
    window.show()
    if not client.wait_ready(60):
        print("the worker did not start")
        return 1
    _spin(app, 0.5)
    headless = headless_rate(args.optimizer, 20_000)  # the worker is idle meanwhile

    window.play()
    _spin(app, 0.5)  # into the steady state
    frames0, ticks0, epoch0 = window.frames_drawn, window.ticks, client.state.max_epoch
    begin = time.perf_counter()
    _spin(app, args.seconds)
    elapsed = time.perf_counter() - begin
    fps = (window.frames_drawn - frames0) / elapsed
    tick_rate = (window.ticks - ticks0) / elapsed
    worker = (client.state.max_epoch - epoch0) / elapsed

    latencies = []
    for _ in range(args.pauses):
        client.send(PLAY)
        deadline = time.perf_counter() + 5
        while not client.state.playing and time.perf_counter() < deadline:
            client.poll()
            app.processEvents()
        _spin(app, 0.04)
        sent = time.perf_counter()
        client.send(PAUSE)
        while client.state.playing and time.perf_counter() < sent + 5:
            client.poll()
        latencies.append((time.perf_counter() - sent) * 1000)
    epochs = client.state.max_epoch
    window.close()

    ratio = worker / headless
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    platform = app.platformName()
    print(f"platform {platform}, display {window.frame_rate():.0f} Hz, {epochs:,} epochs in all")
    print(f"GUI frames drawn      {fps:7.1f} fps (timer ticks {tick_rate:.1f}/s)   target >= 55")
    print(f"worker while drawing  {worker:9,.0f} epochs/s")
    print(f"headless Run.run()    {headless:9,.0f} epochs/s")
    print(f"ratio                 {ratio:9.2f}            target >= 0.8")
    print(
        f"pause latency         p50 {p50:.1f} ms, p99 {p99:.1f} ms over {len(latencies)}"
        "   target p99 <= 50 ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
