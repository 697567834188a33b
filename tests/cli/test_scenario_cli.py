"""``optiviz run --scenario``: every run of a file, as text or JSON, and one-line errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from optiviz.cli.main import main
from optiviz.cli.run_command import result_object
from optiviz.engine.formats.scenario import load_scenario
from optiviz.engine.runs.run import Run
from tests.engine.test_tutorial import TUTORIAL_LINES

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "scenarios"


def _status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:
        return int(exit_.code)


def test_the_tutorial_scenario_prints_the_tutorials_lines(capsys):
    assert main(["run", "--scenario", str(ASSETS / "tutorial_sgd.toml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "== Run 1: SGD lr=0.01 =="
    losses = [float(line.split("Loss ")[1]) for line in out if line.startswith("Epoch ")]
    np.testing.assert_allclose(losses, TUTORIAL_LINES, rtol=1e-4)
    assert "tensor([17.9473, 32.9443], requires_grad=True)" in out


def test_several_runs_print_one_block_each(capsys):
    path = ASSETS / "lr_too_large.toml"
    assert main(["run", "--scenario", str(path), "--print-every", "50"]) == 0
    out = capsys.readouterr().out
    blocks = out.strip().split("\n\n")
    scenario = load_scenario(path)
    assert len(blocks) == len(scenario.runs) == 3
    for i, (block, spec, config) in enumerate(
        zip(blocks, scenario.runs, scenario.configs(), strict=True), start=1
    ):
        lines = block.splitlines()
        assert lines[0] == f"== Run {i}: {spec.label} =="
        run = Run(config).run()
        expected = [
            "Epoch %d, Loss %f" % (e, run.history.loss[e - 1]) for e in range(50, run.epoch + 1, 50)
        ]
        assert [line for line in lines if line.startswith("Epoch ")] == expected
    assert "diverged at epoch 144" in blocks[2]


def test_json_with_several_runs_is_one_object_per_run(capsys):
    path = ASSETS / "schedulers_compared.toml"
    assert main(["run", "--scenario", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    scenario = load_scenario(path)
    assert [r["label"] for r in result["runs"]] == [s.label for s in scenario.runs]
    for obj, config in zip(result["runs"], scenario.configs(), strict=True):
        alone = result_object(Run(config).run())
        assert {k: v for k, v in obj.items() if k != "label"} == json.loads(json.dumps(alone))
    assert result["runs"][1]["scheduler"] == "StepLR"


def test_json_with_one_run_is_the_plain_object(capsys):
    assert main(["run", "--scenario", str(ASSETS / "tutorial_sgd.toml"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["epochs"] == 1000 and result["label"] == "SGD lr=0.01"
    np.testing.assert_allclose(result["loss"][99::100], TUTORIAL_LINES, rtol=1e-4)


def test_history_files_are_numbered_per_run(tmp_path, capsys):
    path = ASSETS / "lbfgs_vs_sgd.toml"
    target = tmp_path / "hist.csv"
    assert main(["run", "--scenario", str(path), "--json", "--history", str(target)]) == 0
    capsys.readouterr()
    for i, config in enumerate(load_scenario(path).configs(), start=1):
        with open(tmp_path / f"hist-{i}.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))
        run = Run(config).run()
        assert len(rows) == run.epoch
        assert [float(r["loss"]) for r in rows] == pytest.approx(
            run.history.loss.tolist(), rel=1e-12
        )


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (
            "[[runs]]\noptimizer = 'Adamm'\nlr = 0.1\n",
            [],
            "runs[1].optimizer: unknown optimizer 'Adamm'",
        ),
        ("[[runs]\n", [], "bad.toml: not valid TOML"),
        ("[[runs]]\nlr = 0.1\nmomentun = 1\n", [], "runs[1]: unknown key 'momentun'"),
        ("[[runs]]\nlr = 0.1\n", ["--optimizer", "Adam"], "--optimizer cannot be combined"),
        (None, [], "scenario: "),
    ],
)
def test_a_bad_scenario_exits_2_with_one_line(tmp_path, capsys, content, extra, message):
    path = tmp_path / "bad.toml"
    if content is not None:
        path.write_text(content)
    assert _status(["run", "--scenario", str(path), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err
    assert captured.err.startswith("optiviz run: error: ")
