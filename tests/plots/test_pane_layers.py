"""Recorded frames painted as a kept backdrop plus the moving items are Qt's own pixels."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.pane_layers import PaneLayers, PanesLayers
from optiviz.recorder import Recorder, RecordOptions
from optiviz.recorder.frames import advance, frame_epoch
from optiviz.recorder.recorder import DRAW_FORMAT

SIZE = (640, 360)


def pixels(image: QImage) -> np.ndarray:
    height, width = image.height(), image.width()
    data = np.frombuffer(image.constBits(), np.uint8, count=height * image.bytesPerLine())
    return data.reshape(height, -1)[:, : 4 * width].copy()


def qt_render(recorder: Recorder) -> np.ndarray:
    """The panes as Qt renders each of them (``QWidget.render``), every item afresh.

    Each pane on its own: rendering the whole widget places a few antialiased glyph and clip
    edges differently (its painter is offset to each child), by Qt's own rounding. Laid out
    first, as the recorder does.
    """
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    image = QImage(recorder._image.size(), DRAW_FORMAT)
    image.fill(QColor(recorder.theme.background))
    recorder.widget.render(image, renderFlags=QWidget.RenderFlag.DrawWindowBackground)
    painter = QPainter(image)
    for view in recorder._layers.views():
        part = QImage(view.size(), DRAW_FORMAT)
        QWidget.render(view, part)
        painter.drawImage(view.pos(), part)
    painter.end()
    return pixels(image)


def layered_render(recorder: Recorder) -> np.ndarray:
    recorder._layers.paint(recorder._image, QColor(recorder.theme.background))
    return pixels(recorder._image)


RECORDINGS = {
    "the tutorial's fit": ([RunConfig(epochs=300)], 10),
    "three optimizers": (
        [RunConfig(epochs=300, optimizer=name, lr=0.05) for name in ("SGD", "Adam", "RMSprop")],
        10,
    ),
    "a run leaving the view": ([RunConfig(problem="rosenbrock", optimizer="Adam", epochs=200)], 5),
    "a diverging run": ([RunConfig(epochs=60), RunConfig(epochs=60, lr=1.0)], 2),
    "mini-batches": ([RunConfig(epochs=30, batch_size=4, seed=2)], 1),
    "a 20-run fan": ([RunConfig(epochs=100, lr=0.001 * (i + 1)) for i in range(20)], 4),
    "a network": ([RunConfig(problem="mlp", network=NetworkSpec(), epochs=20)], 1),
}
#: Pixels of a frame that may differ, where Qt itself is not exact: the network's line inset
#: moves with its view every frame, and Qt then reuses its axes' cached pictures, drawn at
#: the old fraction of a pixel (labels a third of a pixel off); painted afresh here.
TOLERANCE = {"a network": 0.002}


@pytest.mark.parametrize("name", RECORDINGS)
def test_every_frame_is_the_frame_qt_renders(qapp, tmp_path, name):
    """Frame after frame (ranges moving, runs diverging, markers leaving the view), the
    layered frame equals Qt's render of the panes to the last bit."""
    configs, step = RECORDINGS[name]
    options = RecordOptions(out=tmp_path / "a.mp4", size=SIZE, epochs_per_frame=step)
    recorder = Recorder(configs, options)
    frames = min(recorder.total, 32)
    for index in range(frames):
        advance(recorder.runs, frame_epoch(index, step))
        recorder.refresh()
        drawn = layered_render(recorder)
        expected = qt_render(recorder)
        differ = (drawn != expected).reshape(drawn.shape[0], -1, 4).any(axis=2)
        if differ.mean() > TOLERANCE.get(name, 0.0):
            rows, columns = np.nonzero(differ)
            pytest.fail(
                f"frame {index}: {len(rows)} pixels differ, first at row {rows[0]}, "
                f"column {columns[0]}"
            )
    layers = recorder._layers
    assert layers.backgrounds == 1
    kept = [pane.backdrops for pane in layers._layers.values()]
    assert len(kept) >= 3 and min(kept) <= frames // 4, kept  # a pane whose view stays keeps it
    recorder.cancel()


def test_the_backdrop_is_painted_once_while_the_runs_move(qapp, tmp_path):
    options = RecordOptions(out=tmp_path / "a.mp4", size=SIZE, epochs_per_frame=10)
    recorder = Recorder([RunConfig(epochs=400)], options)
    for index in range(40):
        recorder.frame_at(index)
    surface = recorder._layers._layers[id(recorder.widget.surface_pane)]
    assert surface.backdrops <= 2  # the surface's view never moves (the first frame lays out)
    recorder.cancel()


def test_a_new_title_reaches_the_next_frame(qapp, tmp_path):
    """A backdrop item changed through its pane (not by the view) is painted again."""
    options = RecordOptions(out=tmp_path / "a.mp4", size=SIZE)
    recorder = Recorder([RunConfig(epochs=100)], options)
    recorder.refresh()
    before = layered_render(recorder)
    recorder.widget.surface_pane.set_title("Another title, much longer than the first one")
    after = layered_render(recorder)
    assert not np.array_equal(after, before)
    np.testing.assert_array_equal(after, qt_render(recorder))
    recorder.cancel()


def test_a_pane_that_cannot_be_layered_is_rendered_by_qt(qapp):
    view = pg.PlotWidget(background=None)  # see-through: the background is not one colour
    view.resize(200, 150)
    view.plot([0, 1, 2], [1, 0, 1])
    image = QImage(200, 150, DRAW_FORMAT)
    assert not PaneLayers(view).paint(image)
    view.close()
    view.deleteLater()


def test_a_widget_holding_more_than_views_is_rendered_whole(qapp):
    widget = QWidget()
    widget.resize(300, 200)
    label = QLabel("not a pane", widget)
    label.setStyleSheet("background: rgb(250, 0, 0)")
    label.setGeometry(0, 0, 300, 200)
    widget.show()
    image = QImage(300, 200, DRAW_FORMAT)
    layers = PanesLayers(widget)
    assert layers.views() is None
    layers.paint(image, QColor("black"))
    assert tuple(pixels(image)[100, 600:603]) == (0, 0, 250)  # the label, as B, G, R
    widget.close()
    widget.deleteLater()
