"""The model's runs onto the worker's mirror: each curve's label, visibility and colour.

A label is the user's name for a run only while the run still has the settings it was named
for; otherwise it is derived from the config the worker ran, so a legend never names settings
a curve did not run with.
"""

from __future__ import annotations

from collections.abc import Sequence

from optiviz.app.model.runs import RunEntry, needs_reset
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.worker.labels import distinct_labels
from optiviz.engine.worker.session_state import SessionState, run_label


def label_for(entry: RunEntry | None, ran: RunConfig) -> str:
    """The legend entry of a run that ran with ``ran`` (alone: three significant digits)."""
    if entry is not None and entry.label and not needs_reset(entry.config, ran):
        return entry.label
    return run_label(ran)


#: The last :func:`labels_for`: each frame projects the same runs again, and naming fifty
#: runs took a tenth of a frame. Configs are replaced, never changed in place, so the same
#: config objects and user names give the same labels.
_last: tuple[list[object], list[str]] = ([], [])


def labels_for(entries: Sequence[RunEntry | None], ran: Sequence[RunConfig]) -> list[str]:
    """Every run's legend entry: the user's name, else its settings with as many digits as
    it takes to tell it from the other runs named by their settings (an lr fan)."""
    global _last
    key: list[object] = []
    for entry, config in zip(entries, ran, strict=True):
        key += [None, None] if entry is None else [entry.label, entry.config]
        key.append(config)
    last_key, last_labels = _last
    if len(key) == len(last_key) and all(
        a is b or (isinstance(a, str) and a == b) for a, b in zip(key, last_key, strict=True)
    ):
        return list(last_labels)
    labels = _labels_for(entries, ran)
    _last = (key, labels)
    return list(labels)


def _labels_for(entries: Sequence[RunEntry | None], ran: Sequence[RunConfig]) -> list[str]:
    labels = [label_for(e, c) for e, c in zip(entries, ran, strict=True)]
    auto = [
        i for i, (e, c) in enumerate(zip(entries, ran, strict=True)) if labels[i] == run_label(c)
    ]
    for i, label in zip(auto, distinct_labels([ran[i] for i in auto]), strict=True):
        labels[i] = label
    return labels


def project_entries(entries: Sequence[RunEntry], state: SessionState) -> bool:
    """Set each mirrored run's label, visibility and colour from ``entries``; True if any
    changed."""
    changed = False
    matched = [entries[i] if i < len(entries) else None for i in range(len(state.runs))]
    labels = labels_for(matched, [run.config for run in state.runs])
    for i, run in enumerate(state.runs):
        entry = matched[i]
        label = labels[i]
        visible = entry.visible if entry is not None else True
        color = entry.color if entry is not None else ""
        if (run.label, run.visible, run.color) != (label, visible, color):
            run.label, run.visible, run.color = label, visible, color
            changed = True
    return changed
