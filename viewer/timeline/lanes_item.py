"""Lane backgrounds: alternating group bands, row lines and group separators, in one item."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPen

from viewer.layout import LaneLayout
from viewer.timeline.theme import LIGHT, Theme


class LanesItem(pg.GraphicsObject):
    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.theme = theme
        self.layout_: LaneLayout | None = None
        self.setZValue(-10)

    def set_layout(self, layout: LaneLayout | None) -> None:
        self.layout_ = layout
        self.prepareGeometryChange()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    def paint(self, p, *args) -> None:
        if self.layout_ is None:
            return
        view = self.getViewBox().viewRect()
        x0, w = view.left(), view.width()
        row_pen = QPen(QColor(self.theme.row_line), 0)
        row_pen.setCosmetic(True)
        sep_pen = QPen(QColor(self.theme.separator), 1.2)
        sep_pen.setCosmetic(True)
        for gi, g in enumerate(self.layout_.groups):
            colour = QColor(self.theme.band_odd if gi % 2 else self.theme.band_even)
            p.fillRect(QRectF(x0, g.first_row, w, g.n_rows), colour)
            p.setPen(row_pen)
            for k in range(1, g.n_rows):
                y = g.first_row + k
                p.drawLine(QLineF(x0, y, x0 + w, y))
            p.setPen(sep_pen)
            p.drawLine(QLineF(x0, g.first_row, x0 + w, g.first_row))
        end = len(self.layout_.rows)
        p.setPen(sep_pen)
        p.drawLine(QLineF(x0, end, x0 + w, end))
