"""Plain PyTorch training loops, as a learner writes them, for the equality tests.

The data are drawn here with the same seeded generators the engine prints into its script,
and held out by a seeded permutation; the model is passed in, written out by each test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn.utils import parameters_to_vector
from torch.utils.data import DataLoader, TensorDataset

from optiviz.engine.networks.generators import GENERATORS


def plain_data(
    name: str, samples: int, data_seed: int = 0, test_fraction: float = 0.2, labels: str = ""
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """``train_x, train_y, test_x, test_y``; ``labels`` "binary" -> float (n, 1), "multi"
    -> int64 (n,), "" (regression) -> float (n, 1)."""
    x, y = GENERATORS[name](samples, torch.Generator().manual_seed(data_seed))
    y = y.long() if labels == "multi" else y.float().reshape(-1, 1)
    order = torch.randperm(samples, generator=torch.Generator().manual_seed(data_seed))
    held = int(samples * test_fraction)
    test, train = order[:held], order[held:]
    return x[train], y[train], x[test], y[test]


@dataclass
class Trace:
    """What the plain loop saw: each step's loss, the parameters after each step, the
    per-epoch accuracy on the training points (classification)."""

    losses: list[float] = field(default_factory=list)
    params: list[torch.Tensor] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)


def plain_train(
    make_model: Callable[[], nn.Module],
    loss_fn: nn.Module,
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    make_optimizer: Callable[[list[nn.Parameter]], torch.optim.Optimizer],
    epochs: int,
    batch_size: int | None = None,
    seed: int = 0,
    make_scheduler: Callable[[torch.optim.Optimizer], object] | None = None,
    lbfgs: bool = False,
) -> Trace:
    torch.manual_seed(seed)
    model = make_model()
    optimizer = make_optimizer(list(model.parameters()))
    scheduler = make_scheduler(optimizer) if make_scheduler else None
    batches: Iterable[tuple[torch.Tensor, torch.Tensor]]
    if batch_size is None:
        batches = [(train_x, train_y)]  # full batch: one step an epoch on every point
    else:
        batches = DataLoader(
            TensorDataset(train_x, train_y),
            batch_size=batch_size,
            shuffle=True,
            generator=torch.Generator().manual_seed(seed),
        )
    trace = Trace()
    for _epoch in range(epochs):
        losses = []
        for xb, yb in batches:
            if lbfgs:

                def closure(xb: torch.Tensor = xb, yb: torch.Tensor = yb) -> torch.Tensor:
                    optimizer.zero_grad()
                    loss = loss_fn(model(xb), yb)
                    loss.backward()
                    return loss

                loss = optimizer.step(closure)
            else:
                loss = loss_fn(model(xb), yb)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            losses.append(loss.item())
            trace.losses.append(loss.item())
            trace.params.append(parameters_to_vector(model.parameters()).detach().clone())
        if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            scheduler.step(sum(losses) / len(losses))
        elif scheduler is not None:
            scheduler.step()  # type: ignore[attr-defined]
        with torch.no_grad():
            out = model(train_x)
            if train_y.dim() == 1:
                right = (out.argmax(dim=1) == train_y).sum()
            else:
                right = ((out[:, 0] > 0).float() == train_y[:, 0]).sum()
            trace.accuracy.append(int(right) / len(train_x))
    return trace
