"""Lane backgrounds: alternating group bands, row lines and group separators, in one item."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPen

from viewer.shown.layout import LaneLayout
from viewer.shown.stacking import Stacking
from viewer.shown.theme import LIGHT, Theme
from viewer.timeline.guard import guarded
from viewer.timeline.mark_painter import is_vector
from viewer.timeline.scene_pixels import Mapping, paint_in_scene_pixels


class LanesItem(pg.GraphicsObject):
    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.theme = theme
        self.layout_: LaneLayout | None = None
        self.stacking: Stacking | None = None
        self.setZValue(-10)

    def set_layout(self, layout: LaneLayout | None) -> None:
        self.layout_ = layout
        self.prepareGeometryChange()
        self.update()

    def set_stacking(self, stacking: Stacking | None) -> None:
        """Rows' heights in sub-rows (set by the view whenever they are stacked again)."""
        self.stacking = stacking
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return vb.viewRect() if vb is not None else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    @guarded
    def paint(self, p, *args) -> None:
        st = self.stacking
        if self.layout_ is None or st is None or st.n_rows != len(self.layout_.rows):
            return
        paint_in_scene_pixels(self, p, lambda m: self._paint(p, m))

    def _paint(self, p, m: Mapping) -> None:
        view = m.view
        tops = self.stacking.tops

        def y(row: int) -> float:
            return m.y(tops[row])

        x0, x1 = m.x(view.left()), m.x(view.right())
        row_pen = QPen(QColor(self.theme.row_line), 1.0)
        sep_pen = QPen(QColor(self.theme.separator), 1.2)
        y_top, y_bottom = sorted((m.y(view.top()), m.y(view.bottom())))
        # On screen a band of the background's colour is already there; files get every band.
        skip_plain = not is_vector(p)
        for gi, g in enumerate(self.layout_.groups):
            top, bottom = y(g.first_row), y(g.first_row + g.n_rows)
            if bottom < y_top - 2 or top > y_bottom + 2:
                continue  # out of view (a table may have hundreds of lanes)
            band = self.theme.band_odd if gi % 2 else self.theme.band_even
            if not (skip_plain and band == self.theme.background):
                p.fillRect(QRectF(x0, top, x1 - x0, bottom - top), QColor(band))
            p.setPen(row_pen)
            for k in range(1, g.n_rows):
                p.drawLine(QLineF(x0, y(g.first_row + k), x1, y(g.first_row + k)))
            p.setPen(sep_pen)
            p.drawLine(QLineF(x0, top, x1, top))
        end = y(len(self.layout_.rows))
        p.setPen(sep_pen)
        p.drawLine(QLineF(x0, end, x1, end))
