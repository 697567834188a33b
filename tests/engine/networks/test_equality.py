"""A network run's losses and parameters equal a plain PyTorch loop's, bit for bit."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch
from torch import nn

from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.runs.config import RunConfig
from tests.engine.networks.plain_training import Trace, plain_data, plain_train


def circles_mlp() -> nn.Module:
    return nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))


def assert_same(run: NetworkRun, trace: Trace) -> None:
    assert run.history.loss.tolist() == trace.losses  # floats of the same float32 values
    rows = torch.from_numpy(run.path.rows())
    assert len(rows) == len(trace.params) + 1
    for i, expected in enumerate(trace.params):
        assert torch.equal(rows[i + 1], expected), f"step {i + 1}"
    final = list(run.model.parameters())  # the live model, not only the recorded path
    assert torch.equal(torch.cat([p.detach().reshape(-1) for p in final]), trace.params[-1])


def circles_run(optimizer: str, lr: float, epochs: int, **kwargs: object) -> NetworkRun:
    config = RunConfig(problem="mlp", optimizer=optimizer, lr=lr, epochs=epochs, **kwargs)
    return NetworkRun(config).run()


CIRCLES_CASES: list[tuple[str, dict, int | None, Callable]] = [
    ("SGD", {}, None, lambda p: torch.optim.SGD(p, lr=0.5)),
    ("SGD", {"momentum": 0.9}, 32, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    ("Adam", {}, 48, lambda p: torch.optim.Adam(p, lr=0.1)),
    ("RMSprop", {}, 40, lambda p: torch.optim.RMSprop(p, lr=0.1)),
]


@pytest.mark.parametrize(("name", "hyper", "batch", "make"), CIRCLES_CASES)
def test_circles_mlp_equals_the_plain_loop(name, hyper, batch, make):
    lr = make([torch.zeros(1, requires_grad=True)]).param_groups[0]["lr"]
    epochs = 12 if batch is None else 3
    run = circles_run(name, lr, epochs, hyper=hyper, batch_size=batch)
    x, y, _, _ = plain_data("circles", 200, labels="binary")
    trace = plain_train(circles_mlp, nn.BCEWithLogitsLoss(), x, y, make, epochs, batch)
    assert_same(run, trace)
    assert run.steps == epochs * (1 if batch is None else -(-160 // batch))
    assert run.accuracy.train.tolist() == trace.accuracy


def test_lbfgs_full_batch_equals_the_plain_loop():
    run = circles_run("LBFGS", 0.5, 4)
    x, y, _, _ = plain_data("circles", 200, labels="binary")
    trace = plain_train(
        circles_mlp,
        nn.BCEWithLogitsLoss(),
        x,
        y,
        lambda p: torch.optim.LBFGS(p, lr=0.5),
        4,
        lbfgs=True,
    )
    assert_same(run, trace)


def test_step_lr_once_an_epoch_equals_the_plain_loop():
    run = circles_run(
        "SGD", 0.2, 3, batch_size=32, scheduler="StepLR", sched={"step_size": 1, "gamma": 0.5}
    )
    x, y, _, _ = plain_data("circles", 200, labels="binary")
    trace = plain_train(
        circles_mlp,
        nn.BCEWithLogitsLoss(),
        x,
        y,
        lambda p: torch.optim.SGD(p, lr=0.2),
        3,
        32,
        make_scheduler=lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=1, gamma=0.5),
    )
    assert_same(run, trace)
    assert run.history.lr.tolist() == [0.2] * 5 + [0.1] * 5 + [0.05] * 5


def test_reduce_on_plateau_takes_the_epochs_mean_batch_loss():
    # lr 5 overshoots, so the mean loss stalls and the plateau rule halves the lr
    sched = {"patience": 0, "factor": 0.5, "threshold": 0.5}
    run = circles_run("SGD", 5.0, 4, batch_size=50, scheduler="ReduceLROnPlateau", sched=sched)
    x, y, _, _ = plain_data("circles", 200, labels="binary")
    trace = plain_train(
        circles_mlp,
        nn.BCEWithLogitsLoss(),
        x,
        y,
        lambda p: torch.optim.SGD(p, lr=5.0),
        4,
        50,
        make_scheduler=lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, **sched),
    )
    assert_same(run, trace)
    assert len(set(run.history.lr.tolist())) > 1  # the rule did act


def test_gauss_cross_entropy_equals_the_plain_loop():
    config = RunConfig(
        problem="mlp",
        optimizer="Adam",
        lr=0.05,
        epochs=3,
        batch_size=32,
        seed=7,
        network=NetworkSpec(dataset="gauss", hidden=(6,), activation="relu"),
    )
    run = NetworkRun(config).run()
    x, y, _, _ = plain_data("gauss", 200, labels="multi")
    trace = plain_train(
        lambda: nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 3)),
        nn.CrossEntropyLoss(),
        x,
        y,
        lambda p: torch.optim.Adam(p, lr=0.05),
        3,
        32,
        seed=7,
    )
    assert_same(run, trace)
    assert run.accuracy.train.tolist() == trace.accuracy


def test_sine_mse_equals_the_plain_loop():
    spec = NetworkSpec(dataset="sine", samples=100, hidden=(10,), activation="gelu")
    config = RunConfig(problem="mlp", optimizer="SGD", lr=0.1, epochs=15, network=spec)
    run = NetworkRun(config).run()
    x, y, _, _ = plain_data("sine", 100)
    trace = plain_train(
        lambda: nn.Sequential(nn.Linear(1, 10), nn.GELU(), nn.Linear(10, 1)),
        nn.MSELoss(),
        x,
        y,
        lambda p: torch.optim.SGD(p, lr=0.1),
        15,
    )
    assert_same(run, trace)
    assert np.isnan(run.accuracy.train).all()  # regression has no accuracy


def digits_data() -> tuple[torch.Tensor, torch.Tensor]:
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = torch.tensor(digits.data, dtype=torch.float32) / 16
    y = torch.tensor(digits.target, dtype=torch.int64)
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(0))
    train = order[int(len(x) * 0.2) :]
    return x[train], y[train]


def test_digits_mlp_equals_the_plain_loop():
    spec = NetworkSpec(dataset="digits", hidden=(16,), activation="relu")
    config = RunConfig(
        problem="mlp", optimizer="Adam", lr=0.01, epochs=2, batch_size=256, network=spec
    )
    run = NetworkRun(config).run()
    x, y = digits_data()
    trace = plain_train(
        lambda: nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10)),
        nn.CrossEntropyLoss(),
        x,
        y,
        lambda p: torch.optim.Adam(p, lr=0.01),
        2,
        256,
    )
    assert_same(run, trace)


def test_digits_cnn_equals_the_plain_loop():
    spec = NetworkSpec(dataset="digits", model="cnn")
    config = RunConfig(
        problem="mlp", optimizer="Adam", lr=0.01, epochs=1, batch_size=300, network=spec
    )
    run = NetworkRun(config).run()
    x, y = digits_data()

    def cnn() -> nn.Module:
        return nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(16 * 2 * 2, 10),
        )

    images = x.reshape(-1, 1, 8, 8)
    trace = plain_train(
        cnn, nn.CrossEntropyLoss(), images, y, lambda p: torch.optim.Adam(p, lr=0.01), 1, 300
    )
    assert_same(run, trace)
    assert run.steps == 5  # 1438 training images in batches of 300
