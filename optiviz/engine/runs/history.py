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

from optiviz.engine.runs.columns import Column, RunLengthColumn, grown

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

    A ``compact`` history (the worker's runs, the window's mirror) stores float32 values as
    float32 and the lr run-length encoded (see :mod:`optiviz.engine.runs.columns`): it reads
    back the same float64 values, as copies, so whole-column reads cost a conversion; read
    single rows with :meth:`record`, :meth:`params_at` or :meth:`loss_between`.
    """

    def __init__(
        self,
        start: np.ndarray | tuple[float, float],
        capacity: int = _INITIAL_CAPACITY,
        steps_per_epoch: int = 1,
        compact: bool = False,
    ):
        self.start = np.asarray(start, dtype=np.float64).reshape(2).copy()
        self.steps_per_epoch = max(1, int(steps_per_epoch))
        self.compact = compact
        self._n = 0  # rows recorded, queued ones included
        self._written = 0  # rows already in the arrays
        self._queue: list[float] = []  # loss, p0, p1, lr of each queued row, flat
        self._queued_grads: list = []  # each row's gradient, as given
        self._queued_state: list[tuple[int, dict[str, np.ndarray]]] = []  # (row, copies)
        self._queued_full: list[tuple[int, np.ndarray]] = []  # (row, whole data's gradient)
        self._capacity = max(int(capacity), 16)
        self._loss = Column(1, self._capacity, compact)
        self._params = Column(2, self._capacity, compact)
        self._grad = Column(2, self._capacity, compact)
        self._lr: Column | RunLengthColumn = (
            RunLengthColumn() if compact else Column(1, self._capacity)
        )
        self._state: dict[str, Column] = {}
        self._full: Column | None = None  # once a row has one, NaN elsewhere
        self._epoch_loss = Column(1, 16, compact)  # several steps an epoch only
        self._epochs = 0

    def __len__(self) -> int:
        return self._n

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (capacity included)."""
        columns: list[Column | RunLengthColumn] = [
            self._loss,
            self._params,
            self._grad,
            self._lr,
            self._epoch_loss,
            *self._state.values(),
        ]
        if self._full is not None:
            columns.append(self._full)
        return sum(c.nbytes for c in columns)

    # -- writing -------------------------------------------------------------------------------
    def _columns(self) -> list[Column]:
        columns = [self._loss, self._params, self._grad, *self._state.values()]
        if isinstance(self._lr, Column):
            columns.append(self._lr)
        if self._full is not None:
            columns.append(self._full)
        return columns

    def _grow(self, rows: int) -> None:
        """Make room for at least ``rows`` rows."""
        capacity = grown(self._capacity, rows)
        if capacity == self._capacity:
            return
        self._capacity = capacity
        for column in self._columns():
            column.grow(capacity, self._written)

    def _write_lr(self, begin: int, values: np.ndarray) -> None:
        lr = self._lr
        lr.write(begin, values)
        end = begin + len(values)
        # a scheduler changes the lr every epoch: then one float a row is the smaller
        if isinstance(lr, RunLengthColumn) and end > 4096 and lr.runs > end // 2:
            dense = Column(1, self._capacity, self.compact)
            dense.write(0, lr.read(0, end))
            self._lr = dense

    def _state_column(self, key: str, width: int) -> Column:
        column = self._state.get(key)
        if column is None:
            column = self._state[key] = Column(width, self._capacity, self.compact, np.nan)
        return column

    def _full_column(self) -> Column:
        if self._full is None:
            self._full = Column(2, self._capacity, self.compact, np.nan)
        return self._full

    def _flush(self) -> None:
        """Write the queued rows into the arrays."""
        queue = self._queue
        if not queue:
            return
        begin, end = self._written, self._n
        self._grow(end)
        block = np.array(queue, dtype=np.float64).reshape(-1, 4)
        self._loss.write(begin, block[:, 0])
        self._params.write(begin, block[:, 1:3])
        self._write_lr(begin, block[:, 3])
        grads = self._queued_grads
        if all(isinstance(g, torch.Tensor) for g in grads):
            # detached: after backward(create_graph=True) a gradient has a graph of its own
            grad = torch.stack(grads).reshape(-1, 2).detach().numpy()
        else:
            grad = np.array([np.asarray(g, dtype=np.float64).reshape(2) for g in grads])
        self._grad.write(begin, grad)
        by_key: dict[str, tuple[list[int], list[np.ndarray]]] = {}
        for row, state in self._queued_state:
            for key, value in state.items():
                rows, values = by_key.setdefault(key, ([], []))
                rows.append(row)
                values.append(value)
        for key, (rows, values) in by_key.items():
            self._state_column(key, np.size(values[0])).write_at(rows, np.array(values))
        if self._queued_full:
            rows = [row for row, _ in self._queued_full]
            full = np.array([value for _, value in self._queued_full])
            self._full_column().write_at(rows, full)
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
        column = self._epoch_loss
        if self._epochs >= column.capacity:
            column.grow(grown(column.capacity, self._epochs + 1), self._epochs)
        column.write_row(self._epochs, np.array([loss]))
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
        self._loss.write(begin, chunk.loss)
        self._params.write(begin, chunk.params)
        self._grad.write(begin, chunk.grad)
        self._write_lr(begin, chunk.lr)
        for key, values in chunk.state.items():
            self._state_column(key, values.shape[1]).write(begin, values)
        if chunk.full_grad is not None:
            self._full_column().write(begin, chunk.full_grad)
        self._n = self._written = end

    def truncate(self, steps: int) -> None:
        """Forget every step after ``steps`` (for resuming from a scrubbed step), and every
        epoch that ended after it."""
        self._flush()
        self._n = self._written = max(0, min(int(steps), self._n))
        self._epochs = min(self._epochs, self._n // self.steps_per_epoch)
        for column in self._state.values():
            column.clear_from(self._n)
        if self._full is not None:
            self._full.clear_from(self._n)
        if isinstance(self._lr, RunLengthColumn):
            self._lr.clear_from(self._n)

    # -- reading (views or copies: copy before keeping them) -----------------------------------
    @property
    def loss(self) -> np.ndarray:
        self._flush()
        return self._loss.read(0, self._n)[:, 0]

    @property
    def loss_stored(self) -> np.ndarray:
        """The losses as stored: float32 in a compact history, the same numbers as
        :attr:`loss` in half the bytes (what a pane keeps for a million epochs)."""
        self._flush()
        return self._loss.stored(0, self._n)[:, 0]

    def loss_between(self, begin: int, end: int) -> np.ndarray:
        """The losses of rows ``begin .. end`` (cheap on a compact history, unlike ``loss``)."""
        self._flush()
        return self._loss.read(begin, min(end, self._n))[:, 0]

    @property
    def params(self) -> np.ndarray:
        self._flush()
        return self._params.read(0, self._n)

    def params_between(self, begin: int, end: int) -> np.ndarray:
        """The parameters of rows ``begin .. end`` (cheap on a compact history, unlike
        ``params``, which converts every row)."""
        self._flush()
        return self._params.read(begin, min(end, self._n))

    @property
    def grad(self) -> np.ndarray:
        self._flush()
        return self._grad.read(0, self._n)

    @property
    def lr(self) -> np.ndarray:
        self._flush()
        return self._lr.read(0, self._n)[:, 0]

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
        return self._epoch_loss.read(0, self._epochs)[:, 0]

    @property
    def full_grad(self) -> np.ndarray | None:
        """``(n, 2)``: the whole data's gradient at each step's point, or None if not kept."""
        self._flush()
        return None if self._full is None else self._full.read(0, self._n)

    @property
    def state(self) -> dict[str, np.ndarray]:
        self._flush()
        return {k: v.read(0, self._n) for k, v in self._state.items()}

    def trajectory(self) -> np.ndarray:
        """``(n + 1, 2)``: the start, then the parameters after each epoch."""
        return np.vstack([self.start[None, :], self.params])

    def params_at(self, epoch: int) -> np.ndarray:
        """Parameters after ``epoch`` epochs (0 is the start)."""
        if epoch <= 0:
            return self.start.copy()
        self._flush()
        return self._params.row(min(epoch, self._n) - 1)

    def record(self, epoch: int) -> EpochRecord:
        self._flush()
        i = epoch - 1
        state = {k: v.row(i) for k, v in self._state.items()}
        return EpochRecord(
            epoch=epoch,
            loss=float(self._loss.row(i)[0]),
            params=self._params.row(i),
            grad=self._grad.row(i),
            lr=float(self._lr.row(i)[0]),
            state={k: v for k, v in state.items() if not np.isnan(v).all()},
            full_grad=None if self._full is None else self._full.row(i),
        )

    def chunk(self, begin: int) -> HistoryChunk:
        """Copies of the rows from index ``begin`` on: what a worker publishes.

        The values are as stored (float32 in a compact history): they are the same numbers,
        half the bytes to pickle, and the window's compact mirror takes them unchecked (the
        check of every column of fifty runs took 9 ms of a frame).
        """
        self._flush()
        n = self._n
        return HistoryChunk(
            begin=begin,
            loss=self._loss.stored(begin, n)[:, 0],
            params=self._params.stored(begin, n),
            grad=self._grad.stored(begin, n),
            lr=self._lr.read(begin, n)[:, 0].copy(),
            state={k: v.stored(begin, n) for k, v in self._state.items()},
            steps_per_epoch=self.steps_per_epoch,
            epoch_loss=self.epoch_loss_after(begin).copy(),
            full_grad=None if self._full is None else self._full.stored(begin, n),
        )

    def epoch_loss_after(self, step: int) -> np.ndarray:
        """The losses of the epochs that ended after ``step`` (several steps an epoch only)."""
        if self.steps_per_epoch == 1:
            return np.empty(0)
        return self._epoch_loss.read(step // self.steps_per_epoch, self._epochs)[:, 0]


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
