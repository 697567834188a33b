"""Per-step records of a run, in growing numpy arrays, with its epochs' boundaries and losses.

A full-batch run steps once an epoch, so its steps are its epochs. A mini-batch run steps
``steps_per_epoch`` times an epoch (one step per batch; a DataLoader without ``drop_last``
makes the same number of batches every epoch), so epoch ``e`` ends at step
``e * steps_per_epoch``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

_INITIAL_CAPACITY = 1024
_QUEUE_LIMIT = 256  # queued rows written at once: bounds the queue, amortises the write


@dataclass
class EpochRecord:
    """What one step produced: the loss before the step, and the rest after it.

    ``epoch`` is the step's number (for a full-batch run, its epoch's).
    """

    epoch: int
    loss: float
    params: np.ndarray  # (2,) after the step
    grad: np.ndarray  # (2,) at the point where the loss was computed
    lr: float  # the learning rate the step used
    state: dict[str, np.ndarray] = field(default_factory=dict)
    #: The whole data's gradient at the step's point (mini-batches, added noise), else NaN.
    full_grad: np.ndarray | None = None


class History:
    """Growing arrays of every epoch's loss, parameters, gradient, lr and optimizer state.

    Row ``i`` is step ``i + 1``. ``start`` holds the parameters before the first step, so
    :meth:`trajectory` is ``start`` followed by every step's parameters. A stochastic run also
    records the whole data's gradient at each step's point (``full_grad``), and, with several
    steps an epoch, each epoch's loss: the mean of its batch losses (``epoch_loss``). State
    entries are what ``optimizer.state`` keeps (``momentum_buffer``, ``exp_avg``,
    ``step``...): tensors of the parameters' size become ``(n, 2)`` columns, scalars
    ``(n, 1)``; a key that first appears after some steps is NaN before it.

    :meth:`append` only queues a row of numbers (it runs once per epoch, where time counts);
    queued rows are written into the arrays in one go when anything reads or edits the history,
    or once :data:`_QUEUE_LIMIT` are waiting.
    """

    def __init__(
        self,
        start: np.ndarray | tuple[float, float],
        capacity: int = _INITIAL_CAPACITY,
        steps_per_epoch: int = 1,
    ):
        self.start = np.asarray(start, dtype=np.float64).reshape(2).copy()
        self.steps_per_epoch = max(1, int(steps_per_epoch))
        self._n = 0  # rows recorded, queued ones included
        self._written = 0  # rows already in the arrays
        self._queue: list[float] = []  # loss, p0, p1, lr of each queued row, flat
        self._queued_grads: list = []  # each row's gradient, as given
        self._queued_state: list[tuple[int, dict[str, np.ndarray]]] = []  # (row, copies)
        self._queued_full: list[tuple[int, np.ndarray]] = []  # (row, whole data's gradient)
        self._capacity = max(int(capacity), 16)
        self._loss = np.empty(self._capacity)
        self._params = np.empty((self._capacity, 2))
        self._grad = np.empty((self._capacity, 2))
        self._lr = np.empty(self._capacity)
        self._state: dict[str, np.ndarray] = {}
        self._full: np.ndarray | None = None  # (capacity, 2) once a row has one, NaN elsewhere
        self._epoch_loss = np.empty(16)  # several steps an epoch only
        self._epochs = 0

    def __len__(self) -> int:
        return self._n

    # -- writing -------------------------------------------------------------------------------
    def _grow(self, rows: int) -> None:
        """Make room for at least ``rows`` rows."""
        capacity = self._capacity
        while capacity < rows:
            capacity *= 2
        if capacity == self._capacity:
            return
        self._capacity = capacity
        n = self._written
        for name in ("_loss", "_params", "_grad", "_lr"):
            old = getattr(self, name)
            new = np.empty((capacity, *old.shape[1:]))
            new[:n] = old[:n]
            setattr(self, name, new)
        for key, old in self._state.items():
            new = np.full((capacity, old.shape[1]), np.nan)
            new[:n] = old[:n]
            self._state[key] = new
        if self._full is not None:
            full = np.full((capacity, 2), np.nan)
            full[:n] = self._full[:n]
            self._full = full

    def _set_state(self, row: int, state: dict[str, np.ndarray]) -> None:
        arrays = self._state
        for key, value in state.items():
            column = arrays.get(key)
            if column is None:
                column = arrays[key] = np.full((self._capacity, np.size(value)), np.nan)
            column[row] = value

    def _full_column(self) -> np.ndarray:
        if self._full is None:
            self._full = np.full((self._capacity, 2), np.nan)
        return self._full

    def _flush(self) -> None:
        """Write the queued rows into the arrays."""
        queue = self._queue
        if not queue:
            return
        begin, end = self._written, self._n
        self._grow(end)
        block = np.array(queue, dtype=np.float64).reshape(-1, 4)
        self._loss[begin:end] = block[:, 0]
        self._params[begin:end] = block[:, 1:3]
        self._lr[begin:end] = block[:, 3]
        grads = self._queued_grads
        if all(isinstance(g, torch.Tensor) for g in grads):
            # detached: after backward(create_graph=True) a gradient has a graph of its own
            self._grad[begin:end] = torch.stack(grads).reshape(-1, 2).detach().numpy()
        else:
            self._grad[begin:end] = [np.asarray(g, dtype=np.float64).reshape(2) for g in grads]
        for row, state in self._queued_state:
            self._set_state(row, state)
        for row, full in self._queued_full:
            self._full_column()[row] = full
        self._queue = []
        self._queued_grads = []
        self._queued_state = []
        self._queued_full = []
        self._written = end

    def append(
        self,
        loss: float,
        params: Sequence[float] | np.ndarray,
        grad: Sequence[float] | np.ndarray | torch.Tensor,
        lr: float,
        state: dict[str, np.ndarray],
        full_grad: np.ndarray | None = None,
    ) -> int:
        """Record one step; returns the number of steps recorded.

        ``params`` is two numbers, copied now (a live view may be passed), and so is
        ``state``. ``grad`` is two numbers or a tensor of two that nothing writes into until the
        history is next read: Run passes ``params.grad``, which ``zero_grad()`` replaces rather
        than overwrites.
        """
        n = self._n
        self._queue.extend((loss, *params, lr))
        self._queued_grads.append(grad)
        if state:
            copies = {k: np.array(v, dtype=np.float64).reshape(-1) for k, v in state.items()}
            self._queued_state.append((n, copies))
        if full_grad is not None:
            self._queued_full.append((n, np.asarray(full_grad, dtype=np.float64).reshape(2)))
        self._n = n = n + 1
        if n - self._written >= _QUEUE_LIMIT:
            self._flush()
        return n

    def end_epoch(self, loss: float) -> int:
        """Record the loss of the epoch the last step ended (several steps an epoch only);
        returns the number of epochs recorded."""
        if self.steps_per_epoch == 1:
            return self._n
        if self._epochs >= len(self._epoch_loss):
            grown = np.empty(2 * len(self._epoch_loss))
            grown[: self._epochs] = self._epoch_loss[: self._epochs]
            self._epoch_loss = grown
        self._epoch_loss[self._epochs] = loss
        self._epochs += 1
        return self._epochs

    def extend(self, other: History | HistoryChunk) -> None:
        """Append every row of a chunk (as published by a worker) or another history."""
        chunk = other if isinstance(other, HistoryChunk) else other.chunk(0)
        self._flush()
        self.steps_per_epoch = chunk.steps_per_epoch
        for loss in chunk.epoch_loss:
            self.end_epoch(float(loss))
        begin = self._n
        end = begin + len(chunk.loss)
        self._grow(end)
        self._loss[begin:end] = chunk.loss
        self._params[begin:end] = chunk.params
        self._grad[begin:end] = chunk.grad
        self._lr[begin:end] = chunk.lr
        for key, values in chunk.state.items():
            column = self._state.get(key)
            if column is None:
                column = self._state[key] = np.full((self._capacity, values.shape[1]), np.nan)
            column[begin:end] = values
        if chunk.full_grad is not None:
            self._full_column()[begin:end] = chunk.full_grad
        self._n = self._written = end

    def truncate(self, steps: int) -> None:
        """Forget every step after ``steps`` (for resuming from a scrubbed step), and every
        epoch that ended after it."""
        self._flush()
        self._n = self._written = max(0, min(int(steps), self._n))
        self._epochs = min(self._epochs, self._n // self.steps_per_epoch)
        for column in self._state.values():
            column[self._n :] = np.nan
        if self._full is not None:
            self._full[self._n :] = np.nan

    # -- reading (views: copy before keeping them) ---------------------------------------------
    @property
    def loss(self) -> np.ndarray:
        self._flush()
        return self._loss[: self._n]

    @property
    def params(self) -> np.ndarray:
        self._flush()
        return self._params[: self._n]

    @property
    def grad(self) -> np.ndarray:
        self._flush()
        return self._grad[: self._n]

    @property
    def lr(self) -> np.ndarray:
        self._flush()
        return self._lr[: self._n]

    @property
    def epochs(self) -> np.ndarray:
        """Each step's place in epochs: 1, 2, 3... for a full-batch run; 0.25, 0.5, 0.75, 1,
        1.25... for four steps an epoch."""
        if self.steps_per_epoch == 1:
            return np.arange(1, self._n + 1)
        return np.arange(1, self._n + 1) / self.steps_per_epoch

    @property
    def step_epoch(self) -> np.ndarray:
        """The epoch each step belongs to (1-based)."""
        return (np.arange(self._n) // self.steps_per_epoch) + 1

    @property
    def epochs_done(self) -> int:
        """Epochs completed (a mini-batch run may be in the middle of one)."""
        return self._n // self.steps_per_epoch

    @property
    def epoch_loss(self) -> np.ndarray:
        """Each completed epoch's loss: the step's loss for a full-batch run, else the mean
        of the epoch's batch losses (each taken before its step)."""
        if self.steps_per_epoch == 1:
            return self.loss
        return self._epoch_loss[: self._epochs]

    @property
    def full_grad(self) -> np.ndarray | None:
        """``(n, 2)``: the whole data's gradient at each step's point, or None if not kept."""
        self._flush()
        return None if self._full is None else self._full[: self._n]

    @property
    def state(self) -> dict[str, np.ndarray]:
        self._flush()
        return {k: v[: self._n] for k, v in self._state.items()}

    def trajectory(self) -> np.ndarray:
        """``(n + 1, 2)``: the start, then the parameters after each epoch."""
        return np.vstack([self.start[None, :], self.params])

    def params_at(self, epoch: int) -> np.ndarray:
        """Parameters after ``epoch`` epochs (0 is the start)."""
        if epoch <= 0:
            return self.start.copy()
        self._flush()
        return self._params[min(epoch, self._n) - 1].copy()

    def record(self, epoch: int) -> EpochRecord:
        self._flush()
        i = epoch - 1
        return EpochRecord(
            epoch=epoch,
            loss=float(self._loss[i]),
            params=self._params[i].copy(),
            grad=self._grad[i].copy(),
            lr=float(self._lr[i]),
            state={k: v[i].copy() for k, v in self._state.items() if not np.isnan(v[i]).all()},
            full_grad=None if self._full is None else self._full[i].copy(),
        )

    def chunk(self, begin: int) -> HistoryChunk:
        """Copies of the rows from index ``begin`` on: what a worker publishes."""
        self._flush()
        return HistoryChunk(
            begin=begin,
            loss=self._loss[begin : self._n].copy(),
            params=self._params[begin : self._n].copy(),
            grad=self._grad[begin : self._n].copy(),
            lr=self._lr[begin : self._n].copy(),
            state={k: v[begin : self._n].copy() for k, v in self._state.items()},
            steps_per_epoch=self.steps_per_epoch,
            epoch_loss=self.epoch_loss_after(begin).copy(),
            full_grad=None if self._full is None else self._full[begin : self._n].copy(),
        )

    def epoch_loss_after(self, step: int) -> np.ndarray:
        """The losses of the epochs that ended after ``step`` (several steps an epoch only)."""
        if self.steps_per_epoch == 1:
            return np.empty(0)
        return self._epoch_loss[step // self.steps_per_epoch : self._epochs]


@dataclass
class HistoryChunk:
    """Rows ``begin .. begin + len(loss)`` of a history, as plain arrays (picklable)."""

    begin: int
    loss: np.ndarray
    params: np.ndarray
    grad: np.ndarray
    lr: np.ndarray
    state: dict[str, np.ndarray]
    steps_per_epoch: int = 1
    #: The losses of the epochs that ended within these rows (several steps an epoch only).
    epoch_loss: np.ndarray = field(default_factory=lambda: np.empty(0))
    full_grad: np.ndarray | None = None
