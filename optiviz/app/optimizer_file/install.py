"""Puts "Load optimizer from file…" into a main window, and watches the files loaded.

A file's optimizer becomes the edited run's optimizer. When the file changes on disk the
window asks whether to reload it; yes starts the runs again, and the worker imports the new
version (the catalogue imports a file again whenever it changes). An error in the file's code,
at import, in ``__init__`` or in ``step``, shows the learner's own traceback lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from optiviz.app.actions import menu
from optiviz.app.host import WindowHost
from optiviz.app.optimizer_file.traceback_dialog import TracebackDialog
from optiviz.engine.catalogue.external import (
    STEP_ERROR,
    UserCodeError,
    file_optimizer_classes,
    is_file_name,
)
from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.errors import ConfigError
from optiviz.plots.i18n import fill, tr


def _ask_reload(window: WindowHost, path: str) -> bool:
    answer = QMessageBox.question(
        window,  # type: ignore[arg-type]
        tr("Optimizer file changed"),
        fill(
            tr("%1 changed on disk. Reload it? Its runs start again with the new code."),
            Path(path).name,
        ),
    )
    return answer == QMessageBox.StandardButton.Yes


def _pick_class(window: WindowHost, path: str, names: list[str]) -> str | None:
    if len(names) == 1:
        return names[0]
    name, ok = QInputDialog.getItem(
        window,  # type: ignore[arg-type]
        tr("Load optimizer"),
        fill(tr("%1 has several optimizers:"), Path(path).name),
        names,
        0,
        False,
    )
    return name if ok else None


class OptimizerFiles(QObject):
    """The window's optimizer files: what was loaded, the watcher, and the error dialog."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.dialog = TracebackDialog(window)  # type: ignore[arg-type]
        #: Asked before a changed file is reloaded (a dialog; tests answer it themselves).
        self.ask_reload: Callable[[str], bool] = lambda path: _ask_reload(window, path)
        self.pick_class: Callable[[str, list[str]], str | None] = lambda path, names: _pick_class(
            window, path, names
        )
        self._announced: set[tuple[int, int, str]] = set()
        window.frameDone.connect(self._check_step_errors)

    # -- loading -------------------------------------------------------------------------------
    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,  # type: ignore[arg-type]
            tr("Load optimizer from file"),
            "",
            tr("Python files (*.py)"),
        )
        if path:
            self.load(path)

    def load(self, path: str) -> bool:
        """Make ``path``'s optimizer the edited run's; False (and a dialog) if it fails."""
        try:
            names = sorted(file_optimizer_classes(path))
            if not names:
                raise ConfigError(("optimizer",), f"{path} has no torch.optim.Optimizer subclass")
            cls_name = self.pick_class(path, names)
            if cls_name is None:
                return False
            model = self.window.model
            model.edit(model.edited_config.copy(optimizer=f"{path}:{cls_name}", hyper={}))
        except ConfigError as err:
            self.show_config_error(Path(path).name, err)
            return False
        self.watch(path)
        self.window.status.flash(fill(tr("loaded %1 from %2"), cls_name, Path(path).name))
        return True

    def watch(self, path: str) -> None:
        if path not in self.watcher.files():
            self.watcher.addPath(path)

    def show_config_error(self, name: str, err: ConfigError) -> None:
        if isinstance(err, UserCodeError):
            self.dialog.show_error(f"Error in {name}", err.message, err.details)
        else:
            QMessageBox.warning(self.window, tr("Load optimizer"), str(err))  # type: ignore[arg-type]
        self.window.status.flash(fill(tr("refused %1"), err))

    # -- watching ------------------------------------------------------------------------------
    def _changed(self, path: str) -> None:
        if Path(path).exists():
            self.watch(path)  # an editor that saves by replacing the file drops the watch
        if not self.ask_reload(path):
            return
        self.reload(path)

    def reload(self, path: str) -> bool:
        """Check the new version in this process, then start the runs again with it."""
        names = {e.config.optimizer for e in self.window.model.entries}
        try:
            for name in names:
                if is_file_name(name) and name.rpartition(":")[0] == path:
                    optimizer_info(name)  # imports the new version, or raises its error
        except ConfigError as err:
            self.show_config_error(Path(path).name, err)
            return False
        self.window.reset()
        self.window.status.flash(fill(tr("reloaded %1"), Path(path).name))
        return True

    # -- errors in step ------------------------------------------------------------------------
    def _check_step_errors(self) -> None:
        state = self.window.client.state
        for run in state.runs:
            if run.status != "diverged" or STEP_ERROR not in run.reason:
                continue
            key = (state.generation, run.id, run.reason)
            if key in self._announced:
                continue
            self._announced.add(key)
            head, _, details = run.reason.partition("\n")
            self.dialog.show_error("Error in the optimizer's step", head, details)


def install_optimizer_file(window: WindowHost) -> OptimizerFiles:
    files = OptimizerFiles(window)
    action = QAction(tr("Load optimizer from file…"), window)  # type: ignore[arg-type]
    action.setObjectName("loadOptimizerFile")
    action.setStatusTip(tr("Run a torch.optim.Optimizer subclass of your own, from a .py file"))
    action.triggered.connect(files.choose)
    file_menu = menu(window, "&File")  # type: ignore[arg-type]
    _insert_after_loading(file_menu, action)
    return files


def _insert_after_loading(file_menu: QMenu, action: QAction) -> None:
    """Beside the data's Load and Save (the files a lesson brings in), else above Quit."""
    actions = file_menu.actions()
    names = [a.objectName() for a in actions]
    for anchor in ("save_data", "load_data"):
        if anchor in names:
            at = names.index(anchor) + 1
            if at < len(actions):
                file_menu.insertAction(actions[at], action)
            else:
                file_menu.addAction(action)
            return
    if "quit" in names:
        file_menu.insertAction(actions[names.index("quit")], action)
    else:
        file_menu.addAction(action)
