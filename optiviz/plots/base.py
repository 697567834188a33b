"""What every pane shares: a themed pyqtgraph plot and the per-refresh contract."""

from __future__ import annotations

import html
from functools import cache
from typing import cast

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem

from optiviz.engine.problems.library import Dataset, Problem
from optiviz.engine.runs.columns import grown
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.labels import distinct_labels
from optiviz.engine.worker.session_state import RunState, SessionState, run_label
from optiviz.plots.backdrop import ITEM, mark_backdrop
from optiviz.plots.descriptions import describe_pane
from optiviz.plots.grid import TickGrid
from optiviz.plots.i18n import fill, tr
from optiviz.plots.legend import CompactSample, set_text_scale
from optiviz.plots.ranges import nice_ceil, nice_floor
from optiviz.plots.theme import Theme

#: The titles' size at scale 1.
TITLE_POINTS = 10.0
#: Pixels a scaled title leaves free across the pane.
TITLE_MARGIN = 16
AXES = ("left", "bottom", "right", "top")
#: What a pane needs at least (pixels) beside a dock that would squeeze it (the 3-D view).
MIN_PANE_WIDTH = 240
#: Room a pane's title needs besides its own text: the left axis and the margins.
TITLE_CHROME = 70


def style_axes(plot: pg.PlotItem, theme: Theme) -> None:
    """Colour a plot's axes, tick labels and axis labels for ``theme``."""
    for name in AXES:
        axis = plot.getAxis(name)
        axis.setPen(theme.muted)
        axis.setTextPen(theme.foreground)
        # Repaint a cached pixmap unless the axis changed: replaying its tick labels costs
        # about 1 ms per axis per frame, a third of a frame with six axes.
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def style_legend(legend: pg.LegendItem, theme: Theme) -> None:
    legend.setBrush(theme.legend_brush)
    legend.setPen(theme.muted)
    legend.setLabelTextColor(theme.foreground)
    set_text_scale(legend, theme.scale)
    for _sample, label in legend.items:
        label.setText(label.text, color=theme.foreground)


def make_legend(plot: pg.PlotItem, offset: tuple[float, float]) -> pg.LegendItem:
    """A legend anchored in ``plot``'s view, not registered as ``plot.legend``.

    Items are added by hand, so clearing the plot never empties it behind our back.
    """
    legend = pg.LegendItem(
        offset=offset, verSpacing=0, labelTextSize="9pt", sampleType=CompactSample
    )
    legend.setParentItem(plot.getViewBox())
    legend.setZValue(100)
    # Its translucent box is kept as a pixmap: filled afresh each frame it cost ~2 ms a pane.
    legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return legend


def marker_pen(theme: Theme) -> QPen:
    return pg.mkPen(theme.foreground, width=1.2, style=Qt.PenStyle.DashLine)


def marker_line(theme: Theme) -> pg.InfiniteLine:
    """The vertical line at the scrubbed epoch."""
    line = pg.InfiniteLine(angle=90, movable=False, pen=marker_pen(theme))
    line.setZValue(50)
    line.setVisible(False)
    return line


class TidyAxis(pg.AxisItem):
    """An axis whose log mode labels 1, 2 and 5 of each decade, and always two values or more.

    pyqtgraph labels every minor tick (``9·10², 8·10², ...``) and they overlap in a pane a few
    hundred pixels high; the unlabelled ticks and grid lines stay. Within less than a decade
    (a loss from 2806 to 2091) it would label nothing: the ticks are then spread evenly over
    the values (2200, 2400, ...) and all labelled.
    """

    def tickValues(self, minVal, maxVal, size):
        levels = super().tickValues(minVal, maxVal, size)
        if not self.logMode:
            return levels
        # pyqtgraph's minor ticks repeat the whole decades: their labels were drawn twice
        decades = {round(v, 9) for spacing, values in levels if spacing for v in values}
        levels = [
            (spacing, values if spacing else [v for v in values if round(v, 9) not in decades])
            for spacing, values in levels
        ]
        shown = [v for _spacing, values in levels for v in values if minVal <= v <= maxVal]
        if sum(labelled_mantissa(shown)) >= min(MIN_LABELS, max(2, int(size // 40))):
            return levels
        even = even_log_ticks(minVal, maxVal, size)
        self._even = even
        return [(None, even)]

    def logTickStrings(self, values, scale, spacing):
        if spacing is not None:  # whole decades
            return super().logTickStrings(values, scale, spacing)
        if list(values) == getattr(self, "_even", None):  # evenly spread: label them all
            return [format_value(10.0**v) for v in values]
        strings = super().logTickStrings(values, scale, spacing)
        keep = labelled_mantissa(values)
        return [text if ok else "" for text, ok in zip(strings, keep, strict=True)]


#: A log axis shows at least this many labelled ticks (two in a tiny pane).
MIN_LABELS = 3
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def labelled_mantissa(log_values) -> np.ndarray:
    """Which values (in decades) are 1, 2 or 5 times a power of ten: the labelled ones."""
    mantissa = 10 ** (np.asarray(log_values, dtype=float) % 1.0)
    if mantissa.size == 0:
        return np.zeros(0, dtype=bool)
    labelled = np.isclose(mantissa[:, None], [1.0, 2.0, 5.0, 10.0], rtol=1e-6).any(axis=1)
    # numpy's stubs allow a scalar bool here; reduced along one axis of a 2-D array it is 1-D.
    return cast(np.ndarray, labelled)


def even_log_ticks(lo: float, hi: float, size: float) -> list[float]:
    """Tick positions (in decades) at round values spread evenly between ``10**lo`` and
    ``10**hi``: about one per 40 pixels, and three (or two, if the pane is tiny) at least."""
    a, b = sorted((10.0**lo, 10.0**hi))
    if not (np.isfinite(a) and np.isfinite(b)) or b <= a:
        return []
    wanted = max(2, min(6, int(size // 40)))
    step = nice_ceil((b - a) / wanted)
    for _ in range(6):
        values = np.arange(np.ceil(a / step), np.floor(b / step) + 1) * step
        if len(values) >= min(wanted, 3):
            break
        step = nice_floor(step * 0.999)
    values = values[values > 0]
    return np.log10(values).tolist()


def format_value(value: float) -> str:
    """A short label: ``2400``, ``0.05``, ``2.4·10⁻⁵``."""
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4g}"
    exponent = int(np.floor(np.log10(abs(value))))
    mantissa = value / 10.0**exponent
    power = "10" + str(exponent).translate(SUPERSCRIPT)
    return power if np.isclose(mantissa, 1.0) else f"{mantissa:.3g}·{power}"


class Pane(pg.PlotWidget):
    """One plot of the panes grid. Items are made in :meth:`build`, fed in :meth:`update_data`."""

    #: Draw a light grid at the ticks (a :class:`TickGrid`, not pyqtgraph's costly one).
    with_grid = True

    def __init__(self, theme: Theme, title: str, parent=None) -> None:
        super().__init__(
            parent=parent,
            background=theme.background,
            axisItems={"left": TidyAxis("left")},
            enableMenu=False,  # never shown: built and dropped, its view menu took 27 ms a pane
        )
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.plot_item.hideButtons()
        self.theme = theme
        self._title = title
        self.tick_grid: TickGrid | None = None
        if self.with_grid:
            self.tick_grid = TickGrid(self.plot_item, theme)
            self.plot_item.addItem(self.tick_grid, ignoreBounds=True)
            mark_backdrop(self.tick_grid)
        plot = self.plot_item
        view = plot.getViewBox()
        mark_backdrop(plot.titleLabel, view.background, view.borderRect, *map(plot.getAxis, AXES))
        mark_backdrop(plot, view, reach=ITEM)  # their own frames; what they hold may move
        self.setMinimumSize(160, 120)

    #: Bumped when an item marked as backdrop changes other than with the view (see
    #: :mod:`optiviz.plots.backdrop`).
    backdrop_revision = 0

    def backdrop_changed(self) -> None:
        self.backdrop_revision += 1

    #: Pixels on the view's right that the pane's own items take (a colour bar).
    side_width = 0

    def set_title(self, title: str) -> None:
        """Show ``title`` as plain text (pyqtgraph renders titles as HTML; a CSV's column
        names and a typed expression are the user's text)."""
        self._title = title
        self.backdrop_changed()
        shown, points = self._fitted_title()
        self.plot_item.setTitle(
            html.escape(shown), color=self.theme.foreground, size=f"{points:g}pt"
        )
        describe_pane(self)  # the title's, legend's and scales' tooltips follow the title

    def _fitted_title(self) -> tuple[str, float]:
        """The title and its size in points. Scaled up (presenter mode), a title wider than
        the pane shrinks, down to its usual size, then loses its end: pyqtgraph would
        otherwise widen the plot past the pane's edge to show it whole."""
        points = self.theme.points(TITLE_POINTS)
        if self.theme.scale == 1.0:
            return self._title, points
        self.plot_item.layout.activate()  # the view's width after a resize, not before it
        # the title sits over the view only: the axes and side items beside it are not its room
        beside = self.plot_item.width() - self.plot_item.getViewBox().width()
        label = self.plot_item.titleLabel.item  # measured in its own font and margins
        margins = 2 * label.document().documentMargin()
        room = max(self.width() - beside - margins - TITLE_MARGIN, 40.0)
        font = QFont(label.font())
        while True:
            font.setPointSizeF(points)
            metrics = QFontMetricsF(font)
            if metrics.horizontalAdvance(self._title) <= room or points <= TITLE_POINTS:
                break
            points = max(TITLE_POINTS, points * 0.9)
        return metrics.elidedText(self._title, Qt.TextElideMode.ElideRight, room), points

    def resizeEvent(self, event) -> None:
        theme = self.__dict__.get("theme")  # None while pyqtgraph's __init__ sizes the view
        if theme is not None and theme.scale != 1.0:
            self.set_title(self._title)  # first: the plot then fits the pane at its new size
        super().resizeEvent(event)

    def needed_width(self) -> int:
        """The narrowest this pane can be with its whole title, axes and side items. Not a
        hard minimum (a small window may still squeeze it); a dock beside the panes yields
        to it (:class:`optiviz.app.explore.view3d.YieldToPanes`)."""
        font = QFont(self.font())
        font.setPointSizeF(self.theme.points(TITLE_POINTS))
        text = QFontMetricsF(font).horizontalAdvance(self._title)
        return int(max(MIN_PANE_WIDTH, text + TITLE_CHROME + self.side_width))

    def apply_theme(self, theme: Theme) -> None:
        """Repaint backgrounds, axes, grid and title; subclasses recolour their own items."""
        self.theme = theme
        self.backdrop_changed()
        self.setBackground(theme.background)
        style_axes(self.plot_item, theme)
        if self.tick_grid is not None:
            self.tick_grid.set_theme(theme)
        self.set_title(self._title)

    def refit_legend(self) -> None:
        """Fit the legend again (its text scale changed): forget the room it was fitted to."""
        fit = getattr(self, "_fit_legend", None)
        if fit is not None and hasattr(self, "_legend_room"):
            self._legend_room = 0.0, 0.0
            fit()

    def build(self, session: SessionState) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def update_data(
        self, session: SessionState, epoch: int | None, changed: set[int], epoch_changed: bool
    ) -> None:  # pragma: no cover - interface
        """Feed new data: ``changed`` holds the ids of runs whose history or status moved."""
        raise NotImplementedError


def divergence_place(run: RunState) -> str:
    """Where a run diverged: ``epoch 29``, or for a mini-batch run (``diverged_at`` counts
    steps) ``epoch 3, step 29``."""
    step = run.diverged_at
    per_epoch = run.history.steps_per_epoch
    if step is None or per_epoch == 1:
        return fill(tr("epoch %1"), step)
    return fill(tr("epoch %1, step %2"), -(-step // per_epoch), step)


def legend_fate(run, short: bool = False) -> str:
    """How a run ended, as the end of its legend entry: `` — diverged at epoch 29`` (or just
    `` — diverged`` when ``short``), or ""."""
    if run.status == "diverged":
        if run.diverged_at and not short:
            return fill(tr(" — diverged at %1"), divergence_place(run))
        return tr(" — diverged")
    return ""


def legend_text(run, label: str | None = None) -> str:
    """A run's legend entry (``label``, else the run's own), with its fate when it diverged."""
    return (run.label if label is None else label) + legend_fate(run)


#: The last :func:`shown_labels`: every pane asks each frame, for the same runs.
_last_labels: tuple[list[object], dict[int, str]] = ([], {})


def shown_labels(session: SessionState) -> dict[int, str]:
    """Each run's label for a legend: runs named by their settings get as many digits as it
    takes to tell them apart (an lr fan); labels the user typed are kept. Configs are
    replaced, never changed in place: the same configs and labels give the same answer."""
    global _last_labels
    key: list[object] = []
    for run in session.runs:
        key += [run.id, run.label, run.config]
    last_key, last = _last_labels
    if len(key) == len(last_key) and all(
        a is b or (not isinstance(a, RunConfig) and a == b)
        for a, b in zip(key, last_key, strict=True)
    ):
        return dict(last)
    labels = _shown_labels(session)
    _last_labels = (key, labels)
    return dict(labels)


def _shown_labels(session: SessionState) -> dict[int, str]:
    auto = [run for run in session.runs if run.label == run_label(run.config)]
    labels = {run.id: run.label for run in session.runs}
    ids = [run.id for run in auto]
    labels.update(zip(ids, distinct_labels([r.config for r in auto]), strict=True))
    return labels


def run_dataset(run: RunState, problem: Problem) -> Dataset | None:
    """The data ``run`` fits: a race may give runs their own scaling of the problem's points."""
    if problem.dataset is None:
        return None
    return run.config.dataset if run.config.dataset is not None else tutorial_dataset()


@cache
def tutorial_dataset() -> Dataset:
    """The tutorial's points, made once (a frozen dataset; 50 runs made 50 a frame)."""
    return Dataset()


class EpochAxis:
    """A cached ``1..n`` float array, so refreshing a long curve allocates nothing new."""

    def __init__(self, first: int = 1) -> None:
        self._first = float(first)
        self._values = np.arange(self._first, self._first + 1024.0)
        self._per_epoch = 1
        self._steps = self._values

    def __call__(self, n: int) -> np.ndarray:
        if n > len(self._values):
            self._values = np.arange(self._first, self._first + grown(len(self._values), n))
        return self._values[:n]

    def steps(self, n: int, per_epoch: int) -> np.ndarray:
        """Where each of ``n`` steps ends, in epochs, with ``per_epoch`` steps an epoch: the
        values of :attr:`History.epochs` (``1/K, 2/K, ...``), cached the same way."""
        if per_epoch <= 1:
            return self(n)
        if per_epoch != self._per_epoch or n > len(self._steps):
            self._per_epoch = per_epoch
            count = max(grown(len(self._steps), n), 1024)
            self._steps = np.arange(self._first, self._first + count) / per_epoch
        return self._steps[:n]
