"""Predict, then reveal: the state of one prediction, with no widgets.

A prediction starts from the point a run has reached (its *origin*). While *placing*, nothing
steps and guesses are placed, moved, renamed and removed; *revealing* steps the runs exactly
``steps`` times; *revealed* holds the point reached and each guess's score. The panel and the
guesses on the surface render this model and send their edits to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from optiviz.app.predict.scoring import Score, score

OFF, PLACING, REVEALING, REVEALED = "off", "placing", "revealing", "revealed"
DEFAULT_STEPS = 10
MAX_STEPS = 100_000


@dataclass(frozen=True)
class Guess:
    label: str
    x: float
    y: float


def next_label(taken: set[str]) -> str:
    """The first of A, B, ..., Z, AA, AB, ... not in ``taken``."""
    n = 0
    while True:
        label, k = "", n
        while True:
            label = chr(ord("A") + k % 26) + label
            k = k // 26 - 1
            if k < 0:
                break
        if label not in taken:
            return label
        n += 1


class PredictModel(QObject):
    """One prediction: the guesses, the steps ahead, the phase and, once revealed, the scores.

    ``changed`` is emitted after every edit; edits that the phase does not allow (placing a
    guess while revealing) are ignored and return False or None.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.phase = OFF
        self.steps = DEFAULT_STEPS
        self.run = 0  # the index of the run the guesses are about
        self.run_label = ""
        self.origin: tuple[float, float] = (0.0, 0.0)
        self.origin_step = 0
        self.guesses: list[Guess] = []
        self.reached: tuple[float, float] | None = None
        self.steps_done = 0  # steps the run made while revealing (fewer if it ended)
        self.scores: list[Score] = []

    # -- the phases ----------------------------------------------------------------------------
    def begin(
        self, run: int, origin: tuple[float, float], origin_step: int, run_label: str = ""
    ) -> None:
        """Start placing guesses about run ``run``, now at ``origin`` after ``origin_step``."""
        self.phase = PLACING
        self.run, self.run_label = run, run_label
        self.origin = (float(origin[0]), float(origin[1]))
        self.origin_step = int(origin_step)
        self.guesses = []
        self.reached, self.steps_done, self.scores = None, 0, []
        self.changed.emit()

    def rebase(self, origin: tuple[float, float], origin_step: int) -> None:
        """The run is further than it looked (rows still on their way when it paused): the
        prediction starts from where it really is. Only while placing."""
        if self.phase != PLACING or int(origin_step) == self.origin_step:
            return
        self.origin = (float(origin[0]), float(origin[1]))
        self.origin_step = int(origin_step)
        self.changed.emit()

    @property
    def target_step(self) -> int:
        """The step the run is at once the prediction is revealed."""
        return self.origin_step + self.steps

    def start_reveal(self) -> bool:
        if self.phase != PLACING:
            return False
        self.phase = REVEALING
        self.changed.emit()
        return True

    def finish(self, reached: tuple[float, float], steps_done: int) -> None:
        """The run reached ``reached`` after ``steps_done`` steps: score every guess."""
        if self.phase != REVEALING:
            return
        self.reached = (float(reached[0]), float(reached[1]))
        self.steps_done = int(steps_done)
        self.scores = score([(g.label, g.x, g.y) for g in self.guesses], self.reached)
        self.phase = REVEALED
        self.changed.emit()

    def end(self) -> None:
        if self.phase == OFF:
            return
        self.phase = OFF
        self.guesses, self.reached, self.scores = [], None, []
        self.changed.emit()

    # -- edits while placing -------------------------------------------------------------------
    def set_steps(self, steps: int) -> bool:
        if self.phase not in (OFF, PLACING) or not 1 <= int(steps) <= MAX_STEPS:
            return False
        if int(steps) != self.steps:
            self.steps = int(steps)
            self.changed.emit()
        return True

    def add(self, x: float, y: float, label: str = "") -> int | None:
        """Place a guess at ``(x, y)`` (named ``label``, else the next free letter); its index."""
        if self.phase != PLACING or not (math.isfinite(x) and math.isfinite(y)):
            return None
        taken = {g.label for g in self.guesses}
        label = label.strip() or next_label(taken)
        self.guesses.append(Guess(label, float(x), float(y)))
        self.changed.emit()
        return len(self.guesses) - 1

    def move(self, index: int, x: float, y: float) -> bool:
        if self.phase != PLACING or not 0 <= index < len(self.guesses):
            return False
        if not (math.isfinite(x) and math.isfinite(y)):
            return False
        self.guesses[index] = replace(self.guesses[index], x=float(x), y=float(y))
        self.changed.emit()
        return True

    def rename(self, index: int, label: str) -> bool:
        label = label.strip()
        if self.phase != PLACING or not 0 <= index < len(self.guesses) or not label:
            return False
        self.guesses[index] = replace(self.guesses[index], label=label)
        self.changed.emit()
        return True

    def remove(self, index: int) -> bool:
        if self.phase != PLACING or not 0 <= index < len(self.guesses):
            return False
        del self.guesses[index]
        self.changed.emit()
        return True

    # -- reading -------------------------------------------------------------------------------
    def winners(self) -> list[str]:
        """The labels of the closest guesses (several on a tie), once revealed."""
        return [s.label for s in self.scores if s.rank == 1 and math.isfinite(s.distance)]
