"""Puts the teaching mode into a main window: actions, menus, docks and overlays.

The window keeps no knowledge of it beyond three small hooks: ``frameDone`` (a signal after
each frame), ``aboutToAdvance`` (a signal before Play and Step send their command) and
``panes_epoch`` (the epoch its frame passes to ``panes.refresh``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QMessageBox,
    QStyle,
    QWidget,
)

from optiviz.app.actions import make_action, menu
from optiviz.app.host import WindowHost
from optiviz.app.names import name_action
from optiviz.app.teaching.controller import TeachingController
from optiviz.app.teaching.vector_overlay import STYLES
from optiviz.engine.errors import ConfigError
from optiviz.plots.i18n import fill, tr

CODE_DOCK_WIDTH = 380
#: Narrower windows put the code panel in a tab beside the controls instead of on the right.
WIDE_WINDOW = 1500
#: The step panel never takes more than this share of the window's width from the panes.
MAX_DOCK_SHARE = 0.45


@dataclass
class TeachingActions:
    step_phase: QAction
    back: QAction
    show_code: QAction
    export_history: QAction
    vectors: dict[str, QAction] = field(default_factory=dict)


def _place_stability_label(window: WindowHost, controller: TeachingController) -> None:
    """Under the lr row of the controls if it can be found, else at the top of the code panel."""
    frame = window.controls.lr_frame
    parent = frame.parentWidget() if frame is not None else None
    for form in parent.findChildren(QFormLayout) if parent is not None else []:
        row, _role = form.getWidgetPosition(frame)
        if row >= 0:
            form.insertRow(row + 1, controller.stability_label)
            return
    controller.panel.layout().insertWidget(1, controller.stability_label)


def _ask_export(window: WindowHost, controller: TeachingController) -> None:
    state = controller.client.state
    run_id = controller.run_id
    if len(state.runs) > 1:
        names = [fill(tr("run %1: %2"), r.id + 1, r.label) for r in state.runs]
        current = next((i for i, r in enumerate(state.runs) if r.id == run_id), 0)
        name, ok = QInputDialog.getItem(
            window, tr("Export history"), tr("Which run?"), names, current, False
        )
        if not ok:
            return
        run_id = state.runs[names.index(name)].id
    path, chosen = QFileDialog.getSaveFileName(
        window, tr("Export history"), "history.csv", tr("CSV (*.csv);;JSON (*.json)")
    )
    if not path:
        return
    if not path.lower().endswith((".csv", ".json")):
        path += ".json" if "json" in chosen.lower() else ".csv"
    try:
        target = controller.export_history(path, run_id)
    except (ConfigError, OSError) as err:
        QMessageBox.warning(window, tr("Export history"), fill(tr("Could not export: %1"), err))
        return
    window.status.showMessage(fill(tr("history written to %1"), target), 6000)


def _build_actions(window: WindowHost, controller: TeachingController) -> TeachingActions:
    actions = TeachingActions(
        step_phase=make_action(
            window,
            tr("Step &phase"),
            controller.step_phase,
            shortcut="Shift+Right",
            tip=tr("One phase of the epoch: forward, loss, zero_grad, backward, step"),
            icon=QStyle.StandardPixmap.SP_MediaSkipForward,
            key_in_status=True,
            name="step_phase",
        ),
        back=make_action(
            window,
            tr("&Back one epoch"),
            controller.back,
            shortcut="Left",
            tip=tr("Show the previous epoch (paused)"),
            key_in_status=True,
            name="back",
        ),
        show_code=make_action(
            window,
            tr("Show as PyTorch &code…"),
            controller.show_code,
            shortcut="Ctrl+Shift+C",
            tip=tr("This run as a plain PyTorch script"),
            key_in_status=True,
            name="show_code",
        ),
        export_history=make_action(
            window,
            tr("&Export history…"),
            lambda: _ask_export(window, controller),
            shortcut="Ctrl+E",
            tip=tr("Write every epoch to a CSV or JSON file, as optiviz run --history does"),
            key_in_status=True,
            name="export",
        ),
    )
    for style in STYLES:
        action = name_action(QAction(tr(style.menu), window), f"vector_{style.name}")
        action.setCheckable(True)
        action.setToolTip(
            fill(
                tr("Draw %1 at the current point of the surface (when the optimizer has it)"),
                tr(style.menu).lower(),
            )
        )
        action.toggled.connect(lambda on, name=style.name: controller.set_vector(name, on))
        actions.vectors[style.name] = action
    model = window.model

    syncing = False

    def to_model(_on: bool) -> None:
        if not syncing:
            model.set_vectors([name for name, a in actions.vectors.items() if a.isChecked()])

    def from_model() -> None:
        nonlocal syncing
        syncing = True
        try:
            for name, a in actions.vectors.items():
                a.setChecked(name in model.view.vectors)
        finally:
            syncing = False

    for action in actions.vectors.values():
        action.toggled.connect(to_model)
    model.viewChanged.connect(from_model)
    return actions


def reveal_step_panel(window: WindowHost, controller: TeachingController) -> None:
    """Show the step panel in front (its tab raised over the Controls), wide enough for the
    code's longest line, and give its explanation the height it needs."""
    dock = controller.code_dock
    if dock.isHidden():
        dock.show()
    dock.raise_()  # bring its tab to the front when it shares the controls' column
    if not dock.isFloating():
        cap = int(window.width() * MAX_DOCK_SHARE)
        wanted = min(max(CODE_DOCK_WIDTH, controller.panel.wanted_width()), cap)
        if dock.width() < wanted:
            window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)
    controller.panel.fit_numbers()


def install_teaching(window: WindowHost) -> TeachingController:
    """Add the step-by-step teaching mode to ``window`` (a MainWindow) and return its controller."""
    if not hasattr(window, "panes_epoch"):
        window.panes_epoch = None
    controller = TeachingController(window)
    window.teaching = controller
    actions = _build_actions(window, controller)
    controller.actions = actions

    code_dock = QDockWidget(tr("Step by step"), window)
    code_dock.setObjectName("teaching_dock")
    code_dock.setWidget(controller.panel)
    code_dock.setMinimumWidth(280)
    controls_dock = window.dock
    if controls_dock is not None and window.width() < WIDE_WINDOW:
        # At 1280 px the panes need the middle: share the controls' column, as a tab.
        window.addDockWidget(window.dockWidgetArea(controls_dock), code_dock)
        window.tabifyDockWidget(controls_dock, code_dock)
    else:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, code_dock)
        window.resizeDocks([code_dock], [CODE_DOCK_WIDTH], Qt.Orientation.Horizontal)
    code_dock.hide()  # opens with the first Step phase, or from the View menu
    timeline_dock = QDockWidget(tr("Timeline"), window)
    timeline_dock.setObjectName("timeline_dock")
    timeline_dock.setWidget(controller.timeline)
    timeline_dock.setTitleBarWidget(QWidget())  # a thin strip under the panes
    timeline_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, timeline_dock)
    controller.code_dock, controller.timeline_dock = code_dock, timeline_dock
    actions.step_phase.triggered.connect(
        lambda _checked=False: reveal_step_panel(window, controller)
    )
    code_dock.toggleViewAction().triggered.connect(
        lambda checked: reveal_step_panel(window, controller) if checked else None
    )

    controller.panel.toolbar.addAction(actions.step_phase)
    vector_bar = controller.panel.vector_bar
    for style in STYLES:
        action = actions.vectors[style.name]
        action.setIconText(tr(style.short))
        vector_bar.addAction(action)
        button = vector_bar.widgetForAction(action)
        if button is not None:  # checked: the vector's own colour, as drawn on the surface
            button.setStyleSheet(
                f"QToolButton:checked {{ color: {style.color}; background: #202328; "
                f"border: 1px solid {style.color}; border-radius: 3px; }}"
            )

    file_menu = menu(window, "&File")
    first = file_menu.actions()[0] if file_menu.actions() else None
    file_menu.insertAction(first, actions.export_history)
    file_menu.insertAction(first, actions.show_code)
    if first is not None:
        file_menu.insertSeparator(first)
    run_menu = menu(window, "&Run")
    run_menu.addSeparator()
    run_menu.addAction(actions.step_phase)
    run_menu.addAction(actions.back)
    view_menu = menu(window, "&View")
    view_menu.addSeparator()
    vectors_menu = view_menu.addMenu(tr("&Vectors on the surface"))
    vectors_menu.setObjectName("vectors_menu")
    for action in actions.vectors.values():
        vectors_menu.addAction(action)
    view_menu.addAction(name_action(code_dock.toggleViewAction(), "show_step_by_step"))
    view_menu.addAction(name_action(timeline_dock.toggleViewAction(), "show_timeline"))
    toolbar = window.toolbar
    if toolbar is not None:
        toolbar.addAction(actions.step_phase)
    every = [actions.step_phase, actions.back, actions.show_code, actions.export_history]
    window.addActions(every)
    for dock in (window.dock, code_dock, timeline_dock):
        if dock is not None:
            dock.addActions(every)  # the keys work in a floating dock too

    _place_stability_label(window, controller)
    window.status.addWidget(controller.phase_label)

    def follow_model() -> None:
        """The step-by-step panel follows the run the controls edit."""
        controller.check_lr(window.model.edited_config)
        combo = controller.panel.run_combo
        index = combo.findData(window.model.edited)
        if index >= 0 and index != combo.currentIndex():
            combo.setCurrentIndex(index)

    window.model.editedChanged.connect(follow_model)
    window.frameDone.connect(controller.sync)
    window.aboutToAdvance.connect(controller.continue_from_scrub)
    controller.sync()
    from optiviz.app.teaching.lesson_layout import LessonLayout

    controller.lesson = LessonLayout(window, controller)
    controller.lesson.restore()
    return controller
