"""What the status bar says of a network run in place of its two parameters: how well it
does on the held-out points (its weights are thousands of numbers, not a (w, b))."""

from __future__ import annotations

import math

import numpy as np

from optiviz.engine.worker.session_state import RunState

#: The columns of a run's metrics rows.
TRAIN_LOSS, TEST_LOSS, TRAIN_ACCURACY, TEST_ACCURACY = range(4)


def _number(value: float) -> str:
    return format(value, ".4g") if math.isfinite(value) else str(value)


def metrics_text(run: RunState, steps: int) -> str:
    """``test accuracy 97.5 %`` after the last epoch completed by ``steps`` steps; a run with
    no held-out points gives its training accuracy, a regression its held-out loss."""
    per_epoch = max(run.history.steps_per_epoch, 1)
    metrics: np.ndarray = run.metrics
    done = min(steps // per_epoch, len(metrics))
    if done == 0:
        return "test accuracy -"
    row = metrics[done - 1]
    if math.isfinite(row[TEST_ACCURACY]):
        return f"test accuracy {100 * row[TEST_ACCURACY]:.1f} %"
    if math.isfinite(row[TRAIN_ACCURACY]):
        return f"train accuracy {100 * row[TRAIN_ACCURACY]:.1f} %"
    if math.isfinite(row[TEST_LOSS]):
        return f"test loss {_number(float(row[TEST_LOSS]))}"
    return f"train loss {_number(float(row[TRAIN_LOSS]))}"
