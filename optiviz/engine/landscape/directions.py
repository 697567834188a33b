"""The two directions of a plane: filter-normalised random ones, or the path's principal ones."""

from __future__ import annotations

import math

import torch
from torch.nn.utils import parameters_to_vector

from optiviz.engine.landscape.plane import Plane

#: Rows of the path the principal directions are computed from, at most.
MAX_PCA_ROWS = 512


def random_direction(model: torch.nn.Module, generator: torch.Generator) -> torch.Tensor:
    """One filter-normalised random direction (Li et al. 2018, "Visualizing the Loss Landscape
    of Neural Nets"), flat in ``model.parameters()`` order.

    Each parameter gets a Gaussian of its own shape; every filter of it (a row of a Linear
    weight, an output filter of a Conv weight: index 0) is then scaled to the norm of the same
    filter in the weights, so the plane is on the scale of each layer. Biases and other 1-D
    parameters (normalisation layers' too) are set to zero, as the paper does ("ignore biases
    and BN"). Drawn from ``generator`` only: torch's global random state is never touched.
    """
    parts = []
    with torch.no_grad():
        for weight in model.parameters():
            if weight.dim() <= 1:
                parts.append(torch.zeros(weight.numel(), dtype=torch.float32))
                continue
            w = weight.detach().to("cpu", torch.float32)
            d = torch.randn(w.shape, generator=generator, dtype=torch.float32)
            d_rows = d.reshape(d.shape[0], -1)
            w_norms = w.reshape(w.shape[0], -1).norm(dim=1, keepdim=True)
            d_rows.mul_(w_norms / (d_rows.norm(dim=1, keepdim=True) + 1e-10))
            parts.append(d_rows.reshape(-1))
    return torch.cat(parts) if parts else torch.zeros(0)


def random_directions(
    model: torch.nn.Module, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two independent filter-normalised random directions (see :func:`random_direction`)."""
    return random_direction(model, generator), random_direction(model, generator)


def random_plane(model: torch.nn.Module, generator: torch.Generator) -> Plane:
    """The random plane through the model's current parameters."""
    anchor = parameters_to_vector(model.parameters()).detach().to("cpu", torch.float32).clone()
    d1, d2 = random_directions(model, generator)
    return Plane(anchor=anchor, d1=d1, d2=d2, kind="random")


def pca_directions(
    path: torch.Tensor, max_rows: int = MAX_PCA_ROWS
) -> tuple[torch.Tensor, torch.Tensor, tuple[float, float]]:
    """The path's top two principal directions (unit, orthogonal) and the fraction of its
    variance each explains.

    ``path`` is (k, P), one row per step. Past ``max_rows`` rows, every n-th row is used (n the
    smallest stride that fits, the last row always kept): a long path's shape is in its sample.
    The centred sample's eigenvectors come from the smaller of its two Gram matrices (rows x
    rows or P x P), in float64: never an SVD of the whole path, and no random numbers.
    """
    if path.ndim != 2 or path.shape[0] < 2 or path.shape[1] < 2:
        raise ValueError("the principal directions need a path of 2 rows and 2 parameters")
    k = path.shape[0]
    stride = max(1, math.ceil(k / max_rows))
    rows = torch.arange(k - 1, -1, -stride).flip(0)  # ends on the last row
    sample = path[rows].double()
    sample = sample - sample.mean(dim=0)
    total = float((sample * sample).sum())
    if total == 0.0:
        raise ValueError("the path never moved: it has no principal directions")
    m, p = sample.shape
    if m <= p:
        values, vectors = torch.linalg.eigh(sample @ sample.T)  # ascending
        top = vectors[:, -2:].flip(1)  # (m, 2)
        directions = sample.T @ top  # (P, 2), norms sqrt(eigenvalue)
    else:
        values, vectors = torch.linalg.eigh(sample.T @ sample)
        directions = vectors[:, -2:].flip(1)
    top_values = values[-2:].flip(0).clamp(min=0.0)
    d1 = directions[:, 0] / directions[:, 0].norm()
    d2 = directions[:, 1] - (directions[:, 1] @ d1) * d1
    if float(d2.norm()) <= 1e-9 * math.sqrt(total):  # a straight path: any orthogonal direction
        d2 = torch.zeros_like(d1)
        d2[int(d1.abs().argmin())] = 1.0
        d2 = d2 - (d2 @ d1) * d1
    d2 = d2 / d2.norm()
    d1, d2 = d1.float().contiguous(), d2.float().contiguous()
    explained = (float(top_values[0]) / total, float(top_values[1]) / total)
    return d1, d2, explained


def pca_plane(
    path: torch.Tensor, anchor: torch.Tensor | None = None, max_rows: int = MAX_PCA_ROWS
) -> Plane:
    """The plane of the path's principal directions, through ``anchor`` (default: the path's
    last row, where Li et al. centre the trajectory plot)."""
    d1, d2, explained = pca_directions(path, max_rows=max_rows)
    origin = path[-1] if anchor is None else anchor
    return Plane(
        anchor=origin.detach().to(torch.float32).clone(),
        d1=d1,
        d2=d2,
        kind="pca",
        explained=explained,
    )
