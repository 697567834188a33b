"""A landscape's .npz and CSV read back to what was written."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.landscape.directions import pca_plane
from optiviz.engine.landscape.export import Landscape, read_csv, read_npz, write_csv, write_npz
from optiviz.engine.landscape.plane import Plane


def _landscape(plane: Plane) -> Landscape:
    alpha = np.linspace(1.5, -0.5, 4)  # descending: order kept
    beta = np.array([-1.0, 0.1, 1 / 3])
    loss = np.arange(12, dtype=np.float32).reshape(4, 3) / 7.0
    loss[1, 2] = np.nan
    loss[2, 0] = np.inf
    path = plane.project(plane.anchor + torch.randn(5, plane.size))
    return Landscape.of(plane, alpha, beta, loss, path)


def _pca_plane() -> Plane:
    path = torch.cumsum(torch.randn(30, 6, generator=torch.Generator().manual_seed(2)), dim=0)
    return pca_plane(path)


def test_npz_round_trips_every_array_and_the_plane_kind(tmp_path):
    written = _landscape(_pca_plane())
    write_npz(written, tmp_path / "landscape.npz")
    read = read_npz(tmp_path / "landscape.npz")
    for name in ("alpha", "beta", "loss", "theta0", "d1", "d2", "path"):
        np.testing.assert_array_equal(getattr(read, name), getattr(written, name))
        assert getattr(read, name).dtype == getattr(written, name).dtype
    assert read.kind == "pca"
    assert read.explained == written.explained and read.explained is not None
    assert [p.name for p in tmp_path.iterdir()] == ["landscape.npz"]  # no temporary left


def test_a_random_plane_reads_back_with_no_explained_fractions(tmp_path):
    eye = torch.eye(4)
    plane = Plane(anchor=torch.ones(4), d1=eye[0], d2=eye[1], kind="random")
    write_npz(_landscape(plane), tmp_path / "r.npz")
    assert read_npz(tmp_path / "r.npz").explained is None


def test_csv_is_long_form_with_a_commented_header_and_round_trips(tmp_path):
    written = _landscape(_pca_plane())
    write_csv(written, tmp_path / "landscape.csv")
    text = (tmp_path / "landscape.csv").read_text(encoding="utf-8").splitlines()
    comments = [line for line in text if line.startswith("#")]
    assert text[len(comments)] == "alpha,beta,loss"
    assert len(text) == len(comments) + 1 + 12
    assert "# kind: pca" in comments and "# grid: 4 x 3" in comments
    alpha, beta, loss, header = read_csv(tmp_path / "landscape.csv")
    np.testing.assert_array_equal(alpha, written.alpha)
    np.testing.assert_array_equal(beta, written.beta)
    np.testing.assert_array_equal(loss, written.loss)  # nan and inf included, float32 exact
    assert header["parameters"] == "6"
    explained = [float(v) for v in header["explained"].split(",")]
    assert explained == pytest.approx(written.explained, rel=1e-5)
