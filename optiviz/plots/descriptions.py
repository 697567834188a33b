"""What each pane shows and how to read it: the tooltips of its title, legend and scales.

The texts go through Qt's translations (``QCoreApplication.translate``, context
``PaneHelp``), so a translated interface explains its panes in its own language. Each pane
also names the glossary entry that explains it (:data:`GLOSSARY_ENTRY`); the window opens the
glossary there when the title is clicked. Only QtCore is used here: the recorder draws these
panes offscreen too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from optiviz.plots.i18n import QT_TR_NOOP

CONTEXT = ""  # lupdate files bare tr() calls under the empty context

#: The glossary entry (its anchor) that explains each pane, by the pane's class name.
GLOSSARY_ENTRY = {
    "SurfacePane": "colour-scale",
    "LossPane": "loss-axis",
    "FitPane": "least-squares",
    "LrPane": "scheduler",
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def see_glossary() -> str:
    return tr("<i>Click the title to open the glossary here (Help → Glossary).</i>")


def _tip(title: str, body: str) -> str:
    return f"<p><b>{title}</b></p><p>{body}</p><p>{see_glossary()}</p>"


def surface_text() -> str:
    return _tip(
        tr("Loss surface"),
        tr(
            "The loss at every pair of parameter values: the first parameter across, the "
            "second up. The thin lines are contours (equal loss); ★ marks a minimum, "
            "× a saddle, ○ the start (drag it, or click the surface). Each run leaves its "
            "path in its own colour and a dot at the shown epoch; an arrow on the edge "
            "points to a run that left the view. In the teaching mode the eigen-axes λ₁ and "
            "λ₂ cross at the minimum (their ratio is κ, the condition number) and the arrow Δ "
            "is the last update: the parameters after the step minus before."
        ),
    )


def colour_scale_text() -> str:
    return _tip(
        tr("Colour scale"),
        tr(
            "log₁₀(loss − min): the loss above the lowest value on the grid, in powers of "
            "ten. One unit of colour is ten times more loss, so a deep narrow valley and "
            "the wide plateau around it both stay readable. A problem whose loss can be "
            "negative (a saddle) or that ripples around a level is coloured by the loss "
            "itself; the bar's label says which."
        ),
    )


def loss_text() -> str:
    return _tip(
        tr("Loss per epoch"),
        tr(
            "Each run's loss, one point per step, against the epochs. On problems drawn in "
            "log₁₀ colours the loss axis is logarithmic: each labelled decade is ten times "
            "the one below, and a straight falling line means the loss shrinks by the same "
            "factor every step. A curve that stops with a triangle at the top diverged. With "
            "mini-batches a step's loss is its batch's, noisier than the epoch's mean."
        ),
    )


def loss_legend_text() -> str:
    return _tip(
        tr("Legend"),
        tr(
            "One entry per shown run, in its colour: the name you gave it, or its optimizer "
            "and settings. “— diverged at epoch N”: "
            "the loss became infinite or NaN there (lower the lr and press R)."
        ),
    )


def fit_text(has_data: bool) -> str:
    if has_data:
        return _tip(
            tr("Data and fitted line"),
            tr(
                "The data points and each run's line y = w·x + b with the parameters of the "
                "shown epoch, in the data's raw units. The least-squares line (the ★ on the "
                "surface) is the best any optimizer can reach."
            ),
        )
    return _tip(
        tr("Parameters per epoch"),
        tr(
            "Each run's two parameters against the epochs (solid and dashed) and, dotted, "
            "its distance to the nearest minimum: the curve to watch fall to zero."
        ),
    )


def fit_legend_text() -> str:
    return _tip(
        tr("Legend"),
        tr("Which line style is which parameter, and the distance to the nearest minimum."),
    )


def lr_text() -> str:
    return _tip(
        tr("Learning rate per epoch"),
        tr(
            "The lr each epoch used, as the scheduler set it, on a log axis: the lr the "
            "optimizer multiplies its update by. Shown when some run has a scheduler."
        ),
    )


#: What each view of the network pane shows (:mod:`optiviz.plots.network_pane`).
NETWORK_TEXTS = {
    "regions": (
        QT_TR_NOOP("Decision regions and boundary"),
        QT_TR_NOOP(
            "Each place of the two features coloured by the class the network finds most "
            "probable there, fading into the background where it is unsure (a coin toss). The "
            "line is the decision boundary, where the most probable class changes. Filled points "
            "trained the network; hollow ones are held out, never trained on. A ring marks a "
            "point the network gets wrong."
        ),
    ),
    "curve": (
        QT_TR_NOOP("Data and fitted curve"),
        QT_TR_NOOP(
            "The network's prediction for every value of the feature, with the data: filled "
            "points trained it, hollow ones are held out, never trained on."
        ),
    ),
    "digits": (
        QT_TR_NOOP("Held-out samples"),
        QT_TR_NOOP(
            "Images the network never trained on, with the label it predicts under each: green "
            "when right; red when wrong, followed by the true label (7 ≠ 1)."
        ),
    ),
    "scatter": (
        QT_TR_NOOP("Predicted against true"),
        QT_TR_NOOP(
            "Each point's prediction against its true value: a perfect network puts every point "
            "on the dashed diagonal. Filled points trained it, hollow ones are held out."
        ),
    ),
    "confusion": (
        QT_TR_NOOP("Confusion matrix"),
        QT_TR_NOOP(
            "The held-out points counted by true class (down) and predicted class (across): the "
            "diagonal, in green, is right; every other cell, in red, a kind of mistake."
        ),
    ),
}


def network_text(view: str) -> str:
    title, body = NETWORK_TEXTS[view]
    return _tip(tr(title), tr(body))


def _set(item: Any, text: str) -> None:
    if item is not None:
        item.setToolTip(text)


def describe_pane(pane: Any) -> None:
    """Put the tooltips on ``pane``'s title, legend and scales (called with its title)."""
    kind = type(pane).__name__
    plot = pane.plot_item
    legend = getattr(pane, "legend", None)
    if kind == "SurfacePane":
        title = surface_text()
        _set(pane.colorbar, colour_scale_text())
    elif kind == "LossPane":
        title = loss_text()
        _set(legend, loss_legend_text())
        _set(plot.getAxis("left"), loss_text())
    elif kind == "FitPane":
        title = fit_text(bool(getattr(pane, "has_data", True)))
        _set(legend, fit_legend_text())
    elif kind == "LrPane":
        title = lr_text()
    elif kind == "NetworkPane" and getattr(pane, "view", "") in NETWORK_TEXTS:
        title = network_text(pane.view)
    else:
        return
    _set(plot.titleLabel, title)
