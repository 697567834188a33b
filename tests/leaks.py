"""What a test may not leave behind: child processes, running timers, open top-level widgets.

Like napari's test set-up (which fails tests that leave QThreads, QTimers or widgets), every
test is checked by the autouse fixture in ``tests/conftest.py``: it takes a :func:`snapshot`
before the test and calls :func:`leaks` after it (once pytest-qt has closed the widgets the
test registered). Each function here is plain, so a test can call it on a deliberate leak.
"""

from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Snapshot:
    """What existed before the test: anything here is not the test's doing."""

    children: frozenset[int] = frozenset()
    widgets: frozenset[int] = frozenset()
    timers: frozenset[int] = field(default_factory=frozenset)


def _qt_app() -> Any:
    """The QApplication if a test has made one; Qt is never imported here for nothing."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    return None if widgets is None else widgets.QApplication.instance()


def _live_children() -> list[multiprocessing.process.BaseProcess]:
    return multiprocessing.active_children()  # also reaps those that have ended


def _top_level_widgets(app: Any) -> list[Any]:
    from PySide6.QtCore import QCoreApplication, QEvent

    # deleteLater() takes effect here, as it would at the next turn of an event loop
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return list(app.topLevelWidgets())


def _active_timers(app: Any) -> list[Any]:
    """Running QTimers owned by the application or by a live top-level widget."""
    from PySide6.QtCore import QTimer

    owners = [app, *_top_level_widgets(app)]
    return [t for owner in owners for t in owner.findChildren(QTimer) if t.isActive()]


def snapshot() -> Snapshot:
    app = _qt_app()
    return Snapshot(
        children=frozenset(p.pid or 0 for p in _live_children()),
        widgets=frozenset(id(w) for w in _top_level_widgets(app)) if app else frozenset(),
        timers=frozenset(id(t) for t in _active_timers(app)) if app else frozenset(),
    )


def leaked_children(before: Snapshot) -> list[str]:
    return [
        f"child process {p.name!r} (pid {p.pid}) is still running"
        for p in _live_children()
        if (p.pid or 0) not in before.children
    ]


def leaked_widgets(before: Snapshot) -> list[str]:
    app = _qt_app()
    if app is None:
        return []
    return [
        f"top-level widget {type(w).__name__} {w.objectName()!r} was never closed and deleted"
        for w in _top_level_widgets(app)
        if id(w) not in before.widgets and w.isVisible()
    ] + [
        f"top-level widget {type(w).__name__} {w.objectName()!r} is hidden but not deleted"
        for w in _top_level_widgets(app)
        if id(w) not in before.widgets and not w.isVisible() and _is_ours(w)
    ]


def leaked_timers(before: Snapshot) -> list[str]:
    app = _qt_app()
    if app is None:
        return []
    return [
        f"QTimer {t.objectName()!r} of {type(t.parent()).__name__} is still running"
        for t in _active_timers(app)
        if id(t) not in before.timers
    ]


def leaks(before: Snapshot) -> list[str]:
    """Everything started or opened since ``before`` that is still there."""
    return leaked_children(before) + leaked_timers(before) + leaked_widgets(before)


def _is_ours(widget: Any) -> bool:
    """optiviz's own windows and dialogs; Qt keeps hidden helpers (tooltips, menus) around."""
    return type(widget).__module__.startswith("optiviz.")
