"""The words of predict-then-reveal, through Qt's translations (context ``Predict``)."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

from optiviz.app.predict.model import PLACING, REVEALED, REVEALING, PredictModel
from optiviz.app.predict.scoring import Score

CONTEXT = ""  # lupdate files bare tr() calls under the empty context


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def number(value: float) -> str:
    """A coordinate or distance as the panel and the labels show it (4 significant digits)."""
    if not math.isfinite(value):
        return tr("diverged") if math.isnan(value) else "∞"
    return f"{value:.4g}"


def mark_text(label: str, result: Score | None) -> str:
    """A guess's label on the surface: its name, then its distance and rank once revealed."""
    if result is None:
        return label
    if not math.isfinite(result.distance):
        return f"{label}  {number(result.distance)}"
    return f"{label}  {number(result.distance)}  #{result.rank}"


def prompt(model: PredictModel) -> str:
    """What the panel asks or says in the model's phase."""
    who = model.run_label or tr("the run")
    if model.phase == PLACING:
        return (
            tr("Where will %1 be after %2 steps? Click on the loss surface to place a guess.")
            .replace("%1", who)
            .replace("%2", str(model.steps))
        )
    if model.phase == REVEALING:
        return tr("Revealing: %1 steps…").replace("%1", str(model.steps))
    if model.phase == REVEALED:
        return outcome(model)
    return ""


def outcome(model: PredictModel) -> str:
    """The reveal's result in one or two sentences."""
    assert model.reached is not None
    x, y = model.reached
    where = f"({number(x)}, {number(y)})"
    said = (
        tr("%1 reached %2 after %3 steps.")
        .replace("%1", model.run_label or tr("The run"))
        .replace("%2", where)
        .replace("%3", str(model.steps_done))
    )
    if model.steps_done < model.steps:
        said += " " + tr("It stopped before %1 steps.").replace("%1", str(model.steps))
    winners = model.winners()
    if winners:
        said += " " + tr("Closest: %1.").replace("%1", ", ".join(winners))
    elif not model.guesses:
        said += " " + tr("No guesses were placed.")
    return said
