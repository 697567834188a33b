"""Loss landscape grids of small networks: optiviz's vmapped chunks against a plain loop over
the grid points and against loss-landscapes' ``random_plane``, in one process, one thread.

Prints the best of ``--rounds`` times of each and the ratios. Targets: 2-8-8-1 tanh 41x41 on
200 points <= 50 ms and >= 3x the plain loop; 2-32-32-1 21x21 on 1000 points <= 150 ms; the
64-64-10 digits-sized MLP 21x21 on 1797 x 64 <= 350 ms; the small CNN 21x21 on 256 8x8
images <= 1 s, with the rank correlation of that surface with the one on all 1797 images.
The data are seeded random numbers of those shapes (the speed depends on the shapes only).
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

from optiviz.engine.landscape.directions import random_plane
from optiviz.engine.landscape.grid import plane_grid
from optiviz.engine.landscape.plane import Plane

Case = tuple[str, torch.nn.Module, torch.nn.Module, torch.Tensor, torch.Tensor, int, float]


def _mlp(widths: tuple[int, ...], act: type[torch.nn.Module]) -> torch.nn.Sequential:
    layers: list[torch.nn.Module] = []
    for i, (a, b) in enumerate(itertools.pairwise(widths)):
        layers.append(torch.nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(act())
    return torch.nn.Sequential(*layers)


def _cnn() -> torch.nn.Sequential:
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(64, 10),
    )  # fmt: skip


def _cases() -> tuple[list[Case], tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    mse, ce = torch.nn.MSELoss(), torch.nn.CrossEntropyLoss()
    x200, x1000 = torch.randn(200, 2, generator=g), torch.randn(1000, 2, generator=g)
    digits = torch.rand(1797, 64, generator=g) * 16
    labels = torch.randint(0, 10, (1797,), generator=g)
    images = digits.reshape(-1, 1, 8, 8) / 16
    cases: list[Case] = [
        ("2-8-8-1 tanh, 200 pts", _mlp((2, 8, 8, 1), torch.nn.Tanh), mse, x200,
         torch.sin(x200[:, :1]), 41, 0.050),
        ("2-32-32-1 tanh, 1000 pts", _mlp((2, 32, 32, 1), torch.nn.Tanh), mse, x1000,
         torch.sin(x1000[:, :1]), 21, 0.150),
        ("64-64-10 relu, 1797 x 64", _mlp((64, 64, 10), torch.nn.ReLU), ce, digits, labels,
         21, 0.350),
        ("CNN, 256 8x8 images", _cnn(), ce, images[:256], labels[:256], 21, 1.0),
    ]  # fmt: skip
    return cases, (images, labels)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    cases, (images, labels) = _cases()
    print(f"{'case':26s} {'grid':>6s} {'optiviz':>9s} {'loop':>9s} {'ratio':>6s}"
          f" {'l-l':>9s} {'ratio':>6s} target")  # fmt: skip
    for name, model, loss_fn, x, y, n, target in cases:
        plane = random_plane(model, torch.Generator().manual_seed(1))
        axis = np.linspace(-1.0, 1.0, n)
        plane_grid(model, loss_fn, x, y, plane, axis[:3], axis[:3])  # warm up
        ours, grid = _best(
            functools.partial(plane_grid, model, loss_fn, x, y, plane, axis, axis), args.rounds
        )
        loop, looped = _best(functools.partial(_plain_loop, model, loss_fn, x, y, plane, axis), 1)
        assert np.allclose(grid, looped, rtol=1e-5, atol=1e-6), "the surfaces differ"
        package = _package(model, loss_fn, x, y, n)
        pkg = _best(package, 1)[0] if package else float("nan")
        verdict = "ok" if ours <= target else "MISSED"
        print(f"{name:26s} {n:>2d}x{n:<3d} {ours * 1e3:7.1f}ms {loop * 1e3:7.1f}ms"
              f" {loop / ours:5.1f}x {pkg * 1e3:7.1f}ms {pkg / ours:5.1f}x"
              f" <= {target * 1e3:.0f} ms {verdict}")  # fmt: skip
        if name.startswith("CNN"):
            full = plane_grid(model, loss_fn, images, labels, plane, axis, axis)
            rho = np.corrcoef(_ranks(grid), _ranks(full))[0, 1]
            print(f"{'':26s} rank correlation of the 256-image surface with all 1797: {rho:.3f}")
    print("ratio = the other's time / optiviz's; l-l = loss_landscapes.random_plane")


if __name__ == "__main__":
    main()
