"""What the explore features do to the window: data, scaling, formula, lr test and 3-D view.

Every change of problem goes through the app model (:meth:`AppModel.edit`): the settings are
checked first (a refusal changes nothing), then the runs start again on them and the controls
show them, the way any edit of the controls does.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox

from optiviz.app.explore.data_points import moved, with_point, without_point
from optiviz.app.explore.gl_support import gl_unavailable_reason
from optiviz.app.explore.point_editor import HINT, PointEditor
from optiviz.app.explore.problem_fields import EXPRESSION, ProblemFields
from optiviz.app.host import WindowHost
from optiviz.engine.errors import ConfigError
from optiviz.engine.problems.data_io import load_csv, save_csv
from optiviz.engine.problems.library import Dataset
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr
from optiviz.plots.theme import get_theme

if TYPE_CHECKING:
    from optiviz.app.explore.lr_dialog import LRFindDialog

#: The loss surface is re-contoured at most this often while a point is dragged.
PREVIEW_HZ = 30
CSV_FILTER = QT_TR_NOOP("CSV files (*.csv *.txt);;All files (*)")
VIEW3D_WIDTH = 460
HINT_TIP = HINT.replace("Data: ", "").replace(" · ", "\n")


def _num(value: float) -> str:
    return f"{value:.4g}"


class ExploreController(QObject):
    """Owns the explore features of ``window`` (a MainWindow); ``window.explore`` is this."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.controls = window.controls
        window.aboutToClose.connect(self._close_dialogs)
        self.fields = ProblemFields(self.controls)
        self.editor = PointEditor(window.panes.fit_pane, self._points)
        self._working: Dataset | None = None  # the points while one is dragged
        self.previews = 0  # surfaces re-contoured during drags (the throttle's count)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(int(1000 / PREVIEW_HZ))
        self._preview_timer.timeout.connect(self._render_preview)
        self.lr_dialog: LRFindDialog | None = None
        self.gl_reason = gl_unavailable_reason()
        self.view3d = None
        self.view3d_dock: QDockWidget | None = None
        self._view3d_state = None
        self._view3d_landscape: object = None
        self.actions: dict[str, Any] = {}

        signals = self.editor.signals
        signals.pointAdded.connect(self.add_point)
        signals.pointMoving.connect(self.move_point)
        signals.pointMoved.connect(lambda i, x, y: self.move_point(i, x, y, final=True))
        signals.pointRemoved.connect(self.remove_point)
        signals.hovered.connect(lambda: window.status.showMessage(tr(HINT), 6000))
        self.fields.scalingChosen.connect(self.set_scaling)
        self.fields.formulaEntered.connect(self.apply_formula)
        self.controls.configShown.connect(self.fields.sync)
        self.controls.resetRequested.connect(self.fields.sync)
        self.controls.problem_combo.currentIndexChanged.connect(self._on_problem_chosen)
        window.stateShowing.connect(self._on_state_showing)
        window.frameDone.connect(self._on_frame)
        self._on_state_showing(window.client.state)

    # -- the data ------------------------------------------------------------------------------
    def data(self) -> Dataset | None:
        """The points the controls' run fits, or None when its problem is not the linear fit."""
        config = self.model.edited_config
        if config.problem != "linear":
            return None
        return config.dataset or Dataset()

    def _points(self) -> tuple[np.ndarray, np.ndarray] | None:
        if not self.window.panes.fit_pane.has_data:
            return None
        data = self._working or self.data()
        if data is None:
            return None
        return data.arrays  # read-only arrays; data.x would build a tuple of every point

    def apply_dataset(self, data: Dataset, note: str = "") -> str:
        """Start a new run of the linear fit on ``data``; "" on success, else the reason."""
        config = self.model.edited_config
        start = config.start if config.problem == "linear" else None
        try:
            self.model.edit(config.copy(problem="linear", dataset=data, start=start))
        except ConfigError as err:
            return str(err)
        if note:
            self.window.status.flash(note)
        return ""

    def load_data(self, path: str | Path) -> str:
        """Load a two-column CSV and restart on it; "" on success, else the one-line reason
        (naming the row), and the current data is kept."""
        current = self.data()
        scaling = current.scaling if current is not None else "tutorial"
        try:
            data = load_csv(path, scaling)
        except ConfigError as err:
            return str(err)
        note = fill(tr("loaded %1 points from %2"), len(data.x), Path(path).name)
        return self.apply_dataset(data, note)

    def save_data(self, path: str | Path) -> str:
        data = self.data()
        if data is None:
            return tr("data: this problem has no points; choose the linear fit (problem 'linear')")
        try:
            save_csv(data, path)
        except (ConfigError, OSError) as err:
            return fill(tr("cannot save %1: %2"), Path(path).name, err)
        self.window.status.flash(fill(tr("%1 points written to %2"), len(data.x), path))
        return ""

    def ask_load(self) -> None:
        title = tr("Load data (CSV)")
        path, _ = QFileDialog.getOpenFileName(self.window, title, "", tr(CSV_FILTER))
        if path:
            self._report(tr("Load data"), self.load_data(path))

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("Save data (CSV)"), "data.csv", tr(CSV_FILTER)
        )
        if path:
            if not Path(path).suffix:
                path += ".csv"
            self._report(tr("Save data"), self.save_data(path))

    def _report(self, title: str, error: str) -> None:
        if error:
            self.window.status.flash(error)
            QMessageBox.warning(self.window, title, error)

    # -- points on the data pane ---------------------------------------------------------------
    def add_point(self, x: float, y: float) -> str:
        data = self.data()
        if data is None:
            return tr("the data belongs to the linear fit")
        return self._refused(
            self.apply_dataset(
                with_point(data, x, y), fill(tr("added the point (%1, %2)"), _num(x), _num(y))
            )
        )

    def move_point(self, index: int, x: float, y: float, final: bool = False) -> str:
        base = self._working or self.data()
        if base is None or not 0 <= index < len(base.x):
            return tr("no such point")
        self._working = moved(base, index, x, y)
        fit = self.window.panes.fit_pane
        fit.scatter.setData(np.asarray(self._working.x), np.asarray(self._working.y))
        if not final:
            if not self._preview_timer.isActive():
                self._preview_timer.start()
            return ""
        self._preview_timer.stop()
        data, self._working = self._working, None
        return self._refused(
            self.apply_dataset(
                data, fill(tr("moved point %1 to (%2, %3)"), index + 1, _num(x), _num(y))
            )
        )

    def remove_point(self, index: int) -> str:
        data = self.data()
        if data is None or not 0 <= index < len(data.x):
            return tr("no such point")
        try:
            fewer = without_point(data, index)
        except ConfigError as err:
            return self._refused(str(err))
        where = f"({_num(data.x[index])}, {_num(data.y[index])})"
        return self._refused(self.apply_dataset(fewer, fill(tr("removed the point %1"), where)))

    def _refused(self, error: str) -> str:
        if error:
            self.window.status.flash(fill(tr("refused %1"), error))
        return error

    def _render_preview(self) -> None:
        """Re-contour the surface for the dragged points (the run restarts on release)."""
        if self._working is None:
            return
        config = self.model.edited_config
        try:
            problem = build_problem(config.copy(problem="linear", dataset=self._working))
        except ConfigError:
            return
        self.window.panes.surface_pane.show_surface(problem)
        self.previews += 1

    # -- scaling and formula -------------------------------------------------------------------
    def set_scaling(self, scaling: str) -> str:
        data = self.data()
        if data is None or data.scaling == scaling:
            return ""
        note = fill(tr("x scaling: %1"), scaling)
        error = self.apply_dataset(replace(data, scaling=scaling), note)
        if error:
            self.fields.sync(self.model.edited_config)
        return self._refused(error)

    def apply_formula(self, text: str) -> str:
        """Start a run on the typed f(x, y); a refusal shows at the field (with its column)."""
        config = self.model.edited_config
        text = text.strip()
        if not text:
            error = "expression: type a formula f(x, y), e.g. x**2 + 3*y**2"
            self.fields.show_formula_error(error.partition(": ")[2])
            return error
        same = config.problem == EXPRESSION
        tries = [config.start, None] if same and config.start is not None else [None]
        error: ConfigError | None = None
        for start in tries:
            try:
                self.model.edit(config.copy(problem=EXPRESSION, expression=text, start=start))
            except ConfigError as err:
                error = error or err
                continue
            self.fields.show_formula_error(None)
            self.window.status.flash(fill(tr("f(x, y) = %1"), text))
            return ""
        self.fields.show_formula_error(error.message)
        self.window.status.flash(fill(tr("refused %1"), error))
        return str(error)

    def _on_problem_chosen(self, _index: int) -> None:
        self.fields.show_rows()
        if self.fields.problem_shown() != EXPRESSION:
            return
        if self.model.edited_config.problem != EXPRESSION:
            self.apply_formula(self.fields.formula_edit.text())
        self.fields.formula_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the lr range test ---------------------------------------------------------------------
    def open_lr_find(self, **sweep: Any) -> LRFindDialog:
        """Open the range test on the controls' settings (a fresh copy, run in a thread)."""
        if self.lr_dialog is not None:
            self.lr_dialog.close()
        config: RunConfig = self.model.edited_config
        from optiviz.app.explore.lr_dialog import LRFindDialog  # built when asked for

        dialog = LRFindDialog(config, self.apply_lr, self.window, theme=self.window.theme, **sweep)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.lr_dialog = dialog
        dialog.open()
        return dialog

    def _close_dialogs(self) -> None:
        if self.lr_dialog is not None:
            self.lr_dialog.close()  # cancels and joins its sweep

    def apply_lr(self, lr: float) -> None:
        try:
            self.model.edit(self.model.edited_config.copy(lr=float(lr)))
        except ConfigError as err:
            self._refused(str(err))
            return
        self.window.status.flash(
            fill(tr("lr %1 from the range test; it applies from the next epoch"), format(lr, ".3g"))
        )

    # -- the 3-D view --------------------------------------------------------------------------
    def set_view3d(self, on: bool) -> bool:
        """Show or hide the 3-D view; False (with the reason shown) if it cannot be made."""
        action = self.actions.get("view3d")
        if on and self.view3d is None and not self._make_view3d():
            if action is not None:
                action.setChecked(False)
            return False
        if self.view3d_dock is not None:
            self.view3d_dock.setVisible(on)
            if on:
                self._view3d_state = None
                self._on_frame()
        return True

    def _make_view3d(self) -> bool:
        if self.gl_reason:
            self._disable_view3d(self.gl_reason)
            return False
        try:
            from optiviz.app.explore.view3d import SurfaceView3D

            view = SurfaceView3D(get_theme(self.window.theme))
        except Exception as err:  # a GL context that looked fine but fails to build
            self._disable_view3d(f"3-D view unavailable: {err}")
            return False
        dock = QDockWidget(tr("3-D view"), self.window)
        dock.setObjectName("view3d_dock")
        dock.setWidget(view)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.window.resizeDocks([dock], [VIEW3D_WIDTH], Qt.Orientation.Horizontal)
        dock.visibilityChanged.connect(self._on_dock_visibility)
        self.view3d, self.view3d_dock = view, dock
        return True

    def _disable_view3d(self, reason: str, announce: bool = True) -> None:
        self.gl_reason = reason
        action = self.actions.get("view3d")
        if action is not None:
            action.setEnabled(False)
            action.setToolTip(reason)
            action.setStatusTip(reason)
        if announce:
            self.window.status.flash(reason)

    def _on_dock_visibility(self, visible: bool) -> None:
        action = self.actions.get("view3d")
        if action is not None and action.isChecked() != visible and not self.window.isMinimized():
            action.blockSignals(True)
            action.setChecked(visible)
            action.blockSignals(False)

    def _on_state_showing(self, state) -> None:
        fit = self.window.panes.fit_pane
        fit.setToolTip(HINT_TIP if state.problem.dataset is not None else "")
        self._working = None
        self._preview_timer.stop()
        self.editor.select(None)

    def _on_frame(self) -> None:
        view, dock = self.view3d, self.view3d_dock
        if view is None or dock is None or not dock.isVisible():
            return
        state = self.window.client.state
        if view.theme.name != self.window.theme:
            view.set_theme(get_theme(self.window.theme))
        if state is not self._view3d_state or state.landscape is not self._view3d_landscape:
            self._view3d_state = state
            self._view3d_landscape = state.landscape  # a network's new plane: a new mesh
            view.set_session(state)
        view.refresh(state, self.window.panes_epoch)
