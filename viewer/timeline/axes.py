"""The date axis (UTC calendar ticks) and the lane axis (company and track labels that stay put)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from viewer.shown import ticks as T
from viewer.shown.layout import LaneLayout
from viewer.shown.stacking import Stacking
from viewer.shown.theme import LIGHT, Theme
from viewer.timeline.guard import guarded


def without_unit_prefixes(plot_item: pg.PlotItem) -> None:
    """Our axes carry no units, so no SI prefix ever applies: with prefixes on, pyqtgraph
    re-typesets each axis's (empty) label as HTML on every change of the view's range."""
    for name in ("left", "bottom", "top", "right"):
        plot_item.getAxis(name).enableAutoSIPrefix(False)


class DateAxis(pg.AxisItem):
    """Bottom axis in POSIX seconds, labelled in UTC whatever the machine's time zone."""

    def __init__(self, **kwargs) -> None:
        super().__init__("bottom", **kwargs)
        self._step = 0
        # Ticks below the axis line, never up into the rows (pyqtgraph draws them inward).
        self.setStyle(tickLength=4)
        self.setHeight(28)
        self.enableAutoSIPrefix(False)

    def tickValues(self, minVal: float, maxVal: float, size: float):
        self._step = T.choose_step(minVal, maxVal, size)
        major = T.tick_times(minVal, maxVal, self._step)
        levels = [(T.STEPS[self._step][2], major)]
        minor = T.minor_step(self._step)
        # Minor ticks only when they stand at least 4 px apart (worked out before listing them).
        if minor is not None and size * T.STEPS[minor][2] / max(maxVal - minVal, 1) >= 4:
            taken = set(major)
            values = [v for v in T.tick_times(minVal, maxVal, minor) if v not in taken]
            if values:
                levels.append((T.STEPS[minor][2], values))
        return levels

    def setRange(self, mn: float, mx: float) -> None:
        # The same range again (a filter change, the plot resized in height) leaves the ticks
        # as they are: the cached pixels are kept (see TimelineView).
        if [mn, mx] != getattr(self, "range", None):
            super().setRange(mn, mx)

    def tickStrings(self, values, scale, spacing):
        if abs(spacing - T.STEPS[self._step][2]) > 1e-6:
            return [""] * len(values)
        return [T.tick_label(v, self._step, first=(i == 0)) for i, v in enumerate(values)]

    @guarded
    def paint(self, p, opt, widget) -> None:
        """Ticks and labels drawn straight from the arrays, once per frame.

        pyqtgraph's axis records a picture per range change, builds two points per tick and
        measures a label for every minor tick (ours carry none): about 4 ms of each pan or zoom
        frame, where this takes a fraction of one. Same look: the axis line, major and (fainter,
        shorter) minor ticks, labels centred under the major ticks that fit in the axis.
        """
        lo, hi = self.range
        bounds = self.mapRectFromParent(self.geometry())
        width = bounds.width()
        if not hi > lo or width <= 0:
            return
        a = self.mapToDevice(bounds.topLeft())
        b = self.mapToDevice(bounds.topRight())
        if a is None or b is None:
            return
        length = math.hypot(b.x() - a.x(), b.y() - a.y())
        if length <= 0:
            return
        levels = self.tickValues(lo, hi, length)
        scale = width / (hi - lo)
        top = bounds.top()
        tick_length = self.style["tickLength"]
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setPen(self.pen())
        p.drawLine(QPointF(bounds.left() - 1, top + 1), QPointF(bounds.right() + 1, top + 1))
        for level, (_spacing, values) in enumerate(levels):
            xs = (np.asarray(values, dtype=float) - lo) * scale
            xs = xs[(xs >= 0) & (xs <= width)]
            pen = QPen(self.tickPen())
            colour = QColor(pen.color())
            colour.setAlpha(int(255 / (level + 1)))
            pen.setColor(colour)
            p.setPen(pen)
            y1 = top + tick_length / (level * 0.5 + 1.0)
            p.drawLines([QLineF(x, top, x, y1) for x in xs.tolist()])
        if levels and self.style["showValues"]:
            self._paint_labels(p, levels[0], lo, scale, width, top)
        p.restore()

    def _paint_labels(self, p, level, lo: float, scale: float, width: float, top: float) -> None:
        spacing, values = level
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        bounding = self.boundingRect()
        p.setClipRect(bounding.toAlignedRect())
        offset = max(0, self.style["tickLength"]) + self.style["tickTextOffset"][1]
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        measure = QRectF(0, 0, 100, 100)
        tallest = 0.0
        for v, text in zip(values, self.tickStrings(values, 1.0, spacing), strict=True):
            x = (v - lo) * scale
            if not text or not 0 <= x <= width:
                continue
            box = p.boundingRect(measure, Qt.AlignmentFlag.AlignCenter, text)
            h = box.height() * 0.8  # (as pyqtgraph: the bounding box is a bit too tall)
            tallest = max(tallest, h)
            rect = QRectF(x - box.width() / 2, top + offset, box.width(), h)
            if bounding.intersected(rect) != rect:
                continue  # a label cut by the axis' ends is left out
            p.drawText(rect, flags | Qt.TextFlag.TextDontClip, text)
        self._updateMaxTextSize(tallest)


class _Elider:
    """A font's metrics, and the names it has cut to a width: the lane names are the same
    from one repaint to the next (a filter change redraws every one of them)."""

    KEPT = 4096

    def __init__(self, font: QFont) -> None:
        self.metrics = QFontMetricsF(font)
        self._cut: dict[tuple[str, float], str] = {}

    def height(self) -> float:
        return self.metrics.height()

    def elided(self, text: str, width: float) -> str:
        key = (text, width)
        cut = self._cut.get(key)
        if cut is None:
            if len(self._cut) >= self.KEPT:
                self._cut.clear()
            cut = self._cut[key] = self.metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return cut


class LaneAxis(pg.AxisItem):
    """Left column: company names (bold) and their tracks, aligned with the rows, never scrolled
    away horizontally. A click on a company name toggles its collapse; the wheel scrolls rows."""

    groupClicked = Signal(str)
    wheelScrolled = Signal(float)

    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__("left")
        self.theme = theme
        self.layout_: LaneLayout | None = None
        self.stacking: Stacking | None = None
        self.companies: list[str] = []
        self.tracks: list[str] = []
        self.show_toggles = True  # collapse arrows; snapshots leave them out
        self.setWidth(270)
        self.group_font = QFont()
        self.group_font.setBold(True)
        self.group_font.setPointSizeF(9.0)
        self.track_font = QFont()
        self.track_font.setPointSizeF(8.0)
        self._elide_group = _Elider(self.group_font)
        self._elide_track = _Elider(self.track_font)
        self.setStyle(showValues=False, tickLength=0)

    def set_layout(self, layout: LaneLayout | None, companies: list[str], tracks: list[str]):
        self.layout_ = layout
        self.companies = companies
        self.tracks = tracks
        self.update()

    def set_stacking(self, stacking: Stacking | None) -> None:
        """Rows' heights in sub-rows (set by the view whenever they are stacked again)."""
        self.stacking = stacking
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def tickValues(self, minVal, maxVal, size):
        return []

    def _ready(self) -> bool:
        st, layout = self.stacking, self.layout_
        return (
            layout is not None
            and st is not None
            and st.n_rows == len(layout.rows)
            and self.linkedView() is not None
        )

    def _row_y(self, y: float) -> float:
        view = self.linkedView()
        return self.mapFromScene(view.mapViewToScene(QPointF(0, y))).y()

    def _mapping(self) -> tuple[float, float]:
        """y of sub-row 0 and pixels per sub-row in this item's coordinates (linear: two
        points give the map for every row)."""
        y0 = self._row_y(0.0)
        return y0, self._row_y(1.0) - y0

    def row_rects(self) -> list[tuple[QRectF, int]]:
        """(rect in this item's coordinates, group index) for each visible group."""
        out = []
        if not self._ready():
            return out
        w = self.boundingRect().width()
        y0, per = self._mapping()
        tops = self.stacking.tops
        for gi, g in enumerate(self.layout_.groups):
            top = y0 + per * tops[g.first_row]
            height = per * (tops[g.first_row + g.n_rows] - tops[g.first_row])
            out.append((QRectF(0, top, w, height), gi))
        return out

    @guarded
    def paint(self, p, opt, widget) -> None:
        if not self._ready():
            return
        # The rows' own height, never the axis' wider bounds: a row half out of view must
        # not run into the date axis below it.
        own = self.mapRectFromParent(self.geometry())
        view = self.linkedView()
        rows = self.mapRectFromItem(view, view.boundingRect())
        bounds = QRectF(own.left(), rows.top(), own.width(), rows.height())
        p.save()
        p.setClipRect(bounds)
        w = bounds.width()
        group_w = w * 0.44
        gfm = self._elide_group
        tfm = self._elide_track
        y0, row_h = self._mapping()  # (a sub-row's height: names sit in a row's first one)
        tops = self.stacking.tops
        for rect, gi in self.row_rects():
            if rect.bottom() < bounds.top() or rect.top() > bounds.bottom():
                continue
            g = self.layout_.groups[gi]
            p.fillRect(rect, QColor(self.theme.band_odd if gi % 2 else self.theme.band_even))
            p.setPen(QPen(QColor(self.theme.separator), 1.2))
            p.drawLine(QPointF(0, rect.top()), QPointF(w, rect.top()))
            # Group name: top-aligned in its first row, elided to fit, with a collapse arrow;
            # it follows the group down while the group's top is scrolled out of view.
            arrow = ("▸ " if g.collapsed else "▾ ") if self.show_toggles else ""
            name = gfm.elided(arrow + g.name, group_w - 8)
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
                label = tfm.elided(label, w - group_w - 8)
                top = y0 + row_h * tops[g.first_row + k]
                r = QRectF(group_w, top, w - group_w - 6, row_h)
                p.drawText(r, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, label)
                if k:
                    # A line between rows of a group, as across the timeline.
                    p.save()
                    p.setPen(QPen(QColor(self.theme.row_line), 1.0))
                    p.drawLine(QPointF(group_w, top), QPointF(w, top))
                    p.restore()
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
