"""Step by step on a network: per-layer norms instead of two numbers.

A network's phases are :meth:`NetworkRun.phases`: forward (predictions and the loss in one
stop), zero_grad, backward, the optional clip, step. Its :class:`PhaseRecord` carries, besides
the loss, one :class:`LayerRow` per named parameter with the parameter's and its gradient's
2-norm before and after the phase (zero_grad clears the gradients, backward fills them, clip
scales them, step moves the parameters; without zero_grad the gradients add up). The gradient
and the step's update are also given as 2-vectors on the run's current plane; that plane is
refit as the landscape refreshes, so the record names it and says whether it changed during
the phase. Every number is read from the model's tensors with ``torch.linalg.vector_norm``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch

if TYPE_CHECKING:
    from optiviz.engine.catalogue.optimizers import OptimizerInfo
    from optiviz.engine.explain.teaching import PhaseRecord, TeachingContext
    from optiviz.engine.networks.network_run import NetworkRun
    from optiviz.engine.runs.config import RunConfig

#: The forward line as the network script writes it (full-batch and batched).
NETWORK_FORWARD = "loss = loss_fn(model({x}), {y})"


@dataclass(frozen=True)
class LayerRow:
    """One named parameter of the model at the end of a phase, and just before it."""

    name: str  # as model.named_parameters() names it, e.g. "0.weight"
    shape: tuple[int, ...]
    param_norm: float  # ‖θ‖ after the phase
    grad_norm: float | None  # ‖∇‖ after the phase; None: .grad is None
    param_norm_before: float
    grad_norm_before: float | None

    @property
    def param_changed(self) -> bool:
        return self.param_norm != self.param_norm_before

    @property
    def grad_changed(self) -> bool:
        return self.grad_norm != self.grad_norm_before


def _norm(tensor: torch.Tensor | None) -> float | None:
    if tensor is None:
        return None
    tensor = tensor.to_dense() if tensor.is_sparse else tensor
    return float(torch.linalg.vector_norm(tensor.detach()))


def layer_norms(run: NetworkRun) -> dict[str, tuple[tuple[int, ...], float, float | None]]:
    """Each named parameter's shape, ‖θ‖ and ‖∇‖ (None while its .grad is None)."""
    out: dict[str, tuple[tuple[int, ...], float, float | None]] = {}
    for name, p in run.model.named_parameters():
        out[name] = (tuple(p.shape), float(_norm(p) or 0.0), _norm(p.grad))
    return out


def layer_rows(run: NetworkRun, before: dict) -> tuple[LayerRow, ...]:
    """The run's layers now, next to ``before`` (a :func:`layer_norms` taken earlier)."""
    rows = []
    for name, (shape, param, grad) in layer_norms(run).items():
        _, param_before, grad_before = before.get(name, (shape, param, grad))
        rows.append(LayerRow(name, shape, param, grad, param_before, grad_before))
    return tuple(rows)


def network_code(config: RunConfig, info: OptimizerInfo) -> dict[str, tuple[str, ...]]:
    """The network script's lines of each phase (see optiviz.engine.networks.codegen)."""
    batched = config.batch_size is not None
    x, y = ("xb", "yb") if batched else ("train_x", "train_y")
    backward = "loss.backward(create_graph=True)" if info.create_graph else "loss.backward()"
    step = "loss = optimizer.step(closure)" if info.uses_closure else "optimizer.step()"
    code: dict[str, tuple[str, ...]] = {
        "forward": (NETWORK_FORWARD.format(x=x, y=y),),
        "zero_grad": ("optimizer.zero_grad()",) if config.zero_grad else (),
        "backward": (backward,),
    }
    if config.clip_grad_norm is not None:
        limit = repr(config.clip_grad_norm)
        code["clip"] = (f"torch.nn.utils.clip_grad_norm_(model.parameters(), {limit})",)
    elif config.clip_grad_value is not None:
        limit = repr(config.clip_grad_value)
        code["clip"] = (f"torch.nn.utils.clip_grad_value_(model.parameters(), {limit})",)
    code["step"] = (step,)
    return code


def _sum(values: tuple[LayerRow, ...], after: bool = True) -> float:
    norms = [(r.grad_norm if after else r.grad_norm_before) or 0.0 for r in values]
    return float(np.sqrt(sum(n * n for n in norms)))


def describe_network_phase(
    run: NetworkRun, phase: str, before: TeachingContext, record: PhaseRecord
) -> PhaseRecord:
    """Fill ``record`` (made for ``phase`` by describe_phase's common part) for a network."""
    record.code = network_code(run.config, run.info).get(phase, ())
    record.layers = layer_rows(run, before.layers or {})
    record.plane = "axes" if run.plane is None else str(getattr(run.plane, "kind", "plane"))
    record.plane_changed = before.projector is not run.projector
    loss = None if run.current_loss is None else float(run.current_loss.item())
    record.loss = loss
    rows = record.layers
    total = _sum(rows)
    if phase == "forward":
        record.explanation = (
            f"model(x) runs the {len(rows)} parameter tensors on the points and loss_fn "
            f"compares its outputs with the targets: the loss is {loss:.6g}."
        )
    elif phase == "zero_grad":
        record.grad_before = before.grad
        if run.config.zero_grad:
            record.explanation = (
                "optimizer.zero_grad() clears every layer's .grad (set to None), so that "
                "backward() does not add to the last step's gradients."
            )
        else:
            record.zero_grad_skipped = True
            record.explanation = (
                "optimizer.zero_grad() is skipped: every layer keeps its .grad, and backward() "
                "will add to it."
            )
    elif phase == "backward":
        record.grad_before = before.grad
        record.explanation = (
            f"loss.backward() fills every layer's .grad with ∂loss/∂θ; the whole gradient's "
            f"norm is {total:.4g}. The parameters have not moved yet."
        )
    elif phase == "clip":
        record.grad_before = before.grad
        record.explanation = (
            f"Clipping bounds the gradients: their norm goes from {_sum(rows, False):.4g} to "
            f"{total:.4g}."
        )
    elif phase == "step":
        record.lr = before.lr
        record.lr_next = run.lr
        record.params_before = before.params
        flat_before = before.flat_params
        assert flat_before is not None
        delta = run.path.latest() - flat_before
        record.update = run.projector.vectors(delta[None, :])[0]
        moved = float(np.linalg.norm(delta))
        record.explanation = (
            f"optimizer.step() applies torch.optim.{run.info.name}'s update to every layer "
            f"with lr = {before.lr:g}: the parameters moved by {moved:.4g} in all."
        )
    elif phase == "diverged":
        record.code = ()
        record.explanation = f"The run stopped at epoch {record.epoch}: {run.divergence_reason}."
    return record
