"""``optiviz lr-find``: JSON and text output of the range test, and one-line errors."""

from __future__ import annotations

import json

import pytest

from optiviz.cli.main import main
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.lr_find import lr_find


def test_json_has_the_sweep_and_the_engines_suggestion(capsys):
    assert main(["lr-find", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    expected = lr_find(RunConfig())
    assert result["lr"] == expected.lr
    assert result["loss"] == expected.loss
    assert result["suggestion"] == expected.suggestion
    assert result["stopped_early"] is True


def test_flags_shape_the_sweep(capsys):
    argv = [
        "lr-find",
        "--optimizer",
        "adam",
        "--param",
        "betas=0.8,0.95",
        "--json",
        "--min-lr",
        "1e-4",
        "--max-lr",
        "1",
        "--steps",
        "30",
    ]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["lr"]) == 30
    assert result["lr"][0] == 1e-4 and result["lr"][-1] == pytest.approx(1.0)
    expected = lr_find(RunConfig(optimizer="Adam", hyper={"betas": (0.8, 0.95)}), 1e-4, 1.0, 30)
    assert result["loss"] == expected.loss


def test_text_output_is_a_table_and_the_suggestion(capsys):
    assert main(["lr-find"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["step", "lr", "loss", "smoothed"]
    suggestion = lr_find(RunConfig()).suggestion
    assert out[-1] == f"suggested lr: {suggestion:.3g}"
    assert any(line.endswith("<- suggestion") for line in out)
    assert any(line.startswith("stopped early after") for line in out)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--min-lr", "1", "--max-lr", "0.1"], "--max-lr: must be larger than --min-lr"),
        (["--steps", "1"], "--steps: must be a whole number from 3"),
        (["--optimizer", "Adamm"], "--optimizer: unknown optimizer 'Adamm'"),
        (["--steps", "many"], "expected a whole number, got 'many'"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, message, capsys):
    try:
        status = main(["lr-find", *argv])
    except SystemExit as exit_:
        status = exit_.code
    assert status == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
