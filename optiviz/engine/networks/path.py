"""A network's path through parameter space: its flat parameters after every step.

Row 0 is the start; row ``s`` the parameters after step ``s``. A long run of a big network
would outgrow memory, so past a cap the path keeps only the steps that are multiples of
``every`` (1, then 2, 4, 8...), always with the latest step, and says so in :attr:`note`.
Coordinates on a plane of a step that was dropped are interpolated linearly between the kept
steps around it (projection is linear, so this equals projecting the interpolated point).
"""

from __future__ import annotations

import numpy as np
import torch

#: The default memory a run's path may take.
DEFAULT_CAP_BYTES = 64 * 1024 * 1024


class ParamPath:
    """Flat float32 parameter vectors by step, growing, thinned past ``cap_bytes``."""

    def __init__(self, size: int, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        self.size = int(size)
        self.cap_bytes = int(cap_bytes)
        #: The most rows kept before thinning (at least 4: the ends and some between).
        self.max_rows = max(4, self.cap_bytes // max(1, 4 * self.size))
        self.every = 1  # kept steps are multiples of this (plus the latest)
        self._rows = np.empty((min(64, self.max_rows), self.size), dtype=np.float32)
        self._steps = np.empty(len(self._rows), dtype=np.int64)
        self._kept = 0
        self._last_step = -1
        self._last = np.zeros(self.size, dtype=np.float32)

    def __len__(self) -> int:
        """Steps recorded, the start included (``steps + 1``)."""
        return self._last_step + 1

    @property
    def nbytes(self) -> int:
        return int(self._rows.nbytes + self._steps.nbytes + self._last.nbytes)

    @property
    def note(self) -> str:
        """ "" while every step is kept, else what was thinned and why."""
        if self.every == 1:
            return ""
        return (
            f"every {self.every}th step of the path is kept (memory cap "
            f"{self.cap_bytes // 2**20} MB); steps between are interpolated"
        )

    def append(self, flat: torch.Tensor | np.ndarray) -> int:
        """Record the parameters after the next step (the first call: the start); returns
        that step's number."""
        values = np.asarray(torch.as_tensor(flat).detach(), dtype=np.float32).reshape(-1)
        if values.shape != (self.size,):
            raise ValueError(f"expected {self.size} parameters, got {values.shape[0]}")
        step = self._last_step + 1
        self._last_step = step
        self._last = values.copy()
        if step % self.every == 0:
            if self._kept == self.max_rows:
                self._thin()
            if step % self.every == 0:
                self._store(step, values)
        return step

    def _store(self, step: int, values: np.ndarray) -> None:
        if self._kept == len(self._rows):
            capacity = min(self.max_rows, 2 * len(self._rows))
            rows = np.empty((capacity, self.size), dtype=np.float32)
            rows[: self._kept] = self._rows[: self._kept]
            steps = np.empty(capacity, dtype=np.int64)
            steps[: self._kept] = self._steps[: self._kept]
            self._rows, self._steps = rows, steps
        self._rows[self._kept] = values
        self._steps[self._kept] = step
        self._kept += 1

    def _thin(self) -> None:
        """Double ``every`` and drop the rows off it."""
        self.every *= 2
        keep = np.flatnonzero(self._steps[: self._kept] % self.every == 0)
        self._rows[: len(keep)] = self._rows[keep]
        self._steps[: len(keep)] = self._steps[keep]
        self._kept = len(keep)

    def truncate(self, steps: int, current: torch.Tensor | np.ndarray) -> None:
        """Forget the steps after ``steps``; ``current`` is the parameters after it (the run
        restores them from a snapshot, which a thinned path may not hold)."""
        steps = max(0, min(int(steps), self._last_step))
        self._kept = int(np.searchsorted(self._steps[: self._kept], steps, side="right"))
        self._last_step = steps
        self._last = np.asarray(torch.as_tensor(current).detach(), np.float32).reshape(-1).copy()

    def steps(self) -> np.ndarray:
        """The steps kept, ascending, the latest included."""
        kept = self._steps[: self._kept]
        if self._kept and kept[-1] == self._last_step:
            return kept.copy()
        return np.append(kept, self._last_step) if self._last_step >= 0 else kept.copy()

    def rows(self) -> np.ndarray:
        """``(len(steps()), size)`` float32: the kept parameters, the latest included."""
        kept = self._rows[: self._kept]
        if self._last_step < 0 or (self._kept and self._steps[self._kept - 1] == self._last_step):
            return kept.copy()
        return np.vstack([kept, self._last[None, :]])

    def latest(self) -> np.ndarray:
        return self._last.copy()

    def at(self, step: int) -> np.ndarray | None:
        """The parameters after ``step`` if kept, else None."""
        if step == self._last_step:
            return self._last.copy()
        i = int(np.searchsorted(self._steps[: self._kept], step))
        if i < self._kept and self._steps[i] == step:
            return self._rows[i].copy()
        return None

    def fill(self, coordinates: np.ndarray) -> np.ndarray:
        """Coordinates of the kept steps (one row each, as :meth:`steps` orders them) spread
        over every step from 0 to the latest, interpolated linearly between kept steps."""
        kept = self.steps().astype(np.float64)
        every_step = np.arange(len(self), dtype=np.float64)
        columns = [np.interp(every_step, kept, coordinates[:, j]) for j in range(2)]
        return np.stack(columns, axis=1)
