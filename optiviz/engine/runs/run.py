"""A run: one optimizer stepping one problem, step by step, with its history.

Each step follows the tutorial's order: forward (the loss), ``optimizer.zero_grad()``,
``loss.backward()``, optionally torch's gradient clipping, ``optimizer.step()``; after an
epoch's last step, the scheduler's ``step()``. The update is always torch's own. A full-batch
run steps once an epoch on the whole data; with a batch size, once per batch of a real
DataLoader (see :mod:`optiviz.engine.runs.stochastic`). One generator, :meth:`Run.phases`, is
the only place a step happens: :meth:`Run.step` runs it to the end, and the teaching mode
stops between its phases.
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
from optiviz.engine.problems.library import Problem, linear_model
from optiviz.engine.runs.config import (
    RunConfig,
    build_problem,
    make_leaf,
    optimizer_kwargs,
    scheduler_kwargs,
    validate,
)
from optiviz.engine.runs.history import History
from optiviz.engine.runs.stochastic import add_noise, clip, make_loader, noise_generator

#: The phases of one step, in order ("clip" only when the run clips its gradients).
PHASES = ("forward", "zero_grad", "backward", "step")
CLIP_PHASE = "clip"

READY, FINISHED, DIVERGED = "ready", "finished", "diverged"

#: The largest float32: an lr or a step size beyond it cannot reach the parameters.
FLOAT32_MAX = float(np.finfo(np.float32).max)

#: Periodic snapshots kept at most: beyond it their spacing doubles and every other one goes,
#: so a run of any length keeps 500 to 1000 and a seek replays under two spacings' epochs.
SNAPSHOT_LIMIT = 1000


@dataclass
class _Snapshot:
    step: int
    params: torch.Tensor
    optimizer: dict[str, Any]
    scheduler: dict[str, Any] | None
    hyper: dict[str, Any]
    grad: torch.Tensor | None  # params.grad as the step left it (the teaching mode shows it)
    #: The DataLoader's generator as the snapshot's epoch began, and the noise generator now.
    loader_rng: torch.Tensor | None = None
    noise_rng: torch.Tensor | None = None
    #: The start and every edit's snapshot are kept: a replay never crosses an edit.
    pinned: bool = False


class Run:
    """One optimizer on one problem, stepped with :meth:`step` (or iterated)."""

    def __init__(
        self,
        config: RunConfig | None = None,
        *,
        snapshot_every: int = 200,
        compact_history: bool = False,
    ) -> None:
        self.config = validate(config or RunConfig())
        if self.config.stochastic:
            torch.manual_seed(self.config.seed)  # before the model, as the plain script does
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
        self.loader = None
        self._batches: Iterator[list[torch.Tensor]] | None = None
        self._loader_rng: torch.Tensor | None = None  # the generator as this epoch began
        steps_per_epoch = 1
        if self.config.batch_size is not None:
            self.loader = make_loader(
                self.problem, self.config.batch_size, self.config.shuffle, self.config.seed
            )
            steps_per_epoch = len(self.loader)
        self._noise = noise_generator(self.config.seed) if self.config.grad_noise > 0 else None
        #: The indices of the points in the last step's batch (None: the whole data).
        self.batch: np.ndarray | None = None
        self._keep_full_grad = self.config.stochastic
        self.history = History(start, steps_per_epoch=steps_per_epoch, compact=compact_history)
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
        self._take_snapshot(pinned=True)

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
        return self.history.epochs_done

    @property
    def steps(self) -> int:
        """Optimizer steps done: the epochs of a full-batch run, the batches of a mini-batch
        run."""
        return len(self.history)

    @property
    def steps_per_epoch(self) -> int:
        return self.history.steps_per_epoch

    @property
    def phase(self) -> str:
        """The last phase done of a step in progress, or "" between steps."""
        return self._phase

    @property
    def done(self) -> bool:
        return self.status in (FINISHED, DIVERGED)

    # -- stepping ------------------------------------------------------------------------------
    def _next_batch(self) -> list[torch.Tensor]:
        """The next batch of the DataLoader, beginning a new epoch's iterator when due."""
        assert self.loader is not None
        if self._batches is None or len(self.history) % self.history.steps_per_epoch == 0:
            generator = self.loader.generator
            assert generator is not None
            self._loader_rng = generator.get_state()
            self._batches = iter(self.loader)
        return next(self._batches)

    def phases(self) -> Iterator[str]:
        """One step, yielding the name of each phase once it is done."""
        theta = self.theta()
        if self.loader is None:
            predictions = self.problem.predict(theta)
            loss = self.problem.loss(theta, predictions)
            batch_x = batch_y = None
        else:
            batch_x, batch_y, index = self._next_batch()
            self.batch = index.numpy()
            predictions = linear_model(batch_x, theta)
            loss = ((predictions - batch_y) ** 2).mean()
        self.current_loss, self.current_predictions = loss, predictions
        loss_value = loss.item()
        if not isfinite(loss_value):
            self._diverge(f"the loss is {loss_value}")
            return
        yield "forward"
        optimizer = self.optimizer
        config = self.config
        accumulated = None
        if config.zero_grad:
            optimizer.zero_grad()
        elif self.leaf.grad is not None:  # the lesson of forgetting zero_grad: it adds up
            accumulated = _dense(self.leaf.grad).clone()
        yield "zero_grad"
        if self.info.create_graph:  # AdaHessian, SophiaH: the step differentiates the gradient
            backward_keeping_graph(loss)
        else:
            loss.backward()
        # torch optimizers never write into .grad, and the next zero_grad drops this tensor,
        # so it keeps this step's gradient after the step: the history keeps it, uncopied.
        grad = self.leaf.grad
        if grad is None:  # backward always fills it for a leaf that requires grad
            raise RuntimeError("loss.backward() left no gradient")
        if self._keep_full_grad:
            full_grad = self._full_gradient()
        elif not config.zero_grad:  # this step's own gradient, beside the accumulated one
            own = _dense(grad) if accumulated is None else _dense(grad) - accumulated
            full_grad = own.detach().reshape(2).numpy().astype(np.float64)
        else:
            full_grad = None
        if self._noise is not None:
            add_noise(grad, config.grad_noise, self._noise)
        yield "backward"
        if config.clip_grad_norm is not None or config.clip_grad_value is not None:
            clip(self.leaf, config)
            yield CLIP_PHASE
        if grad.is_sparse:
            grad = grad.to_dense()
        elif not config.zero_grad:
            grad = grad.clone()  # backward adds the next gradient into this very tensor
        lr = optimizer.param_groups[0]["lr"]  # read here: an edit between phases applies now
        if not -FLOAT32_MAX <= lr <= FLOAT32_MAX:  # also NaN; torch would raise in the step
            self._diverge(f"the lr ({lr:g}) overflows float32")
            return
        try:
            if self._uses_closure:
                # LBFGS takes the closure's tensor loss; torch's stub says a float
                optimizer.step(self._closure(loss, batch_x, batch_y))  # type: ignore[arg-type]
            else:
                optimizer.step()
        except Exception as err:
            if self.info.origin:  # code outside torch.optim raised: the run stops, not the worker
                self._restore_params(self.history.params_at(len(self.history)))
                self._diverge(step_error_reason(err, self.info))
                return
            # torch refuses a step whose size, derived from the lr (Adam's lr / bias
            # correction), overflows; anything else is a defect and is raised
            if not isinstance(err, RuntimeError) or "overflow" not in str(err):
                raise
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
        history = self.history
        per_epoch = history.steps_per_epoch
        if per_epoch == 1:
            self._end_epoch(loss_value)
            step = history.append(loss_value, after, grad, lr, self.state_arrays(), full_grad)
        else:
            step = history.append(loss_value, after, grad, lr, self.state_arrays(), full_grad)
            if step % per_epoch == 0:
                self._finish_batches()
                # The epoch's loss is the mean of its batch losses, as the plain loop's
                # ``sum(losses) / len(losses)``: the history holds each as the float it was.
                losses = history.loss_between(step - per_epoch, step).tolist()
                self._end_epoch(sum(losses) / len(losses))
        if step % per_epoch == 0:
            epoch = step // per_epoch
            if epoch % self._snapshot_every == 0:
                self._take_snapshot()
            if epoch >= self.config.epochs:
                self.status = FINISHED
        yield "step"

    def _finish_batches(self) -> None:
        """Run the epoch's iterator to its end, as a ``for`` loop over the DataLoader does:
        the sampler draws once more from the generator before it stops, and the next epoch's
        batches depend on that draw."""
        if self._batches is not None:
            for _ in self._batches:
                raise RuntimeError("the DataLoader gave more batches than it said it has")
            self._batches = None

    def _end_epoch(self, loss: float) -> None:
        """The scheduler steps once an epoch, after its last batch; the epoch's loss is kept."""
        scheduler = self.scheduler
        if scheduler is not None:
            if self._scheduler_takes_loss:
                scheduler.step(loss)
            else:
                scheduler.step()
        self.history.end_epoch(loss)

    def _full_gradient(self) -> np.ndarray:
        """The gradient of the loss on the whole data at the current point, in float64: the
        arrow a batch's gradient is compared with (the optimizer never sees it). The linear
        fit's comes from the data's moments, so its cost does not grow with the points."""
        w, b = self.params().tolist()
        if self.problem.dataset is not None:
            return np.array(self.problem.dataset.moments.gradient(w, b))
        theta = torch.tensor([w, b], dtype=torch.float64, requires_grad=True)
        loss = self.problem.function(theta[0], theta[1])
        (gradient,) = torch.autograd.grad(loss, theta)
        return gradient.numpy()

    def _restore_params(self, values: np.ndarray | torch.Tensor) -> None:
        with torch.no_grad():
            self.leaf.copy_(torch.as_tensor(values, dtype=self.leaf.dtype).reshape(self.leaf.shape))

    def _closure(
        self, first_loss: torch.Tensor, x: torch.Tensor | None, y: torch.Tensor | None
    ) -> Callable[[], torch.Tensor]:
        """LBFGS's closure. Its first call reuses the step's loss, already back-propagated;
        later calls evaluate the same batch (or the whole data) again, gradient noise and
        clipping included, as the plain script's closure does."""
        calls = [0]
        before = self.leaf.detach().clone()  # BSAM moves the parameters before its first call

        def closure() -> torch.Tensor:
            calls[0] += 1
            if calls[0] == 1 and torch.equal(self.leaf, before):
                return first_loss
            if self.config.zero_grad:
                self.optimizer.zero_grad()
            theta = self.theta()
            if x is None or y is None:
                loss = self.problem.loss(theta)
            else:
                loss = ((linear_model(x, theta) - y) ** 2).mean()
            loss.backward()
            self._transform_grad()
            return loss

        return closure

    def _transform_grad(self) -> None:
        """Added noise, then clipping, on the gradient backward left (closure calls)."""
        grad = self.leaf.grad
        if self._noise is not None and grad is not None:
            add_noise(grad, self.config.grad_noise, self._noise)
        if self.config.clip_grad_norm is not None or self.config.clip_grad_value is not None:
            clip(self.leaf, self.config)

    def step_phase(self) -> str:
        """Do the next phase of the current step; returns its name ("" if the run is over)."""
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
        """Complete one step (or the rest of one begun phase by phase). False once over."""
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
        target_steps = target * history.steps_per_epoch
        if self._pending is not None and len(history) < target_steps:
            self.step()  # the rest of a step begun phase by phase
        phases = self.phases
        while len(history) < target_steps and self.status == READY:
            for _ in phases():
                pass
        return self

    def __iter__(self) -> Iterator[int]:
        """Yield each epoch number as it completes."""
        history = self.history
        while not self.done:
            self.step()
            if len(history) % history.steps_per_epoch:
                continue  # in the middle of an epoch
            if history and (not self.done or self.status == FINISHED):
                yield self.epoch

    def _diverge(self, reason: str) -> None:
        self.status = DIVERGED
        self.diverged_at = len(self.history) + 1
        self.divergence_reason = reason
        self.current_loss = None

    # -- edits between steps -------------------------------------------------------------------
    def set_hyper(self, key: str, value: Any) -> None:
        """Change lr or a hyperparameter from the next step on, keeping the optimizer's state."""
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
    def _take_snapshot(self, pinned: bool = False) -> None:
        step = len(self.history)
        loader_rng = noise_rng = None
        if self.loader is not None:
            generator = self.loader.generator
            assert generator is not None
            # at an epoch's end the next epoch begins from the generator as it is now
            at_boundary = step % self.history.steps_per_epoch == 0
            loader_rng = generator.get_state() if at_boundary else self._loader_rng
        if self._noise is not None:
            noise_rng = self._noise.get_state()
        self._snapshots.append(
            _Snapshot(
                step=step,
                params=self.leaf.detach().clone(),
                optimizer=copy.deepcopy(self.optimizer.state_dict()),
                scheduler=copy.deepcopy(self.scheduler.state_dict()) if self.scheduler else None,
                hyper={"lr": self.config.lr, **self.config.hyper},
                grad=None if self.leaf.grad is None else self.leaf.grad.detach().clone(),
                loader_rng=loader_rng,
                noise_rng=noise_rng,
                pinned=pinned,
            )
        )
        if sum(not s.pinned for s in self._snapshots) > SNAPSHOT_LIMIT:
            self._thin_snapshots()

    def _thin_snapshots(self) -> None:
        """Double the spacing of periodic snapshots, dropping those off the new spacing."""
        self._snapshot_every *= 2
        per_epoch, every = self.history.steps_per_epoch, self._snapshot_every
        self._snapshots = [
            s for s in self._snapshots if s.pinned or (s.step // per_epoch) % every == 0
        ]

    def _snapshot_now_if_needed(self) -> None:
        """An edit starts a new stretch: snapshot now, so replays never cross it."""
        if self._snapshots and self._snapshots[-1].step == len(self.history):
            self._snapshots.pop()
        self._take_snapshot(pinned=True)

    def _restore_generators(self, snapshot: _Snapshot) -> None:
        """Put the DataLoader where it was at the snapshot's step: its generator as that
        epoch began, and (in the middle of an epoch) the epoch's iterator past the batches
        already stepped; a new iterator draws from the generator as the first one did."""
        if self._noise is not None and snapshot.noise_rng is not None:
            self._noise.set_state(snapshot.noise_rng)
        if self.loader is None or snapshot.loader_rng is None:
            return
        generator = self.loader.generator
        assert generator is not None
        generator.set_state(snapshot.loader_rng)
        self._loader_rng = snapshot.loader_rng
        self._batches = None
        into_epoch = snapshot.step % self.history.steps_per_epoch
        if into_epoch:
            self._batches = iter(self.loader)
            for _ in range(into_epoch):
                next(self._batches)

    def seek(self, step: int) -> None:
        """Go back to the end of ``step`` exactly, optimizer, scheduler and batches included.

        Restores the nearest snapshot at or before ``step`` and replays the steps after it;
        every later record is forgotten, so playing on continues from there. For a full-batch
        run a step is an epoch.
        """
        steps = len(self.history)
        if not 0 <= step <= steps:
            raise ConfigError(("epoch",), f"must be from 0 to {steps}, got {step}")
        self._pending = None
        self._phase = ""
        snapshot = max((s for s in self._snapshots if s.step <= step), key=lambda s: s.step)
        self._snapshots = [s for s in self._snapshots if s.step <= snapshot.step]
        self._restore_params(snapshot.params)
        self.leaf.grad = None if snapshot.grad is None else snapshot.grad.clone()
        self.optimizer.load_state_dict(copy.deepcopy(snapshot.optimizer))
        if self.scheduler is not None and snapshot.scheduler is not None:
            self.scheduler.load_state_dict(copy.deepcopy(snapshot.scheduler))
        lr = snapshot.hyper["lr"]
        self.config = self.config.copy(
            lr=lr, hyper={k: v for k, v in snapshot.hyper.items() if k != "lr"}
        )
        self.history.truncate(snapshot.step)
        self._restore_generators(snapshot)
        self.status = READY
        self.diverged_at = None
        self.divergence_reason = ""
        self.current_loss = self.current_predictions = None
        # Replay exactly ``step - snapshot.step`` steps, whatever the epochs setting says
        # now: it may have been lowered below ``step`` since these steps were run.
        for _ in range(step - snapshot.step):
            for _ in self.phases():
                pass
            if self.status == DIVERGED:
                break
        if self.status != DIVERGED:
            self.status = FINISHED if self.epoch >= self.config.epochs else READY


def _dense(grad: torch.Tensor) -> torch.Tensor:
    return grad.to_dense() if grad.is_sparse else grad
