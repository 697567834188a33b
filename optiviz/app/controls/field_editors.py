"""One editor per hyperparameter kind, all built from a :class:`HyperParam` spec.

Every editor has the same small interface: ``value()``, ``set_value(v)`` (silent), the
``edited`` signal (once per finished user edit) and, from :class:`ErrorFrame`, ``set_error``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QWidget

from optiviz.app.controls.field_errors import ErrorFrame
from optiviz.app.controls.sci_spinbox import NONE_TEXT, IntSpinBox, SciSpinBox, format_number
from optiviz.app.names import name_widget
from optiviz.engine.catalogue.hyperparams import HyperParam
from optiviz.plots.i18n import fill, tr


def show_value(value: Any) -> str:
    """A value as a person types it: ``0.9, 0.999``, ``none``, ``true``, ``1e-8``."""
    if value is None:
        return NONE_TEXT
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(show_value(v) for v in value)
    return str(value)


def tooltip_for(spec: HyperParam, owner: str) -> str:
    """``spec``'s help, what is allowed, and torch's default."""
    lines = [f"{spec.name}: {spec.help}" if spec.help else spec.name]
    lines.append(f"Allowed: {spec.describe()}.")
    if spec.required:
        lines.append(f"{owner} requires it (no default); the value shown is a suggestion.")
    else:
        lines.append(f"torch default: {show_value(spec.default)}")
    return "\n".join(lines)


class FieldEditor(ErrorFrame):
    """The base of the editors: a red-framed field that says when the user changed it."""

    edited = Signal()

    def __init__(self, spec: HyperParam, parent: QWidget | None = None) -> None:
        super().__init__(None, parent)
        self.spec = spec

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def value_widget(self) -> QWidget:
        """The widget that shows the value and takes the focus."""
        raise NotImplementedError

    def set_names(self, object_name: str, accessible: str) -> None:
        """Name the value's widget (see :mod:`optiviz.app.names`); its help is the description."""
        widget = name_widget(self.value_widget(), object_name, accessible, control=True)
        widget.setAccessibleDescription(self.spec.help)


class FloatEditor(FieldEditor):
    def __init__(self, spec: HyperParam, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.spin = SciSpinBox(lo=spec.lo, hi=spec.hi, log=spec.log, allow_none=spec.optional)
        self._layout.addWidget(self.spin)
        self.spin.valueChanged.connect(self.edited)

    def value(self) -> float | None:
        return self.spin.number()

    def value_widget(self) -> QWidget:
        return self.spin

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.spin):
            self.spin.set_number(None if value is None else float(value))


class IntEditor(FieldEditor):
    def __init__(self, spec: HyperParam, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.spin = IntSpinBox(lo=spec.lo, hi=spec.hi, allow_none=spec.optional)
        self._layout.addWidget(self.spin)
        self.spin.valueChanged.connect(self.edited)

    def value(self) -> int | None:
        return self.spin.number()

    def value_widget(self) -> QWidget:
        return self.spin

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.spin):
            self.spin.set_number(None if value is None else int(value))


class BoolEditor(FieldEditor):
    def __init__(self, spec: HyperParam, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.check = QCheckBox()
        self._layout.addWidget(self.check)
        self._layout.addStretch(1)
        self.check.toggled.connect(self.edited)

    def value(self) -> bool:
        return self.check.isChecked()

    def value_widget(self) -> QWidget:
        return self.check

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.check):
            self.check.setChecked(bool(value))


class TupleEditor(FieldEditor):
    """A row of spin boxes: two for betas and etas, three for ns_coefficients."""

    def __init__(self, spec: HyperParam, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.spins: list[SciSpinBox] = []
        for _ in range(spec.length or 2):
            spin = SciSpinBox(lo=spec.lo, hi=spec.hi, log=spec.log, allow_none=spec.optional)
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            spin.valueChanged.connect(self.edited)
            self._layout.addWidget(spin, 1)
            self.spins.append(spin)

    def value(self) -> tuple[float | None, ...]:
        return tuple(spin.number() for spin in self.spins)

    def value_widget(self) -> QWidget:
        return self  # the row as a whole; its spin boxes are named after it

    def set_names(self, object_name: str, accessible: str) -> None:
        super().set_names(object_name, accessible)
        for i, spin in enumerate(self.spins):
            name_widget(spin, f"{object_name}.{i}", fill(tr("%1, item %2"), accessible, i + 1))

    def set_value(self, value: Any) -> None:
        for spin, item in zip(self.spins, value, strict=True):
            with QSignalBlocker(spin):
                spin.set_number(None if item is None else float(item))


class ChoiceEditor(FieldEditor):
    def __init__(self, spec: HyperParam, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        for choice in spec.choices:
            self.combo.addItem(show_value(choice), choice)
        self._layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self.edited)

    def value(self) -> Any:
        return self.combo.currentData()

    def value_widget(self) -> QWidget:
        return self.combo

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.combo):
            for index in range(self.combo.count()):
                if self.combo.itemData(index) == value:
                    self.combo.setCurrentIndex(index)
                    return
            raise ValueError(f"{value!r} is not one of {self.spec.name}'s choices")


class TextEditor(FieldEditor):
    """Free text, also used for lists of whole numbers such as milestones (``300, 600``)."""

    def __init__(self, spec: HyperParam, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self._layout.addWidget(self.line)
        self._last = ""
        self.line.editingFinished.connect(self._finished)

    def _finished(self) -> None:
        if self.line.text() != self._last:
            self._last = self.line.text()
            self.edited.emit()

    def value(self) -> str | None:
        text = self.line.text().strip()
        return None if self.spec.optional and text.lower() in ("", NONE_TEXT) else text

    def value_widget(self) -> QWidget:
        return self.line

    def set_value(self, value: Any) -> None:
        text = "" if value is None else show_value(value)
        with QSignalBlocker(self.line):
            self.line.setText(text)
        self._last = text


_EDITORS: dict[str, type[FieldEditor]] = {
    "float": FloatEditor,
    "int": IntEditor,
    "bool": BoolEditor,
    "tuple": TupleEditor,
    "choice": ChoiceEditor,
    "int_list": TextEditor,
    "str": TextEditor,
}


def make_editor(spec: HyperParam, owner: str, parent: QWidget | None = None) -> FieldEditor:
    """The editor for ``spec``, with its tooltip; ``owner`` names the optimizer or scheduler."""
    editor = _EDITORS.get(spec.kind, TextEditor)(spec, parent)
    editor.set_tooltip(tooltip_for(spec, owner))
    if spec.default is not None or spec.optional:
        editor.set_value(spec.default)
    return editor
