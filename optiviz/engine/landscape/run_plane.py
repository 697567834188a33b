"""The plane through network runs, chosen the same way live (the window) and offline
(``optiviz landscape``): anchored at the first run's start ``theta0``; ``pca``: the top two
principal directions of the runs' paths; ``random``: two filter-normalised directions drawn
from ``torch.Generator().manual_seed(seed)`` (the first run's seed), scaled at the start's
weights. Neither touches a run's model state nor torch's global generator."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from optiviz.engine.landscape.directions import pca_directions, random_directions
from optiviz.engine.landscape.plane import Plane
from optiviz.engine.networks.network_run import NetworkRun


def start_anchor(run: NetworkRun) -> torch.Tensor:
    """``theta0``: the run's parameters before its first step."""
    return torch.from_numpy(run.path.rows()[0].astype(np.float32))


def random_start_directions(
    run: NetworkRun, anchor: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Two filter-normalised random directions scaled to the weights at ``anchor``, from a
    generator seeded with the run's seed; the model's parameters are put back afterwards."""
    generator = torch.Generator().manual_seed(run.config.seed)
    model = run.model
    params = list(model.parameters())
    saved = [p.detach().clone() for p in params]
    with torch.no_grad():
        # copied in place, not vector_to_parameters: that makes the parameters views of the
        # anchor, so restoring them would overwrite the anchor with the current weights
        offset = 0
        for p in params:
            p.copy_(anchor[offset : offset + p.numel()].view_as(p))
            offset += p.numel()
        directions = random_directions(model, generator)
        for p, value in zip(params, saved, strict=True):
            p.copy_(value)
    return directions


def pca_path_plane(runs: Sequence[NetworkRun], anchor: torch.Tensor) -> Plane | None:
    """The plane of the runs' paths' principal directions through ``anchor``; None while the
    paths are too short or have not moved."""
    rows = [run.path.rows() for run in runs if run.path.rows().shape[1] == anchor.numel()]
    path = torch.from_numpy(np.concatenate(rows).astype(np.float32))
    if len(path) < 3:
        return None
    try:
        d1, d2, explained = pca_directions(path)
    except ValueError:  # the paths never moved
        return None
    return Plane(anchor, d1, d2, "pca", explained)
