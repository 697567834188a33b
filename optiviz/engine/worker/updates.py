"""What the worker tells the window, and the window's mirror of it.

An :class:`Update` carries the latest state of every run plus the history rows that are new
since the previous update; :func:`apply_update` folds it into a
:class:`~optiviz.engine.worker.session_state.SessionState`. Both are frozen and picklable: they
cross the pipe from the "spawn" worker process.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from optiviz.engine.fields import Field
from optiviz.engine.runs.config import RunConfig, build_problem
from optiviz.engine.runs.history import History, HistoryChunk
from optiviz.engine.worker.session_state import RunState, SessionState

if TYPE_CHECKING:
    from optiviz.engine.explain.teaching import PhaseRecord
    from optiviz.engine.explain.vectors import Vector
    from optiviz.engine.worker.live_landscape import LandscapeView
    from optiviz.engine.worker.network_views import DataView, MetricRows


@dataclass(frozen=True)
class RunUpdate:
    """One run's news: its status, its new history rows and, in teaching mode, live values.

    ``config`` is None when it did not change since the run's previous update: a config may
    hold a large data set, and the worker publishes up to 120 times a second. With
    ``same_data`` the config comes without its data set, which is the one published before.
    """

    id: int
    config: RunConfig | None
    status: str
    diverged_at: int | None
    reason: str
    chunk: HistoryChunk
    truncate: int | None = None  # forget rows after this epoch before appending the chunk
    phase: PhaseRecord | None = None  # a phase just done (Step phase)
    phase_over: bool = False  # between epochs: no phase is in progress any more
    vectors: dict[str, Vector] | None = None  # the optimizer's vectors, while they are shown
    vectors_epoch: int | None = None  # the epoch whose point the vectors belong to
    same_data: bool = False  # ``config`` is sent without its data set: keep the mirror's
    #: The indices of the points in the last step's batch (mini-batches), else None.
    batch: np.ndarray | None = None
    wall_time: float = 0.0  # seconds the worker spent stepping the run to its step
    #: A network run's per-epoch metrics from some epoch on, and its data pane when new.
    metrics: MetricRows | None = None
    data_view: DataView | None = None


@dataclass(frozen=True)
class Update:
    generation: int
    playing: bool
    runs: tuple[RunUpdate, ...]
    start: tuple[float, float] | None = None
    error: str | None = None  # a refused command, one line naming the field
    error_field: Field | None = None
    reset: bool = False  # a new generation: the mirror starts over
    #: Runs removed since the previous update, in the order they went; each index counts the
    #: runs left after the removals before it. ``runs`` already lists the runs that remain.
    removed: tuple[int, ...] = ()
    #: A network session's landscape, when it is new (a new plane re-sends every run's rows).
    landscape: LandscapeView | None = None


def apply_update(state: SessionState | None, update: Update) -> SessionState:
    """Fold an update into the window's mirror; a reset (or a new generation) starts a new one.

    A removal returns a new :class:`SessionState` too (the window rebuilds its panes when the
    state object changes), holding the remaining runs' own states renumbered 0..n-1.
    """
    if state is None or update.reset or update.generation != state.generation:
        configs = [u.config for u in update.runs]
        if any(c is None for c in configs):
            raise ValueError("a new generation's first update must carry every run's config")
        full = [c for c in configs if c is not None]
        problem = build_problem(full[0])
        state = SessionState(problem=problem, generation=update.generation)
        state.runs = [
            RunState(
                id=u.id, config=c, history=History(update.start or problem.start, compact=True)
            )
            for u, c in zip(update.runs, full, strict=True)
        ]
    elif update.removed:
        state = _without(state, update.removed)
    state.playing = update.playing
    if update.landscape is not None:
        state.landscape = update.landscape
    for run_update in update.runs:
        _fold_run(state.run(run_update.id), run_update)
    return state


def _without(state: SessionState, removed: tuple[int, ...]) -> SessionState:
    runs = list(state.runs)
    for index in removed:
        del runs[index]
    for i, run in enumerate(runs):
        run.id = i
    return SessionState(
        problem=state.problem,
        runs=runs,
        playing=state.playing,
        generation=state.generation,
        landscape=state.landscape,
    )


def _fold_run(run_state: RunState, run_update: RunUpdate) -> None:
    if run_update.truncate is not None:
        run_state.history.truncate(run_update.truncate)
    run_state.history.extend(run_update.chunk)
    run_state.status = run_update.status
    run_state.diverged_at = run_update.diverged_at
    run_state.reason = run_update.reason
    run_state.wall_time = run_update.wall_time
    config = run_update.config
    if config is not None and config is not run_state.config:
        if run_update.same_data:
            config = replace(config, dataset=run_state.config.dataset)
        run_state.config = config
    if run_update.phase is not None:
        run_state.phase = run_update.phase
    elif run_update.phase_over:
        run_state.phase = None
    run_state.batch = run_update.batch
    if run_update.metrics is not None:
        rows = run_update.metrics
        run_state.metrics = np.concatenate([run_state.metrics[: rows.begin], rows.rows])
    if run_update.data_view is not None:
        run_state.data_view = run_update.data_view
    if run_update.vectors is not None:
        run_state.vectors = run_update.vectors
        run_state.vectors_epoch = run_update.vectors_epoch
