"""Tools → LR range test: the loss against a growing lr, and the suggested lr in one click.

The sweep is :func:`optiviz.engine.runs.lr_find.lr_find` on a fresh copy of the settings, run in a
thread of its own (the window keeps drawing); it never touches the runs on screen. Cancel or
closing the dialog discards the result and tells the sweep to stop: the sweep looks at its stop
flag between steps and before each of LBFGS's loss evaluations, so it ends within milliseconds.
The dialog waits at most :data:`JOIN_WAIT` seconds for it (a first torch step can spend longer
in imports that cannot be interrupted); a sweep still busy then ends on its own, touching no
widget.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.lr_find import MAX_LR, MIN_LR, STEPS, LRFindResult, lr_find
from optiviz.plots.i18n import fill, tr
from optiviz.plots.theme import get_theme, run_color

POLL_MS = 30
#: The longest Cancel or Close waits for the sweep's thread to end (seconds).
JOIN_WAIT = 0.05
SUGGESTION_COLOR = "#ffb400"


def round_significant(value: float, digits: int = 3) -> float:
    """``value`` to ``digits`` significant digits: 0.0394420605943 → 0.0394."""
    return float(f"{value:.{digits - 1}e}") if value else 0.0


class Sweep:
    """``lr_find`` in a daemon thread; :attr:`result` or :attr:`error` once :attr:`done`."""

    def __init__(self, config: RunConfig, min_lr: float, max_lr: float, steps: int) -> None:
        self.config = config.copy()
        self.args = (min_lr, max_lr, steps)
        self.result: LRFindResult | None = None
        self.error: str = ""
        self.done = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="optiviz-lr-find", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _work(self) -> None:
        try:
            self.result = lr_find(self.config, *self.args, stop=self._stop.is_set)
        except ConfigError as err:
            self.error = str(err)
        except Exception as err:  # torch refused something the settings check could not see
            self.error = f"the range test failed: {err}"
        finally:
            self.done = True

    def stop(self, wait: float = JOIN_WAIT) -> None:
        """Ask the sweep to stop and wait for its thread at most ``wait`` seconds."""
        self._stop.set()
        self.join(wait)

    def join(self, wait: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(wait)


class LRFindDialog(QDialog):
    """Runs the range test for ``config``; ``apply_lr(lr)`` is called by "Apply suggested lr"."""

    def __init__(
        self,
        config: RunConfig,
        apply_lr: Callable[[float], None],
        parent: QWidget | None = None,
        *,
        theme: str = "dark",
        min_lr: float = MIN_LR,
        max_lr: float = MAX_LR,
        steps: int = STEPS,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("LR range test"))
        self.setObjectName("lr_find_dialog")
        self.resize(640, 460)
        self.config = config.copy()
        self._apply_lr = apply_lr
        self.theme = get_theme(theme)
        self.result: LRFindResult | None = None
        self.cancelled = False
        self.sweep = Sweep(self.config, min_lr, max_lr, steps)

        self.intro = QLabel(
            fill(
                tr(
                    "%1 on a fresh copy of the current problem: one step per lr, the lr "
                    "growing from %2 to %3 over %4 steps. The runs on screen are not touched."
                ),
                self.config.optimizer,
                format(min_lr, "g"),
                format(max_lr, "g"),
                steps,
            )
        )
        self.intro.setWordWrap(True)
        self.plot = pg.PlotWidget(background=self.theme.background)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", tr("learning rate"))
        item.setLabel("left", tr("loss"))
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=self.theme.grid_alpha)
        item.addLegend(offset=(10, -10))  # bottom left: the curves start high
        self.raw_curve = item.plot(
            pen=pg.mkPen(self.theme.muted, width=1), name=tr("loss after the step")
        )
        self.curve = item.plot(pen=pg.mkPen(run_color(0), width=2.5), name=tr("smoothed loss"))
        self.marker = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen(SUGGESTION_COLOR, width=2, style=Qt.PenStyle.DashLine),
            label="suggested lr",
            labelOpts={
                "position": 0.92,
                "color": SUGGESTION_COLOR,
                "anchors": [(-0.05, 0.5), (-0.05, 0.5)],
                "fill": (0, 0, 0, 140),
            },
        )
        self.marker.setVisible(False)
        item.addItem(self.marker, ignoreBounds=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: lr_find reports no steps on the way
        self.progress.setFormat(tr("sweeping…"))
        self.summary = QLabel(tr("sweeping the learning rate…"))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.apply_button = QPushButton(tr("Apply suggested lr"))
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(
            tr("Set the suggested lr in the controls; the run uses it from its next epoch")
        )
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Stop waiting for the sweep and change nothing"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.apply_button.clicked.connect(self.apply_suggestion)
        self.cancel_button.clicked.connect(self.cancel)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.sweep.start()
        self._timer.start()

    # -- the sweep -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return not self.sweep.done

    def _poll(self) -> None:
        if not self.sweep.done:
            return
        self._timer.stop()
        self.sweep.join()
        if self.cancelled:
            return
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setVisible(False)
        if self.sweep.error:
            self.progress.setFormat(tr("refused"))
            self.summary.setText(self.sweep.error)
        else:
            self.progress.setFormat(tr("done"))
            self.show_result(self.sweep.result)
        self.cancel_button.setText(tr("Close"))
        self.cancel_button.setToolTip(tr("Close the range test and change nothing"))

    def show_result(self, result: LRFindResult) -> None:
        self.result = result
        lrs = np.asarray(result.lr, dtype=np.float64)
        losses = np.asarray(result.loss, dtype=np.float64)
        smoothed = np.asarray(result.smoothed, dtype=np.float64)
        positive = len(losses) > 0 and bool(np.all(losses > 0) and np.all(smoothed > 0))
        self.plot.getPlotItem().setLogMode(x=True, y=positive)
        self.plot.getPlotItem().setLabel("left", tr("loss (log scale)") if positive else tr("loss"))
        self.raw_curve.setData(lrs, losses)
        self.curve.setData(lrs, smoothed)
        lines = []
        suggestion = self.suggestion
        if suggestion is not None:
            self.marker.setVisible(True)  # a hidden line's label does not follow its value
            self.marker.label.setFormat(fill(tr("suggested lr %1"), f"{suggestion:g}"))
            self.marker.setValue(math.log10(suggestion))
            self.marker.label.valueChanged()
            lines.append(
                fill(
                    tr(
                        "Suggested lr: %1 — where the smoothed loss falls fastest "
                        "(fastai's 'steep' rule)."
                    ),
                    f"{suggestion:g}",
                )
            )
        else:
            self.marker.setVisible(False)
            lines.append(tr("No suggestion: the smoothed loss never fell over the sweep."))
        if result.stopped_early:
            stopped = tr("Stopped early after %1 of %2 steps %3.")
            lines.append(fill(stopped, len(lrs), result.steps, result.reason))
        else:
            lines.append(fill(tr("Swept all %1 steps without diverging."), result.steps))
        self.summary.setText("\n".join(lines))
        self.apply_button.setEnabled(suggestion is not None)
        if suggestion is not None:
            self.apply_button.setText(fill(tr("Apply suggested lr (%1)"), format(suggestion, "g")))

    @property
    def suggestion(self) -> float | None:
        """The suggested lr to 3 significant digits, as shown and applied (None: no result)."""
        if self.result is None or self.result.suggestion is None:
            return None
        return round_significant(float(self.result.suggestion))

    # -- buttons -------------------------------------------------------------------------------
    def apply_suggestion(self) -> None:
        suggestion = self.suggestion
        if suggestion is None:
            return
        self._apply_lr(suggestion)
        self.accept()

    def cancel(self) -> None:
        if self.running:
            self.cancelled = True
        self.reject()

    def _stop_sweep(self) -> None:
        if self.running:
            self.cancelled = True
        self._timer.stop()
        self.sweep.stop()

    def done(self, code: int) -> None:
        self._stop_sweep()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_sweep()
        super().closeEvent(event)
