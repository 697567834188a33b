"""Engine throughput with full history against the plain tutorial loop, in one process.

Prints epochs per second of both and their ratio (target: >= 0.95). Runs alternate, and the
best of several rounds is kept for each, so a busy moment on the machine hurts neither side.
"""

from __future__ import annotations

import argparse
import time

import torch

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run


def plain_loop(epochs: int) -> float:
    """The tutorial's training_loop, verbatim but for the timer. Returns epochs/s."""

    def model(x, w, b):
        return w * x + b

    def loss_fn(y_p, y):
        squared_diffs = (y_p - y) ** 2
        return squared_diffs.mean()

    x = [0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]
    y = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]
    x = 0.1 * torch.tensor(x)
    y = torch.tensor(y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = torch.optim.SGD([params], lr=1e-2)
    begin = time.perf_counter()
    for epoch in range(1, epochs + 1):
        y_p = model(x, *params)
        loss = loss_fn(y_p, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if epoch % 100 == 0:
            _ = "Epoch %d, Loss %f" % (epoch, float(loss))
    return epochs / (time.perf_counter() - begin)


def engine(epochs: int, optimizer: str = "SGD") -> float:
    run = Run(RunConfig(optimizer=optimizer, epochs=epochs))
    begin = time.perf_counter()
    run.run()
    run.history.loss  # noqa: B018  (reading it writes any queued rows: part of the cost)
    elapsed = time.perf_counter() - begin
    assert run.epoch == epochs and len(run.history) == epochs
    return epochs / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    plain_loop(500), engine(500)  # warm up
    plain, ours = [], []
    for _ in range(args.rounds):
        plain.append(plain_loop(args.epochs))
        ours.append(engine(args.epochs))
    best_plain, best_ours = max(plain), max(ours)
    print(f"plain tutorial loop : {best_plain:9.0f} epochs/s")
    print(f"engine with history : {best_ours:9.0f} epochs/s")
    print(f"ratio               : {best_ours / best_plain:9.3f}   (target >= 0.95)")


if __name__ == "__main__":
    main()
