"""A run: one optimizer stepping one problem, epoch by epoch, with its history.

Each epoch follows the tutorial's order: forward (the loss), ``optimizer.zero_grad()``,
``loss.backward()``, ``optimizer.step()`` and then the scheduler's ``step()``. The update is
always torch's own. One generator, :meth:`Run.phases`, is the only place an epoch happens:
:meth:`Run.step` runs it to the end, and the teaching mode stops between its phases.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from math import isfinite
from typing import Any

import numpy as np
import torch

from optiviz.engine.catalogue.external import backward_keeping_graph, step_error_reason
from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.catalogue.schedulers import scheduler_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.library import Problem
from optiviz.engine.runs.config import (
    RunConfig,
    build_problem,
    make_leaf,
    optimizer_kwargs,
    scheduler_kwargs,
    validate,
)
from optiviz.engine.runs.history import History

#: The phases of one epoch, in order.
PHASES = ("forward", "zero_grad", "backward", "step")

READY, FINISHED, DIVERGED = "ready", "finished", "diverged"

#: The largest float32: an lr or a step size beyond it cannot reach the parameters.
FLOAT32_MAX = float(np.finfo(np.float32).max)


@dataclass
class _Snapshot:
    epoch: int
    params: torch.Tensor
    optimizer: dict[str, Any]
    scheduler: dict[str, Any] | None
    hyper: dict[str, Any]
    grad: torch.Tensor | None  # params.grad as the epoch left it (the teaching mode shows it)


class Run:
    """One optimizer on one problem, stepped with :meth:`step` (or iterated)."""

    def __init__(self, config: RunConfig | None = None, *, snapshot_every: int = 200) -> None:
        self.config = validate(config or RunConfig())
        self.problem: Problem = build_problem(self.config)
        self.info = optimizer_info(self.config.optimizer)
        start = self.problem.start
        self.leaf = make_leaf(self.info.layout, start)
        self.optimizer = self.info.cls([self.leaf], **optimizer_kwargs(self.info, self.config))
        if self.info.train_mode:  # Schedule-Free steps (and the path shows) its train-mode point
            self.optimizer.train()  # type: ignore[attr-defined]
        self.scheduler = None
        self._scheduler_takes_loss = False
        if self.config.scheduler:
            sched = scheduler_info(self.config.scheduler)
            self.scheduler = sched.cls(self.optimizer, **scheduler_kwargs(sched, self.config))
            self._scheduler_takes_loss = sched.takes_loss
        self._index = torch.zeros(1, dtype=torch.long)
        self._leaf_view = self.leaf.detach().numpy().reshape(2)
        self._uses_closure = self.info.uses_closure
        self.history = History(start)
        self.status = READY
        self.diverged_at: int | None = None
        self.divergence_reason = ""
        #: The epoch's live values, for the teaching mode: the loss tensor, the predictions.
        self.current_loss: torch.Tensor | None = None
        self.current_predictions: torch.Tensor | None = None
        self._pending: Iterator[str] | None = None
        self._phase = ""
        self._snapshot_every = max(1, int(snapshot_every))
        self._snapshots: list[_Snapshot] = []
        self._take_snapshot()

    # -- the parameters as the problem sees them ------------------------------------------------
    def theta(self) -> torch.Tensor:
        """The parameter vector (shape (2,)) with autograd back to the optimizer's tensor."""
        if self.info.layout == "vector":
            return self.leaf
        if self.info.layout == "embedding":
            return torch.nn.functional.embedding(self._index, self.leaf, sparse=True)[0]
        return self.leaf[0]

    def params(self) -> np.ndarray:
        return self.leaf.detach().numpy().reshape(2).astype(np.float64)

    def grad(self) -> np.ndarray | None:
        grad = self.leaf.grad
        if grad is None:
            return None
        if grad.is_sparse:
            grad = grad.to_dense()
        return grad.detach().numpy().reshape(2).astype(np.float64)

    def state_arrays(self) -> dict[str, np.ndarray]:
        """What ``optimizer.state`` keeps for the parameters, as small float arrays."""
        out: dict[str, np.ndarray] = {}
        state = self.optimizer.state
        if not state:
            return out
        for key, value in state.get(self.leaf, {}).items():
            if isinstance(value, torch.Tensor):
                if value.numel() in (1, 2) and not value.is_sparse:
                    out[key] = value.detach().numpy().reshape(-1)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                out[key] = np.array([float(value)])
        return out

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    @property
    def epoch(self) -> int:
        """Epochs completed."""
        return len(self.history)

    @property
    def phase(self) -> str:
        """The last phase done of an epoch in progress, or "" between epochs."""
        return self._phase

    @property
    def done(self) -> bool:
        return self.status in (FINISHED, DIVERGED)

    # -- stepping ------------------------------------------------------------------------------
    def phases(self) -> Iterator[str]:
        """One epoch, yielding the name of each phase once it is done."""
        theta = self.theta()
        predictions = self.problem.predict(theta)
        loss = self.problem.loss(theta, predictions)
        self.current_loss, self.current_predictions = loss, predictions
        loss_value = loss.item()
        if not isfinite(loss_value):
            self._diverge(f"the loss is {loss_value}")
            return
        yield "forward"
        optimizer = self.optimizer
        optimizer.zero_grad()
        yield "zero_grad"
        if self.info.create_graph:  # AdaHessian, SophiaH: the step differentiates the gradient
            backward_keeping_graph(loss)
        else:
            loss.backward()
        # torch optimizers never write into .grad, and the next zero_grad drops this tensor,
        # so it keeps this epoch's gradient after the step: the history keeps it, uncopied.
        grad = self.leaf.grad
        if grad is None:  # backward always fills it for a leaf that requires grad
            raise RuntimeError("loss.backward() left no gradient")
        if grad.is_sparse:
            grad = grad.to_dense()
        yield "backward"
        lr = optimizer.param_groups[0]["lr"]  # read here: an edit between phases applies now
        if not -FLOAT32_MAX <= lr <= FLOAT32_MAX:  # also NaN; torch would raise in the step
            self._diverge(f"the lr ({lr:g}) overflows float32")
            return
        try:
            if self._uses_closure:
                # LBFGS takes the closure's tensor loss; torch's stub says a float
                optimizer.step(self._closure(loss))  # type: ignore[arg-type]
            else:
                optimizer.step()
        except Exception as err:  # a step size derived from the lr (Adam's lr / bias
            if self.info.origin:  # code outside torch.optim raised: the run stops, not the worker
                self._restore_params(self.history.params_at(len(self.history)))
                self._diverge(step_error_reason(err, self.info))
                return
            if not isinstance(err, RuntimeError) or "overflow" not in str(err):
                raise  # correction) overflows: torch refuses the step
            self._restore_params(self.history.params_at(len(self.history)))
            self._diverge(f"the step at lr {lr:g} overflows float32 ({err})")
            return
        # Python floats hold float32 values exactly; the sum of two is finite iff both are.
        after = self._leaf_view.tolist()
        if not isfinite(after[0] + after[1]):
            history = self.history
            self._restore_params(history.params_at(len(history)))
            self._diverge("the parameters are no longer finite")
            return
        scheduler = self.scheduler
        if scheduler is not None:
            if self._scheduler_takes_loss:
                scheduler.step(loss_value)
            else:
                scheduler.step()
        epoch = self.history.append(loss_value, after, grad, lr, self.state_arrays())
        if epoch % self._snapshot_every == 0:
            self._take_snapshot()
        if epoch >= self.config.epochs:
            self.status = FINISHED
        yield "step"

    def _restore_params(self, values: np.ndarray | torch.Tensor) -> None:
        with torch.no_grad():
            self.leaf.copy_(torch.as_tensor(values, dtype=self.leaf.dtype).reshape(self.leaf.shape))

    def _closure(self, first_loss: torch.Tensor) -> Callable[[], torch.Tensor]:
        """LBFGS's closure. Its first call reuses the epoch's loss, already back-propagated."""
        calls = [0]
        before = self.leaf.detach().clone()  # BSAM moves the parameters before its first call

        def closure() -> torch.Tensor:
            calls[0] += 1
            if calls[0] == 1 and torch.equal(self.leaf, before):
                return first_loss
            self.optimizer.zero_grad()
            loss = self.problem.loss(self.theta())
            loss.backward()
            return loss

        return closure

    def step_phase(self) -> str:
        """Do the next phase of the current epoch; returns its name ("" if the run is over)."""
        if self._pending is None:
            if self.done:
                return ""
            self._pending = self.phases()
        name = next(self._pending, "")
        self._phase = name
        if name in ("step", ""):
            self._pending = None
            self._phase = ""
        return name

    def step(self) -> bool:
        """Complete one epoch (or the rest of one begun phase by phase). False once over."""
        pending = self._pending
        if pending is None:
            if self.status != READY:
                return False
            pending = self.phases()
        else:
            self._pending = None
            self._phase = ""
        for _ in pending:
            pass
        return self.status != DIVERGED

    def run(self, epochs: int | None = None) -> Run:
        """Step until finished, diverged, or ``epochs`` more epochs are done."""
        target = self.config.epochs if epochs is None else self.epoch + epochs
        history = self.history
        if self._pending is not None and len(history) < target:
            self.step()  # the rest of an epoch begun phase by phase
        phases = self.phases
        while len(history) < target and self.status == READY:
            for _ in phases():
                pass
        return self

    def __iter__(self) -> Iterator[int]:
        """Yield each epoch number as it completes."""
        while not self.done:
            self.step()
            if self.history and (not self.done or self.status == FINISHED):
                yield self.epoch

    def _diverge(self, reason: str) -> None:
        self.status = DIVERGED
        self.diverged_at = len(self.history) + 1
        self.divergence_reason = reason
        self.current_loss = None

    # -- edits between epochs ------------------------------------------------------------------
    def set_hyper(self, key: str, value: Any) -> None:
        """Change lr or a hyperparameter from the next epoch on, keeping the optimizer's state."""
        if key == "lr":
            trial = self.config.copy(lr=value)
        else:
            trial = self.config.copy()
            trial.hyper[key] = value
        checked = validate(trial)  # raises ConfigError naming the field
        new_value = checked.lr if key == "lr" else checked.hyper[key]
        self.config = checked
        for group in self.optimizer.param_groups:
            group[key] = new_value
            if key == "lr" and self.scheduler is not None and "initial_lr" in group:
                group["initial_lr"] = new_value
        if key == "lr" and self.scheduler is not None and hasattr(self.scheduler, "base_lrs"):
            self.scheduler.base_lrs = [new_value for _ in self.scheduler.base_lrs]
        self._snapshot_now_if_needed()

    def set_epochs(self, epochs: int) -> None:
        checked = validate(self.config.copy(epochs=epochs))
        self.config = checked
        if self.status == FINISHED and self.epoch < epochs:
            self.status = READY
        elif self.status == READY and self.epoch >= epochs:
            self.status = FINISHED

    # -- snapshots and seeking -----------------------------------------------------------------
    def _take_snapshot(self) -> None:
        self._snapshots.append(
            _Snapshot(
                epoch=self.epoch,
                params=self.leaf.detach().clone(),
                optimizer=copy.deepcopy(self.optimizer.state_dict()),
                scheduler=copy.deepcopy(self.scheduler.state_dict()) if self.scheduler else None,
                hyper={"lr": self.config.lr, **self.config.hyper},
                grad=None if self.leaf.grad is None else self.leaf.grad.detach().clone(),
            )
        )

    def _snapshot_now_if_needed(self) -> None:
        """An edit starts a new stretch: snapshot now, so replays never cross it."""
        if self._snapshots and self._snapshots[-1].epoch == self.epoch:
            self._snapshots.pop()
        self._take_snapshot()

    def seek(self, epoch: int) -> None:
        """Go back to the end of ``epoch`` exactly, optimizer and scheduler state included.

        Restores the nearest snapshot at or before ``epoch`` and replays the epochs after it;
        every later record is forgotten, so playing on continues from there.
        """
        if not 0 <= epoch <= self.epoch:
            raise ConfigError(("epoch",), f"must be from 0 to {self.epoch}, got {epoch}")
        self._pending = None
        self._phase = ""
        snapshot = max((s for s in self._snapshots if s.epoch <= epoch), key=lambda s: s.epoch)
        self._snapshots = [s for s in self._snapshots if s.epoch <= snapshot.epoch]
        self._restore_params(snapshot.params)
        self.leaf.grad = None if snapshot.grad is None else snapshot.grad.clone()
        self.optimizer.load_state_dict(copy.deepcopy(snapshot.optimizer))
        if self.scheduler is not None and snapshot.scheduler is not None:
            self.scheduler.load_state_dict(copy.deepcopy(snapshot.scheduler))
        lr = snapshot.hyper["lr"]
        self.config = self.config.copy(
            lr=lr, hyper={k: v for k, v in snapshot.hyper.items() if k != "lr"}
        )
        self.history.truncate(snapshot.epoch)
        self.status = READY
        self.diverged_at = None
        self.divergence_reason = ""
        self.current_loss = self.current_predictions = None
        # Replay exactly ``epoch - snapshot.epoch`` epochs, whatever the epochs setting says
        # now: it may have been lowered below ``epoch`` since these epochs were run.
        for _ in range(epoch - snapshot.epoch):
            for _ in self.phases():
                pass
            if self.status == DIVERGED:
                break
        if self.status != DIVERGED:
            self.status = FINISHED if self.epoch >= self.config.epochs else READY
