"""Many growing paths kept as layers: only new points are stroked, and the picture is the same."""

from __future__ import annotations

import numpy as np

from optiviz.plots.run_lines import RunLines, line_pen
from optiviz.plots.theme import get_theme
from tests.plots.drawing import near, pixels, plot_widget

COLORS = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0"]


def paths(count: int, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``count`` spirals into different points: optimizers' paths converging."""
    out = []
    t = np.linspace(0, 10, n)
    for i in range(count):
        radius = np.exp(-t / 3) * (0.5 + 0.05 * i)
        angle = 3 * t + i
        out.append((0.2 * i - 0.6 + radius * np.cos(angle), radius * np.sin(angle)))
    return out


def feed(lines: RunLines, data: list[tuple[np.ndarray, np.ndarray]], upto: int, outline) -> None:
    for key, (x, y) in enumerate(data):
        pen = line_pen(COLORS[key % len(COLORS)], 2.2)
        lines.set_line(key, x[:upto], y[:upto], pen, shadow=outline)


def drawn_pane(qtbot, growing: bool):
    theme = get_theme("dark")
    widget = plot_widget(qtbot, theme)
    lines = RunLines(growing=growing)
    widget.addItem(lines, ignoreBounds=True)
    widget.setRange(xRange=(-1.5, 1.5), yRange=(-1.0, 1.0), padding=0)
    return widget, lines, line_pen(theme.outline, 4.5)


def test_growing_layers_draw_what_a_full_stroke_draws(qtbot) -> None:
    data = paths(12, 600)
    widget, lines, outline = drawn_pane(qtbot, growing=True)
    feed(lines, data, 2, outline)
    pixels(widget)
    layers = lines._layers
    assert layers is not None
    for upto in range(60, 601, 60):  # ten frames, each adding points to every path
        feed(lines, data, upto, outline)
        grown = pixels(widget)
    assert lines._layers is layers  # kept, not drawn afresh
    assert layers.drawn == {key: 600 for key in range(12)}

    full_widget, full, full_outline = drawn_pane(qtbot, growing=False)
    feed(full, data, 600, full_outline)
    reference = pixels(full_widget)
    assert full._layers is None
    # the same pixels are covered; where paths cross, the newer points lie on top
    background = get_theme("dark").background
    covered, covered_full = ~near(grown, background, 8), ~near(reference, background, 8)
    assert covered_full.sum() > 10_000
    assert (covered != covered_full).sum() < 0.02 * covered_full.sum()
    for color in COLORS:
        assert near(grown, color, 30).sum() > 0.5 * near(reference, color, 30).sum() > 50


def test_a_line_that_changes_is_drawn_afresh(qtbot) -> None:
    data = paths(3, 300)
    widget, lines, outline = drawn_pane(qtbot, growing=True)
    feed(lines, data, 300, outline)
    before = pixels(widget)
    red = near(before, COLORS[0], 30)
    assert red.sum() > 100
    # the first path is replaced by a far one (a rewound run growing again elsewhere)
    x, y = data[0]
    lines.set_line(0, x * 0.2 + 1.2, y * 0.2 + 0.7, line_pen(COLORS[0], 2.2), shadow=outline)
    after = near(pixels(widget), COLORS[0], 30)
    assert (after & red).sum() < 0.05 * red.sum()  # the old path is gone
    assert after.sum() > 20
    # a new pen is a new picture too
    lines.set_pen(1, line_pen("#ffffff", 2.2))
    assert near(pixels(widget), COLORS[1], 30).sum() == 0


def test_hiding_a_line_removes_it(qtbot) -> None:
    data = paths(2, 200)
    widget, lines, outline = drawn_pane(qtbot, growing=True)
    feed(lines, data, 200, outline)
    assert near(pixels(widget), COLORS[1], 30).sum() > 100
    lines.set_visible(1, False)
    assert near(pixels(widget), COLORS[1], 30).sum() == 0
