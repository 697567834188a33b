"""The teaching mode's phases and numbers equal the tutorial's loop written out step by step."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch

from optiviz.engine.explain.teaching import TEACHING_PHASES, PhaseStepper
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import X, Y, loss_fn, model

EPOCHS = 6
CASES = {
    "SGD": ({"lr": 1e-2, "momentum": 0.9}, ("StepLR", {"step_size": 2, "gamma": 0.5})),
    "Adam": ({"lr": 0.5}, ("ExponentialLR", {"gamma": 0.9})),
    "LBFGS": ({"lr": 1.0, "line_search_fn": "strong_wolfe", "max_iter": 3}, None),
}


def numpy(t: torch.Tensor | None) -> np.ndarray | None:
    return None if t is None else t.detach().numpy().astype(np.float64).copy()


def hand_loop(name: str, kwargs: dict, scheduler, epochs: int) -> list[dict]:
    """The tutorial's training loop, one line at a time, noting what each line leaves behind."""
    x = 0.1 * torch.tensor(X)
    y = torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = getattr(torch.optim, name)([params], **kwargs)
    sched = None
    if scheduler:
        sched = getattr(torch.optim.lr_scheduler, scheduler[0])(optimizer, **scheduler[1])
    epochs_seen = []
    for _ in range(epochs):
        seen: dict = {"lr": optimizer.param_groups[0]["lr"]}
        seen["grad_before"] = numpy(params.grad)
        before = numpy(params)
        if name == "LBFGS":
            calls: list = []

            def closure(calls=calls):
                optimizer.zero_grad()
                calls.append(params.grad)
                y_p = model(x, *params)
                loss = loss_fn(y_p, y)
                loss.backward()
                calls.append((numpy(y_p), loss.item(), numpy(params.grad)))
                return loss

            optimizer.step(closure)
            assert calls[0] is None  # zero_grad left no gradient behind
            seen["predictions"], seen["loss"], seen["grad"] = calls[1]
            seen["evals"] = len(calls) // 2
        else:
            y_p = model(x, *params)
            loss = loss_fn(y_p, y)
            seen["predictions"], seen["loss"] = numpy(y_p), loss.item()
            optimizer.zero_grad()
            assert params.grad is None
            loss.backward()
            seen["grad"] = numpy(params.grad)
            optimizer.step()
        if sched is not None:
            sched.step()
        seen["after"] = numpy(params)
        seen["update"] = seen["after"] - before
        seen["grad_after_step"] = numpy(params.grad)
        seen["lr_next"] = optimizer.param_groups[0]["lr"]
        epochs_seen.append(seen)
    return epochs_seen


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_phase_equals_the_hand_run_loop(name):
    settings, scheduler = CASES[name]
    kwargs = dict(settings)
    lr = kwargs.pop("lr")
    config = RunConfig(optimizer=name, lr=lr, hyper=kwargs, epochs=EPOCHS)
    if scheduler:
        config = config.copy(scheduler=scheduler[0], sched=dict(scheduler[1]))
    run = Run(config)
    stepper = PhaseStepper(run)
    expected = hand_loop(name, settings, scheduler, EPOCHS)
    for epoch, seen in enumerate(expected, start=1):
        records = {}
        for phase in TEACHING_PHASES:
            assert stepper.upcoming == phase
            record = stepper.next()
            assert (record.epoch, record.phase) == (epoch, phase)
            records[phase] = record
        forward, loss, zero, backward, step = records.values()
        np.testing.assert_array_equal(forward.predictions, seen["predictions"])
        np.testing.assert_array_equal(forward.targets, Y_FLOAT32)
        assert forward.loss is None and loss.loss == seen["loss"]
        assert forward.code == ("y_p = model(x, *params)",)
        assert loss.code == ("loss = loss_fn(y_p, y)",)
        assert zero.grad is None and "None" in zero.explanation
        if seen["grad_before"] is None:
            assert zero.grad_before is None
        else:
            np.testing.assert_array_equal(zero.grad_before, seen["grad_before"])
        np.testing.assert_array_equal(backward.grad, seen["grad"])
        np.testing.assert_array_equal(step.update, seen["update"])
        np.testing.assert_array_equal(step.params, seen["after"])
        np.testing.assert_array_equal(step.params_before + step.update, step.params)
        np.testing.assert_array_equal(step.grad, seen["grad_after_step"])
        assert step.lr == seen["lr"] and step.lr_next == seen["lr_next"]
        if name == "LBFGS":
            assert step.code == ("optimizer.step(closure)",)
            assert step.closure_evals == seen["evals"] and step.closure_evals >= 1
        else:
            assert step.code == ("optimizer.step()", "scheduler.step()")
            change = f"{seen['lr']:g} → {seen['lr_next']:g}"
            if seen["lr"] == seen["lr_next"]:
                change = f"{seen['lr']:g} (unchanged)"
            assert change in step.explanation
        if epoch == 1:
            assert np.all(step.update != 0.0)
    assert stepper.next() is None and stepper.upcoming == ""
    assert run.status == "finished" and run.epoch == EPOCHS


Y_FLOAT32 = torch.tensor(Y).numpy().astype(np.float64)


def test_phase_stepping_mixes_with_epoch_stepping():
    settings = {"momentum": 0.9}
    reference = Run(RunConfig(hyper=settings, epochs=20)).run()
    run = Run(RunConfig(hyper=settings, epochs=20))
    stepper = PhaseStepper(run)
    run.step()
    assert stepper.next().phase == "forward"
    run.step()  # finishes epoch 2, begun phase by phase: the held "loss" stop is dropped
    assert run.epoch == 2 and stepper.upcoming == "forward"
    for phase in ("forward", "loss", "zero_grad"):
        assert stepper.next().phase == phase
    run.step()
    record = stepper.next()
    assert (record.epoch, record.phase) == (4, "forward")
    run.run()
    np.testing.assert_array_equal(run.history.params, reference.history.params)
    np.testing.assert_array_equal(run.history.loss, reference.history.loss)


def test_test_function_has_four_stops_and_records_pickle():
    run = Run(RunConfig(problem="rosenbrock", optimizer="Adam", lr=0.1, epochs=3))
    stepper = PhaseStepper(run)
    records = [stepper.next() for _ in range(4)]
    assert [r.phase for r in records] == ["forward", "zero_grad", "backward", "step"]
    assert records[0].code == ("loss = rosenbrock(*params)",)
    assert records[0].loss == pytest.approx(409.0) and records[0].predictions is None
    copy = pickle.loads(pickle.dumps(records))
    np.testing.assert_array_equal(copy[3].update, records[3].update)
    for record in records:
        for value in vars(record).values():
            assert not isinstance(value, torch.Tensor)


def test_divergence_is_reported_once():
    run = Run(RunConfig(lr=5.0, epochs=200))
    stepper = PhaseStepper(run)
    phases = []
    while (record := stepper.next()) is not None:
        phases.append(record.phase)
    assert phases[-1] == "diverged" and phases.count("diverged") == 1
    assert run.status == "diverged"
    assert record is None and stepper.next() is None
