"""Run labels: three significant digits, more only where runs would read alike."""

from __future__ import annotations

import numpy as np

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.labels import distinct_labels
from optiviz.engine.worker.session_state import run_label


def test_run_label_has_three_significant_digits() -> None:
    assert run_label(RunConfig(lr=0.0372759)) == "SGD lr=0.0373"
    config = RunConfig(lr=0.01, hyper={"momentum": 0.912345})
    assert run_label(config) == "SGD lr=0.01 momentum=0.912"


def test_distinct_labels_add_digits_only_where_runs_collide() -> None:
    configs = [RunConfig(lr=0.0372759), RunConfig(lr=0.0372761), RunConfig(lr=0.5)]
    labels = distinct_labels(configs)
    assert labels[2] == "SGD lr=0.5"
    assert labels[0] == "SGD lr=0.0372759" and labels[1] == "SGD lr=0.0372761"


def test_an_lr_fan_of_fifty_has_fifty_labels() -> None:
    configs = [RunConfig(lr=float(lr)) for lr in np.geomspace(0.01, 0.011, 50)]
    labels = distinct_labels(configs)
    assert len(set(labels)) == 50
    assert all(len(label) <= len("SGD lr=0.0100000") for label in labels)


def test_equal_runs_keep_equal_labels() -> None:
    assert distinct_labels([RunConfig(), RunConfig()]) == ["SGD lr=0.01", "SGD lr=0.01"]
