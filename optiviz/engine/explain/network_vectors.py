"""The optimizer's vectors on a network, projected onto the run's plane.

Each is flattened over ``model.parameters()`` (a parameter without the entry counts as zeros)
and projected with the run's projector, so it is drawn in the same (α, β) coordinates as the
path: the gradient (``.grad``), the last step's update Δ, and the running direction the
optimizer keeps (``momentum_buffer``; ``exp_avg``, Adam's first moment). A network has no
per-coordinate step size of two numbers, so none is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import torch

if TYPE_CHECKING:
    from optiviz.engine.explain.vectors import Vector
    from optiviz.engine.networks.network_run import NetworkRun

#: The optimizer.state entries drawn as directions: (key, name, label, tooltip).
BUFFERS = (
    (
        "momentum_buffer",
        "momentum",
        "−momentum buffer",
        "The running sum of past gradients (momentum_buffer) of every layer, projected onto "
        "the plane; drawn with a minus sign so that it points where the parameters move.",
    ),
    (
        "exp_avg",
        "first_moment",
        "−m (first moment)",
        "The exponential average of past gradients (exp_avg, Adam's m) of every layer, "
        "projected onto the plane; drawn with a minus sign so that it points where the "
        "parameters move.",
    ),
)


def flat_state(run: NetworkRun, key: str) -> np.ndarray | None:
    """``optimizer.state[p][key]`` of every parameter, flattened in model.parameters() order;
    None when no parameter has it."""
    parts, found = [], False
    for p in run.model.parameters():
        value = run.optimizer.state.get(p, {}).get(key)
        if isinstance(value, torch.Tensor) and value.numel() == p.numel():
            found = True
            value = value.to_dense() if value.is_sparse else value
            parts.append(value.detach().reshape(-1).to(torch.float64))
        else:
            parts.append(torch.zeros(p.numel(), dtype=torch.float64))
    return torch.cat(parts).numpy() if found else None


def network_vectors(run: NetworkRun) -> dict[str, Vector]:
    """The gradient, the last update and the optimizer's buffers, on the plane."""
    from optiviz.engine.explain.vectors import DIRECTION, Vector

    projector = run.projector
    out: dict[str, Vector] = {}
    current = run.path.latest().astype(np.float64)
    previous = run.path.at(run.steps - 1) if run.steps else None
    here = projector.points(current[None])[0]
    there = here if previous is None else projector.points(previous[None].astype(np.float64))[0]
    if any(p.grad is not None for p in run.model.parameters()):
        fresh = run.phase == "backward" or previous is None
        grad = run.flat_grad().numpy().astype(np.float64)
        out["neg_grad"] = Vector(
            "neg_grad",
            "−∇L (negative gradient)",
            -projector.vectors(grad[None])[0],
            (here if fresh else there).copy(),
            "Minus every layer's .grad, flattened and projected onto the plane: the part of "
            "the steepest descent that lies in the plane.",
            DIRECTION,
            "-params.grad, projected",
        )
    if previous is not None:
        delta = current - previous.astype(np.float64)
        out["update"] = Vector(
            "update",
            "Δ (last update)",
            projector.vectors(delta[None])[0],
            there.copy(),
            "What optimizer.step() changed in every layer, flattened and projected onto the plane.",
            DIRECTION,
            "params after − params before optimizer.step(), projected",
        )
    for key, name, label, text in BUFFERS:
        flat = flat_state(run, key)
        if flat is not None:
            out[name] = Vector(
                name,
                label,
                -projector.vectors(flat[None])[0],
                here.copy(),
                text,
                DIRECTION,
                f"-optimizer.state[p]['{key}'], projected",
            )
    return out
