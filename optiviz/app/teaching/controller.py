"""The teaching mode's brain: phases, vectors, the timeline, code and history export.

It reads the window's mirror (``client.state``) once per frame and sends commands through the
window's client; it never touches a run. The scrubbed epoch lives here: ``None`` follows the
latest epoch, a number shows that epoch in every pane (the window passes ``panes_epoch`` to
each refresh) until Play, Step or Step phase continue the run from there with ``cmd_seek``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMessageBox

from optiviz.app.host import WindowHost
from optiviz.app.teaching.code_panel import CodePanel, discard_text
from optiviz.app.teaching.phase_text import fmt, fmt_vec, loop_code, mid_epoch, next_phase
from optiviz.app.teaching.stability_view import EigenAxes, StabilityLabel
from optiviz.app.teaching.timeline import Timeline
from optiviz.app.teaching.vector_overlay import VectorOverlay
from optiviz.engine.errors import ConfigError
from optiviz.engine.explain.codegen import plain_script
from optiviz.engine.explain.stability import StabilityGuide, stability_guide
from optiviz.engine.explain.teaching import PhaseRecord
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.session import PHASE, cmd_seek, cmd_vectors
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.engine_words import engine_words
from optiviz.plots.i18n import fill, tr

if TYPE_CHECKING:
    from optiviz.app.teaching.code_dialog import CodeDialog


class TeachingController(QObject):
    """Owns the teaching widgets of one window and keeps them in step with its mirror.

    ``window`` needs: ``client`` (``send``, ``state``, ``playing``), ``panes`` (a
    PanesWidget), ``controls`` (``config()``), ``status`` (a QStatusBar) and a
    ``panes_epoch`` attribute that the window's frame passes to ``panes.refresh``.
    """

    def __init__(self, window: WindowHost, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.client = window.client
        self.panel = CodePanel()
        self.timeline = Timeline()
        self.stability_label = StabilityLabel()
        self.phase_label = QLabel()
        surface = window.panes.surface_pane
        self._vectors: VectorOverlay | None = None  # made when first needed: not at start-up
        self.eigen_axes = EigenAxes(surface.plot_item)
        self.scrub: int | None = None
        self.run_id = 0
        self.guide: StabilityGuide | None = None
        self._state: SessionState | None = None
        self._config: RunConfig | None = None
        self._record: PhaseRecord | None = None
        self._record_seen: object = object()  # the record object last shown (None is valid)
        self._vectors_seen: tuple = ()
        self._vectors_on = False
        # Set by install_teaching: the actions and the docks; the last code dialog shown.
        self.actions: Any = None
        self.code_dock: Any = None
        self.timeline_dock: Any = None
        self.code_dialog: CodeDialog | None = None
        self.lesson: Any = None  # the lesson layout (set by install_teaching)
        self.timeline.epochChosen.connect(self.scrub_to)
        self.timeline.back_button.clicked.connect(self.back)
        self.timeline.latest_button.clicked.connect(lambda: self.scrub_to(None))
        self.panel.run_combo.currentIndexChanged.connect(self._on_run_chosen)

    @property
    def vectors(self) -> VectorOverlay:
        """The arrows on the surface pane (their items are made the first time they are
        needed: building them costs a tenth of the window's start-up)."""
        if self._vectors is None:
            self._vectors = VectorOverlay(self.window.panes.surface_pane.plot_item)
        return self._vectors

    # -- the verbs -----------------------------------------------------------------------------
    def step_phase(self) -> None:
        """Do the next phase of the current epoch (from a scrubbed epoch: continue there)."""
        self.continue_from_scrub()
        self.client.send(PHASE)

    def continue_from_scrub(self) -> None:
        """Before the run moves on: go back to the scrubbed epoch, exactly (worker side)."""
        if self.scrub is not None:
            target = self.scrub
            latest = self.client.state.max_epoch
            self._set_scrub(None)
            if target < latest:  # say what the seek throws away
                text = discard_text(target, latest)
                self.panel.show_notice(text[0].upper() + text[1:] + ".")
                status = self.window.status
                if status is not None:
                    status.showMessage(text, 8000)
            self.client.send(cmd_seek(target))
            for run in self.client.state.runs:
                # A worker process answers later; until then the mirror must not call a run
                # that the seek reopened "finished", or Play would refuse to start it.
                if run.status == "finished" and target < run.config.epochs:
                    run.status = "paused"

    def back(self) -> None:
        """One epoch back, drawn from the history (only while paused)."""
        state = self.client.state
        if self.client.playing or state.playing:
            return
        current = state.max_epoch if self.scrub is None else self.scrub
        self.scrub_to(max(0, current - 1))

    def scrub_to(self, epoch: int | None) -> None:
        """Show ``epoch`` in every pane (None or the latest epoch: follow the run)."""
        state = self.client.state
        if epoch is not None and (self.client.playing or state.playing):
            epoch = None  # while running the timeline follows the latest epoch
        if epoch is not None and epoch >= state.max_epoch:
            epoch = None
        self._set_scrub(epoch)
        self.window.panes.refresh(self.scrub)
        self.sync()

    def set_vector(self, name: str, on: bool) -> None:
        """Show or hide one vector; the worker publishes vectors while any is shown."""
        self.vectors.set_enabled(name, on)
        wanted = bool(self.vectors.enabled)
        if wanted != self._vectors_on:
            self._vectors_on = wanted
            self.client.send(cmd_vectors(wanted))
        self._vectors_seen = ()
        self.sync()

    def script(self) -> str:
        """The selected run as a plain PyTorch script (raises ConfigError)."""
        return plain_script(self.selected_run().config)

    def show_code(self) -> CodeDialog | None:
        try:
            script = self.script()
        except ConfigError as err:
            QMessageBox.warning(self.window, tr("Show as PyTorch code"), str(err))
            return None
        run = self.selected_run()
        problem = engine_words(self.client.state.problem.title)
        title = fill(tr("%1 on %2"), run.label, problem)
        from optiviz.app.teaching.code_dialog import CodeDialog  # built when asked for

        dialog = CodeDialog(script, title, self.window)
        dialog.setModal(False)
        dialog.show()
        self.code_dialog = dialog
        return dialog

    def export_history(self, path: str | os.PathLike, run_id: int | None = None) -> Path:
        """Write one run's history as ``optiviz run --history`` does (raises ConfigError)."""
        from optiviz.engine.formats.export import mirrored_run, write_history

        state = self.client.state
        rid = self.run_id if run_id is None else run_id
        return write_history(mirrored_run(state, rid), path)

    # -- reading the mirror --------------------------------------------------------------------
    def selected_run(self) -> RunState:
        state = self.client.state
        try:
            return state.run(self.run_id)
        except KeyError:
            return state.runs[0]

    def sync(self) -> None:
        """Bring every teaching widget up to date with the mirror (called once per frame)."""
        state = self.client.state
        if state is not self._state:
            self._new_session(state)
        # Cheap when nothing moved; an inline client folds updates inside send(), which the
        # window's frame does not count as a change.
        self.window.panes.refresh(self.scrub)
        run = self.selected_run()
        if run.config is not self._config:
            self._new_config(run.config)
        playing = self.client.playing or state.playing
        if self.scrub is not None and (playing or self.scrub >= state.max_epoch):
            self._set_scrub(None)
        shown = state.max_epoch if self.scrub is None else self.scrub
        self.timeline.set_unit(any(r.history.steps_per_epoch > 1 for r in state.runs))
        self.timeline.show_range(state.max_epoch, shown)
        self.timeline.back_button.setEnabled(not playing and shown > 0)
        status = self.window.status
        if status is not None and hasattr(status, "show_state"):
            # the window's frame showed the latest epoch; the timeline's wins
            edited = self.window.edited_run
            status.show_state(state, playing, edited, epoch=self.scrub)
        self._sync_phase(state, run)
        self._sync_vectors(state, run)

    def _sync_phase(self, state: SessionState, run: RunState) -> None:
        record = run.phase
        finished = run.status == "finished"
        key = (id(record), run.epoch, finished, self.scrub)
        if key == self._record_seen:
            return
        self._record_seen = key
        self._record = record
        if self.scrub is not None:
            self.panel.show_epoch(self.scrub, state.max_epoch, self.epoch_rows(run, self.scrub))
            self.phase_label.setText("")
            return
        self.panel.show_record(record, run.epoch, finished=finished)
        has_data = state.problem.dataset is not None
        if mid_epoch(record):
            upcoming = next_phase(record, has_data)
            self.phase_label.setText(
                fill(tr("epoch %1 in progress · next phase: %2 (Shift+→)"), record.epoch, upcoming)
            )
        else:
            self.phase_label.setText("")

    def epoch_rows(self, run: RunState, epoch: int) -> list[tuple[str, str]]:
        """(quantity, value) of ``run`` after ``epoch`` epochs, read from its history."""
        history = run.history
        epoch = min(max(epoch, 0), len(history))
        names = self.client.state.problem.param_names
        loss = fmt(float(history.loss[epoch - 1])) if epoch else tr("- (no epoch yet)")
        lr = float(history.lr[epoch - 1]) if epoch else float(run.config.lr)
        rows = [
            ("epoch", f"{epoch:,}"),
            ("loss", loss),
            ("params", fmt_vec(history.params_at(epoch), names)),
            ("lr", fmt(lr)),
        ]
        own = history.full_grad
        if epoch and not run.config.zero_grad and own is not None:  # .grad added up
            rows.append((self.tr("this step's gradient"), fmt_vec(own[epoch - 1], names)))
            accumulated = fmt_vec(history.grad[epoch - 1], names)
            rows.append((self.tr("params.grad (accumulated)"), accumulated))
        return rows

    def _sync_vectors(self, state: SessionState, run: RunState) -> None:
        vectors = run.vectors if self._vectors_on else None
        if self._vectors is None and not vectors:
            return  # no arrows were ever made: none to hide
        at = run.vectors_epoch
        shown = run.epoch if self.scrub is None else self.scrub
        key = (id(vectors), at, shown, frozenset(self.vectors.enabled), run.visible)
        if key == self._vectors_seen:
            return
        self._vectors_seen = key
        if not vectors or at != shown or not run.visible:
            self.vectors.hide()  # the vectors belong to the run's current point only
            return
        domain = state.problem.domain
        landscape = state.landscape
        if landscape is not None:  # a network: the arrows are scaled to the plane's view
            alpha, beta = landscape.alpha, landscape.beta
            domain = ((float(alpha[0]), float(alpha[-1])), (float(beta[0]), float(beta[-1])))
        self.vectors.show(vectors, domain, state.problem.param_names)

    def _new_session(self, state: SessionState) -> None:
        self._state = state
        self._set_scrub(None)
        self.panel.show_notice("")
        combo = self.panel.run_combo
        combo.blockSignals(True)
        combo.clear()
        for run in state.runs:
            combo.addItem(fill(tr("run %1: %2"), run.id + 1, run.label), run.id)
        index = max(0, combo.findData(self.run_id))
        combo.setCurrentIndex(index)
        self.run_id = combo.itemData(index) if combo.count() else 0
        combo.blockSignals(False)
        combo.setVisible(len(state.runs) > 1)
        # a network has no Hessian of two numbers to read a stable lr from
        network = state.problem.name == NETWORK_PROBLEM
        self.guide = None if network else stability_guide(state.problem)
        self.eigen_axes.show(self.guide, state.problem)
        self._config = None
        self._record_seen = object()
        self._vectors_seen = ()
        if self._vectors_on:  # a reset starts a new worker session: ask again
            self.client.send(cmd_vectors(True))

    def _new_config(self, config: RunConfig) -> None:
        self._config = config
        state = self.client.state
        try:
            code = loop_code(config)
        except ConfigError:
            code = None
        if code is not None:
            self.panel.set_code(code, state.problem.param_names, state.problem.dataset is not None)
        self._record_seen = object()
        self.check_lr(config)

    def check_lr(self, config: RunConfig | None = None) -> None:
        """Re-word the stability line for ``config`` (default: what the controls show)."""
        if config is None:
            config = self.window.model.edited_config
        self.stability_label.show_guide(self.guide, config)

    def _on_run_chosen(self, index: int) -> None:
        data = self.panel.run_combo.itemData(index)
        if data is not None:
            self.run_id = int(data)
            self._config = None
            self._record_seen = object()
            self._vectors_seen = ()
            self.sync()

    def _set_scrub(self, epoch: int | None) -> None:
        self.scrub = epoch
        self.window.panes_epoch = epoch
