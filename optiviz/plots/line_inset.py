"""The 1-D view of a network's landscape: the loss along the straight line from the start
(t = 0) to the first run's current point (t = 1), and a little beyond both, as Goodfellow et
al. (2015) drew it.

A small plot laid over a corner of the surface pane's view, in the same scene; it follows
the view's size. Shown for network sessions only, while the View menu's entry is checked.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPalette

from optiviz.engine.worker.live_landscape import LandscapeView
from optiviz.plots.base import style_axes
from optiviz.plots.curves import DeviceCurve
from optiviz.plots.i18n import tr
from optiviz.plots.theme import Theme

#: Of the surface view's width and height.
WIDTH, HEIGHT = 0.45, 0.3
#: Pixels between the inset and the view's corner.
INSET_MARGIN = 8.0
INSET_TITLE_SIZE = "7pt"
#: The smallest the inset is drawn, in pixels (width, height).
MIN_SIZE = (180.0, 130.0)


def line_title() -> str:
    return tr("Loss along the line from the start")


class LineInset:
    """The inset in ``plot``'s top right corner (``plot`` must be in a scene)."""

    def __init__(self, plot: pg.PlotItem, theme: Theme) -> None:
        self.plot = plot
        self.wanted = True  # the View menu's entry
        self.network = False
        self.inset = pg.PlotItem(enableMenu=False)
        self.inset.hideButtons()
        self.inset.setMouseEnabled(x=False, y=False)
        self.inset.setZValue(60)
        self.inset.setLabel("bottom", "t")
        self.curve = DeviceCurve(antialias=True)
        self.inset.addItem(self.curve)
        self.inset.getViewBox().setBackgroundColor(theme.background)
        scene = plot.scene()
        if scene is not None:
            scene.addItem(self.inset)
        plot.getViewBox().sigResized.connect(self._follow)
        self.set_theme(theme)
        self._sync()

    def set_network(self, on: bool) -> None:
        self.network = bool(on)
        self._sync()

    def set_wanted(self, on: bool) -> None:
        """Show or hide the inset (the View menu's entry)."""
        self.wanted = bool(on)
        self._sync()

    @property
    def shown(self) -> bool:
        return self.inset.isVisible()

    def show_line(self, view: LandscapeView | None) -> None:
        if view is None or len(view.line_t) == 0:
            self.curve.setData([], [])
            return
        t = np.asarray(view.line_t, dtype=np.float64)
        loss = np.asarray(view.line_loss, dtype=np.float64)
        self.curve.setData(t, loss, skipFiniteCheck=True)
        finite = loss[np.isfinite(loss)]
        if len(finite):
            lo, hi = float(finite.min()), float(finite.max())
            pad = (hi - lo) * 0.08 or 0.5
            span = (min(float(t.min()), 0.0), max(float(t.max()), 1.0))
            self.inset.setRange(xRange=span, yRange=(lo - pad, hi + pad), padding=0)

    def _sync(self) -> None:
        self.inset.setVisible(self.network and self.wanted)
        self._follow()

    def _follow(self, *_args: object) -> None:
        rect = self.plot.getViewBox().sceneBoundingRect()
        # a share of the view, but never too small to read (a short pane beside the lr's)
        width = min(max(rect.width() * WIDTH, MIN_SIZE[0]), rect.width() - 2 * INSET_MARGIN)
        height = min(max(rect.height() * HEIGHT, MIN_SIZE[1]), rect.height() - 2 * INSET_MARGIN)
        self.inset.setGeometry(
            QRectF(rect.right() - width - INSET_MARGIN, rect.top() + INSET_MARGIN, width, height)
        )

    def set_theme(self, theme: Theme) -> None:
        # the whole inset, title and axes too, on the pane's background: over a bright
        # surface its title was unreadable
        palette = self.inset.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(theme.background))
        self.inset.setPalette(palette)
        self.inset.setAutoFillBackground(True)
        style_axes(self.inset, theme)
        self.inset.getViewBox().setBackgroundColor(theme.background)
        self.inset.setTitle(line_title(), color=theme.foreground, size=INSET_TITLE_SIZE)
        self.curve.setPen(pg.mkPen(theme.foreground, width=1.8))
