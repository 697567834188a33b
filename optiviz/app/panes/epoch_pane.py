"""A pane with one curve per run over the epochs: the loss pane and the learning-rate pane."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from optiviz.app.panes.base import (
    EpochAxis,
    Pane,
    legend_text,
    make_legend,
    marker_line,
    marker_pen,
    style_legend,
)
from optiviz.app.theme import Theme, run_color
from optiviz.engine.session_state import RunState, SessionState

#: Values at or below zero are drawn here on a log axis (a loss that reached exactly 0).
LOG_FLOOR = 1e-30


class EpochPane(Pane):
    """Per-run curves of one history column, a dot at the shown epoch, a marker line.

    Downsampling and clipping are set on the plot item before any curve is added: set on a
    curve before ``addItem`` they would be overwritten by the plot's own settings.
    """

    x_label = "epoch"
    y_label = ""
    with_legend = False
    log_floor = LOG_FLOOR

    def __init__(self, theme: Theme, title: str, parent=None) -> None:
        super().__init__(theme, title, parent)
        plot = self.plot_item
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.setLabel("bottom", self.x_label)
        plot.setLabel("left", self.y_label)
        plot.getAxis("left").enableAutoSIPrefix(False)
        self.legend = make_legend(plot, offset=(-6, 6)) if self.with_legend else None
        self.marker = marker_line(theme)
        plot.addItem(self.marker, ignoreBounds=True)
        self.curves: dict[int, pg.PlotDataItem] = {}
        self.dots: dict[int, pg.PlotDataItem] = {}
        self.log = False
        self._x = EpochAxis()
        self.apply_theme(theme)

    def column(self, run: RunState) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def use_log(self, session: SessionState) -> bool:
        return False

    def build(self, session: SessionState) -> None:
        plot = self.plot_item
        for item in (*self.curves.values(), *self.dots.values()):
            plot.removeItem(item)
        self.curves.clear()
        self.dots.clear()
        if self.legend is not None:
            self.legend.clear()
        self.log = self.use_log(session)
        plot.setLogMode(x=False, y=self.log)
        for run in session.runs:
            color = run_color(run.id)
            curve = pg.PlotDataItem(pen=pg.mkPen(color, width=2), antialias=True)
            dot = pg.PlotDataItem(
                pen=None,
                symbol="o",
                symbolSize=8,
                symbolBrush=color,
                symbolPen=pg.mkPen(self.theme.background, width=1.5),
            )
            plot.addItem(curve)
            plot.addItem(dot)
            self.curves[run.id] = curve
            self.dots[run.id] = dot
            if self.legend is not None and run.visible:
                self.legend.addItem(curve, legend_text(run))
        self.marker.setVisible(False)
        plot.enableAutoRange()

    def update_data(
        self, session: SessionState, epoch: int | None, changed: set[int], epoch_changed: bool
    ) -> None:
        for run in session.runs:
            curve = self.curves.get(run.id)
            if curve is None:
                continue
            n = len(run.history)
            if run.id in changed:
                curve.setVisible(run.visible)
                self.dots[run.id].setVisible(run.visible and n > 0)
                curve.setData(self._x(n), self._values(run), skipFiniteCheck=True)
                if self.legend is not None:
                    label = self.legend.getLabel(curve)
                    if label is not None:
                        label.setText(legend_text(run), color=self.theme.foreground)
            if n and (run.id in changed or epoch_changed):
                k = n if epoch is None else min(max(int(epoch), 1), n)
                value = self._values(run, k - 1)
                self.dots[run.id].setData([float(k)], [value], skipFiniteCheck=True)
        if epoch is None:
            self.marker.setVisible(False)
        else:
            self.marker.setValue(float(epoch))
            self.marker.setVisible(True)

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
        if self.legend is not None:
            style_legend(self.legend, theme)
