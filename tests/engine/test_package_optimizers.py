"""Optimizers of installed packages (pytorch-optimizer, torch-optimizer) equal plain loops."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.outside_loops import plain_outside_fit

pytorch_optimizer = pytest.importorskip(
    "pytorch_optimizer", reason="pytorch-optimizer is not installed (pip install .[optimizers])"
)

EPOCHS = 40

CASES = {
    "pytorch_optimizer.Lion": ({"lr": 0.05}, {}),
    "pytorch_optimizer.AdaBelief": ({"lr": 0.3}, {}),
    "pytorch_optimizer.Ranger21": ({"lr": 0.3, "num_iterations": EPOCHS}, {}),
    "pytorch_optimizer.ScheduleFreeAdamW": ({"lr": 0.3}, {"train_mode": True}),
    "pytorch_optimizer.AdaHessian": ({"lr": 0.3}, {"create_graph": True}),
    "pytorch_optimizer.SophiaH": ({"lr": 0.1}, {"create_graph": True}),
}


def _outside(name: str) -> type[torch.optim.Optimizer]:
    module, _, cls = name.rpartition(".")
    return getattr(pytest.importorskip(module), cls)


@pytest.mark.parametrize("name", sorted(CASES))
def test_package_optimizer_equals_the_plain_loop(name: str) -> None:
    kwargs, needs = CASES[name]
    hyper = {k: v for k, v in kwargs.items() if k not in ("lr", "num_iterations")}
    torch.manual_seed(0)  # the Hessian estimates draw random vectors
    run = Run(RunConfig(optimizer=name, lr=kwargs["lr"], hyper=hyper, epochs=EPOCHS)).run()
    torch.manual_seed(0)
    loss, path = plain_outside_fit(_outside(name), kwargs, EPOCHS, **needs)
    assert run.status == "finished", run.divergence_reason
    np.testing.assert_array_equal(run.history.loss, loss)
    np.testing.assert_array_equal(run.history.params, path)
    assert not np.array_equal(path[-1], [1.0, 0.0]), "the optimizer should have moved"


def test_bsam_steps_with_a_closure_like_the_plain_loop() -> None:
    """BSAM moves the parameters, then calls the closure: it must be evaluated again there."""
    torch.manual_seed(0)
    run = Run(RunConfig(optimizer="pytorch_optimizer.BSAM", hyper={"num_data": 11}, epochs=3))
    run.run()
    torch.manual_seed(0)
    kwargs = {"lr": 0.01, "num_data": 11}
    loss, path = plain_outside_fit(pytorch_optimizer.BSAM, kwargs, 3, closure=True)
    np.testing.assert_array_equal(run.history.loss, loss)
    np.testing.assert_array_equal(run.history.params, path)


def test_torch_optimizer_package_equals_the_plain_loop() -> None:
    torch_optimizer = pytest.importorskip("torch_optimizer", reason="torch-optimizer is absent")
    run = Run(RunConfig(optimizer="torch_optimizer.AdaBelief", lr=0.3, epochs=EPOCHS)).run()
    loss, path = plain_outside_fit(torch_optimizer.AdaBelief, {"lr": 0.3}, EPOCHS)
    np.testing.assert_array_equal(run.history.loss, loss)
    np.testing.assert_array_equal(run.history.params, path)


def test_the_catalogue_reads_the_signature_and_the_special_needs() -> None:
    lion = optimizer_info("pytorch_optimizer.Lion")
    assert lion.cls is pytorch_optimizer.Lion
    assert lion.spec("betas").default == (0.9, 0.99)
    assert lion.qualified == "pytorch_optimizer.Lion"
    assert optimizer_info("pytorch_optimizer.BSAM").uses_closure
    assert optimizer_info("pytorch_optimizer.AdaHessian").create_graph
    assert optimizer_info("pytorch_optimizer.ScheduleFreeAdamW").train_mode
    assert not lion.uses_closure and not lion.create_graph and not lion.train_mode


def test_ranger21_is_given_the_run_length_for_num_iterations() -> None:
    run = Run(RunConfig(optimizer="pytorch_optimizer.Ranger21", lr=0.1, epochs=77))
    assert run.config.hyper["num_iterations"] == 77


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("pytorch_optimizer.AdamMini", "whole model"),
        ("pytorch_optimizer.SAM", "wraps another optimizer"),
        ("pytorch_optimizer.AliG", "has no lr argument"),
        ("pytorch_optimizer.NoSuchThing", "has no class 'NoSuchThing'"),
        ("not_a_package_here.Adam", "is not installed"),
    ],
)
def test_what_cannot_run_is_refused_in_plain_words(name: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        Run(RunConfig(optimizer=name))


def test_a_required_argument_without_a_default_is_asked_for() -> None:
    with pytest.raises(ConfigError, match=r"needs num_data .*--param num_data=100") as err:
        Run(RunConfig(optimizer="pytorch_optimizer.BSAM"))
    assert err.value.field == ("hyper", "num_data")


def test_the_teaching_mode_steps_a_hessian_optimizer_phase_by_phase() -> None:
    """backward(create_graph=True) leaves a gradient with a graph; the phases still read it."""
    from optiviz.engine.explain.teaching import PhaseStepper

    run = Run(RunConfig(optimizer="pytorch_optimizer.AdaHessian", lr=0.3, epochs=5))
    stepper = PhaseStepper(run)
    records = [stepper.next() for _ in range(10)]
    backward = [r for r in records if r is not None and r.phase == "backward"]
    assert len(backward) == 2 and run.epoch == 2
    np.testing.assert_array_equal(backward[0].grad, run.history.grad[0])
