"""The points of each run's last mini-batch, ringed in the run's colour on the data pane.

Only the latest step's batch is known (:attr:`RunState.batch`, sent with every update): while
the timeline shows an earlier step nothing is ringed rather than the wrong points.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from optiviz.engine.worker.session_state import SessionState
from optiviz.plots.theme import color_of

#: The ring's size in pixels (the data's points are 8) and its fill's opacity; in a race each
#: further run's rings are :data:`RING_STEP` pixels wider, so rings on one point nest.
RING_SIZE = 16
RING_STEP = 6
FILL_ALPHA = 70


class BatchPoints:
    """One scatter item under the data's points, holding the rings of every shown run."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.item = pg.ScatterPlotItem(size=RING_SIZE, symbol="o", pxMode=True)
        self.item.setZValue(-1)  # under the data's points, which stay on top of their rings
        plot.addItem(self.item, ignoreBounds=True)
        #: The indices ringed for each run, as drawn.
        self.shown: dict[int, np.ndarray] = {}

    def clear(self) -> None:
        self.shown = {}
        self.item.setData(x=[], y=[])
        self.item.setVisible(False)  # Qt skips it: an empty scatter still took 0.07 ms to paint

    def show(self, session: SessionState, epoch: int | None) -> None:
        """Ring the last batch of every shown run, if ``epoch`` (a step count, None: the
        latest) is that run's latest step."""
        data = session.problem.dataset
        if data is None:
            self.clear()
            return
        x, y = data.arrays  # not data.x: a tuple of a million floats took 40 ms a frame
        shown: dict[int, np.ndarray] = {}
        styles = []
        for run in session.runs:
            batch = run.batch
            if batch is None or not run.visible or len(run.history) == 0:
                continue
            if epoch is not None and int(epoch) != len(run.history):
                continue  # a scrubbed step: its batch is not known here
            index = np.asarray(batch, dtype=np.intp)
            index = index[(index >= 0) & (index < len(x))]
            shown[run.id] = index
            color = pg.mkColor(color_of(run))
            fill = pg.mkColor(color)
            fill.setAlpha(FILL_ALPHA)
            styles.append((pg.mkPen(color, width=2), pg.mkBrush(fill), len(index)))
        if not shown:
            self.clear()
            return
        index = np.concatenate(list(shown.values()))
        self.shown = shown
        self.item.setVisible(True)
        if len(styles) == 1:  # one run: one pen and brush, not one per point
            pen, brush, _count = styles[0]
            self.item.setData(x=x[index], y=y[index], pen=pen, brush=brush, size=RING_SIZE)
            return
        pens = [pen for pen, _brush, count in styles for _ in range(count)]
        brushes = [brush for _pen, brush, count in styles for _ in range(count)]
        sizes = np.repeat(RING_SIZE + RING_STEP * np.arange(len(styles)), [c for *_s, c in styles])
        # the widest rings first, so the narrower ones (drawn later) stay visible inside them
        order = np.argsort(-sizes, kind="stable")
        self.item.setData(
            x=x[index][order],
            y=y[index][order],
            pen=[pens[i] for i in order],
            brush=[brushes[i] for i in order],
            size=sizes[order],
        )
