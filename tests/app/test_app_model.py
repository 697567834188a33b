"""The app model with a fake worker link and no window: what it holds and what it sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from optiviz.app.model import AppModel, RunEntry
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import dumps_scenario, loads_scenario
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.history import History
from optiviz.engine.runs.race import MAX_RUNS
from optiviz.engine.worker.commands import RemoveRun, Reset, SetEpochs, SetHyper, SetSpeed
from optiviz.engine.worker.session_state import RunState, SessionState

ROSENBROCK = RunConfig(problem="rosenbrock", epochs=100)


@dataclass
class FakeLink:
    """Records the commands; its state says each run's status as a test sets it."""

    statuses: list[str] = field(default_factory=list)
    sent: list[object] = field(default_factory=list)

    def send(self, command: object) -> None:
        self.sent.append(command)

    @property
    def state(self) -> SessionState:
        from optiviz.engine.runs.config import build_problem

        problem = build_problem(RunConfig())
        runs = [
            RunState(id=i, config=RunConfig(), history=History(problem.start), status=s)
            for i, s in enumerate(self.statuses)
        ]
        return SessionState(problem=problem, runs=runs)


def model_of(*configs: RunConfig, statuses: list[str] | None = None) -> tuple[AppModel, FakeLink]:
    link = FakeLink(statuses=statuses or ["paused"] * max(1, len(configs)))
    model = AppModel(link, list(configs) or None)
    link.sent.clear()
    return model, link


def test_an_lr_edit_is_one_set_command_and_the_label_follows_the_config():
    model, link = model_of(RunConfig())
    model.edit(model.edited_config.copy(lr=0.05))
    assert link.sent == [SetHyper(None, "lr", 0.05)]
    assert model.labels() == ["SGD lr=0.05"]
    assert model.modified


def test_in_a_race_an_edit_goes_to_the_edited_run_only():
    model, link = model_of(ROSENBROCK, ROSENBROCK.copy(optimizer="Adam", lr=0.1))
    model.select(1)
    model.edit(model.edited_config.copy(hyper={"betas": (0.8, 0.99)}, epochs=300))
    assert SetHyper(1, "betas", (0.8, 0.99)) in link.sent and SetEpochs(300) in link.sent
    assert [c.epochs for c in model.configs()] == [300, 300]  # the epochs are shared
    assert model.configs()[0].hyper == {}


def test_a_new_optimizer_restarts_the_race_and_shared_fields_apply_to_all_runs():
    model, link = model_of(ROSENBROCK, ROSENBROCK.copy(optimizer="Adam"))
    model.set_label(0, "mine")
    model.set_label(1, "theirs")
    link.sent.clear()
    model.edit(model.edited_config.copy(optimizer="RMSprop", start=(0.5, 0.5)))
    (reset,) = link.sent
    assert isinstance(reset, Reset)
    assert [c.optimizer for c in reset.configs] == ["RMSprop", "Adam"]
    assert {c.start for c in reset.configs} == {(0.5, 0.5)}
    assert [e.label for e in model.entries] == ["", "theirs"]  # the edited run is renamed


def test_an_edit_of_a_diverged_run_starts_the_runs_again():
    model, link = model_of(RunConfig(lr=1.0), statuses=["diverged"])
    notes: list[str] = []
    model.notice.connect(notes.append)
    model.edit(model.edited_config.copy(lr=0.3))
    assert [type(c) for c in link.sent] == [Reset]
    assert model.labels() == ["SGD lr=0.3"] and notes and "diverged" in notes[0]


def test_removing_a_run_sends_one_removal_and_keeps_the_edited_run():
    model, link = model_of(ROSENBROCK, ROSENBROCK.copy(lr=0.02), ROSENBROCK.copy(lr=0.03))
    model.select(2)
    model.remove_run(0)
    assert link.sent == [RemoveRun(0)]
    assert model.edited == 1 and model.edited_config.lr == 0.03
    with pytest.raises(ConfigError):
        model.remove_run(5)
    model.remove_run(1)
    with pytest.raises(ConfigError, match="at least one run"):
        model.remove_run(0)


def test_a_refused_race_changes_nothing_and_sends_nothing():
    model, link = model_of(RunConfig())
    too_many = [RunEntry(RunConfig(lr=0.01 * (i + 1))) for i in range(MAX_RUNS + 1)]
    with pytest.raises(ConfigError, match=f"at most {MAX_RUNS}"):
        model.set_runs(too_many)
    with pytest.raises(ConfigError):
        model.set_runs([RunEntry(RunConfig()), RunEntry(ROSENBROCK)])  # two problems
    with pytest.raises(ConfigError):
        model.edit(RunConfig(lr=-1.0))
    assert link.sent == [] and model.configs() == [RunConfig()]
    assert not model.modified


def test_an_lr_fan_replacing_the_runs_edits_its_first_run():
    model, _ = model_of(ROSENBROCK.copy(hyper={"momentum": 0.9}), ROSENBROCK.copy(lr=0.5))
    model.select(1)
    model.add_fan(3, 1e-3, 1e-1, replace=True)
    assert [round(c.lr, 6) for c in model.configs()] == [0.001, 0.01, 0.1]
    assert model.edited == 0 and model.edited_config == model.configs()[0]
    assert all(c.hyper == {} for c in model.configs())  # the fan of the edited run (lr 0.5's)


def test_a_scenario_opens_saves_and_names_the_window(tmp_path):
    model, link = model_of(RunConfig())
    text = (
        'title = "Two ways"\nspeed = 40\n[problem]\nname = "rosenbrock"\n'
        '[view]\nvectors = ["neg_grad"]\n'
        '[[runs]]\noptimizer = "SGD"\nlr = 0.001\nlabel = "slow"\n'
        '[[runs]]\noptimizer = "Adam"\nlr = 0.05\ncolor = "#ff0000"\nvisible = false\n'
    )
    path = tmp_path / "two.toml"
    model.open_scenario(loads_scenario(text, "two.toml"), path)
    assert isinstance(link.sent[0], Reset) and SetSpeed(40.0) in link.sent
    assert model.window_title() == "optiviz — Two ways — two.toml[*]"
    assert not model.modified and model.view.vectors == ("neg_grad",)
    assert model.labels() == ["slow", "Adam lr=0.05"]
    again = loads_scenario(dumps_scenario(model.scenario()), "again")
    assert again.configs() == model.configs()
    assert [(s.label, s.color, s.visible) for s in again.runs] == [
        ("slow", "", True),
        ("", "#ff0000", False),
    ]
    model.edit(model.edited_config.copy(problem="beale", start=None))
    assert model.modified and model.title == ""  # the title named another problem
    assert model.window_title() == f"optiviz — SGD vs Adam on Beale — {Path(path).name}[*]"


def test_a_label_names_a_run_only_while_it_has_the_settings_it_was_named_for():
    from optiviz.app.model.projection import label_for

    entry = RunEntry(ROSENBROCK, label="mine")
    assert label_for(entry, ROSENBROCK.copy(lr=0.5)) == "mine"  # an lr edit keeps the name
    assert label_for(entry, ROSENBROCK.copy(optimizer="Adam")) == "Adam lr=0.01"


def test_a_shared_edit_keeps_every_runs_name_and_an_own_edit_drops_the_edited_one():
    model, _link = model_of(RunConfig(), RunConfig(optimizer="Adam", lr=0.1))
    model.set_label(0, "the tutorial")
    model.set_label(1, "Adam at 0.1")
    model.select(0)
    model.edit(model.edited_config.copy(start=(5.0, 5.0)))  # shared by the race: a restart
    assert [e.config.start for e in model.entries] == [(5.0, 5.0), (5.0, 5.0)]
    assert [e.label for e in model.entries] == ["the tutorial", "Adam at 0.1"]
    model.edit(model.edited_config.copy(optimizer="RMSprop"))  # the run's own setting
    assert [e.label for e in model.entries] == ["", "Adam at 0.1"]
