"""Per-epoch records of a run, in growing numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

_INITIAL_CAPACITY = 1024


@dataclass
class EpochRecord:
    """What one epoch produced: the loss before the step, and the rest after it."""

    epoch: int
    loss: float
    params: np.ndarray  # (2,) after the step
    grad: np.ndarray  # (2,) at the point where the loss was computed
    lr: float  # the learning rate the step used
    state: dict[str, np.ndarray] = field(default_factory=dict)


class History:
    """Growing arrays of every epoch's loss, parameters, gradient, lr and optimizer state.

    Row ``i`` is epoch ``i + 1``. ``start`` holds the parameters before the first epoch, so
    :meth:`trajectory` is ``start`` followed by every epoch's parameters. State entries are
    what ``optimizer.state`` keeps (``momentum_buffer``, ``exp_avg``, ``step``...): tensors of
    the parameters' size become ``(n, 2)`` columns, scalars ``(n, 1)``; a key that first appears
    after some epochs is NaN before it.
    """

    def __init__(self, start: np.ndarray | tuple[float, float], capacity: int = _INITIAL_CAPACITY):
        self.start = np.asarray(start, dtype=np.float64).reshape(2).copy()
        self._n = 0
        self._capacity = max(int(capacity), 16)
        self._loss = np.empty(self._capacity)
        self._params = np.empty((self._capacity, 2))
        self._grad = np.empty((self._capacity, 2))
        self._lr = np.empty(self._capacity)
        self._state: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return self._n

    # -- writing -------------------------------------------------------------------------------
    def _grow(self) -> None:
        self._capacity *= 2
        for name in ("_loss", "_params", "_grad", "_lr"):
            old = getattr(self, name)
            new = np.empty((self._capacity, *old.shape[1:]))
            new[: self._n] = old[: self._n]
            setattr(self, name, new)
        for key, old in self._state.items():
            new = np.full((self._capacity, old.shape[1]), np.nan)
            new[: self._n] = old[: self._n]
            self._state[key] = new

    def append(self, loss: float, params, grad, lr: float, state: dict[str, np.ndarray]) -> None:
        n = self._n
        if n == self._capacity:
            self._grow()
        self._loss[n] = loss
        self._params[n] = params
        self._grad[n] = grad
        self._lr[n] = lr
        arrays = self._state
        for key, value in state.items():
            column = arrays.get(key)
            if column is None:
                column = arrays[key] = np.full((self._capacity, np.size(value)), np.nan)
            column[n] = value
        self._n = n + 1

    def extend(self, other: History | HistoryChunk) -> None:
        """Append every row of a chunk (as published by a worker) or another history."""
        chunk = other if isinstance(other, HistoryChunk) else other.chunk(0)
        for i in range(len(chunk.loss)):
            self.append(
                float(chunk.loss[i]),
                chunk.params[i],
                chunk.grad[i],
                float(chunk.lr[i]),
                {k: v[i] for k, v in chunk.state.items()},
            )

    def truncate(self, epochs: int) -> None:
        """Forget every epoch after ``epochs`` (for resuming from a scrubbed epoch)."""
        self._n = max(0, min(int(epochs), self._n))
        for column in self._state.values():
            column[self._n :] = np.nan

    # -- reading (views: copy before keeping them) ---------------------------------------------
    @property
    def loss(self) -> np.ndarray:
        return self._loss[: self._n]

    @property
    def params(self) -> np.ndarray:
        return self._params[: self._n]

    @property
    def grad(self) -> np.ndarray:
        return self._grad[: self._n]

    @property
    def lr(self) -> np.ndarray:
        return self._lr[: self._n]

    @property
    def epochs(self) -> np.ndarray:
        return np.arange(1, self._n + 1)

    @property
    def state(self) -> dict[str, np.ndarray]:
        return {k: v[: self._n] for k, v in self._state.items()}

    def trajectory(self) -> np.ndarray:
        """``(n + 1, 2)``: the start, then the parameters after each epoch."""
        return np.vstack([self.start[None, :], self.params])

    def params_at(self, epoch: int) -> np.ndarray:
        """Parameters after ``epoch`` epochs (0 is the start)."""
        return self.start.copy() if epoch <= 0 else self._params[min(epoch, self._n) - 1].copy()

    def record(self, epoch: int) -> EpochRecord:
        i = epoch - 1
        return EpochRecord(
            epoch=epoch,
            loss=float(self._loss[i]),
            params=self._params[i].copy(),
            grad=self._grad[i].copy(),
            lr=float(self._lr[i]),
            state={k: v[i].copy() for k, v in self._state.items() if not np.isnan(v[i]).all()},
        )

    def chunk(self, begin: int) -> HistoryChunk:
        """Copies of the rows from index ``begin`` on: what a worker publishes."""
        return HistoryChunk(
            begin=begin,
            loss=self._loss[begin : self._n].copy(),
            params=self._params[begin : self._n].copy(),
            grad=self._grad[begin : self._n].copy(),
            lr=self._lr[begin : self._n].copy(),
            state={k: v[begin : self._n].copy() for k, v in self._state.items()},
        )


@dataclass
class HistoryChunk:
    """Rows ``begin .. begin + len(loss)`` of a history, as plain arrays (picklable)."""

    begin: int
    loss: np.ndarray
    params: np.ndarray
    grad: np.ndarray
    lr: np.ndarray
    state: dict[str, np.ndarray]
