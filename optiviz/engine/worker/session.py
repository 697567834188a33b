"""A session: one or more runs on one problem, driven by commands, publishing updates.

This is the worker's side of the window. :func:`serve` is a plain blocking loop with no Qt:
it reads commands from a connection, steps the runs while playing, and sends an
:class:`Update` (the latest state plus the history rows that are new since the last one) at
most every ``publish_interval`` seconds. The window mirrors updates into a
:class:`~optiviz.engine.worker.session_state.SessionState` with :func:`apply_update` and draws that
on its own frame timer, so no message is ever sent per epoch.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

from optiviz.engine.errors import ConfigError
from optiviz.engine.explain.teaching import PhaseStepper
from optiviz.engine.explain.vectors import optimizer_vectors
from optiviz.engine.fields import cli_name
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.engine.runs.history import History, HistoryChunk
from optiviz.engine.runs.run import DIVERGED, FINISHED, Run
from optiviz.engine.worker.session_state import RunState, SessionState

#: How often a playing worker publishes (seconds): twice the usual display rate.
PUBLISH_INTERVAL = 1 / 120
#: How often a playing worker looks for commands (seconds); bounds the pause latency.
COMMAND_INTERVAL = 0.002


# -- commands (picklable tuples built by these helpers) ------------------------------------------
def cmd_reset(configs: list[RunConfig]) -> tuple:
    return ("reset", list(configs))


def cmd_set(run_id: int | None, key: str, value: Any) -> tuple:
    """Change lr or a hyperparameter of one run (None: every run) from the next epoch."""
    return ("set", run_id, key, value)


PLAY, PAUSE, STEP, PHASE, QUIT = ("play",), ("pause",), ("step",), ("phase",), ("quit",)


def cmd_vectors(on: bool) -> tuple:
    """Publish the optimizer's vectors at the current point (teaching mode) or stop."""
    return ("vectors", bool(on))


def cmd_epochs(epochs: int) -> tuple:
    return ("epochs", int(epochs))


def cmd_speed(epochs_per_second: float | None) -> tuple:
    """``None`` runs as fast as possible."""
    return ("speed", epochs_per_second)


def cmd_seek(epoch: int) -> tuple:
    return ("seek", int(epoch))


# -- updates ---------------------------------------------------------------------------------
@dataclass
class RunUpdate:
    id: int
    config: RunConfig
    status: str
    diverged_at: int | None
    reason: str
    chunk: HistoryChunk
    truncate: int | None = None  # forget rows after this epoch before appending the chunk
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Update:
    generation: int
    playing: bool
    runs: list[RunUpdate]
    start: tuple[float, float] | None = None
    error: str | None = None  # a refused command, one line naming the field
    error_field: str | None = None
    reset: bool = False  # a new generation: the mirror starts over


def _checked_speed(speed: Any) -> float | None:
    if speed is None:
        return None
    if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not 0 < speed < math.inf:
        raise ConfigError("speed", f"must be a positive number of epochs per second, got {speed!r}")
    return float(speed)


def _check_room(run: Run, epochs: int) -> None:
    """A fixed-length schedule (OneCycleLR) cannot be stepped past its length."""
    length = getattr(run.scheduler, "total_steps", None)
    if isinstance(length, int) and length < epochs:
        raise ConfigError(
            "--epochs",
            f"{run.config.scheduler} was built for {length} steps; "
            f"Reset with {epochs} epochs to run longer",
        )


class Session:
    """The runs of one window, stepped in lockstep (one epoch of each run per tick)."""

    def __init__(self, configs: list[RunConfig] | None = None) -> None:
        self.generation = 0
        self.runs: list[Run] = []
        self.playing = False
        self.speed: float | None = None  # epochs per second; None: as fast as possible
        self._published: list[int] = []
        self._truncate: dict[int, int] = {}
        self._extra: dict[int, dict[str, Any]] = {}
        self._dirty = True
        self._error: tuple[str, str] | None = None
        self._reset_flag = False
        self._next_due = 0.0
        self._steppers: dict[int, PhaseStepper] = {}
        self.vectors = False
        self.reset(configs or [RunConfig()])

    # -- commands ------------------------------------------------------------------------------
    def reset(self, configs: list[RunConfig]) -> None:
        runs = [Run(config) for config in configs]  # raises ConfigError before anything changes
        self.runs = runs
        self.generation += 1
        self.playing = False
        self._published = [0] * len(runs)
        self._truncate = {}
        self._extra = {}
        self._steppers = {}
        self._reset_flag = True
        self._dirty = True

    def handle(self, command: tuple) -> bool:
        """Apply one command; returns False for quit. Refusals become the update's error."""
        kind = command[0]
        try:
            if kind == "quit":
                return False
            if kind == "reset":
                self.reset(command[1])
            elif kind == "play":
                self.playing = any(not r.done for r in self.runs)
                self._next_due = time.perf_counter()
            elif kind == "pause":
                self.playing = False
            elif kind == "step":
                self.playing = False
                self.tick()
            elif kind == "phase":
                self.playing = False
                for i, run in enumerate(self.runs):
                    stepper = self._steppers.get(i) or self._steppers.setdefault(
                        i, PhaseStepper(run)
                    )
                    record = stepper.next()
                    if record is not None:
                        self._extra.setdefault(i, {})["phase"] = record
            elif kind == "vectors":
                self.vectors = command[1]
            elif kind == "set":
                _, run_id, key, value = command
                for i, run in enumerate(self.runs):
                    if run_id is None or run_id == i:
                        run.set_hyper(key, value)
            elif kind == "epochs":
                for run in self.runs:
                    _check_room(run, command[1])
                for run in self.runs:
                    run.set_epochs(command[1])
            elif kind == "speed":
                self.speed = _checked_speed(command[1])
                self._next_due = time.perf_counter()
            elif kind == "seek":
                self.playing = False
                for i, run in enumerate(self.runs):
                    target = min(command[1], run.epoch)
                    run.seek(target)
                    self._truncate[i] = target
                    self._published[i] = min(self._published[i], target)
            else:
                raise ConfigError("command", f"unknown command {kind!r}")
        except ConfigError as err:
            self._error = (cli_name(err.field), str(err))
        self._dirty = True
        return True

    # -- stepping ------------------------------------------------------------------------------
    def tick(self) -> bool:
        """One epoch of every run still going; False when all are done."""
        going = False
        for run in self.runs:
            if not run.done:
                run.step()
                going = going or not run.done
        if not going:
            self.playing = False
        self._dirty = True
        return going

    def due(self, now: float) -> float:
        """Seconds until the next epoch is due at the chosen speed (0: now)."""
        if self.speed is None:
            return 0.0
        return max(0.0, self._next_due - now)

    def advance(self, budget: float) -> int:
        """Step while playing for up to ``budget`` seconds, honouring the speed. Epochs done."""
        done = 0
        end = time.perf_counter() + budget
        while self.playing:
            now = time.perf_counter()
            if now >= end:
                break
            if self.speed is not None:
                if now < self._next_due:
                    break
                self._next_due = max(self._next_due + 1.0 / self.speed, now - 0.1)
            self.tick()
            done += 1
        return done

    # -- publishing ----------------------------------------------------------------------------
    def update(self) -> Update:
        """The new rows and latest state of every run since the previous update."""
        runs = []
        for i, run in enumerate(self.runs):
            begin = self._published[i]
            chunk = run.history.chunk(begin)
            self._published[i] = len(run.history)
            runs.append(
                RunUpdate(
                    id=i,
                    config=run.config,
                    status=self._status(run),
                    diverged_at=run.diverged_at,
                    reason=run.divergence_reason,
                    chunk=chunk,
                    truncate=self._truncate.pop(i, None),
                    extra=self._run_extra(i, run),
                )
            )
        error = self._error
        self._error = None
        update = Update(
            generation=self.generation,
            playing=self.playing,
            runs=runs,
            start=tuple(self.runs[0].history.start.tolist()) if self.runs else None,
            error=error[1] if error else None,
            error_field=error[0] if error else None,
            reset=self._reset_flag,
        )
        self._reset_flag = False
        self._dirty = False
        return update

    def _run_extra(self, i: int, run: Run) -> dict[str, Any]:
        extra = self._extra.pop(i, {})
        if self.vectors:
            extra["vectors"] = optimizer_vectors(run)
            extra["vectors_epoch"] = run.epoch
        if "phase" not in extra and run.phase == "":
            stepper = self._steppers.get(i)
            if stepper is not None and stepper.upcoming in ("", "forward"):
                extra["phase"] = None  # between epochs: no phase in progress
        return extra

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _status(self, run: Run) -> str:
        if run.status in (FINISHED, DIVERGED):
            return run.status
        if self.playing:
            return "running"
        return "paused" if run.epoch else "ready"


def serve(conn: Any, configs: list[RunConfig] | None = None) -> None:
    """The worker loop: commands in, updates out, until quit or the other end closes.

    ``conn`` is one end of a :func:`multiprocessing.Pipe`. The loop looks for commands at
    least every :data:`COMMAND_INTERVAL` seconds while playing, so a pause lands within a few
    milliseconds, and blocks on the connection while idle, so an idle worker costs nothing.
    """
    import torch

    torch.set_num_threads(1)
    try:
        session = Session(configs)
    except ConfigError as err:
        session = Session()
        session._error = (cli_name(err.field), str(err))
    last_publish = 0.0
    try:
        conn.send(session.update())
        while True:
            if session.playing:
                wait = session.due(time.perf_counter())
                if conn.poll(min(wait, COMMAND_INTERVAL) if wait else 0):
                    if not _drain(conn, session):
                        return
                session.advance(COMMAND_INTERVAL)
            else:
                if conn.poll(0.05) and not _drain(conn, session):
                    return
            now = time.perf_counter()
            if session.dirty and (not session.playing or now - last_publish >= PUBLISH_INTERVAL):
                conn.send(session.update())
                last_publish = now
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return


def _drain(conn: Any, session: Session) -> bool:
    while conn.poll(0):
        if not session.handle(conn.recv()):
            return False
    return True


# -- the mirror ------------------------------------------------------------------------------
def apply_update(state: SessionState | None, update: Update) -> SessionState:
    """Fold an update into the window's mirror; a reset (or a new generation) starts a new one."""
    if state is None or update.reset or update.generation != state.generation:
        problem = build_problem(update.runs[0].config)
        state = SessionState(problem=problem, generation=update.generation)
        state.runs = [
            RunState(id=u.id, config=u.config, history=History(update.start or problem.start))
            for u in update.runs
        ]
    state.playing = update.playing
    for run_update in update.runs:
        run_state = state.run(run_update.id)
        if run_update.truncate is not None:
            run_state.history.truncate(run_update.truncate)
        run_state.history.extend(run_update.chunk)
        run_state.status = run_update.status
        run_state.diverged_at = run_update.diverged_at
        run_state.reason = run_update.reason
        if run_update.config is not run_state.config:
            run_state.config = run_update.config
        run_state.extra.update(run_update.extra)
    return state
