"""The step-by-step teaching mode: what each phase of an epoch did, with its real numbers.

:meth:`Run.step_phase` walks one epoch in the engine's four phases: "forward" (predictions and
loss), "zero_grad", "backward" and "step" (then the scheduler). The teaching mode shows the
tutorial's five: forward, loss, zero_grad, backward, step. The engine computes the loss in its
forward phase (one generator is the only place an epoch happens, and it stays untouched), so
:class:`PhaseStepper` presents that one engine phase as two stops: first the predictions
``y_p = model(x, *params)``, then ``loss = loss_fn(y_p, y)``. No torch work happens between
them, and nothing could change the loss there: it is a pure function of the predictions. A
test function has no model, so its forward phase is the loss itself and it has four stops.
A run that clips its gradients has one more stop between backward and step, "clip", whose
record holds the gradient before and after clipping. With mini-batches a stop belongs to one
step (one batch): its record carries the step and its epoch, and the forward pass reads the
batch ``xb, yb``.

Every number is read from the run (``run.current_predictions``, ``run.current_loss``,
``params.grad``, the parameters, ``optimizer.param_groups``), never recomputed. Records hold
plain floats and numpy arrays only, so they pickle across the worker's pipe.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optiviz.engine.catalogue.schedulers import scheduler_info
from optiviz.engine.explain.codegen import function_name, phase_code
from optiviz.engine.explain.network_teaching import (
    LayerRow,
    describe_network_phase,
    layer_norms,
)
from optiviz.engine.explain.zero_grad_lesson import accumulated_text, own_gradient, skipped_text
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.runs.run import DIVERGED, Run

#: The phases the teaching mode shows, in order ("loss" only for problems with data); a run that
#: clips its gradients stops at "clip" between backward and step.
TEACHING_PHASES = ("forward", "loss", "zero_grad", "backward", "step")


@dataclass
class TeachingContext:
    """What the run looked like just before a phase: what that phase changes is compared to it."""

    epoch: int  # epochs completed
    phase: str  # the run's last phase done, "" between epochs
    params: np.ndarray
    grad: np.ndarray | None
    lr: float
    func_evals: int  # LBFGS's count of loss evaluations so far (0 for the others)
    steps: int = 0  # optimizer steps completed (the epochs of a full-batch run)
    #: A network: each named parameter's (shape, ‖θ‖, ‖∇‖), the flat parameters and the
    #: projector onto the plane, as they were before the phase.
    layers: dict | None = None
    flat_params: np.ndarray | None = None
    projector: object = None

    @classmethod
    def capture(cls, run: Run | NetworkRun) -> TeachingContext:
        if isinstance(run, NetworkRun):
            return cls(
                run.epoch,
                run.phase,
                run.params(),
                run.grad(),
                run.lr,
                0,
                run.steps,
                layer_norms(run),
                run.path.latest().copy(),
                run.projector,
            )
        return cls(
            run.epoch, run.phase, run.params(), run.grad(), run.lr, _func_evals(run), run.steps
        )


@dataclass
class PhaseRecord:
    """One phase of one epoch, as it happened.

    ``grad`` is ``params.grad`` once the phase is done: ``None`` right after zero_grad, because
    torch's ``zero_grad()`` sets the gradient to None (``set_to_none=True`` by default) rather
    than filling it with zeros. ``grad_before`` is what zero_grad cleared: the previous epoch's
    gradient. ``params_before``, ``update`` (Δ = after − before) and ``lr_next`` (after the
    scheduler) belong to the step phase.
    """

    epoch: int  # the epoch this phase belongs to, counted from 1
    phase: str  # one of TEACHING_PHASES, "clip", or "diverged"
    code: tuple[str, ...]  # the tutorial's lines this phase executes
    explanation: str
    params: np.ndarray  # (2,) once the phase is done
    lr: float  # the learning rate this epoch's step uses
    loss: float | None = None
    predictions: np.ndarray | None = None  # y_p, the linear fit's predictions
    targets: np.ndarray | None = None  # y, the points the predictions are compared to
    grad: np.ndarray | None = None
    grad_before: np.ndarray | None = None
    params_before: np.ndarray | None = None
    update: np.ndarray | None = None
    lr_next: float | None = None
    closure_evals: int | None = None  # LBFGS: how many times step(closure) evaluated the loss
    step: int | None = None  # mini-batches: the step (batch) this phase belongs to, from 1
    clips: bool = False  # the run clips its gradients: backward is followed by "clip"
    #: The run forgets ``optimizer.zero_grad()``: ``params.grad`` adds up from step to step.
    zero_grad_skipped: bool = False
    own_grad: np.ndarray | None = None  # without zero_grad: what this backward() added
    #: A network: one row per named parameter (``params``, ``grad`` and ``update`` are then
    #: 2-vectors on the plane named by ``plane``; ``plane_changed``: it is not the plane of
    #: the previous record, whose 2-vectors therefore do not compare with these).
    layers: tuple[LayerRow, ...] | None = None
    plane: str | None = None
    plane_changed: bool = False


def _func_evals(run: Run) -> int:
    state = run.optimizer.state.get(run.leaf, {})
    return int(state.get("func_evals", 0)) if run.info.uses_closure else 0


def _vec(values: np.ndarray | None) -> str:
    if values is None:
        return "None"
    return "(" + ", ".join(f"{float(v):.4g}" for v in values) + ")"


def _names(run: Run) -> str:
    a, b = run.problem.param_names
    return f"({a}, {b})"


def describe_phase(run: Run | NetworkRun, phase: str, before: TeachingContext) -> PhaseRecord:
    """The record of ``phase``, just done by ``run``, given the context captured before it."""
    sched = scheduler_info(run.config.scheduler) if run.config.scheduler else None
    code = phase_code(run.problem, run.info, sched, run.config)
    dataset = run.problem.dataset
    has_data = dataset is not None
    epoch = before.epoch + 1
    batched = run.config.batch_size is not None
    loss_tensor = run.current_loss
    loss = None if loss_tensor is None else float(loss_tensor.item())
    predictions = targets = None
    if dataset is not None and run.current_predictions is not None:
        predictions = run.current_predictions.detach().numpy().astype(np.float64).copy()
        targets = dataset.tensors[1].numpy().astype(np.float64)
        targets = (targets[run.batch] if batched and run.batch is not None else targets).copy()
    if isinstance(run, NetworkRun):
        return describe_network_phase(run, phase, before, _network_record(run, phase, before))
    record = PhaseRecord(
        epoch=epoch,
        phase=phase,
        code=code.get(phase, ()),
        explanation="",
        params=run.params(),
        lr=run.lr,
        loss=loss,
        predictions=predictions,
        targets=targets,
        grad=run.grad(),
        step=before.steps + 1 if batched else None,
        clips=run.config.clip_grad_norm is not None or run.config.clip_grad_value is not None,
        zero_grad_skipped=not run.config.zero_grad,
    )
    names = _names(run)
    closure_note = (
        " For LBFGS these lines run inside closure(), which optimizer.step(closure) calls."
        if run.info.uses_closure
        else ""
    )
    if phase == "forward":
        if has_data:
            record.loss = None  # revealed by the "loss" stop
            record.explanation = (
                f"model({'xb' if batched else 'x'}, *params) computes the predictions "
                f"y_p = w·x + b for the {len(predictions) if predictions is not None else 0} "
                f"points{_batch_note(run, record)} with the current "
                f"parameters {names} = "
                f"{_vec(record.params)}. Nothing is learned yet." + closure_note
            )
        else:
            record.explanation = (
                f"The loss is the function itself: {function_name(run.problem)}(*params) at "
                f"{names} = {_vec(record.params)} gives {loss:.6g}." + closure_note
            )
    elif phase == "loss":
        record.explanation = (
            f"loss_fn averages the squared differences (y_p − y)² over the points: the loss is "
            f"{loss:.6g}. This one number is what backward() differentiates."
        )
    elif phase == "zero_grad" and record.zero_grad_skipped:
        record.grad_before = before.grad
        record.explanation = skipped_text(before.grad)
    elif phase == "zero_grad":
        record.grad_before = before.grad
        if before.grad is None:
            cleared = "It clears params.grad; there is no gradient yet, so it stays None."
        else:
            cleared = (
                f"It clears the gradient the previous epoch left in params.grad "
                f"{_vec(before.grad)}, so that backward() does not add to it."
            )
        how = (
            "torch sets params.grad to None (set_to_none=True by default) instead of zeros."
            if record.grad is None
            else "params.grad is now filled with zeros."
        )
        record.explanation = f"optimizer.zero_grad(): {cleared} {how}"
    elif phase == "backward":
        a, b = run.problem.param_names
        g = record.grad
        assert g is not None  # backward has just filled params.grad
        record.explanation = (
            f"loss.backward() computes the gradient of the loss with respect to each parameter: "
            f"∂loss/∂{a} = {g[0]:.4g}, ∂loss/∂{b} = {g[1]:.4g}. It is stored in params.grad; "
            f"the parameters have not moved yet."
        )
        if record.zero_grad_skipped:
            record.grad_before = before.grad
            record.own_grad = own_gradient(g, before.grad)
            record.explanation = accumulated_text(g, record.own_grad)
        if run.config.grad_noise > 0:
            record.explanation += (
                f" Then Gaussian noise (σ = {run.config.grad_noise:g}, seeded) is added to it: "
                "added gradient noise, a stand-in for a batch's noise."
            )
    elif phase == "clip":
        _describe_clip(run, record, before)
    elif phase == "step":
        ended_epoch = run.steps % run.steps_per_epoch == 0
        if not ended_epoch:  # the scheduler steps after an epoch's last batch only
            record.code = record.code[:1]
        _describe_step(run, record, before, sched is not None and ended_epoch)
    elif phase == "diverged":
        record.code = ()
        record.explanation = f"The run stopped at epoch {epoch}: {run.divergence_reason}."
    return record


def _network_record(run: NetworkRun, phase: str, before: TeachingContext) -> PhaseRecord:
    """The fields a network's record shares with a 2-parameter one."""
    batched = run.config.batch_size is not None
    return PhaseRecord(
        epoch=before.epoch + 1,
        phase=phase,
        code=(),
        explanation="",
        params=run.params(),
        lr=run.lr,
        grad=run.grad(),
        step=before.steps + 1 if batched else None,
        clips=run.config.clip_grad_norm is not None or run.config.clip_grad_value is not None,
        zero_grad_skipped=not run.config.zero_grad,
    )


def _batch_note(run: Run, record: PhaseRecord) -> str:
    """`` of batch 2 of 3 (step 5, epoch 2)`` for a mini-batch step, else ""."""
    if record.step is None:
        return ""
    per_epoch = run.steps_per_epoch
    within = (record.step - 1) % per_epoch + 1
    return f" of batch {within} of {per_epoch} (step {record.step}, epoch {record.epoch})"


def _describe_clip(run: Run, record: PhaseRecord, before: TeachingContext) -> None:
    record.grad_before = before.grad
    config = run.config
    if config.clip_grad_norm is not None:
        norm = float(np.linalg.norm(before.grad)) if before.grad is not None else 0.0
        limit = config.clip_grad_norm
        what = (
            f"clip_grad_norm_ rescales params.grad when its length exceeds {limit:g}: it was "
            f"{norm:.4g}, "
            + ("so it is scaled down to that length." if norm > limit else "so it is unchanged.")
        )
    else:
        what = f"clip_grad_value_ clamps each entry of params.grad to ±{config.clip_grad_value:g}."
    record.explanation = (
        f"{what} {_vec(before.grad)} → {_vec(record.grad)}. Clipping bounds one step's size "
        "when a gradient spikes; the direction of a norm-clipped gradient is kept."
    )


def _describe_step(run: Run, record: PhaseRecord, before: TeachingContext, scheduled: bool) -> None:
    record.lr = before.lr
    record.lr_next = run.lr
    record.params_before = before.params
    record.update = record.params - before.params
    name = run.info.name
    keys = [k for k in run.state_arrays() if k != "step"] if not run.info.uses_closure else []
    if run.info.uses_closure:
        record.closure_evals = _func_evals(run) - before.func_evals
        zero = "zero_grad, " if run.config.zero_grad else ""
        how = (
            f"optimizer.step(closure) runs torch.optim.{name}: it called closure() "
            f"{record.closure_evals} time(s), each a {zero}forward, loss and backward at a "
            f"trial point, to choose the step. params.grad now holds the last trial's gradient."
        )
    elif keys:
        how = (
            f"optimizer.step() applies torch.optim.{name}'s update, using params.grad and what "
            f"it keeps in optimizer.state ({', '.join(keys)})."
        )
    else:
        how = (
            f"optimizer.step() applies torch.optim.{name}'s update using params.grad; it keeps "
            f"no state between steps."
        )
    text = (
        f"{how} Δ = {_vec(record.update)} with lr = {before.lr:g}, so {_names(run)} goes from "
        f"{_vec(before.params)} to {_vec(record.params)}."
    )
    if scheduled:
        change = (
            f"{before.lr:g} → {record.lr_next:g}"
            if record.lr_next != before.lr
            else f"{before.lr:g} (unchanged)"
        )
        text += f" Then the scheduler sets the lr of the next epoch: {change}."
    record.explanation = text


class PhaseStepper:
    """Steps a run phase by phase and describes each phase.

    It mixes freely with ``run.step()``, ``run.seek()`` and edits: each call looks at where the
    run is, so an epoch begun here can be finished by ``run.step()`` and the next call starts
    the next epoch.
    """

    def __init__(self, run: Run | NetworkRun) -> None:
        self.run = run
        self._held: tuple[tuple, PhaseRecord] | None = None
        self._plane: object = None  # a network: the projector of the last record

    def _where(self) -> tuple:
        run = self.run
        return (run.epoch, run.phase, id(run.current_loss))

    @property
    def upcoming(self) -> str:
        """The name of the phase the next call will show ("" once the run is over)."""
        if self._held is not None and self._held[0] == self._where():
            return "loss"
        run = self.run
        if not run.phase:
            return "" if run.done else "forward"
        clips = run.config.clip_grad_norm is not None or run.config.clip_grad_value is not None
        after_backward = "clip" if clips else "step"
        return {
            "forward": "zero_grad",
            "zero_grad": "backward",
            "backward": after_backward,
            "clip": "step",
        }[run.phase]

    def next(self) -> PhaseRecord | None:
        """Do the next phase and return its record; None once the run is finished or diverged."""
        held, self._held = self._held, None
        if held is not None and held[0] == self._where():
            return held[1]
        run = self.run
        if not run.phase and run.done:
            return None
        before = TeachingContext.capture(run)
        name = run.step_phase()
        if not name:
            return describe_phase(run, "diverged", before) if run.status == DIVERGED else None
        record = describe_phase(run, name, before)
        if isinstance(run, NetworkRun):  # refit since the last record: its vectors moved
            record.plane_changed |= self._plane is not None and self._plane is not run.projector
            self._plane = run.projector
        if name == "forward" and run.problem.dataset is not None:
            self._held = (self._where(), describe_phase(run, "loss", before))
        return record
