"""A session: one or more runs on one problem, driven by commands, publishing updates.

This is the worker's side of the window. :func:`serve` is a plain blocking loop with no Qt:
it reads commands (:mod:`optiviz.engine.worker.commands`) from a connection, steps the runs
while playing, and sends an :class:`~optiviz.engine.worker.updates.Update` (the latest state
plus the history rows that are new since the last one) at most every ``publish_interval``
seconds. The window mirrors updates into a
:class:`~optiviz.engine.worker.session_state.SessionState` with :func:`apply_update` and draws
that on its own frame timer, so no message is ever sent per epoch.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from optiviz.engine.errors import ConfigError
from optiviz.engine.explain.teaching import PhaseRecord, PhaseStepper
from optiviz.engine.explain.vectors import optimizer_vectors
from optiviz.engine.fields import Field
from optiviz.engine.networks.network_run import NetworkRun
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.factory import make_run
from optiviz.engine.runs.run import DIVERGED, FINISHED, Run
from optiviz.engine.runs.wall_clock import WallClock
from optiviz.engine.worker.commands import (
    Command,
    Pause,
    Phase,
    Play,
    Quit,
    RemoveRun,
    Replay,
    Reset,
    Seek,
    SetDirections,
    SetEpochs,
    SetHyper,
    SetSpeed,
    ShowVectors,
    Step,
)
from optiviz.engine.worker.live_landscape import KINDS, LiveLandscape
from optiviz.engine.worker.network_views import DataView, MetricRows, data_view, metric_rows
from optiviz.engine.worker.updates import RunUpdate, Update, apply_update

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = [
    "PAUSE",
    "PHASE",
    "PLAY",
    "QUIT",
    "STEP",
    "RunUpdate",
    "Session",
    "Update",
    "apply_update",
    "cmd_epochs",
    "cmd_remove",
    "cmd_reset",
    "cmd_seek",
    "cmd_set",
    "cmd_speed",
    "cmd_vectors",
    "serve",
]

#: How often a playing worker publishes (seconds): twice the usual display rate.
PUBLISH_INTERVAL = 1 / 120
#: The longest a playing race of many runs waits between updates (seconds).
MANY_RUNS_PUBLISH_INTERVAL = 1 / 40
#: How often a playing worker looks for commands (seconds); bounds the pause latency.
COMMAND_INTERVAL = 0.002
#: How long an idle worker waits on the pipe between looks at anything else (seconds).
IDLE_INTERVAL = 0.05
#: How often the worker checks that the window's process is still there (seconds).
PARENT_INTERVAL = 0.25
#: Commands handled in one go before the worker steps and publishes again.
MAX_DRAIN = 256
#: How often a playing network run's data pane is computed again (seconds).
DATA_VIEW_INTERVAL = 0.1
#: Seconds a quitting worker waits for its last update to leave.
QUIT_FLUSH = 1.0

_T = TypeVar("_T")


# -- command constructors (the names the window's code has always used) --------------------------
def cmd_reset(configs: Sequence[RunConfig]) -> Reset:
    return Reset(tuple(configs))


def cmd_set(run_id: int | None, key: str, value: object) -> SetHyper:
    """Change lr or a hyperparameter of one run (None: every run) from the next epoch."""
    return SetHyper(run_id, key, value)


PLAY, PAUSE, STEP, PHASE, QUIT = Play(), Pause(), Step(), Phase(), Quit()


def cmd_vectors(on: bool) -> ShowVectors:
    """Publish the optimizer's vectors at the current point (teaching mode) or stop."""
    return ShowVectors(bool(on))


def cmd_epochs(epochs: int) -> SetEpochs:
    return SetEpochs(int(epochs))


def cmd_speed(epochs_per_second: float | None) -> SetSpeed:
    """``None`` runs as fast as possible."""
    return SetSpeed(epochs_per_second)


def cmd_seek(epoch: int) -> Seek:
    return Seek(int(epoch))


def cmd_remove(index: int) -> RemoveRun:
    """Drop run ``index`` (counted from 0); the others go on exactly where they are."""
    return RemoveRun(int(index))


def _checked_speed(speed: object) -> float | None:
    if speed is None:
        return None
    if isinstance(speed, bool) or not isinstance(speed, (int, float)) or not 0 < speed < math.inf:
        raise ConfigError(
            ("speed",), f"must be a positive number of epochs per second, got {speed!r}"
        )
    return float(speed)


def _checked_targets(epochs: object, runs: int) -> list[int]:
    if (
        not isinstance(epochs, tuple)
        or len(epochs) != runs
        or not all(isinstance(e, int) and not isinstance(e, bool) and e >= 0 for e in epochs)
    ):
        raise ConfigError(("epoch",), f"expected {runs} epochs to replay to, got {epochs!r}")
    return list(epochs)


def _check_room(run: Run, epochs: int) -> None:
    """A fixed-length schedule (OneCycleLR) cannot be stepped past its length."""
    length = getattr(run.scheduler, "total_steps", None)
    if isinstance(length, int) and length < epochs:
        raise ConfigError(
            ("epochs",),
            f"{run.config.scheduler} was built for {length} steps; "
            f"Reset with {epochs} epochs to run longer",
        )


class Session:
    """The runs of one window, stepped in lockstep (one epoch of each run per tick)."""

    def __init__(self, configs: Sequence[RunConfig] | None = None) -> None:
        self.generation = 0
        self.runs: list[Run] = []
        self.playing = False
        self.speed: float | None = None  # epochs per second; None: as fast as possible
        self._published: list[int] = []
        self._sent_configs: list[RunConfig | None] = []  # the config each run last published
        self._truncate: dict[int, int] = {}
        self._phase: dict[int, PhaseRecord] = {}
        self._removed: list[int] = []
        self._dirty = True
        self._error: tuple[Field, str] | None = None
        self._reset_flag = False
        self._next_due = 0.0
        self._steppers: dict[int, PhaseStepper] = {}
        self.vectors = False
        self._targets: list[int] | None = None  # a replay's epochs, one per run
        self.clock = WallClock()  # each run's stepping time, for the race summary
        self.directions = "pca"  # a network's landscape plane
        self.landscape: LiveLandscape | None = None
        self._landscape_sent = 0  # the landscape version last published
        self._views: dict[int, DataView] = {}  # each network run's last data pane
        self._view_due = 0.0
        self._metrics_sent: list[int] = []  # each network run's epochs of metrics published
        self.reset(configs or [RunConfig()])

    # -- commands ------------------------------------------------------------------------------
    def reset(self, configs: Sequence[RunConfig]) -> None:
        # raises ConfigError before anything changes
        runs = [make_run(config, compact_history=True) for config in configs]
        self.runs = runs
        networks = network_runs(runs)
        self.landscape = LiveLandscape(self.directions) if networks else None
        self._landscape_sent = 0
        self._views = {}
        self._metrics_sent = [0] * len(runs)
        self.generation += 1
        self.playing = False
        self._published = [0] * len(runs)
        self._sent_configs = [None] * len(runs)
        self._truncate = {}
        self._phase = {}
        self._removed = []
        self._steppers = {}
        self.clock.reset(len(runs))
        self._reset_flag = True
        self._dirty = True

    def remove(self, index: int) -> None:
        """Drop run ``index``; the others keep their optimizer, history and epoch untouched."""
        if isinstance(index, bool) or not isinstance(index, int):
            raise ConfigError(("runs",), f"expected a run number, got {index!r}")
        if not 0 <= index < len(self.runs):
            raise ConfigError(("runs",), f"there is no run {index + 1}")
        if len(self.runs) == 1:
            raise ConfigError(("runs",), "the last run cannot be removed; Reset to change it")
        del self.runs[index]
        del self._published[index]
        del self._sent_configs[index]
        del self._metrics_sent[index]
        self._views = _without(self._views, index)
        self._truncate = _without(self._truncate, index)
        self._phase = _without(self._phase, index)
        self._steppers = _without(self._steppers, index)
        self.clock.remove(index)
        self._removed.append(index)
        self.playing = self.playing and any(not r.done for r in self.runs)

    def fail(self, err: ConfigError) -> None:
        """Report ``err`` in the next update (nothing else changes)."""
        field = err.field if isinstance(err.field, tuple) else (err.field,)
        self._error = (field, str(err))
        self._dirty = True

    def handle(self, command: Command) -> bool:
        """Apply one command; returns False for quit. Refusals become the update's error."""
        if not isinstance(command, (SetSpeed, ShowVectors)):
            self._targets = None  # a replay ends at any other command
        try:
            match command:
                case Quit():
                    return False
                case Reset(configs=configs):
                    self.reset(configs)
                case Play():
                    self.playing = any(not r.done for r in self.runs)
                    self._next_due = time.perf_counter()
                case Pause():
                    self.playing = False
                case Step():
                    self.playing = False
                    self.tick()
                case Phase():
                    self.playing = False
                    self._step_phase()
                case ShowVectors(on=on):
                    self.vectors = on
                case SetHyper(run=run_id, key=key, value=value):
                    for i, run in enumerate(self.runs):
                        if run_id is None or run_id == i:
                            run.set_hyper(key, value)
                case SetEpochs(epochs=epochs):
                    for run in self.runs:
                        _check_room(run, epochs)
                    for run in self.runs:
                        run.set_epochs(epochs)
                case SetDirections(kind=kind):
                    self.set_directions(kind)
                case SetSpeed(epochs_per_second=speed):
                    self.speed = _checked_speed(speed)
                    self._next_due = time.perf_counter()
                case Seek(epoch=epoch):
                    self.playing = False
                    self._seek(epoch)
                case RemoveRun(index=index):
                    self.remove(index)
                case Replay(epochs=epochs):
                    self.playing = False
                    self._targets = _checked_targets(epochs, len(self.runs))
                case _:
                    raise ConfigError(("command",), f"unknown command {command!r}")
        except ConfigError as err:
            self.fail(err)
        self._dirty = True
        return True

    def set_directions(self, kind: object) -> None:
        """Show the landscape on a plane of other directions (the runs go on untouched)."""
        if kind not in KINDS:
            raise ConfigError(("directions",), f"must be one of {', '.join(KINDS)}, got {kind!r}")
        self.directions = str(kind)
        if self.landscape is not None:
            self.landscape = LiveLandscape(self.directions)

    def _step_phase(self) -> None:
        for i, run in enumerate(self.runs):
            stepper = self._steppers.get(i) or self._steppers.setdefault(i, PhaseStepper(run))
            record = stepper.next()
            if record is not None:
                self._phase[i] = record

    def _seek(self, step: int) -> None:
        for i, run in enumerate(self.runs):
            target = min(step, run.steps)
            run.seek(target)
            # seeks coalesced into one update: the mirror forgets from the earliest
            self._truncate[i] = min(self._truncate.get(i, target), target)
            self._published[i] = min(self._published[i], target)
            if isinstance(run, NetworkRun):
                self._metrics_sent[i] = min(self._metrics_sent[i], len(run.metrics))

    # -- stepping ------------------------------------------------------------------------------
    def tick(self) -> bool:
        """One step of every run still going (an epoch of a full-batch run); False when all
        are done."""
        going = False
        for i, run in enumerate(self.runs):
            if not run.done:
                self.clock.step(i, run)
                going = going or not run.done
        if not going:
            self.playing = False
        self._dirty = True
        return going

    @property
    def replaying(self) -> bool:
        """A :class:`~optiviz.engine.worker.commands.Replay` is under way."""
        return self._targets is not None

    def catch_up(self, budget: float) -> int:
        """Step the runs behind their replay targets for up to ``budget`` seconds. Epochs done."""
        targets = self._targets
        if targets is None:
            return 0
        done = 0
        end = time.perf_counter() + budget
        pairs = enumerate(zip(self.runs, targets, strict=True))
        behind = [(i, r, t) for i, (r, t) in pairs if r.steps < t and not r.done]
        while behind and time.perf_counter() < end:
            for i, run, _ in behind:
                self.clock.step(i, run)
            done += 1
            behind = [(i, r, t) for i, r, t in behind if r.steps < t and not r.done]
        if not behind:
            self._targets = None
        self._dirty = True
        return done

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
    def _refresh_landscape(self) -> None:
        """Compute the landscape when due; a new plane re-projects every run's whole path,
        which the next update sends again from its first row."""
        landscape = self.landscape
        if landscape is None:
            return
        networks = network_runs(self.runs)
        if not networks or not landscape.due(networks, self.playing):
            return
        landscape.refresh(networks)
        for i, run in enumerate(self.runs):
            if isinstance(run, NetworkRun):
                self._truncate[i] = 0
                self._published[i] = 0

    def _data_view(self, i: int, run: Run) -> DataView | None:
        """The run's data pane when it changed (at most every DATA_VIEW_INTERVAL while
        playing), else None."""
        if not isinstance(run, NetworkRun):
            return None
        last = self._views.get(i)
        if last is not None and last.step == run.steps:
            return None
        now = time.perf_counter()
        if last is not None and self.playing and now < self._view_due:
            return None
        view = data_view(run)
        self._views[i] = view
        return view

    def _metric_rows(self, i: int, run: Run) -> MetricRows | None:
        if not isinstance(run, NetworkRun):
            return None
        begin = self._metrics_sent[i]
        if begin == len(run.metrics) and i not in self._truncate:
            return None
        self._metrics_sent[i] = len(run.metrics)
        return metric_rows(run, begin)

    def update(self) -> Update:
        """The new rows and latest state of every run since the previous update."""
        self._refresh_landscape()
        landscape = None
        if self.landscape is not None and self.landscape.version != self._landscape_sent:
            landscape = self.landscape.view
            self._landscape_sent = self.landscape.version
        runs = []
        for i, run in enumerate(self.runs):
            metrics = self._metric_rows(i, run)  # before the truncation is taken below
            begin = self._published[i]
            chunk = run.history.chunk(begin)
            self._published[i] = len(run.history)
            phase = self._phase.pop(i, None)
            config = run.config
            sent = self._sent_configs[i]
            self._sent_configs[i] = config
            same_data = sent is not None and config.dataset is sent.dataset
            if config is sent:
                published: RunConfig | None = None
            elif same_data and config.dataset is not None:  # an edit: the points stay behind
                published = replace(config, dataset=None)
            else:
                published = config
            runs.append(
                RunUpdate(
                    id=i,
                    config=published,
                    same_data=published is not None and same_data,
                    status=self._status(run),
                    diverged_at=run.diverged_at,
                    reason=run.divergence_reason,
                    chunk=chunk,
                    truncate=self._truncate.pop(i, None),
                    phase=phase,
                    phase_over=phase is None and self._between_epochs(i, run),
                    vectors=optimizer_vectors(run) if self.vectors else None,
                    vectors_epoch=run.steps if self.vectors else None,
                    batch=run.batch,
                    wall_time=self.clock.seconds(i, run),
                    metrics=metrics,
                    data_view=self._data_view(i, run),
                )
            )
        if (
            any(isinstance(r, NetworkRun) for r in self.runs)
            and time.perf_counter() >= self._view_due
        ):
            self._view_due = time.perf_counter() + DATA_VIEW_INTERVAL
        error = self._error
        self._error = None
        update = Update(
            generation=self.generation,
            playing=self.playing,
            runs=tuple(runs),
            start=_pair(self.runs[0].history.start.tolist()) if self.runs else None,
            error=error[1] if error else None,
            error_field=error[0] if error else None,
            reset=self._reset_flag,
            removed=tuple(self._removed),
            landscape=landscape,
        )
        self._reset_flag = False
        self._removed = []
        self._dirty = False
        return update

    def _between_epochs(self, i: int, run: Run) -> bool:
        """True once a run stepped phase by phase has finished its epoch."""
        stepper = self._steppers.get(i)
        return run.phase == "" and stepper is not None and stepper.upcoming in ("", "forward")

    @property
    def dirty(self) -> bool:
        """Something to publish: news of the runs, or a landscape that is due."""
        if self._dirty:
            return True
        landscape = self.landscape
        if landscape is None:
            return False
        networks = network_runs(self.runs)
        return bool(networks) and landscape.due(networks, self.playing)

    def _status(self, run: Run) -> str:
        if run.status in (FINISHED, DIVERGED):
            return run.status
        if self.playing:
            return "running"
        return "paused" if run.steps else "ready"


def network_runs(runs: Sequence[object]) -> list[NetworkRun]:
    """The network runs among ``runs`` (a session's runs are of one kind)."""
    return [r for r in runs if isinstance(r, NetworkRun)]


def publish_interval(runs: int) -> float:
    """Seconds between updates while playing: :data:`PUBLISH_INTERVAL` up to 12 runs, then
    longer with each run, up to :data:`MANY_RUNS_PUBLISH_INTERVAL` from 36 runs. Each update
    costs both sides a pickled chunk per run and the window a feed of every run, whatever its
    rows; fewer, larger updates keep a 50-run race from flooding the window."""
    return min(max(PUBLISH_INTERVAL, runs * PUBLISH_INTERVAL / 12), MANY_RUNS_PUBLISH_INTERVAL)


def serve(
    conn: Connection, configs: Sequence[RunConfig] | None = None, parent: int | None = None
) -> None:
    """The worker loop: commands in, updates out, until quit or the other end goes.

    ``conn`` is one end of a :func:`multiprocessing.Pipe`. The loop looks for commands at
    least every :data:`COMMAND_INTERVAL` seconds while playing, so a pause lands within a few
    milliseconds, and waits on the connection while idle, so an idle worker costs nothing.
    Updates leave through a :class:`~optiviz.engine.worker.sender.Sender`, so the loop keeps
    reading commands while a large update is on its way; the next update is taken only once
    the previous one has gone, so updates coalesce when the window reads slowly. With
    ``parent`` (a process id) the loop also ends once that process is gone.
    """
    import torch

    from optiviz.engine.worker.sender import Sender

    torch.set_num_threads(1)
    try:
        session = Session(configs)
    except ConfigError as err:
        session = Session()
        session.fail(err)
    sender = Sender(conn, "optiviz-worker-sender")
    last_publish = 0.0
    next_check = 0.0
    try:
        sender.send(session.update())
        while sender.failed is None:
            if session.playing:
                wait = session.due(time.perf_counter())
                if conn.poll(min(wait, COMMAND_INTERVAL) if wait else 0):
                    if not _drain(conn, session):
                        return
                session.advance(COMMAND_INTERVAL)
            elif session.replaying:
                if conn.poll(0) and not _drain(conn, session):
                    return
                session.catch_up(COMMAND_INTERVAL)
            else:
                timeout = COMMAND_INTERVAL if session.dirty else IDLE_INTERVAL
                if conn.poll(timeout) and not _drain(conn, session):
                    return
            now = time.perf_counter()
            interval = publish_interval(len(session.runs))
            if (
                session.dirty
                and (not session.playing or now - last_publish >= interval)
                and sender.idle
            ):
                sender.send(session.update())
                last_publish = now
            if parent is not None and now >= next_check:
                next_check = now + PARENT_INTERVAL
                if not _alive(parent):
                    return
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return
    finally:
        sender.close(QUIT_FLUSH)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` is still this process's parent (it is re-parented if it died)."""
    return os.getppid() == pid


def _drain(conn: Connection, session: Session) -> bool:
    """Handle the commands waiting (a bounded number, so a flood cannot stall publishing).

    What a later Reset in the same batch would undo is skipped: resetting twice with a large
    data set costs twice.
    """
    commands: list[Command] = []
    for _ in range(MAX_DRAIN):
        if not conn.poll(0):
            break
        commands.append(conn.recv())
    for command in _superseded(commands):
        if not session.handle(command):
            return False
    return True


def _superseded(commands: list[Command]) -> list[Command]:
    """``commands`` without those a later Reset undoes (speed and vectors outlive a reset)."""
    last = max((i for i, c in enumerate(commands) if isinstance(c, Reset)), default=0)
    kept = (Quit, SetSpeed, ShowVectors)
    return [c for i, c in enumerate(commands) if i >= last or isinstance(c, kept)]


def _without(values: dict[int, _T], index: int) -> dict[int, _T]:
    """Per-run values keyed by run index, after run ``index`` is removed."""
    return {(i if i < index else i - 1): v for i, v in values.items() if i != index}


def _pair(values: list[float]) -> tuple[float, float]:
    return (float(values[0]), float(values[1]))
