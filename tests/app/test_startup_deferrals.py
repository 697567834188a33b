"""Start-up: what the first frame does not need is made when first needed, and the
application-wide event filters do not watch the window being built (each event they see is
a Python call). Timing is benchmarks/startup.py's job; these tests fail if the work is
done eagerly again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from optiviz.app import main_window
from optiviz.app.actions import ShortcutGuard
from optiviz.app.main_window import MainWindow
from optiviz.app.settings import Settings
from optiviz.app.worker_client import WorkerClient


class CountingGuard(ShortcutGuard):
    """Counts the events the guard sees."""

    seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        CountingGuard.seen += 1
        return super().eventFilter(watched, event)


def test_the_shortcut_guard_is_installed_once_the_window_is_built(monkeypatch, qtbot):
    monkeypatch.setattr(main_window, "ShortcutGuard", CountingGuard)
    CountingGuard.seen = 0
    window = MainWindow(WorkerClient(inline=True), speed=None, settings=Settings(persistent=False))
    window.timer.stop()
    qtbot.addWidget(window)
    assert isinstance(window._guard, CountingGuard)
    assert CountingGuard.seen < 100, CountingGuard.seen  # building sends thousands
    window.close()
