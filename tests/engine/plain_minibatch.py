"""Plain PyTorch loops with a DataLoader, gradient noise and clipping, as a learner writes them."""

from __future__ import annotations

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from tests.engine.plain_loops import PLAIN_FUNCTIONS, loss_fn, model


def plain_minibatch_fit(
    x_raw: list[float],
    y_raw: list[float],
    optimizer: str,
    kwargs: dict,
    epochs: int,
    batch_size: int,
    shuffle: bool = True,
    seed: int = 0,
    scheduler: tuple[str, dict] | None = None,
    clip_norm: float | None = None,
    start=(1.0, 0.0),
) -> dict[str, np.ndarray]:
    """The tutorial's loop over a DataLoader: one step per batch, the scheduler once an epoch.

    Returns the step losses, the parameters after each step, each step's lr and the epoch
    losses (the mean of each epoch's batch losses).
    """
    torch.manual_seed(seed)
    x = 0.1 * torch.tensor(x_raw)
    y = torch.tensor(y_raw)
    params = torch.tensor(list(start), requires_grad=True)
    opt = getattr(torch.optim, optimizer)([params], **kwargs)
    sched = None
    if scheduler is not None:
        sched = getattr(torch.optim.lr_scheduler, scheduler[0])(opt, **scheduler[1])
    loader = DataLoader(
        TensorDataset(x, y),
        batch_size=batch_size,
        shuffle=shuffle,
        generator=torch.Generator().manual_seed(seed),
    )
    step_loss, trajectory, lrs, epoch_loss = [], [], [], []
    for _epoch in range(1, epochs + 1):
        losses = []
        for xb, yb in loader:
            lrs.append(opt.param_groups[0]["lr"])
            if optimizer == "LBFGS":

                def closure(xb=xb, yb=yb):
                    opt.zero_grad()
                    loss = loss_fn(model(xb, *params), yb)
                    loss.backward()
                    return loss

                loss = opt.step(closure)
            else:
                y_p = model(xb, *params)
                loss = loss_fn(y_p, yb)
                opt.zero_grad()
                loss.backward()
                if clip_norm is not None:
                    torch.nn.utils.clip_grad_norm_([params], clip_norm)
                opt.step()
            losses.append(loss.item())
            trajectory.append(params.detach().numpy().copy())
        epoch_mean = sum(losses) / len(losses)
        epoch_loss.append(epoch_mean)
        step_loss += losses
        if sched is not None:
            if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
                sched.step(epoch_mean)
            else:
                sched.step()
    return {
        "step_loss": np.array(step_loss),
        "params": np.array(trajectory, dtype=np.float64),
        "lr": np.array(lrs),
        "epoch_loss": np.array(epoch_loss),
    }


def plain_noisy_fit(
    function: str,
    optimizer: str,
    kwargs: dict,
    epochs: int,
    start: tuple[float, float],
    noise: float,
    seed: int = 0,
    clip_value: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A test function with seeded Gaussian noise added to each gradient (then clipped)."""
    torch.manual_seed(seed)
    f = PLAIN_FUNCTIONS[function]
    params = torch.tensor(list(start), requires_grad=True)
    opt = getattr(torch.optim, optimizer)([params], **kwargs)
    noise_rng = torch.Generator().manual_seed(seed)
    losses, trajectory = [], []
    for _epoch in range(1, epochs + 1):
        loss = f(params[0], params[1])
        opt.zero_grad()
        loss.backward()
        params.grad.add_(torch.randn(params.grad.shape, generator=noise_rng), alpha=noise)
        if clip_value is not None:
            torch.nn.utils.clip_grad_value_([params], clip_value)
        opt.step()
        losses.append(loss.item())
        trajectory.append(params.detach().numpy().copy())
    return np.array(losses), np.array(trajectory, dtype=np.float64)
