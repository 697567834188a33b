"""Opening "Tune lr" on the race and applying its best lrs to the model."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt

from optiviz.app.host import WindowHost
from optiviz.app.model import AppModel
from optiviz.app.race.controller import RaceController
from optiviz.app.race.tune_dialog import TuneLrDialog
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.i18n import fill, tr


def apply_best_lrs(
    model: AppModel, tuned: Sequence[RunConfig], best: Sequence[float | None]
) -> None:
    """Start the race again with each run at its best lr (None keeps the run's own).

    Refused (ConfigError, nothing changed) when the race's runs are no longer the ones tuned.
    """
    entries = model.entries
    now = [e.config for e in entries]
    if len(now) != len(tuned) or any(a.copy(lr=b.lr) != b for a, b in zip(tuned, now, strict=True)):
        raise ConfigError("runs", "the runs changed since they were tuned; tune them again")
    changed = [
        e.with_config(e.config.copy(lr=lr)) if lr is not None else e
        for e, lr in zip(entries, best, strict=True)
    ]
    model.set_runs(changed, selected=model.edited, same_problem=model.same_problem)


def open_tune(window: WindowHost, race: RaceController, **options: object) -> TuneLrDialog:
    """Tune every run of the window's race (fresh copies, in a thread) in a dialog."""
    if race.tune_dialog is not None:
        race.tune_dialog.close()
    model = window.model
    configs = model.configs()

    def apply(best: list[float | None]) -> None:
        try:
            apply_best_lrs(model, configs, best)
        except ConfigError as err:
            from optiviz.app.race.install import refuse

            refuse(window, "Tune lr", err)
            return
        shown = ", ".join("—" if lr is None else f"{lr:.3g}" for lr in best)
        window.status.flash(fill(tr("best lrs applied (%1); the race starts again"), shown))

    colors = [e.color for e in model.entries]
    dialog = TuneLrDialog(
        configs,
        apply,
        window,  # type: ignore[arg-type]
        theme=window.theme,
        colors=colors,
        **options,  # type: ignore[arg-type]
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    race.tune_dialog = dialog
    dialog.open()
    return dialog
