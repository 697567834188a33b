"""``optiviz landscape``: the files it writes and its one-line errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn.utils import vector_to_parameters

from optiviz.cli.main import main
from optiviz.engine.landscape.export import read_csv
from optiviz.engine.networks.data import make_table, split
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.problems.library import make_problem

NET = ["--problem", "mlp", "--samples", "80", "--epochs", "15", "--optimizer", "Adam"]


def _circles_loss(flat: np.ndarray) -> float:
    """The loss on every training point of the 2-8-8-1 net with ``flat`` loaded, plainly."""
    data = split(make_table(NetworkSpec(samples=80)), 0.2, 0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
    vector_to_parameters(torch.from_numpy(flat.astype(np.float32)), model.parameters())
    with torch.no_grad():
        return float(nn.BCEWithLogitsLoss()(model(data.train_x), data.train_y))


@pytest.mark.parametrize("directions", ["pca", "random"])
def test_npz_holds_the_grid_the_plane_and_the_path(tmp_path, directions, capsys):
    out = tmp_path / "land.npz"
    args = ["landscape", *NET, "--grid", "7", "--directions", directions, "--out", str(out)]
    assert main(args) == 0
    assert f"7 x 7 {directions} grid after 15 epochs" in capsys.readouterr().out
    with np.load(out) as data:
        alpha, beta, loss = data["alpha"], data["beta"], data["loss"]
        theta0, d1, d2, path = data["theta0"], data["d1"], data["d2"], data["path"]
        assert str(data["kind"]) == directions
    assert alpha.shape == beta.shape == (7,)
    assert loss.shape == (7, 7)
    assert theta0.shape == d1.shape == d2.shape == (105,)
    assert path.shape == (16, 2)
    np.testing.assert_allclose(path[0], [0.0, 0.0], atol=1e-6)
    torch.manual_seed(0)  # theta0 is the seeded initialisation
    init = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
    expected = torch.cat([p.detach().reshape(-1) for p in init.parameters()]).numpy()
    np.testing.assert_array_equal(theta0, expected)
    for i, j in [(0, 0), (3, 5), (6, 2), (6, 6)]:
        point = theta0 + alpha[i] * d1 + beta[j] * d2
        assert loss[i, j] == pytest.approx(_circles_loss(point), rel=1e-5, abs=1e-6)


def test_span_sets_both_axes(tmp_path, capsys):
    out = tmp_path / "land.npz"
    args = ["landscape", *NET, "--grid", "5", "--span", "0.5", "--out", str(out)]
    assert main(args) == 0
    with np.load(out) as data:
        np.testing.assert_allclose(data["alpha"], np.linspace(-0.5, 0.5, 5))
        np.testing.assert_allclose(data["beta"], np.linspace(-0.5, 0.5, 5))


def test_linear_fit_axes_grid_is_the_problems_surface(tmp_path, capsys):
    out = tmp_path / "lin.npz"
    assert main(["landscape", "--epochs", "50", "--grid", "9", "--out", str(out)]) == 0
    problem = make_problem("linear", None, None)
    with np.load(out) as data:
        assert str(data["kind"]) == "axes"
        theta0, loss, path = data["theta0"], data["loss"], data["path"]
        alpha, beta = data["alpha"], data["beta"]
    np.testing.assert_array_equal(theta0, [1.0, 0.0])  # the tutorial's start
    np.testing.assert_allclose(path[0], [0.0, 0.0])
    for i, j in [(0, 0), (4, 4), (8, 1)]:
        theta = torch.tensor([theta0[0] + alpha[i], theta0[1] + beta[j]], dtype=torch.float64)
        assert loss[i, j] == pytest.approx(float(problem.loss(theta)), rel=1e-6)


def test_csv_form_and_progress_on_stderr(tmp_path, capsys):
    out = tmp_path / "land.csv"
    args = ["landscape", *NET, "--epochs", "3", "--grid", "101", "--out", str(out)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "101/101" in err
    alpha, beta, loss, header = read_csv(out)
    assert alpha.shape == beta.shape == (101,)
    assert loss.shape == (101, 101)
    assert header["kind"] == "pca"
    assert header["parameters"] == "105"


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--grid", "1"], "--grid: must be a whole number from 2 to 1001"),
        (["--grid", "10000"], "--grid: must be a whole number from 2 to 1001"),
        (["--grid", "ten"], "--grid: expected a whole number"),
        (["--span", "0"], "--span: must be a positive number"),
        (["--span", "-2"], "--span: must be a positive number"),
        (["--directions", "pca"], "--directions: a 2-parameter problem's plane is its own axes"),
        (["--problem", "mlp", "--directions", "axes"], "--directions: a network's plane is"),
        (["--problem", "mlp", "--hidden", "8;8"], "--hidden:"),
    ],
)
def test_bad_inputs_exit_2_with_one_line(tmp_path, args, start, capsys):
    out = tmp_path / "x.npz"
    assert main(["landscape", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"optiviz landscape: error: {start}")
    assert not out.exists()


def test_out_must_be_npz_or_csv(tmp_path, capsys):
    assert main(["landscape", "--out", str(tmp_path / "x.txt")]) == 2
    assert "--out: 'x.txt' must end in .npz or .csv" in capsys.readouterr().err
