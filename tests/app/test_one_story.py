"""The sequences a newcomer tried: afterwards the form, the runs list, the legend, the title,
the worker's runs and a saved scenario all describe the same runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from optiviz.app.main_window import MainWindow
from optiviz.app.scenarios import memory
from optiviz.app.scenarios.install import EXAMPLES
from optiviz.app.settings import Settings
from optiviz.engine.formats.scenario import dumps_scenario, load_scenario, save_scenario
from optiviz.engine.runs.config import RunConfig


@pytest.fixture
def window_options() -> dict:
    return {"budget": 1.0}


def settle(window: MainWindow) -> None:
    for _ in range(3):
        window.frame()


def assert_one_story(window: MainWindow, tmp_path: Path) -> None:
    """Every view of the window and the saved file agree with the model."""
    settle(window)
    model = window.model
    configs = model.configs()
    assert window.controls.config() == model.edited_config
    assert window.controls.lr.value() == model.edited_config.lr
    assert [run.config for run in window.client.state.runs] == configs
    rows = window.race.panel.list
    assert [rows.item(i).text().split("  ", 1)[1] for i in range(rows.count())] == model.labels()
    legend = window.panes.loss_pane.legend_texts
    shown = [label for label, e in zip(model.labels(), model.entries, strict=True) if e.visible]
    assert legend == shown
    assert [run.label for run in window.client.state.runs] == model.labels()
    assert window.windowTitle().replace("[*]", "") == model.window_title().replace("[*]", "")
    saved = tmp_path / "now.toml"
    save_scenario(model.scenario(), saved)
    assert load_scenario(saved).configs() == configs


def example(stem: str) -> Path:
    return EXAMPLES / f"{stem}.toml"


def test_examples_then_data_then_the_tutorial_then_reset(make_window, tmp_path):
    window = make_window()
    files = window.scenario_files
    assert files.open_file(example("rosenbrock_momentum_adam_rmsprop"))
    assert files.open_file(example("tutorial_sgd"))
    csv = tmp_path / "points.csv"
    csv.write_text("x,y\n1,2\n2,4.5\n3,5.9\n4,8.2\n", encoding="utf-8")
    assert window.explore.load_data(csv) == ""
    settle(window)
    assert "a linear fit of your data" in window.windowTitle()  # not the tutorial's title
    assert files.open_file(example("tutorial_sgd"))
    window.reset()  # R
    assert_one_story(window, tmp_path)
    assert window.client.state.problem.dataset is None or (
        len(window.client.state.problem.dataset.x) == 11
    )
    assert window.model.edited_config == load_scenario(example("tutorial_sgd")).configs()[0]
    assert "The tutorial" in window.windowTitle() or "tutorial" in window.windowTitle().lower()


def test_the_last_session_comes_back_in_the_form_and_a_drag_keeps_its_lr(make_window, tmp_path):
    settings = Settings(persistent=False)
    first = make_window([RunConfig(lr=0.0394421)], settings=settings)
    settle(first)
    first.close()
    assert "0.0394421" in memory.last_session(settings)

    window = make_window(settings=settings)  # no runs given: the last session comes back
    assert window.controls.lr.value() == pytest.approx(0.0394421)
    window.panes.startMoved.emit(2.0, 3.0)  # drag the start on the surface
    assert_one_story(window, tmp_path)
    assert window.model.edited_config.lr == pytest.approx(0.0394421)
    assert window.model.edited_config.start == (2.0, 3.0)


def test_removing_a_middle_run_then_typing_an_lr_edits_the_run_shown(make_window, tmp_path):
    base = RunConfig(problem="rosenbrock", epochs=60)
    window = make_window(
        [
            base.copy(hyper={"momentum": 0.9}),
            base.copy(optimizer="Adam", lr=0.05),
            base.copy(lr=0.002),
        ]
    )
    window.race.select(1)
    window.race.remove_run(1)  # the selected Adam run goes; the form shows run 2 now
    assert window.model.edited == 1
    assert window.controls.optimizer_combo.currentData() == "SGD"
    window.controls.lr.spin.setValue(0.004)  # typed
    assert_one_story(window, tmp_path)
    configs = window.model.configs()
    assert [c.lr for c in configs] == [0.01, 0.004]
    assert configs[1].hyper == {}  # it kept its own (no) momentum
    assert configs[0].hyper == {"momentum": 0.9}


def test_an_lr_fan_replacing_the_runs_shows_its_first_run(make_window, tmp_path):
    window = make_window([RunConfig(hyper={"momentum": 0.9}), RunConfig(optimizer="Adam", lr=0.3)])
    window.race.select(1)
    window.race.add_fan(4, 1e-3, 1e-1, replace=True)
    assert_one_story(window, tmp_path)
    assert window.controls.optimizer_combo.currentData() == "Adam"
    assert window.controls.lr.value() == pytest.approx(1e-3)
    assert window.race.panel.list.count() == 4


def test_a_saved_session_equals_what_the_window_shows(make_window, tmp_path):
    window = make_window()
    assert window.scenario_files.open_file(example("lbfgs_vs_sgd"))
    window.race.set_label(0, "named")
    window.race.set_visible(1, False)
    assert_one_story(window, tmp_path)
    text = memory.last_session(window.settings)
    assert text == dumps_scenario(window.model.scenario())


def test_a_scenarios_colours_and_panes_are_applied(make_window, tmp_path):
    from tests.app.test_panes import count_color, pixels

    text = (
        '[problem]\nname = "rosenbrock"\n[view]\npanes = ["surface", "loss"]\n'
        '[[runs]]\noptimizer = "Adam"\nlr = 0.05\ncolor = "#ff00ff"\n'
    )
    path = tmp_path / "magenta.toml"
    path.write_text(text, encoding="utf-8")
    window = make_window(size=(1280, 720))
    assert window.scenario_files.open_file(path)
    window.play()
    for _ in range(400):
        window.frame()
        if not window.client.playing:
            break
    panes = window.panes
    assert panes.surface_pane.isVisible() and panes.loss_pane.isVisible()
    assert not panes.fit_pane.isVisible()
    assert count_color(pixels(panes.loss_pane), "#ff00ff") > 100  # the run's own colour
    assert count_color(pixels(panes.surface_pane), "#ff00ff") > 40
    assert not window.action_set.panes["fit"].isChecked()
    window.action_set.panes["fit"].setChecked(True)  # View → Panes → Data and fit
    assert window.model.view.panes == ("surface", "loss", "fit")
    assert panes.fit_pane.isVisible()
    assert_one_story(window, tmp_path)
