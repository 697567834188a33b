"""What a scripted run learns about the window: the OPTIVIZ_REPORT file (see launch.py).

Besides the epoch, the runs' status and where the panes are, the report lists the menus as a
person reads them, what every named control shows (see :mod:`optiviz.app.names`) and each
run's settings exactly as a scenario file would hold them.
"""

from __future__ import annotations

import tomllib
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QMenu,
    QSpinBox,
    QWidget,
)

from optiviz.app.controls.field_editors import FieldEditor
from optiviz.app.controls.sci_spinbox import IntSpinBox, SciSpinBox
from optiviz.app.host import WindowHost
from optiviz.app.names import is_control, plain_text
from optiviz.app.scenarios.window_io import window_scenario
from optiviz.engine.formats.scenario import dumps_scenario
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.config import RunConfig

PANES = ("surface", "loss", "fit", "lr")


def _plain(value: Any) -> Any:
    """``value`` as JSON holds it: tuples become lists."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def control_value(widget: QWidget) -> Any:
    """What ``widget`` shows: a combo box's text, a spin box's number (None for "none"), a
    check box's state, a line's text, a list's rows, a row of spin boxes' numbers."""
    if isinstance(widget, FieldEditor):
        return _plain(widget.value())
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, (SciSpinBox, IntSpinBox)):
        return widget.number()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QListWidget):
        return [widget.item(row).text() for row in range(widget.count())]
    raise TypeError(f"no value to report for {type(widget).__name__}")


def controls(window: QWidget) -> dict[str, Any]:
    """Each named control's object name and the value it shows."""
    return {
        widget.objectName(): control_value(widget)
        for widget in window.findChildren(QWidget)
        if is_control(widget) and widget.objectName()
    }


def _menu_entries(menu: QMenu) -> list[dict[str, Any]]:
    """``menu`` and then its submenus, depth first, each with its actions' texts in order."""
    texts = [plain_text(a.text()) for a in menu.actions() if not a.isSeparator()]
    entries = [{"title": plain_text(menu.title()), "actions": texts}]
    for action in menu.actions():
        if action.menu() is not None:
            entries += _menu_entries(action.menu())
    return entries


def menus(window: WindowHost) -> list[dict[str, Any]]:
    """Every menu of the menu bar, left to right, with its submenus after it."""
    entries: list[dict[str, Any]] = []
    for action in window.menuBar().actions():
        if action.menu() is not None:
            entries += _menu_entries(action.menu())
    return entries


def runs(window: WindowHost) -> list[dict[str, Any]]:
    """Each run's label as shown, its ``[[runs]]`` table as a scenario file saves it, and
    its batches (see :func:`batches`)."""
    saved = tomllib.loads(dumps_scenario(window_scenario(window)))
    labels = window.race.labels()
    configs = window.model.configs()
    mirrored = window.client.state.runs
    out = []
    for i, (label, table) in enumerate(zip(labels, saved["runs"], strict=True)):
        per_epoch = mirrored[i].history.steps_per_epoch if i < len(mirrored) else None
        out.append({"label": label, "config": table, "batches": batches(configs[i], per_epoch)})
    return out


def batches(config: RunConfig, steps_per_epoch: int | None) -> dict[str, Any]:
    """A run's batch size (None: the full batch), shuffle, seed, added gradient noise,
    clipping, and the optimizer steps an epoch the worker runs."""
    return {
        "batch_size": config.batch_size,
        "shuffle": config.shuffle,
        "seed": config.seed,
        "grad_noise": config.grad_noise,
        "clip_grad_norm": config.clip_grad_norm,
        "clip_grad_value": config.clip_grad_value,
        "steps_per_epoch": steps_per_epoch,
    }


def network(window: WindowHost) -> dict[str, Any] | None:
    """A network session's architecture and data, its landscape plane (directions, the
    share of the path's variance they explain, the grid) and each run's last accuracies;
    None for a 2-parameter problem."""
    state = window.client.state
    if state.problem.name != NETWORK_PROBLEM or not state.runs:
        return None
    spec = state.runs[0].config.network
    view = state.landscape
    landscape = None
    if view is not None:
        landscape = {
            "kind": view.kind,
            "explained": None if view.explained is None else [float(v) for v in view.explained],
            "grid": [len(view.alpha), len(view.beta)],
            "alpha": [float(view.alpha[0]), float(view.alpha[-1])],
            "beta": [float(view.beta[0]), float(view.beta[-1])],
            "note": view.note,
        }
    accuracy = []
    for run in state.runs:
        last = run.metrics[-1] if len(run.metrics) else None
        accuracy.append(
            {
                "train": None if last is None else _finite(last[2]),
                "test": None if last is None else _finite(last[3]),
                "test_loss": None if last is None else _finite(last[1]),
            }
        )
    return {
        "architecture": state.problem.formula,
        "dataset": None if spec is None else spec.dataset,
        "hidden": None if spec is None else list(spec.hidden),
        "activation": None if spec is None else spec.activation,
        "model": None if spec is None else spec.model,
        "directions": window.model.directions,
        "landscape": landscape,
        "accuracy": accuracy,
    }


def _finite(value: float) -> float | None:
    return float(value) if value == value and abs(value) != float("inf") else None


def _rect(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def window_report(window: WindowHost) -> dict[str, Any]:
    """Everything a scripted run checks about ``window`` (a MainWindow), JSON-ready."""
    state = window.client.state
    panes = window.panes
    return {
        "title": window.windowTitle(),
        "epoch": state.max_epoch,
        "status": [run.status for run in state.runs],
        "frames_drawn": window.frames_drawn,
        "ticks": window.ticks,
        "window": _rect(window),
        "panes": {
            name: _rect(pane)
            for name in PANES
            # a network's data pane stands in the fit pane's place
            if (
                pane := panes.data_pane if name == "fit" else getattr(panes, f"{name}_pane")
            ).isVisible()
        },
        "menus": menus(window),
        "controls": controls(window),
        "runs": runs(window),
        "network": network(window),
    }
