"""Two rows for the controls' Problem group: the data's feature scaling and a typed f(x, y).

The scaling row shows for the linear fit, the formula row for the "expression" problem. A
formula is applied with Enter; a refused one stays in its field with a red border and the
engine's one-line reason (it names the column), and the run keeps its problem.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit

from optiviz.app.controls.field_errors import ErrorFrame, ErrorLabel
from optiviz.app.controls.hyper_form import field_label
from optiviz.app.names import name_widget
from optiviz.engine.problems.expression import ALLOWED
from optiviz.engine.problems.library import SCALINGS, Dataset
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

EXPRESSION = "expression"
#: What the formula field holds before anything is typed: a few basins and saddles.
DEFAULT_FORMULA = "sin(x)*cos(y) + 0.1*(x**2 + y**2)"
SCALING_TEXT = {
    "none": QT_TR_NOOP("none (raw x)"),
    "tutorial": QT_TR_NOOP("tutorial (x × 0.1)"),
    "standardize": QT_TR_NOOP("standardize ((x − mean) / std)"),
}
SCALING_TIP = QT_TR_NOOP(
    "How x is scaled before fitting: none, the tutorial's ×0.1, or standardized to mean 0 "
    "and standard deviation 1. Scaling changes the loss surface the optimizer sees (its "
    "w and b), not the line: the status bar and the data pane show the line in raw units.\n"
    "Changing it starts a new run."
)


def _form_of(controls) -> QFormLayout | None:
    parent = controls.problem_note.parentWidget()
    layout = parent.layout() if parent is not None else None
    return layout if isinstance(layout, QFormLayout) else None


class ProblemFields(QObject):
    """The rows, put into ``controls`` (a ControlsPanel) under its problem note."""

    scalingChosen = Signal(str)
    formulaEntered = Signal(str)

    def __init__(self, controls) -> None:
        super().__init__(controls)
        self.controls = controls
        combo = controls.problem_combo
        if combo.findData(EXPRESSION) < 0:
            combo.addItem(EXPRESSION, EXPRESSION)
            combo.setItemData(
                combo.count() - 1,
                tr("Your own loss f(x, y), typed in torch operations"),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.scaling_combo = QComboBox()
        for name in SCALINGS:
            self.scaling_combo.addItem(tr(SCALING_TEXT.get(name, name)), name)
        name_widget(self.scaling_combo, "scaling", tr("Data scaling"), control=True)
        self.scaling_frame = ErrorFrame(self.scaling_combo)
        self.scaling_frame.set_tooltip(tr(SCALING_TIP))
        self.formula_edit = QLineEdit(DEFAULT_FORMULA)
        self.formula_edit.setPlaceholderText(DEFAULT_FORMULA)
        self.formula_edit.setClearButtonEnabled(True)
        name_widget(self.formula_edit, "expression", tr("Loss formula"), control=True)
        self.formula_frame = ErrorFrame(self.formula_edit)
        self.formula_frame.set_tooltip(
            fill(
                tr(
                    "The loss f(x, y) to minimise, in torch operations: %1.\n"
                    "Press Enter to start a run on it."
                ),
                ALLOWED,
            )
        )
        self.formula_errors = ErrorLabel()
        self.scaling_label = field_label(tr("scaling"))
        self.formula_label = field_label("f(x, y)")
        form = _form_of(controls)
        row = form.getWidgetPosition(controls.problem_note)[0] + 1 if form is not None else -1
        if form is not None and row > 0:
            form.insertRow(row, self.scaling_label, self.scaling_frame)
            form.insertRow(row + 1, self.formula_label, self.formula_frame)
            form.insertRow(row + 2, self.formula_errors)
        self.form = form
        self.scaling_combo.currentIndexChanged.connect(
            lambda _i: self.scalingChosen.emit(self.scaling_combo.currentData())
        )
        self.formula_edit.returnPressed.connect(
            lambda: self.formulaEntered.emit(self.formula_edit.text())
        )
        self.formula_edit.textEdited.connect(lambda _text: self.show_formula_error(None))
        self.sync(controls.config())

    # -- what is shown -------------------------------------------------------------------------
    def problem_shown(self) -> str:
        return self.controls.problem_combo.currentData() or ""

    def sync(self, config: RunConfig) -> None:
        """Show the scaling and formula of ``config`` and the rows its problem uses."""
        scaling = (config.dataset or Dataset()).scaling
        with QSignalBlocker(self.scaling_combo):
            self.scaling_combo.setCurrentIndex(max(self.scaling_combo.findData(scaling), 0))
        if config.expression and config.problem == EXPRESSION:
            self.formula_edit.setText(config.expression)
            self.show_formula_error(None)
        self.show_rows()

    def show_rows(self) -> None:
        shown = self.problem_shown()
        if self.form is None:
            return
        self.form.setRowVisible(self.scaling_frame, shown == "linear")
        self.form.setRowVisible(self.formula_frame, shown == EXPRESSION)
        if shown != EXPRESSION:
            self.show_formula_error(None)

    def show_formula_error(self, message: str | None) -> None:
        self.formula_frame.set_error(message)
        self.formula_errors.set_message("f(x, y)", message)
