"""Draw arrays of marks with a few QPainter calls: one per style, never one item per event.

On raster devices symbols are stamped from pre-rendered pixmaps (`drawPixmapFragments`); on vector
devices (SVG, PDF) they are drawn as paths so they stay sharp and searchable. Bars are batched
into `drawRects` calls per style.
"""

from __future__ import annotations

import functools

import numpy as np
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPaintEngine, QPainter, QPainterPath, QPen

from viewer.shown.density import SHADES
from viewer.shown.palette import StatusStyle, status_style
from viewer.shown.theme import Theme
from viewer.timeline import symbols

_VECTOR_ENGINES = {
    QPaintEngine.Type.SVG,
    QPaintEngine.Type.Pdf,
    QPaintEngine.Type.Picture,
}


def is_vector(p: QPainter) -> bool:
    engine = p.paintEngine()
    return engine is not None and engine.type() in _VECTOR_ENGINES


_SOLID, _HALF, _NONE, _LIGHT = 0, 1, 2, 3
_PLAIN = StatusStyle("none")
_DASHED = StatusStyle("none", dashed=True)


@functools.lru_cache(maxsize=8)
def _atlas(colours: tuple[str, ...], styles: tuple[StatusStyle, ...], hollow: str, size, dpr):
    """A grid of pre-rendered symbols: a row per regulator colour, a column per status.

    Kept across painters: every snapshot builds a new view, and hundreds of symbols drawn as
    paths cost a PNG export ~30 ms each time."""
    from PySide6.QtGui import QPixmap

    fill = QColor(hollow)
    first = symbols.symbol_pixmap(size, QColor(colours[0]), styles[0], fill, dpr)
    side = first.width()
    atlas = QPixmap(side * len(styles), side * len(colours))
    atlas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(atlas)
    for r, colour in enumerate(colours):
        for c, style in enumerate(styles):
            pix = symbols.symbol_pixmap(size, QColor(colour), style, fill, dpr)
            pix.setDevicePixelRatio(1.0)
            painter.drawPixmap(c * side, r * side, pix)
    painter.end()
    return atlas


class MarkPainter:
    """Styles made once per data set: colours per regulator, symbol pixmaps per style."""

    def __init__(
        self,
        theme: Theme,
        regulator_colours: list[str],
        statuses: list[str],
        splits: np.ndarray | None = None,
    ) -> None:
        self.theme = theme
        self.colours = [QColor(c) for c in regulator_colours] or [QColor("#555555")]
        self.splits = splits if splits is not None and splits.shape[1] > 1 else None
        """Per regulator list, the colours a joint event's mark is split into (-1 padded;
        palette.mark_colours); None when no event names several bodies."""
        self.styles: list[StatusStyle] = [status_style(s) for s in statuses] or [
            status_style("reported")
        ]
        self.hollow = QColor(theme.hollow_fill)
        self._pixmaps: dict[tuple, object] = {}
        self._badges: dict[tuple[str, float, float], object] = {}
        self._frags = PrimitiveArray(QPainter.PixmapFragment, 10)
        self._rects = PrimitiveArray(QRectF, 4)
        self._looks: dict[str, np.ndarray] | None = None

    def colour(self, regulator: int) -> QColor:
        return self.colours[regulator % len(self.colours)]

    def style(self, status: int) -> StatusStyle:
        return self.styles[status % len(self.styles)]

    # -- points ------------------------------------------------------------------------------

    def joint_parts(self, lists: np.ndarray | None) -> tuple[np.ndarray, np.ndarray] | None:
        """For marks of regulator lists `lists`: (which marks are joint, the colours of each
        joint mark, -1 padded), or None when none is."""
        if self.splits is None or lists is None or not len(lists):
            return None
        parts = self.splits[lists]
        joint = parts[:, 1] >= 0
        return (joint, parts[joint]) if joint.any() else None

    def points(
        self,
        p: QPainter,
        xs: np.ndarray,
        ys: np.ndarray,
        regulator: np.ndarray,
        status: np.ndarray,
        size: float,
        lists: np.ndarray | None = None,
    ) -> None:
        """Symbols at (xs, ys); a joint event's (its regulator list in `lists` names several
        bodies) is cut into bands across, top down, one per body in the order named."""
        if not len(xs):
            return
        bands = None
        joint = self.joint_parts(lists)
        if joint is not None:
            at, parts = joint
            n = (parts >= 0).sum(axis=1)
            rep = np.repeat(np.flatnonzero(at), n)
            k = np.arange(len(rep)) - np.repeat(np.cumsum(n) - n, n)
            colour = parts[np.repeat(np.arange(len(parts)), n), k]
            bands = (xs[rep], ys[rep], colour, status[rep], k, np.repeat(n, n))
            keep = ~at
            xs, ys, regulator, status = xs[keep], ys[keep], regulator[keep], status[keep]
        if not is_vector(p):
            self._stamp_all(p, xs, ys, regulator, status, size, bands)
            return
        codes = regulator.astype(np.int64) * 1024 + status
        for code in np.unique(codes):
            sel = codes == code
            colour, style = self.colour(int(code // 1024)), self.style(int(code % 1024))
            for x, y in zip(xs[sel], ys[sel], strict=True):
                symbols.paint_symbol(p, float(x), float(y), size, colour, style, self.hollow)
        if bands is not None:
            for x, y, reg, st, k, n in zip(*bands, strict=True):
                symbols.paint_symbol(
                    p,
                    float(x),
                    float(y),
                    size,
                    self.colour(int(reg)),
                    self.style(int(st)),
                    self.hollow,
                    band=(k / n, (k + 1) / n),
                )

    def _stamp_all(self, p: QPainter, xs, ys, regulator, status, size: float, bands=None) -> None:
        """Every symbol in one drawPixmapFragments call, from an atlas of all styles; `bands`
        (x, y, colour, status, band, bands) are slices across symbols, drawn after the rest."""
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        key = ("atlas", round(size, 1), dpr)  # pre-rendered pixmaps are keyed by their ratio last
        atlas = self._pixmaps.get(key)
        if atlas is None:
            atlas = self._pixmaps[key] = _atlas(
                tuple(c.name(QColor.NameFormat.HexArgb) for c in self.colours),
                tuple(self.styles),
                self.hollow.name(QColor.NameFormat.HexArgb),
                round(size, 1),
                dpr,
            )
        side = atlas.height() // len(self.colours)
        reg = np.asarray(regulator) % len(self.colours)
        st = np.asarray(status) % len(self.styles)
        order = np.argsort(reg * 1024 + st, kind="stable")  # styles drawn in a fixed order
        n_bands = 0 if bands is None else len(bands[0])
        self._frags.resize(len(xs) + n_bands)
        frags = self._frags.ndarray()
        whole = frags[: len(xs)]
        whole[:, 0] = xs[order]
        whole[:, 1] = ys[order]
        whole[:, 2] = st[order] * side
        whole[:, 3] = reg[order] * side
        whole[:, 4:6] = (side, side)
        if n_bands:
            # A band of the atlas cell: rows [top, bottom) of it, placed where they would be.
            bx, by, bcolour, bst, k, n = bands
            top = np.round(k * side / n)
            bottom = np.round((k + 1) * side / n)
            part = frags[len(xs) :]
            part[:, 0] = bx
            part[:, 1] = by + ((top + bottom) / 2 - side / 2) / dpr
            part[:, 2] = (np.asarray(bst) % len(self.styles)) * side
            part[:, 3] = (np.asarray(bcolour) % len(self.colours)) * side + top
            part[:, 4] = side
            part[:, 5] = bottom - top
        frags[:, 6:10] = (1.0 / dpr, 1.0 / dpr, 0.0, 1.0)
        p.drawPixmapFragments(*self._frags.drawargs(), atlas)

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
        lists: np.ndarray | None = None,
    ) -> None:
        """Periods (or, `soft`, imprecise intervals) as rectangles.

        Drawn in passes, not per style: one hollow ground for every unfilled bar, then per
        regulator its fills, crosses and outlines. A frame makes a few dozen calls however many
        statuses and regulators it shows. A joint event's period (its regulator list in
        `lists` names several bodies) is drawn in the first body's colour with a strip under
        it for each other body.
        """
        if not soft and len(x0):
            self._strips(p, x0, x1, yc, height, lists)
        if not len(x0):
            return
        width = np.maximum(x1 - x0, 3.0)
        rects = np.column_stack([x0, yc - height / 2, width, np.full(len(x0), height)])
        look = self._bar_looks()
        st = np.asarray(status) % len(self.styles)
        fill, dashed, cross, opacity = (look[k][st] for k in ("fill", "dashed", "cross", "opacity"))
        p.save()
        # Axis-aligned rectangles need no antialiasing; without it the raster engine fills
        # thousands of them several times faster.
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        base_opacity = p.opacity()
        vector = is_vector(p)
        for alpha in np.unique(opacity):
            p.setOpacity(base_opacity * float(alpha))
            faint = opacity == alpha
            if soft:
                # Faded ends say "somewhere in this interval"; the symbol sits at its middle.
                p.setPen(Qt.PenStyle.NoPen)
                for reg in np.unique(regulator[faint]):
                    p.setBrush(symbols.soft_brush(self.colour(int(reg))))
                    self._draw_rects(p, rects[faint & (regulator == reg)])
                continue
            p.setPen(Qt.PenStyle.NoPen)
            hollow = faint & (fill != _SOLID)
            if hollow.any():
                p.setBrush(self.hollow)
                self._draw_rects(p, rects[hollow])
            for reg in np.unique(regulator[faint]):
                mine = faint & (regulator == reg)
                colour = self.colour(int(reg))
                p.setPen(Qt.PenStyle.NoPen)
                for kind, brush in (
                    (_SOLID, QBrush(colour)),
                    (_HALF, QBrush(colour)),
                    (_LIGHT, QBrush(symbols.light(colour))),
                ):
                    sel = mine & (fill == kind)
                    if sel.any():
                        part = rects[sel]
                        if kind == _HALF:
                            part = part.copy()
                            part[:, 3] /= 2
                        p.setBrush(brush)
                        self._draw_rects(p, part)
                sel = mine & cross
                if sel.any():
                    p.setBrush(QBrush(colour, Qt.BrushStyle.DiagCrossPattern))
                    self._draw_rects(p, rects[sel])
                p.setBrush(Qt.BrushStyle.NoBrush)
                for is_dashed, style in ((False, _PLAIN), (True, _DASHED)):
                    sel = mine & (dashed == is_dashed)
                    if sel.any():
                        # On screen a whole-pixel outline strokes several times faster than
                        # 1.4 px and looks the same without antialiasing; vectors keep 1.4.
                        p.setPen(symbols.outline_pen(colour, style, 1.4 if vector else 1.0))
                        self._draw_rects(p, rects[sel])
        p.restore()

    def _strips(self, p: QPainter, x0, x1, yc, height: float, lists) -> None:
        """Under each joint period, one strip per body after the first, in its colour: one
        drawRects per colour."""
        joint = self.joint_parts(lists)
        if joint is None:
            return
        at, parts = joint
        strip = max(2.0, height * 0.25)
        width = np.maximum(x1[at] - x0[at], 3.0)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(Qt.PenStyle.NoPen)
        for j in range(1, parts.shape[1]):
            top = yc[at] + height / 2 + 1 + (j - 1) * (strip + 1)
            rects = np.column_stack([x0[at], top, width, np.full(len(top), strip)])
            for colour in np.unique(parts[:, j]):
                if colour >= 0:
                    p.setBrush(self.colour(int(colour)))
                    self._draw_rects(p, rects[parts[:, j] == colour])
        p.restore()

    def _bar_looks(self) -> dict[str, np.ndarray]:
        """Per status code: fill kind, dashed outline, cross, opacity (lookup tables)."""
        if self._looks is None:
            kinds = {"solid": _SOLID, "half": _HALF, "light": _LIGHT}
            self._looks = {
                "fill": np.array([kinds.get(s.fill, _NONE) for s in self.styles]),
                "dashed": np.array([s.dashed for s in self.styles], dtype=bool),
                "cross": np.array([s.cross for s in self.styles], dtype=bool),
                "opacity": np.array([s.opacity for s in self.styles]),
            }
        return self._looks

    # -- whiskers and density -----------------------------------------------------------------

    def whiskers(self, p: QPainter, x0, x1, yc, regulator: np.ndarray, tick: float) -> None:
        """Approximate dates: a line across the likely range with end caps, one path per colour."""
        if not len(x0):
            return
        p.save()
        p.setBrush(Qt.BrushStyle.NoBrush)
        if not is_vector(p):
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # straight lines only
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

    def density(self, p: QPainter, d, top: np.ndarray, height: float, colour: QColor) -> None:
        """Binned counts (a density.DensityFrame): darker for more events, on a log scale.

        On screen all rows are one image (a pixel per bin) stretched row by row; vector
        devices get one drawRects per shade, so the file holds rectangles, not a bitmap.
        """
        alpha = np.minimum(1.0, 0.18 + 0.82 * np.arange(SHADES + 1) / SHADES)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if is_vector(p):
            rows, k, level = d.shades()
            p.setPen(Qt.PenStyle.NoPen)
            row_top = dict(zip(d.rows.tolist(), top.tolist(), strict=True))
            y = np.array([row_top[r] for r in rows.tolist()])
            rects = np.column_stack(
                [d.px0 + k * d.bin_px, y, np.full(len(k), d.bin_px), np.full(len(k), height)]
            )
            for shade in np.unique(level):
                c = QColor(colour)
                c.setAlphaF(float(alpha[shade]))
                p.setBrush(c)
                self._draw_rects(p, rects[level == shade])
            p.restore()
            return
        n_rows, n_bins = d.counts.shape
        # One premultiplied ARGB pixel per shade (0: empty, transparent), looked up per bin.
        a = (alpha * 255).astype(np.uint32)
        r, g, b = colour.red(), colour.green(), colour.blue()
        table = (a << 24) | ((r * a // 255) << 16) | ((g * a // 255) << 8) | (b * a // 255)
        table[0] = 0
        pixels = table[d.levels()]
        image = QImage(
            pixels.tobytes(), n_bins, n_rows, n_bins * 4, QImage.Format.Format_ARGB32_Premultiplied
        )
        for i, y in enumerate(top.tolist()):
            p.drawImage(QRectF(d.px0, y, n_bins * d.bin_px, height), image, QRectF(0, i, n_bins, 1))
        p.restore()
