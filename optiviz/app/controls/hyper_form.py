"""A form generated from a tuple of :class:`HyperParam` specs (optimizer or scheduler)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from optiviz.app.controls.field_editors import FieldEditor, make_editor
from optiviz.app.controls.field_errors import ErrorLabel
from optiviz.app.names import CONTROL
from optiviz.engine.catalogue.hyperparams import HyperParam

#: Every form label has this width at least, so that the fields of all groups line up.
LABEL_WIDTH = 108


def field_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setMinimumWidth(LABEL_WIDTH)
    return label


class HyperForm(QWidget):
    """One row per spec, in the catalogue's order, with a red reason line under the rows.

    ``edited(key)`` fires when the user finishes changing a field. ``values()`` returns every
    field as shown, valid or not; the panel decides what is kept.
    """

    edited = Signal(str)

    def __init__(
        self, specs: tuple[HyperParam, ...], owner: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.specs = specs
        self.editors: dict[str, FieldEditor] = {}
        self._prefix = ""  # set by name_fields
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(3)
        for spec in specs:
            editor = make_editor(spec, owner)
            editor.edited.connect(lambda key=spec.name: self.edited.emit(key))
            label = field_label(spec.name)
            label.setToolTip(editor.toolTip())
            self.form.addRow(label, editor)
            self.editors[spec.name] = editor
        layout.addLayout(self.form)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)

    def name_fields(self, prefix: str, owner: str) -> None:
        """Name each field ``<prefix>.<key>`` and say it as "<owner> <key>" ("Optimizer
        momentum"); the form is rebuilt with each optimizer or scheduler, and so are the names."""
        self._prefix = prefix
        for key, editor in self.editors.items():
            editor.set_names(f"{prefix}.{key}", f"{owner} {key.replace('_', ' ')}")

    def deleteLater(self) -> None:
        """A form on its way out gives up its names at once, so ``findChild`` finds the new."""
        if self._prefix:
            for widget in self.findChildren(QWidget):
                if widget.objectName().startswith(f"{self._prefix}."):
                    widget.setObjectName("")
                    widget.setProperty(CONTROL, None)
        super().deleteLater()

    def keys(self) -> list[str]:
        return list(self.editors)

    def editor(self, key: str) -> FieldEditor:
        return self.editors[key]

    def values(self) -> dict[str, Any]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        """Show ``values`` (missing keys at torch's defaults) without emitting."""
        for spec in self.specs:
            if spec.name in values:
                self.editors[spec.name].set_value(values[spec.name])
            elif spec.default is not None or spec.optional:
                self.editors[spec.name].set_value(spec.default)

    def set_error(self, key: str, message: str | None) -> None:
        self.editors[key].set_error(message)
        self.error_label.set_message(key, message)

    def errors(self) -> dict[str, str]:
        return {k: e.error() for k, e in self.editors.items() if e.error() is not None}

    def clear_errors(self) -> None:
        for editor in self.editors.values():
            editor.set_error(None)
        self.error_label.clear_messages()
