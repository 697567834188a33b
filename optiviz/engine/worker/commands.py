"""What the window asks of the worker: one frozen, picklable dataclass per command.

The worker process is started with "spawn", so every command crosses a pipe by pickling; plain
frozen dataclasses of plain values do that with no help. :meth:`Session.handle
<optiviz.engine.worker.session.Session.handle>` dispatches on the type with ``match``.
"""

from __future__ import annotations

from dataclasses import dataclass

from optiviz.engine.runs.config import RunConfig


@dataclass(frozen=True)
class Reset:
    """Start over with these runs (a new generation: every history begins at epoch 0)."""

    configs: tuple[RunConfig, ...]


@dataclass(frozen=True)
class SetHyper:
    """Change ``lr`` or a hyperparameter of run ``run`` (None: every run) from the next epoch."""

    run: int | None
    key: str
    value: object


@dataclass(frozen=True)
class SetEpochs:
    epochs: int


@dataclass(frozen=True)
class SetSpeed:
    """Epochs per second; ``None`` runs as fast as possible."""

    epochs_per_second: float | None


@dataclass(frozen=True)
class Seek:
    """Go back to ``epoch`` (every run; a run never goes past its own last epoch)."""

    epoch: int


@dataclass(frozen=True)
class ShowVectors:
    """Publish the optimizer's vectors at the current point (teaching mode), or stop."""

    on: bool


@dataclass(frozen=True)
class RemoveRun:
    """Drop run ``index``; every other run keeps its state, history and epoch."""

    index: int


@dataclass(frozen=True)
class Replay:
    """Step each run ``i``, as fast as possible and then pause, until it has done
    ``epochs[i]`` epochs: a restarted worker catching up with the window's mirror. Any later
    command but a speed or vectors change stops the replay where it is."""

    epochs: tuple[int, ...]


@dataclass(frozen=True)
class SetDirections:
    """The directions of a network's landscape plane: "pca" or "random"."""

    kind: str


@dataclass(frozen=True)
class Play:
    pass


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class Step:
    """One epoch of every run still going, then pause."""


@dataclass(frozen=True)
class Phase:
    """One phase of the epoch in progress (forward, loss, zero_grad, backward, step)."""


@dataclass(frozen=True)
class Quit:
    pass


Command = (
    Reset
    | SetHyper
    | SetEpochs
    | SetSpeed
    | Seek
    | ShowVectors
    | RemoveRun
    | Replay
    | Play
    | Pause
    | Step
    | Phase
    | Quit
)

#: Commands after which the runs are no longer playing.
STOPPERS: tuple[type[Command], ...] = (Pause, Step, Phase, Seek, Reset)
