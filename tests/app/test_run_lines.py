"""Decimating a run's line to the pixels it covers (numbers against a plain loop)."""

from __future__ import annotations

import numpy as np

from optiviz.plots.run_lines import peak_decimate, pixel_decimate


def test_peak_decimation_keeps_each_columns_lowest_and_highest_point() -> None:
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(0, 100, 20_000))
    y = np.sin(x / 7) * 50 + rng.normal(0, 5, len(x))
    y[12_345] = 1e4  # a spike: a diverging step must stay visible
    dx, dy = peak_decimate(x, y, 10.0, 90.0)
    assert len(dx) <= 2 * (90 - 10 + 3)
    assert 1e4 in dy
    for column in range(11, 90):
        inside = (x >= column) & (x < column + 1)
        kept = dy[np.floor(dx) == column]
        assert sorted(kept) == sorted([y[inside].min(), y[inside].max()])
    assert (np.diff(dx) >= 0).all()  # still in the order of x


def test_peak_decimation_leaves_a_sparse_line_alone_but_cuts_it_to_the_view() -> None:
    x = np.arange(0.0, 1000.0, 10.0)
    y = x**2
    dx, dy = peak_decimate(x, y, 200.0, 400.0)
    # one point either side of the view, so the line leaves through the edges
    np.testing.assert_array_equal(dx, np.arange(190.0, 420.0, 10.0))
    np.testing.assert_array_equal(dy, dx**2)


def test_a_nan_column_breaks_the_line_instead_of_joining_across_it() -> None:
    x = np.linspace(0, 10, 1000)
    y = np.ones_like(x)
    y[500:600] = np.nan  # a diverged stretch
    _dx, dy = peak_decimate(x, y, 0.0, 10.0)
    assert np.isnan(dy).any()


def test_pixel_decimation_drops_repeats_in_a_pixel_but_keeps_breaks() -> None:
    x = np.array([0.1, 0.2, 0.3, 1.5, 1.6, 5.0, 5.1, 9.0])
    y = np.zeros_like(x)
    connect = np.array([1, 1, 1, 1, 0, 1, 1, 1], dtype=np.int32)  # 4 does not join 5
    dx, dy, dc = pixel_decimate(x, y, connect)
    np.testing.assert_array_equal(dx, [0.1, 1.5, 1.6, 5.0, 9.0])
    assert dc is not None
    np.testing.assert_array_equal(dc, [1, 1, 0, 1, 1])
    np.testing.assert_array_equal(dy, np.zeros(5))
