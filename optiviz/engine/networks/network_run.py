"""A network run: one torch optimizer training a small network, step by step.

The same protocol as :class:`optiviz.engine.runs.run.Run` (the worker session, races and the
CLI drive either), and the same loop a PyTorch user writes::

    torch.manual_seed(seed)
    model = nn.Sequential(...)
    loader = DataLoader(TensorDataset(x, y), batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    for epoch in range(epochs):
        for xb, yb in loader:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()

A full-batch run steps once an epoch on every training point. The history's two-wide
``params`` and ``grad`` columns are the coordinates on the run's plane (see
:mod:`optiviz.engine.networks.projection`); the flat parameters themselves are kept in
:attr:`NetworkRun.path`, and each epoch's loss and accuracy on the training and held-out
points in :attr:`NetworkRun.metrics`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from math import isfinite
from typing import Any

import numpy as np
import torch
from torch.nn.utils import parameters_to_vector, vector_to_parameters
from torch.utils.data import DataLoader, TensorDataset

from optiviz.engine.catalogue.external import backward_keeping_graph, step_error_reason
from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.catalogue.schedulers import scheduler_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.networks.data import Split, Table, make_table, split
from optiviz.engine.networks.metrics import Accuracy, EpochMetrics
from optiviz.engine.networks.models import build_model, loss_function
from optiviz.engine.networks.path import DEFAULT_CAP_BYTES, ParamPath
from optiviz.engine.networks.problem import network_problem
from optiviz.engine.networks.projection import (
    PlaneLike,
    Projector,
    axes_projector,
    plane_projector,
)
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.runs.config import RunConfig, optimizer_kwargs, scheduler_kwargs, validate
from optiviz.engine.runs.history import History
from optiviz.engine.runs.run import CLIP_PHASE, DIVERGED, FINISHED, FLOAT32_MAX, READY

SNAPSHOT_LIMIT = 1000


@dataclass
class _Snapshot:
    step: int
    params: torch.Tensor  # flat
    grads: list[torch.Tensor | None]
    optimizer: dict[str, Any]
    scheduler: dict[str, Any] | None
    hyper: dict[str, Any]
    loader_rng: torch.Tensor | None = None  # the DataLoader's generator as the epoch began
    pinned: bool = False


class NetworkRun:
    """One optimizer training one network, stepped with :meth:`step` (or iterated)."""

    def __init__(
        self,
        config: RunConfig | None = None,
        *,
        snapshot_every: int = 200,
        compact_history: bool = False,
        path_cap_bytes: int = DEFAULT_CAP_BYTES,
    ) -> None:
        self.config = validate(config or RunConfig(problem=NETWORK_PROBLEM))
        if self.config.problem != NETWORK_PROBLEM or self.config.network is None:
            raise ConfigError(("problem",), f"a network run needs the {NETWORK_PROBLEM} problem")
        spec: NetworkSpec = self.config.network
        self.spec = spec
        self.table: Table = make_table(spec)
        self.split: Split = split(self.table, spec.test_fraction, spec.data_seed)
        torch.manual_seed(self.config.seed)  # right before the model, as the plain script does
        self.model = build_model(spec, self.table)
        self.loss_fn = loss_function(self.table.task)
        self.problem = network_problem(spec, self.table)
        self.info = optimizer_info(self.config.optimizer)
        self._params = list(self.model.parameters())
        self.optimizer = self.info.cls(self._params, **optimizer_kwargs(self.info, self.config))
        if self.info.train_mode:  # Schedule-Free steps its train-mode point
            self.optimizer.train()  # type: ignore[attr-defined]
        self.scheduler: Any = None
        self._scheduler_takes_loss = False
        if self.config.scheduler:
            sched = scheduler_info(self.config.scheduler)
            self.scheduler = sched.cls(self.optimizer, **scheduler_kwargs(sched, self.config))
            self._scheduler_takes_loss = sched.takes_loss
        self.loader: DataLoader | None = None
        self._batches: Iterator[list[torch.Tensor]] | None = None
        self._loader_rng: torch.Tensor | None = None
        steps_per_epoch = 1
        if self.config.batch_size is not None:
            # the index column only says which points a batch holds: the sampler draws by the
            # data's length alone, so x and y batch as a plain TensorDataset(x, y) does
            index = torch.arange(len(self.split.train_x))
            self.loader = DataLoader(
                TensorDataset(self.split.train_x, self.split.train_y, index),
                batch_size=self.config.batch_size,
                shuffle=self.config.shuffle,
                generator=torch.Generator().manual_seed(self.config.seed),
            )
            steps_per_epoch = len(self.loader)
        #: The indices (into the training points) of the last step's batch; None: all.
        self.batch: np.ndarray | None = None
        start = self.flat_params().numpy()
        self.path = ParamPath(len(start), path_cap_bytes)
        self.path.append(start)
        #: Each step's flat gradient (row 0, the start, is zeros), for re-projecting.
        self.grad_path = ParamPath(len(start), path_cap_bytes)
        self.grad_path.append(np.zeros_like(start))
        self._projector: Projector = axes_projector(start)
        self.plane: PlaneLike | None = None
        self._compact = compact_history
        self.history = History((0.0, 0.0), steps_per_epoch=steps_per_epoch, compact=compact_history)
        self.metrics = EpochMetrics()
        self.status = READY
        self.diverged_at: int | None = None
        self.divergence_reason = ""
        self.current_loss: torch.Tensor | None = None
        self.current_predictions: torch.Tensor | None = None
        self._pending: Iterator[str] | None = None
        self._phase = ""
        self._snapshot_every = max(1, int(snapshot_every))
        self._snapshots: list[_Snapshot] = []
        self._take_snapshot(pinned=True)

    # -- the parameters ------------------------------------------------------------------------
    def flat_params(self) -> torch.Tensor:
        """``(P,)``: every parameter in ``model.parameters()`` order, detached."""
        return parameters_to_vector(self._params).detach()

    def flat_grad(self) -> torch.Tensor:
        """``(P,)``: every parameter's ``.grad`` (zeros where none), dense, detached."""
        parts = []
        for p in self._params:
            grad = p.grad
            if grad is None:
                parts.append(torch.zeros(p.numel()))
            else:
                parts.append((grad.to_dense() if grad.is_sparse else grad).detach().reshape(-1))
        return torch.cat(parts)

    @property
    def leaf(self) -> torch.Tensor:
        """The flat parameters (a copy: the network's tensors are its layers')."""
        return self.flat_params()

    @property
    def projector(self) -> Projector:
        """Projects flat parameters and vectors onto the current plane (replaced by set_plane)."""
        return self._projector

    def params(self) -> np.ndarray:
        """The current coordinates on the plane."""
        return self._projector.points(self.path.latest()[None, :])[0]

    def grad(self) -> np.ndarray | None:
        if all(p.grad is None for p in self._params):
            return None
        return self._projector.vectors(self.flat_grad().numpy()[None, :])[0]

    def state_arrays(self) -> dict[str, np.ndarray]:
        """Nothing: a network's optimizer state is per layer, not two numbers."""
        return {}

    def layer_grad_norms(self) -> dict[str, float]:
        """The 2-norm of each named parameter's gradient (0 before any backward)."""
        out: dict[str, float] = {}
        for name, p in self.model.named_parameters():
            grad = p.grad
            out[name] = 0.0 if grad is None else float(torch.linalg.vector_norm(grad.detach()))
        return out

    @property
    def accuracy(self) -> Accuracy:
        """Per epoch, on the training and held-out points (NaN for regression)."""
        return self.metrics.accuracy

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    @property
    def epoch(self) -> int:
        return self.history.epochs_done

    @property
    def steps(self) -> int:
        return len(self.history)

    @property
    def steps_per_epoch(self) -> int:
        return self.history.steps_per_epoch

    @property
    def phase(self) -> str:
        return self._phase

    @property
    def done(self) -> bool:
        return self.status in (FINISHED, DIVERGED)

    # -- the plane -----------------------------------------------------------------------------
    def set_plane(self, plane: PlaneLike) -> None:
        """Show the path on ``plane``: every history row's params and grad are re-projected
        from :attr:`path` (rows a thinned path dropped are interpolated)."""
        self._projector = plane_projector(plane)
        self.plane = plane
        old = self.history
        coords = self.path.fill(self._projector.points(self.path.rows()))
        grads = self.grad_path.fill(self._projector.vectors(self.grad_path.rows()))
        history = History(coords[0], steps_per_epoch=old.steps_per_epoch, compact=self._compact)
        loss, lr, epoch_loss = old.loss, old.lr, old.epoch_loss
        per_epoch = old.steps_per_epoch
        for i in range(len(old)):
            step = history.append(float(loss[i]), coords[i + 1], grads[i + 1], float(lr[i]), {})
            if per_epoch > 1 and step % per_epoch == 0:
                history.end_epoch(float(epoch_loss[step // per_epoch - 1]))
        self.history = history

    # -- stepping ------------------------------------------------------------------------------
    def _next_batch(self) -> list[torch.Tensor]:
        assert self.loader is not None
        if self._batches is None or len(self.history) % self.history.steps_per_epoch == 0:
            generator = self.loader.generator
            assert generator is not None
            self._loader_rng = generator.get_state()
            self._batches = iter(self.loader)
        return next(self._batches)

    def phases(self) -> Iterator[str]:
        """One step, yielding the name of each phase once it is done."""
        if self.loader is None:
            x, y = self.split.train_x, self.split.train_y
            self.batch = None
        else:
            x, y, index = self._next_batch()
            self.batch = index.numpy()
        predictions = self.model(x)
        loss = self.loss_fn(predictions, y)
        self.current_loss, self.current_predictions = loss, predictions
        loss_value = loss.item()
        if not isfinite(loss_value):
            self._diverge(f"the loss is {loss_value}")
            return
        yield "forward"
        optimizer, config = self.optimizer, self.config
        if config.zero_grad:
            optimizer.zero_grad()
        yield "zero_grad"
        if self.info.create_graph:  # AdaHessian, SophiaH: the step differentiates the gradient
            backward_keeping_graph(loss)
        else:
            loss.backward()
        yield "backward"
        if config.clip_grad_norm is not None or config.clip_grad_value is not None:
            self._clip()
            yield CLIP_PHASE
        grad = self.flat_grad()  # what the step uses (accumulated without zero_grad)
        lr = optimizer.param_groups[0]["lr"]
        if not -FLOAT32_MAX <= lr <= FLOAT32_MAX:
            self._diverge(f"the lr ({lr:g}) overflows float32")
            return
        try:
            if self.info.uses_closure:
                optimizer.step(self._closure(loss, x, y))  # type: ignore[arg-type]
            else:
                optimizer.step()
        except Exception as err:
            if self.info.origin:  # code outside torch.optim raised: the run stops
                self._restore_params(self.path.latest())
                self._diverge(step_error_reason(err, self.info))
                return
            if not isinstance(err, RuntimeError) or "overflow" not in str(err):
                raise
            self._restore_params(self.path.latest())
            self._diverge(f"the step at lr {lr:g} overflows float32 ({err})")
            return
        after = self.flat_params()
        if not bool(torch.isfinite(after).all()):
            self._restore_params(self.path.latest())
            self._diverge("the parameters are no longer finite")
            return
        self._record(loss_value, after.numpy(), grad.numpy(), lr)
        yield "step"

    def _record(self, loss_value: float, after: np.ndarray, grad: np.ndarray, lr: float) -> None:
        """Append the step to the path and the history; end the epoch when due."""
        self.path.append(after)
        self.grad_path.append(grad)
        history = self.history
        coords = self._projector.points(after[None, :])[0]
        grad_coords = self._projector.vectors(grad[None, :])[0]
        step = history.append(loss_value, coords, grad_coords, lr, {})
        per_epoch = history.steps_per_epoch
        if step % per_epoch:
            return
        if per_epoch == 1:
            self._end_epoch(loss_value)
        else:
            self._finish_batches()
            losses = history.loss_between(step - per_epoch, step).tolist()
            self._end_epoch(sum(losses) / len(losses))
        epoch = step // per_epoch
        if epoch % self._snapshot_every == 0:
            self._take_snapshot()
        if epoch >= self.config.epochs:
            self.status = FINISHED

    def _finish_batches(self) -> None:
        """Drain the epoch's iterator as a ``for`` loop does: the sampler draws once more
        from the generator before it stops, and the next epoch depends on that draw."""
        if self._batches is not None:
            for _ in self._batches:
                raise RuntimeError("the DataLoader gave more batches than it said it has")
            self._batches = None

    def _end_epoch(self, loss: float) -> None:
        scheduler = self.scheduler
        if scheduler is not None:
            if self._scheduler_takes_loss:
                scheduler.step(loss)
            else:
                scheduler.step()
        self.history.end_epoch(loss)
        self.metrics.record(self.model, self.loss_fn, self.split, self.table.task)

    def _clip(self) -> None:
        config = self.config
        if config.clip_grad_norm is not None:
            torch.nn.utils.clip_grad_norm_(self._params, config.clip_grad_norm)
        elif config.clip_grad_value is not None:
            torch.nn.utils.clip_grad_value_(self._params, config.clip_grad_value)

    def _closure(
        self, first_loss: torch.Tensor, x: torch.Tensor, y: torch.Tensor
    ) -> Callable[[], torch.Tensor]:
        """LBFGS's closure: its first call reuses the step's loss, already back-propagated;
        later calls evaluate the same batch again, as the plain script's closure does."""
        calls = [0]
        before = self.flat_params().clone()

        def closure() -> torch.Tensor:
            calls[0] += 1
            if calls[0] == 1 and torch.equal(self.flat_params(), before):
                return first_loss
            if self.config.zero_grad:
                self.optimizer.zero_grad()
            loss = self.loss_fn(self.model(x), y)
            loss.backward()
            if self.config.clip_grad_norm is not None or self.config.clip_grad_value is not None:
                self._clip()
            return loss

        return closure

    def _restore_params(self, values: np.ndarray | torch.Tensor) -> None:
        with torch.no_grad():
            vector_to_parameters(torch.as_tensor(values, dtype=torch.float32), self._params)

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

    def run(self, epochs: int | None = None) -> NetworkRun:
        """Step until finished, diverged, or ``epochs`` more epochs are done."""
        target = self.config.epochs if epochs is None else self.epoch + epochs
        target_steps = target * self.history.steps_per_epoch
        if self._pending is not None and len(self.history) < target_steps:
            self.step()
        while len(self.history) < target_steps and self.status == READY:
            for _ in self.phases():
                pass
        return self

    def __iter__(self) -> Iterator[int]:
        """Yield each epoch number as it completes."""
        while not self.done:
            self.step()
            history = self.history
            if len(history) % history.steps_per_epoch:
                continue
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
        checked = validate(trial)
        new_value = checked.lr if key == "lr" else checked.hyper[key]
        self.config = checked
        for group in self.optimizer.param_groups:
            group[key] = new_value
            if key == "lr" and self.scheduler is not None and "initial_lr" in group:
                group["initial_lr"] = new_value
        if key == "lr" and self.scheduler is not None and hasattr(self.scheduler, "base_lrs"):
            self.scheduler.base_lrs = [new_value for _ in self.scheduler.base_lrs]
        if self._snapshots and self._snapshots[-1].step == len(self.history):
            self._snapshots.pop()
        self._take_snapshot(pinned=True)

    def set_epochs(self, epochs: int) -> None:
        self.config = validate(self.config.copy(epochs=epochs))
        if self.status == FINISHED and self.epoch < epochs:
            self.status = READY
        elif self.status == READY and self.epoch >= epochs:
            self.status = FINISHED

    # -- snapshots and seeking -----------------------------------------------------------------
    def _take_snapshot(self, pinned: bool = False) -> None:
        step = len(self.history)
        loader_rng = None
        if self.loader is not None:
            generator = self.loader.generator
            assert generator is not None
            at_boundary = step % self.history.steps_per_epoch == 0
            loader_rng = generator.get_state() if at_boundary else self._loader_rng
        self._snapshots.append(
            _Snapshot(
                step=step,
                params=self.flat_params().clone(),
                grads=[None if p.grad is None else p.grad.detach().clone() for p in self._params],
                optimizer=copy.deepcopy(self.optimizer.state_dict()),
                scheduler=copy.deepcopy(self.scheduler.state_dict()) if self.scheduler else None,
                hyper={"lr": self.config.lr, **self.config.hyper},
                loader_rng=loader_rng,
                pinned=pinned,
            )
        )
        if sum(not s.pinned for s in self._snapshots) > SNAPSHOT_LIMIT:
            self._snapshot_every *= 2
            per_epoch, every = self.history.steps_per_epoch, self._snapshot_every
            self._snapshots = [
                s for s in self._snapshots if s.pinned or (s.step // per_epoch) % every == 0
            ]

    def _restore_loader(self, snapshot: _Snapshot) -> None:
        """The DataLoader as at the snapshot: its generator as that epoch began, and in the
        middle of an epoch the iterator past the batches already stepped."""
        self._batches = None
        if self.loader is None or snapshot.loader_rng is None:
            return
        generator = self.loader.generator
        assert generator is not None
        generator.set_state(snapshot.loader_rng)
        self._loader_rng = snapshot.loader_rng
        into_epoch = snapshot.step % self.history.steps_per_epoch
        if into_epoch:
            self._batches = iter(self.loader)
            for _ in range(into_epoch):
                next(self._batches)

    def seek(self, step: int) -> None:
        """Go back to the end of ``step`` exactly: the nearest snapshot at or before it is
        restored and the steps after it replayed; later records are forgotten."""
        steps = len(self.history)
        if not 0 <= step <= steps:
            raise ConfigError(("epoch",), f"must be from 0 to {steps}, got {step}")
        self._pending = None
        self._phase = ""
        snapshot = max((s for s in self._snapshots if s.step <= step), key=lambda s: s.step)
        self._snapshots = [s for s in self._snapshots if s.step <= snapshot.step]
        self._restore_params(snapshot.params)
        for p, grad in zip(self._params, snapshot.grads, strict=True):
            p.grad = None if grad is None else grad.clone()
        self.optimizer.load_state_dict(copy.deepcopy(snapshot.optimizer))
        if self.scheduler is not None and snapshot.scheduler is not None:
            self.scheduler.load_state_dict(copy.deepcopy(snapshot.scheduler))
        self.config = self.config.copy(
            lr=snapshot.hyper["lr"], hyper={k: v for k, v in snapshot.hyper.items() if k != "lr"}
        )
        self.history.truncate(snapshot.step)
        self.path.truncate(snapshot.step, snapshot.params)
        grad_row = self.grad_path.at(snapshot.step)
        self.grad_path.truncate(
            snapshot.step, self.flat_grad() if grad_row is None else torch.from_numpy(grad_row)
        )
        self.metrics.truncate(snapshot.step // self.history.steps_per_epoch)
        self._restore_loader(snapshot)
        self.status = READY
        self.diverged_at = None
        self.divergence_reason = ""
        self.current_loss = self.current_predictions = None
        for _ in range(step - snapshot.step):
            for _ in self.phases():
                pass
            if self.status == DIVERGED:
                break
        if self.status != DIVERGED:
            self.status = FINISHED if self.epoch >= self.config.epochs else READY
