"""The status bar: the run's state, epoch, loss, parameters and lr, in plain words."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from optiviz.engine.worker.session_state import RunState, SessionState

#: How long a passing message (a refused edit, a restarted worker) stays, in milliseconds.
MESSAGE_MS = 8000


def _num(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:.6g}"


def run_state_text(run: RunState, playing: bool) -> str:
    """``running``, ``paused``, ``finished`` or ``diverged at epoch 12: the loss is inf``."""
    status = run.status
    if status == "diverged":
        at = f" at epoch {run.diverged_at}" if run.diverged_at is not None else ""
        reason = f": {run.reason}" if run.reason else ""
        return f"diverged{at}{reason}"
    if status == "finished":
        return "finished"
    if playing:
        return "running"
    return "paused" if run.epoch else "ready"


def session_state_text(state: SessionState, playing: bool) -> str:
    """The state of the whole session (the first diverged run wins, then running...)."""
    texts = [run_state_text(run, playing) for run in state.runs]
    for text in texts:
        if text.startswith("diverged"):
            return text if len(texts) == 1 else f"run {texts.index(text) + 1} {text}"
    if playing and any(t == "running" for t in texts):
        return "running"
    if all(t == "finished" for t in texts):
        return "finished"
    return texts[0] if texts else "ready"


def params_text(state: SessionState, run: RunState) -> str:
    """``w 5.21, b -17.3`` and, for the linear fit, the line in the data's raw units."""
    history = run.history
    values = history.params[-1] if len(history) else history.start
    names = state.problem.param_names
    text = f"{names[0]} {_num(float(values[0]))}, {names[1]} {_num(float(values[1]))}"
    shown = state.problem.dataset
    dataset = (run.config.dataset or shown) if shown is not None else None
    if dataset is not None and dataset.shift_factor != (0.0, 1.0):
        slope, intercept = dataset.raw_coefficients(float(values[0]), float(values[1]))
        text += f" (raw x: slope {_num(slope)}, intercept {_num(intercept)})"
    return text


class RunStatusBar(QStatusBar):
    """Permanent fields for the run and a passing message on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state_label = QLabel("ready")
        self.epoch_label = QLabel()
        self.loss_label = QLabel()
        self.params_label = QLabel()
        self.lr_label = QLabel()
        widths = ((self.state_label, 90), (self.epoch_label, 120), (self.loss_label, 100))
        widths += ((self.params_label, 150), (self.lr_label, 70))
        for label, width in widths:
            # A fixed minimum: changing numbers must not resize the window's minimum each frame.
            label.setMinimumWidth(width)
            self.addPermanentWidget(label)
        self._shown: tuple | None = None

    def text(self) -> str:
        """Every field, as one line (for tests and for the window's own checks)."""
        labels = (
            self.state_label,
            self.epoch_label,
            self.loss_label,
            self.params_label,
            self.lr_label,
        )
        parts = [label.text() for label in labels if label.text()]
        if self.currentMessage():
            parts.insert(0, self.currentMessage())
        return " · ".join(parts)

    def show_state(self, state: SessionState, playing: bool, run_index: int = 0) -> None:
        """Show one run's numbers (and how many runs there are in a race)."""
        run = state.runs[min(max(run_index, 0), len(state.runs) - 1)]
        history = run.history
        n = len(history)
        key = (id(state), id(history), n, run.status, playing, run.config.lr, run.config.epochs)
        if key == self._shown:
            return
        self._shown = key
        state_text = session_state_text(state, playing)
        self.state_label.setText(state_text)
        self.state_label.setStyleSheet(
            "color: #ff5c5c; font-weight: bold;" if "diverged" in state_text else ""
        )
        epochs = f"epoch {n:,}/{run.config.epochs:,}"
        if len(state.runs) > 1:
            epochs += f" · {len(state.runs)} runs (numbers of run {run.id + 1})"
        self.epoch_label.setText(epochs)
        self.loss_label.setText(f"loss {_num(float(history.loss[-1]))}" if n else "loss -")
        self.params_label.setText(params_text(state, run))
        lr = float(history.lr[-1]) if n and run.config.scheduler else run.config.lr
        self.lr_label.setText(f"lr {_num(lr)}")

    def flash(self, message: str) -> None:
        """A passing message (refused edits, worker restarts, divergence)."""
        self.showMessage(message, MESSAGE_MS)
