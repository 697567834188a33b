"""What ``optiviz run`` prints for a network run: its final lines and its ``--json`` object."""

from __future__ import annotations

import math

from optiviz.engine.networks.data import REGRESSION
from optiviz.engine.networks.models import architecture
from optiviz.engine.networks.network_run import NetworkRun


def network_result(run: NetworkRun) -> dict:
    """The ``--json`` object: as a 2-parameter run's, with ``params`` every parameter flattened
    in ``model.parameters()`` order after the run, ``accuracy`` {train, test} per epoch (null
    for regression or no held-out points) and ``architecture``."""
    history = run.history
    out = {
        "status": run.status if run.done else "finished",
        "epochs": run.epoch,
        "params": run.flat_params().tolist(),
        "loss": history.epoch_loss.tolist(),
        "steps": run.steps,
        "step_loss": history.loss.tolist(),
        "lr": history.lr.tolist(),
        "problem": run.problem.name,
        "architecture": architecture(run.spec, run.table),
        "dataset": run.table.name,
        "accuracy": {
            "train": _nulls(run.metrics.train_accuracy.tolist()),
            "test": _nulls(run.metrics.test_accuracy.tolist()),
        },
        "optimizer": run.config.optimizer,
        "hyperparameters": {"lr": run.config.lr, **run.config.hyper},
        "scheduler": run.config.scheduler,
    }
    if run.diverged_at is not None:
        out["diverged_at"] = run.diverged_at
        out["reason"] = run.divergence_reason
    return out


def _nulls(values: list[float]) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values]


def network_summary(run: NetworkRun) -> str:
    """``finished after 300 epochs: 2-8-8-1 tanh on circles, train accuracy 0.9875, test
    accuracy 0.975`` (regression: the train and test loss)."""
    what = f"{architecture(run.spec, run.table)} on {run.table.name}"
    metrics = run.metrics
    if len(metrics):
        if run.table.task == REGRESSION:
            train, test = metrics.train_loss[-1], metrics.test_loss[-1]
            text = f", train loss {train:.6f}, test loss {test:.6f}"
        else:
            test_acc = metrics.test_accuracy[-1]
            held = "n/a" if math.isnan(test_acc) else f"{test_acc:.4f}"
            text = f", train accuracy {metrics.train_accuracy[-1]:.4f}, test accuracy {held}"
    else:
        text = ""
    if run.status == "diverged":
        return f"diverged at step {run.diverged_at} ({run.divergence_reason}): {what}{text}"
    return f"{run.status} after {run.epoch} epochs: {what}{text}"
