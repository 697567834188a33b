"""Loss landscape grids of small networks: optiviz's grid against a plain loop over the grid
points and against loss-landscapes' ``random_plane``, in one process, one thread.

Prints the first grid's time (it measures vmap against the loop, see
optiviz/engine/landscape/strategy.py), the best of ``--rounds`` times after it, the way chosen,
and the ratios. Targets: 2-8-8-1 tanh 41x41 on 200 points <= 50 ms and >= 3x the plain loop;
2-32-32-1 21x21 on 1000 points <= 150 ms; the 64-64-10 MLP on the 1797 digits 21x21
<= 350 ms; the app's small CNN 21x21 on the 256 digits a run's live grid takes (the first of
its seeded training split) <= 1 s, and the rank correlation of that surface with the one on all
1797 digits >= 0.998, the CNN trained first (Adam, seeded) so the plane goes through a trained
point as it does in a run. The digits are scikit-learn's, as the app loads them; the two small
MLPs' data are seeded random points.
"""

from __future__ import annotations

import argparse
import copy
import functools
import itertools
import time
from collections.abc import Callable

import numpy as np
import torch
from torch.nn.utils import vector_to_parameters

from optiviz.engine.landscape import strategy
from optiviz.engine.landscape.batched import BatchedLoss
from optiviz.engine.landscape.directions import random_plane
from optiviz.engine.landscape.grid import plane_grid
from optiviz.engine.landscape.plane import Plane
from optiviz.engine.networks.data import make_table, split, targets_tensor
from optiviz.engine.networks.models import small_cnn
from optiviz.engine.networks.spec import NetworkSpec
from optiviz.engine.worker.live_landscape import CNN_SUBSET

Case = tuple[str, torch.nn.Module, torch.nn.Module, torch.Tensor, torch.Tensor, int, float]


def _mlp(widths: tuple[int, ...], act: type[torch.nn.Module]) -> torch.nn.Sequential:
    layers: list[torch.nn.Module] = []
    for i, (a, b) in enumerate(itertools.pairwise(widths)):
        layers.append(torch.nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(act())
    return torch.nn.Sequential(*layers)


def _trained_cnn(x: torch.Tensor, y: torch.Tensor, epochs: int) -> torch.nn.Module:
    """The app's small CNN after ``epochs`` of Adam (lr 1e-2, batches of 64) on (x, y),
    seeded."""
    torch.manual_seed(0)
    model = small_cnn(10)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        for batch in torch.randperm(len(x), generator=order).split(64):
            optimizer.zero_grad()
            loss_fn(model(x[batch]), y[batch]).backward()
            optimizer.step()
    with torch.no_grad():
        logits = model(x)
    accuracy = float((logits.argmax(1) == y).float().mean())
    print(f"CNN after {epochs} epochs of Adam: loss {float(loss_fn(logits, y)):.3f},"
          f" accuracy {accuracy:.3f} on its {len(x)} training digits")  # fmt: skip
    return model


def _cases(epochs: int) -> tuple[list[Case], tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    mse, ce = torch.nn.MSELoss(), torch.nn.CrossEntropyLoss()
    x200, x1000 = torch.randn(200, 2, generator=g), torch.randn(1000, 2, generator=g)
    spec = NetworkSpec(dataset="digits")
    table = make_table(spec)
    digits = torch.from_numpy(np.array(table.features))  # (1797, 64), pixels in 0..1
    labels = targets_tensor(table.targets, table.task)
    # a run's training points, and the first 256 of them as the worker's live CNN grid takes
    train = split(table, spec.test_fraction, spec.data_seed)
    cnn = _trained_cnn(train.train_x, train.train_y, epochs)
    subset = train.train_x[:CNN_SUBSET], train.train_y[:CNN_SUBSET]
    torch.manual_seed(0)
    cases: list[Case] = [
        ("2-8-8-1 tanh, 200 pts", _mlp((2, 8, 8, 1), torch.nn.Tanh), mse, x200,
         torch.sin(x200[:, :1]), 41, 0.050),
        ("2-32-32-1 tanh, 1000 pts", _mlp((2, 32, 32, 1), torch.nn.Tanh), mse, x1000,
         torch.sin(x1000[:, :1]), 21, 0.150),
        ("64-64-10 relu, 1797 digits", _mlp((64, 64, 10), torch.nn.ReLU), ce, digits, labels,
         21, 0.350),
        ("CNN, 256 digits", cnn, ce, *subset, 21, 1.0),
    ]  # fmt: skip
    return cases, (digits, labels)


def _best(fn: Callable[[], object], rounds: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(rounds):
        begin = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - begin)
    return min(times), out


def _plain_loop(model, loss_fn, x, y, plane: Plane, axis: np.ndarray) -> np.ndarray:
    """Load each grid point's parameters into a copy of the model and run it forward."""
    twin = copy.deepcopy(model)
    out = np.empty((axis.size, axis.size), dtype=np.float32)
    with torch.no_grad():
        for i, a in enumerate(axis):
            for j, b in enumerate(axis):
                vector_to_parameters(plane.point(float(a), float(b)), twin.parameters())
                out[i, j] = float(loss_fn(twin(x), y))
    return out


def _package(model, loss_fn, x, y, steps: int) -> Callable[[], object] | None:
    try:
        import loss_landscapes
        import loss_landscapes.metrics
    except ImportError:
        return None
    metric = loss_landscapes.metrics.Loss(loss_fn, x, y)
    return lambda: loss_landscapes.random_plane(
        model, metric, distance=2, steps=steps, normalization="filter", deepcopy_model=True
    )


def _ranks(values: np.ndarray) -> np.ndarray:
    ranks = np.empty(values.size)
    ranks[np.argsort(values.ravel(), kind="stable")] = np.arange(values.size)
    return ranks


def _chosen(model, loss_fn, x, y) -> str:
    """The way the grid's points ran, as remembered for this model and data."""
    mode = BatchedLoss(model, loss_fn, x, y).mode
    return "vmap" if mode == "auto" else mode  # "auto": one chunk, vmapped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=5, help="the CNN's training epochs")
    args = parser.parse_args()
    torch.set_num_threads(1)
    cases, (digits, labels) = _cases(args.epochs)
    print(f"{'case':26s} {'grid':>6s} {'first':>9s} {'optiviz':>9s} {'way':>4s} {'loop':>9s}"
          f" {'ratio':>6s} {'l-l':>9s} {'ratio':>6s} target")  # fmt: skip
    for name, model, loss_fn, x, y, n, target in cases:
        plane = random_plane(model, torch.Generator().manual_seed(1))
        axis = np.linspace(-1.0, 1.0, n)
        plane_grid(model, loss_fn, x, y, plane, axis[:3], axis[:3])  # warm up
        strategy.forget()  # the first full grid measures, as a run's first grid does
        grid_call = functools.partial(plane_grid, model, loss_fn, x, y, plane, axis, axis)
        first = _best(grid_call, 1)[0]
        ours, grid = _best(grid_call, args.rounds)
        way = _chosen(model, loss_fn, x, y)
        loop, looped = _best(functools.partial(_plain_loop, model, loss_fn, x, y, plane, axis), 1)
        assert np.allclose(grid, looped, rtol=1e-5, atol=1e-6), "the surfaces differ"
        package = _package(model, loss_fn, x, y, n)
        pkg = _best(package, 1)[0] if package else float("nan")
        verdict = "ok" if ours <= target else "MISSED"
        print(f"{name:26s} {n:>2d}x{n:<3d} {first * 1e3:7.1f}ms {ours * 1e3:7.1f}ms {way:>4s}"
              f" {loop * 1e3:7.1f}ms {loop / ours:5.1f}x {pkg * 1e3:7.1f}ms {pkg / ours:5.1f}x"
              f" <= {target * 1e3:.0f} ms {verdict}")  # fmt: skip
        if name.startswith("CNN"):
            full = plane_grid(model, loss_fn, digits, labels, plane, axis, axis)
            rho = np.corrcoef(_ranks(grid), _ranks(full))[0, 1]
            print(f"{'':26s} rank correlation of the 256-image surface with all 1797: {rho:.4f}"
                  f" (target 0.998) {'ok' if rho >= 0.998 else 'MISSED'}")  # fmt: skip
    print("first = the first grid, which measures vmap against the loop; optiviz = the best of"
          f" {args.rounds} after it; way = how its points ran; ratio = the other's time /"
          " optiviz's; l-l = loss_landscapes.random_plane")  # fmt: skip


if __name__ == "__main__":
    main()
