"""Shaded spans of time behind the marks (TimelineJS eras), all drawn by one item."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen

from viewer.timeline.guard import guarded
from viewer.timeline.scene_pixels import Mapping, paint_in_scene_pixels

BAND_FILL = QColor(120, 130, 200, 34)
BAND_EDGE = QColor(120, 130, 200, 110)
LABEL = QColor(70, 76, 130)


class BandsItem(pg.GraphicsObject):
    """Each band fills its time span over every lane, with its name at the top of the view."""

    def __init__(self) -> None:
        super().__init__()
        self.bands: list = []
        self.setZValue(-5)

    def set_bands(self, bands: list) -> None:
        self.bands = list(bands)
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None and self.bands else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    @guarded
    def paint(self, p, *args) -> None:
        if not self.bands:
            return
        paint_in_scene_pixels(self, p, lambda m: self._paint(p, m))

    def _paint(self, p, m: Mapping) -> None:
        view, x = m.view, m.x
        top, bottom = m.y(view.top()), m.y(view.bottom())
        top, bottom = min(top, bottom), max(top, bottom)
        font = QFont(p.font())
        font.setPointSizeF(8.5)
        font.setItalic(True)
        p.setFont(font)
        metrics = QFontMetricsF(font)
        edge = QPen(BAND_EDGE, 1.0)
        edge.setStyle(Qt.PenStyle.DashLine)
        for band in self.bands:
            if band.stop < view.left() or band.start > view.right():
                continue
            x0, x1 = x(band.start), x(band.stop)
            p.fillRect(QRectF(x0, top, x1 - x0, bottom - top), BAND_FILL)
            p.setPen(edge)
            p.drawLine(QPointF(x0, top), QPointF(x0, bottom))
            p.drawLine(QPointF(x1, top), QPointF(x1, bottom))
            if band.label:
                left = max(x0, x(view.left())) + 4
                width = x1 - left - 4
                if width > 20:
                    text = metrics.elidedText(band.label, Qt.TextElideMode.ElideRight, width)
                    p.setPen(LABEL)
                    p.drawText(QPointF(left, top + metrics.ascent() + 18), text)
