"""The optimizer combo lists installed packages in their own group, read when it first opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from optiviz.app.controls import ControlsPanel
from optiviz.engine.catalogue.external import package_optimizers
from optiviz.engine.catalogue.optimizers import optimizer_catalogue
from optiviz.engine.runs.config import RunConfig
from tests.engine.test_user_optimizer import MY_SGD, write

pytest.importorskip("pytorch_optimizer", reason="pytorch-optimizer is not installed")


@pytest.fixture
def panel(qtbot) -> ControlsPanel:
    package_optimizers.cache_clear()
    widget = ControlsPanel()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_packages_are_read_only_when_the_list_first_opens(panel, qtbot) -> None:
    combo = panel.optimizer_combo
    assert combo.count() == len(optimizer_catalogue())
    assert package_optimizers.cache_info().currsize == 0  # start-up did not read them
    combo.showPopup()
    combo.hidePopup()
    assert package_optimizers.cache_info().currsize >= 1
    lion = combo.findData("pytorch_optimizer.Lion")
    assert lion > len(optimizer_catalogue())  # after torch's, past a separator
    assert combo.itemData(len(optimizer_catalogue())) is None  # the group's separator
    assert combo.findData("pytorch_optimizer.AdamMini") < 0  # needs a whole model: left out
    count = combo.count()
    combo.showPopup()
    combo.hidePopup()
    assert combo.count() == count  # listed once


def test_choosing_a_package_optimizer_builds_its_form_and_edits_the_run(panel, qtbot) -> None:
    combo = panel.optimizer_combo
    combo.list_packages()
    with qtbot.waitSignal(panel.configEdited) as edited:
        combo.setCurrentIndex(combo.findData("pytorch_optimizer.Lion"))
    assert edited.args[0].optimizer == "pytorch_optimizer.Lion"
    assert panel.hyper_form.values()["betas"] == (0.9, 0.99)
    assert "pytorch_optimizer.Lion" in panel.optimizer_frame.toolTip()


def test_a_config_naming_a_file_or_package_shows_it(panel, tmp_path: Path) -> None:
    path = write(tmp_path, MY_SGD)
    panel.set_config(RunConfig(optimizer=f"{path}:MySGD"))
    combo = panel.optimizer_combo
    assert combo.currentData() == f"{path}:MySGD"
    assert combo.currentText() == "MySGD (my_opt.py)"
    assert panel.hyper_form.keys() == ["friction"]
    panel.set_config(RunConfig(optimizer="pytorch_optimizer.AdaBelief"))
    assert combo.currentData() == "pytorch_optimizer.AdaBelief"


def test_schedule_free_says_which_point_the_path_shows(panel) -> None:
    panel.set_config(RunConfig(optimizer="pytorch_optimizer.ScheduleFreeAdamW"))
    assert panel.optimizer_note.isVisibleTo(panel)
    assert "path shows that training point" in panel.optimizer_note.text()
    panel.set_config(RunConfig(optimizer="pytorch_optimizer.Lion"))
    assert not panel.optimizer_note.isVisibleTo(panel)
