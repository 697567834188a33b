"""Two cached images of many runs' paths, the outlines and the lines, that grow as they do.

Fifty paths on the loss surface took 9 ms a frame to stroke, every frame, although a frame
only adds each path's newest few points. :class:`GrowingLayers` keeps what was stroked in two
device-sized images, all outlines in one and all lines in the other (so every line stays
above every outline, as a full stroke draws them), and strokes only the new tails into them;
painting is then two image copies. Anything else (a new view transform or size, a line that
is not an extension of what was drawn, a pen or visibility change, a line added or removed)
makes :class:`~optiviz.plots.run_lines.RunLines` draw both images afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QTransform

#: The transform and the device rectangle the images were drawn for.
LayerKey = tuple[tuple[float, ...], tuple[int, int, int, int]]


def layer_key(transform: QTransform, rect: QRect) -> LayerKey:
    matrix = (
        transform.m11(),
        transform.m12(),
        transform.m21(),
        transform.m22(),
        transform.dx(),
        transform.dy(),
    )
    return matrix, (rect.x(), rect.y(), rect.width(), rect.height())


@dataclass
class GrowingLayers:
    """The outlines' and the lines' images for ``key``, and how many points of each line
    (by run key) they hold."""

    key: LayerKey
    outlines: QImage
    lines: QImage
    drawn: dict[int, int] = field(default_factory=dict)

    @classmethod
    def blank(cls, key: LayerKey) -> GrowingLayers:
        width, height = key[1][2], key[1][3]
        images = []
        for _ in range(2):
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            images.append(image)
        return cls(key, images[0], images[1])

    @property
    def origin(self) -> QPoint:
        return QPoint(self.key[1][0], self.key[1][1])

    def painter(self, image: QImage) -> QPainter:
        """A painter on ``image`` in the device coordinates of the item's painter."""
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.translate(-self.origin.x(), -self.origin.y())
        return painter

    def show(self, painter: QPainter) -> None:
        """Copy both images to ``painter`` (in device coordinates), outlines first."""
        painter.drawImage(self.origin, self.outlines)
        painter.drawImage(self.origin, self.lines)
