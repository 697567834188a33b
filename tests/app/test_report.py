"""The OPTIVIZ_REPORT file: menus, what the controls show, and each run as a scenario saves it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import tomli_w

import optiviz
from optiviz.app.report import window_report
from optiviz.app.scenarios.window_io import window_scenario
from optiviz.engine.formats.scenario import RunSpec, loads_scenario
from optiviz.engine.runs.config import RunConfig

ADAM = RunConfig(
    optimizer="Adam",
    lr=0.03,
    hyper={"betas": (0.8, 0.99), "amsgrad": True},
    scheduler="StepLR",
    sched={"step_size": 20, "gamma": 0.5},
    epochs=60,
)


def _read_run(table: dict) -> RunSpec:
    """``table`` read back as the [[runs]] entry of a scenario file."""
    return loads_scenario(tomli_w.dumps({"runs": [table]})).runs[0]


def test_the_report_says_what_the_controls_show(make_window):
    window = make_window(ADAM)
    report = json.loads(json.dumps(window_report(window)))  # all of it is JSON
    controls = report["controls"]
    assert controls["lr"] == window.race.configs()[0].lr == 0.03
    assert controls["optimizer"] == "Adam" and controls["scheduler"] == "StepLR"
    assert controls["param.betas"] == [0.8, 0.99] and controls["param.amsgrad"] is True
    assert controls["param.eps"] == 1e-8 and "param.momentum" not in controls
    assert controls["sched.step_size"] == 20 and controls["sched.gamma"] == 0.5
    assert controls["epochs"] == 60 and controls["problem"] == "linear"
    assert controls["start.0"] == 1.0 and controls["start.1"] == 0.0
    assert controls["runs"] == [window.race.panel.list.item(0).text()]

    window.controls.lr.spin.setValue(0.2)  # a typed lr shows in the next report
    assert window_report(window)["controls"]["lr"] == window.race.configs()[0].lr == 0.2


def test_the_report_lists_the_menus_in_order(make_window):
    window = make_window(RunConfig(epochs=50))
    menus = window_report(window)["menus"]
    titles = [menu["title"] for menu in menus]
    assert titles[0] == "File" and {"Run", "View", "Tools"} <= set(titles)
    by_title = {menu["title"]: menu["actions"] for menu in menus}
    assert by_title["File"][0] == "Open scenario…" and by_title["File"][-1] == "Quit"
    assert "Save scenario as…" in by_title["File"]
    assert by_title["Run"][:3] == ["Play", "Step", "Reset"]
    assert by_title["Tools"] == ["LR range test…"]
    assert all("&" not in text for texts in by_title.values() for text in texts)
    assert by_title["Vectors on the surface"][0] == "Negative gradient −∇L"  # a submenu


def test_each_run_is_reported_as_a_scenario_saves_it(make_window):
    window = make_window([ADAM, RunConfig(lr=0.1, epochs=60)])
    runs = json.loads(json.dumps(window_report(window)))["runs"]
    assert [run["label"] for run in runs] == window.race.labels()
    saved = window_scenario(window).runs
    for run, spec in zip(runs, saved, strict=True):
        assert _read_run(run["config"]) == spec  # it reads back as the scenario's run
    assert runs[0]["config"]["params"] == {"betas": [0.8, 0.99], "amsgrad": True}
    back = loads_scenario(tomli_w.dumps({"epochs": 60, "runs": [r["config"] for r in runs]}))
    assert back.configs() == window.race.configs()


SCENARIO = """
title = "Adam, reported"
epochs = 40
[problem]
name = "linear"
[[runs]]
optimizer = "Adam"
lr = 0.03
label = "mine"
params = { betas = [0.8, 0.99] }
"""


def _launch(tmp_path: Path, *args: str) -> dict:
    """Run ``python -m optiviz ARGS`` offscreen until it closes itself; its report."""
    report = tmp_path / "report.json"
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        OPTIVIZ_NO_SETTINGS="1",
        OPTIVIZ_AUTOQUIT_MS="300",  # after the worker is up
        OPTIVIZ_REPORT=str(report),
        PYTHONPATH=str(Path(optiviz.__file__).resolve().parents[1]),
    )
    done = subprocess.run(
        [sys.executable, "-m", "optiviz", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(report.read_text(encoding="utf-8"))


def test_optiviz_writes_the_report_when_it_closes(tmp_path):
    result = _launch(tmp_path)  # the tutorial's run: no settings, no file
    (run,) = result["runs"]
    assert result["controls"]["lr"] == run["config"]["lr"] == 0.01
    assert result["controls"]["optimizer"] == run["config"]["optimizer"] == "SGD"
    assert "param.momentum" in result["controls"]
    spec = _read_run(run["config"])
    assert (spec.optimizer, spec.lr, spec.params, spec.scheduler) == ("SGD", 0.01, {}, None)
    assert run["label"] == "SGD lr=0.01"
    titles = [menu["title"] for menu in result["menus"]]
    assert titles[0] == "File" and "Quit" in result["menus"][0]["actions"]


def test_the_report_of_a_scenario_opened_from_the_command_line(tmp_path):
    scenario = tmp_path / "adam.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    result = _launch(tmp_path, str(scenario))
    assert [run["label"] for run in result["runs"]] == ["mine"]
    spec = _read_run(result["runs"][0]["config"])
    assert (spec.optimizer, spec.lr, spec.params) == ("Adam", 0.03, {"betas": (0.8, 0.99)})
    assert result["controls"]["lr"] == 0.03 and result["controls"]["optimizer"] == "Adam"
    assert result["controls"]["param.betas"] == [0.8, 0.99]
