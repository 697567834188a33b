"""Every optimizer and scheduler in the catalogue equals a plain PyTorch loop, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.engine.catalogue.optimizers import optimizer_catalogue
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import plain_linear_fit

EPOCHS = 60
# Settings that make each optimizer move visibly in 60 epochs; the rest are torch's defaults.
SETTINGS = {
    "SGD": {"lr": 1e-2, "momentum": 0.9, "nesterov": True},
    "Adam": {"lr": 0.5, "amsgrad": True, "weight_decay": 1e-3},
    "AdamW": {"lr": 0.5},
    "RMSprop": {"lr": 0.1, "momentum": 0.5, "centered": True},
    "LBFGS": {"lr": 1.0, "line_search_fn": "strong_wolfe"},
    "Muon": {"lr": 0.5},
}


@pytest.mark.parametrize("name", sorted(optimizer_catalogue()))
def test_every_optimizer_equals_the_plain_loop(name):
    settings = dict(SETTINGS.get(name, {"lr": 0.1}))
    lr = settings.pop("lr")
    run = Run(RunConfig(optimizer=name, lr=lr, hyper=settings, epochs=EPOCHS))
    run.run()
    loss, params, lrs = plain_linear_fit(name, {"lr": lr, **settings}, EPOCHS)
    assert run.status == "finished"
    np.testing.assert_array_equal(run.history.loss, loss)
    np.testing.assert_array_equal(run.history.params, params)
    np.testing.assert_array_equal(run.history.lr, lrs)
    assert not np.array_equal(params[-1], [1.0, 0.0]), "the optimizer should have moved"


SCHEDULERS = {
    "StepLR": {"step_size": 10, "gamma": 0.5},
    "MultiStepLR": {"milestones": [10, 30], "gamma": 0.3},
    "ExponentialLR": {"gamma": 0.95},
    "CosineAnnealingLR": {"T_max": 20},
    "CosineAnnealingWarmRestarts": {"T_0": 10, "T_mult": 2},
    "CyclicLR": {"base_lr": 1e-3, "max_lr": 1e-2, "step_size_up": 7},
    "OneCycleLR": {"max_lr": 0.05, "total_steps": EPOCHS},
    "LinearLR": {"start_factor": 0.2, "total_iters": 20},
    "PolynomialLR": {"total_iters": 40, "power": 2.0},
    "ReduceLROnPlateau": {"patience": 2, "factor": 0.5, "threshold": 0.5},
    "ConstantLR": {"factor": 0.5, "total_iters": 10},
}


@pytest.mark.parametrize("scheduler", sorted(SCHEDULERS))
def test_every_scheduler_equals_the_plain_loop(scheduler):
    args = SCHEDULERS[scheduler]
    run = Run(
        RunConfig(
            optimizer="SGD",
            lr=1e-2,
            hyper={"momentum": 0.5},
            scheduler=scheduler,
            sched=args,
            epochs=EPOCHS,
        )
    )
    run.run()
    loss, params, lrs = plain_linear_fit(
        "SGD", {"lr": 1e-2, "momentum": 0.5}, EPOCHS, (scheduler, args)
    )
    np.testing.assert_array_equal(run.history.lr, lrs)
    np.testing.assert_array_equal(run.history.loss, loss)
    np.testing.assert_array_equal(run.history.params, params)
    assert len(set(lrs)) > 1, "the schedule should change the lr"


def test_scheduler_on_adam_equals_the_plain_loop():
    args = {"T_max": 30}
    run = Run(
        RunConfig(
            optimizer="Adam", lr=0.5, scheduler="CosineAnnealingLR", sched=args, epochs=EPOCHS
        )
    )
    run.run()
    loss, params, lrs = plain_linear_fit("Adam", {"lr": 0.5}, EPOCHS, ("CosineAnnealingLR", args))
    np.testing.assert_array_equal(run.history.loss, loss)
    np.testing.assert_array_equal(run.history.params, params)
    np.testing.assert_array_equal(run.history.lr, lrs)
