"""The "noise fan": one optimizer at several batch sizes, as runs of a race (like the lr fan).

The sizes are typed as a list (``1, 4, full``); each is checked by the engine against the
edited run's data, and a size the data cannot take is refused in the dialog with the engine's
message, so nothing changes until every size can run.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from optiviz.app.controls.batch_controls import FULL_BATCH
from optiviz.app.controls.field_errors import ErrorLabel
from optiviz.app.host import WindowHost
from optiviz.app.names import name_action, name_widget
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.engine.runs.race import batch_fan
from optiviz.engine.runs.stochastic import data_size
from optiviz.plots.i18n import fill, tr

#: Wide enough for the engine's reasons to wrap onto a few lines.
MIN_WIDTH = 440
#: Offered sizes below the data's points; the full batch always ends the list.
OFFERED = (1, 4, 16, 64)


def default_sizes(points: int | None) -> list[int | None]:
    """``1, 4, full`` for the tutorial's 11 points: a few sizes below the data, then all."""
    return [s for s in OFFERED if points is not None and s < points] + [None]


def show_sizes(sizes: list[int | None]) -> str:
    return ", ".join("full" if s is None else str(s) for s in sizes)


def parse_sizes(text: str) -> list[int | None]:
    """``"1, 4, full"`` -> ``[1, 4, None]``; raises ConfigError naming a word that is neither."""
    sizes: list[int | None] = []
    for word in text.replace(";", ",").split(","):
        word = word.strip().lower()
        if not word:
            continue
        if word in ("full", FULL_BATCH, "none"):
            sizes.append(None)
        elif word.isdigit():
            sizes.append(int(word))
        else:
            raise ConfigError(
                ("batch_size",), f"'{word}' is not a whole number of points or 'full'"
            )
    if not sizes:
        raise ConfigError(("batch_size",), "give at least one batch size, e.g. 1, 4, full")
    return sizes


class NoiseFanDialog(QDialog):
    """Asks for the batch sizes; OK only once the engine takes every one of them."""

    def __init__(self, config: RunConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("noise fan"))
        self.setMinimumWidth(MIN_WIDTH)
        self.config = config
        self.sizes: list[int | None] = []
        points = data_size(build_problem(config))
        form = QFormLayout(self)
        about = QLabel(
            fill(
                tr(
                    "%1 at several batch sizes, as more runs of the race: the smaller the "
                    "batch, the noisier each step."
                ),
                config.optimizer,
            )
        )
        about.setWordWrap(True)
        form.addRow(about)
        self.sizes_edit = QLineEdit(show_sizes(default_sizes(points)))
        name_widget(self.sizes_edit, "noise_fan_sizes", tr("Batch sizes of the noise fan"))
        self.sizes_edit.setToolTip(
            "Batch sizes separated by commas; 'full' is the whole data in one step. "
            + (f"The data have {points} points." if points else "This problem has no data.")
        )
        form.addRow(tr("Batch sizes"), self.sizes_edit)
        self.replace_box = QCheckBox(tr("Replace the current runs"))
        name_widget(self.replace_box, "noise_fan_replace", tr("Replace the current runs"))
        form.addRow(self.replace_box)
        self.error = ErrorLabel()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.sizes_edit.textEdited.connect(lambda _text: self.error.clear_messages())

    def accept(self) -> None:
        """Close only if every size runs on the edited run's data; else say why."""
        try:
            sizes = parse_sizes(self.sizes_edit.text())
            batch_fan(self.config, sizes)
        except ConfigError as err:
            self.error.set_message("batch size", err.message)
            self.adjustSize()  # room for the reason, which wraps
            return
        self.sizes = sizes
        super().accept()

    def values(self) -> tuple[list[int | None], bool]:
        return list(self.sizes), self.replace_box.isChecked()


def ask_noise_fan(window: WindowHost) -> bool:
    """Show the dialog and add its runs; True if runs were added."""
    from optiviz.app.race.install import refuse  # install imports this module

    dialog = NoiseFanDialog(window.model.edited_config, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    sizes, replace = dialog.values()
    try:
        window.model.add_batch_fan(sizes, replace=replace)
    except ConfigError as err:
        refuse(window, "noise fan", err)
        return False
    return True


def noise_fan_action(window: WindowHost) -> QAction:
    """The Run menu's "noise fan…" action."""
    action = name_action(QAction(tr("&noise fan…"), window), "noise_fan")
    action.setStatusTip(tr("The controls' optimizer at several batch sizes, as runs of the race"))
    action.triggered.connect(lambda _checked=False: ask_noise_fan(window))
    return action
