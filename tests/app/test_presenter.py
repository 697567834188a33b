"""Presenter mode (F5): sizes read from the drawn items, the caption, one pane maximised."""

from __future__ import annotations

import html

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QDockWidget

from optiviz.app.main_window import MainWindow
from optiviz.app.model.app_model import DEFAULT_PRESENTER_SCALE
from optiviz.app.presenter.install import MAX_CHROME, SCALE_KEY
from optiviz.app.settings import Settings
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.base import Pane
from optiviz.plots.legend import FONT_SIZES
from optiviz.recorder.caption import entry_text

RACE = [RunConfig(epochs=40), RunConfig(epochs=40, lr=0.02, batch_size=4)]


def sizes(window: MainWindow) -> dict[str, float]:
    """What the loss and surface panes draw with, read from their items."""
    loss = window.panes.loss_pane
    axis = loss.plot_item.getAxis("left")
    tick = axis.style["tickFont"] or axis.font()
    path = window.panes.surface_pane.paths[0]
    return {
        "tick_pixels": QFontInfo(tick).pixelSize(),
        "label_points": axis.label.font().pointSizeF(),
        "curve": loss.curves[0].opts["pen"].widthF(),
        "batch_curve": loss.curves[1].opts["pen"].widthF(),  # given its pen with its first rows
        "dot": float(loss.dots[0].opts["symbolSize"]),
        "path": path.opts["pen"].widthF(),
        "minimum": float(window.panes.surface_pane.minima.opts["size"]),
        "legend_points": float(loss.legend.items[0][1].opts["size"].removesuffix("pt")),
        "title_points": title_points(window.panes.surface_pane),
    }


def title_points(pane: Pane) -> float:
    """The title's size; a title too long for its pane shrinks back to its desk size."""
    return float(pane.plot_item.titleLabel.opts["size"].removesuffix("pt"))


def played(window: MainWindow, steps: int = 5) -> None:
    for _ in range(steps):
        window.step()
        window.frame()


def test_f5_toggles_the_model_and_the_panes_follow_at_the_scale(make_window, qtbot):
    window = make_window(RACE, size=(1280, 800), first_frame=True)
    played(window)
    desk = sizes(window)
    desk_font = QApplication.font().pointSizeF()
    window.model.set_presenter_scale(2.0)
    assert sizes(window) == desk  # the scale waits for presenter mode

    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.model.presenter and window.presenter.action.isChecked()
    qtbot.wait(20)  # the panes take the room the docks left
    shown = sizes(window)
    for key, value in desk.items():
        if key not in ("title_points", "legend_points"):
            assert shown[key] >= 2 * value - 1e-6, key  # tick pixels round: >= 2x, not == 2x
    # a title and a legend grow as far as their pane has room
    assert shown["title_points"] > desk["title_points"]
    assert shown["legend_points"] >= 2 * min(FONT_SIZES) > desk["legend_points"]
    assert QApplication.font().pointSizeF() == pytest.approx(MAX_CHROME * desk_font)
    assert window.presenter.bar.isVisible() and not window.dock.isVisible()
    assert not window.status.isVisible()  # the caption stands in for it

    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not window.model.presenter and not window.presenter.action.isChecked()
    assert sizes(window) == desk
    assert QApplication.font().pointSizeF() == desk_font
    assert window.dock.isVisible() and not window.presenter.bar.isVisible()
    assert window.status.isVisible()


def test_the_slider_sets_the_scale_and_it_is_remembered(make_window):
    settings = Settings(persistent=False)
    window = make_window(RunConfig(epochs=20), settings=settings, first_frame=True)
    assert window.model.presenter_scale == DEFAULT_PRESENTER_SCALE
    desk = sizes_one(window)
    window.presenter.action.trigger()
    slider = window.presenter.scale_control.slider
    assert (slider.minimum(), slider.maximum(), slider.value()) == (100, 300, 175)
    slider.setValue(300)
    assert window.model.presenter_scale == 3.0
    assert window.presenter.scale_control.label.text() == "300 %"
    now = sizes_one(window)
    assert now["curve"] == pytest.approx(3 * desk["curve"])
    assert now["dot"] == pytest.approx(3 * desk["dot"])
    slider.setValue(100)
    assert sizes_one(window) == desk  # 100 %: the desk's sizes, while still presenting
    slider.setValue(250)
    window.close()
    assert float(settings.value(SCALE_KEY)) == 2.5
    again = make_window(RunConfig(epochs=20), settings=settings)
    assert again.model.presenter_scale == 2.5 and not again.model.presenter


def sizes_one(window: MainWindow) -> dict[str, float]:
    loss = window.panes.loss_pane
    return {"curve": loss.curves[0].opts["pen"].widthF(), "dot": loss.dots[0].opts["symbolSize"]}


def test_the_model_keeps_the_scale_within_its_range(make_window):
    model = make_window(RunConfig(epochs=5)).model
    model.set_presenter_scale(9.0)
    assert model.presenter_scale == 3.0
    model.set_presenter_scale(0.1)
    assert model.presenter_scale == 1.0


def test_the_caption_is_the_recorders_entry_text_of_each_run(make_window, qtbot):
    window = make_window(RACE, size=(1920, 1080), first_frame=True)
    window.presenter.action.trigger()
    played(window, 3)
    state = window.client.state
    expected = [entry_text(state, run, 40) for run in state.runs]
    caption = window.presenter.caption
    assert [text for _color, text in caption.lines] == expected
    assert "epoch 3 / 40" in expected[0] and "step" in expected[1]
    rows = html.unescape(caption.text().replace("&nbsp;", " ")).split("<br>")
    assert [row.endswith(text) for row, text in zip(rows, expected, strict=True)] == [True] * 2
    assert caption.font().pointSizeF() == pytest.approx(12 * DEFAULT_PRESENTER_SCALE)

    window.resize(700, 600)  # too narrow: smaller, then cut in the middle; the loss stays
    qtbot.wait(20)
    rows = html.unescape(caption.text().replace("&nbsp;", " ")).split("<br>")
    assert all("…" in row for row in rows)
    for row, text in zip(rows, expected, strict=True):
        assert row.endswith(text[-12:]) and "loss" in row
    assert caption.font().pointSizeF() < 12 * DEFAULT_PRESENTER_SCALE
    assert caption.width() <= window.width()


def double_click(qtbot, pane: Pane, at: QPoint) -> None:
    """As a mouse does it: press and release, then the second press comes as a double-click
    event, then its release."""
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(pane.viewport(), Qt.MouseButton.LeftButton, pos=at)


def centre_of(pane: Pane) -> QPoint:
    vb = pane.plot_item.getViewBox()
    return pane.mapFromScene(vb.sceneBoundingRect().center())


def test_double_click_maximises_a_pane_and_again_restores_the_grid(make_window, qtbot):
    window = make_window(RunConfig(epochs=20), size=(1024, 768), first_frame=True)
    panes = window.panes
    loss = panes.loss_pane
    grid = {pane: pane.geometry() for pane in panes.panes if pane.isVisible()}
    double_click(qtbot, loss, centre_of(loss))
    assert panes.maximised is loss
    assert [p for p in panes.panes if p.isVisible()] == [loss]
    assert loss.width() * loss.height() >= 0.9 * panes.width() * panes.height()
    assert window.presenter.restore_action.isEnabled()
    double_click(qtbot, loss, centre_of(loss))
    assert panes.maximised is None
    assert {pane: pane.geometry() for pane in panes.panes if pane.isVisible()} == grid
    assert not window.presenter.restore_action.isEnabled()

    double_click(qtbot, loss, centre_of(loss))
    assert panes.maximised is loss
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert panes.maximised is None and len(grid) == 3 and all(p.isVisible() for p in grid)


def test_a_double_click_on_the_surface_maximises_it_and_keeps_the_start(make_window, qtbot):
    window = make_window(RunConfig(problem="himmelblau", epochs=20), first_frame=True)
    surface = window.panes.surface_pane
    start = tuple(surface.target.pos())
    config = window.model.edited_config
    generation = window.client.state.generation
    vb = surface.plot_item.getViewBox()
    at = surface.mapFromScene(vb.mapViewToScene(QPointF(2.0, -1.0)))
    double_click(qtbot, surface, at)
    qtbot.wait(QApplication.doubleClickInterval() + 150)  # a held click would land by now
    window.frame()
    assert window.panes.maximised is surface
    assert tuple(surface.target.pos()) == start
    assert window.model.edited_config == config
    assert window.client.state.generation == generation  # no restart


def test_a_double_click_on_the_data_adds_a_point_and_does_not_maximise(make_window, qtbot):
    window = make_window(RunConfig(epochs=20), first_frame=True)
    fit = window.panes.fit_pane
    n = len(window.client.state.problem.dataset.x)
    vb = fit.plot_item.getViewBox()
    at = fit.mapFromScene(vb.mapViewToScene(QPointF(25.0, 30.0)))
    double_click(qtbot, fit, at)
    window.frame()
    assert window.panes.maximised is None
    assert len(window.client.state.problem.dataset.x) == n + 1
    axis = fit.plot_item.getAxis("bottom")  # its axes are free: a double-click there maximises
    below = fit.mapFromScene(axis.sceneBoundingRect().center())
    double_click(qtbot, fit, below)
    assert window.panes.maximised is fit


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768)])
def test_presenting_at_200_percent_reads_at_projector_sizes(make_window, qtbot, size):
    window = make_window(RACE, size=size, first_frame=True)
    played(window)
    desk = sizes(window)
    window.model.set_presenter_scale(2.0)
    window.model.set_presenter(True)
    qtbot.wait(50)
    shown = sizes(window)
    assert shown["tick_pixels"] >= 2 * desk["tick_pixels"]
    assert shown["curve"] >= 2 * desk["curve"] and shown["path"] >= 2 * desk["path"]
    panes = window.panes
    area = panes.width() * panes.height()
    assert area >= 0.75 * window.width() * window.height()  # the docks stepped aside
    for pane in (panes.surface_pane, panes.loss_pane, panes.fit_pane):
        panes.maximise(pane)
        assert pane.width() * pane.height() >= 0.9 * area
        plot = pane.plot_item
        assert plot.width() <= pane.width() + 1  # nothing pushed past the pane's edge
        assert plot.titleLabel.sceneBoundingRect().right() <= pane.width() + 1
    panes.maximise(None)
    for pane in (panes.surface_pane, panes.loss_pane, panes.fit_pane):
        assert pane.plot_item.width() <= pane.width() + 1
        assert title_points(pane) >= 10.0
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible()]
    assert docks == []
