"""The vectors an optimizer works with at the current point, read from torch's own objects.

Directions: the negative gradient (``params.grad``), the last update Δ (the parameters' change
in the last step), and the running direction an optimizer keeps in ``optimizer.state``
(``momentum_buffer``; ``exp_avg``, the first moment of the Adam family). Step sizes: the
per-coordinate size of a step that the second-moment statistics give, computed from the state
and ``param_groups`` exactly as torch's update uses them (Adam: lr / (√(v / (1 − β₂ᵗ)) + ε)).
Nothing is recomputed from the data. Which entries exist is decided by the state's keys, so
every optimizer of the catalogue gets what torch keeps for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from optiviz.engine.explain.network_vectors import network_vectors
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.problems.library import Box
from optiviz.engine.runs.run import Run

DIRECTION, STEP_SIZE = "direction", "step_size"

#: Fraction of the domain's shorter side that the longest arrow spans when it is scaled
#: (see display_scale); at true length it may span up to MAX_FRACTION, and a first arrow
#: shorter than MIN_FRACTION is magnified.
ARROW_FRACTION = 0.25
MAX_FRACTION = 0.5
MIN_FRACTION = 0.02


@dataclass(frozen=True)
class Vector:
    """One vector at a point of the parameter plane."""

    name: str  # key: "neg_grad", "update", "momentum", "first_moment", "step_size"
    label: str  # for the legend
    components: np.ndarray  # (2,) float64
    origin: np.ndarray  # (2,) the point it belongs to (where the arrow starts)
    explanation: str  # tooltip
    kind: str  # DIRECTION or STEP_SIZE
    source: str  # where it was read, e.g. "optimizer.state['exp_avg']"


def _array(value: torch.Tensor) -> np.ndarray:
    if value.is_sparse:
        value = value.to_dense()
    return value.detach().numpy().astype(np.float64).reshape(2).copy()


def _step_count(state: dict) -> float:
    step = state.get("step", 0)
    return float(step.item() if isinstance(step, torch.Tensor) else step)


def optimizer_vectors(run: Run | NetworkRun) -> dict[str, Vector]:
    """The vectors at the run's current point, by name (only those that exist right now).
    A network's are flattened over its parameters and projected onto its plane."""
    if isinstance(run, NetworkRun):
        return network_vectors(run)
    out: dict[str, Vector] = {}
    params = run.params()
    epoch = run.epoch
    previous = run.history.params_at(epoch - 1) if epoch else params
    grad = run.grad()
    if grad is not None:
        # params.grad was computed at the point before the last step, unless backward() has
        # just run in the epoch now in progress.
        fresh = run.phase == "backward"
        where = params if fresh or epoch == 0 else previous
        out["neg_grad"] = Vector(
            "neg_grad",
            "−∇L (negative gradient)",
            -grad,
            where.copy(),
            "The direction of steepest descent: minus params.grad, as loss.backward() left it"
            + ("." if fresh else ", at the point where the last gradient was computed."),
            DIRECTION,
            "-params.grad",
        )
    if epoch > 0:
        last = run.history.params_at(epoch)
        out["update"] = Vector(
            "update",
            "Δ (last update)",
            last - previous,
            previous.copy(),
            "What optimizer.step() actually changed: the parameters after the last step minus "
            "those before it.",
            DIRECTION,
            "params after − params before optimizer.step()",
        )
    state = run.optimizer.state.get(run.leaf, {})
    group = run.optimizer.param_groups[0]
    for key, name, label, text in (
        (
            "momentum_buffer",
            "momentum",
            "−momentum buffer",
            "The running sum of past gradients (momentum_buffer) that the step follows; drawn "
            "with a minus sign so that it points where the parameters move.",
        ),
        (
            "exp_avg",
            "first_moment",
            "−m (first moment)",
            "The exponential average of past gradients (exp_avg, Adam's m), drawn with a minus "
            "sign so that it points where the parameters move; the step divides it, coordinate "
            "by coordinate, by the root of the second moment.",
        ),
    ):
        value = state.get(key)
        if isinstance(value, torch.Tensor) and value.numel() == 2:
            out[name] = Vector(
                name,
                label,
                -_array(value),
                params.copy(),
                text,
                DIRECTION,
                f"-optimizer.state['{key}']",
            )
    size = _step_size(state, group)
    if size is not None:
        values, formula, source = size
        out["step_size"] = Vector(
            "step_size",
            "effective step size per coordinate",
            values,
            params.copy(),
            f"How far one unit of the (averaged) gradient moves each coordinate: {formula}, "
            "from optimizer.state and the param group. Larger along a coordinate whose "
            "gradients have been small.",
            STEP_SIZE,
            source,
        )
    return out


def _step_size(state: dict, group: dict) -> tuple[np.ndarray, str, str] | None:
    """Per-coordinate step size from the second-moment statistics, as torch's update uses them."""
    lr = float(group["lr"])
    step = _step_count(state)
    if "acc_delta" in state and "square_avg" in state:  # Adadelta
        eps = float(group["eps"])
        v = _array(state["square_avg"])
        u = _array(state["acc_delta"])
        values = lr * np.sqrt(u + eps) / np.sqrt(v + eps)
        return values, "lr·√(acc_delta + ε) / √(square_avg + ε)", "square_avg, acc_delta"
    if "exp_avg_sq" in state and "betas" in group and step > 0:  # the Adam family
        beta2 = float(group["betas"][1])
        eps = float(group["eps"])
        amsgrad = group.get("amsgrad") and "max_exp_avg_sq" in state
        key = "max_exp_avg_sq" if amsgrad else "exp_avg_sq"
        v = _array(state[key])
        correction = 1 - beta2**step
        values = lr / (np.sqrt(v) / math.sqrt(correction) + eps)
        return values, "lr / (√(v / (1 − β₂ᵗ)) + ε)", key
    if "exp_inf" in state:  # Adamax: the step is lr / (1 − β₁ᵗ) · m / u
        u = _array(state["exp_inf"])
        return lr / u, "lr / u (the infinity norm of past gradients)", "exp_inf"
    if "square_avg" in state:  # RMSprop
        eps = float(group["eps"])
        v = _array(state["square_avg"])
        if "grad_avg" in state:
            v = v - _array(state["grad_avg"]) ** 2
            formula = "lr / (√(square_avg − grad_avg²) + ε)"
        else:
            formula = "lr / (√square_avg + ε)"
        return lr / (np.sqrt(v) + eps), formula, "square_avg"
    if "sum" in state:  # Adagrad
        eps = float(group["eps"])
        clr = lr / (1 + (step - 1) * float(group.get("lr_decay", 0.0)))
        values = clr / (np.sqrt(_array(state["sum"])) + eps)
        return values, "lr / (1 + (t − 1)·lr_decay) / (√sum + ε)", "sum"
    if "step_size" in state:  # Rprop keeps its own step per coordinate
        return _array(state["step_size"]), "Rprop's own step size", "step_size"
    return None


def nice_factor(value: float) -> float:
    """The largest ``1, 2 or 5 × 10^k`` at or below ``value`` (> 0): a scale one can read."""
    exponent = math.floor(math.log10(value))
    for mantissa in (5.0, 2.0, 1.0):
        candidate = mantissa * 10.0**exponent
        if candidate <= value * (1 + 1e-12):
            return candidate
    return 10.0 ** (exponent - 1)  # pragma: no cover - 1·10^k is always at or below


def display_scale(vectors: dict[str, Vector], domain: Box, current: float | None = None) -> float:
    """One factor for every direction arrow: 1 (true length, in the surface's units) when the
    longest arrow fits, else a round factor (1, 2 or 5 × 10^k) that brings it to about a
    quarter of the view.

    ``current``, the factor shown so far, is kept while the longest arrow drawn with it still
    fits, so an arrow shrinks as its run converges instead of keeping its length. All arrows
    share the factor, so their lengths compare (a gradient twice as long as the momentum is
    drawn twice as long). The factor stays between a millionth and a million; with no arrow it
    is ``current`` (or 1). Step sizes are not arrows and are not scaled.
    """
    (x0, x1), (y0, y1) = domain
    span = min(abs(x1 - x0), abs(y1 - y0))
    lengths = [
        float(np.hypot(*v.components))
        for v in vectors.values()
        if v.kind == DIRECTION and np.all(np.isfinite(v.components))
    ]
    longest = max(lengths, default=0.0)
    if longest <= 0 or span <= 0:
        return 1.0 if current is None else current
    fits = MAX_FRACTION * span
    if current is not None and longest * current <= fits:
        return current
    if current is None and MIN_FRACTION * span <= longest <= fits:
        return 1.0  # true length
    return float(np.clip(nice_factor(ARROW_FRACTION * span / longest), 1e-6, 1e6))
