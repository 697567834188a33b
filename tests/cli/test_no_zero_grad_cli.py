"""``--no-zero-grad`` on the command line and ``zero_grad = false`` in a scenario: the loop
without ``optimizer.zero_grad()``, exactly as PyTorch then behaves (``.grad`` adds up)."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
import torch

from optiviz.cli import code_command, lr_find_command, record_command, run_command
from optiviz.cli.main import main
from optiviz.cli.parsing import config_from_args
from optiviz.engine.errors import ScenarioError
from optiviz.engine.explain.codegen import plain_script
from optiviz.engine.fields import cli_name, form_id, scenario_key
from optiviz.engine.formats.scenario import dumps_scenario, loads_scenario
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.session_state import run_label
from tests.engine.plain_loops import X, Y, loss_fn, model


def _plain_lines(epochs: int, lr: float, every: int) -> list[str]:
    """The tutorial's loop with its zero_grad line deleted."""
    x = 0.1 * torch.tensor(X)
    y = torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = torch.optim.SGD([params], lr=lr)
    lines = []
    for epoch in range(1, epochs + 1):
        loss = loss_fn(model(x, *params), y)
        loss.backward()
        optimizer.step()
        if epoch % every == 0:
            lines.append("Epoch %d, Loss %f" % (epoch, loss.item()))
    return lines


def _epoch_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Epoch ")]


def _exec_script(script: str) -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "<script>", "exec"), {"__name__": "__main__"})
    return _epoch_lines(out.getvalue())


def test_run_prints_the_plain_loop_without_zero_grad(capsys):
    flags = ["--no-zero-grad", "--lr", "1e-4", "--epochs", "60", "--print-every", "10"]
    assert run_command.main(flags) == 0
    printed = _epoch_lines(capsys.readouterr().out)
    assert printed == _plain_lines(60, 1e-4, 10)
    assert run_command.main(flags[1:]) == 0  # with zero_grad the losses differ
    assert _epoch_lines(capsys.readouterr().out) != printed


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--optimizer", "Adam", "--lr", "0.1"],
        ["--optimizer", "LBFGS", "--lr", "0.002", "--param", "max_iter=3"],
        ["--batch-size", "4", "--lr", "1e-3"],
        ["--problem", "rosenbrock", "--lr", "1e-4"],
    ],
)
def test_code_omits_zero_grad_and_prints_the_same_epoch_lines(capsys, extra):
    flags = ["--no-zero-grad", "--epochs", "40", "--print-every", "5", *extra]
    assert code_command.main(flags) == 0
    script = capsys.readouterr().out
    title, code = script.split("\n", 1)
    assert "without optimizer.zero_grad()" in title
    assert "zero_grad" not in code
    assert run_command.main(flags) == 0
    expected = _epoch_lines(capsys.readouterr().out)
    assert len(expected) == 8
    assert _exec_script(script) == expected


def test_the_script_with_zero_grad_still_has_it():
    assert "optimizer.zero_grad()" in plain_script(RunConfig(epochs=3))
    lbfgs = plain_script(RunConfig(optimizer="LBFGS", epochs=3))
    assert lbfgs.count("optimizer.zero_grad()") == 1
    forgot = plain_script(RunConfig(optimizer="LBFGS", epochs=3, zero_grad=False))
    assert "zero_grad" not in forgot.split("\n", 1)[1]


def test_lr_find_takes_the_flag(capsys):
    flags = ["--steps", "30", "--json"]
    assert lr_find_command.main(flags) == 0
    plain = json.loads(capsys.readouterr().out)
    assert lr_find_command.main([*flags, "--no-zero-grad"]) == 0
    forgot = json.loads(capsys.readouterr().out)
    assert forgot["loss"][0] == plain["loss"][0]  # the first step has nothing to add to
    assert all(a != b for a, b in zip(forgot["loss"][1:5], plain["loss"][1:5], strict=True))


def test_record_takes_the_flag():
    args = record_command.build_parser().parse_args(["-o", "out.gif", "--no-zero-grad"])
    assert config_from_args(args).zero_grad is False


def test_scenario_key_round_trips_and_runs(tmp_path, capsys):
    configs = loads_scenario("epochs = 30\n[[runs]]\nlr = 1e-4\nzero_grad = false\n").configs()
    assert configs[0].zero_grad is False
    text = dumps_scenario(loads_scenario("epochs = 30\n[[runs]]\nlr = 1e-4\nzero_grad = false\n"))
    assert "zero_grad = false" in text
    path = tmp_path / "forgot.toml"
    path.write_text(text)
    assert main(["run", "--scenario", str(path), "--print-every", "10"]) == 0
    out = capsys.readouterr().out
    assert "no zero_grad" in out  # the run's label
    assert _epoch_lines(out) == _plain_lines(30, 1e-4, 10)


def test_a_scenario_zero_grad_must_be_true_or_false():
    with pytest.raises(ScenarioError) as caught:
        loads_scenario("[[runs]]\nlr = 0.1\nzero_grad = 0\n")
    assert "runs[1].zero_grad" in str(caught.value)
    assert "true or false" in str(caught.value)


def test_names_and_label():
    assert cli_name(("zero_grad",)) == "--no-zero-grad"
    assert scenario_key(("runs", 1, "zero_grad")) == "runs[1].zero_grad"
    assert form_id(("zero_grad",)) == "zero_grad"
    assert run_label(RunConfig(zero_grad=False)) == "SGD lr=0.01 no zero_grad"
    assert "zero_grad" not in run_label(RunConfig())
