"""The random actions of the GUI fuzz test: each drives the window through its named widgets
and actions (a modal dialog is replaced by the call it would make) and returns what it did,
for the replay log."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSlider,
    QWidget,
)
from pytestqt.qtbot import QtBot

from optiviz.app.main_window import MainWindow
from optiviz.engine.errors import ConfigError
from optiviz.engine.formats.scenario import load_scenario
from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig

#: Typed numbers: valid ones and ones torch or the form must refuse.
NUMBERS = ["0.01", "1e-3", "0.5", "3", "0.9", "2", "-1", "nan", "inf", "1e308", "1e400", "", "0"]
LRS = ["0.01", "1e-3", "0.1", "0.5", "5", "1e-6", "-0.1", "nan", "1e308", "", "0", "abc"]
EPOCHS = ["1", "3", "50", "1000", "0", "-5", "99999999999", ""]
STARTS = ["0", "1", "-3", "2.5", "1e6", "1e7", "nan", ""]
FORMULAS = [
    "x**2 + 3*y**2",
    "sin(x) * cos(y) + 0.1*(x**2 + y**2)",
    "(1 - x)**2 + 100*(y - x**2)**2",
    "x**",
    "import os",
    "z + 1",
    "exp(1000*x)",
    "",
    "x" * 300,
]


@dataclass
class Fuzz:
    """One fuzzing session: the window, its random source, the files it loads and saves."""

    window: MainWindow
    rng: random.Random
    qtbot: QtBot
    tmp: Path
    files: dict[str, Path] = field(default_factory=dict)
    dialogs: list[str] = field(default_factory=list)  # the warnings a dialog would have shown

    def action(self, name: str) -> QAction:
        found = self.window.findChild(QAction, name)
        assert found is not None, name
        return found

    def widget(self, kind: type, name: str) -> QWidget:
        found = self.window.findChild(kind, name)
        assert found is not None, name
        return found

    def type_into(self, box: QWidget, text: str) -> None:
        """Replace the text as a person would (the validator filters keys), then Enter."""
        line = box.lineEdit() if isinstance(box, QAbstractSpinBox) else box
        line.selectAll()
        if text:
            self.qtbot.keyClicks(box, text)
        else:
            self.qtbot.keyClick(box, Qt.Key.Key_Delete)
        self.qtbot.keyClick(box, Qt.Key.Key_Return)


def write_files(tmp: Path, rng: random.Random) -> dict[str, Path]:
    """A valid CSV, a malformed one and one of 2,000 points."""
    good = tmp / "good.csv"
    good.write_text("x,y\n1,2\n2,4.5\n3,5.9\n4,8.2\n5,9.9\n", encoding="utf-8")
    bad = tmp / "bad.csv"
    bad.write_text("x,y\n1,2\n2,oops\n3\n,,\n", encoding="utf-8")
    big = tmp / "big.csv"
    rows = [f"{x:.4f},{3 * x + 1 + rng.gauss(0, 1):.4f}" for x in (i / 100 for i in range(2000))]
    big.write_text("x,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return {"good": good, "bad": bad, "big": big}


# -- the actions -----------------------------------------------------------------------------
def trigger(name: str) -> Callable[[Fuzz], str]:
    def act(f: Fuzz) -> str:
        f.action(name).trigger()
        return ""

    act.__name__ = name
    return act


def seek(f: Fuzz) -> str:
    slider = f.widget(QSlider, "timeline.slider")
    value = f.rng.randint(0, max(slider.maximum(), 0))
    slider.setValue(value)
    return f"to {value} of {slider.maximum()}"


def latest(f: Fuzz) -> str:
    f.widget(QWidget, "timeline.latest").click()
    return ""


def type_lr(f: Fuzz) -> str:
    text = f.rng.choice(LRS)
    f.type_into(f.widget(QAbstractSpinBox, "lr"), text)
    return repr(text)


def type_epochs(f: Fuzz) -> str:
    text = f.rng.choice(EPOCHS)
    f.type_into(f.widget(QAbstractSpinBox, "epochs"), text)
    return repr(text)


def type_start(f: Fuzz) -> str:
    name, text = f"start.{f.rng.randint(0, 1)}", f.rng.choice(STARTS)
    f.type_into(f.widget(QAbstractSpinBox, name), text)
    return f"{name} {text!r}"


def edit_field(prefix: str) -> Callable[[Fuzz], str]:
    """Edit one of the hyperparameter (``param.``) or scheduler (``sched.``) fields."""

    def act(f: Fuzz) -> str:
        fields = [
            w
            for w in f.window.controls.findChildren(QWidget)
            if w.objectName().startswith(prefix)
            and isinstance(w, (QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit))
            and w.isVisibleTo(f.window)
        ]
        if not fields:
            return "no field"
        box = f.rng.choice(sorted(fields, key=lambda w: w.objectName()))
        name = box.objectName()
        if isinstance(box, QCheckBox):
            box.click()
            return f"{name} clicked"
        if isinstance(box, QComboBox):
            index = f.rng.randrange(box.count())
            box.setCurrentIndex(index)
            return f"{name} index {index}"
        text = f.rng.choice(NUMBERS if isinstance(box, QAbstractSpinBox) else ["strong_wolfe", ""])
        f.type_into(box, text)
        return f"{name} {text!r}"

    act.__name__ = f"edit_{prefix.rstrip('.')}"
    return act


def choose(name: str) -> Callable[[Fuzz], str]:
    def act(f: Fuzz) -> str:
        combo = f.widget(QComboBox, name)
        index = f.rng.randrange(combo.count())
        combo.setCurrentIndex(index)
        return f"{combo.itemData(index)!r}"

    act.__name__ = f"choose_{name}"
    return act


def lr_fan(f: Fuzz) -> str:
    """What the lr fan dialog's OK does (the dialog is modal), refusals included."""
    n = f.rng.choice([1, 2, 3, 5, 0, -1, 40])
    lo = f.rng.choice([1e-4, 1e-3, 0.01, -1.0, 0.0, float("nan")])
    hi = f.rng.choice([0.1, 1.0, 1e-5, float("inf"), 1e9])
    replace = f.rng.random() < 0.5
    try:
        f.window.race.add_fan(n, lo, hi, replace=replace)
    except ConfigError as err:
        f.dialogs.append(f"lr fan: {err}")
        return f"n={n} lo={lo} hi={hi} replace={replace}: refused {err}"
    return f"n={n} lo={lo} hi={hi} replace={replace}"


def toggle_visible(f: Fuzz) -> str:
    runs = f.widget(QListWidget, "runs")
    if runs.count() == 0:
        return "no rows"
    row = f.rng.randrange(runs.count())
    item = runs.item(row)
    checked = item.checkState() == Qt.CheckState.Checked
    item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
    return f"row {row} {'hidden' if checked else 'shown'}"


def select_run(f: Fuzz) -> str:
    runs = f.widget(QListWidget, "runs")
    row = f.rng.randrange(max(runs.count(), 1))
    runs.setCurrentRow(row)
    return f"row {row}"


def load_data(f: Fuzz) -> str:
    """What Ctrl+L does once the file dialog has a path (a refusal is a warning dialog)."""
    which = f.rng.choice(sorted(f.files))
    error = f.window.explore.load_data(f.files[which])
    if error:
        f.dialogs.append(f"load data: {error}")
    return f"{which}: {error or 'loaded'}"


def type_formula(f: Fuzz) -> str:
    combo = f.widget(QComboBox, "problem")
    if combo.currentData() != "expression":
        combo.setCurrentIndex(combo.findData("expression"))
    text = f.rng.choice(FORMULAS)
    edit = f.widget(QLineEdit, "expression")
    edit.selectAll()
    edit.del_()
    if text:
        f.qtbot.keyClicks(edit, text)
    f.qtbot.keyClick(edit, Qt.Key.Key_Return)
    return repr(text[:40])


def open_example(f: Fuzz) -> str:
    """An example from the menu; the discard question is answered at random."""
    menu = f.window.scenario_files.examples_menu
    action = f.rng.choice([a for a in menu.actions() if a.objectName()])
    answer = f.rng.choice([QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel])
    f.window.scenario_files.confirm = lambda title, text: answer
    action.trigger()
    return f"{action.objectName()} ({answer.name} if asked)"


def save_scenario(f: Fuzz) -> str:
    """Save to a file and read it back: it holds the runs the window runs."""
    path = f.tmp / "fuzz.toml"
    configs = f.window.model.configs()
    saved = f.window.scenario_files.save(path)
    assert saved, f"{f.window.statusBar().currentMessage()}; the runs: {configs}"
    back = load_scenario(path).configs()
    assert len(back) == len(configs)
    for i, (ours, theirs) in enumerate(zip(configs, back, strict=True)):
        ours, theirs = effective(ours), effective(theirs)
        if ours == theirs:
            continue
        what = f"run {i + 1} read back differently: {differences(ours, theirs)}"
        if ours.dataset is not None and ours.copy(dataset=unnamed(ours.dataset)) == theirs:
            raise AssertionError(f"[csv names lost] {what}")
        raise AssertionError(what)
    return str(path.name)


def effective(config: RunConfig) -> RunConfig:
    """``config`` without what its problem does not use (the model keeps the linear fit's data
    and the last formula while another problem runs; a file need not)."""
    return config.copy(
        dataset=config.dataset if config.problem == "linear" else None,
        expression=config.expression if config.problem == "expression" else None,
    )


def unnamed(data: Dataset) -> Dataset:
    return replace(data, x_name=None, y_name=None)


def differences(a: RunConfig, b: RunConfig) -> str:
    """The fields of two configs that differ, as ``name: a != b`` (shortened)."""
    return "; ".join(
        f"{k}: {str(getattr(a, k))[:150]} != {str(getattr(b, k))[:150]}"
        for k in a.__dataclass_fields__
        if getattr(a, k) != getattr(b, k)
    )


def lr_find_and_cancel(f: Fuzz) -> str:
    dialog = f.window.explore.open_lr_find()
    f.qtbot.wait(f.rng.choice([0, 5, 30]))
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    return ""


def frames(f: Fuzz) -> str:
    n = f.rng.randint(1, 8)
    for _ in range(n):
        f.window.frame()
    return f"{n} frames"


#: Each action with its weight.
ACTIONS: list[tuple[Callable[[Fuzz], str], int]] = [
    (trigger("play"), 6),
    (trigger("step"), 6),
    (trigger("step_phase"), 5),
    (trigger("back"), 4),
    (trigger("reset"), 3),
    (seek, 4),
    (latest, 2),
    (type_lr, 6),
    (type_epochs, 4),
    (type_start, 3),
    (edit_field("param."), 6),
    (edit_field("sched."), 3),
    (choose("problem"), 3),
    (choose("optimizer"), 4),
    (choose("scheduler"), 3),
    (choose("scaling"), 2),
    (choose("speed"), 1),
    (trigger("add_run"), 4),
    (trigger("remove_run"), 3),
    (lr_fan, 2),
    (toggle_visible, 3),
    (select_run, 4),
    (load_data, 2),
    (type_formula, 2),
    (trigger("theme"), 1),
    (open_example, 2),
    (save_scenario, 1),
    (lr_find_and_cancel, 1),
    (frames, 6),
]
