"""The one graphics item that draws every mark, label and highlight of the timeline.

It paints in scene (pixel) coordinates, mapping the arrays of the MarkIndex through the view's
transform itself, so markers keep their size at any zoom and nothing is rebuilt on pan or zoom.
Marks sit in the sub-rows the view's stacking gives them (viewer/shown/stacking.py); marks
stacked past a row's last sub-row are counted by "+N" badges there, and when more marks are in
view than can be read, rows show binned density instead. Labels go where
viewer/shown/labels.py places them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from viewer.record import columns as C
from viewer.record.claims import claims_of
from viewer.shown import density
from viewer.shown import labels as L
from viewer.shown import stacking as S
from viewer.shown.content import Content
from viewer.shown.mark_looks import APPROX, APPROX_WHISKER, PERIOD, POINT, SPAN
from viewer.shown.palette import ColourGroups, colour_groups
from viewer.shown.text_width import byte_widths, column_widths
from viewer.shown.theme import LIGHT, Theme
from viewer.timeline import symbols
from viewer.timeline.guard import guarded
from viewer.timeline.mark_painter import MarkPainter
from viewer.timeline.scene_pixels import Mapping, paint_in_scene_pixels, scene_mapping

LABEL_LIMIT = 600
"""Above this many marks in view, titles are not attempted."""
LEAST_TITLE_PX = 48.0
"""A title cut to less than this is left out (a shorter title is shown whole or not at all)."""
EXACT_WIDTHS = 2000
"""Titles are measured one by one up to this many at a time; more are summed per character."""
NOTE_GAP_PX = 4.0
"""Space before a note (source numbers) after its title: an SVG viewer's font may set the
title a pixel or two wider than Qt measured it."""
OVERFLOW_GAP_PX = 4.0
"""Space between two "+N" badges of a row: closer overflow marks share a badge."""


class MarksItem(pg.GraphicsObject):
    def __init__(self, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.theme = theme
        self.content: Content | None = None
        self.stacking: S.Stacking | None = None
        """Sub-rows of the content at the view's zoom (set by the view)."""
        self.colour_by = "regulator"
        self.groups: ColourGroups | None = None
        self.painter_styles: MarkPainter | None = None
        self.selected_event: int | None = None
        self.hover_entry: int = -1
        self.hover_bin: tuple[int, int] | None = None  # (row, bin) of the last frame's density
        self.density: density.DensityFrame | None = None
        """The dense rows of the last frame, as drawn: what the pointer may be over."""
        self.overflow: list[Overflow] = []
        """The "+N" badges of the last frame, as drawn: what the pointer may be over."""
        self.hover_overflow: Overflow | None = None
        self.frame_marks = density.FRAME_MARKS
        self._plan_key: tuple | None = None
        self._titles = None
        self._titles_of = None
        self._title_px: np.ndarray | None = None  # per event, NaN until measured
        self._byte_px: np.ndarray | None = None
        self._plan_value: tuple[list, list] = ([], [])
        self.highlight: np.ndarray | None = None  # bool per event (search hits)
        self.changes: np.ndarray | None = None  # per event: 0, 1 new, 2 changed (changes.py)
        self.focus_ring = False
        self.focus_entry = -1  # the entry the keyboard is on (navigator.py)
        self.font = QFont()
        self.font.setPointSizeF(8.5)
        self.notes: dict[int, str] = {}
        """Per event, a short note drawn raised after its title (a snapshot's source numbers)."""
        self._widths: dict[int, float] = {}
        self.last_frame_stats: dict[str, int] = {}
        self.last_labels: dict[int, str] = {}
        """Entry -> the text of its label as drawn in the last frame (cut with an ellipsis)."""

    # -- data --------------------------------------------------------------------------------

    def set_content(self, content: Content | None) -> None:
        new_model = (
            self.content is None or content is None or content.model is not self.content.model
        )
        self.content = content
        if content is not None and (new_model or self.painter_styles is None):
            self._widths.clear()
            self._title_px = None
            self._restyle()
        self.prepareGeometryChange()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._restyle()
        self.update()

    def set_colour_by(self, by: str) -> None:
        """Colour the marks by regulator, jurisdiction or track."""
        if by != self.colour_by:
            self.colour_by = by
            self._restyle()
            self.update()

    def _restyle(self) -> None:
        if self.content is None:
            return
        model = self.content.model
        self.groups = colour_groups(model, self.colour_by, self.theme.name)
        self.painter_styles = MarkPainter(
            self.theme, self.groups.colours, model.statuses, self.groups.splits
        )

    def set_stacking(self, stacking: S.Stacking | None) -> None:
        self.stacking = stacking
        self._plan_key = None
        self.update()

    def set_selected(self, event: int | None) -> None:
        if event != self.selected_event:
            self.selected_event = event
            self.update()

    def set_hover(
        self, entry: int, bin_: tuple[int, int] | None = None, overflow: Overflow | None = None
    ) -> None:
        if entry != self.hover_entry or bin_ != self.hover_bin or overflow != self.hover_overflow:
            self.hover_entry = entry
            self.hover_bin = bin_
            self.hover_overflow = overflow
            self.update()

    def set_changes(self, kinds: np.ndarray | None) -> None:
        """Badge events new or changed since a day (None: no badges)."""
        self.changes = kinds
        self.update()

    def set_highlight(self, mask: np.ndarray | None) -> None:
        self.highlight = mask
        self.update()

    # -- label room, for stacking ------------------------------------------------------------

    def label_px(self, entries: np.ndarray) -> np.ndarray:
        """The room each entry's label asks for, in pixels: its title (at most
        stacking.LABEL_MAX_PX), the badges before it and the note after it."""
        idx = self.content.index
        ev = idx.event[entries]
        width = np.minimum(self._title_widths(ev), S.LABEL_MAX_PX)
        width = width + self._badge_px(ev, S.Room().symbol_px)
        if self.notes:
            fm = QFontMetricsF(self._note_font())
            notes = {e: fm.horizontalAdvance(n) + NOTE_GAP_PX for e, n in self.notes.items()}
            width = width + np.array([notes.get(int(e), 0.0) for e in ev.tolist()])
        return width

    def _title_widths(self, events: np.ndarray) -> np.ndarray:
        """Title widths of events (measured once per model; many at once, by characters)."""
        if self._title_px is None:
            self._title_px = np.full(len(self.content.model), np.nan, dtype=np.float32)
        known = self._title_px
        missing = np.unique(events[np.isnan(known[events])])
        if len(missing) <= EXACT_WIDTHS:
            fm = QFontMetricsF(self.font)
            for ev in missing.tolist():
                known[ev] = self._title_width(fm, ev)
        else:
            if self._byte_px is None:
                fm = QFontMetricsF(self.font)
                ascii_px = [fm.horizontalAdvance(chr(c)) if c >= 32 else 0.0 for c in range(128)]
                self._byte_px = byte_widths(
                    ascii_px, fm.horizontalAdvance("中"), fm.horizontalAdvance("é")
                )
            self._title(0)  # (the Arrow column of titles)
            titles = self._titles.take(missing)
            known[missing] = column_widths(titles, self._byte_px) * 1.04 + 1.0
        return known[events]

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
        if (
            content is None
            or vb is None
            or not len(content.index)
            or self.painter_styles is None
            or self.stacking is None
        ):
            self.last_frame_stats = {"marks": 0, "density": 0}
            self.overflow = []
            return
        stacking = self.stacking
        paint_in_scene_pixels(self, p, lambda m: self._paint_frame(p, _Frame(m, stacking)))

    # -- drawing -----------------------------------------------------------------------------

    def _paint_frame(self, p: QPainter, f: _Frame) -> None:
        idx = self.content.index
        mark_rows, dense_rows = self._plan(f)
        entries = [np.arange(a, b) for _r, a, b in mark_rows]
        e = np.concatenate(entries) if entries else np.zeros(0, dtype=np.int64)
        hidden = self.stacking.hidden[e]
        beyond, e = e[hidden], e[~hidden]
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.density = density.bin_rows(idx, dense_rows, f.sx, f.dx, f.px0, f.px1)
        if dense_rows:
            self._paint_density(p, f, self.density)
        self._paint_marks(p, f, e)
        self.last_labels = {}
        if len(e) <= LABEL_LIMIT:
            self._paint_labels(p, f, e)
        self.last_frame_stats = {
            "marks": len(e),
            "density": len(dense_rows),
            "stacked": len(beyond),
        }
        self._paint_badges(p, f, e)
        self.overflow = self._overflow_badges(f, beyond)
        self._paint_overflow(p, f)
        self._paint_highlights(p, f)

    def _plan(self, f: _Frame):
        """Which rows draw marks and which density (cached: connectors ask for it too)."""
        key = (f.t0, f.t1, f.r0, f.r1, f.px0, f.px1, id(self.content), self.frame_marks)
        if key != self._plan_key:
            rows = range(f.r0, f.r1 + 1)
            self._plan_value = self.plan_rows(self.stacking, rows, f.t0, f.t1, f.px1 - f.px0)
            self._plan_key = key
        return self._plan_value

    def plan_rows(self, stacking: S.Stacking, rows: range, t0: float, t1: float, px: float):
        """Which of `rows` draw marks and which density in a view of t0..t1, `px` wide, when
        stacked so: (mark rows, dense rows), each (row, first entry, stop)."""
        pad = (t1 - t0) * 0.01
        return density.plan_frame(
            self.content.index,
            rows,
            t0 - pad,
            t1 + pad,
            px,
            self.frame_marks,
            stacking.heights,
            stacking.hidden if stacking.overflow.any() else None,
        )

    def dense_rows(self) -> set[int]:
        """Rows drawn as density in the current view (their marks are not drawn one by one)."""
        m = scene_mapping(self)
        if self.content is None or m is None or not len(self.content.index):
            return set()
        if self.stacking is None:
            return set()
        return {r for r, _a, _b in self._plan(_Frame(m, self.stacking))[1]}

    def _geometry(self, f: _Frame, e: np.ndarray):
        idx = self.content.index
        px0 = f.sx * idx.x0[e] + f.dx
        px1 = f.sx * idx.x1[e] + f.dx
        yc = f.sy * self.stacking.centre(e) + f.dy
        return px0, px1, yc

    def colour_codes(self, e: np.ndarray) -> np.ndarray:
        """Each entry's colour (an index into the painter's colours), as coloured now."""
        return self.groups.of_event[self.content.index.event[e]]

    def _paint_marks(self, p: QPainter, f: _Frame, e: np.ndarray) -> None:
        if not len(e):
            return
        idx = self.content.index
        mp = self.painter_styles
        px0, px1, yc = self._geometry(f, e)
        kind = idx.kind[e]
        reg, st = self.colour_codes(e), idx.status[e]
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
        return self._badge_px(self.content.index.event[e], f.symbol)

    def _badge_px(self, events: np.ndarray, symbol_px: float) -> np.ndarray:
        """Pixels the badges beside each event's symbol take: a disputed claim's, an expected
        event's that is not confirmed (side by side)."""
        claims = claims_of(self.content.model)
        bw = symbols.badge_size("warning", symbol_px)[0] + 1
        return (claims.contested[events] * bw + claims.overdue[events] * bw).astype(float)

    def _paint_badges(self, p: QPainter, f: _Frame, e: np.ndarray) -> None:
        stats = {}
        for kind, (ents, xs, ys) in self.badge_positions(f, e).items():
            self.painter_styles.badges(p, kind, xs, ys, f.symbol)
            stats[kind] = len(ents)
        self.last_frame_stats.update({"badge_" + k: v for k, v in stats.items()})

    def _paint_density(self, p: QPainter, f: _Frame, d: density.DensityFrame) -> None:
        """Dense rows: a strip of bins per row, darker for more events (log scale)."""
        h = f.row_px * 0.6
        st = self.stacking
        middle = (st.tops[d.rows] + st.tops[d.rows + 1]) / 2
        top = f.sy * middle + f.dy - h / 2
        self.painter_styles.density(p, d, top, h, QColor(self.theme.muted_text))

    def _title(self, event: int) -> str:
        """An event's title, from the column's Arrow array (no pandas lookup per label)."""
        model = self.content.model
        if self._titles_of is not model:
            self._titles = C.arrow(model.events["title"])
            self._titles_of = model
        return self._titles[event].as_py()

    def _title_width(self, fm: QFontMetricsF, event: int) -> float:
        w = self._widths.get(event)
        if w is None:
            w = fm.horizontalAdvance(self._title(event))
            self._widths[event] = w
        return w

    def _label_marks(self, f: _Frame, e: np.ndarray) -> tuple[L.Marks, np.ndarray]:
        """What label placement needs of the drawn marks, in pixels; and each note's width."""
        idx = self.content.index
        fm = QFontMetricsF(self.font)
        note_fm = QFontMetricsF(self._note_font())
        px0, px1, _ = self._geometry(f, e)
        kind = idx.kind[e]
        half = f.symbol / 2
        gap = 4.0
        badges = self.badge_room(f, e)
        whisker = np.maximum(APPROX_WHISKER * f.sx, half)
        x = np.where(kind == SPAN, (px0 + px1) / 2, px0)
        # What each mark's drawing covers, and where a label beside it may start or end.
        left = np.where(kind == APPROX, x - whisker, x - half)
        right = np.where(kind == APPROX, x + whisker, x + half + badges)
        after = right + gap
        is_bar = (kind == PERIOD) | (kind == SPAN)
        left = np.where(is_bar, np.minimum(px0, left), left)
        arrow = np.zeros(len(e))
        if idx.open_end is not None:
            arrow = np.where(idx.open_end[e], 10.0, 0.0)
        right = np.where(is_bar, np.maximum(px1 + arrow, right), right)
        after = np.where(kind == PERIOD, np.maximum(px1 + arrow + gap, after), after)
        after = np.where(kind == SPAN, np.maximum(x + half + badges + gap, after), after)
        period = kind == PERIOD
        bar_left = np.where(period, px0 + badges, np.nan)
        bar_right = np.where(period, px1, np.nan)
        events = idx.event[e]
        title = np.array([self._title_width(fm, int(ev)) for ev in events.tolist()])
        note = np.zeros(len(e))
        if self.notes:
            note = np.array(
                [
                    note_fm.horizontalAdvance(self.notes[ev]) + NOTE_GAP_PX
                    if ev in self.notes
                    else 0.0
                    for ev in events.tolist()
                ]
            )
        least = np.where(note > 0, note, np.minimum(title, LEAST_TITLE_PX))
        marks = L.Marks(
            line=idx.row[e].astype(np.int64) * 256 + self.stacking.slot[e],
            left=left,
            right=right,
            after=after,
            before=left - gap,
            bar_left=bar_left,
            bar_right=bar_right,
            width=title + note,
            least=least,
        )
        return marks, note

    def _paint_labels(self, p: QPainter, f: _Frame, e: np.ndarray) -> None:
        """Titles beside their marks (viewer/shown/labels.py says where), cut only where
        the next mark, another label or the plot's edge leaves no room."""
        if not len(e) or f.row_px < 12:
            return
        fm = QFontMetricsF(self.font)
        marks, note_w = self._label_marks(f, e)
        placed = L.place(marks, f.px0, f.px1)
        p.setFont(self.font)
        p.setPen(QColor(self.theme.text))
        halo_colour = QColor(self.theme.background)
        halo_colour.setAlphaF(0.75)
        _, _, yc = self._geometry(f, e)
        ascent = fm.ascent() - fm.descent()
        events = self.content.index.event[e]
        for j in np.flatnonzero(placed.side != L.NONE).tolist():
            ev = int(events[j])
            note = self.notes.get(ev, "") if self.notes else ""
            x, room = float(placed.x[j]), float(placed.width[j])
            text = self._title(ev)
            width = marks.width[j] - note_w[j]
            if room < marks.width[j] - 0.5:  # cut: the title gives way, the note stays
                title_room = room - note_w[j]
                if title_room >= min(width, LEAST_TITLE_PX):
                    text = fm.elidedText(text, Qt.TextElideMode.ElideRight, title_room)
                    width = fm.horizontalAdvance(text)
                else:
                    text, width = "", 0.0
            if not text and not note:
                continue
            y = float(yc[j])
            halo = QRectF(x - 2, y - fm.height() / 2, width + note_w[j] + 4, fm.height())
            p.fillRect(halo, halo_colour)
            if text:
                p.drawText(QPointF(x, y + ascent / 2), text)
            if note:
                self._paint_note(p, note, x + width + NOTE_GAP_PX, y - ascent * 0.05)
            self.last_labels[int(e[j])] = text

    def _overflow_badges(self, f: _Frame, beyond: np.ndarray) -> list[Overflow]:
        """The "+N" badges of the marks stacked past their row's sub-rows: one per run of
        such marks close together, at the first one's place on the row's last sub-row.

        Marks sorted by row and place; one step per pixel column that holds some (however
        many marks share it), each joining the badge before it when they would touch."""
        if not len(beyond):
            return []
        idx = self.content.index
        fm = QFontMetricsF(self._overflow_font())
        x = np.maximum(self.anchor_x(f, beyond), f.px0 + 2)
        rows = idx.row[beyond]
        order = np.lexsort((x, rows))
        xs, rs, ents = x[order], rows[order], beyond[order]
        column = np.floor(xs)
        first = np.flatnonzero(np.r_[True, (rs[1:] != rs[:-1]) | (column[1:] != column[:-1])])
        runs: list[list] = []  # [row, left, right, start, stop] into `ents`
        for a, b in zip(first.tolist(), np.r_[first[1:], len(xs)].tolist(), strict=True):
            r, px = int(rs[a]), float(xs[a])
            last = runs[-1] if runs and runs[-1][0] == r else None
            if last is not None and px < last[2] + OVERFLOW_GAP_PX:
                last[4] = b
                last[2] = last[1] + fm.horizontalAdvance(f"+{b - last[3]}") + 8
                continue
            runs.append([r, px, px + fm.horizontalAdvance(f"+{b - a}") + 8, a, b])
        st = self.stacking
        return [
            Overflow(r, left, right, ents[a:b], f.sy * st.badge_line(r) + f.dy)
            for r, left, right, a, b in runs
        ]

    def _overflow_font(self) -> QFont:
        font = QFont(self.font)
        font.setBold(True)
        return font

    def _paint_overflow(self, p: QPainter, f: _Frame) -> None:
        """Each "+N" badge: a rounded box in the muted colour, the count inside."""
        if not self.overflow:
            return
        fm = QFontMetricsF(self._overflow_font())
        p.save()
        p.setFont(self._overflow_font())
        h = fm.height() + 2
        for badge in self.overflow:
            hovered = badge == self.hover_overflow
            rect = QRectF(badge.left, badge.y - h / 2, badge.right - badge.left, h)
            p.setPen(QPen(QColor(self.theme.hover if hovered else self.theme.muted_text), 1.2))
            p.setBrush(QColor(self.theme.background))
            p.drawRoundedRect(rect, h / 2, h / 2)
            p.setPen(QColor(self.theme.text))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"+{len(badge.entries)}")
        p.restore()
        self.last_frame_stats["overflow_badges"] = len(self.overflow)

    def overflow_at(self, row: int, px: float) -> Overflow | None:
        """The "+N" badge of the last frame under pixel x of a row, or None."""
        for badge in self.overflow:
            if badge.row == row and badge.left - 2 <= px <= badge.right + 2:
                return badge
        return None

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
                st = self.stacking
                yc = f.sy * (st.tops[row] + st.tops[row + 1]) / 2 + f.dy
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
        ents = ents[~self.stacking.hidden[ents]]  # (counted by a "+N" badge, not drawn)
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


@dataclass(eq=False)
class Overflow:
    """A "+N" badge as drawn: its row, its left and right edge and its middle in pixels, and
    the entries it counts."""

    row: int
    left: float
    right: float
    entries: np.ndarray  # index entries, by time
    y: float


class _Frame:
    """The mapping and visible range of one paint: data -> scene pixels."""

    def __init__(self, m: Mapping, stacking: S.Stacking) -> None:
        self.sx, self.dx, self.sy, self.dy = m.sx, m.dx, m.sy, m.dy
        view = m.view
        self.t0, self.t1 = view.left(), view.right()
        top, bottom = sorted((view.top(), view.bottom()))
        self.r0, self.r1 = stacking.rows_between(top, bottom)
        self.px0 = self.sx * self.t0 + self.dx
        self.px1 = self.sx * self.t1 + self.dx
        self.row_px = abs(self.sy)
        self.symbol = max(6.0, min(13.0, self.row_px * 0.55))
