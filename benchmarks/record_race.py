"""Recording a race: frames per second of an lr fan of many runs, and where a frame's time goes.

An lr fan of SGD on the tutorial's problem (``--runs`` learning rates log-spaced from 1e-3
to 1, as the window's *lr fan* makes them) is recorded to MP4 at 1200x400, one epoch a
frame. Prints frames per second (target: 50 runs above 20 frames/s) and the time per frame of
stepping the runs, feeding the panes, painting them, grabbing the frame and encoding it.

    python benchmarks/record_race.py [--runs 50] [--frames 100] [--epochs-per-frame 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from record_vs_matplotlib import frame_split, print_split

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.race import lr_fan
from optiviz.recorder import Recorder, RecordOptions
from optiviz.recorder.recorder import ensure_app


def fan_recorder(path: Path, runs: int, frames: int, step: int) -> Recorder:
    configs = lr_fan(RunConfig(epochs=(frames - 1) * step), runs, 1e-3, 1.0)
    options = RecordOptions(out=path, fps=30, epochs_per_frame=step, size=(1200, 400))
    return Recorder(configs, options)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--frames", type=int, default=100)
    parser.add_argument("--epochs-per-frame", type=int, default=1)
    args = parser.parse_args()
    ensure_app()
    print(f"{args.runs} runs, {args.frames} frames at 1200x400, {args.epochs_per_frame} a frame")
    with tempfile.TemporaryDirectory() as folder:
        for _ in fan_recorder(Path(folder) / "warm.mp4", args.runs, 3, 1).frames():
            pass  # first-use costs
        recorder = fan_recorder(
            Path(folder) / "race.mp4", args.runs, args.frames, args.epochs_per_frame
        )
        began = time.perf_counter()
        for _ in recorder.frames():
            pass
        fps = recorder.total / (time.perf_counter() - began)
        print(f"MP4: {fps:.1f} frames/s (target > 20)")
        split = fan_recorder(
            Path(folder) / "split.mp4", args.runs, args.frames, args.epochs_per_frame
        )
        print_split("MP4", frame_split(split))
    return 0


if __name__ == "__main__":
    sys.exit(main())
