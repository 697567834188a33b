"""Pane (b): the data with each run's fitted line, or, for a test function, where each run is.

With data, the view is fixed from the data (with margins), so a diverging line just leaves
the picture instead of dragging the axes to 1e30. Lines are in raw units
(:meth:`Dataset.raw_coefficients`), so the points are the user's own numbers. Without data the
pane plots both coordinates and the distance to the nearest known minimum over the epochs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem

from optiviz.engine.problems.library import Dataset, Problem
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.backdrop import mark_backdrop
from optiviz.plots.base import (
    EpochAxis,
    Pane,
    make_legend,
    marker_line,
    marker_pen,
    run_dataset,
    style_legend,
)
from optiviz.plots.batch_points import BatchPoints
from optiviz.plots.curves import DeviceDataItem
from optiviz.plots.geometry import clip_line, expand
from optiviz.plots.i18n import fill, tr
from optiviz.plots.legend import fit_legend
from optiviz.plots.ranges import RunningExtent, Span, settle
from optiviz.plots.run_dots import MANY_RUNS
from optiviz.plots.run_lines import RunLines, line_pen
from optiviz.plots.theme import Theme, color_of

DATA_MARGIN = 0.08  # of the data's span, on each side
#: At most this many points are drawn: a scatter of a million costs seconds a frame, and a
#: random 10,000 of them show the same cloud.
MAX_DRAWN = 10_000
STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine)


def nearest_distance(points: np.ndarray, minima) -> np.ndarray:
    """Distance from every row of ``points`` to the closest of ``minima`` (vectorised)."""
    best = np.full(len(points), np.inf)
    for mx, my in minima:
        np.minimum(best, np.hypot(points[:, 0] - mx, points[:, 1] - my), out=best)
    return best


class DistanceCache:
    """Distances of a growing trajectory, computed only for the rows added since last time.

    The prefix is trusted while the last row seen is unchanged: a history truncated and grown
    again (a scrub and resume) changes that row, and everything is computed afresh.
    """

    def __init__(self) -> None:
        self._values = np.empty(0)
        self._n = 0
        self._last = np.full(2, np.nan)

    def __call__(self, points: np.ndarray, minima) -> np.ndarray:
        n, m = len(points), self._n
        if not (0 < m <= n and np.array_equal(points[m - 1], self._last)):
            m = 0
        if n > len(self._values):
            grown = np.empty(max(2 * n, 1024))
            grown[:m] = self._values[:m]
            self._values = grown
        self._values[m:n] = nearest_distance(points[m:n], minima)
        self._n = n
        self._last = points[n - 1].copy() if n else np.full(2, np.nan)
        return self._values[:n]


def drawn_points(data: Dataset, limit: int = MAX_DRAWN) -> tuple[np.ndarray, np.ndarray]:
    """The points the pane draws: all of them up to ``limit``, else a random subset.

    The subset is fixed by the data (seeded by its digest, so a redraw shows the same points)
    and keeps the extreme points of x and y, so the cloud's outline stays where it is.
    """
    x, y = data.arrays
    if len(x) <= limit:
        return x, y
    rng = np.random.default_rng(int.from_bytes(data.digest[:8], "little"))
    ends = np.unique([x.argmin(), x.argmax(), y.argmin(), y.argmax()])
    chosen = rng.choice(len(x), size=limit - len(ends), replace=False)
    keep = np.union1d(chosen, ends)  # sorted, at most limit
    return x[keep], y[keep]


def data_box(
    problem: Problem, lines: Sequence[tuple[float, float]] = ()
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The fixed view of the data: its extent plus margins (never an empty range).

    ``lines`` (slope, intercept in raw units) are the runs' starting lines: the view's y range
    holds them over the data's x range, so the line at epoch 0 is in the picture (the tutorial
    starts at w=1, b=0, far below its points).
    """
    data = problem.dataset
    if data is None:
        raise ValueError(f"data_box: problem {problem.title!r} has no data")
    x, y = data.arrays
    ends = [s * v + i for s, i in lines for v in (x.min(), x.max())]
    ends = [float(v) for v in ends if math.isfinite(v)]
    box = ((float(x.min()), float(x.max())), (min([y.min(), *ends]), max([y.max(), *ends])))
    (x0, x1), (y0, y1) = box
    box = ((x0, x1 if x1 > x0 else x0 + 1.0), (y0, y1 if y1 > y0 else y0 + 1.0))
    (x0, x1), (y0, y1) = expand(box, DATA_MARGIN)
    dy = (y1 - y0) * 0.05  # a little more room above and below for the lines
    return (x0, x1), (y0 - dy, y1 + dy)


class FitPane(Pane):
    def __init__(self, theme: Theme, parent=None) -> None:
        super().__init__(theme, "Data and fitted line", parent)
        plot = self.plot_item
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        self.legend = make_legend(plot, offset=(-6, 6))
        self.marker = marker_line(theme)
        plot.addItem(self.marker, ignoreBounds=True)
        self.scatter = pg.ScatterPlotItem(size=8, pxMode=True)
        mark_backdrop(self.scatter)
        # above the lines, so a recording draws it every frame: from a cached pixmap
        self.scatter.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.batch_points = BatchPoints(plot)  # the last mini-batch's points, ringed
        self.lines: dict[int, pg.PlotDataItem] = {}
        self.tracks: dict[int, tuple[pg.PlotDataItem, ...]] = {}
        #: Past :data:`MANY_RUNS` runs the lines (or tracks) are this one item instead;
        #: ``batched`` holds the runs it draws, keyed by run (lines) or run and track.
        self.line_batch = RunLines()
        plot.addItem(self.line_batch, ignoreBounds=True)
        self.batched: set[int] = set()
        self._distances: dict[int, DistanceCache] = {}
        self.problem: Problem | None = None
        self.box = ((0.0, 1.0), (0.0, 1.0))
        self._x = EpochAxis(first=0)
        self._extents: dict[tuple[int, int], RunningExtent] = {}
        self._spans: dict[int, Span] = {}  # each run's smallest and largest track value
        self._y_span: Span | None = None
        self._legend_names: list[str] = []
        self._legend_room: tuple[float, float] = (0.0, 0.0)
        plot.getViewBox().sigResized.connect(self._fit_legend)
        self.apply_theme(theme)

    @property
    def has_data(self) -> bool:
        return self.problem is not None and self.problem.dataset is not None

    @property
    def _problem(self) -> Problem:
        """The problem of the last :meth:`build`, which comes before any drawing."""
        assert self.problem is not None, "the fit pane draws runs only after build()"
        return self.problem

    def _run_data(self, run: RunState) -> Dataset:
        """The data ``run`` fits, in its own scaling; only called while :attr:`has_data`."""
        data = run_dataset(run, self._problem)
        if data is None:
            raise RuntimeError("the fit pane draws a fitted line only for a problem with data")
        return data

    # -- building ------------------------------------------------------------------------------
    def build(self, session: SessionState) -> None:
        plot = self.plot_item
        for item in (*self.lines.values(), *(i for t in self.tracks.values() for i in t)):
            plot.removeItem(item)
        if self.scatter.scene() is not None:
            plot.removeItem(self.scatter)
        self.lines.clear()
        self.tracks.clear()
        self.line_batch.clear()
        self.batched = set()
        self._distances.clear()
        self._spans.clear()
        self._legend_names = []
        self.legend.clear()
        self.problem = session.problem
        self.marker.setVisible(False)
        self.batch_points.clear()
        data = session.problem.dataset  # so has_data is now: data is not None
        if data is not None:
            self._build_data(session, data)
        else:
            self._build_position(session)

    def _build_data(self, session: SessionState, data: Dataset) -> None:
        plot = self.plot_item
        x_name, y_name = data.x_name or "x", data.y_name or "y"
        xs, ys = drawn_points(data)
        title = fill(tr("Data and fitted line %1 = w·%2 + b"), y_name, x_name)
        note = ""
        if len(xs) < len(data):
            title += fill(tr(" · %1 of %2 drawn"), f"{len(xs):,}", f"{len(data):,}")
            note = fill(
                tr(
                    "%1 of the %2 points are drawn, chosen at random (the smallest and largest "
                    "x and y among them); the fit uses all of them"
                ),
                f"{len(xs):,}",
                f"{len(data):,}",
            )
        self.set_title(title)
        self.scatter.setToolTip(note)
        plot.setLabel("bottom", fill(tr("%1 (raw units)"), x_name))
        plot.setLabel("left", y_name)
        self.scatter.setData(xs, ys)
        self.backdrop_changed()
        plot.addItem(self.scatter)
        if len(session.runs) > MANY_RUNS:
            self.batched = {run.id for run in session.runs}
        for run in session.runs:
            if run.id in self.batched:
                continue
            line = DeviceDataItem(pen=pg.mkPen(color_of(run), width=2.5), antialias=True)
            plot.addItem(line, ignoreBounds=True)
            self.lines[run.id] = line
        self.legend.setVisible(False)
        starts = []
        for run in session.runs:
            if run.visible:
                w, b = run.history.start
                starts.append(self._run_data(run).raw_coefficients(float(w), float(b)))
        self.box = data_box(session.problem, starts)
        (x0, x1), (y0, y1) = self.box
        plot.disableAutoRange()
        plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _build_position(self, session: SessionState) -> None:
        plot = self.plot_item
        problem = session.problem
        a, b = problem.param_names
        names = [a, b]
        if problem.minima:
            names.append("distance to nearest minimum")
            self.set_title(fill(tr("%1, %2 and distance to the nearest minimum"), a, b))
        else:
            self.set_title(fill(tr("%1 and %2 per epoch"), a, b))
        plot.setLabel("bottom", tr("epoch"))
        plot.setLabel("left", tr("value"))
        if len(session.runs) > MANY_RUNS:
            self.batched = {run.id for run in session.runs}
        for run in session.runs:
            if run.id in self.batched:
                continue
            color = color_of(run)
            items = tuple(
                DeviceDataItem(pen=pg.mkPen(color, width=2, style=STYLES[i]), antialias=True)
                for i in range(len(names))
            )
            for item in items:
                plot.addItem(item)
            self.tracks[run.id] = items
        self.legend.setColumnCount(len(names))  # one row: it hides less of the curves
        for i, name in enumerate(names):
            sample = pg.PlotDataItem(pen=pg.mkPen(self.theme.foreground, width=2, style=STYLES[i]))
            self.legend.addItem(sample, name)
        style_legend(self.legend, self.theme)
        self.legend.setVisible(True)
        self._legend_names = names
        self._legend_room = (0.0, 0.0)
        self._fit_legend()
        plot.disableAutoRange()  # epochs: linked to the loss pane; values: in 1-2-5 steps
        self._y_span = None
        self._extents.clear()

    # -- feeding -------------------------------------------------------------------------------
    def update_data(
        self, session: SessionState, epoch: int | None, changed: set[int], epoch_changed: bool
    ) -> None:
        if self.has_data:
            for run in session.runs:
                drawn = run.id in self.lines or run.id in self.batched
                if drawn and (run.id in changed or epoch_changed):
                    self._update_line(run, epoch)
            if changed or epoch_changed:
                self.batch_points.show(session, epoch)
        else:
            for run in session.runs:
                if (run.id in self.tracks or run.id in self.batched) and run.id in changed:
                    self._update_tracks(run)
            if changed:
                self._update_range(session)
            self.marker.setVisible(epoch is not None)
            if epoch is not None:
                self.marker.setValue(float(epoch))

    def _update_range(self, session: SessionState) -> None:
        """Move the value axis only when the tracks left it (see :mod:`ranges`)."""
        shown = (run.id for run in session.runs if run.visible)
        spans = [self._spans[i] for i in shown if i in self._spans]
        if not spans:
            return
        lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
        y_span = settle(self._y_span, lo, hi, log=False)
        if y_span != self._y_span:
            self._y_span = y_span
            self.plot_item.getViewBox().setRange(yRange=y_span, padding=0.03)

    def _fit_legend(self, *_args) -> None:
        """Keep the one-row legend of the tracks inside the view."""
        if self.has_data or not self._legend_names:
            return
        vb = self.plot_item.getViewBox()
        room = (vb.width() - 12, vb.height() - 12)
        if room != self._legend_room:
            self._legend_room = room
            fit_legend(
                self.legend,
                self._legend_names,
                room,
                self.theme.foreground,
                columns=len(self._legend_names),
            )

    def _update_line(self, run: RunState, epoch: int | None) -> None:
        history = run.history
        w, b = history.params_at(len(history) if epoch is None else epoch)
        data = self._run_data(run)  # each run in its own scaling
        slope, intercept = data.raw_coefficients(float(w), float(b))
        x_range, y_range = expand(self.box, 0.5)
        xs, ys = clip_line(slope, intercept, x_range, y_range)
        if run.id in self.batched:
            pen = line_pen(color_of(run), 2.5)
            self.line_batch.set_line(
                run.id, np.asarray(xs), np.asarray(ys), pen, visible=run.visible
            )
            return
        line = self.lines[run.id]
        line.setVisible(run.visible)
        line.setData(xs, ys, skipFiniteCheck=True)

    def _update_tracks(self, run: RunState) -> None:
        points = run.history.trajectory()
        x = self._x(len(points))
        columns = [points[:, 0], points[:, 1]]
        minima = self._problem.minima
        if minima:
            cache = self._distances.setdefault(run.id, DistanceCache())
            columns.append(cache(points, minima))
        spans = []
        for i, values in enumerate(columns):
            if run.id in self.batched:
                key = run.id * len(STYLES) + i
                pen = line_pen(color_of(run), 2, STYLES[i])
                self.line_batch.set_line(key, x, values, pen, visible=run.visible, monotone=True)
            else:
                item = self.tracks[run.id][i]
                item.setVisible(run.visible)
                item.setData(x, values, skipFiniteCheck=True)
            spans.append(self._extents.setdefault((run.id, i), RunningExtent())(values))
        found = [span for span in spans if span is not None]
        if found:
            self._spans[run.id] = (min(s[0] for s in found), max(s[1] for s in found))

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.marker.setPen(marker_pen(theme))
        self.scatter.setBrush(pg.mkBrush(theme.foreground))
        self.scatter.setPen(pg.mkPen(theme.background, width=1))
        for sample, _label in self.legend.items:
            pen = pg.mkPen(sample.item.opts["pen"])
            pen.setColor(pg.mkColor(theme.foreground))
            sample.item.setPen(pen)
        style_legend(self.legend, theme)
