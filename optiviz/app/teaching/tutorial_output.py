"""The "Tutorial output" panel: the tutorial's ``Epoch N, Loss L`` lines as the run goes.

The lines are the ones ``optiviz run`` prints for the same run: every ``print_every`` epochs,
the epoch's loss (with mini-batches, the mean of its batch losses) from the mirror's history,
formatted by the same ``'Epoch %d, Loss %f'``. Only new lines are appended each frame; a reset
or a step back rebuilds the text from the history.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from optiviz.app.names import name_widget
from optiviz.app.teaching.code_panel import small_monospace
from optiviz.engine.worker.session_state import RunState

#: As ``optiviz run --print-every``'s default.
PRINT_EVERY = 100


def epoch_lines(epoch_loss: Sequence[float], every: int, first: int = 1) -> list[str]:
    """``Epoch N, Loss L`` for every ``every``-th epoch from ``first`` to ``len(epoch_loss)``."""
    if every <= 0:
        return []
    start = -(-first // every) * every
    return [
        "Epoch %d, Loss %f" % (epoch, epoch_loss[epoch - 1])
        for epoch in range(start, len(epoch_loss) + 1, every)
    ]


class TutorialOutput(QWidget):
    """A terminal-like view of the run's printed lines, and how often it prints."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(small_monospace())
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_widget(self.text, "tutorial_output", self.tr("Tutorial output"))
        self.every = QSpinBox()
        self.every.setRange(1, 1_000_000)
        self.every.setValue(PRINT_EVERY)
        self.every.setToolTip(
            self.tr("Print a line every N epochs, as optiviz run --print-every N does.")
        )
        name_widget(
            self.every, "tutorial_print_every", self.tr("Print every N epochs"), control=True
        )
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("print every")))
        row.addWidget(self.every, 1)
        row.addWidget(QLabel(self.tr("epochs")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        self.lines: list[str] = []
        self._key: tuple = ()
        self._epochs = 0
        self._run: RunState | None = None
        self.every.valueChanged.connect(lambda _v: self._rebuild())

    def show_run(self, run: RunState | None, generation: int = 0) -> None:
        """Bring the lines up to ``run``'s epochs done (another run or fewer epochs: rebuild)."""
        self._run = run
        key = (generation, None if run is None else (run.id, run.config))
        epochs = 0 if run is None else len(run.history.epoch_loss)
        if key != self._key or epochs < self._epochs:
            self._key = key
            self._rebuild()
            return
        if epochs > self._epochs:
            assert run is not None
            new = epoch_lines(run.history.epoch_loss, self.every.value(), self._epochs + 1)
            self._epochs = epochs
            if new:
                self.lines += new
                self.text.appendPlainText("\n".join(new))

    def _rebuild(self) -> None:
        run = self._run
        losses = [] if run is None else run.history.epoch_loss
        self.lines = epoch_lines(losses, self.every.value())
        self._epochs = len(losses)
        self.text.setPlainText("\n".join(self.lines))
        self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())
