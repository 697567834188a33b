"""Usage errors are one line and exit 2; flags that do not apply are errors, not ignored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from optiviz.cli.main import main, usage_error

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rn"], "unknown command 'rn'; did you mean 'run'?"),
        (["lr-fnd"], "unknown command 'lr-fnd'; did you mean 'lr-find'?"),
        (
            ["frobnicate"],
            "unknown command 'frobnicate'; commands: run, record, code, lr-find, landscape",
        ),
        (["a.toml", "b.toml"], "expected one scenario file to open, got 2 arguments"),
        (["--bogus"], "unknown option '--bogus'"),
        (["missing.toml"], "'missing.toml' does not exist"),
    ],
)
def test_usage_errors_are_one_line_with_a_pointer_to_help(argv, message, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == f"optiviz: error: {message} (see optiviz --help)\n"


def test_a_scenario_file_and_no_argument_open_the_window(tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text("[[runs]]\nlr = 0.1\n", encoding="utf-8")
    assert usage_error([str(scenario)]) == ""
    assert usage_error([]) == ""
    assert "is not a scenario file" in usage_error([str(ROOT / "README.md")])


def test_a_mistyped_command_loads_no_window_code():
    """Without a display a window would abort (exit 134); the word is refused before Qt."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "nonexistent"}
    code = "import sys; from optiviz.cli.main import main; r = main(['rn']); "
    code += "print('PySide6' in sys.modules); sys.exit(r)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 2
    assert done.stdout == "False\n"
    assert done.stderr.count("\n") == 1 and "unknown command 'rn'" in done.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--expression", "x**2"], "--expression: only with --problem expression"),
        (["run", "--problem", "rosenbrock", "--data", "x.csv"], "--data: only the linear fit"),
        (["code", "--problem", "beale", "--scaling", "none"], "--scaling: only the linear fit"),
        (["lr-find", "--lr", "nan"], "--lr: must be a finite number"),
        (["lr-find", "--start", "1e39,0"], "--start: must be a finite number"),
        (["run", "--start", "1e39,0"], "--start: must be a finite number"),
        (["code", "--lr", "1e40"], "--lr: must be a finite number"),
        (
            ["run", "--optimizer", "Rprop", "--param", "step_sizes=50,1e-6"],
            "--param step_sizes: the minimum step size must not exceed the maximum",
        ),
        (
            ["run", "--optimizer", "Rprop", "--param", "step_sizes=-1,50"],
            "--param step_sizes: must be two positive numbers",
        ),
    ],
)
def test_flags_that_do_not_apply_and_bad_values_exit_2_naming_the_field(argv, message, capsys):
    assert main(argv) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.count("\n") == 1 and message in out.err


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_data_from_a_device_is_refused_at_once(device, capsys):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert main(["run", "--data", device]) == 2
    assert "is not a regular file" in capsys.readouterr().err


def test_data_beyond_float32_is_refused_by_every_command(tmp_path, capsys):
    data = tmp_path / "big.csv"
    data.write_text("x,y\n1,2\n3.5e39,4\n", encoding="utf-8")
    out = tmp_path / "clip.gif"
    for argv in (["run"], ["code"], ["lr-find"], ["record", "-o", str(out)]):
        assert main([*argv, "--data", str(data)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "row 3: '3.5e39' is too large for float32" in err
    assert not out.exists()


def test_a_scenario_of_a_thousand_runs_is_refused(tmp_path, capsys):
    path = tmp_path / "many.toml"
    path.write_text("[[runs]]\nlr = 0.1\n" * 1000, encoding="utf-8")
    assert main(["run", "--scenario", str(path)]) == 2
    assert "runs: at most 64 [[runs]] tables, got 1000" in capsys.readouterr().err
