"""The loss along the straight line from the start to the current point (Goodfellow, Vinyals
and Saxe 2015, "Qualitatively characterizing neural network optimization problems")."""

from __future__ import annotations

import numpy as np
import torch

from optiviz.engine.landscape.batched import CHUNK_BYTES, BatchedLoss, LossFn

#: The line runs a quarter of the way past both ends, so the start and the end are not its
#: edges.
T_RANGE = (-0.25, 1.25)


def line_losses(
    model: torch.nn.Module,
    loss_fn: LossFn,
    x: torch.Tensor,
    y: torch.Tensor,
    start: torch.Tensor,
    end: torch.Tensor,
    points: int = 61,
    t_range: tuple[float, float] = T_RANGE,
    chunk_bytes: int = CHUNK_BYTES,
) -> tuple[np.ndarray, np.ndarray]:
    """(t, loss), each (points,): the loss at ``start + t * (end - start)`` for ``points``
    values of t evenly from ``t_range[0]`` to ``t_range[1]`` (t = 0 is the start, 1 the end).
    The model is never changed."""
    if points < 2:
        raise ValueError("the line needs at least 2 points")
    t = np.linspace(t_range[0], t_range[1], points)
    origin = start.detach().to(torch.float32).reshape(-1)
    step = end.detach().to(torch.float32).reshape(-1) - origin
    ts = torch.from_numpy(t).reshape(-1, 1)
    losses = BatchedLoss(model, loss_fn, x, y, chunk_bytes)(origin, step.reshape(1, -1), ts)
    return t, losses.numpy()
