"""The one graphics item that draws every mark, label and highlight of the timeline.

It paints in scene (pixel) coordinates, mapping the arrays of the MarkIndex through the view's
transform itself, so markers keep their size at any zoom and nothing is rebuilt on pan or zoom.
When more marks are in view than can be read, rows show binned density instead.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from viewer.record.claims import claims_of
from viewer.shown import density
from viewer.shown.content import Content
from viewer.shown.mark_looks import APPROX, APPROX_WHISKER, PERIOD, POINT, SPAN
from viewer.shown.palette import mark_colours
from viewer.shown.theme import LIGHT, Theme
from viewer.timeline import symbols
from viewer.timeline.guard import guarded
from viewer.timeline.mark_painter import MarkPainter
from viewer.timeline.scene_pixels import Mapping, paint_in_scene_pixels, scene_mapping

LABEL_LIMIT = 600
"""Above this many marks in view, titles are not attempted."""
LABEL_MAX_PX = 280.0
MIN_LABEL_PX = 14.0
"""A mark with less room than this beside it gets no title (no text is measured for it)."""


class MarksItem(pg.GraphicsObject):
    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.theme = theme
        self.content: Content | None = None
        self.painter_styles: MarkPainter | None = None
        self.selected_event: int | None = None
        self.hover_entry: int = -1
        self.hover_bin: tuple[int, int] | None = None  # (row, bin) of the last frame's density
        self.density: density.DensityFrame | None = None
        """The dense rows of the last frame, as drawn: what the pointer may be over."""
        self.frame_marks = density.FRAME_MARKS
        self._plan_key: tuple | None = None
        self._titles = None
        self._titles_of = None
        self._plan_value: tuple[list, list] = ([], [])
        self.highlight: np.ndarray | None = None  # bool per event (search hits)
        self.changes: np.ndarray | None = None  # per event: 0, 1 new, 2 changed (changes.py)
        self.focus_ring = False
        self.focus_entry = -1  # the entry the keyboard is on (navigator.py)
        self.font = QFont()
        self.font.setPointSizeF(8.5)
        self.notes: dict[int, str] = {}
        """Per event, a short note drawn raised after its title (a PDF's source numbers)."""
        self._widths: dict[int, float] = {}
        self.last_frame_stats: dict[str, int] = {}

    # -- data --------------------------------------------------------------------------------

    def set_content(self, content: Content | None) -> None:
        new_model = (
            self.content is None or content is None or content.model is not self.content.model
        )
        self.content = content
        if content is not None and (new_model or self.painter_styles is None):
            self.painter_styles = _painter(self.theme, content.model)
            self._widths.clear()
        self.prepareGeometryChange()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if self.content is not None:
            self.painter_styles = _painter(theme, self.content.model)
        self.update()

    def set_selected(self, event: int | None) -> None:
        if event != self.selected_event:
            self.selected_event = event
            self.update()

    def set_hover(self, entry: int, bin_: tuple[int, int] | None = None) -> None:
        if entry != self.hover_entry or bin_ != self.hover_bin:
            self.hover_entry = entry
            self.hover_bin = bin_
            self.update()

    def set_changes(self, kinds: np.ndarray | None) -> None:
        """Badge events new or changed since a day (None: no badges)."""
        self.changes = kinds
        self.update()

    def set_highlight(self, mask: np.ndarray | None) -> None:
        self.highlight = mask
        self.update()

    # -- QGraphicsItem -----------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        vb = self.getViewBox()
        if vb is None:
            return QRectF()
        return vb.viewRect()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    @guarded
    def paint(self, p: QPainter, *args) -> None:
        content = self.content
        vb = self.getViewBox()
        if content is None or vb is None or not len(content.index) or self.painter_styles is None:
            self.last_frame_stats = {"marks": 0, "density": 0}
            return
        n_rows = content.index.n_rows
        paint_in_scene_pixels(self, p, lambda m: self._paint_frame(p, _Frame(m, n_rows)))

    # -- drawing -----------------------------------------------------------------------------

    def _paint_frame(self, p: QPainter, f: _Frame) -> None:
        idx = self.content.index
        mark_rows, dense_rows = self._plan(f)
        entries = [np.arange(a, b) for _r, a, b in mark_rows]
        e = np.concatenate(entries) if entries else np.zeros(0, dtype=np.int64)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.density = density.bin_rows(idx, dense_rows, f.sx, f.dx, f.px0, f.px1)
        if dense_rows:
            self._paint_density(p, f, self.density)
        self._paint_marks(p, f, e)
        if len(e) <= LABEL_LIMIT:
            self._paint_labels(p, f, e)
        self.last_frame_stats = {"marks": len(e), "density": len(dense_rows)}
        self._paint_badges(p, f, e)
        self._paint_highlights(p, f)

    def _plan(self, f: _Frame):
        """Which rows draw marks and which density (cached: connectors ask for it too)."""
        key = (f.t0, f.t1, f.r0, f.r1, f.px0, f.px1, id(self.content), self.frame_marks)
        if key != self._plan_key:
            pad = (f.t1 - f.t0) * 0.01
            self._plan_value = density.plan_frame(
                self.content.index,
                range(f.r0, f.r1 + 1),
                f.t0 - pad,
                f.t1 + pad,
                f.px1 - f.px0,
                self.frame_marks,
            )
            self._plan_key = key
        return self._plan_value

    def dense_rows(self) -> set[int]:
        """Rows drawn as density in the current view (their marks are not drawn one by one)."""
        m = scene_mapping(self)
        if self.content is None or m is None or not len(self.content.index):
            return set()
        return {r for r, _a, _b in self._plan(_Frame(m, self.content.index.n_rows))[1]}

    def _geometry(self, f: _Frame, e: np.ndarray):
        idx = self.content.index
        px0 = f.sx * idx.x0[e] + f.dx
        px1 = f.sx * idx.x1[e] + f.dx
        yc = f.sy * (idx.row[e] + 0.5) + f.dy
        return px0, px1, yc

    def _paint_marks(self, p: QPainter, f: _Frame, e: np.ndarray) -> None:
        if not len(e):
            return
        idx = self.content.index
        mp = self.painter_styles
        px0, px1, yc = self._geometry(f, e)
        kind = idx.kind[e]
        reg, st = idx.regulator[e], idx.status[e]
        lists = None if idx.lists is None else idx.lists[e]  # joint events' bodies
        size = f.symbol
        bar_h = max(4.0, f.row_px * 0.42)
        soft = kind == SPAN
        if soft.any():
            mp.bars(p, px0[soft], px1[soft], yc[soft], bar_h * 1.5, reg[soft], st[soft], soft=True)
        per = kind == PERIOD
        if per.any():
            lp = None if lists is None else lists[per]
            mp.bars(p, px0[per], px1[per], yc[per], bar_h, reg[per], st[per], lists=lp)
        if per.any() and idx.open_end is not None:
            open_end = per & idx.open_end[e]
            if open_end.any():
                mp.open_ends(p, px1[open_end], yc[open_end], bar_h, QColor(self.theme.background))
        ap = kind == APPROX
        if ap.any():
            w = APPROX_WHISKER * f.sx
            mp.whiskers(p, px0[ap] - w, px0[ap] + w, yc[ap], reg[ap], size * 0.35)
        pts = (kind == POINT) | ap | soft
        if pts.any():
            xs = np.where(soft, (px0 + px1) / 2, px0)[pts]
            lp = None if lists is None else lists[pts]
            mp.points(p, xs, yc[pts], reg[pts], st[pts], size, lp)

    def anchor_x(self, f: _Frame, e: np.ndarray) -> np.ndarray:
        """Where each entry's symbol (or a period's start) is drawn, in pixels."""
        idx = self.content.index
        px0, px1, _ = self._geometry(f, e)
        return np.where(idx.kind[e] == SPAN, (px0 + px1) / 2, px0)

    def badge_positions(self, f: _Frame, e: np.ndarray) -> dict[str, tuple[np.ndarray, ...]]:
        """Per badge kind, the entries that carry it and the badge centres in pixels.

        Warning (a disputed claim) and "?" (expected, not confirmed) sit at the symbol's upper
        right, side by side when both apply; "new"/"changed" sit above it.
        """
        out: dict[str, tuple[np.ndarray, ...]] = {}
        if not len(e):
            return out
        idx = self.content.index
        claims = claims_of(self.content.model)
        ev = idx.event[e]
        x = self.anchor_x(f, e)
        _, _, yc = self._geometry(f, e)
        half = f.symbol / 2
        bw = symbols.badge_size("warning", f.symbol)[0]
        warn = claims.contested[ev]
        unsure = claims.overdue[ev]
        bx = x + half + bw * 0.2
        by = yc - half * 0.75
        out["warning"] = (e[warn], bx[warn], by[warn])
        shift = np.where(warn, bw + 1, 0.0)
        out["unconfirmed"] = (e[unsure], (bx + shift)[unsure], by[unsure])
        if self.changes is not None and len(self.changes) == len(self.content.model.events):
            kinds = self.changes[ev]
            for code, name in ((1, "new"), (2, "changed")):
                sel = kinds == code
                h = symbols.badge_size(name, f.symbol)[1]
                out[name] = (e[sel], x[sel], yc[sel] - half - h / 2 + 1)
        return out

    def badge_room(self, f: _Frame, e: np.ndarray) -> np.ndarray:
        """Pixels the badges at the right of each entry's symbol take (labels start after)."""
        if not len(e):
            return np.zeros(0)
        claims = claims_of(self.content.model)
        ev = self.content.index.event[e]
        bw = symbols.badge_size("warning", f.symbol)[0] + 1
        return (claims.contested[ev] * bw + claims.overdue[ev] * bw).astype(float)

    def _paint_badges(self, p: QPainter, f: _Frame, e: np.ndarray) -> None:
        stats = {}
        for kind, (ents, xs, ys) in self.badge_positions(f, e).items():
            self.painter_styles.badges(p, kind, xs, ys, f.symbol)
            stats[kind] = len(ents)
        self.last_frame_stats.update({"badge_" + k: v for k, v in stats.items()})

    def _paint_density(self, p: QPainter, f: _Frame, d: density.DensityFrame) -> None:
        """Dense rows: a strip of bins per row, darker for more events (log scale)."""
        h = f.row_px * 0.6
        top = f.sy * (d.rows + 0.5) + f.dy - h / 2
        self.painter_styles.density(p, d, top, h, QColor(self.theme.muted_text))

    def _title(self, event: int) -> str:
        """An event's title, from the column's Arrow array (no pandas lookup per label)."""
        model = self.content.model
        if self._titles_of is not model:
            from viewer.record import columns as C

            self._titles = C.arrow(model.events["title"])
            self._titles_of = model
        return self._titles[event].as_py()

    def _title_width(self, fm: QFontMetricsF, event: int) -> float:
        w = self._widths.get(event)
        if w is None:
            w = fm.horizontalAdvance(self._title(event))
            self._widths[event] = w
        return w

    def _paint_labels(self, p: QPainter, f: _Frame, e: np.ndarray) -> None:
        """Titles beside their marks, only where they fit; never over another label or mark."""
        if not len(e) or f.row_px < 12:
            return
        idx = self.content.index
        fm = QFontMetricsF(self.font)
        note_fm = QFontMetricsF(self._note_font())
        p.setFont(self.font)
        p.setPen(QColor(self.theme.text))
        halo_colour = QColor(self.theme.background)
        halo_colour.setAlphaF(0.75)
        px0, px1, yc = self._geometry(f, e)
        kind = idx.kind[e]
        half = f.symbol / 2
        whisker = APPROX_WHISKER * f.sx
        middle = (px0 + px1) / 2
        # Where each mark's own drawing starts and where its label may start.
        occupied_from = np.where(kind == SPAN, middle, px0) - half - 3
        occupied_from = np.where(kind == APPROX, px0 - max(whisker, half) - 3, occupied_from)
        left = np.where(kind == PERIOD, px1, np.where(kind == SPAN, middle, px0)) + half + 4
        left = np.where(kind == APPROX, px0 + max(whisker, half) + 4, left)
        badges = self.badge_room(f, e)
        left = np.where(kind == APPROX, np.maximum(left, px0 + half + 4 + badges), left + badges)
        rows = idx.row[e]
        ascent = fm.ascent() - fm.descent()
        # Sorted by row, then where each mark begins: the next mark of the row bounds a label.
        order = np.lexsort((occupied_from, rows))
        nxt = np.full(len(order), f.px1)
        same = rows[order][1:] == rows[order][:-1]
        nxt[:-1][same] = occupied_from[order][1:][same]
        # Marks with no room even for a short title are skipped before any text is measured.
        room0 = np.minimum(nxt - 4, f.px1 - 4) - np.maximum(left[order], f.px0 + 2)
        candidates = room0 >= (MIN_LABEL_PX if not self.notes else 0)
        for r in np.unique(rows[order][candidates]):
            sel = order[rows[order] == r]
            ok = candidates[rows[order] == r]
            last_end = -math.inf
            for k, j in enumerate(sel):
                if not ok[k]:
                    continue
                x = max(left[j], last_end + 6)
                if occupied_from[j] < f.px0:
                    x = max(x, f.px0 + 2)
                # The label stops where the next mark of the row begins (or the view ends).
                limit = float(occupied_from[sel[k + 1]]) if k + 1 < len(sel) else f.px1
                room = min(limit - 4, f.px1 - 4) - x
                room = min(room, LABEL_MAX_PX)
                ev = int(idx.event[e[j]])
                width = self._title_width(fm, ev)
                note = self.notes.get(ev, "") if self.notes else ""
                note_w = note_fm.horizontalAdvance(note) + 2 if note else 0.0
                text = self._title(ev)
                if room < min(width, 48) + note_w:
                    if not note or room < note_w:
                        continue
                    text, width = "", 0.0  # no room for the title: the note alone
                elif width + note_w > room:
                    text = fm.elidedText(text, Qt.TextElideMode.ElideRight, room - note_w)
                    width = fm.horizontalAdvance(text)
                halo = QRectF(x - 2, yc[j] - fm.height() / 2, width + note_w + 4, fm.height())
                p.fillRect(halo, halo_colour)
                if text:
                    p.drawText(QPointF(x, yc[j] + ascent / 2), text)
                if note:
                    self._paint_note(p, note, x + width + 2, yc[j] - ascent * 0.05)
                last_end = x + width + note_w

    def _note_font(self) -> QFont:
        font = QFont(self.font)
        font.setPointSizeF(self.font.pointSizeF() * 0.8)
        return font

    def _paint_note(self, p: QPainter, note: str, x: float, baseline: float) -> None:
        """A note in smaller type, raised like a footnote mark, in the muted colour."""
        p.save()
        p.setFont(self._note_font())
        p.setPen(QColor(self.theme.muted_text))
        p.drawText(QPointF(x, baseline), note)
        p.restore()

    def _paint_highlights(self, p: QPainter, f: _Frame) -> None:
        idx = self.content.index
        ring = f.symbol / 2 + 4
        if self.highlight is not None:
            hits = np.flatnonzero(self.highlight[idx.event])
            hits = hits[(idx.row[hits] >= f.r0) & (idx.row[hits] <= f.r1)]
            if len(hits) and len(hits) < 5000:
                self._rings(p, f, hits, ring + 2, QColor(self.theme.search_hit), 3.0)
        if self.hover_bin is not None and self.density is not None:
            row, k = self.hover_bin
            if f.r0 <= row <= f.r1 and k < self.density.n_bins:
                h = f.row_px * 0.6 + 4
                x = self.density.px0 + k * self.density.bin_px
                p.setPen(QPen(QColor(self.theme.hover), 1.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                yc = f.sy * (row + 0.5) + f.dy
                p.drawRect(QRectF(x - 2, yc - h / 2, self.density.bin_px + 4, h))
        if self.hover_entry >= 0 and self.hover_entry < len(idx):
            self._rings(p, f, np.array([self.hover_entry]), ring, QColor(self.theme.hover), 1.2)
        if self.selected_event is not None:
            ents = idx.entries_of_event(self.selected_event)
            self._rings(p, f, ents, ring, QColor(self.theme.selection), 2.2)
            if self.focus_ring:
                # The keyboard's mark when it is one of the event's (its lane), else all of them.
                focus = self.focus_entry
                if 0 <= focus < len(idx) and idx.event[focus] == self.selected_event:
                    ents = np.array([focus])
                pen_colour = QColor(self.theme.selection)
                self._rings(p, f, ents, ring + 4, pen_colour, 1.6, dashed=True)

    def _rings(self, p, f: _Frame, ents: np.ndarray, radius: float, colour, width, dashed=False):
        idx = self.content.index
        if not len(ents):
            return
        px0, px1, yc = self._geometry(f, ents)
        pen = QPen(colour, width)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        kind = idx.kind[ents]
        for j in range(len(ents)):
            if kind[j] == PERIOD or kind[j] == SPAN:
                h = f.row_px * 0.42 * (1.5 if kind[j] == SPAN else 1.0)
                rect = QRectF(px0[j] - 3, yc[j] - h / 2 - 3, max(px1[j] - px0[j], 3) + 6, h + 6)
                if kind[j] == SPAN:
                    cx = (px0[j] + px1[j]) / 2
                    p.drawEllipse(QPointF(cx, yc[j]), radius, radius)
                p.drawRoundedRect(rect, 4, 4)
            else:
                p.drawEllipse(QPointF(px0[j], yc[j]), radius, radius)


def _painter(theme: Theme, model) -> MarkPainter:
    """The painter of a model's marks in a theme, coloured as palette.mark_colours says."""
    colours, splits = mark_colours(model.regulators, model.regulator_lists, theme.name)
    return MarkPainter(theme, colours, model.statuses, splits)


class _Frame:
    """The mapping and visible range of one paint: data -> scene pixels."""

    def __init__(self, m: Mapping, n_rows: int) -> None:
        self.sx, self.dx, self.sy, self.dy = m.sx, m.dx, m.sy, m.dy
        view = m.view
        self.t0, self.t1 = view.left(), view.right()
        top, bottom = sorted((view.top(), view.bottom()))
        self.r0 = max(0, math.floor(top))
        self.r1 = min(n_rows - 1, math.ceil(bottom))
        self.px0 = self.sx * self.t0 + self.dx
        self.px1 = self.sx * self.t1 + self.dx
        self.row_px = abs(self.sy)
        self.symbol = max(6.0, min(13.0, self.row_px * 0.55))
