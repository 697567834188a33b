"""ParamPath: every step's flat parameters, thinned past a memory cap, truncated on seek."""

from __future__ import annotations

import numpy as np

from optiviz.engine.networks.path import ParamPath


def test_rows_grow_step_by_step():
    path = ParamPath(3)
    for step in range(100):
        assert path.append(np.full(3, step, dtype=np.float32)) == step
    assert len(path) == 100 and path.every == 1 and path.note == ""
    assert path.rows()[:, 0].tolist() == list(range(100))
    assert path.steps().tolist() == list(range(100))
    assert path.at(42).tolist() == [42, 42, 42]


def test_past_the_cap_every_kth_step_is_kept_with_the_latest():
    path = ParamPath(4, cap_bytes=16 * 10)  # room for 10 rows of 4 float32
    for step in range(37):
        path.append(np.full(4, step, dtype=np.float32))
    assert path.every == 4 and "every 4th step" in path.note
    steps = path.steps().tolist()
    assert steps == [0, 4, 8, 12, 16, 20, 24, 28, 32, 36]
    assert path.rows()[:, 0].tolist() == steps
    assert path.at(5) is None and path.at(36).tolist() == [36] * 4
    assert path.nbytes < 16 * 10 + 200
    coords = path.fill(path.rows()[:, :2].astype(np.float64))
    assert coords.shape == (37, 2) and coords[:, 0].tolist() == list(range(37))


def test_the_latest_step_is_kept_off_the_spacing():
    path = ParamPath(2, cap_bytes=8 * 4)
    for step in range(7):
        path.append(np.array([step, -step], dtype=np.float32))
    assert path.every == 2
    assert path.steps().tolist() == [0, 2, 4, 6]
    path.append(np.array([7, -7], dtype=np.float32))
    assert path.steps().tolist()[-1] == 7 and path.latest().tolist() == [7, -7]


def test_truncate_forgets_later_steps():
    path = ParamPath(2)
    for step in range(10):
        path.append(np.array([step, 0], dtype=np.float32))
    path.truncate(4, np.array([4, 0], dtype=np.float32))
    assert len(path) == 5 and path.steps().tolist() == [0, 1, 2, 3, 4]
    assert path.append(np.array([50, 0], dtype=np.float32)) == 5
    assert path.rows()[:, 0].tolist() == [0, 1, 2, 3, 4, 50]
