"""The window's side of the worker: commands out, updates folded into a mirrored state.

The runs step in a separate PROCESS (``multiprocessing`` "spawn" context, one ``Pipe``) that
runs :func:`optiviz.engine.worker.session.serve`. A worker thread in the window's process would
share
the GIL with the 60 Hz redraw and step four to ten times slower; a process steps at its
headless rate while the window draws. :meth:`WorkerClient.poll` is called by the window's frame
timer: it drains every pending update without blocking and folds it into :attr:`state` with
:func:`~optiviz.engine.worker.session.apply_update`, so no signal is ever sent per epoch.

``WorkerClient(inline=True)`` keeps the same interface around an in-process
:class:`~optiviz.engine.worker.session.Session` advanced inside :meth:`poll` for a small time
budget:
deterministic for tests, and the fallback when a process cannot start.

This module imports no torch at import time, so the worker can be spawned (and import torch in
parallel) before the window's own imports begin.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

if TYPE_CHECKING:
    from optiviz.engine.runs.config import RunConfig
    from optiviz.engine.worker.commands import Command
    from optiviz.engine.worker.resume import Resume
    from optiviz.engine.worker.sender import Sender
    from optiviz.engine.worker.session import Session
    from optiviz.engine.worker.session_state import SessionState
    from optiviz.engine.worker.updates import Update


def tr(text: str) -> str:
    """As :func:`optiviz.plots.i18n.tr`, without importing the panes into the worker process,
    which imports this module to start."""
    return QCoreApplication.translate("", text)


def fill(text: str, *args: object) -> str:
    """:func:`optiviz.plots.i18n.fill`, imported when a message is worded (in the window)."""
    from optiviz.plots.i18n import fill as fill_in

    return fill_in(text, *args)


#: Seconds an inline session may step inside one :meth:`WorkerClient.poll`.
INLINE_BUDGET = 0.004
#: Seconds :meth:`WorkerClient.close` waits for the worker to quit before terminating it.
QUIT_TIMEOUT = 2.0
#: Unexpected worker deaths tolerated before falling back to an inline session.
MAX_RESTARTS = 3
#: Seconds one :meth:`WorkerClient.poll` may spend folding updates (the rest wait a frame).
POLL_BUDGET = 0.02
#: Seconds a restarted worker may spend replaying the runs back to the mirror's epochs.
RESUME_BUDGET = 60.0


def _worker_main(conn: Any, configs: list[RunConfig] | None, parent: int | None = None) -> None:
    """The worker process's entry point (module level so that "spawn" can find it).

    ``parent`` is the window's process id: the worker ends when that process is gone.
    """
    import os
    import sys

    from optiviz.engine.worker.session import serve

    serve(conn, configs, parent)
    conn.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip tearing down torch's modules: the window is waiting for this exit


def placeholder_state(configs: list[RunConfig] | None) -> SessionState:
    """A state at epoch 0 for ``configs``, shown until the worker's first update arrives."""
    from optiviz.engine.runs.config import RunConfig, build_problem
    from optiviz.engine.runs.history import History
    from optiviz.engine.worker.session_state import RunState, SessionState

    configs = list(configs or [RunConfig()])
    problem = build_problem(configs[0])
    runs = [RunState(id=i, config=c, history=History(problem.start)) for i, c in enumerate(configs)]
    return SessionState(problem=problem, runs=runs, generation=0)


class WorkerClient(QObject):
    """Owns the worker (a process, or an inline session) and the mirrored :attr:`state`.

    Signals:
        commandRefused(message, field): the worker refused a command (bad value); nothing
            changed. ``field`` is the form's id for it (:func:`~optiviz.engine.fields.form_id`).
        workerRestarted(message): the worker process died unexpectedly and was restarted with
            the current settings; it replays the runs back to the mirror's epochs (progress
            and outcome in :attr:`exit_note`).
    """

    commandRefused = Signal(str, str)
    workerRestarted = Signal(str)

    def __init__(
        self,
        configs: list[RunConfig] | None = None,
        *,
        inline: bool = False,
        budget: float = INLINE_BUDGET,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._configs = list(configs) if configs else None
        self._budget = float(budget)
        self._state: SessionState | None = None
        self._intent: bool | None = None  # play/pause sent but not yet confirmed
        self._playing = False
        self._speed_cmd: Command | None = None
        self._closed = False
        self._ready = False
        self.restarts = 0
        self.last_error: tuple[str, str] | None = None
        self.exit_note = ""  # why the worker ended, for the status bar
        self._process: Any = None
        self._conn: Any = None
        self._sender: Sender | None = None
        self._resume: Resume | None = None
        self._died_note = ""
        self._session: Session | None = None
        self.inline = bool(inline)
        if not self.inline:
            try:
                self._spawn(self._configs)
            except (OSError, RuntimeError, ValueError) as err:
                self.inline = True
                failed = tr("the worker process could not start (%1); running inline")
                self.exit_note = fill(failed, err)
        if self.inline:
            self._start_inline(self._configs)

    # -- properties ----------------------------------------------------------------------------
    @property
    def state(self) -> SessionState:
        """The mirrored session (a placeholder at epoch 0 until the worker first reports)."""
        if self._state is None:
            self._state = placeholder_state(self._configs)
        return self._state

    @property
    def ready(self) -> bool:
        """True once the worker has sent its first update."""
        return self._ready

    @property
    def playing(self) -> bool:
        """Whether the runs are playing, counting a play/pause sent but not yet confirmed."""
        return self._playing

    @property
    def process(self) -> Any:
        """The worker process (None inline)."""
        return self._process

    @property
    def closed(self) -> bool:
        return self._closed

    # -- commands ------------------------------------------------------------------------------
    def send(self, command: Command) -> None:
        """Send one command (a :mod:`~optiviz.engine.worker.commands` dataclass)."""
        from optiviz.engine.worker.commands import STOPPERS, Play, Quit, Replay, SetSpeed

        if self._closed:
            return
        if self._resume is not None and not isinstance(command, (SetSpeed, Replay)):
            self._end_resume(tr("stopped by your command"))
        if isinstance(command, Play):
            state = self._state
            going = state is None or any(
                r.status not in ("finished", "diverged") for r in state.runs
            )
            self._intent = self._playing = going
        elif isinstance(command, STOPPERS):
            self._intent, self._playing = False, False
        elif isinstance(command, SetSpeed):
            self._speed_cmd = command
        if self._session is not None:
            if isinstance(command, Quit):
                return
            self._session.handle(command)
            self._fold(self._session.update())
            return
        if self._sender is None or not self._sender.send(command):
            self._worker_died()

    def poll(self) -> bool:
        """Fold every pending update into :attr:`state` without blocking; True if it changed."""
        if self._closed:
            return False
        if self._resume is not None and time.perf_counter() > self._resume.deadline:
            from optiviz.engine.worker.commands import Pause

            self._end_resume(fill(tr("the replay took over %1 s"), f"{RESUME_BUDGET:g}"))
            self.send(Pause())
        if self._session is not None:
            session = self._session
            if session.playing:
                session.advance(self._budget)
            elif session.replaying:
                session.catch_up(self._budget)
            if session.dirty:
                self._fold(session.update())
                return True
            return False
        changed = False
        end = time.perf_counter() + POLL_BUDGET
        try:
            while self._conn.poll(0):
                self._fold(self._conn.recv())
                changed = True
                if time.perf_counter() >= end:
                    break
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            self._worker_died()
            return True
        if self._sender is not None and self._sender.failed is not None:
            self._worker_died()
            return True
        if not changed and self._process is not None and not self._process.is_alive():
            self._worker_died()
            return True
        return changed

    def wait_ready(self, timeout: float = 30.0) -> bool:
        """Block until the first update arrived (scripts and benchmarks; the window never)."""
        end = time.perf_counter() + timeout
        while not self._ready and time.perf_counter() < end:
            if self._conn is not None:
                self._conn.poll(0.01)
            self.poll()
        return self._ready

    def close(self) -> None:
        """The one shutdown path: quit, wait (reading what is still sent), then terminate."""
        if self._closed:
            return
        self._closed = True
        self._session = None
        process, conn, sender = self._process, self._conn, self._sender
        if process is None:
            return
        from optiviz.engine.worker.commands import Quit

        if sender is not None:
            sender.send(Quit())
        end = time.perf_counter() + QUIT_TIMEOUT
        while process.is_alive() and time.perf_counter() < end:
            try:  # keep the pipe flowing so a worker blocked on send can read its quit
                while conn.poll(0):
                    conn.recv()
            except (EOFError, OSError):
                pass
            process.join(0.01)
        if process.is_alive():
            process.terminate()
            process.join(1.0)
        if process.is_alive():
            process.kill()
            process.join(1.0)
        self._close_pipe()

    def _close_pipe(self) -> None:
        """End the sending thread (the worker is gone: its send fails), then the pipe."""
        if self._sender is not None:
            self._sender.close(QUIT_TIMEOUT)
            self._sender = None
        if self._conn is not None:
            try:
                self._conn.close()
            except OSError:
                pass

    # -- inside --------------------------------------------------------------------------------
    def _spawn(self, configs: list[RunConfig] | None) -> None:
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(
            target=_worker_main,
            args=(child_end, configs, os.getpid()),
            name="optiviz-worker",
            daemon=True,
        )
        try:
            process.start()
        except BaseException:
            parent_end.close()
            child_end.close()
            raise
        child_end.close()  # only the child holds it now: its death closes the pipe
        from optiviz.engine.worker.sender import Sender

        self._process, self._conn = process, parent_end
        self._sender = Sender(parent_end, "optiviz-command-sender")

    def _start_inline(self, configs: list[RunConfig] | None) -> None:
        from optiviz.engine.errors import ConfigError
        from optiviz.engine.worker.session import Session

        try:
            self._session = Session(configs)
        except ConfigError as err:
            self._session = Session()
            self._session.fail(err)
        self._fold(self._session.update())

    def _fold(self, update: Update) -> None:
        from optiviz.engine.fields import form_id
        from optiviz.engine.worker.updates import apply_update

        self._ready = True
        resume = self._resume
        if resume is not None:
            resume.replayed = apply_update(resume.replayed, update)
            self._resume_progress(resume)
        else:
            self._state = apply_update(self._state, update)
        done = all(r.status in ("finished", "diverged") for r in update.runs)
        if self._intent is None or update.playing == self._intent or (self._intent and done):
            self._playing = update.playing
            self._intent = None
        if update.error:
            field = form_id(update.error_field) if update.error_field else ""
            self.last_error = (update.error, field)
            self.commandRefused.emit(update.error, field)

    def _resume_progress(self, resume: Resume) -> None:
        if not resume.reached():
            resuming = tr("%1; resuming your runs: epoch %2 of %3")
            self.exit_note = fill(resuming, self._died_note, resume.progress(), resume.goal)
            return
        self._resume = None
        if resume.exact():
            self._state = resume.carry_on()
            self.exit_note = fill(tr("%1; resumed at epoch %2"), self._died_note, resume.goal)
        else:
            from optiviz.engine.worker.commands import Seek

            self._state = resume.replace()
            self.exit_note = fill(
                tr(
                    "%1; the runs were edited along the way and do not replay exactly: "
                    "restarted from epoch 0"
                ),
                self._died_note,
            )
            self.send(Seek(0))

    def _end_resume(self, why: str) -> None:
        """Stop resuming where the replay is: the mirror becomes the replayed runs."""
        resume, self._resume = self._resume, None
        if resume is None:
            return
        if resume.replayed is None:
            self._state = None  # the placeholder until the new worker reports
        else:
            self._state = resume.replace()
        resumed = tr("%1; resumed at epoch %2 of %3 (%4)")
        self.exit_note = fill(resumed, self._died_note, resume.progress(), resume.goal, why)

    def _worker_died(self) -> None:
        """Restart a worker that ended on its own, with the settings the mirror holds, and
        replay its runs back to the epochs the mirror holds."""
        process = self._process
        code = None
        if process is not None:
            process.join(0.5)
            code = process.exitcode
        self._close_pipe()
        from optiviz.engine.worker.resume import Resume

        if self._resume is not None:  # died again while resuming: resume what was resumed
            self._end_resume(tr("the worker stopped again"))
        configs = [r.config for r in self._state.runs] if self._state else self._configs
        self._configs = configs
        resume = None
        if self._state is not None and self._state.max_epoch > 0:
            resume = Resume(self._state, deadline=time.perf_counter() + RESUME_BUDGET)
        self._ready = False
        self._playing, self._intent = False, None
        self.restarts += 1
        spawned = False
        if self.restarts <= MAX_RESTARTS:
            try:
                self._spawn(configs)
                spawned = True
            except OSError as err:  # no process can start now: fall back below
                code = fill(tr("%1; restart failed: %2"), code, err.strerror or err)
        self._resume = resume
        if spawned:
            stopped = tr("the worker process stopped unexpectedly (exit code %1)")
            self._died_note = fill(stopped, code)
            restarted = tr("%1; restarted with your settings from epoch 0")
            self.exit_note = fill(restarted, self._died_note)
        else:
            self._process, self._conn = None, None
            self.inline = True
            self._died_note = fill(
                tr("the worker process kept stopping (exit code %1); running inline, slower"), code
            )
            self.exit_note = self._died_note
            self._start_inline(configs)
        if self._speed_cmd is not None:
            self.send(self._speed_cmd)
        if resume is not None and self._resume is resume:
            from optiviz.engine.worker.commands import Replay

            self.send(Replay(resume.targets))
            resuming = tr("%1; resuming your runs: epoch %2 of %3")
            self.exit_note = fill(resuming, self._died_note, 0, resume.goal)
        self.workerRestarted.emit(self.exit_note)
