"""Plain loops for optimizers from outside torch.optim, written as their packages document."""

from __future__ import annotations

import warnings

import numpy as np
import torch

from tests.engine.plain_loops import X, Y, loss_fn, model


def plain_outside_fit(
    cls: type[torch.optim.Optimizer],
    kwargs: dict,
    epochs: int,
    *,
    closure: bool = False,
    create_graph: bool = False,
    train_mode: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """The tutorial's linear fit; returns per-epoch losses and parameters after each step.

    ``closure``: step(closure) re-evaluates the loss and gradient (BSAM); ``create_graph``:
    backward keeps the graph for a Hessian (AdaHessian); ``train_mode``: optimizer.train()
    first (Schedule-Free).
    """
    x = 0.1 * torch.tensor(X)
    y = torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = cls([params], **kwargs)
    if train_mode:
        optimizer.train()
    losses, path = [], []
    for _epoch in range(epochs):
        loss = loss_fn(model(x, *params), y)
        losses.append(loss.item())
        optimizer.zero_grad()
        if create_graph:
            with warnings.catch_warnings():  # torch warns of the grad's cycle to its graph
                warnings.simplefilter("ignore", UserWarning)
                loss.backward(create_graph=True)
        else:
            loss.backward()
        if closure:

            def again() -> torch.Tensor:
                optimizer.zero_grad()
                loss = loss_fn(model(x, *params), y)
                loss.backward()
                return loss

            optimizer.step(again)
        else:
            optimizer.step()
        path.append(params.detach().numpy().copy())
    return np.array(losses), np.array(path)
