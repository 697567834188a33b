"""Run → Tune lr…: each optimizer of the race over a log grid of lrs, and its best applied.

The tuning is :func:`optiviz.engine.runs.tune_lr.tune_lr` on fresh copies of the race's runs,
in a thread of its own as the LR range test runs (the window keeps drawing, the runs on screen
are not touched). Cancel or closing the dialog tells it to stop and waits at most
:data:`~optiviz.app.explore.lr_dialog.JOIN_WAIT` seconds. The curves show the final loss
against the lr (log x) per setting, the best marked; "Apply best lrs" hands each run's best lr
to ``apply`` (which edits the model) and closes.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
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

from optiviz.app.explore.lr_dialog import JOIN_WAIT, POLL_MS
from optiviz.app.names import name_widget
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.tune_lr import TuneResult, Tuning, lr_grid, tune_lr
from optiviz.engine.worker.session_state import run_label
from optiviz.plots.i18n import fill, tr
from optiviz.plots.theme import get_theme, run_color

BEST_SYMBOL_SIZE = 16


class TuneJob:
    """``tune_lr`` in a daemon thread; :attr:`result` or :attr:`error` once :attr:`done`."""

    def __init__(self, configs: Sequence[RunConfig], lrs: Sequence[float]) -> None:
        self.configs = [c.copy() for c in configs]
        self.lrs = list(lrs)
        self.result: TuneResult | None = None
        self.error = ""
        self.done = False
        self.progress = (0, 0)  # trials done, trials in all
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="optiviz-tune-lr", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _work(self) -> None:
        try:
            self.result = tune_lr(
                self.configs, self.lrs, stop=self._stop.is_set, progress=self._progress
            )
        except ConfigError as err:
            self.error = str(err)
        except Exception as err:  # torch refused something the settings check could not see
            self.error = f"tuning failed: {err}"
        finally:
            self.done = True

    def _progress(self, done: int, total: int) -> None:
        self.progress = (done, total)

    def stop(self, wait: float = JOIN_WAIT) -> None:
        """Ask the tuning to stop and wait for its thread at most ``wait`` seconds."""
        self._stop.set()
        self.join(wait)

    def join(self, wait: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(wait)


def describe(tuning: Tuning) -> str:
    """ "runs 1, 3: SGD momentum=0.9" — the setting without its lr."""
    runs = ", ".join(str(i + 1) for i in tuning.runs)
    words = run_label(tuning.config).split(" ")
    setting = " ".join(w for w in words if not w.startswith("lr="))
    return f"run{'s' if len(tuning.runs) > 1 else ''} {runs}: {setting}"


class TuneLrDialog(QDialog):
    """Tunes ``configs``; ``apply(best)`` gets one best lr (or None) per run."""

    def __init__(
        self,
        configs: Sequence[RunConfig],
        apply: Callable[[list[float | None]], None],
        parent: QWidget | None = None,
        *,
        theme: str = "dark",
        colors: Sequence[str] = (),
        lrs: Sequence[float] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Tune lr"))
        name_widget(self, "tune_lr_dialog", tr("Tune lr"))
        self.resize(680, 500)
        self.configs = [c.copy() for c in configs]
        self.colors = [c or run_color(i) for i, c in enumerate(colors)] or [
            run_color(i) for i in range(len(self.configs))
        ]
        self._apply = apply
        self.theme = get_theme(theme)
        self.result: TuneResult | None = None
        self.cancelled = False
        grid = list(lrs) if lrs is not None else lr_grid()
        self.job = TuneJob(self.configs, grid)

        self.intro = QLabel(
            fill(
                tr(
                    "Each optimizer of the race on fresh copies of its run, at %1 learning "
                    "rates from %2 to %3 (log-spaced), each for the run's %4 epochs. The best "
                    "lr has the lowest final loss; a run that diverges is never best. The runs "
                    "on screen are not touched."
                ),
                len(grid),
                format(grid[0], "g"),
                format(grid[-1], "g"),
                self.configs[0].epochs,
            )
        )
        self.intro.setWordWrap(True)
        self.plot = pg.PlotWidget(background=self.theme.background)
        name_widget(self.plot, "tune_lr.plot", tr("Final loss against the learning rate"))
        item = self.plot.getPlotItem()
        item.setLabel("bottom", tr("learning rate"))
        item.setLabel("left", tr("final loss"))
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=self.theme.grid_alpha)
        item.setLogMode(x=True, y=False)
        self.legend = item.addLegend(offset=(-10, 10))
        self.curves: list[pg.PlotDataItem] = []
        self.best_marks: list[pg.ScatterPlotItem] = []
        self.progress = QProgressBar()
        name_widget(self.progress, "tune_lr.progress", tr("Tuning progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(tr("%v of %m runs"))
        self.summary = QLabel(tr("tuning…"))
        name_widget(self.summary, "tune_lr.summary", tr("Best learning rates"))
        self.summary.setWordWrap(True)
        self.apply_button = QPushButton(tr("Apply best lrs"))
        name_widget(self.apply_button, "tune_lr.apply", tr("Apply best lrs"))
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(tr("Start the race again with each run at its best lr"))
        self.cancel_button = QPushButton(tr("Cancel"))
        name_widget(self.cancel_button, "tune_lr.cancel", tr("Cancel tuning"))
        self.cancel_button.setToolTip(tr("Stop tuning and change nothing"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.apply_button.clicked.connect(self.apply_best)
        self.cancel_button.clicked.connect(self.cancel)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.job.start()
        self._timer.start()

    # -- the tuning ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return not self.job.done

    def _poll(self) -> None:
        done, total = self.job.progress
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if not self.job.done:
            return
        self._timer.stop()
        self.job.join()
        if self.cancelled:
            return
        self.progress.setVisible(False)
        if self.job.error:
            self.summary.setText(self.job.error)
        elif self.job.result is not None:
            self.show_result(self.job.result)
        self.cancel_button.setText(tr("Close"))
        self.cancel_button.setToolTip(tr("Close and change nothing"))

    def show_result(self, result: TuneResult) -> None:
        """The curves, the best of each marked, and one line per setting."""
        self.result = result
        item = self.plot.getPlotItem()
        finite = [v for t in result.tunings for v in t.final_loss if math.isfinite(v)]
        log_y = bool(finite) and min(finite) > 0
        item.setLogMode(x=True, y=log_y)
        item.setLabel("left", tr("final loss (log scale)") if log_y else tr("final loss"))
        lines = []
        for tuning in result.tunings:
            color = self.colors[tuning.runs[0] % len(self.colors)]
            lrs = np.asarray(tuning.lrs[: len(tuning.final_loss)], dtype=np.float64)
            losses = np.asarray(tuning.final_loss, dtype=np.float64)
            curve = item.plot(
                lrs,
                losses,
                pen=pg.mkPen(color, width=2),
                symbol="o",
                symbolSize=7,
                symbolBrush=color,
                symbolPen=None,
                connect="finite",
                name=describe(tuning),
            )
            self.curves.append(curve)
            best = tuning.best_index
            if best is None:
                none = tr("%1: no lr of the grid finished without diverging")
                lines.append(fill(none, describe(tuning)))
                continue
            x, y = math.log10(tuning.lrs[best]), tuning.final_loss[best]
            mark = pg.ScatterPlotItem(
                [x],
                [math.log10(y) if log_y else y],
                symbol="star",
                size=BEST_SYMBOL_SIZE,
                brush=pg.mkBrush(color),
                pen=pg.mkPen(self.theme.foreground, width=1),
            )
            item.addItem(mark)
            self.best_marks.append(mark)
            diverged = sum(1 for n in tuning.notes if n.startswith("diverged"))
            extra = ""
            if diverged:
                extra = fill(tr("; %1 of %2 lrs diverged"), diverged, len(tuning.notes))
            best_text = tr("%1: best lr %2 (final loss %3)%4")
            lines.append(
                fill(best_text, describe(tuning), f"{tuning.lrs[best]:.3g}", f"{y:.6g}", extra)
            )
        if result.stopped:
            lines.append(tr("Stopped before the grid was done."))
        self.summary.setText("\n".join(lines))
        self.apply_button.setEnabled(any(t.best_index is not None for t in result.tunings))

    def best_lrs(self) -> list[float | None]:
        """Each run's best lr, in the race's order (None: none found)."""
        if self.result is None:
            return [None] * len(self.configs)
        return self.result.best_lrs(len(self.configs))

    # -- buttons -------------------------------------------------------------------------------
    def apply_best(self) -> None:
        if self.result is None:
            return
        self._apply(self.best_lrs())
        self.accept()

    def cancel(self) -> None:
        if self.running:
            self.cancelled = True
        self.reject()

    def _stop_job(self) -> None:
        if self.running:
            self.cancelled = True
        self._timer.stop()
        self.job.stop()

    def done(self, code: int) -> None:
        self._stop_job()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_job()
        super().closeEvent(event)
