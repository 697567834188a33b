"""The zero line by marching squares: on the true curve, whole, and through saddles."""

from __future__ import annotations

import numpy as np

from optiviz.plots.contours import zero_segments

EXTENT = ((-1.0, 1.0), (-1.0, 1.0))


def grid(n: int) -> tuple[np.ndarray, np.ndarray]:
    values = np.linspace(-1.0, 1.0, n)
    return np.meshgrid(values, values, indexing="ij")


def test_a_circle_is_traced_on_its_radius_all_the_way_round() -> None:
    x, y = grid(101)
    xs, ys = zero_segments(x**2 + y**2 - 0.25, EXTENT)
    assert len(xs) % 2 == 0 and len(xs) > 300
    assert np.abs(np.hypot(xs, ys) - 0.5).max() < 1e-3
    # its length is the circumference: the segments join up without gaps
    length = np.hypot(np.diff(xs)[::2], np.diff(ys)[::2]).sum()
    assert abs(length - np.pi) < 0.01


def test_a_line_is_exact_and_a_saddle_gives_two_crossing_lines() -> None:
    x, y = grid(11)
    xs, ys = zero_segments(x - 0.33, EXTENT)
    assert np.allclose(xs, 0.33) and ys.min() == -1.0 and ys.max() == 1.0
    xs, ys = zero_segments(x * y + 1e-6, EXTENT)  # both axes, crossing at a saddle cell
    on_axis = np.minimum(np.abs(xs), np.abs(ys))
    assert on_axis.max() < 0.11
    assert abs(np.hypot(np.diff(xs)[::2], np.diff(ys)[::2]).sum() - 4.0) < 0.25


def test_nan_cells_and_flat_fields_draw_nothing() -> None:
    x, _y = grid(11)
    assert len(zero_segments(np.ones((11, 11)), EXTENT)[0]) == 0
    field = x - 0.33
    field[:, 5:] = np.nan
    xs, ys = zero_segments(field, EXTENT)
    assert len(xs) and ys.max() <= 0.0 + 1e-9
