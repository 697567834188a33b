"""``optiviz code`` writes scripts that need only torch and print what ``optiviz run`` prints."""

from __future__ import annotations

import ast
import subprocess
import sys

import numpy as np
import pytest
import torch

from optiviz.cli import code_command, run_command
from optiviz.engine.explain.codegen import _FUNCTION_SOURCES, plain_script
from optiviz.engine.problems.library import PROBLEM_NAMES, Dataset, make_problem
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.test_tutorial import TUTORIAL_LINES

EPOCHS = "200"
CASES = {
    "tutorial": [],
    "adam_cosine": ["--optimizer", "Adam", "--lr", "0.5", "--scheduler", "CosineAnnealingLR",
                    "--sched-param", "T_max=50", "--epochs", EPOCHS, "--print-every", "20"],
    "lbfgs": ["--problem", "rosenbrock", "--optimizer", "LBFGS", "--lr", "1", "--param",
              "line_search_fn=strong_wolfe", "--param", "max_iter=2", "--epochs", "40",
              "--print-every", "2"],
    "sparse_adam": ["--optimizer", "SparseAdam", "--lr", "0.5", "--epochs", EPOCHS,
                    "--print-every", "20"],
    "muon": ["--optimizer", "Muon", "--lr", "0.5", "--epochs", EPOCHS, "--print-every", "20"],
    "plateau": ["--param", "momentum=0.9", "--scheduler", "ReduceLROnPlateau", "--sched-param",
                "patience=2", "--sched-param", "threshold=0.5", "--epochs", EPOCHS,
                "--print-every", "10"],
    "rosenbrock": ["--problem", "rosenbrock", "--optimizer", "RMSprop", "--lr", "0.01",
                   "--param", "momentum=0.5", "--epochs", EPOCHS, "--print-every", "20"],
    "expression": ["--problem", "expression", "--expression",
                   "sin(pi/4)*x**2 + 3*y**2 - maximum(x, 0.5) + softplus(y) + 2**0.5*e*x",
                   "--optimizer", "Adam", "--lr", "0.05", "--epochs", EPOCHS,
                   "--print-every", "20"],
    "standardize": ["--scaling", "standardize", "--lr", "0.1", "--param", "nesterov=true",
                    "--param", "momentum=0.5", "--epochs", EPOCHS, "--print-every", "20"],
}  # fmt: skip

#: Runs every script given in one interpreter in which optiviz cannot be imported.
RUNNER = """
import contextlib, io, runpy, sys
sys.modules["optiviz"] = None  # the scripts must need torch alone
for path in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(path, run_name="__main__")
    with open(path + ".out", "w") as handle:
        handle.write(out.getvalue())
"""


def epoch_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Epoch ")]


def test_scripts_print_what_optiviz_run_prints(tmp_path, capsys):
    csv = tmp_path / "points.csv"
    csv.write_text("x,y\n1,3.1\n2.5,6.0\n4,8.8\n7,15.2\n9.5,19.9\n")
    cases = dict(CASES)
    cases["data_file"] = ["--data", str(csv), "--scaling", "none", "--param", "momentum=0.5",
                    "--epochs", EPOCHS, "--print-every", "20"]  # fmt: skip
    custom = Dataset(x=(0.3, -1.7, 2.2, 5.0), y=(1.0, -2.0, 4.5, 9.25), scaling="standardize")
    custom_config = RunConfig(optimizer="Adagrad", lr=0.5, epochs=200, dataset=custom)
    paths = []
    for name, flags in cases.items():
        path = tmp_path / f"script_{name}.py"
        assert code_command.main([*flags, "-o", str(path)]) == 0
        paths.append(path)
    custom_path = tmp_path / "script_custom.py"
    custom_path.write_text(plain_script(custom_config, print_every=20))
    paths.append(custom_path)
    for path in paths:  # torch and math alone
        tree = ast.parse(path.read_text())
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert imported <= {"torch", "math"} and not any(
            isinstance(n, ast.ImportFrom) for n in ast.walk(tree)
        ), path.name
    (tmp_path / "runner.py").write_text(RUNNER)
    runner = subprocess.Popen(
        [sys.executable, "runner.py", *(p.name for p in paths)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    optiviz_run = subprocess.run(
        [sys.executable, "-m", "optiviz", "run"], capture_output=True, text=True, check=True
    )
    _, errors = runner.communicate(timeout=120)
    assert runner.returncode == 0 and errors == "", errors  # no warnings either

    tutorial = (tmp_path / "script_tutorial.py.out").read_text()
    assert epoch_lines(tutorial) == epoch_lines(optiviz_run.stdout)
    printed = [float(line.split()[-1]) for line in epoch_lines(tutorial)]
    np.testing.assert_allclose(printed, TUTORIAL_LINES, rtol=1e-4)
    assert tutorial.splitlines()[-1] == "tensor([17.9473, 32.9443], requires_grad=True)"

    assert "x = [1.0, 2.5, 4.0, 7.0, 9.5]" in (tmp_path / "script_data_file.py").read_text()
    for name, flags in cases.items():
        if name == "tutorial":
            continue
        capsys.readouterr()
        assert run_command.main(flags) == 0
        expected = epoch_lines(capsys.readouterr().out)
        assert len(expected) >= 10, name
        assert epoch_lines((tmp_path / f"script_{name}.py.out").read_text()) == expected, name

    run = Run(custom_config).run()
    expected = ["Epoch %d, Loss %f" % (e, run.history.loss[e - 1]) for e in range(20, 201, 20)]
    assert epoch_lines((tmp_path / "script_custom.py.out").read_text()) == expected


@pytest.mark.parametrize("name", [p for p in PROBLEM_NAMES if p != "linear"])
def test_written_test_functions_equal_the_engines(name):
    problem = make_problem(name)
    script = plain_script(RunConfig(problem=name, optimizer="Adam", epochs=1))
    start = script.index(f"def {name}(x, y):")
    if name in _FUNCTION_SOURCES:
        start = script.index(_FUNCTION_SOURCES[name].split("\n")[0])
    source = script[start : script.index("def training_loop")]
    namespace = {"torch": torch, "math": __import__("math")}
    exec(source, namespace)
    points = torch.tensor([[-1.3, 2.7], [0.25, -0.5], [3.1, 1.9], [1.0, 1.0]])
    for dtype in (torch.float32, torch.float64):
        a, b = points.to(dtype).unbind(1)
        assert torch.equal(namespace[name](a, b), problem.function(a, b)), dtype


def test_script_shows_every_hyperparameter_and_the_scheduler():
    script = plain_script(
        RunConfig(optimizer="Adam", lr=0.05, hyper={"betas": (0.8, 0.95)}, scheduler="StepLR",
                  sched={"step_size": 30}, epochs=10),
        print_every=0,
    )  # fmt: skip
    assert "learning_rate = 0.05" in script
    for text in ("betas=(0.8, 0.95)", "eps=1e-08", "amsgrad=False", "weight_decay=0"):
        assert text in script
    assert "torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)" in script
    assert "scheduler.step()" in script and "print('Epoch" not in script
    assert "x = 0.1 * x" in script
    unscaled = plain_script(RunConfig(dataset=Dataset(scaling="none"), lr=1e-4))
    assert "0.1 * x" not in unscaled


def test_output_file_is_the_printed_script(tmp_path, capsys):
    flags = ["--optimizer", "LBFGS", "--lr", "1"]
    assert code_command.main(flags) == 0
    printed = capsys.readouterr().out
    target = tmp_path / "fit.py"
    assert code_command.main([*flags, "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text() == printed
    assert "optimizer.step(closure)" in printed
    assert [p.name for p in tmp_path.iterdir()] == ["fit.py"]  # no temporary file left


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["-o", "/no/such/folder/fit.py"], "-o"),
        (["-o", "."], "-o"),
        (["--optimizer", "Nope"], "--optimizer"),
        (["--lr", "-1"], "--lr"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, field, capsys):
    assert code_command.main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"optiviz code: error: {field}")
