"""One graphics item that draws every connector between related and disputing marks.

Disputes (a claim that contradicts another) are always joined by a red dashed curve with an
arrow pointing at the contradicted claim; other relations (an NDRC condition and the approval it
attaches to) are joined on hover or selection of either end, or always when asked. Curves are
built per frame from the link arrays, only for links with an end in view, in scene pixels so
they keep their look at any zoom.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from viewer.shown.content import Content
from viewer.shown.links import Links, anchor_times, link_entries
from viewer.shown.theme import LIGHT, Theme
from viewer.timeline.guard import guarded
from viewer.timeline.mark_painter import is_vector
from viewer.timeline.scene_pixels import Mapping, paint_in_scene_pixels
from viewer.timeline.symbols import DISPUTE_COLOUR

CLIP_MARGIN = 40.0
"""Pixels beyond the view that a connector is still drawn into (curves cut at the edge)."""
MAX_DRAWN = 4000
"""Above this many links in view, only disputes and the focused event's links are drawn."""


class ConnectorsItem(pg.GraphicsObject):
    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.theme = theme
        self.content: Content | None = None
        self._links: Links | None = None
        self._anchor = np.zeros(0)
        self.show_disputes = True
        self.show_all_related = False
        self.focus: set[int] = set()  # events hovered or selected: their links are shown
        self._hover: int | None = None
        self._selected: int | None = None
        self.last_segments = np.zeros((0, 4))
        """x0, y0, x1, y1 in scene pixels of the connectors drawn last frame (for tests)."""
        self.last_disputes = np.zeros(0, dtype=bool)
        self.dense_rows = None
        """Callable giving the rows drawn as density now (set by the view), or None."""
        self.stacking = None
        """Sub-rows of the content at the view's zoom (set by the view)."""
        self.setZValue(-1)

    # -- data and options ------------------------------------------------------------------------

    def set_content(self, content: Content | None) -> None:
        self.content = content
        self._links, self._anchor = None, np.zeros(0)
        self.prepareGeometryChange()
        self.update()

    def set_stacking(self, stacking) -> None:
        self.stacking = stacking
        self.update()

    @property
    def links(self) -> Links | None:
        """The content's links, worked out when first needed: a filter change at a million
        events zoomed out (every row a density strip, no curve to draw) never pays for them.
        """
        if self._links is None and self.content is not None:
            # Kept with the content's index: a snapshot's view of the same content reuses them.
            cache = self.content.index.cache
            if "links" not in cache:
                cache["links"] = (link_entries(self.content), anchor_times(self.content))
            self._links, self._anchor = cache["links"]
        return self._links

    def _nothing_drawable(self, view: QRectF) -> bool:
        """Every row in view with marks shows density: no mark there for a curve to start."""
        if self.dense_rows is None or self.content is None:
            return False
        idx = self.content.index
        top, bottom = sorted((view.top(), view.bottom()))
        r0, r1 = self.stacking.rows_between(top, bottom)
        if r1 < r0:
            return True
        filled = np.flatnonzero(np.diff(idx.row_ptr[r0 : r1 + 2]) > 0) + r0
        dense = self.dense_rows()
        return all(int(r) in dense for r in filled)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def set_show_disputes(self, on: bool) -> None:
        self.show_disputes = on
        self.update()

    def set_show_all_related(self, on: bool) -> None:
        self.show_all_related = on
        self.update()

    def set_hover(self, event: int | None) -> None:
        if event != self._hover:
            self._hover = event
            self._refocus()

    def set_selected(self, event: int | None) -> None:
        if event != self._selected:
            self._selected = event
            self._refocus()

    def _refocus(self) -> None:
        self.focus = {e for e in (self._hover, self._selected) if e is not None}
        self.update()

    def wanted(self) -> np.ndarray:
        """bool per link: drawn under the current options (before culling to the view)."""
        links = self.links
        if links is None or not len(links):
            return np.zeros(0, dtype=bool)
        focus = links.touching(self.focus) if self.focus else np.zeros(len(links), dtype=bool)
        # Unfocused, a pair of events is joined once (its closest marks); focused, every mark.
        keep = ~links.dispute & ((self.show_all_related & links.primary) | focus)
        keep |= links.dispute & ((self.show_disputes & links.primary) | focus)
        return keep

    # -- QGraphicsItem -----------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        return QRectF() if vb is None else vb.viewRect()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    @guarded
    def paint(self, p: QPainter, *args) -> None:
        self.last_segments = np.zeros((0, 4))
        self.last_disputes = np.zeros(0, dtype=bool)
        vb = self.getViewBox()
        if vb is None or self.content is None or self.stacking is None:
            return
        if self._nothing_drawable(vb.viewRect()):
            return
        links = self.links
        if links is None or not len(links):
            return
        keep = self.wanted()
        if not keep.any():
            return
        view = vb.viewRect()
        idx = self.content.index
        t0, t1 = view.left(), view.right()
        top, bottom = sorted((view.top(), view.bottom()))
        ta, tb = self._anchor[links.a], self._anchor[links.b]
        st = self.stacking
        ra, rb = st.centre(links.a), st.centre(links.b)

        def inside(t, r):
            return (t >= t0) & (t <= t1) & (r >= top) & (r <= bottom)

        shown_a, shown_b = inside(ta, ra), inside(tb, rb)
        # A mark stacked past its row's sub-rows is not drawn: no curve meets it.
        keep = keep & ~st.hidden[links.a] & ~st.hidden[links.b]
        dense = self.dense_rows() if self.dense_rows is not None else set()
        if dense:
            # A mark inside a density strip is not drawn, so no curve starts from it.
            in_dense = np.zeros(idx.n_rows + 1, dtype=bool)
            in_dense[list(dense)] = True
            shown_a &= ~in_dense[idx.row[links.a]]
            shown_b &= ~in_dense[idx.row[links.b]]
        keep &= shown_a | shown_b
        if keep.sum() > MAX_DRAWN:
            keep &= links.dispute | (links.touching(self.focus) if self.focus else False)
        sel = np.flatnonzero(keep)
        if not len(sel):
            return
        ends = (ta[sel], ra[sel], tb[sel], rb[sel])
        paint_in_scene_pixels(self, p, lambda m: self._draw(p, m, sel, ends))

    def _draw(self, p: QPainter, m: Mapping, sel: np.ndarray, ends: tuple) -> None:
        """The curves of links `sel`, from (time, row) to (time, row) `ends`, grouped by look."""
        ta, ra, tb, rb = ends
        seg = np.column_stack([m.x(ta), m.y(ra), m.x(tb), m.y(rb)])
        links = self.links
        dispute = links.dispute[sel]
        focused = links.touching(self.focus)[sel] if self.focus else np.zeros(len(sel), dtype=bool)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        row_px = abs(m.sy)
        clip = m.scene.mapRect(m.view).adjusted(
            -CLIP_MARGIN, -CLIP_MARGIN, CLIP_MARGIN, CLIP_MARGIN
        )
        related_colour = QColor(self.theme.muted_text)
        related_colour.setAlphaF(0.75)
        for is_dispute, colour, dash in (
            (False, related_colour, None),
            (True, QColor(DISPUTE_COLOUR), [4.0, 3.0]),
        ):
            for strong in (False, True):
                group = (dispute == is_dispute) & (focused == strong)
                if not group.any():
                    continue
                path = QPainterPath()
                heads = QPainterPath()
                for x0, y0, x1, y1 in seg[group]:
                    _curve(path, x0, y0, x1, y1, row_px, clip)
                    if is_dispute:
                        _arrow_head(heads, x0, y0, x1, y1, row_px)
                # Qt strokes lines of width 1 on a fast path (tens of times faster than 1.5
                # with antialiasing); vector exports keep the finer weights.
                thin = 1.0 if not is_vector(p) else 1.3 + (0.2 if is_dispute else 0.0)
                pen = QPen(colour, 2.2 if strong else thin)
                if dash:
                    pen.setStyle(Qt.PenStyle.CustomDashLine)
                    pen.setDashPattern(dash)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
                if is_dispute:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(colour)
                    p.drawPath(heads)
        self.last_segments = seg
        self.last_disputes = dispute


def _controls(x0, y0, x1, y1, row_px):
    """Control points: curves leave and reach marks vertically; in one row, an arch above."""
    if abs(y1 - y0) < 1.0:
        bulge = min(max(abs(x1 - x0) * 0.25, row_px * 0.45), row_px * 1.4)
        return (x0, y0 - bulge), (x1, y1 - bulge)
    mid = (y1 - y0) * 0.5
    return (x0, y0 + mid), (x1, y1 - mid)


def _curve(path: QPainterPath, x0, y0, x1, y1, row_px, clip: QRectF | None = None) -> None:
    """A curve from (x0, y0) to (x1, y1); outside `clip` only the part near the view is kept.

    A dashed curve is dashed along its whole length before Qt clips it, so a curve reaching
    far out of the view would cost as if all of it were drawn: it is cut into the runs of a
    polyline that fall inside `clip` instead.
    """
    c1, c2 = _controls(x0, y0, x1, y1, row_px)
    if clip is None or (clip.contains(QPointF(x0, y0)) and clip.contains(QPointF(x1, y1))):
        path.moveTo(x0, y0)
        path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(x1, y1))
        return
    length = math.hypot(x1 - x0, y1 - y0)
    t = np.linspace(0.0, 1.0, int(min(2000, max(16, length / 6))))
    xs = _bezier(x0, c1[0], c2[0], x1, t)
    ys = _bezier(y0, c1[1], c2[1], y1, t)
    inside = (xs >= clip.left()) & (xs <= clip.right()) & (ys >= clip.top()) & (ys <= clip.bottom())
    drawing = False
    for x, y, keep in zip(xs.tolist(), ys.tolist(), inside.tolist(), strict=True):
        if keep:
            if drawing:
                path.lineTo(x, y)
            else:
                path.moveTo(x, y)
                drawing = True
        else:
            drawing = False


def _arrow_head(path: QPainterPath, x0, y0, x1, y1, row_px, size: float = 7.0) -> None:
    """A small filled arrow at the middle of the curve, pointing at the contradicted claim."""
    c1, c2 = _controls(x0, y0, x1, y1, row_px)
    t = 0.5
    bx = _bezier(x0, c1[0], c2[0], x1, t)
    by = _bezier(y0, c1[1], c2[1], y1, t)
    tx = _bezier_d(x0, c1[0], c2[0], x1, t)
    ty = _bezier_d(y0, c1[1], c2[1], y1, t)
    norm = math.hypot(tx, ty) or 1.0
    ux, uy = tx / norm, ty / norm
    path.moveTo(bx + ux * size * 0.6, by + uy * size * 0.6)
    path.lineTo(bx - ux * size * 0.6 - uy * size * 0.5, by - uy * size * 0.6 + ux * size * 0.5)
    path.lineTo(bx - ux * size * 0.6 + uy * size * 0.5, by - uy * size * 0.6 - ux * size * 0.5)
    path.closeSubpath()


def _bezier(a, b, c, d, t):
    s = 1 - t
    return s * s * s * a + 3 * s * s * t * b + 3 * s * t * t * c + t * t * t * d


def _bezier_d(a, b, c, d, t):
    s = 1 - t
    return 3 * s * s * (b - a) + 6 * s * t * (c - b) + 3 * t * t * (d - c)
