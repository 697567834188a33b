"""``optiviz run --problem mlp``: the network flags, the Epoch lines, --json, --history, and
one-line errors naming the flag."""

from __future__ import annotations

import csv
import json

import pytest
import torch
from torch import nn

from optiviz.cli.main import main
from optiviz.engine.networks.data import make_table, split
from optiviz.engine.networks.spec import NetworkSpec

FAST = ["--problem", "mlp", "--samples", "60", "--epochs", "6", "--print-every", "2"]


def _plain_circles_params(epochs: int, lr: float) -> tuple[list[float], list[float]]:
    """The same run written as plain PyTorch: the epoch losses and the final parameters."""
    data = split(make_table(NetworkSpec(samples=60)), 0.2, 0)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    losses = []
    for _ in range(epochs):
        loss = loss_fn(model(data.train_x), data.train_y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    flat = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    return losses, flat.tolist()


def test_run_prints_epoch_lines_and_the_accuracy_line(capsys):
    assert main(["run", *FAST, "--optimizer", "Adam", "--lr", "0.05"]) == 0
    out = capsys.readouterr().out.splitlines()
    losses, _ = _plain_circles_params(6, 0.05)
    assert out[:3] == ["Epoch %d, Loss %f" % (e, losses[e - 1]) for e in (2, 4, 6)]
    assert out[3].startswith("finished after 6 epochs: 2-8-8-1 tanh on circles, train accuracy ")
    assert "test accuracy 0." in out[3]
    assert len(out) == 4


def test_json_has_every_parameter_the_accuracy_and_the_architecture(capsys):
    assert main(["run", *FAST, "--optimizer", "Adam", "--lr", "0.05", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    losses, params = _plain_circles_params(6, 0.05)
    assert result["params"] == pytest.approx(params, abs=0)
    assert len(result["params"]) == 2 * 8 + 8 + 8 * 8 + 8 + 8 + 1
    assert result["loss"] == pytest.approx(losses, abs=0)
    assert result["architecture"] == "2-8-8-1 tanh"
    assert len(result["accuracy"]["train"]) == len(result["accuracy"]["test"]) == 6
    assert all(0 <= a <= 1 for a in result["accuracy"]["train"] + result["accuracy"]["test"])


def test_hidden_empty_is_logistic_regression(capsys):
    assert main(["run", *FAST, "--hidden", "", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["architecture"] == "2-1"
    assert len(result["params"]) == 3


def test_regression_prints_train_and_test_loss(capsys):
    assert main(["run", *FAST, "--dataset", "sine", "--hidden", "4", "--activation", "relu"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("finished after 6 epochs: 1-4-1 relu on sine, train loss ")
    assert ", test loss " in last


def test_history_has_steps_loss_lr_and_epoch_accuracy(tmp_path, capsys):
    path = tmp_path / "h.csv"
    args = ["run", *FAST, "--batch-size", "16", "--history", str(path)]
    assert main(args) == 0
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows[0] == ["step", "epoch", "loss", "lr", "train_accuracy", "test_accuracy"]
    assert len(rows) - 1 == 6 * 3  # 48 training points in batches of 16
    assert rows[1][:2] == ["1", "1"] and rows[1][4] == ""
    assert rows[3][:2] == ["3", "1"] and 0 <= float(rows[3][4]) <= 1
    json_path = tmp_path / "h.json"
    assert main(["run", *FAST, "--history", str(json_path)]) == 0
    record = json.loads(json_path.read_text())
    assert record["architecture"] == "2-8-8-1 tanh"
    assert [s["epoch"] for s in record["steps"]] == [1, 2, 3, 4, 5, 6]


def test_csv_data_trains_a_classifier(tmp_path, capsys):
    path = tmp_path / "points.csv"
    rows = ["x1,x2,label"] + [f"{i % 5},{i % 3},{i % 2}" for i in range(20)]
    path.write_text("\n".join(rows) + "\n")
    assert main(["run", "--problem", "mlp", "--data", str(path), "--epochs", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dataset"] == "points"


def _bad_csv(tmp_path, text: str) -> str:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--problem", "mlp", "--hidden", "8,x"], "--hidden:"),
        (["--problem", "mlp", "--hidden", "0"], "--hidden:"),
        (["--problem", "mlp", "--activation", "swish"], "--activation:"),
        (["--problem", "mlp", "--dataset", "mnist"], "--dataset:"),
        (["--problem", "mlp", "--model", "cnn"], "--model:"),
        (["--problem", "mlp", "--model", "rnn"], "--model:"),
        (["--problem", "mlp", "--samples", "3"], "--samples:"),
        (["--problem", "mlp", "--samples", "many"], "--samples:"),
        (["--problem", "mlp", "--data-seed", "-1"], "--data-seed:"),
        (["--problem", "mlp", "--test-fraction", "0.95"], "--test-fraction:"),
        (["--problem", "mlp", "--test-fraction", "a"], "--test-fraction:"),
        (["--hidden", "8"], "--hidden:"),
        (["--problem", "rosenbrock", "--dataset", "circles"], "--dataset:"),
        (["--problem", "linear", "--test-fraction", "0.1"], "--test-fraction:"),
    ],
)
def test_bad_network_flags_exit_2_naming_the_flag(args, flag, capsys):
    assert main(["run", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"optiviz run: error: {flag}")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a,b,label\n1,2,0\n1,2\n1,2,1\n3,4,0\n", "row 3 has 2 cells"),
        ("a,b,label\n1,2,0\n1,x,1\n1,2,1\n3,4,0\n", "'x' is not a"),
        ("a,b,label\n1,2,0\n1,2,1.5\n1,2,1\n3,4,0\n", "labels must be whole numbers from 0"),
        ("a,b,label\n1,2,0\n1,2,-1\n1,2,1\n3,4,0\n", "labels must be whole numbers from 0"),
    ],
)
def test_bad_csv_exits_2_with_one_line(tmp_path, text, words, capsys):
    assert main(["run", "--problem", "mlp", "--data", _bad_csv(tmp_path, text)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("optiviz run: error: --data: ")
    assert words in err[0]


def test_data_and_dataset_together_are_refused(tmp_path, capsys):
    path = _bad_csv(tmp_path, "a,label\n1,0\n2,1\n3,0\n4,1\n")
    assert main(["run", "--problem", "mlp", "--data", path, "--dataset", "xor"]) == 2
    assert "--dataset: give --dataset or --data" in capsys.readouterr().err


def test_lr_find_sweeps_a_network(capsys):
    args = ["lr-find", "--problem", "mlp", "--samples", "60", "--steps", "30", "--json"]
    assert main([*args, "--optimizer", "Adam"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["lr"]) == 30
    assert result["loss"][0] != result["loss"][-1]


def test_a_network_scenario_prints_each_runs_accuracy_and_json(tmp_path, capsys):
    path = tmp_path / "race.toml"
    path.write_text(
        'epochs = 3\n[problem]\nname = "mlp"\n[network]\nsamples = 60\n'
        '[[runs]]\noptimizer = "SGD"\nlr = 0.5\n[[runs]]\noptimizer = "Adam"\nlr = 0.05\n'
    )
    assert main(["run", "--scenario", str(path), "--print-every", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        sum(line.startswith("finished after 3 epochs: 2-8-8-1 tanh on circles") for line in out)
        == 2
    )
    assert (
        main(["run", "--scenario", str(path), "--json", "--history", str(tmp_path / "h.csv")]) == 0
    )
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [len(r["params"]) for r in runs] == [105, 105]
    assert all(r["architecture"] == "2-8-8-1 tanh" for r in runs)
    header = (tmp_path / "h-2.csv").read_text().splitlines()[0]
    assert header == "epoch,loss,lr,train_accuracy,test_accuracy"
