"""What every pane shares: a themed pyqtgraph plot and the per-refresh contract."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsItem

from optiviz.app.theme import Theme
from optiviz.engine.problems import Dataset, Problem
from optiviz.engine.session_state import RunState, SessionState

TITLE_SIZE = "10pt"
AXES = ("left", "bottom", "right", "top")


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
    for _sample, label in legend.items:
        label.setText(label.text, color=theme.foreground)


def make_legend(plot: pg.PlotItem, offset: tuple[float, float]) -> pg.LegendItem:
    """A legend anchored in ``plot``'s view, not registered as ``plot.legend``.

    Items are added by hand, so clearing the plot never empties it behind our back.
    """
    legend = pg.LegendItem(offset=offset, verSpacing=-4, labelTextSize="9pt")
    legend.setParentItem(plot.getViewBox())
    legend.setZValue(100)
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
    """An axis whose log mode labels only 1, 2 and 5 of each decade.

    pyqtgraph labels every minor tick (``9·10², 8·10², ...``) and they overlap in a pane a few
    hundred pixels high; the unlabelled ticks and grid lines stay.
    """

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        if spacing is not None:  # whole decades
            return strings
        mantissa = 10 ** (np.asarray(values, dtype=float) % 1.0)
        keep = np.isclose(mantissa[:, None], [1.0, 2.0, 5.0, 10.0], rtol=1e-6).any(axis=1)
        if keep.sum() < 2:
            return strings
        return [text if ok else "" for text, ok in zip(strings, keep, strict=True)]


class Pane(pg.PlotWidget):
    """One plot of the panes grid. Items are made in :meth:`build`, fed in :meth:`update_data`."""

    def __init__(self, theme: Theme, title: str, parent=None) -> None:
        super().__init__(
            parent=parent, background=theme.background, axisItems={"left": TidyAxis("left")}
        )
        self.plot_item: pg.PlotItem = self.getPlotItem()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.theme = theme
        self._title = title
        self.setMinimumSize(160, 120)

    def set_title(self, title: str) -> None:
        self._title = title
        self.plot_item.setTitle(title, color=self.theme.foreground, size=TITLE_SIZE)

    def apply_theme(self, theme: Theme) -> None:
        """Repaint backgrounds, axes, grid and title; subclasses recolour their own items."""
        self.theme = theme
        self.setBackground(theme.background)
        style_axes(self.plot_item, theme)
        self.plot_item.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        self.set_title(self._title)

    def build(self, session: SessionState) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def update_data(
        self, session: SessionState, epoch: int | None, changed: set[int], epoch_changed: bool
    ) -> None:  # pragma: no cover - interface
        """Feed new data: ``changed`` holds the ids of runs whose history or status moved."""
        raise NotImplementedError


def legend_text(run) -> str:
    """A run's legend entry, with its fate when it diverged."""
    if run.status == "diverged":
        where = f" at epoch {run.diverged_at}" if run.diverged_at else ""
        return f"{run.label} — diverged{where}"
    return run.label


def run_dataset(run: RunState, problem: Problem) -> Dataset | None:
    """The data ``run`` fits: a race may give runs their own scaling of the problem's points."""
    if problem.dataset is None:
        return None
    return run.config.dataset if run.config.dataset is not None else Dataset()


class EpochAxis:
    """A cached ``1..n`` float array, so refreshing a long curve allocates nothing new."""

    def __init__(self, first: int = 1) -> None:
        self._first = float(first)
        self._values = np.arange(self._first, self._first + 1024.0)

    def __call__(self, n: int) -> np.ndarray:
        if n > len(self._values):
            self._values = np.arange(self._first, self._first + 2.0 * n)
        return self._values[:n]
