"""Fifty runs' labels are worked out once per change of the runs, not once a frame."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz.app.model import projection
from optiviz.app.model.runs import RunEntry
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.run import Run
from optiviz.engine.worker.session_state import SessionState
from optiviz.plots import base


def fan() -> list[RunConfig]:
    return [RunConfig(lr=float(lr)) for lr in np.geomspace(1e-3, 0.1, 50)]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    for module in (projection, base):
        real = module.distinct_labels

        def counting(configs, real=real):
            counted.append(len(configs))
            return real(configs)

        monkeypatch.setattr(module, "distinct_labels", counting)
    return counted


def test_the_same_runs_are_named_once(calls: list[int]) -> None:
    configs = fan()
    entries = [RunEntry(c) for c in configs]
    first = projection.labels_for(entries, configs)
    assert projection.labels_for(entries, configs) == first
    assert calls == [50]
    assert first[0] == "SGD lr=0.001" and len(set(first)) == 50


def test_a_new_config_or_name_is_named_again(calls: list[int]) -> None:
    configs = fan()
    entries = [RunEntry(c) for c in configs]
    projection.labels_for(entries, configs)
    edited = [*configs[:-1], configs[-1].copy(lr=0.5)]
    assert projection.labels_for([*entries[:-1], RunEntry(edited[-1])], edited)[-1] == (
        "SGD lr=0.5"
    )
    named = [*entries[:-1], RunEntry(configs[-1], label="fastest")]
    assert projection.labels_for(named, configs)[-1] == "fastest"
    assert len(calls) == 3


def test_every_pane_asking_for_the_legend_names_the_runs_once(calls: list[int]) -> None:
    state = SessionState.from_runs([Run(c) for c in fan()])
    first = base.shown_labels(state)
    for _ in range(4):  # the loss and lr panes, frame after frame
        assert base.shown_labels(state) == first
    assert calls == [50]
    state.runs[7].label = "mine"
    assert base.shown_labels(state)[7] == "mine"
