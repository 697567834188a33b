"""``optiviz lr-find`` sweeps to the end: the stop flag the window's sweep gets is not its."""

from __future__ import annotations

import json

from optiviz.cli.main import main
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.lr_find import lr_find


def test_lbfgs_from_the_command_line_sweeps_as_without_a_stop_flag(capsys):
    argv = ["lr-find", "--optimizer", "LBFGS", "--param", "max_iter=5", "--json"]
    assert main([*argv, "--steps", "30", "--max-lr", "1"]) == 0
    result = json.loads(capsys.readouterr().out)
    config = RunConfig(optimizer="LBFGS", hyper={"max_iter": 5})
    expected = lr_find(config, max_lr=1.0, steps=30, stop=lambda: False)
    assert result["lr"] == expected.lr and result["loss"] == expected.loss
    assert result["suggestion"] == expected.suggestion
    assert result["reason"] != "stopped on request"
