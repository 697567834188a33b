"""``optiviz run``: the tutorial's lines, JSON, history files and one-line errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import numpy as np
import pytest

from optiviz.cli.main import main
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import TUTORIAL_LINES


def test_default_run_prints_the_tutorials_epoch_lines(capsys):
    assert main(["run"]) == 0
    out = capsys.readouterr().out.splitlines()
    epoch_lines = [line for line in out if line.startswith("Epoch ")]
    assert [line.split(",")[0] for line in epoch_lines] == [
        f"Epoch {e}" for e in range(100, 1001, 100)
    ]
    losses = [float(line.split("Loss ")[1]) for line in epoch_lines]
    np.testing.assert_allclose(losses, TUTORIAL_LINES, rtol=1e-4)
    assert epoch_lines[0] == "Epoch %d, Loss %f" % (100, losses[0])
    assert "tensor([17.9473, 32.9443], requires_grad=True)" in out
    assert any("raw units" in line for line in out)


def test_json_is_one_object_with_the_runs_numbers(capsys):
    assert (
        main(
            [
                "run",
                "--optimizer",
                "adam",
                "--lr",
                "0.5",
                "--param",
                "betas=0.8,0.95",
                "--epochs",
                "50",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    run = Run(RunConfig(optimizer="Adam", lr=0.5, hyper={"betas": (0.8, 0.95)}, epochs=50)).run()
    assert result["status"] == "finished" and result["epochs"] == 50
    assert result["loss"] == run.history.loss.tolist()
    assert result["lr"] == [0.5] * 50
    assert result["params"] == run.params().tolist()


def test_start_with_a_negative_number_and_scheduler(capsys):
    assert (
        main(
            [
                "run",
                "--start=-3,70",
                "--epochs",
                "30",
                "--scheduler",
                "StepLR",
                "--sched-param",
                "step_size=10",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["lr"][0] == 0.01 and result["lr"][-1] == pytest.approx(1e-4)
    run = Run(RunConfig(start=(-3.0, 70.0), epochs=30, scheduler="StepLR", sched={"step_size": 10}))
    assert result["loss"] == run.run().history.loss.tolist()


def test_diverged_run_is_not_an_error(capsys):
    assert main(["run", "--lr", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "diverged"
    assert result["epochs"] == len(result["loss"]) < 1000
    assert all(np.isfinite(result["params"]))


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_history_file_has_one_row_per_epoch(tmp_path, capsys, suffix):
    path = tmp_path / f"history{suffix}"
    assert (
        main(
            ["run", "--optimizer", "Adam", "--lr", "0.1", "--epochs", "20", "--history", str(path)]
        )
        == 0
    )
    run = Run(RunConfig(optimizer="Adam", lr=0.1, epochs=20)).run()
    if suffix == ".csv":
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == 20
        assert {
            "epoch",
            "loss",
            "w",
            "b",
            "grad_w",
            "grad_b",
            "lr",
            "exp_avg_w",
            "exp_avg_sq_b",
            "step",
        } <= set(rows[0])
        assert [float(r["loss"]) for r in rows] == run.history.loss.tolist()
        assert float(rows[-1]["exp_avg_w"]) == run.history.state["exp_avg"][-1, 0]
    else:
        data = json.loads(path.read_text())
        rows = data["epochs"]
        assert len(rows) == 20 and rows[0]["epoch"] == 1
        assert [r["params"] for r in rows] == run.history.params.tolist()
        assert rows[-1]["state"]["exp_avg_sq"] == run.history.state["exp_avg_sq"][-1].tolist()


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--optimizer", "Adamm"], "--optimizer"),
        (["--scheduler", "Nope"], "--scheduler"),
        (["--problem", "circle"], "--problem"),
        (["--param", "gamma=1"], "--param gamma"),
        (["--param", "momentum=fast"], "--param momentum"),
        (["--lr", "-1"], "--lr"),
        (["--lr", "abc"], "--lr"),
        (["--optimizer", "Adam", "--param", "betas=1.5,0.9"], "--param betas"),
        (["--param", "nesterov=true"], "--param nesterov"),
        (["--param", "lr=0.5"], "--param lr: lr has its own field"),
        (["--scheduler", "StepLR"], "--sched-param step_size"),
        (
            ["--scheduler", "MultiStepLR", "--sched-param", "milestones=a,b"],
            "--sched-param milestones",
        ),
        (["--epochs", "0"], "--epochs"),
        (
            [
                "--scheduler",
                "OneCycleLR",
                "--sched-param",
                "max_lr=0.1",
                "--sched-param",
                "total_steps=10",
                "--epochs",
                "20",
            ],
            "--sched-param total_steps",
        ),
        (["--start", "1"], "--start"),
        (["--history", "out.txt"], "--history"),
        (["--history", "/no/such/dir/h.csv"], "--history"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(capsys, argv, field):
    with pytest.raises(SystemExit) if argv[0] == "--start" else _no_raise() as caught:
        code = main(["run", *argv])
    code = caught.value.code if hasattr(caught, "value") else code
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert field in lines[0]
    assert "Traceback" not in err


class _no_raise:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_console_entry_point_prints_the_same_lines():
    out = subprocess.run(
        [sys.executable, "-m", "optiviz", "run", "--epochs", "200"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert out.splitlines()[:2] == [
        "Epoch 100, Loss 39.538235",
        "Epoch 200, Loss 18.696901",
    ] or np.allclose(
        [float(x.split()[-1]) for x in out.splitlines()[:2]], TUTORIAL_LINES[:2], rtol=1e-4
    )
    bad = subprocess.run(
        [sys.executable, "-m", "optiviz", "run", "--optimizer", "Foo"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
