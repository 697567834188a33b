"""Which epoch each frame shows, independent of how fast the machine draws.

Frame 0 is the start (epoch 0) and frame ``k`` is epoch ``k * epochs_per_frame``, so a
recording of ``E`` epochs holds ``E // epochs_per_frame + 1`` frames.
"""

from __future__ import annotations

from collections.abc import Sequence

from optiviz.engine.runs.race import step_all
from optiviz.engine.runs.run import Run


def frame_count(epochs: int, epochs_per_frame: int) -> int:
    return epochs // epochs_per_frame + 1


def frame_epoch(index: int, epochs_per_frame: int) -> int:
    return index * epochs_per_frame


def advance(runs: Sequence[Run], epoch: int) -> None:
    """Step every run, one epoch at a time, until it reaches ``epoch`` or is over.

    A run that finished or diverged earlier keeps its last state, so later frames repeat it.
    """
    while step_all(runs, until=epoch):
        pass
