"""A million points: loading, the problem, the surface, the first draw and the worst frame.

A CSV of 10⁶ rows is written to a temporary folder (6 significant digits, as measurements
usually are; ``--digits 17`` writes every float exactly) and then timed, step by step, as the
window meets it:

- load: ``load_csv`` (the file read, parsed and checked);
- problem: ``RunConfig`` validation, which builds the linear problem (moments, least squares);
  a second build, as every edit does, reuses what the data cached;
- pickle: the config across the worker's pipe (size, dumps and loads);
- surface: the 160 x 160 loss grid of the surface pane;
- first draw: the panes built for the session, refreshed and painted offscreen;
- frames: one epoch a frame, then refresh and paint (the window's share; the epoch itself is
  the worker's), the median and the worst of ``--frames``.

    python benchmarks/million_points.py [--points 1000000] [--frames 60] [--digits 6]
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from optiviz.engine.problems.data_io import load_csv
from optiviz.engine.problems.surface import surface_grid
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session_state import SessionState, sync_status
from optiviz.plots import PanesWidget

T = TypeVar("T")
SIZE = (1280, 720)


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """``call()`` and the milliseconds it took."""
    begin = time.perf_counter()
    value = call()
    return value, 1000.0 * (time.perf_counter() - begin)


def write_csv(path: Path, points: int, digits: int) -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 100.0, points)
    y = 3.0 * x + 40.0 + rng.normal(0.0, 8.0, points)
    with open(path, "w") as handle:
        handle.write("hours,score\n")
        np.savetxt(handle, np.stack([x, y], axis=1), fmt=f"%.{digits}g", delimiter=",")


def draw_frames(config: RunConfig, frames: int) -> tuple[float, list[float]]:
    """The first draw's milliseconds, then each frame's (refresh and paint, an epoch apart)."""
    run = Run(config)
    session = SessionState.from_runs([run])
    widget = PanesWidget(theme="dark")
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    widget.resize(*SIZE)
    widget.show()
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    background = QColor(widget.theme.background)

    def draw() -> None:
        widget.refresh()
        image.fill(background)
        widget.render(image)

    def first_draw() -> None:
        widget.set_session(session)
        widget.layout().activate()
        draw()

    _, first = timed(first_draw)
    times = []
    for _ in range(frames):
        run.step()
        sync_status(session.runs[0], run)
        times.append(timed(draw)[1])
    widget.close()
    widget.deleteLater()
    return first, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--digits", type=int, default=6)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "million.csv"
        write_csv(path, args.points, args.digits)
        size = path.stat().st_size / 2**20
        data, load = timed(lambda: load_csv(path, "standardize"))
    print(f"{len(data):,} points, {args.digits} digits, {size:.1f} MB CSV")
    print(f"load            {load:8.1f} ms")
    config, build = timed(lambda: RunConfig(dataset=data, epochs=10_000))
    problem, first = timed(lambda: build_problem(config))
    _again, again = timed(lambda: build_problem(config))
    print(f"config + problem{build + first:8.1f} ms (the next build {again:.1f} ms)")
    raw, dumps = timed(lambda: pickle.dumps(config))
    _back, loads = timed(lambda: pickle.loads(raw))
    print(f"pickle          {dumps:8.1f} ms dumps, {loads:.1f} ms loads, {len(raw) / 2**20:.1f} MB")
    _grid, surface = timed(lambda: surface_grid(problem, 160))
    print(f"surface 160²    {surface:8.1f} ms")

    _grid, surface_again = timed(lambda: surface_grid(problem, 160))
    print(f"surface again   {surface_again:8.1f} ms (the first one imports what it needs)")
    first_frame, frames = draw_frames(config, args.frames)
    print(f"first draw      {first_frame:8.1f} ms")
    print(f"load to drawn   {load + build + first + first_frame:8.1f} ms")
    print(f"frames          {statistics.median(frames):8.1f} ms median, {max(frames):.1f} ms worst")
    base_first, base = draw_frames(RunConfig(epochs=10_000), args.frames)
    print(
        f"tutorial's data {statistics.median(base):8.1f} ms median, {max(base):.1f} ms worst "
        f"(first draw {base_first:.1f} ms): the same panes on 11 points, for the machine's noise"
    )
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
