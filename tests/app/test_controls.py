"""The controls panel: widgets built from the catalogues, edits checked by the engine."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from optiviz.app.controls import ControlsPanel
from optiviz.app.controls.field_errors import ERROR_COLOR
from optiviz.app.controls.lr_control import lr_to_slider, slider_to_lr
from optiviz.app.controls.sci_spinbox import SciSpinBox, format_number, nice_step
from optiviz.engine.catalogue.optimizers import optimizer_catalogue
from optiviz.engine.catalogue.schedulers import scheduler_catalogue
from optiviz.engine.problems.library import make_problem
from optiviz.engine.runs.config import RunConfig, validate
from optiviz.engine.runs.run import Run


@pytest.fixture
def panel(qtbot) -> ControlsPanel:
    widget = ControlsPanel()
    qtbot.addWidget(widget)
    widget.resize(320, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_into(qtbot, spin, text: str) -> None:
    """Replace a spin box's text as a person would, then press Enter."""
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def red_pixels(widget) -> int:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
    rgb = data.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).astype(np.int16)
    c = QColor(ERROR_COLOR)
    target = np.array([c.red(), c.green(), c.blue()], dtype=np.int16)
    return int((np.abs(rgb - target).max(axis=2) <= 40).sum())


def signals(panel: ControlsPanel) -> list:
    return [panel.resetRequested, panel.hyperChanged, panel.epochsChanged, panel.speedChanged]


# ---------------------------------------------------------------- the spin box and the slider
def test_numbers_show_as_people_write_them():
    assert [
        format_number(v) for v in (0.01, 1e-5, 1e-8, 3.4445, 1e6, 0.0, 1000.0, 2.5e-7, 1e-4)
    ] == [
        "0.01",
        "1e-5",
        "1e-8",
        "3.4445",
        "1e6",
        "0",
        "1000",
        "2.5e-7",
        "1e-4",
    ]
    assert nice_step(0.01, 1) == 0.02 and nice_step(0.01, 3) == 0.1 and nice_step(0.01, -1) == 0.005


def test_sci_spinbox_types_both_notations(qtbot):
    spin = SciSpinBox(lo=0.0, hi=1e3, log=True)
    qtbot.addWidget(spin)
    type_into(qtbot, spin, "1e-5")
    assert spin.value() == 1e-5 and spin.text() == "1e-5"
    type_into(qtbot, spin, "0.01")
    assert spin.value() == 0.01 and spin.text() == "0.01"
    spin.stepBy(1)
    assert spin.value() == 0.02


def test_lr_slider_and_spinbox_stay_in_sync(panel, qtbot):
    assert slider_to_lr(lr_to_slider(1e-4)) == 1e-4
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        type_into(qtbot, panel.lr.spin, "1e-4")
    assert blocker.args == ["lr", 1e-4]
    assert panel.lr.slider.value() == lr_to_slider(1e-4) == 200
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        panel.lr.slider.setValue(500)
    assert panel.lr.spin.value() == pytest.approx(0.1) and panel.lr.spin.text() == "0.1"
    assert blocker.args == ["lr", panel.lr.spin.value()]
    assert panel.config().lr == panel.lr.spin.value()


def test_lr_edit_is_a_hyper_change_not_a_reset(panel, qtbot):
    with qtbot.assertNotEmitted(panel.resetRequested), qtbot.waitSignal(panel.hyperChanged) as b:
        type_into(qtbot, panel.lr.spin, "0.05")
    assert b.args == ["lr", 0.05]
    assert panel.config().lr == 0.05


def test_lr_zero_is_allowed_as_torch_allows_it(panel, qtbot):
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        type_into(qtbot, panel.lr.spin, "0")
    assert blocker.args == ["lr", 0.0] and panel.field_errors() == {}


# ---------------------------------------------------------------- forms from the catalogue
def test_every_optimizer_builds_its_form_at_torch_defaults_keeping_lr(panel, qtbot):
    type_into(qtbot, panel.lr.spin, "0.03")
    for name, info in optimizer_catalogue().items():
        if name == panel.config().optimizer:
            continue
        with qtbot.waitSignal(panel.resetRequested) as blocker:
            choose(panel.optimizer_combo, name)
        config = blocker.args[0]
        assert config.optimizer == name and config.lr == 0.03 and config.hyper == {}
        validate(config)
        specs = [spec for spec in info.hyperparams if spec.name != "lr"]
        assert panel.hyper_form.keys() == [spec.name for spec in specs]
        values = panel.hyper_form.values()
        for spec in specs:
            assert values[spec.name] == spec.default, (name, spec.name)
            tip = panel.hyper_form.editor(spec.name).toolTip()
            assert "Allowed: " + spec.describe() in tip and "torch default" in tip
    assert panel.field_errors() == {}


def test_adafactor_eps_shows_none(panel, qtbot):
    choose(panel.optimizer_combo, "Adafactor")
    editor = panel.hyper_form.editor("eps")
    assert [spin.text() for spin in editor.spins] == ["none", "0.001"]
    assert editor.value() == (None, 1e-3)


def test_choice_with_none_switches_both_ways(panel, qtbot):
    choose(panel.optimizer_combo, "LBFGS")
    combo = panel.hyper_form.editor("line_search_fn").combo
    assert combo.currentText() == "none"
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        combo.setCurrentIndex(combo.findData("strong_wolfe"))
    assert blocker.args == ["line_search_fn", "strong_wolfe"]
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        combo.setCurrentIndex(combo.findData(None))
    assert blocker.args == ["line_search_fn", None] and panel.config().hyper == {}
    run = Run(panel.config().copy(hyper={"line_search_fn": "strong_wolfe"}))
    run.set_hyper(*blocker.args)  # what the window's worker does with the signal
    assert run.optimizer.param_groups[0]["line_search_fn"] is None


def test_optional_int_types_none(panel, qtbot):
    choose(panel.optimizer_combo, "LBFGS")
    spin = panel.hyper_form.editor("max_eval").spin
    assert spin.text() == "none"
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        type_into(qtbot, spin, "30")
    assert blocker.args == ["max_eval", 30]
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        type_into(qtbot, spin, "none")
    assert blocker.args == ["max_eval", None]


def test_defaults_button_restores_torch_defaults(panel, qtbot):
    type_into(qtbot, panel.hyper_form.editor("momentum").spin, "0.9")
    assert panel.config().hyper == {"momentum": 0.9}
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        panel.defaults_button.click()
    assert blocker.args == ["momentum", 0.0]
    assert panel.config().hyper == {} and panel.hyper_form.values()["momentum"] == 0


# ---------------------------------------------------------------- refused values
def test_nesterov_without_momentum_is_refused_then_accepted(panel, qtbot):
    editor = panel.hyper_form.editor("nesterov")
    assert red_pixels(editor) == 0
    with qtbot.assertNotEmitted(panel.hyperChanged), qtbot.assertNotEmitted(panel.resetRequested):
        editor.check.click()
    reason = "Nesterov momentum requires a momentum"
    assert reason in panel.field_errors()["param:nesterov"]
    assert reason in panel.hyper_form.error_label.text()
    assert panel.hyper_form.error_label.isVisibleTo(panel)
    assert reason in editor.check.toolTip()
    assert red_pixels(editor) > editor.height()
    assert panel.config().hyper == {}  # the last valid value
    validate(panel.config())

    emitted = []
    panel.hyperChanged.connect(lambda key, value: emitted.append((key, value)))
    type_into(qtbot, panel.hyper_form.editor("momentum").spin, "0.9")
    assert sorted(emitted) == [("momentum", 0.9), ("nesterov", True)]
    assert panel.config().hyper == {"momentum": 0.9, "nesterov": True}
    assert panel.field_errors() == {} and not panel.hyper_form.error_label.isVisibleTo(panel)
    assert red_pixels(editor) == 0 and reason not in editor.check.toolTip()


def test_dampening_with_nesterov_is_refused(panel, qtbot):
    type_into(qtbot, panel.hyper_form.editor("momentum").spin, "0.9")
    panel.hyper_form.editor("nesterov").check.click()
    with qtbot.assertNotEmitted(panel.hyperChanged):
        type_into(qtbot, panel.hyper_form.editor("dampening").spin, "0.5")
    assert "zero dampening" in panel.field_errors()["param:dampening"]
    assert panel.config().hyper == {"momentum": 0.9, "nesterov": True}


def test_adam_betas_out_of_range_is_refused(panel, qtbot):
    choose(panel.optimizer_combo, "Adam")
    spin = panel.hyper_form.editor("betas").spins[0]
    with qtbot.assertNotEmitted(panel.hyperChanged), qtbot.assertNotEmitted(panel.resetRequested):
        type_into(qtbot, spin, "1.5")
    assert panel.hyper_form.editor("betas").value() == (1.5, 0.999)  # shown as typed
    message = panel.field_errors()["param:betas"]
    assert "Invalid beta parameter at index 0" in message
    assert message in panel.hyper_form.error_label.text()
    assert "betas" not in panel.config().hyper
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        type_into(qtbot, spin, "0.8")
    assert blocker.args == ["betas", (0.8, 0.999)] and panel.field_errors() == {}


def test_typed_value_beyond_the_range_says_why(panel, qtbot):
    with qtbot.assertNotEmitted(panel.hyperChanged):
        type_into(qtbot, panel.hyper_form.editor("momentum").spin, "1.5")
    assert "must be at most 1" in panel.field_errors()["param:momentum"]
    assert panel.config().hyper == {}


def test_scheduler_argument_out_of_range_is_refused(panel, qtbot):
    choose(panel.scheduler_combo, "StepLR")
    spin = panel.sched_form.editor("step_size").spin
    with qtbot.assertNotEmitted(panel.resetRequested):
        type_into(qtbot, spin, "0")
    assert "must be at least 1" in panel.field_errors()["sched:step_size"]
    assert "must be at least 1" in panel.sched_form.error_label.text()
    assert panel.config().sched == {"step_size": 250}


def test_a_fixed_field_is_kept_while_another_stays_refused(panel, qtbot):
    choose(panel.optimizer_combo, "Adam")
    type_into(qtbot, panel.hyper_form.editor("betas").spins[1], "2")
    with qtbot.waitSignal(panel.hyperChanged) as blocker:
        type_into(qtbot, panel.hyper_form.editor("eps").spin, "1e-6")
    assert blocker.args == ["eps", 1e-6]
    assert panel.config().hyper == {"eps": 1e-6}
    assert "param:betas" in panel.field_errors()


# ---------------------------------------------------------------- resets
def test_optimizer_change_requests_a_valid_reset(panel, qtbot):
    with qtbot.waitSignal(panel.resetRequested) as blocker:
        choose(panel.optimizer_combo, "RMSprop")
    assert validate(blocker.args[0]).optimizer == "RMSprop"


def test_steplr_gets_a_suggested_step_size(panel, qtbot):
    with qtbot.waitSignal(panel.resetRequested) as blocker:
        choose(panel.scheduler_combo, "StepLR")
    config = blocker.args[0]
    assert config.scheduler == "StepLR" and config.sched == {"step_size": 250}
    validate(config)
    assert panel.sched_form.editor("step_size").spin.text() == "250"
    with qtbot.waitSignal(panel.resetRequested) as blocker:
        type_into(qtbot, panel.sched_form.editor("gamma").spin, "0.5")
    assert blocker.args[0].sched == {"step_size": 250, "gamma": 0.5}


@pytest.mark.parametrize("optimizer", ["SGD", "Adagrad"])
def test_every_scheduler_starts_valid(panel, qtbot, optimizer):
    choose(panel.optimizer_combo, optimizer)
    for name, info in scheduler_catalogue().items():
        with qtbot.waitSignal(panel.resetRequested) as blocker:
            choose(panel.scheduler_combo, name)
        config = blocker.args[0]
        assert config.scheduler == name, panel.field_errors()
        validate(config)
        assert panel.field_errors() == {}
        assert panel.sched_form.keys() == [spec.name for spec in info.hyperparams]
    choose(panel.scheduler_combo, "MultiStepLR")
    assert panel.config().sched == {"milestones": [333, 666]}
    choose(panel.scheduler_combo, "CyclicLR")
    assert panel.config().sched["base_lr"] == 1e-3 and panel.config().sched["max_lr"] == 1e-2
    with qtbot.waitSignal(panel.resetRequested) as blocker:
        choose(panel.scheduler_combo, None)
    assert blocker.args[0].scheduler is None and blocker.args[0].sched == {}
    assert panel.sched_form is None


def test_problem_change_fills_the_start(panel, qtbot):
    with qtbot.waitSignal(panel.resetRequested) as blocker:
        choose(panel.problem_combo, "rosenbrock")
    assert blocker.args[0].problem == "rosenbrock" and blocker.args[0].start is None
    start = make_problem("rosenbrock").start
    assert tuple(spin.value() for spin in panel.start_spins) == start
    assert [label.text() for label in panel.start_labels] == ["x", "y"]
    with qtbot.waitSignal(panel.resetRequested) as blocker:
        type_into(qtbot, panel.start_spins[1], "1.5")
    assert blocker.args[0].start == (start[0], 1.5)


def test_set_start_requests_a_reset_from_there(panel, qtbot):
    with qtbot.waitSignal(panel.resetRequested) as blocker:
        panel.set_start(0.123456, -2.5)
    assert blocker.args[0].start == (0.123456, -2.5) == panel.config().start
    assert panel.start_spins[1].value() == -2.5


# ---------------------------------------------------------------- run settings
def test_epochs_and_speed(panel, qtbot):
    with qtbot.assertNotEmitted(panel.resetRequested), qtbot.waitSignal(panel.epochsChanged) as b:
        type_into(qtbot, panel.epochs_spin, "2500")
    assert b.args == [2500] and panel.config().epochs == 2500
    assert panel.speed() is None
    with qtbot.waitSignal(panel.speedChanged) as blocker:
        choose(panel.speed_combo, 100.0)
    assert blocker.args == [100.0] and panel.speed() == 100.0
    with qtbot.waitSignal(panel.speedChanged) as blocker:
        choose(panel.speed_combo, None)
    assert blocker.args == [None] and panel.speed() is None


def test_set_config_fills_every_widget_silently(panel, qtbot):
    config = RunConfig(
        problem="beale",
        optimizer="Adam",
        lr=0.05,
        hyper={"betas": (0.8, 0.99), "amsgrad": True, "eps": 1e-8},
        scheduler="StepLR",
        sched={"step_size": 10},
        epochs=500,
        start=(1.0, 1.5),
    )
    for signal in signals(panel):
        with qtbot.assertNotEmitted(signal):
            panel.set_config(config)
    assert panel.problem_combo.currentData() == "beale"
    assert panel.optimizer_combo.currentData() == "Adam" and panel.lr.value() == 0.05
    assert panel.lr.slider.value() == lr_to_slider(0.05)
    assert panel.hyper_form.values()["betas"] == (0.8, 0.99)
    assert panel.hyper_form.values()["amsgrad"] is True
    assert panel.scheduler_combo.currentData() == "StepLR"
    assert panel.sched_form.editor("step_size").value() == 10
    assert panel.epochs_spin.value() == 500
    assert tuple(s.value() for s in panel.start_spins) == (1.0, 1.5)
    kept = panel.config()
    assert kept.hyper == {"betas": (0.8, 0.99), "amsgrad": True}  # eps is torch's default
    assert (kept.sched, kept.start, kept.epochs) == ({"step_size": 10}, (1.0, 1.5), 500)


def test_set_config_keeps_a_typed_expression(panel, qtbot):
    config = RunConfig(problem="expression", expression="x**2 + 3*y**2", start=(1.0, 1.0))
    panel.set_config(config)
    assert panel.problem_combo.currentData() == "expression"
    with qtbot.waitSignal(panel.hyperChanged):
        type_into(qtbot, panel.lr.spin, "0.1")
    assert panel.config().expression == "x**2 + 3*y**2" and panel.config().lr == 0.1


def test_every_field_has_a_tooltip(panel):
    choose(panel.scheduler_combo, "OneCycleLR")
    widgets = [
        panel.problem_combo,
        *panel.start_spins,
        panel.optimizer_combo,
        panel.lr.slider,
        panel.lr.spin,
        panel.defaults_button,
        panel.scheduler_combo,
        panel.epochs_spin,
        panel.speed_combo,
    ]
    for form in (panel.hyper_form, panel.sched_form):
        widgets += [w for editor in form.editors.values() for w in editor.findChildren(object)]
    for widget in widgets:
        if hasattr(widget, "toolTip"):
            assert widget.toolTip().strip(), widget


def test_panel_fits_a_narrow_dock(panel):
    """At 320 px no form needs more width than the dock gives (nothing cut off)."""
    content = panel.scroll.widget()
    for name in optimizer_catalogue():
        choose(panel.optimizer_combo, name)
        assert content.minimumSizeHint().width() <= panel.scroll.viewport().width(), name
    for name in scheduler_catalogue():
        choose(panel.scheduler_combo, name)
        assert content.minimumSizeHint().width() <= panel.scroll.viewport().width(), name
