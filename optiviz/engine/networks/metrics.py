"""Per-epoch loss and accuracy of a network on its training and held-out points."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch

from optiviz.engine.networks.data import REGRESSION, Split
from optiviz.engine.networks.models import predicted_labels


class Accuracy(NamedTuple):
    """Fractions of points classified right, one per epoch (NaN: regression, or no points)."""

    train: np.ndarray
    test: np.ndarray


def evaluate(
    model: torch.nn.Module, loss_fn: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, task: str
) -> tuple[float, float]:
    """``(loss, accuracy)`` of the model on ``x, y`` without autograd; NaN for none."""
    if len(x) == 0:
        return math.nan, math.nan
    with torch.no_grad():
        out = model(x)
        loss = float(loss_fn(out, y))
        if task == REGRESSION:
            return loss, math.nan
        truth = y[:, 0].long() if y.dim() == 2 else y
        right = int((predicted_labels(out, task) == truth).sum())
    return loss, right / len(x)


class EpochMetrics:
    """Growing per-epoch arrays: row ``e`` is after epoch ``e + 1``."""

    def __init__(self) -> None:
        self._rows: list[tuple[float, float, float, float]] = []

    def __len__(self) -> int:
        return len(self._rows)

    def record(
        self, model: torch.nn.Module, loss_fn: torch.nn.Module, split: Split, task: str
    ) -> None:
        train_loss, train_acc = evaluate(model, loss_fn, split.train_x, split.train_y, task)
        test_loss, test_acc = evaluate(model, loss_fn, split.test_x, split.test_y, task)
        self._rows.append((train_loss, test_loss, train_acc, test_acc))

    def truncate(self, epochs: int) -> None:
        del self._rows[max(0, epochs) :]

    def rows(self, begin: int = 0) -> np.ndarray:
        """``(k, 4)``: train loss, test loss, train accuracy, test accuracy of each epoch from
        row ``begin`` on."""
        return np.array(self._rows[begin:], dtype=np.float64).reshape(-1, 4)

    def _column(self, i: int) -> np.ndarray:
        return np.array([row[i] for row in self._rows], dtype=np.float64)

    @property
    def train_loss(self) -> np.ndarray:
        """The loss on every training point after each epoch (not the mean of its batches)."""
        return self._column(0)

    @property
    def test_loss(self) -> np.ndarray:
        return self._column(1)

    @property
    def train_accuracy(self) -> np.ndarray:
        return self._column(2)

    @property
    def test_accuracy(self) -> np.ndarray:
        return self._column(3)

    @property
    def accuracy(self) -> Accuracy:
        return Accuracy(self.train_accuracy, self.test_accuracy)
