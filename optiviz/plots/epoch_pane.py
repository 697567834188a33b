"""A pane with one curve per run over the epochs: the loss pane and the learning-rate pane.

The x axis is in epochs. A mini-batch run steps ``K`` times an epoch: its rows sit at
``1/K, 2/K, ...`` (:attr:`History.epochs`), and a pane that has a value per epoch too
(:meth:`EpochPane.epoch_column`, the loss) draws the steps as a thin, translucent curve under
a bold curve of the epochs.

The view is not autoranged: the epoch axis spans the planned epochs and the value axis moves
in 1-2-5 steps (:mod:`optiviz.plots.ranges`), so the axes are laid out again a few times a
run instead of every frame. Zooming with the mouse stops that until the next session.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.base import (
    EpochAxis,
    Pane,
    legend_fate,
    legend_text,
    make_legend,
    marker_line,
    marker_pen,
    shown_labels,
    style_legend,
)
from optiviz.plots.curves import DeviceDataItem
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr
from optiviz.plots.legend import MAX_HEIGHT, fit_legend
from optiviz.plots.ranges import RunningExtent, Span, epoch_span, settle
from optiviz.plots.run_dots import MANY_RUNS, RunDots
from optiviz.plots.run_lines import RunLines, line_pen
from optiviz.plots.theme import Theme, color_of

#: Values at or below zero are drawn here on a log axis (a loss that reached exactly 0).
LOG_FLOOR = 1e-30
#: Room around the data, as a share of the view's span.
PADDING = 0.03
#: The legend keeps this many pixels from the view's edges.
LEGEND_MARGIN = 12
#: Past this many shown runs the legend is a summary: the first entries and "+ n more runs".
MAX_ENTRIES = 12
#: The runs a summary names before its "+ n more runs".
SUMMARY_ENTRIES = 4
#: A summary covers at most this share of the view's height (and of its width).
SUMMARY_SHARE = 1 / 3
#: Mini-batch runs: the per-epoch curve's width, the per-step curve's width and opacity.
EPOCH_WIDTH = 2.6
STEP_WIDTH = 1.0
STEP_ALPHA = 70


def timeline_per_epoch(session: SessionState) -> int:
    """Steps an epoch of the run with the most steps: the timeline's steps are its steps."""
    longest = max(session.runs, key=lambda run: len(run.history), default=None)
    return 1 if longest is None else longest.history.steps_per_epoch


def reached_epochs(session: SessionState) -> int:
    """The furthest any run got, in epochs (a run in the middle of one counts it)."""
    return max(
        (math.ceil(len(r.history) / r.history.steps_per_epoch) for r in session.runs), default=0
    )


class EpochPane(Pane):
    """Per-run curves of one history column, a dot at the shown epoch, a marker line.

    Downsampling and clipping are set on the plot item before any curve is added: set on a
    curve before ``addItem`` they would be overwritten by the plot's own settings.
    """

    x_label = QT_TR_NOOP("epoch")
    y_label = ""
    with_legend = False
    log_floor = LOG_FLOOR

    def __init__(self, theme: Theme, title: str, parent=None) -> None:
        super().__init__(theme, title, parent)
        plot = self.plot_item
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.setLabel("bottom", tr(self.x_label))
        plot.setLabel("left", tr(self.y_label))
        plot.getAxis("left").enableAutoSIPrefix(False)
        self.legend = make_legend(plot, offset=(-6, 6)) if self.with_legend else None
        self.marker = marker_line(theme)
        plot.addItem(self.marker, ignoreBounds=True)
        self.curves: dict[int, DeviceDataItem] = {}
        #: Mini-batch runs: the thin per-step curve under the bold per-epoch one (``curves``).
        self.step_curves: dict[int, DeviceDataItem] = {}
        self.dots: dict[int, pg.PlotDataItem] = {}
        #: Past :data:`MANY_RUNS` runs the dots are one item (``dots`` stays empty).
        self.dot_batch = RunDots(theme.background)
        self.dot_batch.setZValue(1)
        self.dot_batch.setVisible(False)
        plot.addItem(self.dot_batch)
        self._dot_places: dict[int, tuple[float, float]] = {}
        self._many = False
        #: Past :data:`MANY_RUNS` runs the curves are drawn by these two items; ``curves``
        #: then holds items off the plot that give the legend its samples.
        self.line_batch = RunLines()
        self.step_batch = RunLines()
        self.step_batch.setZValue(-1)
        plot.addItem(self.line_batch, ignoreBounds=True)
        plot.addItem(self.step_batch, ignoreBounds=True)
        #: Where a curve leaves the top of the view (a diverged run), a triangle on the edge.
        self.clips: dict[int, pg.PlotDataItem] = {}
        self._clipped: set[int] = set()
        self._more: pg.PlotDataItem | None = None  # the sample-less "+ n more runs" entry
        self.log = False
        self._x = EpochAxis()
        self._extents: dict[int, RunningExtent] = {}
        self._x_span: Span | None = None
        self._y_span: Span | None = None
        self._follow = True
        self._legend_ids: list[int] = []  # the runs the legend names, in its order
        self._legend_texts: list[str] = []
        self._legend_endings: list[str] = []
        self._legend_short: list[str] = []
        self._legend_room: tuple[float, float] = (0.0, 0.0)
        vb = plot.getViewBox()
        vb.sigRangeChangedManually.connect(self._zoomed)
        vb.sigResized.connect(self._fit_legend)
        self.apply_theme(theme)

    def column(self, run: RunState) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def epoch_column(self, run: RunState) -> np.ndarray | None:
        """One value per completed epoch, drawn bold over the steps' thin curve when a run
        steps several times an epoch; None: the steps' values are the one curve."""
        return None

    def use_log(self, session: SessionState) -> bool:
        return False

    def start_value(self, session: SessionState, run: RunState) -> float | None:
        """The value a run starts from, shown by an empty pane (before the first epoch)."""
        return None

    def build(self, session: SessionState) -> None:
        plot = self.plot_item
        items = (*self.curves.values(), *self.step_curves.values(), *self.dots.values())
        for item in (*items, *self.clips.values()):
            plot.removeItem(item)
        self.curves.clear()
        self.step_curves.clear()
        self.dots.clear()
        self.clips.clear()
        self._clipped.clear()
        if self.legend is not None:
            self.legend.clear()
        self._legend_ids = []
        self.log = self.use_log(session)
        plot.setLogMode(x=False, y=self.log)
        many = self._many = len(session.runs) > MANY_RUNS
        self.dot_batch.setVisible(many)
        self.dot_batch.show_dots([], [], [])
        self._dot_places.clear()
        self.line_batch.clear()
        self.step_batch.clear()
        for run in session.runs:
            color = color_of(run)
            curve = DeviceDataItem(pen=pg.mkPen(color, width=2), antialias=True)
            clip = pg.PlotDataItem(
                pen=None,
                symbol="t1",  # a triangle pointing up, out of the view
                symbolSize=12,
                symbolBrush=pg.mkBrush(color),
                symbolPen=pg.mkPen(self.theme.background, width=1),
            )
            clip.setVisible(False)
            if not many:
                plot.addItem(curve)
            plot.addItem(clip, ignoreBounds=True)
            self.curves[run.id] = curve
            self.clips[run.id] = clip
            if many:
                continue
            # Brushes, not colour names: pyqtgraph keys its symbol cache by the brush object,
            # and a name made a new brush, a new symbol and a bigger cache on every frame.
            dot = pg.PlotDataItem(
                pen=None,
                symbol="o",
                symbolSize=8,
                symbolBrush=pg.mkBrush(color),
                symbolPen=pg.mkPen(self.theme.background, width=1.5),
            )
            plot.addItem(dot)
            self.dots[run.id] = dot
        self._build_legend(session)
        self.marker.setVisible(False)
        plot.disableAutoRange()
        self._extents = {run.id: RunningExtent() for run in session.runs}
        self._x_span = self._y_span = None
        self._follow = True
        self._legend_texts = []

    def update_data(
        self, session: SessionState, epoch: int | None, changed: set[int], epoch_changed: bool
    ) -> None:
        if changed and self._update_range(session):
            changed = set(self.curves)  # a new top edge: every curve is clipped afresh
        top = self._top()
        for run in session.runs:
            curve = self.curves.get(run.id)
            if curve is None:
                continue
            n = len(run.history)
            per_epoch = run.history.steps_per_epoch
            dot = self.dots.get(run.id)
            if run.id in changed:
                curve.setVisible(run.visible)
                if dot is not None:
                    dot.setVisible(run.visible and n > 0)
                elif not (run.visible and n):
                    self._dot_places.pop(run.id, None)
                self._draw_run(run, curve, top)
            if n and (run.id in changed or epoch_changed):
                k = n if epoch is None else min(max(int(epoch), 1), n)
                limit = 10.0**top if self.log else top  # raw units: the item takes the log
                value = min(self._values(run, k - 1), limit)
                if dot is not None:
                    dot.setData([k / per_epoch], [value], skipFiniteCheck=True)
                elif run.visible:
                    self._dot_places[run.id] = (k / per_epoch, value)
        if self._many and (changed or epoch_changed):
            self._show_dot_batch(session)
        if changed:
            self._update_legend(session)
        if epoch is None:
            self.marker.setVisible(False)
        else:
            self.marker.setValue(epoch / timeline_per_epoch(session))
            self.marker.setVisible(True)

    def _show_dot_batch(self, session: SessionState) -> None:
        """Many runs: every shown run's dot, in the runs' order, as the one batched item."""
        placed = [run for run in session.runs if run.id in self._dot_places]
        places = [self._dot_places[run.id] for run in placed]
        self.dot_batch.show_dots(
            [p[0] for p in places], [p[1] for p in places], [color_of(run) for run in placed]
        )

    def _draw_run(self, run: RunState, curve: DeviceDataItem, top: float) -> None:
        """Feed a run's curves: its steps at their place in epochs and, for a mini-batch run
        with a value per epoch, the epochs' curve as its main one over the thin steps."""
        history = run.history
        per_epoch = history.steps_per_epoch
        x = self._x.steps(len(history), per_epoch)
        values = self._clip(run, x, top)
        epochs = self.epoch_column(run) if per_epoch > 1 else None
        if self._many:
            self._batch_run(run, x, values, epochs, top)
            return
        steps = self.step_curves.get(run.id)
        if epochs is None:
            if steps is not None:
                self.plot_item.removeItem(steps)
                del self.step_curves[run.id]
                curve.setPen(pg.mkPen(color_of(run), width=2))
                curve.setShadowPen(None)
            curve.setData(x, values, skipFiniteCheck=True)
            return
        if steps is None:
            steps = self.step_curves[run.id] = self._make_step_curve(run)
            curve.setPen(pg.mkPen(color_of(run), width=EPOCH_WIDTH))
            # outlined, so it stands out of the band its own batches draw in its colour
            curve.setShadowPen(pg.mkPen(self.theme.background, width=EPOCH_WIDTH + 2.5))
        steps.setVisible(run.visible)
        steps.setData(x, values, skipFiniteCheck=True)
        limit = 10.0**top if self.log else top
        shown = np.maximum(epochs, self.log_floor) if self.log else epochs
        with np.errstate(invalid="ignore"):
            shown = np.where(shown > limit, limit, shown)
        curve.setData(self._x(len(epochs)), shown, skipFiniteCheck=True)

    def _batch_run(
        self,
        run: RunState,
        x: np.ndarray,
        values: np.ndarray,
        epochs: np.ndarray | None,
        top: float,
    ) -> None:
        """Many runs: the same curves as :meth:`_draw_run` draws, fed to the batched items
        in view units (decades on a log axis)."""
        color = color_of(run)
        if epochs is None:
            self.step_batch.remove(run.id)
            pen = line_pen(color, 2)
            self.line_batch.set_line(
                run.id, x, self._in_view(values), pen, visible=run.visible, monotone=True
            )
            return
        steps_pen = line_pen(color, STEP_WIDTH, alpha=STEP_ALPHA)
        self.step_batch.set_line(
            run.id, x, self._in_view(values), steps_pen, visible=run.visible, monotone=True
        )
        limit = 10.0**top if self.log else top
        shown = np.maximum(epochs, self.log_floor) if self.log else epochs
        with np.errstate(invalid="ignore"):
            shown = np.where(shown > limit, limit, shown)
        self.line_batch.set_line(
            run.id,
            self._x(len(epochs)),
            self._in_view(shown),
            line_pen(color, EPOCH_WIDTH),
            shadow=line_pen(self.theme.background, EPOCH_WIDTH + 2.5),
            visible=run.visible,
            monotone=True,
        )

    def _in_view(self, values: np.ndarray) -> np.ndarray:
        """Values in view units: decades on a log axis (already floored at the log floor)."""
        if not self.log:
            return values
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(values)

    def _make_step_curve(self, run: RunState) -> DeviceDataItem:
        color = pg.mkColor(color_of(run))
        color.setAlpha(STEP_ALPHA)
        steps = DeviceDataItem(pen=pg.mkPen(color, width=STEP_WIDTH), antialias=True)
        steps.setZValue(-1)  # under every run's bold curve, over the grid
        self.plot_item.addItem(steps)
        return steps

    @property
    def legend_texts(self) -> list[str]:
        """The legend's entries in full (the drawn ones may be elided to fit)."""
        return list(self._legend_texts)

    # -- clipping ------------------------------------------------------------------------------
    def _top(self) -> float:
        """The view's top edge in data units (decades on a log axis); inf before a range."""
        if self._y_span is None:
            return float("inf")
        lo, hi = self._y_span
        return hi + PADDING * (hi - lo)

    def _clip(self, run: RunState, x: np.ndarray, top: float) -> np.ndarray:
        """The run's values, those above the view's ``top`` drawn on it, with a triangle on
        the edge where the curve first leaves the view (``x``: where each value is drawn)."""
        values = self._values(run)
        clip = self.clips[run.id]
        limit = 10.0**top if self.log else top
        with np.errstate(invalid="ignore"):
            above = ~(values <= limit) & ~np.isnan(values)
        if not above.any():
            clip.setVisible(False)
            self._clipped.discard(run.id)
            return values
        first = int(np.argmax(above))
        clip.setData([float(x[first])], [limit], skipFiniteCheck=True)
        clip.setVisible(run.visible)
        self._clipped.add(run.id)
        return np.where(above, limit, values)

    # -- the view ------------------------------------------------------------------------------
    def _update_range(self, session: SessionState) -> bool:
        """Move the view only when the data left it (or fills too little of it).

        Only runs that did not diverge count, when there are any shown: one diverging run in
        a race must not stretch the axis to 1e35 (its curve is clipped at the top edge).
        Returns whether the value axis moved.
        """
        if not self._follow:
            return False
        planned = max((run.config.epochs for run in session.runs), default=0)
        x_span = epoch_span(planned, reached_epochs(session))
        shown = [run for run in session.runs if run.visible and run.id in self.curves]
        finite = [run for run in shown if run.status != "diverged"] or shown
        lo, hi = float("inf"), float("-inf")
        for run in finite:
            extent = self._extent(session, run)
            if extent is not None:
                lo, hi = min(lo, extent[0]), max(hi, extent[1])
        y_span = self._y_span
        if lo <= hi:
            y_span = settle(self._y_span, lo, hi, self.log)
        elif y_span is None:
            y_span = (-1.0, 1.0) if self.log else (0.0, 1.0)
        if (x_span, y_span) == (self._x_span, self._y_span):
            return False
        moved = y_span != self._y_span
        self._x_span, self._y_span = x_span, y_span
        self.plot_item.getViewBox().setRange(xRange=x_span, yRange=y_span, padding=PADDING)
        return moved

    def _extent(self, session: SessionState, run: RunState) -> Span | None:
        """The run's smallest and largest value in view units (decades on a log axis)."""
        if len(run.history):
            extent = self._extents.setdefault(run.id, RunningExtent())(self.column(run))
        else:
            start = self.start_value(session, run)
            extent = (start, start) if start is not None and np.isfinite(start) else None
        if extent is None or not self.log:
            return extent
        lo, hi = extent
        return float(np.log10(max(lo, self.log_floor))), float(np.log10(max(hi, self.log_floor)))

    def _zoomed(self, *_args) -> None:
        self._follow = False

    # -- the legend ----------------------------------------------------------------------------
    def _build_legend(self, session: SessionState) -> None:
        """Name every shown run, or past :data:`MAX_ENTRIES` the first few and a count."""
        if self.legend is None:
            return
        shown = [run for run in session.runs if run.visible]
        named = shown if len(shown) <= MAX_ENTRIES else shown[:SUMMARY_ENTRIES]
        for run in named:
            self.legend.addItem(self.curves[run.id], "")
            self._legend_ids.append(run.id)
        self._more = None
        if len(named) < len(shown):
            self._more = pg.PlotDataItem(pen=None)  # an entry with an empty sample
            self.legend.addItem(self._more, "")

    def _update_legend(self, session: SessionState) -> None:
        if self.legend is None:
            return
        labels = shown_labels(session)
        shown = [session.run(i) for i in self._legend_ids]
        texts = [legend_text(run, labels[run.id]) for run in shown]
        endings = [legend_fate(run) for run in shown]
        short = [legend_fate(run, short=True) for run in shown]
        if self._more is not None:
            rest = sum(run.visible for run in session.runs) - len(shown)
            texts.append(fill(tr("+ %1 more runs"), rest))
            endings.append("")
            short.append("")
        if texts != self._legend_texts:
            self._legend_texts = texts
            self._legend_endings = endings
            self._legend_short = short
            self._legend_room = (0.0, 0.0)
            self._fit_legend()

    def _fit_legend(self, *_args) -> None:
        """Keep the legend inside the view (after a resize or a new entry text); a summary
        keeps to a third of it."""
        if self.legend is None or not self._legend_texts:
            return
        vb = self.plot_item.getViewBox()
        room = (vb.width() - LEGEND_MARGIN, vb.height() - LEGEND_MARGIN)
        if room == self._legend_room:
            return
        self._legend_room = room
        if self._more is not None:
            room = (vb.width() * SUMMARY_SHARE, vb.height() * SUMMARY_SHARE)
        fit_legend(
            self.legend,
            self._legend_texts,
            room,
            self.theme.foreground,
            endings=self._legend_endings,
            short_endings=self._legend_short,
            max_height=1.0 if self._more is not None else MAX_HEIGHT,
        )

    def _values(self, run: RunState, index: int | None = None):
        values = self.column(run)
        if index is not None:
            value = float(values[index])
            return max(value, self.log_floor) if self.log else value
        return np.maximum(values, self.log_floor) if self.log else values

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.marker.setPen(marker_pen(theme))
        for dot in self.dots.values():
            dot.setSymbolPen(pg.mkPen(theme.background, width=1.5))
        self.dot_batch.set_outline(theme.background)
        self.line_batch.set_shadows(pg.mkPen(theme.background, width=EPOCH_WIDTH + 2.5))
        for clip in self.clips.values():
            clip.setSymbolPen(pg.mkPen(theme.background, width=1))
        for run_id in self.step_curves:
            outline = pg.mkPen(theme.background, width=EPOCH_WIDTH + 2.5)
            self.curves[run_id].setShadowPen(outline)
        if self.legend is not None:
            style_legend(self.legend, theme)
