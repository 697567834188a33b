"""Training a network in the worker against a plain PyTorch loop, with the live landscape on.

For each case, in one process with one torch thread (as the worker runs), it times:

- ``plain``: the loop a learner writes (forward, zero_grad, backward, step over a DataLoader);
- ``run``: optiviz's :class:`~optiviz.engine.networks.network_run.NetworkRun` alone (history,
  parameter path and per-epoch metrics included);
- ``session``: the worker's :class:`~optiviz.engine.worker.session.Session` playing the run and
  publishing as the window receives it, with the landscape refreshed as it is in the window.

It prints steps per second, the ratios to the plain loop, and the share of the session's time
taken by the grids computed while it played (the start's grid is drawn before play begins;
the budget is :data:`~optiviz.engine.worker.live_landscape.BUDGET`).

Usage: ``python benchmarks/network_training.py [--epochs-scale 1.0]``
"""

from __future__ import annotations

import argparse
import time

import torch
from torch.utils.data import DataLoader, TensorDataset

from optiviz.engine.networks.data import make_table, split
from optiviz.engine.networks.models import build_model, loss_function
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.session import PLAY, Session, apply_update

CASES = {
    "circles 2-8-8-1, full batch, Adam": (
        RunConfig(
            problem=NETWORK_PROBLEM, network=NetworkSpec(), optimizer="Adam", lr=0.01, epochs=600
        )
    ),
    "moons 2-32-32-1, batch 32, SGD": RunConfig(
        problem=NETWORK_PROBLEM,
        network=NetworkSpec(dataset="moons", samples=1000, hidden=(32, 32)),
        optimizer="SGD",
        lr=0.1,
        hyper={"momentum": 0.9},
        batch_size=32,
        epochs=40,
    ),
    "digits 64-64-10, batch 64, Adam": RunConfig(
        problem=NETWORK_PROBLEM,
        network=NetworkSpec(dataset="digits", hidden=(64,), activation="relu"),
        optimizer="Adam",
        lr=0.001,
        batch_size=64,
        epochs=20,
    ),
}


def plain(config: RunConfig) -> tuple[float, int]:
    """Seconds and steps of the plain loop."""
    spec = config.network
    assert spec is not None
    table = make_table(spec)
    data = split(table, spec.test_fraction, spec.data_seed)
    torch.manual_seed(config.seed)
    model = build_model(spec, table)
    loss_fn = loss_function(table.task)
    optimizer = getattr(torch.optim, config.optimizer)(
        model.parameters(), lr=config.lr, **config.hyper
    )
    began = time.perf_counter()
    steps = 0
    if config.batch_size is None:
        for _ in range(config.epochs):
            loss = loss_fn(model(data.train_x), data.train_y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            steps += 1
    else:
        loader = DataLoader(
            TensorDataset(data.train_x, data.train_y),
            batch_size=config.batch_size,
            shuffle=True,
            generator=torch.Generator().manual_seed(config.seed),
        )
        for _ in range(config.epochs):
            for xb, yb in loader:
                loss = loss_fn(model(xb), yb)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                steps += 1
    return time.perf_counter() - began, steps


def alone(config: RunConfig) -> tuple[float, int]:
    run = NetworkRun(config, compact_history=True)
    began = time.perf_counter()
    run.run()
    return time.perf_counter() - began, run.steps


def session(config: RunConfig) -> tuple[float, int, float, int]:
    """Seconds, steps, the landscape's seconds and how many landscapes were computed."""
    worker = Session([config])
    state = apply_update(None, worker.update())
    landscape = worker.landscape
    assert landscape is not None
    before, grids = landscape.total_seconds, landscape.version  # the start's grid, drawn first
    worker.handle(PLAY)
    began = time.perf_counter()
    last = began
    while worker.playing:
        worker.advance(0.002)
        now = time.perf_counter()
        if worker.dirty and now - last >= 1 / 120:
            state = apply_update(state, worker.update())
            last = now
    seconds = time.perf_counter() - began
    return (
        seconds,
        worker.runs[0].steps,
        landscape.total_seconds - before,
        landscape.version - grids,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs-scale", type=float, default=1.0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread")
    for name, config in CASES.items():
        config = config.copy(epochs=max(1, round(config.epochs * args.epochs_scale)))
        plain_s, steps = plain(config)
        run_s, run_steps = alone(config)
        sess_s, sess_steps, land_s, versions = session(config)
        assert steps == run_steps == sess_steps
        print(f"== {name}: {steps} steps")
        print(f"   plain loop      {steps / plain_s:8.0f} steps/s")
        print(
            f"   NetworkRun      {steps / run_s:8.0f} steps/s   ({plain_s / run_s:.2f}x the loop)"
        )
        print(
            f"   worker session  {steps / sess_s:8.0f} steps/s   ({plain_s / sess_s:.2f}x the loop;"
            f" landscape {versions} grids while playing, {100 * land_s / sess_s:.0f} % of the time)"
        )


if __name__ == "__main__":
    main()
