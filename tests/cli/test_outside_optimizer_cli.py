"""--optimizer MODULE.CLASS and path/to/file.py:CLASS on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from optiviz.cli.main import main
from tests.engine.test_user_optimizer import MY_SGD, write


def test_a_file_optimizer_runs_from_the_command_line(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, MY_SGD)
    argv = ["run", "--optimizer", f"{path}:MySGD", "--param", "friction=0.3", "--epochs", "200"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Epoch 100, Loss ")
    assert lines[1].startswith("Epoch 200, Loss ")


@pytest.mark.parametrize(
    ("source", "last"),
    [
        ("import torch\nraise ImportError('no numpy here')\n", "ImportError: no numpy here"),
        (
            MY_SGD.replace("super().__init__(", "int('x')\n        super().__init__("),
            "ValueError: invalid literal for int() with base 10: 'x'",
        ),
        (MY_SGD.replace("velocity.mul_(", "undefined_name.mul_("), "NameError: name 'undefined"),
    ],
)
def test_an_error_in_the_users_code_exits_2_with_its_last_line(
    tmp_path: Path, capsys, source: str, last: str | None
) -> None:
    path = write(tmp_path, source)
    code = main(["run", "--optimizer", f"{path}:MySGD", "--epochs", "5"])
    err = capsys.readouterr().err
    if last is None:  # the file is fine: the run ends normally
        assert code == 0
        return
    assert code == 2
    assert err.count("\n") == 1  # one line
    assert last in err


def test_a_package_optimizer_runs_and_an_unknown_package_is_refused(capsys) -> None:
    pytest.importorskip("pytorch_optimizer", reason="pytorch-optimizer is not installed")
    assert main(["run", "--optimizer", "pytorch_optimizer.Lion", "--epochs", "100"]) == 0
    assert capsys.readouterr().out.startswith("Epoch 100, Loss ")
    assert main(["run", "--optimizer", "no_such_package_here.Lion"]) == 2
    assert "the package 'no_such_package_here' is not installed" in capsys.readouterr().err
