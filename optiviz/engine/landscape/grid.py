"""The loss on a grid over a plane, and the grid's default span."""

from __future__ import annotations

import numpy as np
import torch

from optiviz.engine.landscape.batched import CHUNK_BYTES, BatchedLoss, LossFn
from optiviz.engine.landscape.plane import Plane

#: Space left around the projected path, as a fraction of its extent on each axis.
MARGIN = 0.25
#: A random plane's default span on both axes (its directions are on the weights' scale).
RANDOM_SPAN = (-1.0, 1.0)


def plane_grid(
    model: torch.nn.Module,
    loss_fn: LossFn,
    x: torch.Tensor,
    y: torch.Tensor,
    plane: Plane,
    alpha: np.ndarray,
    beta: np.ndarray,
    chunk_bytes: int = CHUNK_BYTES,
) -> np.ndarray:
    """(len(alpha), len(beta)) float32: ``loss[i, j]`` is the loss at
    ``plane.point(alpha[i], beta[j])``.

    Points are evaluated vmapped in chunks whose estimated activation memory stays under
    ``chunk_bytes`` (see :mod:`optiviz.engine.landscape.batched`), with no autograd; the model
    is never changed. A module vmap cannot run is evaluated point by point instead.
    """
    alpha = np.asarray(alpha, dtype=np.float64).reshape(-1)
    beta = np.asarray(beta, dtype=np.float64).reshape(-1)
    batched = BatchedLoss(model, loss_fn, x, y, chunk_bytes)
    if plane.size != batched.size:
        raise ValueError(f"the plane has {plane.size} parameters, the model {batched.size}")
    grid_a, grid_b = np.meshgrid(alpha, beta, indexing="ij")
    coords = torch.from_numpy(np.stack([grid_a.ravel(), grid_b.ravel()], axis=1))
    losses = batched(plane.anchor, plane.basis(), coords)
    return losses.numpy().reshape(alpha.size, beta.size)


def grid_span(
    plane: Plane, path2d: np.ndarray | None = None, margin: float = MARGIN
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The default ((alpha_lo, alpha_hi), (beta_lo, beta_hi)) of a plane's grid.

    It covers the projected path (k, 2) with ``margin`` of its extent on each side; an axis the
    path does not move along gets the other axis's half extent (or 1). A random plane's span is
    at least [-1, 1] on both axes: the path hardly moves in random directions, and one unit
    is one filter-norm step.
    """
    if path2d is None or len(path2d) == 0:
        if plane.kind == "random":
            return RANDOM_SPAN, RANDOM_SPAN
        raise ValueError(f"a {plane.kind} plane's span needs the projected path")
    points = np.asarray(path2d, dtype=np.float64).reshape(-1, 2)
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) == 0:
        return RANDOM_SPAN, RANDOM_SPAN
    lo, hi = points.min(axis=0), points.max(axis=0)
    extent = hi - lo
    fallback = float(extent.max()) / 2 if extent.max() > 0 else 1.0
    pad = np.where(extent > 0, margin * extent, fallback)
    lo, hi = lo - pad, hi + pad
    if plane.kind == "random":
        lo = np.minimum(lo, RANDOM_SPAN[0])
        hi = np.maximum(hi, RANDOM_SPAN[1])
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))
