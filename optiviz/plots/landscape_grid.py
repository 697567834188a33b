"""A network's loss landscape as the surface pane draws it: a plane through parameter space.

The worker computes the loss at grid points ``alpha[i], beta[j]`` of the plane
``theta0 + alpha*d1 + beta*d2`` (:class:`~optiviz.engine.worker.live_landscape.LandscapeView`);
here it becomes the same :class:`~optiviz.engine.problems.surface.SurfaceGrid` a 2-parameter
problem's surface is, coloured the same way. The image's cells are centred on the grid points,
so the drawn domain reaches half a cell beyond the first and last ones.
"""

from __future__ import annotations

import numpy as np

from optiviz.engine.problems.surface import SurfaceGrid, colour_grid
from optiviz.engine.worker.live_landscape import LandscapeView
from optiviz.plots.i18n import fill, tr

ALPHA_LABEL = "α (d₁)"
BETA_LABEL = "β (d₂)"


def _half_cell(values: np.ndarray) -> tuple[float, float]:
    lo, hi = float(values[0]), float(values[-1])
    half = (hi - lo) / (len(values) - 1) / 2 if len(values) > 1 and hi > lo else 0.5
    return lo - half, hi + half


def landscape_grid(view: LandscapeView) -> SurfaceGrid:
    """The landscape's loss on its own grid, coloured on a log scale (a network's loss
    spans decades between the start and a trained point)."""
    domain = (_half_cell(view.alpha), _half_cell(view.beta))
    z = np.asarray(view.loss, dtype=np.float64).T  # loss[i, j] is at alpha[i], beta[j]
    return colour_grid(view.alpha, view.beta, z, domain, log=True)


def landscape_title(view: LandscapeView) -> str:
    """``Loss on a pca plane (d₁ 80 %, d₂ 14 % of the path's variance)`` or ``Loss on a random
    plane (filter-normalised)``, with the view's note (why a pca view is random) after it."""
    if view.kind == "pca" and view.explained is not None:
        first, second = view.explained
        title = fill(
            tr("Loss on a pca plane (d₁ %1 %, d₂ %2 % of the path's variance)"),
            f"{100 * first:.0f}",
            f"{100 * second:.0f}",
        )
    else:
        title = tr("Loss on a random plane (filter-normalised)")
    return f"{title}: {view.note}" if view.note else title
