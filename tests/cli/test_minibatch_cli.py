"""``optiviz run`` with mini-batches, added gradient noise and clipping: flags, output, errors."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from optiviz.cli.main import main
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y
from tests.engine.plain_minibatch import plain_minibatch_fit, plain_noisy_fit


def _json(capsys, argv: list[str]) -> dict:
    assert main(["run", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_keeps_one_loss_per_epoch_and_adds_every_steps_loss(capsys):
    out = _json(capsys, ["--batch-size", "4", "--seed", "3", "--epochs", "6"])
    plain = plain_minibatch_fit(TUTORIAL_X, TUTORIAL_Y, "SGD", {"lr": 1e-2}, 6, 4, seed=3)
    assert out["epochs"] == 6 and out["steps"] == 6 * 3  # 11 points: batches of 4, 4 and 3
    assert out["loss"] == plain["epoch_loss"].tolist()
    assert out["step_loss"] == plain["step_loss"].tolist()
    assert out["params"] == plain["params"][-1].tolist()
    assert len(out["lr"]) == 18


def test_full_batch_json_has_one_step_an_epoch(capsys):
    out = _json(capsys, ["--epochs", "5"])
    assert out["steps"] == 5 and out["loss"] == out["step_loss"] and len(out["loss"]) == 5


def test_no_shuffle_and_the_seed_reach_the_run(capsys):
    fixed = _json(capsys, ["--batch-size", "5", "--no-shuffle", "--epochs", "3"])
    plain = plain_minibatch_fit(TUTORIAL_X, TUTORIAL_Y, "SGD", {"lr": 1e-2}, 3, 5, shuffle=False)
    assert fixed["step_loss"] == plain["step_loss"].tolist()
    other_seed = _json(capsys, ["--batch-size", "5", "--seed", "1", "--epochs", "3"])
    assert (
        other_seed["step_loss"]
        != _json(capsys, ["--batch-size", "5", "--epochs", "3"])["step_loss"]
    )


def test_epoch_lines_print_the_epochs_loss(capsys):
    argv = ["run", "--batch-size", "3", "--epochs", "20", "--print-every", "5"]
    assert main(argv) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("Epoch ")]
    plain = plain_minibatch_fit(TUTORIAL_X, TUTORIAL_Y, "SGD", {"lr": 1e-2}, 20, 3)
    expected = ["Epoch %d, Loss %f" % (e, plain["epoch_loss"][e - 1]) for e in (5, 10, 15, 20)]
    assert lines == expected


def test_added_noise_on_a_test_function_matches_a_plain_loop(capsys):
    argv = ["--problem", "rosenbrock", "--grad-noise", "0.5", "--seed", "7", "--epochs", "30"]
    out = _json(capsys, [*argv, "--lr", "1e-3", "--clip-grad-value", "2"])
    losses, params = plain_noisy_fit(
        "rosenbrock", "SGD", {"lr": 1e-3}, 30, (-2.0, 2.0), 0.5, seed=7, clip_value=2.0
    )
    assert out["step_loss"] == losses.tolist() and out["params"] == params[-1].tolist()


def test_clip_grad_norm_reaches_the_run(capsys):
    out = _json(capsys, ["--batch-size", "4", "--clip-grad-norm", "5", "--epochs", "4"])
    plain = plain_minibatch_fit(TUTORIAL_X, TUTORIAL_Y, "SGD", {"lr": 1e-2}, 4, 4, clip_norm=5.0)
    assert out["step_loss"] == plain["step_loss"].tolist()


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_history_has_one_row_per_step_with_its_epoch(tmp_path, capsys, suffix):
    path = tmp_path / f"h{suffix}"
    argv = ["run", "--optimizer", "Adam", "--lr", "0.1", "--batch-size", "4", "--epochs", "3"]
    assert main([*argv, "--history", str(path)]) == 0
    plain = plain_minibatch_fit(TUTORIAL_X, TUTORIAL_Y, "Adam", {"lr": 0.1}, 3, 4)
    if suffix == ".csv":
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [r["step"] for r in rows] == [str(i) for i in range(1, 10)]
        assert [r["epoch"] for r in rows] == ["1"] * 3 + ["2"] * 3 + ["3"] * 3
        assert [float(r["loss"]) for r in rows] == plain["step_loss"].tolist()
        assert [float(r["state_step"]) for r in rows] == list(range(1, 10))  # Adam's own count
    else:
        rows = json.loads(path.read_text())["epochs"]
        assert [(r["step"], r["epoch"]) for r in rows[2:5]] == [(3, 1), (4, 2), (5, 2)]
        np.testing.assert_array_equal([r["params"] for r in rows], plain["params"])


@pytest.mark.parametrize(
    ("argv", "flag", "words"),
    [
        (["--batch-size", "0"], "--batch-size", "at least 1"),
        (["--batch-size", "-2"], "--batch-size", "at least 1"),
        (["--batch-size", "12"], "--batch-size", "one batch of all 11"),
        (["--batch-size", "two"], "--batch-size", "whole number"),
        (["--problem", "himmelblau", "--batch-size", "4"], "--batch-size", "no data"),
        (["--grad-noise", "0.1"], "--grad-noise", "mini-batches"),
        (["--problem", "rosenbrock", "--grad-noise", "nan"], "--grad-noise", "finite"),
        (["--seed", "-1"], "--seed", "2**63-1"),
        (["--seed", "1.5"], "--seed", "whole number"),
        (["--clip-grad-norm", "0"], "--clip-grad-norm", "above 0"),
        (["--clip-grad-norm", "1", "--clip-grad-value", "1"], "--clip-grad-value", "not both"),
    ],
)
@pytest.mark.parametrize("command", ["run", "code", "lr-find"])
def test_bad_values_name_their_flag_and_exit_2(capsys, command, argv, flag, words):
    assert main([command, *argv, "--epochs", "3"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"error: {flag}: " in err[0] and words in err[0]


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--problem", "rosenbrock", "--grad-noise", "0.5"], "--grad-noise"),
        (["--clip-grad-norm", "1"], "--clip-grad-norm"),
        (["--clip-grad-value", "1"], "--clip-grad-value"),
    ],
)
def test_sparse_adam_refuses_noise_and_clipping_before_it_runs(capsys, argv, flag):
    """torch has no sparse kernels for these: without the check the run stops mid-way."""
    assert main(["run", "--optimizer", "SparseAdam", *argv, "--epochs", "3"]) == 2
    err = capsys.readouterr().err
    assert f"error: {flag}: SparseAdam needs sparse gradients" in err


def test_a_diverged_minibatch_run_names_its_step_and_epoch(capsys):
    assert main(["run", "--batch-size", "4", "--lr", "3", "--epochs", "50"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("diverged at step ")
    step = int(last.split()[3])
    assert f"step {step} (epoch {(step - 1) // 3 + 1})" in last
