"""``optiviz code`` for mini-batches, added gradient noise and clipping: the script runs the
same steps as ``optiviz run`` (same Epoch lines, the same final parameters bit for bit)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from optiviz.cli import code_command, run_command
from optiviz.engine.explain.codegen import plain_script
from optiviz.engine.runs.config import RunConfig

#: Runs each script in an interpreter where optiviz cannot be imported; keeps its output and
#: its final parameters (the script's own ``params``, as exact floats).
RUNNER = """
import contextlib, io, json, runpy, sys
sys.modules["optiviz"] = None
for path in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        names = runpy.run_path(path, run_name="__main__")
    with open(path + ".out", "w") as handle:
        handle.write(out.getvalue())
    with open(path + ".params", "w") as handle:
        json.dump(names["params"].detach().reshape(-1).tolist(), handle)
"""

TWELVE = "x,y\n" + "\n".join(f"{x},{0.5 * x + 3 + (-1) ** x}" for x in range(1, 13)) + "\n"

CASES = {
    "batch_1": ["--batch-size", "1", "--epochs", "12", "--print-every", "3"],
    "divisor": ["--batch-size", "4", "--optimizer", "Adam", "--lr", "0.1", "--seed", "5"],
    "non_divisor": ["--batch-size", "5", "--param", "momentum=0.9", "--lr", "1e-3"],
    "no_shuffle": ["--batch-size", "5", "--no-shuffle", "--optimizer", "RMSprop"],
    "noise": ["--problem", "rosenbrock", "--grad-noise", "0.3", "--seed", "2", "--lr", "1e-3"],
    "clip_norm": ["--batch-size", "3", "--clip-grad-norm", "2.5", "--lr", "0.05"],
    "clip_full": ["--clip-grad-value", "4", "--optimizer", "Adagrad", "--lr", "0.5"],
    "lbfgs": ["--batch-size", "5", "--optimizer", "LBFGS", "--lr", "0.002", "--param",
              "max_iter=3", "--clip-grad-norm", "50"],
    "lbfgs_noise": ["--problem", "himmelblau", "--optimizer", "LBFGS", "--lr", "0.1",
                    "--param", "max_iter=2", "--grad-noise", "0.5"],
    "plateau": ["--batch-size", "4", "--param", "momentum=0.5", "--scheduler",
                "ReduceLROnPlateau", "--sched-param", "patience=1", "--sched-param",
                "threshold=0.5"],
    "step_lr": ["--batch-size", "5", "--optimizer", "Adam", "--lr", "0.3", "--scheduler",
                "StepLR", "--sched-param", "step_size=3"],
}  # fmt: skip


def epoch_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Epoch ")]


def test_scripts_step_as_optiviz_run_does(tmp_path, capsys):
    data = tmp_path / "twelve.csv"
    data.write_text(TWELVE)
    flags = {}
    for name, argv in CASES.items():
        argv = [*argv, "--epochs", "30", "--print-every", "3"] if "--epochs" not in argv else argv
        if "--problem" not in argv and name in ("divisor", "plateau", "clip_norm"):
            argv = [*argv, "--data", str(data)]
        flags[name] = argv
        assert code_command.main([*argv, "-o", str(tmp_path / f"{name}.py")]) == 0
    (tmp_path / "runner.py").write_text(RUNNER)
    names = [f"{name}.py" for name in flags]
    done = subprocess.run(
        [sys.executable, "runner.py", *names], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    for name, argv in flags.items():
        capsys.readouterr()
        assert run_command.main(argv) == 0
        expected = epoch_lines(capsys.readouterr().out)
        assert len(expected) >= 4, name
        assert epoch_lines((tmp_path / f"{name}.py.out").read_text()) == expected, name
        assert run_command.main([*argv, "--json"]) == 0
        params = json.loads(capsys.readouterr().out)["params"]
        assert json.loads((tmp_path / f"{name}.py.params").read_text()) == params, name


def test_a_minibatch_script_seeds_torch_before_the_parameters_and_loops_over_a_dataloader():
    config = RunConfig(batch_size=4, shuffle=False, seed=9, scheduler="ReduceLROnPlateau")
    script = plain_script(config)
    assert "from torch.utils.data import DataLoader, TensorDataset" in script
    assert script.index("torch.manual_seed(9)") < script.index("params = torch.tensor(")
    assert "    TensorDataset(x, y),\n    batch_size=4,\n    shuffle=False," in script
    assert "generator=torch.Generator().manual_seed(9)," in script
    loop = script[script.index("def training_loop") :]
    for line in (
        "        for xb, yb in loader:",
        "            y_p = model(xb, *params)",
        "            loss = loss_fn(y_p, yb)",
        "            losses.append(loss.item())",
        "        epoch_loss = sum(losses) / len(losses)",
        "        scheduler.step(epoch_loss)",
        "            print('Epoch %d, Loss %f' % (epoch, epoch_loss))",
    ):
        assert line in loop.splitlines(), line


def test_added_noise_is_labelled_as_noise_not_as_a_batch():
    script = plain_script(RunConfig(problem="beale", grad_noise=0.25, seed=3))
    assert "added gradient noise σ=0.25" in script.splitlines()[0]
    assert "noise = torch.Generator().manual_seed(3)" in script
    assert "batch" not in script.replace("no batches here", "")
    assert "DataLoader" not in script


@pytest.mark.parametrize(
    ("config", "line"),
    [
        (RunConfig(clip_grad_norm=1.5), "torch.nn.utils.clip_grad_norm_([params], 1.5)"),
        (RunConfig(clip_grad_value=0.5), "torch.nn.utils.clip_grad_value_([params], 0.5)"),
    ],
)
def test_clipping_sits_between_backward_and_step(config, line):
    lines = [x.strip() for x in plain_script(config).splitlines()]
    assert lines.index("loss.backward()") + 1 == lines.index(line)
    assert lines.index(line) + 1 == lines.index("optimizer.step()")
