"""Painting the panes: milliseconds per frame, the way the recorder and the window paint them.

A :class:`~optiviz.plots.PanesWidget` is shown offscreen (``WA_DontShowOnScreen``, as the
recorder does), the runs are stepped frame by frame and every frame is refreshed and then
painted with ``QWidget.render`` into an image. Three scenes:

- tutorial: the tutorial's SGD run, 1000 epochs, 10 epochs a frame;
- long: one run growing to 100,000 epochs, 1000 epochs a frame;
- race: SGD lr=1 (diverges at epoch 29), the tutorial's SGD and Adam lr=0.5, 1000 epochs.

Prints the mean and the median paint (and refresh) time per frame for each scene and size.
``--profile SCENE`` prints where the paint time of that scene goes (cProfile).

    python benchmarks/panes_paint.py [--frames 100] [--sizes 1200x400,1280x720]
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session_state import SessionState, sync_status
from optiviz.plots import PanesWidget

#: The recorder's image format; the window paints into its backing store (ARGB32_Premultiplied).
FORMAT = "RGBA8888_Premultiplied"

#: name -> (configs, epochs per frame)
SCENES: dict[str, tuple[list[RunConfig], int]] = {
    "tutorial": ([RunConfig(epochs=1000)], 10),
    "long": ([RunConfig(epochs=100_000)], 1000),
    "race": (
        [
            RunConfig(lr=1.0, epochs=1000),
            RunConfig(epochs=1000),
            RunConfig(optimizer="Adam", lr=0.5),
        ],
        10,
    ),
}


class Scene:
    """Runs stepped frame by frame, drawn by one offscreen :class:`PanesWidget`."""

    def __init__(
        self, name: str, size: tuple[int, int], theme: str = "dark", image_format: str = FORMAT
    ) -> None:
        configs, self.step = SCENES[name]
        self.runs = [Run(config) for config in configs]
        self.session = SessionState.from_runs(self.runs)
        self.widget = PanesWidget(theme=theme)
        self.widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.widget.resize(*size)
        self.widget.show()
        self.widget.set_session(self.session)
        self.widget.layout().activate()
        self.image = QImage(*size, getattr(QImage.Format, f"Format_{image_format}"))
        self.background = QColor(self.widget.theme.background)
        self.frame = 0

    def advance(self) -> None:
        """Step every run to the next frame's epoch (a run that is over stays as it is)."""
        self.frame += 1
        target = self.frame * self.step
        for run, state in zip(self.runs, self.session.runs, strict=True):
            while run.epoch < target and not run.done:
                run.step()
            sync_status(state, run)

    def paint(self) -> None:
        self.image.fill(self.background)
        self.widget.render(self.image)

    def close(self) -> None:
        self.widget.close()
        self.widget.deleteLater()


def timed(call: Callable[[], None]) -> float:
    begin = time.perf_counter()
    call()
    return 1000.0 * (time.perf_counter() - begin)


def measure(
    name: str, size: tuple[int, int], frames: int, image_format: str = FORMAT
) -> tuple[list[float], list[float]]:
    """Refresh and paint times (ms) of ``frames`` frames, after two warm-up frames."""
    scene = Scene(name, size, image_format=image_format)
    refresh, paint = [], []
    for index in range(frames + 2):
        scene.advance()
        r = timed(scene.widget.refresh)
        p = timed(scene.paint)
        if index >= 2:
            refresh.append(r)
            paint.append(p)
    scene.close()
    return refresh, paint


def profile(name: str, size: tuple[int, int], frames: int, image_format: str = FORMAT) -> None:
    scene = Scene(name, size, image_format=image_format)
    profiler = cProfile.Profile()
    for _ in range(frames):
        scene.advance()
        scene.widget.refresh()
        profiler.enable()
        scene.paint()
        profiler.disable()
    scene.close()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100)
    parser.add_argument("--sizes", default="1200x400,1280x720")
    parser.add_argument("--scenes", default=",".join(SCENES))
    parser.add_argument("--profile", choices=sorted(SCENES), help="profile this scene's paint")
    parser.add_argument(
        "--formats",
        default=f"{FORMAT},ARGB32_Premultiplied",
        help="QImage formats painted into: the recorder's, then the window's",
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 - kept alive
    sizes = [tuple(int(v) for v in text.split("x")) for text in args.sizes.split(",")]
    formats = args.formats.split(",")
    if args.profile:
        profile(args.profile, sizes[0], args.frames, formats[0])
        return 0
    print(f"{args.frames} frames per scene; milliseconds per frame, mean (median)")
    for image_format, size, name in itertools.product(formats, sizes, args.scenes.split(",")):
        refresh, paint = measure(name, size, args.frames, image_format)
        print(
            f"{image_format:>22} {size[0]}x{size[1]} {name:>8}: "
            f"paint {statistics.mean(paint):6.2f} "
            f"({statistics.median(paint):6.2f}), refresh {statistics.mean(refresh):5.2f} "
            f"({statistics.median(refresh):5.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
