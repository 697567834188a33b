"""``optiviz code --problem mlp``: the printed script, run on its own, prints exactly the lines
``optiviz run`` prints with the same flags."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from optiviz.cli.main import main

CASES = {
    "circles Adam full batch": "--optimizer Adam --lr 0.05 --epochs 12 --print-every 3",
    "gauss SGD momentum batch 16": "--dataset gauss --optimizer SGD --lr 0.1 --param momentum=0.9"
    " --batch-size 16 --epochs 4 --print-every 1",
    "sine RMSprop": "--dataset sine --optimizer RMSprop --lr 0.01 --hidden 16 --epochs 10"
    " --print-every 2",
    "digits MLP batch 64": "--dataset digits --hidden 32 --activation relu --optimizer Adam"
    " --lr 0.01 --batch-size 64 --epochs 2 --print-every 1",
    "digits CNN": "--dataset digits --model cnn --optimizer Adam --lr 0.01 --epochs 3"
    " --print-every 1",
    "no zero_grad, clipped, scheduled": "--dataset moons --no-zero-grad --clip-grad-norm 0.5"
    " --scheduler StepLR --sched-param step_size=2 --epochs 6 --print-every 2",
    "LBFGS closure, no hold-out": "--dataset xor --optimizer LBFGS --lr 0.5 --epochs 4"
    " --print-every 1 --test-fraction 0 --hidden 4",
}


#: Runs each script file named on its command line with a fresh namespace, in one process
#: (one torch import for all), and prints each one's stdout lines as a JSON list.
DRIVER = """
import contextlib, io, json, sys
out = []
for path in sys.argv[1:]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(open(path).read(), path, "exec"), {"__name__": "__main__"})
    out.append(buffer.getvalue().splitlines())
print(json.dumps(out))
"""


def _write_csvs(folder: Path) -> dict[str, list[str]]:
    """Two CSV cases: a 3-class table with a header, a regression without one."""
    labelled = folder / "points.csv"
    rows = ["x1,x2,label"] + [f"{(i * 7) % 11 / 5},{(i * 3) % 5 / 2},{i % 3}" for i in range(40)]
    labelled.write_text("\n".join(rows) + "\n")
    plain = folder / "fit.csv"
    plain.write_text("".join(f"{i / 10},{(i / 10) ** 2}\n" for i in range(30)))
    return {
        "labelled CSV": [
            *("--data", str(labelled), "--optimizer", "Adam", "--lr", "0.05"),
            *("--epochs", "6", "--print-every", "2"),
        ],
        "regression CSV, no header": ["--data", str(plain), "--epochs", "5", "--print-every", "1"],
    }


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[str], str, list]]:
    """Per case: ``optiviz run``'s lines, the script, and the script's own lines."""
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("scripts")
    cases = {name: ["--samples", "80", *flags.split()] for name, flags in CASES.items()}
    cases.update(_write_csvs(folder))
    runs: dict[str, tuple[list[str], str]] = {}
    files = []
    for i, (name, flags) in enumerate(cases.items()):
        args = ["--problem", "mlp", *flags]
        lines, script = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(lines):
            assert main(["run", *args]) == 0
        with contextlib.redirect_stdout(script):
            assert main(["code", *args]) == 0
        runs[name] = (lines.getvalue().splitlines(), script.getvalue())
        files.append(folder / f"script{i}.py")
        files[-1].write_text(script.getvalue())
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    return {name: (*runs[name], printed[i]) for i, name in enumerate(cases)}


@pytest.mark.parametrize("name", list(CASES))
def test_script_prints_the_runs_lines(name, outputs):
    run_lines, _script, script_lines = outputs[name]
    assert any(line.startswith("Epoch ") for line in run_lines)
    assert run_lines[-1].startswith("finished after ")
    assert script_lines == run_lines


def test_csv_script_reads_the_file(outputs):
    run_lines, script, script_lines = outputs["labelled CSV"]
    assert "numpy.loadtxt(" in script and "skiprows=1" in script
    assert run_lines[-1].startswith("finished after 6 epochs: 2-8-8-3 tanh on points")
    assert script_lines == run_lines


def test_regression_csv_without_header(outputs):
    run_lines, script, script_lines = outputs["regression CSV, no header"]
    assert "skiprows=0" in script
    assert ", train loss " in run_lines[-1]
    assert script_lines == run_lines


def test_script_shows_the_generator_source_and_the_seeds(capsys):
    assert main(["code", "--problem", "mlp", "--dataset", "spirals", "--seed", "7"]) == 0
    script = capsys.readouterr().out
    assert "def spirals(n: int, generator: torch.Generator)" in script
    assert "torch.manual_seed(7)" in script
    assert "nn.Sequential(" in script
    assert "loss_fn = nn.BCEWithLogitsLoss()" in script
