"""The status bar says why, when torch's defaults keep the edited run from its minimum.

The numbers come from :func:`optiviz.engine.explain.stall.stall_hint`; the words are Qt's
translations (context ``StallHint``). A hint is said once per settings that cause it, when
the run the controls edit changes, not at every frame.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from optiviz.app.host import WindowHost
from optiviz.engine.errors import ConfigError
from optiviz.engine.explain.stall import MUON_DECAY, STALLING, StallHint, stall_hint
from optiviz.engine.runs.config import RunConfig

CONTEXT = ""  # lupdate files bare tr() calls under the empty context
#: How long the hint stays in the status bar, in milliseconds (longer than a passing notice).
HINT_MS = 20000


def hint_text(hint: StallHint) -> str:
    """The hint in the interface's language, short enough for the status bar (the glossary's
    weight decay entry says why)."""
    if hint.kind == MUON_DECAY:
        text = QCoreApplication.translate(
            "",
            "{optimizer} stalls: weight_decay={value} keeps |θ| ≤ {reach}, the minimum has "
            "|θ| = {needed}: set it to 0",
        )
    else:
        text = QCoreApplication.translate(
            "",
            "{optimizer} stalls: at lr={value} a parameter moves ≤ {reach} in {steps} steps, "
            "the minimum is {needed} away: raise the lr",
        )
    return text.format(
        optimizer=hint.optimizer,
        value=f"{hint.value:g}",
        reach=f"{hint.reach:.3g}",
        needed=f"{hint.needed:.3g}",
        steps=f"{hint.steps:,}",
    )


class StallNotice(QObject):
    """Watches the edited run's settings and shows :func:`hint_text` when a hint applies."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window.model)
        self.window = window
        self.hint: StallHint | None = None
        self.text = ""
        self._config: RunConfig | None = None
        window.model.editedChanged.connect(self.check)
        window.model.runsChanged.connect(self.check)
        self.check()

    def check(self) -> None:
        config = self.window.model.edited_config
        if config.optimizer not in STALLING:
            hint, self._config = None, None  # at once: no config compared, no problem built
        elif config == self._config:
            return
        else:
            self._config = config.copy()
            try:
                hint = stall_hint(config)
            except ConfigError:
                hint = None
        if hint == self.hint:
            return
        self.hint = hint
        self.text = hint_text(hint) if hint is not None else ""
        if hint is not None:
            self.window.status.showMessage(self.text, HINT_MS)
