"""Panes painted as a kept backdrop plus the items that move: a recording's frames.

``QWidget.render`` repaints every item of every pane each frame, yet between two frames of a
recording only the runs' curves, paths and markers move. :class:`PaneLayers` paints a pane's
backdrop (the items marked by :func:`~optiviz.plots.backdrop.mark_backdrop`) once into an
image, and each frame copies that image and paints the other items over it itself, in the
order and with the transforms, clips, opacities and item caches Qt's graphics view would use.
The pixels are Qt's render of the pane (tested frame by frame over whole recordings).

The backdrop is painted again when its key changes: the view's size, the pane's
``backdrop_revision``, the scene's number of items, each view box's range and place, and each
item's visibility. A backdrop item that Qt would paint over something painted every frame (an
axis's inward ticks over a curve at the view's edge) is drawn every frame in its place, from
an image kept like Qt's cache if it has one, so nothing is ever stacked in the wrong order.

:class:`PanesLayers` does this for each pane of a panes widget; the widget's own background
between the panes is painted only when its layout changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsWidget,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from optiviz.plots.backdrop import TREE, backdrop_reach

_Flag = QGraphicsItem.GraphicsItemFlag
_NoCache = QGraphicsItem.CacheMode.NoCache
#: Qt's own margin around an antialiased item's bounds (``QGraphicsView``'s rect adjustment).
AA_MARGIN = 2.0
#: The largest opacity Qt treats as fully transparent (it then skips the item).
TRANSPARENT = 0.001
#: How many images :class:`PanesLayers` remembers having painted the background into.
KEPT_IMAGES = 8
#: The format of a cached item's image (Qt's pixmaps on the raster platforms).
CACHE_FORMAT = QImage.Format.Format_ARGB32_Premultiplied

#: A cached item's picture and where it goes on the device (None: it shows nothing there).
Cached = tuple[QImage, QPoint] | None


@dataclass
class _Clip:
    """An ancestor that clips its children to its shape, placed on the device."""

    transform: QTransform
    shape: QPainterPath
    rect: QRectF | None  # the shape, if it is a rectangle
    device: QRectF  # its shape's bounds on the device

    @classmethod
    def of(cls, item: QGraphicsItem, view_transform: QTransform) -> _Clip:
        transform = item.deviceTransform(view_transform)
        shape = item.shape()
        bounds = shape.boundingRect()
        as_rect = QPainterPath()
        as_rect.addRect(bounds)
        rect = bounds if as_rect == shape else None
        return cls(transform, shape, rect, transform.mapRect(bounds))

    def apply(self, painter: QPainter) -> None:
        """Clip as Qt does: a rectangle as a rectangle (its edge pixels differ from a
        path's), anything else as a path."""
        painter.setWorldTransform(self.transform)
        if self.rect is not None:
            painter.setClipRect(self.rect, Qt.ClipOperation.IntersectClip)
        else:
            painter.setClipPath(self.shape, Qt.ClipOperation.IntersectClip)


@dataclass
class _Entry:
    """One item with contents, in Qt's painting order."""

    item: QGraphicsItem
    clips: tuple[_Clip, ...]
    backdrop: bool
    #: A class of Qt's own (text, rectangles): its ``paint`` reads the option's exposed rect.
    qt_class: bool
    #: Drawn by Qt through an image of its own (a cache mode): painted the same way here.
    cached: bool
    #: A graphics widget that fills its background with its palette's window colour.
    fills: bool
    option: QStyleOptionGraphicsItem
    #: A cached backdrop item drawn every frame (it lies over a moving one): its image, kept
    #: from the build, as Qt keeps its cache while the item does not change.
    kept: Cached = None

    def region(self, view: QRectF, transform: QTransform, *, moving: bool) -> QRectF:
        """Where on the device the item can paint: anywhere in its clips if it moves, else
        within its bounds (``transform`` is its device transform)."""
        if moving:
            bounds = QRectF(view)
        else:
            bounds = transform.mapRect(self.item.boundingRect())
            bounds.adjust(-AA_MARGIN, -AA_MARGIN, AA_MARGIN, AA_MARGIN)
        for clip in self.clips:
            bounds = bounds.intersected(clip.device)
        return bounds


def _paints(item: QGraphicsItem) -> bool:
    """Whether ``item`` paints anything: not without contents, and a graphics widget that
    keeps Qt's own (empty) ``paint`` paints only its background, if it fills it (a view's
    central widget, a plot, a title's frame)."""
    if item.flags() & _Flag.ItemHasNoContents:
        return False
    if isinstance(item, QGraphicsWidget) and type(item).paint is QGraphicsWidget.paint:
        return item.autoFillBackground()
    return True


def _painted_rect(cached: Cached) -> QRectF:
    """Where a cached picture has any pixel that is not fully transparent (on the device)."""
    if cached is None:
        return QRectF()
    image, at = cached
    height, width = image.height(), image.width()
    pixels = np.frombuffer(image.constBits(), np.uint8, count=height * image.bytesPerLine())
    alpha = pixels.reshape(height, -1)[:, 3 : 4 * width : 4]  # premultiplied ARGB: A is byte 3
    rows, columns = np.nonzero(alpha.any(axis=1))[0], np.nonzero(alpha.any(axis=0))[0]
    if len(rows) == 0:
        return QRectF()
    left, top = at.x() + columns[0], at.y() + rows[0]
    return QRectF(left, top, columns[-1] - columns[0] + 1, rows[-1] - rows[0] + 1)


def _window_brush(item: QGraphicsItem) -> QBrush:
    assert isinstance(item, QGraphicsWidget)
    return item.palette().window()


def _option(item: QGraphicsItem) -> QStyleOptionGraphicsItem:
    option = QStyleOptionGraphicsItem()
    if item.isEnabled():
        option.state = QStyle.StateFlag.State_Enabled
    bounds = item.boundingRect()
    option.exposedRect = bounds
    option.rect = bounds.toAlignedRect()
    return option


class PaneLayers:
    """Paints ``view`` (a pyqtgraph :class:`~pyqtgraph.GraphicsView`) into view-sized images.

    :meth:`paint` returns False (and paints nothing) when the view cannot be layered: a
    background that is not one opaque colour, or a viewport that does not fill the view.
    """

    def __init__(self, view: pg.GraphicsView) -> None:
        self.view = view
        self._key: tuple | None = None
        self._entries: list[_Entry] = []
        self._moving: list[_Entry] = []
        #: The scene's view boxes (whose ranges and places the backdrop depends on).
        self.boxes: list[pg.ViewBox] = []
        self._backdrop: QImage | None = None
        #: How many times the backdrop was painted (for tests and benchmarks).
        self.backdrops = 0

    def layerable(self) -> bool:
        view = self.view
        brush = view.backgroundBrush()
        return (
            brush.style() == Qt.BrushStyle.SolidPattern
            and brush.color().alpha() == 255
            and view.viewport().geometry() == view.rect()
            and not view.isTransformed()
        )

    def paint(self, image: QImage) -> bool:
        """Paint the view into ``image`` (the view's size); False if it cannot be layered."""
        if not self.layerable():
            return False
        self.view.scene().prepareForPaint()  # pyqtgraph's items settle ranges and bounds here
        if self._current_key() != self._key:
            self._build(image.format())
            self._key = self._current_key()  # the build read the items anew
        assert self._backdrop is not None
        painter = QPainter(image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(0, 0, self._backdrop)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setRenderHints(self.view.renderHints())
        self._paint_entries(painter, self._moving)
        painter.end()
        return True

    # -- what the backdrop depends on -------------------------------------------------------------
    def _current_key(self) -> tuple:
        view = self.view
        return (
            view.size(),
            getattr(view, "backdrop_revision", 0),
            len(view.scene().items()),
            tuple((box.viewRect(), box.sceneBoundingRect()) for box in self.boxes),
            tuple(entry.item.isVisible() for entry in self._entries),
        )

    # -- building ----------------------------------------------------------------------------------
    def _build(self, image_format: QImage.Format) -> None:
        view = self.view
        transform = view.viewportTransform()
        entries: list[_Entry] = []
        tops = [item for item in view.scene().items() if item.parentItem() is None]
        for item in reversed(tops):  # items() lists the topmost first
            self._collect(item, (), False, transform, entries)
        self._stack(entries, QRectF(view.rect()), transform)
        self._entries = entries
        self._moving = [entry for entry in entries if not entry.backdrop]
        self.boxes = _boxes(view)
        backdrop = QImage(view.width(), view.height(), image_format)
        backdrop.fill(QColor(view.backgroundBrush().color()))
        painter = QPainter(backdrop)
        painter.setRenderHints(view.renderHints())
        self._paint_entries(painter, [entry for entry in entries if entry.backdrop])
        painter.end()
        self._backdrop = backdrop
        self.backdrops += 1

    def _collect(
        self,
        item: QGraphicsItem,
        clips: tuple[_Clip, ...],
        backdrop: bool,
        transform: QTransform,
        out: list[_Entry],
    ) -> None:
        """Add ``item`` and its children to ``out`` in the order Qt paints them (``backdrop``:
        an ancestor's mark covers them)."""
        reach = backdrop_reach(item)
        own_backdrop = backdrop or reach is not None
        backdrop = backdrop or reach == TREE
        flags = item.flags()
        children = item.childItems()  # in stacking order, lowest first
        own_clips = clips
        if flags & _Flag.ItemClipsChildrenToShape and children:
            clips = (*clips, _Clip.of(item, transform))
            own_clips = clips  # Qt paints the item itself inside the clip it sets for them
        elif flags & _Flag.ItemClipsToShape:
            own_clips = (*clips, _Clip.of(item, transform))
        behind = [c for c in children if c.flags() & _Flag.ItemStacksBehindParent]
        for child in behind:
            self._collect(child, clips, backdrop, transform, out)
        if _paints(item):
            qt_class = type(item).__module__.startswith("PySide6")
            cached = item.cacheMode() != _NoCache
            fills = isinstance(item, QGraphicsWidget) and item.autoFillBackground()
            out.append(
                _Entry(item, own_clips, own_backdrop, qt_class, cached, fills, _option(item))
            )
        for child in children:
            if not child.flags() & _Flag.ItemStacksBehindParent:
                self._collect(child, clips, backdrop, transform, out)

    def _stack(self, entries: list[_Entry], view: QRectF, transform: QTransform) -> None:
        """Take out of the backdrop every item that lies over something drawn every frame:
        it is drawn every frame too, in its place (from a kept image, if Qt caches it)."""
        above: list[QRectF] = []  # where the items drawn every frame so far can paint
        for entry in entries:
            if not entry.item.isVisible():
                continue  # were it shown, the key would change and this be done again
            item_transform = entry.item.deviceTransform(transform)
            if not entry.backdrop:
                above.append(entry.region(view, item_transform, moving=True))
                continue
            region = entry.region(view, item_transform, moving=False)
            if not any(region.intersects(other) for other in above):
                continue
            entry.backdrop = False
            if entry.cached:  # Qt would draw its unchanged cache: keep the image
                entry.kept = self._cache_image(entry, item_transform)
                region = _painted_rect(entry.kept)  # an axis's picture, not its whole box
            above.append(region)

    # -- painting ----------------------------------------------------------------------------------
    def _paint_entries(self, painter: QPainter, entries: list[_Entry]) -> None:
        """Paint ``entries`` as Qt's graphics view would."""
        view = self.view
        transform = view.viewportTransform()
        widget = view.viewport()
        for entry in entries:
            item = entry.item
            if not item.isVisible():
                continue
            opacity = item.effectiveOpacity()
            if opacity < TRANSPARENT:
                continue
            device = item.deviceTransform(transform)
            painter.save()
            for clip in entry.clips:
                clip.apply(painter)
            painter.setOpacity(opacity)
            if entry.cached:
                cached = entry.kept if entry.kept is not None else self._cache_image(entry, device)
                if cached is not None:
                    painter.resetTransform()
                    painter.drawImage(cached[1], cached[0])
            else:
                painter.setWorldTransform(device)
                option = entry.option
                if entry.qt_class:  # text changes its bounds; Qt's classes paint what is exposed
                    bounds = item.boundingRect()
                    option.exposedRect = bounds
                    option.rect = bounds.toAlignedRect()
                if entry.fills:  # as Qt does for a graphics widget that fills its background
                    painter.fillRect(option.exposedRect, _window_brush(item))
                item.paint(painter, option, widget)
            painter.restore()

    def _cache_image(self, entry: _Entry, device: QTransform) -> Cached:
        """``entry``'s item painted as Qt fills a device-coordinate cache: into a transparent
        image of its bounds on the device, a pixel wider each side, without a widget."""
        item = entry.item
        bounds = item.boundingRect()
        rect = device.mapRect(bounds).toRect().adjusted(-1, -1, 1, 1)
        view = self.view.rect()
        if rect.isEmpty() or not view.intersects(rect):
            return None
        if not view.contains(rect) and (
            view.width() * 1.2 < rect.width() or view.height() * 1.2 < rect.height()
        ):
            rect = rect.intersected(view)  # Qt caches only the part in view of a huge item
        image = QImage(rect.size(), CACHE_FORMAT)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHints(self.view.renderHints())
        painter.setWorldTransform(device * QTransform.fromTranslate(-rect.x(), -rect.y()))
        option = entry.option
        option.exposedRect = bounds
        option.rect = bounds.toAlignedRect()
        if entry.fills:
            painter.fillRect(bounds, _window_brush(item))
        item.paint(painter, option, None)
        painter.end()
        return image, rect.topLeft()


def _lay_out() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _boxes(view: pg.GraphicsView) -> list[pg.ViewBox]:
    return [item for item in view.scene().items() if isinstance(item, pg.ViewBox)]


class PanesLayers:
    """Paints a widget of panes (pyqtgraph views side by side) into the top left of images.

    The widget's own background is painted when the image or the widget's layout is new;
    then each view paints its part through its :class:`PaneLayers` (or, if it cannot be
    layered, Qt renders that view). A widget holding anything but views is rendered whole
    by Qt every time.
    """

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget
        self._layers: dict[int, PaneLayers] = {}
        #: The images the widget's background was painted into, with the layout it was for
        #: (a recorder paints into a few images in turn), most recent last.
        self._prepared: dict[int, tuple[QImage, tuple]] = {}
        #: Times the background was painted (the first frame, then layout changes).
        self.backgrounds = 0

    def views(self) -> list[pg.GraphicsView] | None:
        """The widget's shown children, if they are all pyqtgraph views."""
        views = []
        for child in self.widget.children():
            if not isinstance(child, QWidget) or not child.isVisible():
                continue
            if not isinstance(child, pg.GraphicsView):
                return None
            views.append(child)
        return views

    def paint(self, image: QImage, background: QColor) -> None:
        """Paint the widget into ``image`` (kept between calls: the background between the
        views is painted only when the layout changed).

        Laid out first: what changed since (a longer title) takes its room. Painting can ask
        for room again (an axis measures its tick labels when it first paints them); then
        the frame is laid out and painted once more, so no frame shows a stale layout.
        """
        for _attempt in range(3):
            _lay_out()
            placed = self._placement()
            self._paint(image, background)
            _lay_out()
            if self._placement() == placed:
                return

    def _placement(self) -> tuple:
        """Where the panes' plots are (what laying them out changes)."""
        places: list[QRectF] = []
        for view in self.views() or ():
            layers = self._layers.get(id(view))
            boxes = layers.boxes if layers is not None and layers.boxes else _boxes(view)
            places.extend(box.sceneBoundingRect() for box in boxes)
        return tuple(places)

    def _paint(self, image: QImage, background: QColor) -> None:
        views = self.views()
        if views is None:
            image.fill(background)
            self.widget.render(image)
            self._prepared.clear()
            return
        key = (self.widget.size(), tuple((id(view), view.geometry()) for view in views))
        prepared = self._prepared.get(id(image))
        if prepared is None or prepared[0] is not image or prepared[1] != key:
            image.fill(background)
            self.widget.render(image, renderFlags=QWidget.RenderFlag.DrawWindowBackground)
            self._prepared.pop(id(image), None)
            self._prepared[id(image)] = (image, key)  # held, so its id stays its own
            while len(self._prepared) > KEPT_IMAGES:
                del self._prepared[next(iter(self._prepared))]
            self.backgrounds += 1
        bits = image.bits()
        line = image.bytesPerLine()
        depth = image.depth() // 8
        for view in views:
            layers = self._layers.get(id(view))
            if layers is None or layers.view is not view:
                layers = self._layers[id(view)] = PaneLayers(view)
            rect: QRect = view.geometry()
            start = rect.y() * line + rect.x() * depth
            length = (rect.height() - 1) * line + rect.width() * depth
            part = QImage(
                bits[start : start + length], rect.width(), rect.height(), line, image.format()
            )  # the view's part of ``image``, drawn into in place
            if not layers.paint(part):
                QWidget.render(view, part)
