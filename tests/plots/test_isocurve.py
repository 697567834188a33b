"""The surface's contours: pyqtgraph's lines point for point, solved without its Python loop."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QPainterPath

from optiviz.engine.problems.library import PROBLEM_NAMES, make_problem
from optiviz.engine.problems.surface import surface_grid
from optiviz.plots.isocurve import isocurve_lines
from optiviz.plots.surface_pane import SurfacePane
from optiviz.plots.theme import DARK


def pyqtgraphs(data: np.ndarray, level: float) -> list[list[tuple[float, float]]]:
    lines = pg.functions.isocurve(data, level, connected=True, extendToEdge=True)
    return [[(float(x), float(y)) for x, y in line] for line in lines]


def elements(path: QPainterPath) -> list[tuple[int, float, float]]:
    return [
        (int(path.elementAt(k).type.value), path.elementAt(k).x, path.elementAt(k).y)
        for k in range(path.elementCount())
    ]


@pytest.mark.parametrize("name", PROBLEM_NAMES)
def test_each_problems_contours_are_pyqtgraphs(name: str) -> None:
    grid = surface_grid(make_problem(name), resolution=60)
    data = grid.z_display.T  # as IsocurveItem reads a row-major image
    assert data.dtype == np.float64
    for level in grid.levels:
        mine = isocurve_lines(data, float(level))
        assert mine == pyqtgraphs(data, float(level))
        assert mine  # every level crosses the grid


def test_saddles_edges_plateaus_and_nan_are_pyqtgraphs() -> None:
    rng = np.random.default_rng(3)
    noise = rng.normal(size=(23, 31))  # many saddle cells and closed loops
    x, y = np.meshgrid(np.linspace(-1, 1, 17), np.linspace(-1, 1, 17), indexing="ij")
    plateau = np.round(x * y * 4) / 4  # corners exactly on the level
    holed = x**2 + y**2
    holed[5:8, 4] = np.nan
    for data in (noise, plateau, holed, np.ones((5, 5)), noise[:2, :2]):
        for level in (-0.5, 0.0, 0.25, 0.3, 1.0):
            assert isocurve_lines(data, level) == pyqtgraphs(data, level), (data.shape, level)


def test_other_dtypes_are_left_to_pyqtgraph() -> None:
    data = np.random.default_rng(0).normal(size=(12, 9)).astype(np.float32)
    lines = isocurve_lines(data, 0.1)
    assert lines == pg.functions.isocurve(data, 0.1, connected=True, extendToEdge=True)


def test_the_surface_panes_contours_skip_pyqtgraphs_loop(qtbot, monkeypatch) -> None:
    pane = SurfacePane(DARK, resolution=50)
    qtbot.addWidget(pane)
    pane.show_surface(make_problem("himmelblau"))
    assert len(pane.contours) > 5
    expected = []
    for contour in pane.contours:
        reference = pg.IsocurveItem(data=contour.data, level=contour.level, axisOrder="row-major")
        reference.generatePath()
        expected.append(elements(reference.path))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pyqtgraph's isocurve called")

    monkeypatch.setattr(pg.functions, "isocurve", refuse)
    for contour, path in zip(pane.contours, expected, strict=True):
        contour.path = None
        contour.boundingRect()  # the first paint makes the path
        assert elements(contour.path) == path
        assert len(path) > 10
