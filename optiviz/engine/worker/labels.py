"""Labels that tell a race's runs apart: three significant digits, more only where needed.

An lr fan (0.0372759, 0.0372761, ...) reads alike at three digits; :func:`distinct_labels`
gives only the runs whose labels collide more digits, until runs with different settings
have different labels (or the numbers are shown in full).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.session_state import run_label

#: Labels start at this many significant digits ...
DIGITS = 3
#: ... and never need more than this (a float64 in full).
MAX_DIGITS = 17


def distinct_labels(configs: Sequence[RunConfig]) -> list[str]:
    """One label per config, as :func:`run_label` writes it, with more digits for the runs
    whose labels would read alike although their settings differ."""
    digits = [DIGITS] * len(configs)
    labels: list[str] = []
    for _ in range(MAX_DIGITS - DIGITS + 1):  # each pass adds a digit to some label, or ends
        labels = [run_label(c, d) for c, d in zip(configs, digits, strict=True)]
        groups: dict[str, list[int]] = defaultdict(list)
        for index, label in enumerate(labels):
            groups[label].append(index)
        bumped = False
        for members in groups.values():
            first = configs[members[0]]
            if len(members) > 1 and any(configs[i] != first for i in members[1:]):
                for i in members:
                    if digits[i] < MAX_DIGITS:
                        digits[i] += 1
                        bumped = True
        if not bumped:
            break
    return labels
