"""A network run's history file: one row per step, as CSV with a header or as JSON.

The columns are the step counters (``epoch``; ``step`` and ``epoch`` with mini-batches), the
loss of the step and its lr, then the training and held-out accuracy after the step's epoch
(on the epoch's last step, empty before; classification only). A network has no two
parameters to list: the ``a``/``b`` a 2-parameter run writes are coordinates on a plane chosen
afterwards, so they are left out here; ``optiviz landscape`` writes the path projected on its
plane, and ``optiviz run --json`` the final parameters.
"""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path

from optiviz.engine.formats.export import check_history_path
from optiviz.engine.formats.files import STDOUT, atomic_open
from optiviz.engine.networks.data import REGRESSION
from optiviz.engine.networks.models import architecture
from optiviz.engine.networks.network_run import NetworkRun


def network_columns(run: NetworkRun) -> list[str]:
    counters = ["step", "epoch"] if run.config.batch_size is not None else ["epoch"]
    accuracy = [] if run.table.task == REGRESSION else ["train_accuracy", "test_accuracy"]
    return [*counters, "loss", "lr", *accuracy]


def network_rows(run: NetworkRun) -> list[list[float | int | None]]:
    """The rows of :func:`network_columns`; accuracy is None except on an epoch's last step."""
    history = run.history
    per_epoch = history.steps_per_epoch
    loss, lr, step_epoch = history.loss, history.lr, history.step_epoch
    train, test = run.metrics.train_accuracy, run.metrics.test_accuracy
    batched = run.config.batch_size is not None
    classify = run.table.task != REGRESSION
    rows: list[list[float | int | None]] = []
    for i in range(len(history)):
        row: list[float | int | None] = [i + 1, int(step_epoch[i])] if batched else [i + 1]
        row += [float(loss[i]), float(lr[i])]
        if classify:
            epoch = (i + 1) // per_epoch
            at_end = (i + 1) % per_epoch == 0 and epoch <= len(train)
            row += [float(train[epoch - 1]), _finite(test[epoch - 1])] if at_end else [None, None]
        rows.append(row)
    return rows


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def write_network_history(run: NetworkRun, path: str | os.PathLike[str]) -> Path:
    """Write the history to ``FILE.csv`` or ``FILE.json`` whole or not at all (``-``: CSV on
    standard output)."""
    target = check_history_path(path)
    columns, rows = network_columns(run), network_rows(run)
    with atomic_open(target, newline="", stdout_ok=True) as handle:
        if os.fspath(target) == STDOUT or target.suffix.lower() == ".csv":
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(
                    ["" if v is None else v if isinstance(v, int) else repr(v) for v in row]
                )
        else:
            json.dump(
                {
                    "problem": run.problem.name,
                    "architecture": architecture(run.spec, run.table),
                    "dataset": run.table.name,
                    "optimizer": run.config.optimizer,
                    "status": run.status,
                    "steps": [dict(zip(columns, row, strict=True)) for row in rows],
                },
                handle,
            )
    return target
