"""Mini-batches, added gradient noise and clipping in the app model, with no window."""

from __future__ import annotations

import pytest

from optiviz.app.model.runs import needs_reset, shared_changes
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import dumps_scenario, loads_scenario
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.race import batch_fan
from optiviz.engine.worker.commands import Reset
from optiviz.engine.worker.labels import distinct_labels
from optiviz.engine.worker.session_state import run_label
from tests.app.test_app_model import model_of

ROSENBROCK = RunConfig(problem="rosenbrock", epochs=100)

STOCHASTIC_EDITS = [
    {"batch_size": 4},
    {"shuffle": False, "batch_size": 4},
    {"seed": 7},
    {"clip_grad_norm": 1.0},
    {"clip_grad_value": 0.5},
]


@pytest.mark.parametrize("changes", STOCHASTIC_EDITS)
def test_a_stochastic_edit_restarts_the_runs_with_it(changes: dict) -> None:
    base = RunConfig(batch_size=4) if "shuffle" in changes else RunConfig()
    model, link = model_of(base)
    model.edit(model.edited_config.copy(**changes))
    assert len(link.sent) == 1 and isinstance(link.sent[0], Reset)
    sent = link.sent[0].configs[0]
    for key, value in changes.items():
        assert getattr(sent, key) == value
    assert needs_reset(base, base.copy(**changes))


def test_added_noise_restarts_a_problem_without_data() -> None:
    model, link = model_of(ROSENBROCK)
    model.edit(model.edited_config.copy(grad_noise=0.5, seed=3))
    [reset] = link.sent
    assert isinstance(reset, Reset)
    assert (reset.configs[0].grad_noise, reset.configs[0].seed) == (0.5, 3)


def test_stochastic_settings_are_each_runs_own_in_a_race() -> None:
    model, link = model_of(RunConfig(), RunConfig(optimizer="Adam", lr=0.1))
    model.select(1)
    model.edit(model.edited_config.copy(batch_size=2, seed=5, clip_grad_norm=1.0))
    first, second = model.configs()
    assert (first.batch_size, first.seed, first.clip_grad_norm) == (None, 0, None)
    assert (second.batch_size, second.seed, second.clip_grad_norm) == (2, 5, 1.0)
    assert shared_changes(first, first.copy(batch_size=2, seed=5)) == {}
    [reset] = link.sent
    assert [c.batch_size for c in reset.configs] == [None, 2]


def test_a_bad_batch_size_is_refused_with_the_engines_message_and_nothing_sent() -> None:
    model, link = model_of(RunConfig())
    with pytest.raises(ConfigError) as refused:
        model.edit(model.edited_config.copy(batch_size=20))
    assert refused.value.field == ("batch_size",)
    assert "11 points" in refused.value.message
    assert link.sent == [] and model.edited_config.batch_size is None
    with pytest.raises(ConfigError) as refused:
        model.edit(model.edited_config.copy(clip_grad_norm=1.0, clip_grad_value=1.0))
    assert refused.value.field == ("clip_grad_value",)


def test_another_problem_drops_the_batch_size_it_cannot_take_in_every_run() -> None:
    model, _link = model_of(RunConfig(batch_size=4), RunConfig(batch_size=2, lr=0.05))
    model.edit(model.edited_config.copy(problem="rosenbrock", start=None))
    assert [c.batch_size for c in model.configs()] == [None, None]
    assert [c.problem for c in model.configs()] == ["rosenbrock", "rosenbrock"]
    model.edit(model.edited_config.copy(grad_noise=0.1))
    model.edit(model.edited_config.copy(problem="linear", start=None))
    assert model.edited_config.grad_noise == 0.0


def test_labels_tell_a_noise_fan_apart() -> None:
    configs = batch_fan(RunConfig(), [1, 4, None])
    assert [c.batch_size for c in configs] == [1, 4, None]
    assert distinct_labels(configs) == ["SGD lr=0.01 bs=1", "SGD lr=0.01 bs=4", "SGD lr=0.01"]
    noisy = RunConfig(problem="rastrigin", grad_noise=0.25, seed=3, clip_grad_norm=1.0)
    assert run_label(noisy) == "SGD lr=0.01 σ=0.25 seed=3 clip≤1"
    assert run_label(RunConfig(clip_grad_value=0.5)) == "SGD lr=0.01 clip±0.5"
    assert run_label(RunConfig(batch_size=2, shuffle=False)) == "SGD lr=0.01 bs=2 unshuffled"
    assert run_label(RunConfig(seed=9)) == "SGD lr=0.01"  # a full-batch run has no seed


def test_the_model_adds_a_noise_fan_as_runs_of_the_race() -> None:
    model, link = model_of(RunConfig())
    model.add_batch_fan([1, 4, None], replace=True)
    assert [c.batch_size for c in model.configs()] == [1, 4, None]
    assert len(set(model.labels())) == 3
    [reset] = link.sent
    assert [c.batch_size for c in reset.configs] == [1, 4, None]


def test_a_noise_fan_refuses_a_size_the_data_cannot_take() -> None:
    with pytest.raises(ConfigError) as refused:
        batch_fan(RunConfig(), [1, 12])
    assert refused.value.field == ("runs", 2, "batch_size")
    assert "11 points" in refused.value.message
    with pytest.raises(ConfigError):
        batch_fan(ROSENBROCK, [2])


def test_the_scenario_keeps_each_runs_stochastic_settings() -> None:
    """The window saves and opens through ``Scenario.from_configs`` and ``configs()``."""
    model, _link = model_of(RunConfig(batch_size=4, seed=2, shuffle=False, clip_grad_norm=1.0))
    text = dumps_scenario(model.scenario())
    opened, _ = model_of()
    opened.open_scenario(loads_scenario(text))
    [config] = opened.configs()
    assert (config.batch_size, config.seed, config.shuffle, config.clip_grad_norm) == (
        4,
        2,
        False,
        1.0,
    )


def test_loading_fewer_points_than_the_batch_size_takes_the_full_batch() -> None:
    from optiviz.engine.problems.library import Dataset

    model, _link = model_of(RunConfig(batch_size=4), RunConfig(batch_size=2))
    three = Dataset(x=(1.0, 2.0, 3.0), y=(2.0, 4.1, 5.9), scaling="none")
    model.edit(model.edited_config.copy(dataset=three))
    assert [c.batch_size for c in model.configs()] == [None, 2]
