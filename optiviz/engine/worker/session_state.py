"""What the panes draw: every run of a session with its history, as plain data.

The window keeps one :class:`SessionState` mirrored from the worker's updates; the recorder
and the tests build one straight from :class:`~optiviz.engine.runs.run.Run` objects. Panes read it
and never talk to a worker or a run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from optiviz.engine.problems.library import Problem
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.history import History

if TYPE_CHECKING:
    from optiviz.engine.explain.teaching import PhaseRecord
    from optiviz.engine.explain.vectors import Vector
    from optiviz.engine.runs.run import Run
    from optiviz.engine.worker.live_landscape import LandscapeView
    from optiviz.engine.worker.network_views import DataView


def run_label(config: RunConfig, digits: int = 3) -> str:
    """A short legend entry such as ``SGD lr=0.0373 momentum=0.9``: numbers to ``digits``
    significant digits (:func:`optiviz.engine.worker.labels.distinct_labels` adds digits
    where runs would otherwise read alike)."""

    from optiviz.engine.catalogue.external import short_name  # a file's: MySGD (my_opt.py)

    def number(value: float) -> str:
        return f"{value:.{digits}g}"

    parts = [short_name(config.optimizer), f"lr={number(config.lr)}"]
    for key, value in config.hyper.items():
        if isinstance(value, tuple):
            value = ",".join(number(v) if isinstance(v, float) else str(v) for v in value)
        elif isinstance(value, float):
            value = number(value)
        parts.append(f"{key}={value}")
    if config.scheduler:
        parts.append(config.scheduler)
    parts += stochastic_parts(config, number)
    if not config.zero_grad:
        parts.append("no zero_grad")
    return " ".join(parts)


def stochastic_parts(config: RunConfig, number: Callable[[float], str]) -> list[str]:
    """``bs=4``, ``σ=0.1`` (added gradient noise), ``seed=3``, ``clip≤1`` (by norm) or
    ``clip±1`` (by value): only the settings a run has, so a noise fan's legend tells its runs
    apart and a full-batch run reads as before."""
    parts = []
    if config.batch_size is not None:
        parts.append(f"bs={config.batch_size}")
        if not config.shuffle:
            parts.append("unshuffled")
    if config.grad_noise > 0:
        parts.append(f"σ={number(config.grad_noise)}")
    if config.stochastic and config.seed:
        parts.append(f"seed={config.seed}")
    if config.clip_grad_norm is not None:
        parts.append(f"clip≤{number(config.clip_grad_norm)}")
    if config.clip_grad_value is not None:
        parts.append(f"clip±{number(config.clip_grad_value)}")
    return parts


@dataclass
class RunState:
    """One run as the panes see it."""

    id: int
    config: RunConfig
    history: History
    status: str = "ready"  # ready, running, paused, finished, diverged
    diverged_at: int | None = None
    reason: str = ""
    visible: bool = True
    label: str = ""
    color: str = ""  # "#rrggbb" from a scenario; "" takes the palette's colour for its place
    wall_time: float = 0.0  # seconds the worker spent stepping it to its epoch
    #: Live values that are not history rows (teaching mode): the last phase done of the
    #: epoch in progress, and the optimizer's vectors at the point of epoch ``vectors_epoch``.
    phase: PhaseRecord | None = None
    vectors: dict[str, Vector] | None = None
    vectors_epoch: int | None = None
    #: The indices of the points in the last step's batch (mini-batches), else None.
    batch: np.ndarray | None = None
    #: A network run's metrics per epoch, (epochs, 4): train loss, test loss, train accuracy,
    #: test accuracy; and its latest data pane.
    metrics: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))
    data_view: DataView | None = None

    def __post_init__(self) -> None:
        if not self.label:
            self.label = run_label(self.config)

    @property
    def epoch(self) -> int:
        """Steps recorded: the timeline's position (a full-batch run's epochs)."""
        return len(self.history)


@dataclass
class SessionState:
    """The problem and all runs on it (one run, or several in a race)."""

    problem: Problem
    runs: list[RunState] = field(default_factory=list)
    playing: bool = False
    generation: int = 0
    #: A network session's loss landscape (None: a 2-parameter problem, or not computed yet).
    landscape: LandscapeView | None = None

    @property
    def max_epoch(self) -> int:
        return max((len(r.history) for r in self.runs), default=0)

    @property
    def has_scheduler(self) -> bool:
        return any(r.config.scheduler for r in self.runs)

    def run(self, run_id: int) -> RunState:
        for state in self.runs:
            if state.id == run_id:
                return state
        raise KeyError(run_id)

    @classmethod
    def from_runs(cls, runs: list[Run], playing: bool = False) -> SessionState:
        """Wrap live :class:`Run` objects (sharing their histories) for in-process drawing."""
        if not runs:
            raise ValueError("a session needs at least one run")
        states = []
        for i, run in enumerate(runs):
            state = RunState(id=i, config=run.config, history=run.history)
            sync_status(state, run)
            states.append(state)
        return cls(problem=runs[0].problem, runs=states, playing=playing)


def sync_status(state: RunState, run: Run) -> None:
    """Copy a live run's status into its state (in-process sessions)."""
    state.status = run.status
    state.diverged_at = run.diverged_at
    state.reason = run.divergence_reason
    state.config = run.config
    state.batch = run.batch
