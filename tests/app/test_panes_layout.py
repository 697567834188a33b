"""A dock beside the panes (the 3-D view) never squeezes them below what they need."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from optiviz.app.explore.view3d import YieldToPanes
from optiviz.engine.problems.library import make_problem
from optiviz.engine.problems.surface import surface_grid
from optiviz.engine.runs.config import RunConfig
from optiviz.plots import PanesWidget
from tests.app.test_panes import session


def test_a_wide_dock_leaves_the_panes_their_titles_and_colour_bar(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    panes = PanesWidget()
    window.setCentralWidget(panes)
    window.panes = panes  # as the app's window names them
    dock = QDockWidget("3-D view", window)
    view = QWidget()  # stands for the GL view, which needs OpenGL
    view.setMinimumWidth(200)
    YieldToPanes(view, 200)
    dock.setWidget(view)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    panes.set_session(session(RunConfig(), RunConfig(optimizer="Adam", lr=0.5), epochs=20))
    window.resizeDocks([dock], [2000], Qt.Orientation.Horizontal)  # as wide as it can get
    qtbot.wait(50)
    panes.refresh()
    assert dock.width() > 200  # the dock did grow, up to what the panes leave
    assert panes.width() >= panes.needed_width()
    for pane in (panes.surface_pane, panes.loss_pane, panes.fit_pane):
        title = pane.plot_item.titleLabel.item
        text_width = title.boundingRect().width()
        assert pane.width() >= text_width + 60, pane
        shown = title.mapRectToScene(title.boundingRect())
        assert shown.left() >= 0 and shown.right() <= pane.width(), pane  # not cut
    bar = panes.surface_pane.colorbar.sceneBoundingRect()
    assert bar.width() >= 40 and bar.right() <= panes.surface_pane.width() + 1


def test_a_long_title_needs_a_wider_pane(qtbot) -> None:
    panes = PanesWidget()
    qtbot.addWidget(panes)
    pane = panes.surface_pane
    short, total = pane.needed_width(), panes.needed_width()
    pane.set_title("Rosenbrock (a=1, b=100) on a very long descriptive title line")
    assert pane.needed_width() > short and panes.needed_width() > total


def test_3d_axes_have_tick_values() -> None:
    from optiviz.app.explore.view3d import SIZE, axis_ticks, tick_labels

    assert axis_ticks(-10.0, 30.0) == [-10.0, 0.0, 10.0, 20.0, 30.0]
    assert axis_ticks(-1.5, 1.5) == [-1.0, 0.0, 1.0]
    problem = make_problem("rosenbrock")
    grid = surface_grid(problem, 30)
    labels = tick_labels(problem, grid)
    texts = [text for _pos, text in labels]
    assert set(problem.param_names) <= set(texts) and grid.label in texts
    (a0, a1), (b0, b1) = grid.domain
    values = [float(t.replace("−", "-")) for t in texts[3:]]
    assert len(values) >= 8  # a few values on each of the three axes
    n_a, n_b = len(axis_ticks(a0, a1)), len(axis_ticks(b0, b1))
    assert n_a >= 3 and n_b >= 3
    assert all(a0 <= v <= a1 for v in values[:n_a])
    assert all(b0 <= v <= b1 for v in values[n_a : n_a + n_b])
    for pos, _text in labels:
        assert all(abs(c) <= SIZE for c in pos)  # near the mesh, not off in space
