"""A learner's own optimizer file runs like torch's, and its errors show the learner's lines."""

from __future__ import annotations

import os
import pickle
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch

from optiviz.engine.catalogue.external import UserCodeError
from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.explain.codegen import plain_script
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.outside_loops import plain_outside_fit

MY_SGD = '''
import torch


class MySGD(torch.optim.Optimizer):
    """Gradient descent with a friction term."""

    def __init__(self, params, lr=0.01, friction: float = 0.5):
        super().__init__(params, dict(lr=lr, friction=friction))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                velocity = state.setdefault("velocity", torch.zeros_like(p))
                velocity.mul_(group["friction"]).add_(p.grad)
                p.add_(velocity, alpha=-group["lr"])
        return None
'''


def write(folder: Path, source: str, name: str = "my_opt.py") -> str:
    path = folder / name
    path.write_text(textwrap.dedent(source))
    return str(path)


def load(path: str, cls: str) -> type[torch.optim.Optimizer]:
    namespace: dict = {}
    exec(compile(Path(path).read_text(), path, "exec"), namespace)
    return namespace[cls]


def test_a_file_optimizer_equals_the_plain_loop(tmp_path: Path) -> None:
    path = write(tmp_path, MY_SGD)
    name = f"{path}:MySGD"
    info = optimizer_info(name)
    assert [(s.name, s.default, s.kind) for s in info.hyperparams] == [
        ("lr", 0.01, "float"),
        ("friction", 0.5, "float"),
    ]
    run = Run(RunConfig(optimizer=name, lr=0.02, hyper={"friction": 0.8}, epochs=50)).run()
    loss, params = plain_outside_fit(load(path, "MySGD"), {"lr": 0.02, "friction": 0.8}, 50)
    np.testing.assert_array_equal(run.history.loss, loss)
    np.testing.assert_array_equal(run.history.params, params)
    np.testing.assert_array_equal(
        run.history.state["velocity"][-1], run.optimizer.state[run.leaf]["velocity"].numpy()
    )


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = write(tmp_path, MY_SGD)
    first = optimizer_info(f"{path}:MySGD").cls
    write(tmp_path, MY_SGD.replace("friction: float = 0.5", "friction: float = 0.25"))
    os.utime(path, ns=(1, 1))  # a new version even within the clock's resolution
    info = optimizer_info(f"{path}:MySGD")
    assert info.cls is not first
    assert info.spec("friction").default == 0.25


def test_a_closure_optimizer_of_ones_own_gets_a_fresh_loss(tmp_path: Path) -> None:
    source = MY_SGD.replace(
        "def step(self, closure=None):",
        "def step(self, closure=None):\n        if closure is None:\n"
        "            raise ValueError()\n        with torch.enable_grad():\n"
        "            self.seen = closure().item()",
    )
    path = write(tmp_path, source)
    assert optimizer_info(f"{path}:MySGD").uses_closure
    run = Run(RunConfig(optimizer=f"{path}:MySGD", epochs=3)).run()
    assert run.optimizer.seen == run.history.loss[-1]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("source", "where", "line", "last"),
    [
        ("import torch\nx = 1 / 0\n", "importing my_opt.py", 2, "ZeroDivisionError"),
        (
            MY_SGD.replace("super().__init__", "raise KeyError('oops')\n        super().__init__"),
            "in __init__",
            9,
            "KeyError: 'oops'",
        ),
    ],
)
def test_an_error_in_the_file_shows_the_learners_lines(
    tmp_path: Path, source: str, where: str, line: int, last: str
) -> None:
    path = write(tmp_path, source)
    with pytest.raises(UserCodeError) as caught:
        Run(RunConfig(optimizer=f"{path}:MySGD"))
    err = caught.value
    assert err.message.startswith(f"{where}: {last}")
    assert f'File "{os.path.realpath(path)}", line {line}' in err.details
    assert "optiviz" not in err.details  # only the learner's own frames
    assert err.details.splitlines()[-1].startswith(last)
    assert pickle.loads(pickle.dumps(err)).details == err.details  # crosses the worker's pipe


def test_an_error_in_step_stops_the_run_with_the_learners_traceback(tmp_path: Path) -> None:
    source = MY_SGD.replace(
        'p.add_(velocity, alpha=-group["lr"])',
        'p.add_(velocity, alpha=-group["lr"])\n'
        '                if state.get("n", 0) == 2:\n'
        '                    raise RuntimeError("bad step")\n'
        '                state["n"] = state.get("n", 0) + 1',
    )
    path = write(tmp_path, source)
    run = Run(RunConfig(optimizer=f"{path}:MySGD", epochs=10)).run()
    assert run.status == "diverged" and run.epoch == 2
    head, *lines = run.divergence_reason.splitlines()
    assert head == f"{path}:MySGD raised an error in step(): RuntimeError: bad step"
    assert lines[0].startswith(f'  File "{os.path.realpath(path)}", line ')
    assert lines[-1] == "RuntimeError: bad step"
    np.testing.assert_array_equal(run.params(), run.history.params[-1])  # the half step undone


def test_a_missing_class_or_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, MY_SGD)
    with pytest.raises(ConfigError, match=r"has no class 'Nope'; its .* classes: MySGD"):
        optimizer_info(f"{path}:Nope")
    with pytest.raises(ConfigError, match="cannot read"):
        optimizer_info(f"{tmp_path}/absent.py:MySGD")


def test_the_code_export_imports_the_file_and_the_package(tmp_path: Path) -> None:
    path = write(tmp_path, MY_SGD)
    script = plain_script(RunConfig(optimizer=f"{path}:MySGD", epochs=20))
    assert "from my_opt import MySGD" in script
    assert "optimizer = MySGD(" in script
    out: dict = {}
    exec(compile(script, "exported.py", "exec"), out)  # the script runs as printed


def test_the_code_export_of_a_package_optimizer() -> None:
    pytest.importorskip("pytorch_optimizer", reason="pytorch-optimizer is not installed")
    script = plain_script(RunConfig(optimizer="pytorch_optimizer.AdaHessian", epochs=3))
    assert "import pytorch_optimizer\n" in script
    assert "optimizer = pytorch_optimizer.AdaHessian(" in script
    assert "loss.backward(create_graph=True)" in script


def _printed(script: str, capsys) -> list[str]:
    exec(compile(script, "exported.py", "exec"), {"__name__": "__main__"})
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("Epoch")]


def test_the_exported_script_prints_what_optiviz_run_prints(tmp_path: Path, capsys) -> None:
    from optiviz.cli.main import main

    closure_step = MY_SGD.replace(
        "def step(self, closure=None):",
        "def step(self, closure=None):\n        if closure is None:\n"
        "            raise ValueError('a closure is needed')\n"
        "        with torch.enable_grad():\n            closure()",
    )
    for source in (MY_SGD, closure_step):
        path = write(tmp_path, source)
        os.utime(path, ns=(len(source), len(source)))
        config = RunConfig(optimizer=f"{path}:MySGD", lr=0.02, hyper={"friction": 0.7}, epochs=300)
        script = plain_script(config)
        assert ("optimizer.step(closure)" in script) == (source is closure_step)
        printed = _printed(script, capsys)
        argv = ["run", "--optimizer", f"{path}:MySGD", "--lr", "0.02", "--param", "friction=0.7"]
        assert main([*argv, "--epochs", "300"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert printed == [line for line in out if line.startswith("Epoch")]
        assert len(printed) == 3


def test_a_file_optimizer_is_labelled_by_its_class_and_file(tmp_path: Path) -> None:
    from optiviz.engine.worker.session_state import run_label

    config = RunConfig(optimizer=f"{tmp_path}/my_opt.py:MySGD", lr=0.02, hyper={"friction": 0.7})
    assert run_label(config) == "MySGD (my_opt.py) lr=0.02 friction=0.7"
    lion = RunConfig(optimizer="pytorch_optimizer.Lion")
    assert run_label(lion) == "pytorch_optimizer.Lion lr=0.01"
