"""The date axis (UTC calendar ticks) and the lane axis (company and track labels that stay put)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen

from viewer.layout import LaneLayout
from viewer.timeline import ticks as T
from viewer.timeline.theme import LIGHT, Theme


class DateAxis(pg.AxisItem):
    """Bottom axis in POSIX seconds, labelled in UTC whatever the machine's time zone."""

    def __init__(self, **kwargs) -> None:
        super().__init__("bottom", **kwargs)
        self._step = 0
        self.setHeight(28)
        self.enableAutoSIPrefix(False)

    def tickValues(self, minVal: float, maxVal: float, size: float):
        self._step = T.choose_step(minVal, maxVal, size)
        major = T.tick_times(minVal, maxVal, self._step)
        levels = [(T.STEPS[self._step][2], major)]
        minor = T.minor_step(self._step)
        if minor is not None:
            values = [v for v in T.tick_times(minVal, maxVal, minor) if v not in set(major)]
            if values and size * T.STEPS[minor][2] / max(maxVal - minVal, 1) >= 4:
                levels.append((T.STEPS[minor][2], values))
        return levels

    def tickStrings(self, values, scale, spacing):
        if abs(spacing - T.STEPS[self._step][2]) > 1e-6:
            return [""] * len(values)
        return [T.tick_label(v, self._step, first=(i == 0)) for i, v in enumerate(values)]


class LaneAxis(pg.AxisItem):
    """Left column: company names (bold) and their tracks, aligned with the rows, never scrolled
    away horizontally. A click on a company name toggles its collapse; the wheel scrolls rows."""

    groupClicked = Signal(str)
    wheelScrolled = Signal(float)

    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__("left")
        self.theme = theme
        self.layout_: LaneLayout | None = None
        self.companies: list[str] = []
        self.tracks: list[str] = []
        self.show_toggles = True  # collapse arrows; snapshots leave them out
        self.setWidth(270)
        self.group_font = QFont()
        self.group_font.setBold(True)
        self.group_font.setPointSizeF(9.0)
        self.track_font = QFont()
        self.track_font.setPointSizeF(8.0)
        self.setStyle(showValues=False, tickLength=0)

    def set_layout(self, layout: LaneLayout | None, companies: list[str], tracks: list[str]):
        self.layout_ = layout
        self.companies = companies
        self.tracks = tracks
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def tickValues(self, minVal, maxVal, size):
        return []

    def _row_y(self, y: float) -> float:
        view = self.linkedView()
        return self.mapFromScene(view.mapViewToScene(QPointF(0, y))).y()

    def row_rects(self) -> list[tuple[QRectF, int]]:
        """(rect in this item's coordinates, group index) for each visible group."""
        out = []
        if self.layout_ is None or self.linkedView() is None:
            return out
        w = self.boundingRect().width()
        for gi, g in enumerate(self.layout_.groups):
            top = self._row_y(g.first_row)
            bottom = self._row_y(g.first_row + g.n_rows)
            out.append((QRectF(0, top, w, bottom - top), gi))
        return out

    def paint(self, p, opt, widget) -> None:
        if self.layout_ is None or self.linkedView() is None:
            return
        bounds = self.boundingRect()
        p.save()
        p.setClipRect(bounds)
        w = bounds.width()
        group_w = w * 0.44
        gfm = QFontMetricsF(self.group_font)
        tfm = QFontMetricsF(self.track_font)
        for rect, gi in self.row_rects():
            if rect.bottom() < bounds.top() or rect.top() > bounds.bottom():
                continue
            g = self.layout_.groups[gi]
            p.fillRect(rect, QColor(self.theme.band_odd if gi % 2 else self.theme.band_even))
            p.setPen(QPen(QColor(self.theme.separator), 1.2))
            p.drawLine(QPointF(0, rect.top()), QPointF(w, rect.top()))
            # Group name: top-aligned in its first row, elided to fit, with a collapse arrow.
            row_h = rect.height() / max(1, g.n_rows)
            arrow = ("▸ " if g.collapsed else "▾ ") if self.show_toggles else ""
            name = gfm.elidedText(arrow + g.name, Qt.TextElideMode.ElideRight, group_w - 8)
            p.setFont(self.group_font)
            p.setPen(QColor(self.theme.text))
            top_text = max(rect.top(), min(bounds.top(), rect.bottom() - row_h))
            if rect.height() >= gfm.height() * 0.8:  # (exports fit hundreds of lanes: no overlap)
                box = QRectF(6, top_text, group_w - 8, max(row_h, gfm.height()))
                p.drawText(box, Qt.AlignmentFlag.AlignVCenter, name)
            if row_h < tfm.height() * 0.8:
                continue
            p.setFont(self.track_font)
            p.setPen(QColor(self.theme.muted_text))
            for k in range(g.n_rows):
                row = self.layout_.rows[g.first_row + k]
                label = "all tracks" if row.track < 0 else self.tracks[row.track]
                label = tfm.elidedText(label, Qt.TextElideMode.ElideRight, w - group_w - 8)
                r = QRectF(group_w, rect.top() + k * row_h, w - group_w - 6, row_h)
                p.drawText(r, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, label)
        p.setPen(QPen(QColor(self.theme.separator), 1.0))
        p.drawLine(QPointF(w - 0.5, bounds.top()), QPointF(w - 0.5, bounds.bottom()))
        p.restore()

    def group_at(self, y: float) -> str | None:
        for rect, gi in self.row_rects():
            if rect.top() <= y < rect.bottom():
                return self.layout_.groups[gi].name
        return None

    def mouseClickEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        name = self.group_at(ev.pos().y())
        if name is not None and ev.pos().x() < self.boundingRect().width() * 0.44:
            ev.accept()
            self.groupClicked.emit(name)

    def mouseDragEvent(self, ev) -> None:
        ev.ignore()

    def wheelEvent(self, ev) -> None:
        ev.accept()
        self.wheelScrolled.emit(-ev.delta() / 120.0)
