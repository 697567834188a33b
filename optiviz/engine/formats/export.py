"""History files: one row per step, as CSV with a header or as JSON.

A full-batch run steps once an epoch, so its rows are its epochs (column ``epoch``). A run
with a batch size has one row per batch: ``step`` counts the optimizer's steps and ``epoch``
is the epoch each step belongs to; an optimizer state entry named like one of these columns
(Adam's ``step``) is written as ``state_step``.

Anything with a ``history``, a ``problem``, a ``config`` and a ``status`` can be written: a
:class:`~optiviz.engine.runs.run.Run`, or a window's mirrored run through :func:`mirrored_run`.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from optiviz.engine.formats.files import STDOUT, atomic_open, check_writable

if TYPE_CHECKING:
    from optiviz.engine.problems.library import Problem
    from optiviz.engine.runs.config import RunConfig
    from optiviz.engine.runs.history import History
    from optiviz.engine.worker.session_state import SessionState


class HistorySource(Protocol):
    """What a history file is written from (a Run has all of it)."""

    history: History
    problem: Problem
    config: RunConfig
    status: str


@dataclass(frozen=True)
class MirroredRun:
    history: History
    problem: Problem
    config: RunConfig
    status: str


def mirrored_run(state: SessionState, run_id: int) -> MirroredRun:
    """One run of a session's mirror (the window's), in the shape :func:`write_history` reads.

    The status uses a Run's words: "finished", "diverged", or "ready" (paused or running).
    """
    run = state.run(run_id)
    status = run.status if run.status in ("finished", "diverged") else "ready"
    return MirroredRun(run.history, state.problem, run.config, status)


HISTORY_FORMATS = (".csv", ".json")


def check_history_path(path: str | os.PathLike) -> Path:
    """Refuse an unknown extension or a path that cannot be written, before the run starts.

    ``-`` is standard output, written as CSV.
    """
    return check_writable(path, ("history",), suffixes=HISTORY_FORMATS, stdout_ok=True)


def batched(run: HistorySource) -> bool:
    """True for a run with a batch size: its rows are batches, numbered by step and epoch."""
    return run.config.batch_size is not None


def _counters(run: HistorySource) -> tuple[list[str], list[np.ndarray]]:
    """The leading integer columns: ``epoch``, or ``step`` and ``epoch`` with mini-batches."""
    history = run.history
    if not batched(run):
        return ["epoch"], [np.arange(1, len(history) + 1)[:, None]]
    steps = np.arange(1, len(history) + 1)[:, None]
    return ["step", "epoch"], [steps, history.step_epoch[:, None]]


def history_rows(run: HistorySource) -> tuple[list[str], list[list[float]]]:
    """Column names and rows: epoch (step and epoch with mini-batches), loss, params, gradient,
    lr, then each state entry."""
    history = run.history
    a, b = run.problem.param_names
    counters, blocks = _counters(run)
    columns = [*counters, "loss", a, b, f"grad_{a}", f"grad_{b}", "lr"]
    blocks += [
        history.loss[:, None],
        history.params,
        history.grad,
        history.lr[:, None],
    ]
    for key, values in history.state.items():
        key = f"state_{key}" if key in counters else key
        if values.shape[1] == 2:
            columns += [f"{key}_{a}", f"{key}_{b}"]
        else:
            columns.append(key)
        blocks.append(values)
    table = np.hstack(blocks) if len(history) else np.empty((0, len(columns)))
    return columns, table.tolist()


def history_records(run: HistorySource) -> list[dict]:
    """One JSON object per step (``step`` and ``epoch`` with mini-batches), with params, grad
    and state vectors as lists."""
    history = run.history
    state = history.state
    # each column read once: a compact history converts a whole column on every read
    loss, params, grad, lr = history.loss, history.params, history.grad, history.lr
    records = []
    step_epoch = history.step_epoch
    for i in range(len(history)):
        counters = {"step": i + 1} if batched(run) else {}
        records.append(
            {
                **counters,
                "epoch": int(step_epoch[i]),
                "loss": float(loss[i]),
                "params": params[i].tolist(),
                "grad": grad[i].tolist(),
                "lr": float(lr[i]),
                "state": {
                    k: (v[i].tolist() if v.shape[1] > 1 else float(v[i, 0]))
                    for k, v in state.items()
                    if not np.isnan(v[i]).all()
                },
            }
        )
    return records


def write_history(run: HistorySource, path: str | os.PathLike) -> Path:
    """Write the run's history; the file appears whole or not at all (``-``: CSV on stdout)."""
    target = check_history_path(path)
    with atomic_open(target, newline="", stdout_ok=True) as handle:
        if os.fspath(target) == STDOUT or target.suffix.lower() == ".csv":
            columns, rows = history_rows(run)
            writer = csv.writer(handle)
            writer.writerow(columns)
            ints = 2 if batched(run) else 1
            writer.writerows(
                [[*(int(v) for v in r[:ints]), *(repr(float(v)) for v in r[ints:])] for r in rows]
            )
        else:
            json.dump(
                {
                    "problem": run.problem.name,
                    "optimizer": run.config.optimizer,
                    "param_names": list(run.problem.param_names),
                    "start": run.history.start.tolist(),
                    "status": run.status,
                    "epochs": history_records(run),
                },
                handle,
                allow_nan=True,
            )
    return target
