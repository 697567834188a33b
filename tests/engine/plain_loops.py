"""Plain PyTorch loops, written as a learner would, to compare the engine against."""

from __future__ import annotations

import numpy as np
import torch

X = [0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]
Y = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]
#: The loss lines the tutorial printed every 100 epochs (SGD, lr 1e-2, x scaled by 0.1).
TUTORIAL_LINES = [
    39.538250,
    18.696901,
    12.456582,
    10.581183,
    10.017575,
    9.848182,
    9.797276,
    9.781981,
    9.777378,
    9.776002,
]


def model(x, w, b):
    return w * x + b


def loss_fn(y_p, y):
    squared_diffs = (y_p - y) ** 2
    return squared_diffs.mean()


def plain_linear_fit(
    optimizer: str,
    kwargs: dict,
    epochs: int,
    scheduler: tuple[str, dict] | None = None,
    start=(1.0, 0.0),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tutorial's training loop with any optimizer and scheduler.

    Returns per-epoch losses, parameters after each step, and learning rates. Muon needs a
    2-D parameter and SparseAdam sparse gradients, so those hold (w, b) as a 1x2 matrix,
    the latter looked up as an embedding row with sparse=True.
    """
    x = 0.1 * torch.tensor(X)
    y = torch.tensor(Y)
    if optimizer in ("Muon", "SparseAdam"):
        weight = torch.tensor([list(start)], requires_grad=True)
        index = torch.zeros(1, dtype=torch.long)
        if optimizer == "SparseAdam":

            def params_vector():
                return torch.nn.functional.embedding(index, weight, sparse=True)[0]
        else:

            def params_vector():
                return weight[0]

        leaf = weight
    else:
        leaf = torch.tensor(list(start), requires_grad=True)

        def params_vector():
            return leaf

    opt = getattr(torch.optim, optimizer)([leaf], **kwargs)
    sched = None
    if scheduler is not None:
        sched = getattr(torch.optim.lr_scheduler, scheduler[0])(opt, **scheduler[1])
    losses, params, lrs = [], [], []
    for _epoch in range(1, epochs + 1):
        lrs.append(opt.param_groups[0]["lr"])
        if optimizer == "LBFGS":

            def closure():
                opt.zero_grad()
                loss = loss_fn(model(x, *params_vector()), y)
                loss.backward()
                return loss

            loss = opt.step(closure)
        else:
            y_p = model(x, *params_vector())
            loss = loss_fn(y_p, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if sched is not None:
            if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
                sched.step(loss.item())
            else:
                sched.step()
        losses.append(loss.item())
        params.append(leaf.detach().reshape(-1).numpy().copy())
    return np.array(losses), np.array(params, dtype=np.float64), np.array(lrs)


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


PLAIN_FUNCTIONS = {"rosenbrock": rosenbrock, "himmelblau": himmelblau}


def plain_function_fit(
    function: str, optimizer: str, kwargs: dict, epochs: int, start: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Minimise a 2-D test function with a plain loop; returns per-epoch losses and params."""
    f = PLAIN_FUNCTIONS[function]
    params = torch.tensor(list(start), requires_grad=True)
    opt = getattr(torch.optim, optimizer)([params], **kwargs)
    losses, trajectory = [], []
    for _epoch in range(1, epochs + 1):
        if optimizer == "LBFGS":

            def closure():
                opt.zero_grad()
                loss = f(params[0], params[1])
                loss.backward()
                return loss

            loss = opt.step(closure)
        else:
            loss = f(params[0], params[1])
            opt.zero_grad()
            loss.backward()
            opt.step()
        losses.append(loss.item())
        trajectory.append(params.detach().numpy().copy())
    return np.array(losses), np.array(trajectory, dtype=np.float64)
