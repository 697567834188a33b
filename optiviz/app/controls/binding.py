"""The controls as a view of the app model: they render the edited run and send edits to it.

The panel checks each edit against torch first (a refused value stays in its field with the
reason); a valid edit goes to :meth:`AppModel.edit`. Whatever the model then holds is what the
panel shows: if the model refuses the edit, or another run becomes the edited one, or a
feature changes the settings, the panel is filled from the model again.
"""

from __future__ import annotations

from collections.abc import Callable

from optiviz.app.controls.controls_panel import ControlsPanel
from optiviz.app.model import AppModel
from optiviz.engine.errors import ConfigError
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.i18n import fill, tr


def bind_controls(model: AppModel, controls: ControlsPanel, flash: Callable[[str], None]) -> None:
    """Connect ``controls`` to ``model`` both ways; ``flash`` says a refusal in the status bar."""

    def edited(config: RunConfig) -> None:
        try:
            model.edit(config)
        except ConfigError as err:
            controls.set_config(model.edited_config)
            controls.show_refusal(err)
            flash(fill(tr("refused %1"), err))

    def render() -> None:
        if controls.config() != model.edited_config:
            controls.set_config(model.edited_config)

    controls.configEdited.connect(edited)
    controls.speedChanged.connect(model.set_speed)
    controls.directionsChanged.connect(model.set_directions)
    model.editedChanged.connect(render)
    model.speedChanged.connect(controls.show_speed)
    render()
    controls.show_speed(model.speed)
