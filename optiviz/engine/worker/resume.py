"""Resuming the window's runs in a restarted worker, at the epochs its mirror holds.

Runs are deterministic: a new worker reset with the same configs and replayed to epoch N
(:class:`~optiviz.engine.worker.commands.Replay`) is where the dead one was. While it
replays, its updates fold into a separate state; once every run is back at its epoch, the
replayed parameters are compared with the mirror's bit for bit. If they agree, the mirror
itself carries on (it already holds those rows); if not (a run was edited along the way, so
its current config does not replay its history), the replayed state replaces it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from optiviz.engine.worker.session_state import SessionState

_DONE = ("finished", "diverged")


@dataclass
class Resume:
    """One restart's catching up: the mirror as it was, and the epochs to get back to."""

    mirror: SessionState
    deadline: float  # time.perf_counter() after which the replay stops where it is
    targets: tuple[int, ...] = ()
    expected: tuple[bytes, ...] = ()  # each run's last parameters, as float64 bytes
    replayed: SessionState | None = None  # the new worker's runs, as they come
    started: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        runs = self.mirror.runs
        self.targets = tuple(len(r.history) for r in runs)
        self.expected = tuple(r.history.params_at(len(r.history)).tobytes() for r in runs)

    @property
    def goal(self) -> int:
        return max(self.targets, default=0)

    def progress(self) -> int:
        """Epochs replayed so far (the furthest run's)."""
        state = self.replayed
        return 0 if state is None else state.max_epoch

    def reached(self) -> bool:
        """Every run is back at its epoch (or ended before it)."""
        state = self.replayed
        if state is None or len(state.runs) != len(self.targets):
            return False
        return all(
            len(r.history) >= t or r.status in _DONE
            for r, t in zip(state.runs, self.targets, strict=True)
        )

    def exact(self) -> bool:
        """The replayed parameters equal the mirror's last rows, bit for bit."""
        state = self.replayed
        if state is None or len(state.runs) != len(self.targets):
            return False
        return all(
            len(r.history) == t and r.history.params_at(t).tobytes() == row
            for r, t, row in zip(state.runs, self.targets, self.expected, strict=True)
        )

    def carry_on(self) -> SessionState:
        """The mirror, now following the new worker (call when :meth:`exact`)."""
        state, mirror = self.replayed, self.mirror
        if state is None:
            raise ValueError("nothing was replayed")
        mirror.generation = state.generation
        mirror.playing = state.playing
        for old, new in zip(mirror.runs, state.runs, strict=True):
            old.status, old.diverged_at, old.reason = new.status, new.diverged_at, new.reason
        return mirror

    def replace(self) -> SessionState:
        """The replayed state, keeping the mirror's names, colours and visibility."""
        state = self.replayed
        if state is None:
            raise ValueError("nothing was replayed")
        for old, new in zip(self.mirror.runs, state.runs, strict=False):
            new.label, new.color, new.visible = old.label, old.color, old.visible
        return state
