"""A seeded GUI fuzz test: random actions on a window with an inline worker.

After every action the window draws a frame, and nothing may have gone wrong: no exception
escaped into Qt's event loop, no Qt critical message, no worker restart; the controls show the
run the model edits; and, a few frames later, the worker's mirror has the model's runs.

A failure prints its seed and the action log. Replay one seed, with more actions:
``OPTIVIZ_FUZZ_SEEDS=7 OPTIVIZ_FUZZ_ACTIONS=1000 pytest tests/app/test_fuzz.py``.

A failure that is one of the defects this test found before (``fuzz_guard.KNOWN``) is logged
under its name and the seed goes on (or stops, if it broke inside the worker's code); the seed
then ends in :class:`KnownDefect`, which fails it unless :data:`KNOWN_SEEDS` expects it (none
does: every defect found so far is fixed but one that no seed meets).
"""

from __future__ import annotations

import os
import random
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from optiviz.app.main_window import MainWindow
from tests.app.fuzz_actions import ACTIONS, Fuzz, write_files
from tests.app.fuzz_guard import Hang, KnownDefect, describe, known, watchdog

SEEDS = [int(s) for s in os.environ.get("OPTIVIZ_FUZZ_SEEDS", "1,3,6,7").split(",")]
ACTIONS_PER_SEED = int(os.environ.get("OPTIVIZ_FUZZ_ACTIONS", "300"))
SETTLE_FRAMES = 3
ACTION_LIMIT = 8.0  # seconds: longer is a hang
#: Seeds expected to meet a defect of fuzz_guard.KNOWN (xfail); empty while none is open.
KNOWN_SEEDS: dict[int, str] = {}


class Escaped:
    """Records what escaped: exceptions passed to ``sys.excepthook`` and Qt's critical
    messages, while it is installed."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def excepthook(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        self.errors.append("".join(traceback.format_exception(kind, value, tb)))

    def qt_message(self, kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.errors.append(f"Qt {kind.name}: {message}")

    def take(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


@pytest.fixture
def escaped(monkeypatch: pytest.MonkeyPatch) -> Iterator[Escaped]:
    record = Escaped()
    monkeypatch.setattr(sys, "excepthook", record.excepthook)
    previous = qInstallMessageHandler(record.qt_message)
    yield record
    qInstallMessageHandler(previous)


@pytest.fixture
def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A refusal's warning dialog is modal: its text is recorded instead."""
    shown: list[str] = []

    def warn(_parent: object, title: str, text: str, *args: object, **kwargs: object) -> object:
        shown.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, warn)
    return shown


def check(window: MainWindow, escaped: Escaped) -> None:
    """The invariants after an action (one frame drawn)."""
    errors = escaped.take()
    assert not errors, "escaped:\n" + "\n".join(errors)
    assert window.client.restarts == 0, "the worker restarted"
    assert window.controls.config() == window.model.edited_config, "the form and the model differ"
    for _ in range(SETTLE_FRAMES):
        window.frame()
    errors = escaped.take()
    assert not errors, "escaped while settling:\n" + "\n".join(errors)
    runs, entries = len(window.client.state.runs), len(window.model.entries)
    assert runs == entries, f"the mirror has {runs} runs, the model {entries}"


def replay_note(seed: int, log: list[str]) -> str:
    return (
        f"fuzz seed {seed} after {len(log)} actions "
        f"(replay: OPTIVIZ_FUZZ_SEEDS={seed} pytest tests/app/test_fuzz.py):\n  "
        + "\n  ".join(log[-60:])
    )


def seeds() -> list[object]:
    """The seeds, those that meet a known defect (see fuzz_guard.KNOWN) marked xfail."""
    marked = []
    for seed in SEEDS:
        reasons = KNOWN_SEEDS.get(seed)
        marks = (
            [pytest.mark.xfail(reason=reasons, raises=KnownDefect, strict=False)] if reasons else []
        )
        marked.append(pytest.param(seed, marks=marks, id=f"seed{seed}"))
    return marked


@pytest.mark.timeout(120)
@pytest.mark.parametrize("seed", seeds())
def test_random_actions_break_nothing(
    seed: int,
    make_window: Callable[..., MainWindow],
    qtbot: QtBot,
    tmp_path: Path,
    escaped: Escaped,
    warnings_shown: list[str],
) -> None:
    rng = random.Random(seed)
    window = make_window(first_frame=True)
    fuzz = Fuzz(window, rng, qtbot, tmp_path, write_files(tmp_path, rng))
    actions = [act for act, _ in ACTIONS]
    weights = [weight for _, weight in ACTIONS]
    log: list[str] = []
    met: list[str] = []  # known defects met on the way
    spent: dict[str, float] = {}
    try:
        check(window, escaped)
        for i in range(ACTIONS_PER_SEED):
            act = rng.choices(actions, weights)[0]
            log.append(f"{i:3d} {act.__name__}")
            began = time.perf_counter()
            try:
                with watchdog(ACTION_LIMIT):
                    detail = act(fuzz)
                    log[-1] += f" {detail}" if detail else ""
                    window.frame()
                    check(window, escaped)
            except (AssertionError, Hang) as err:
                report = known(describe(err))
                if not report:
                    raise
                log[-1] += f" [known defect: {report[:60]}…]"
                met.append(f"action {i} ({act.__name__}): {report}")
                if act.__name__ != "save_scenario":
                    break  # it broke inside the worker's code: its state is not to be trusted
            finally:
                warnings_shown.clear()  # refusals are expected; their text is in the log
            took = time.perf_counter() - began
            log[-1] += f" ({took * 1000:.0f} ms)"
            spent[act.__name__] = spent.get(act.__name__, 0.0) + took
    except BaseException as err:
        log.append(f"--> {describe(err)}")
        raise AssertionError("failed: " + replay_note(seed, log)) from err
    finally:
        if window.explore.lr_dialog is not None:
            window.explore.lr_dialog.close()
        if os.environ.get("OPTIVIZ_FUZZ_TIMES"):
            print(sorted(((round(t, 2), n) for n, t in spent.items()), reverse=True))
    if met:
        raise KnownDefect("known defects:\n  " + "\n  ".join(met) + "\n" + replay_note(seed, log))
