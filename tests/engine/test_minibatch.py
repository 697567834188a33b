"""Mini-batch runs step exactly as a plain DataLoader loop with the same seed."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.library import TUTORIAL_X, TUTORIAL_Y, Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from tests.engine.plain_loops import plain_linear_fit
from tests.engine.plain_minibatch import plain_minibatch_fit, plain_noisy_fit

#: Twelve points: 4 divides them, 5 does not.
X12 = [*TUTORIAL_X, 17.0]
Y12 = [*TUTORIAL_Y, 62.0]


def _engine(config: RunConfig) -> Run:
    return Run(config).run()


@pytest.mark.parametrize(
    ("optimizer", "kwargs", "batch_size", "shuffle"),
    [
        ("SGD", {"lr": 1e-2}, 1, True),
        ("SGD", {"lr": 1e-2, "momentum": 0.9}, 4, True),
        ("SGD", {"lr": 1e-2}, 5, False),
        ("Adam", {"lr": 0.1}, 5, True),
        ("RMSprop", {"lr": 0.01}, 4, False),
        ("LBFGS", {"lr": 0.5}, 5, True),
    ],
)
def test_trajectory_equals_a_plain_dataloader_loop(optimizer, kwargs, batch_size, shuffle):
    data = Dataset(tuple(X12), tuple(Y12))
    epochs = 7
    hyper = {k: v for k, v in kwargs.items() if k != "lr"}
    config = RunConfig(
        optimizer=optimizer,
        lr=kwargs["lr"],
        hyper=hyper,
        epochs=epochs,
        dataset=data,
        batch_size=batch_size,
        shuffle=shuffle,
        seed=7,
    )
    run = _engine(config)
    plain = plain_minibatch_fit(X12, Y12, optimizer, kwargs, epochs, batch_size, shuffle, seed=7)
    steps = -(-12 // batch_size) * epochs
    assert len(run.history) == steps and run.epoch == epochs and run.status == "finished"
    assert np.array_equal(run.history.loss, plain["step_loss"])
    assert np.array_equal(run.history.params, plain["params"])
    assert np.array_equal(run.history.lr, plain["lr"])
    assert run.history.epoch_loss.tolist() == plain["epoch_loss"].tolist()


@pytest.mark.parametrize(
    "scheduler",
    [
        ("StepLR", {"step_size": 2, "gamma": 0.5}),
        ("ReduceLROnPlateau", {"patience": 0, "mode": "max"}),
    ],
)
def test_the_scheduler_steps_once_an_epoch_with_its_loss(scheduler):
    config = RunConfig(
        lr=0.02,
        epochs=6,
        batch_size=4,
        seed=3,
        scheduler=scheduler[0],
        sched=dict(scheduler[1]),
    )
    run = _engine(config)
    plain = plain_minibatch_fit(
        list(TUTORIAL_X), list(TUTORIAL_Y), "SGD", {"lr": 0.02}, 6, 4, seed=3, scheduler=scheduler
    )
    assert np.array_equal(run.history.params, plain["params"])
    assert np.array_equal(run.history.lr, plain["lr"])
    assert len(set(run.history.lr.tolist())) > 1  # the schedule did change the lr


def test_seeds_give_their_own_runs_and_the_same_seed_the_same_run():
    a = _engine(RunConfig(epochs=3, batch_size=2, seed=1))
    b = _engine(RunConfig(epochs=3, batch_size=2, seed=1))
    c = _engine(RunConfig(epochs=3, batch_size=2, seed=2))
    assert np.array_equal(a.history.params, b.history.params)
    assert not np.array_equal(a.history.params, c.history.params)


def test_without_a_batch_size_every_number_is_the_full_batch_loop():
    run = _engine(RunConfig(epochs=50, seed=99))
    losses, params, _lrs = plain_linear_fit("SGD", {"lr": 1e-2}, 50)
    assert np.array_equal(run.history.loss, losses)
    assert np.array_equal(run.history.params, params)
    assert run.history.full_grad is None and run.history.steps_per_epoch == 1
    assert np.array_equal(run.history.epoch_loss, run.history.loss)


@pytest.mark.parametrize("stop", [0, 1, 5, 6, 7, 11, 12])
def test_seek_into_an_epoch_and_play_on_is_the_same_run(stop):
    config = RunConfig(epochs=6, batch_size=4, seed=5, optimizer="Adam", lr=0.3)
    whole = _engine(config)
    run = Run(config, snapshot_every=2)
    run.run(4)
    run.seek(stop)
    assert len(run.history) == stop
    assert np.array_equal(run.history.params, whole.history.params[:stop])
    run.run()
    assert np.array_equal(run.history.params, whole.history.params)
    assert np.array_equal(run.history.loss, whole.history.loss)
    assert run.history.epoch_loss.tolist() == whole.history.epoch_loss.tolist()


def test_an_edit_in_the_middle_of_an_epoch_keeps_the_batches():
    config = RunConfig(epochs=4, batch_size=3, seed=11)
    run = Run(config)
    for _ in range(5):
        run.step()
    run.set_hyper("lr", 0.02)  # a snapshot in the middle of epoch 2
    run.run()
    replayed = Run(config)
    for _ in range(5):
        replayed.step()
    replayed.set_hyper("lr", 0.02)
    replayed.run(1)
    replayed.seek(6)
    replayed.run()
    assert np.array_equal(run.history.params, replayed.history.params)


def test_each_step_keeps_the_full_data_gradient_and_its_batch():
    run = Run(RunConfig(epochs=1, batch_size=4, seed=0))
    run.step()
    assert run.batch is not None and len(run.batch) == 4
    run.run()
    full = run.history.full_grad
    assert full is not None and full.shape == (3, 2)
    # the full gradient at the start, by the closed form of the mean squared error
    x = 0.1 * np.array(TUTORIAL_X, dtype=np.float32).astype(np.float64)
    y = np.array(TUTORIAL_Y, dtype=np.float32).astype(np.float64)
    w, b = 1.0, 0.0
    residual = w * x + b - y
    expected = [2 * np.mean(residual * x), 2 * np.mean(residual)]
    assert np.allclose(full[0], expected, rtol=1e-5)
    assert not np.allclose(run.history.grad[0], full[0])  # a batch's gradient is not it
    assert sorted(run.batch.tolist()) == sorted(set(run.batch.tolist()))


def test_gradient_noise_equals_a_plain_noisy_loop():
    config = RunConfig(
        problem="rosenbrock", optimizer="SGD", lr=1e-4, epochs=40, grad_noise=5.0, seed=4
    )
    run = _engine(config)
    losses, trajectory = plain_noisy_fit("rosenbrock", "SGD", {"lr": 1e-4}, 40, (-2.0, 2.0), 5.0, 4)
    assert np.array_equal(run.history.loss, losses)
    assert np.array_equal(run.history.params, trajectory)
    assert run.history.full_grad is not None
    assert not np.allclose(run.history.grad, run.history.full_grad)


def test_clipping_by_value_after_noise_equals_the_plain_loop():
    config = RunConfig(
        problem="himmelblau",
        optimizer="Adam",
        lr=0.05,
        epochs=30,
        grad_noise=2.0,
        seed=8,
        clip_grad_value=1.0,
    )
    run = _engine(config)
    _losses, trajectory = plain_noisy_fit(
        "himmelblau", "Adam", {"lr": 0.05}, 30, (0.0, 0.0), 2.0, 8, clip_value=1.0
    )
    assert np.array_equal(run.history.params, trajectory)
    assert np.abs(run.history.grad).max() <= 1.0


def test_clipping_by_norm_equals_the_plain_loop():
    config = RunConfig(lr=0.05, epochs=5, batch_size=4, seed=2, clip_grad_norm=1.0)
    run = _engine(config)
    plain = plain_minibatch_fit(
        list(TUTORIAL_X), list(TUTORIAL_Y), "SGD", {"lr": 0.05}, 5, 4, seed=2, clip_norm=1.0
    )
    assert np.array_equal(run.history.params, plain["params"])
    assert np.linalg.norm(run.history.grad, axis=1).max() <= 1.0 + 1e-6


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"batch_size": 0}, "batch_size", "at least 1"),
        ({"batch_size": -3}, "batch_size", "at least 1"),
        ({"batch_size": 12}, "batch_size", "one batch of all 11"),
        ({"batch_size": 2.5}, "batch_size", "whole number"),
        ({"problem": "rosenbrock", "batch_size": 4}, "batch_size", "no data"),
        ({"grad_noise": 1.0}, "grad_noise", "--batch-size"),
        ({"problem": "beale", "grad_noise": -1.0}, "grad_noise", "from 0 up"),
        ({"seed": -1}, "seed", "0 to 2**63-1"),
        ({"clip_grad_norm": 0.0}, "clip_grad_norm", "above 0"),
        ({"clip_grad_norm": 1.0, "clip_grad_value": 1.0}, "clip_grad_value", "not both"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(changes, field, words):
    with pytest.raises(ConfigError) as caught:
        Run(RunConfig(**changes))
    assert caught.value.field == (field,)
    assert words in str(caught.value)
