"""The line inset reads over any surface: its title and axes sit on the pane's background."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor

from optiviz.plots.line_inset import LineInset
from optiviz.plots.theme import DARK, LIGHT
from tests.plots.drawing import pixels, plot_widget

YELLOW = (250, 230, 40)


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
def test_the_insets_title_is_on_the_panes_background_not_the_surface(qtbot, theme):
    widget = plot_widget(qtbot, theme)
    plot = widget.plotItem
    plot.addItem(pg.ImageItem(np.full((10, 10, 3), YELLOW, dtype=np.uint8)))
    plot.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    inset = LineInset(plot, theme)
    inset.set_network(True)
    qtbot.wait(20)
    drawn = pixels(widget)
    box = inset.inset.sceneBoundingRect()
    title_band = drawn[
        int(box.top()) + 2 : int(box.top()) + 12, int(box.left()) + 2 : int(box.right()) - 2
    ]
    background = QColor(theme.background)
    expected = np.array([background.red(), background.green(), background.blue()])
    near_background = (np.abs(title_band.astype(int) - expected).max(axis=2) <= 3).mean()
    surface = (np.abs(title_band.astype(int) - np.array(YELLOW)).max(axis=2) <= 10).mean()
    assert surface == 0.0  # none of the surface shows through
    assert near_background > 0.6  # the rest is the title's own letters
