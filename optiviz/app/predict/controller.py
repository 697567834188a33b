"""Predict, then reveal, in the window: pause, place guesses on the surface, play exactly N
steps, score the guesses.

While guesses are placed nothing steps: Play, Step, Step phase and Back are disabled and the
surface's clicks place guesses instead of moving the start. Reveal sends exactly ``steps``
Step commands (one step of every run each, a batch for a mini-batch run), spread over about
:data:`REVEAL_SECONDS` so the path is seen being walked, then scores the guesses against the
point the run reached, read from the mirror once it holds those steps.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from optiviz.app.host import WindowHost
from optiviz.app.predict.model import OFF, PLACING, REVEALED, REVEALING, PredictModel
from optiviz.app.predict.panel import PredictPanel
from optiviz.app.predict.texts import mark_text, tr
from optiviz.engine.worker.session_state import SessionState
from optiviz.plots.guesses import GuessLayer, GuessMark

#: About how long a reveal takes to play its steps (a step per tick for short ones).
REVEAL_SECONDS = 1.5
#: Ticks of the reveal timer at most; longer reveals send several steps per tick.
REVEAL_TICKS = 60
#: The actions that would step or scrub the runs while guesses are placed.
LOCKED_ACTIONS = ("play", "step", "step_phase", "back")


def reveal_plan(steps: int, ticks: int = REVEAL_TICKS) -> list[int]:
    """How many steps each tick sends: ``steps`` in all, spread evenly over the ticks."""
    n = max(1, min(steps, ticks))
    return [(steps * (i + 1)) // n - (steps * i) // n for i in range(n)]


class PredictController(QObject):
    """Owns the model, the guesses on the surface and the panel; drives the reveal."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.model = PredictModel(self)
        self.surface = window.panes.surface_pane
        self.layer = GuessLayer(self.surface)
        self.panel = PredictPanel(self.model)
        self.dock = QDockWidget(tr("Predict, then reveal"), window)  # type: ignore[arg-type]
        self.dock.setObjectName("predict_dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.toggleViewAction().toggled.connect(self._dock_toggled)
        self.actions: dict[str, QAction] = {}  # "start" and "reveal", set by the installer
        self._plan: list[int] = []
        self.sent = 0  # Step commands sent by the last reveal
        self._generation: int | None = None
        self._runs = 0
        self._waiting_pause = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._send_some)

        signals = self.layer.signals
        signals.placed.connect(lambda x, y: self._place(x, y))
        signals.moving.connect(lambda i, x, y: self.model.move(i, x, y))
        signals.moved.connect(lambda i, x, y: self.model.move(i, x, y))
        signals.removed.connect(lambda i: self.model.remove(i))
        signals.selected.connect(self.panel.select_row)
        self.panel.table.itemSelectionChanged.connect(self._row_selected)
        self.panel.revealAsked.connect(self.reveal)
        self.panel.doneAsked.connect(self.end)
        self.model.changed.connect(self._render)
        window.frameDone.connect(self._on_frame)
        window.stateShowing.connect(self._on_state)
        window.aboutToClose.connect(self._timer.stop)

    # -- the verbs -----------------------------------------------------------------------------
    def start(self) -> None:
        """Pause, and start placing guesses about the selected run from where it is now."""
        if self.model.phase in (PLACING, REVEALING):
            self.dock.show()  # already predicting: the guesses stay
            return
        window = self.window
        state = window.client.state
        index = min(max(window.edited_run, 0), len(state.runs) - 1)
        if state.runs[index].status in ("finished", "diverged"):
            window.status.flash(tr("the run is over: press R to reset, or raise the epochs"))
            return
        if window.client.playing or state.playing:
            window.pause()
        if window.panes_epoch is not None:
            window.aboutToAdvance.emit()  # as Step would: go on from the epoch shown, exactly
        self.dock.show()
        self.dock.raise_()
        if window.client.state.playing:  # a worker process: wait for it to confirm the pause
            self._waiting_pause = True
            return
        self._begin()

    def _begin(self) -> None:
        self._waiting_pause = False
        state = self.window.client.state
        index = min(max(self.window.edited_run, 0), len(state.runs) - 1)
        run = state.runs[index]
        step = len(run.history)
        x, y = run.history.params_at(step)
        self._generation, self._runs = state.generation, len(state.runs)
        label = run.label
        if len(state.runs) > 1:  # a race: say which run the guesses are about
            label = tr("run %1 (%2)").replace("%1", str(index + 1)).replace("%2", run.label)
        self.panel.set_param_names(state.problem.param_names)
        self.model.begin(index, (float(x), float(y)), step, label)

    def reveal(self) -> None:
        """Play exactly ``model.steps`` steps, then score the guesses."""
        if self.model.phase != PLACING:
            return
        if self.window.panes_epoch is not None:
            # Stepping from a scrubbed epoch would first go back there, away from the guesses'
            # origin; the panes would hide the steps too.
            self.window.status.flash(
                tr("the panes show an earlier step: press Latest on the timeline, then Reveal")
            )
            return
        self.model.start_reveal()
        self._plan = reveal_plan(self.model.steps)
        self.sent = 0
        interval = max(16, int(REVEAL_SECONDS * 1000 / len(self._plan)))
        self._send_some()
        if self._plan:
            self._timer.start(interval)

    def end(self) -> None:
        """Put the prediction away: clicks move the start again."""
        self._timer.stop()
        self._plan = []
        self._waiting_pause = False
        self.model.end()
        self.dock.hide()

    # -- inside --------------------------------------------------------------------------------
    def _place(self, x: float, y: float) -> None:
        index = self.model.add(x, y)
        if index is not None:
            self.layer.select(index)

    def _row_selected(self) -> None:
        row = self.panel.selected_row()
        if row != self.layer.selected:
            self.layer.select(row)

    def _send_some(self) -> None:
        if not self._plan:
            self._timer.stop()
            return
        for _ in range(self._plan.pop(0)):
            self.window.step()
            self.sent += 1
        if not self._plan:
            self._timer.stop()

    def _on_frame(self) -> None:
        if self._waiting_pause and not self.window.client.state.playing:
            self._begin()
        if self.model.phase in (PLACING, REVEALING) and not self._same_runs(
            self.window.client.state
        ):
            self.window.status.flash(tr("prediction stopped: the runs changed"))
            self.end()
            return
        if self.model.phase == PLACING:
            run = self.window.client.state.runs[self.model.run]
            x, y = run.history.params_at(len(run.history))
            self.model.rebase((float(x), float(y)), len(run.history))
        if self.model.phase != REVEALING or self._plan:
            return
        run = self.window.client.state.runs[self.model.run]
        done = len(run.history)
        target = self.model.target_step
        if done >= target or run.status in ("finished", "diverged"):
            reached = min(done, target)
            x, y = run.history.params_at(reached)
            self.model.finish((float(x), float(y)), reached - self.model.origin_step)

    def _same_runs(self, state: SessionState) -> bool:
        return state.generation == self._generation and len(state.runs) == self._runs

    def _on_state(self, state: SessionState) -> None:
        if self.model.phase != OFF and not self._same_runs(state):
            self.end()

    def _dock_toggled(self, shown: bool) -> None:
        if not shown and self.model.phase in (PLACING, REVEALED):
            self.end()  # closing the panel puts the prediction away

    def _render(self) -> None:
        model = self.model
        revealed = model.phase == REVEALED
        marks = [
            GuessMark(g.x, g.y, mark_text(g.label, model.scores[i] if revealed else None))
            for i, g in enumerate(model.guesses)
        ]
        self.layer.set_marks(marks, model.reached if revealed else None)
        locked = model.phase in (PLACING, REVEALING)
        self.layer.set_active(model.phase == PLACING)
        self.surface.set_start_editable(not locked)
        for name in LOCKED_ACTIONS:
            action = self.window.findChild(QAction, name)  # type: ignore[attr-defined]
            if action is not None:
                action.setEnabled(not locked)
        if revealed and model.reached is not None and not all(map(math.isfinite, model.reached)):
            self.window.status.flash(tr("the run diverged before the reveal's last step"))
