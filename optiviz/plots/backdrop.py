"""Which of a pane's items are its backdrop: what changes only with the view.

A pane's surface image and contours, axes, grid and title change when its view moves, its
layout changes or the pane rebuilds them, never because a run took a step. A recorder paints
them once per view (:mod:`optiviz.plots.pane_layers`) and only the rest every frame.

The contract of a marked item (and everything under it): its picture depends only on its
visibility, its view's range and layout, and the pane's ``backdrop_revision``, which the pane
bumps (:meth:`optiviz.plots.base.Pane.backdrop_changed`) whenever it changes such an item
otherwise: a new title, surface or theme. An item left unmarked is painted every frame, so
leaving one unmarked costs time, never a wrong picture.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsItem

#: The key of the mark in ``QGraphicsItem.data``.
BACKDROP_KEY = 0x6F76


#: How far a mark reaches: the item alone (a plot's view box: its border, not its curves) or
#: the item and everything under it.
ITEM, TREE = "item", "tree"


def mark_backdrop(*items: QGraphicsItem, reach: str = TREE) -> None:
    """Mark ``items`` (with what they hold, unless ``reach`` is :data:`ITEM`) as backdrop."""
    for item in items:
        QGraphicsItem.setData(item, BACKDROP_KEY, reach)  # pyqtgraph's items shadow data


def backdrop_reach(item: QGraphicsItem) -> str | None:
    """How far ``item``'s own mark reaches (:data:`ITEM` or :data:`TREE`), or None."""
    reach = QGraphicsItem.data(item, BACKDROP_KEY)
    return reach if reach in (ITEM, TREE) else None
