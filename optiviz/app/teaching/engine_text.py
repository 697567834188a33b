"""The engine's explanations of each phase, in the interface's language.

The engine imports no Qt: it writes its explanations in English, sentences with numbers in
them. Each sentence it can write is a pattern below, with ``{0}``, ``{1}``… where it puts a
value; :func:`translate_engine` finds each pattern in a text and puts the pattern's
translation (context ``engine`` of the same ``.ts``), with the same values, in its place. A
sentence no pattern matches stays English, so a new sentence in the engine is never lost.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QCoreApplication

from optiviz.plots.i18n import QT_TRANSLATE_NOOP

CONTEXT = "engine"

# Longest first: a pattern may hold another's sentence in a value (the batch note of forward).
PATTERNS = (
    QT_TRANSLATE_NOOP(
        "engine",
        "model({0}, *params) computes the predictions y_p = w·x + b for the {1} points{2} with "
        "the current parameters {3} = {4}. Nothing is learned yet.",
    ),
    QT_TRANSLATE_NOOP("engine", " of batch {0} of {1} (step {2}, epoch {3})"),
    QT_TRANSLATE_NOOP(
        "engine",
        " For LBFGS these lines run inside closure(), which optimizer.step(closure) calls.",
    ),
    QT_TRANSLATE_NOOP(
        "engine", "The loss is the function itself: {0}(*params) at {1} = {2} gives {3}."
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        "loss_fn averages the squared differences (y_p − y)² over the points: the loss is {0}. "
        "This one number is what backward() differentiates.",
    ),
    QT_TRANSLATE_NOOP(
        "engine", "It clears params.grad; there is no gradient yet, so it stays None."
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        "It clears the gradient the previous epoch left in params.grad {0}, so that backward() "
        "does not add to it.",
    ),
    QT_TRANSLATE_NOOP(
        "engine", "torch sets params.grad to None (set_to_none=True by default) instead of zeros."
    ),
    QT_TRANSLATE_NOOP("engine", "params.grad is now filled with zeros."),
    QT_TRANSLATE_NOOP(
        "engine",
        "loss.backward() computes the gradient of the loss with respect to each parameter: "
        "∂loss/∂{0} = {1}, ∂loss/∂{2} = {3}. It is stored in params.grad; the parameters have "
        "not moved yet.",
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        " Then Gaussian noise (σ = {0}, seeded) is added to it: added gradient noise, a stand-in "
        "for a batch's noise.",
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        "clip_grad_norm_ rescales params.grad when its length exceeds {0}: it was {1}, so it is "
        "scaled down to that length.",
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        "clip_grad_norm_ rescales params.grad when its length exceeds {0}: it was {1}, so it is "
        "unchanged.",
    ),
    QT_TRANSLATE_NOOP("engine", "clip_grad_value_ clamps each entry of params.grad to ±{0}."),
    QT_TRANSLATE_NOOP(
        "engine",
        "Clipping bounds one step's size when a gradient spikes; the direction of a "
        "norm-clipped gradient is kept.",
    ),
    QT_TRANSLATE_NOOP("engine", "The run stopped at epoch {0}: {1}."),
    QT_TRANSLATE_NOOP(
        "engine",
        "optimizer.step(closure) runs torch.optim.{0}: it called closure() {1} time(s), each a "
        "{2}forward, loss and backward at a trial point, to choose the step. params.grad now "
        "holds the last trial's gradient.",
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        "optimizer.step() applies torch.optim.{0}'s update, using params.grad and what it keeps "
        "in optimizer.state ({1}).",
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        "optimizer.step() applies torch.optim.{0}'s update using params.grad; it keeps no state "
        "between steps.",
    ),
    QT_TRANSLATE_NOOP("engine", "Δ = {0} with lr = {1}, so {2} goes from {3} to {4}."),
    QT_TRANSLATE_NOOP("engine", " Then the scheduler sets the lr of the next epoch: {0}."),
    QT_TRANSLATE_NOOP("engine", " (unchanged)"),
    QT_TRANSLATE_NOOP("engine", "optimizer.zero_grad() is skipped (forgotten)."),
    QT_TRANSLATE_NOOP(
        "engine",
        "params.grad is still None: no backward() has run yet, so nothing carries over.",
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        "params.grad still holds {0}, the sum of every earlier gradient: it carries over, and "
        "backward() will add this step's gradient to it.",
    ),
    QT_TRANSLATE_NOOP(
        "engine",
        "loss.backward() adds this step's gradient {0} to what params.grad held, so params.grad "
        "is now {1}, {2}× as long as this step's own. optimizer.step() uses the accumulated one: "
        "without zero_grad the gradient grows step by step.",
    ),
)
_SLOT = re.compile(r"\{(\d)\}")


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    parts = _SLOT.split(pattern)  # literal, slot, literal, slot, …
    body = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<v{part}>.*?)" for i, part in enumerate(parts)
    )
    # a value at the end of a sentence ("gives 1.5.") ends at the sentence's end, not its dot
    return re.compile(body + (r"(?=\s|$)" if re.search(r"\{\d\}\.$", pattern) else ""))


def translate_engine(text: str) -> str:
    """``text`` (an explanation the engine wrote) with each sentence it knows translated."""
    for pattern in sorted(PATTERNS, key=len, reverse=True):
        translated = QCoreApplication.translate(CONTEXT, pattern)
        if translated == pattern:
            continue

        def put(match: re.Match[str], translated: str = translated) -> str:
            return _SLOT.sub(lambda slot: match.group(f"v{slot.group(1)}"), translated)

        text = _regex(pattern).sub(put, text)
    return text
