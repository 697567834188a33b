"""The status bar: the run's state, epoch, loss, parameters and lr, in plain words."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QStyle, QStyleOption, QWidget

from optiviz.app.network_status import metrics_text
from optiviz.app.warning_look import set_warning_look
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.engine_words import engine_words
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

#: How long a passing message (a refused edit, a restarted worker) stays, in milliseconds.
MESSAGE_MS = 8000


#: Four significant digits: ``11.39``, ``0.0123``, ``1.139e+05``; the exponent is never cut.
NUMBER_FORMAT = ".4g"
#: The widest text each permanent field is sized for (numbers of ``NUMBER_FORMAT``).
WIDEST = {
    "state": "diverged",
    "epoch": "epoch 88,888/88,888",
    "loss": "loss -8.888e+88",
    "lr": "lr 8.888e-88",
}


def status_number(value: float) -> str:
    """A number as the status bar shows it (see :data:`NUMBER_FORMAT`)."""
    if not math.isfinite(value):
        return str(value)
    return format(value, NUMBER_FORMAT)


#: The run states, as :func:`run_state` names them, in the words shown.
STATE_WORDS = {
    "diverged": QT_TR_NOOP("diverged"),
    "finished": QT_TR_NOOP("finished"),
    "running": QT_TR_NOOP("running"),
    "paused": QT_TR_NOOP("paused"),
    "ready": QT_TR_NOOP("ready"),
}


def run_state(run: RunState, playing: bool) -> str:
    """The run's state code: a key of :data:`STATE_WORDS` (compared, never the words)."""
    if run.status in ("diverged", "finished"):
        return run.status
    if playing:
        return "running"
    return "paused" if run.epoch else "ready"


def run_state_text(run: RunState, playing: bool) -> str:
    """``running``, ``paused``, ``finished`` or ``diverged at epoch 12: the loss is inf``."""
    state = run_state(run, playing)
    if state != "diverged":
        return tr(STATE_WORDS[state])
    text = tr("diverged")
    if run.diverged_at is not None:
        text = fill(tr("diverged at epoch %1"), run.diverged_at)
    return fill(tr("%1: %2"), text, engine_words(run.reason)) if run.reason else text


def session_state(state: SessionState, playing: bool) -> str:
    """The whole session's state code: the first diverged run wins, then running..."""
    codes = [run_state(run, playing) for run in state.runs]
    for code in ("diverged", "running"):
        if code in codes and (code == "diverged" or playing):
            return code
    if codes and all(c == "finished" for c in codes):
        return "finished"
    return codes[0] if codes else "ready"


def session_state_text(state: SessionState, playing: bool) -> str:
    """The state of the whole session in words (the first diverged run's, with its number)."""
    code = session_state(state, playing)
    if code != "diverged":
        return tr(STATE_WORDS[code])
    index = next(i for i, run in enumerate(state.runs) if run.status == "diverged")
    text = run_state_text(state.runs[index], playing)
    return text if len(state.runs) == 1 else fill(tr("run %1 %2"), index + 1, text)


def params_text(state: SessionState, run: RunState, epoch: int | None = None) -> str:
    """``w 5.21, b -17.3`` after ``epoch`` epochs (None: the latest) and, for the linear fit,
    the line in the data's raw units."""
    history = run.history
    n = len(history) if epoch is None else min(max(epoch, 0), len(history))
    values = history.params_at(n)
    names = state.problem.param_names
    text = f"{names[0]} {status_number(float(values[0]))}, {names[1]} "
    text += status_number(float(values[1]))
    shown = state.problem.dataset
    dataset = (run.config.dataset or shown) if shown is not None else None
    if dataset is not None and dataset.shift_factor != (0.0, 1.0):
        slope, intercept = dataset.raw_coefficients(float(values[0]), float(values[1]))
        text += fill(
            tr(" (raw x: slope %1, intercept %2)"), status_number(slope), status_number(intercept)
        )
    return text


def loss_text(run: RunState, epoch: int | None = None) -> str:
    """``loss 11.39`` of ``epoch`` (None: the latest). Mid-epoch, phase by phase, the loss the
    current epoch's forward pass has computed and shown, marked with the epoch it belongs to."""
    history = run.history
    n = len(history)
    if epoch is None:
        record = run.phase
        loss = getattr(record, "loss", None)
        if record is not None and record.phase not in ("step", "diverged") and loss is not None:
            return fill(tr("loss %1 (epoch %2)"), status_number(float(loss)), record.epoch)
        epoch = n
    epoch = min(max(epoch, 0), n)
    if epoch and history.steps_per_epoch > 1:
        return batch_loss_text(run, epoch)
    if not epoch:
        return tr("loss -")
    return fill(tr("loss %1"), status_number(float(history.loss[epoch - 1])))


def batch_loss_text(run: RunState, steps: int) -> str:
    """``batch loss 12.3 · epoch loss 11.9``: the last step's batch loss and the mean loss of
    the last epoch completed by ``steps`` steps (mini-batches)."""
    history = run.history
    text = fill(tr("batch loss %1"), status_number(float(history.loss[steps - 1])))
    done = steps // history.steps_per_epoch
    if done:
        text += fill(tr(" · epoch loss %1"), status_number(float(history.epoch_loss[done - 1])))
    return text


def epoch_text(run: RunState, steps: int) -> str:
    """``epoch 12/1,000`` after ``steps`` steps; with mini-batches ``epoch 3/1,000 · step
    1/3``: the epoch the last step belongs to and its place among the epoch's K steps."""
    total = run.config.epochs
    per_epoch = run.history.steps_per_epoch
    if per_epoch <= 1:
        return fill(tr("epoch %1/%2"), f"{steps:,}", f"{total:,}")
    if steps == 0:
        return fill(tr("epoch %1/%2 · step %3/%4"), 0, f"{total:,}", 0, per_epoch)
    epoch = (steps - 1) // per_epoch + 1
    step = steps - (epoch - 1) * per_epoch
    return fill(tr("epoch %1/%2 · step %3/%4"), f"{epoch:,}", f"{total:,}", step, per_epoch)


class ElidedLabel(QLabel):
    """A one-line label that asks for at most ``share`` of its parent's width and may shrink
    to ``minimum`` pixels, eliding its text at the right (the whole text is its tooltip): the
    parameters leave the passing message some room."""

    def __init__(self, minimum: int, share: float = 0.35, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minimum = minimum
        self._share = share

    def minimumSizeHint(self) -> QSize:
        return QSize(self._minimum, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        parent = self.parentWidget()
        if parent is not None:
            cap = max(self._minimum, int(parent.width() * self._share))
            hint.setWidth(min(hint.width(), cap))
        return hint

    def paintEvent(self, event: QPaintEvent) -> None:
        text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            text,
            self.foregroundRole(),
        )


class RunStatusBar(QStatusBar):
    """Permanent fields for the run and a passing message on the left.

    A message longer than the room left of the state word is drawn elided (the full text is
    the tooltip; :meth:`currentMessage` and ``messageChanged`` keep the whole text).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state_label = QLabel(tr("ready"))
        self.epoch_label = QLabel()
        self.loss_label = QLabel()
        self.params_label = ElidedLabel(150)
        self.lr_label = QLabel()
        metrics = self.fontMetrics()
        widths = {key: metrics.horizontalAdvance(text) + 8 for key, text in WIDEST.items()}
        fields = (
            (self.state_label, widths["state"]),
            (self.epoch_label, widths["epoch"]),
            (self.loss_label, widths["loss"]),
            (self.params_label, 150),
            (self.lr_label, widths["lr"]),
        )
        for label, width in fields:
            # A fixed minimum: changing numbers must not resize the window's minimum each frame.
            label.setMinimumWidth(width)
            self.addPermanentWidget(label)
        self._fields = tuple(label for label, _ in fields)
        self._shown: tuple | None = None
        self.messageChanged.connect(self._on_message_changed)

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

    def show_state(
        self,
        state: SessionState,
        playing: bool,
        run_index: int = 0,
        *,
        epoch: int | None = None,
    ) -> None:
        """Show one run's numbers (and how many runs there are in a race); ``epoch``: the
        epoch the timeline shows (None: the latest)."""
        run = state.runs[min(max(run_index, 0), len(state.runs) - 1)]
        history = run.history
        n = len(history)
        if epoch is not None and epoch >= n:
            epoch = None
        record = run.phase
        key = (id(state), id(history), n, run.status, playing, run.config.lr, run.config.epochs)
        key += (epoch, id(record), id(run.metrics))
        if key == self._shown:
            return
        self._shown = key
        state_text = session_state_text(state, playing)
        self.state_label.setText(state_text)
        set_warning_look(self.state_label, session_state(state, playing) == "diverged")
        shown = n if epoch is None else epoch
        epochs = epoch_text(run, shown)
        if epoch is not None:
            latest = fill(tr("step %1"), f"{n:,}") if history.steps_per_epoch > 1 else f"{n:,}"
            epochs += fill(tr(" (timeline; latest %1)"), latest)
        if len(state.runs) > 1:
            epochs += fill(tr(" · %1 runs (numbers of run %2)"), len(state.runs), run.id + 1)
        self.epoch_label.setText(epochs)
        self.loss_label.setText(loss_text(run, epoch))
        if state.problem.name == NETWORK_PROBLEM:  # no (w, b): how well the network does
            self.params_label.setText(metrics_text(run, shown))
        else:
            self.params_label.setText(params_text(state, run, epoch))
        self.params_label.setToolTip(self.params_label.text())
        if epoch is not None and epoch > 0:
            lr = float(history.lr[epoch - 1])
        else:
            lr = float(history.lr[-1]) if n and run.config.scheduler else run.config.lr
        self.lr_label.setText(f"lr {status_number(lr)}")

    def flash(self, message: str) -> None:
        """A passing message (refused edits, worker restarts, divergence)."""
        self.showMessage(message, MESSAGE_MS)

    # -- the elided message --------------------------------------------------------------------
    def message_room(self) -> QRect:
        """Where the message is drawn: from the left edge to the first permanent field."""
        right = self.width() - 12
        for label in self._fields:
            if label.isVisible():
                right = min(right, label.x() - 2)
                break
        return QRect(6, 0, max(0, right - 6), self.height())

    def shown_message(self) -> str:
        """The message as drawn: elided to fit left of the state word."""
        text = self.currentMessage()
        width = self.message_room().width()
        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        """QStatusBar's painting, with the message elided instead of cut."""
        if not self.currentMessage():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for label in self._fields:
            if label.isVisible():
                frame = QStyleOption()
                frame.rect = label.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                self.style().drawPrimitive(
                    QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, label
                )
        painter.setPen(self.palette().windowText().color())
        flags = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        shown = self.shown_message()
        painter.drawText(self.message_room(), int(flags | Qt.TextFlag.TextSingleLine), shown)
        tip = self.currentMessage() if shown != self.currentMessage() else ""
        if self.toolTip() != tip:
            self.setToolTip(tip)

    def _on_message_changed(self, message: str) -> None:
        if not message:
            self.setToolTip("")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.params_label.updateGeometry()  # its size hint follows the bar's width
