"""Draw arrays of marks with a few QPainter calls: one per style, never one item per event.

On raster devices symbols are stamped from pre-rendered pixmaps (`drawPixmapFragments`); on vector
devices (SVG, PDF) they are drawn as paths so they stay sharp and searchable. Bars are batched
into `drawRects` calls per style.
"""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPaintEngine, QPainter, QPainterPath, QPen

from viewer.palette import StatusStyle, status_style
from viewer.timeline import symbols
from viewer.timeline.theme import Theme

_VECTOR_ENGINES = {
    QPaintEngine.Type.SVG,
    QPaintEngine.Type.Pdf,
    QPaintEngine.Type.Picture,
}


def is_vector(p: QPainter) -> bool:
    engine = p.paintEngine()
    return engine is not None and engine.type() in _VECTOR_ENGINES


class MarkPainter:
    """Styles made once per data set: colours per regulator, symbol pixmaps per style."""

    def __init__(self, theme: Theme, regulator_colours: list[str], statuses: list[str]) -> None:
        self.theme = theme
        self.colours = [QColor(c) for c in regulator_colours] or [QColor("#555555")]
        self.styles: list[StatusStyle] = [status_style(s) for s in statuses] or [
            status_style("reported")
        ]
        self.hollow = QColor(theme.hollow_fill)
        self._pixmaps: dict[tuple[int, int, float, float], object] = {}
        self._badges: dict[tuple[str, float, float], object] = {}
        self._frags = PrimitiveArray(QPainter.PixmapFragment, 10)
        self._rects = PrimitiveArray(QRectF, 4)

    def colour(self, regulator: int) -> QColor:
        return self.colours[regulator % len(self.colours)]

    def style(self, status: int) -> StatusStyle:
        return self.styles[status % len(self.styles)]

    # -- points ------------------------------------------------------------------------------

    def points(
        self,
        p: QPainter,
        xs: np.ndarray,
        ys: np.ndarray,
        regulator: np.ndarray,
        status: np.ndarray,
        size: float,
    ) -> None:
        if not len(xs):
            return
        vector = is_vector(p)
        codes = regulator.astype(np.int64) * 1024 + status
        for code in np.unique(codes):
            sel = codes == code
            reg, st = int(code // 1024), int(code % 1024)
            colour, style = self.colour(reg), self.style(st)
            if vector:
                for x, y in zip(xs[sel], ys[sel], strict=True):
                    symbols.paint_symbol(p, float(x), float(y), size, colour, style, self.hollow)
            else:
                self._stamp(p, xs[sel], ys[sel], reg, st, size)

    def _stamp(self, p: QPainter, xs, ys, reg: int, st: int, size: float) -> None:
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        key = (reg, st, round(size, 1), dpr)
        pix = self._pixmaps.get(key)
        if pix is None:
            pix = symbols.symbol_pixmap(size, self.colour(reg), self.style(st), self.hollow, dpr)
            self._pixmaps[key] = pix
        self._frags.resize(len(xs))
        frags = self._frags.ndarray()
        frags[:, 0] = xs
        frags[:, 1] = ys
        frags[:, 2:6] = (0, 0, pix.width(), pix.height())
        frags[:, 6:10] = (1.0 / dpr, 1.0 / dpr, 0.0, 1.0)
        p.drawPixmapFragments(*self._frags.drawargs(), pix)

    # -- bars ---------------------------------------------------------------------------------

    def _draw_rects(self, p: QPainter, rects: np.ndarray) -> None:
        self._rects.resize(len(rects))
        self._rects.ndarray()[:] = rects
        p.drawRects(*self._rects.drawargs())

    def bars(
        self,
        p: QPainter,
        x0: np.ndarray,
        x1: np.ndarray,
        yc: np.ndarray,
        height: float,
        regulator: np.ndarray,
        status: np.ndarray,
        soft: bool = False,
    ) -> None:
        """Periods (or, `soft`, imprecise intervals) as rectangles, batched per style."""
        if not len(x0):
            return
        width = np.maximum(x1 - x0, 3.0)
        rects = np.column_stack([x0, yc - height / 2, width, np.full(len(x0), height)])
        codes = regulator.astype(np.int64) * 1024 + status
        for code in np.unique(codes):
            sel = codes == code
            colour = self.colour(int(code // 1024))
            style = self.style(int(code % 1024))
            self._bar_group(p, rects[sel], colour, style, soft)

    def _bar_group(self, p, rects, colour: QColor, style: StatusStyle, soft: bool) -> None:
        p.save()
        if style.opacity < 1.0:
            p.setOpacity(p.opacity() * style.opacity)
        if soft:
            # Faded ends say "somewhere in this interval"; the symbol sits at its middle.
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(symbols.soft_brush(colour))
            self._draw_rects(p, rects)
            p.restore()
            return
        p.setPen(Qt.PenStyle.NoPen)
        if style.fill == "solid":
            p.setBrush(colour)
            self._draw_rects(p, rects)
        else:
            p.setBrush(self.hollow)
            self._draw_rects(p, rects)
            if style.fill == "half":
                top = rects.copy()
                top[:, 3] /= 2
                p.setBrush(colour)
                self._draw_rects(p, top)
            elif style.fill == "light":
                p.setBrush(symbols.light(colour))
                self._draw_rects(p, rects)
            if style.cross:
                p.setBrush(QBrush(colour, Qt.BrushStyle.DiagCrossPattern))
                self._draw_rects(p, rects)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(symbols.outline_pen(colour, style, 1.4))
        self._draw_rects(p, rects)
        p.restore()

    # -- whiskers and density -----------------------------------------------------------------

    def whiskers(self, p: QPainter, x0, x1, yc, regulator: np.ndarray, tick: float) -> None:
        """Approximate dates: a line across the likely range with end caps, one path per colour."""
        if not len(x0):
            return
        p.save()
        p.setBrush(Qt.BrushStyle.NoBrush)
        for reg in np.unique(regulator):
            sel = regulator == reg
            path = QPainterPath()
            for a, b, y in zip(x0[sel], x1[sel], yc[sel], strict=True):
                path.moveTo(a, y)
                path.lineTo(b, y)
                path.moveTo(a, y - tick)
                path.lineTo(a, y + tick)
                path.moveTo(b, y - tick)
                path.lineTo(b, y + tick)
            pen = QPen(symbols.light(self.colour(int(reg)), 0.85), 1.3)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawPath(path)
        p.restore()

    def open_ends(self, p: QPainter, x1, yc, height: float, background: QColor) -> None:
        """Ongoing periods: the bar fades into the background before today, then an arrow."""
        if not len(x1):
            return
        fade = 26.0
        rects = np.column_stack(
            [
                x1 - fade,
                yc - height / 2 - 1,
                np.full(len(x1), fade + 1),
                np.full(len(x1), height + 2),
            ]
        )
        p.save()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(symbols.fade_brush(background))
        self._draw_rects(p, rects)
        path = QPainterPath()
        arm = height * 0.45
        for x, y in zip(x1, yc, strict=True):
            path.moveTo(x + 2, y - arm)
            path.lineTo(x + 2 + arm, y)
            path.lineTo(x + 2, y + arm)
        p.setPen(QPen(QColor(self.theme.muted_text), 1.6))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.restore()

    def badges(self, p: QPainter, kind: str, xs: np.ndarray, ys: np.ndarray, size: float) -> None:
        """Stamp one kind of badge (see symbols.paint_badge) centred at each (x, y)."""
        if not len(xs):
            return
        if is_vector(p):
            for x, y in zip(xs, ys, strict=True):
                symbols.paint_badge(p, kind, float(x), float(y), size)
            return
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        key = (kind, round(size, 1), dpr)
        pix = self._badges.get(key)
        if pix is None:
            pix = symbols.badge_pixmap(kind, size, dpr)
            self._badges[key] = pix
        self._frags.resize(len(xs))
        frags = self._frags.ndarray()
        frags[:, 0] = xs
        frags[:, 1] = ys
        frags[:, 2:6] = (0, 0, pix.width(), pix.height())
        frags[:, 6:10] = (1.0 / dpr, 1.0 / dpr, 0.0, 1.0)
        p.drawPixmapFragments(*self._frags.drawargs(), pix)

    def density(self, p: QPainter, rects: np.ndarray, levels: np.ndarray, colour: QColor) -> None:
        """Binned counts: one drawRects per shade, darker for more events."""
        p.save()
        p.setPen(Qt.PenStyle.NoPen)
        for level in np.unique(levels):
            c = QColor(colour)
            c.setAlphaF(min(1.0, 0.18 + 0.82 * float(level) / 8.0))
            p.setBrush(c)
            self._draw_rects(p, rects[levels == level])
        p.restore()
