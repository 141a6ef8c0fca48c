"""The timeline widget: a pyqtgraph plot with a date axis, lane labels and a handful of items.

Wheel zooms time around the cursor, drag pans time, double-click fits all; rows keep a readable
height and scroll vertically (wheel over the labels, Shift+wheel, or the scroll bar). Rows are
stacked into sub-rows at the zoom's level (viewer/shown/stacking.py): y runs in sub-rows, and
a zoom that changes the level re-stacks, keeping the row at the top of the view in its place.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QPen
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QScrollBar, QToolTip, QWidget

from viewer.record import dates as D
from viewer.record.changes import WORDS
from viewer.record.claims import NOT_CONFIRMED, claims_of
from viewer.record.display_date import display_date, period_text
from viewer.record.text import as_rich
from viewer.shown import density
from viewer.shown import stacking as S
from viewer.shown.content import MIN_WINDOW, Content
from viewer.shown.mark_looks import PERIOD
from viewer.shown.navigation import window_showing
from viewer.shown.theme import LIGHT, Theme
from viewer.timeline.as_of_marker import AsOfMarker
from viewer.timeline.axes import DateAxis, LaneAxis, without_unit_prefixes
from viewer.timeline.bands_item import BandsItem
from viewer.timeline.connectors import ConnectorsItem
from viewer.timeline.lanes_item import LanesItem
from viewer.timeline.marks_item import MarksItem, Overflow

MIN_ROW_PX = 24.0
MAX_ROW_PX = 34.0
HIT_PX = 8.0
MIN_RANGE = MIN_WINDOW
YEAR = 365.25 * 86400.0
KEPT_STACKINGS = 16
"""Zoom levels whose stacking is kept (zooming back to one of them costs nothing)."""


class TimelineViewBox(pg.ViewBox):
    """Time on x (pan and zoom), rows on y (scrolled by the widget, never zoomed)."""

    clicked = Signal(object, object)  # view position (QPointF), modifiers
    doubleClicked = Signal()
    shiftWheel = Signal(float)

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setMouseEnabled(x=True, y=False)
        self.invertY(True)

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            if ev.double():
                self.doubleClicked.emit()
            else:
                self.clicked.emit(self.mapSceneToView(ev.scenePos()), ev.modifiers())

    def mouseDoubleClickEvent(self, ev) -> None:
        ev.accept()
        self.doubleClicked.emit()

    def wheelEvent(self, ev, axis=None) -> None:
        if ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            ev.accept()
            self.shiftWheel.emit(-ev.delta() / 120.0)
            return
        super().wheelEvent(ev, axis=0)


class TimelineView(QWidget):
    """Swimlane timeline of a Content; emits which event the user clicks or hovers."""

    eventClicked = Signal(object)  # event index or None
    eventHovered = Signal(object)  # event index or None
    windowChanged = Signal(float, float)
    groupToggled = Signal(str)

    def __init__(self, parent: QWidget | None = None, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self.theme = theme
        self.content: Content | None = None
        self.stack_rows = True  # False: compact rows, one sub-row each
        self.sub_row_cap = S.SUB_ROWS
        self.stacking: S.Stacking | None = None
        self._stackings: dict[tuple, S.Stacking] = {}  # per level, for this content
        self._row_load: S.RowLoad | None = None
        self.opened: set[tuple[int, int]] = set()
        """Rows (company, track) opened to their full height by a click on their "+N"."""
        self.stack_ms: list[float] = []
        """How long each stacking worked out took (a level seen before is reused, free)."""
        self.top_row = 0.0
        self.row_px = MIN_ROW_PX
        self.fit_rows = False  # exports: every row in the height available
        self.page_rows: tuple[float, float] | None = None
        """A PDF page of a snapshot: with fit_rows, the sub-rows [y0, y1) fill the height."""
        self.snapshot = False
        """A picture (never panned): labels that would run off its right edge are stacked on
        the left of their marks."""
        self.hover_text = ""
        self.changes_since: float | None = None
        self.viewbox = TimelineViewBox()
        self.date_axis = DateAxis()
        self.lane_axis = LaneAxis(theme)
        # The lane names change with rows, not with time: panning and zooming reuse their
        # pixels (exports turn this off and draw them as text).
        self.lane_axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # The dates change with time, not with rows or filters: a filter change reuses them.
        self.date_axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.plot = pg.PlotWidget(
            viewBox=self.viewbox,
            axisItems={"bottom": self.date_axis, "left": self.lane_axis},
            background=theme.background,
        )
        # The plot paints every pixel (its background brush, no frame): saying so spares Qt
        # erasing under it, and a grab (exports of the window, tests) paints into an opaque
        # image, ~15% quicker to draw on than one with alpha.
        # The same for this widget: the plot and the scroll bar cover it (no margins, no spacing).
        for widget in (self, self.plot, self.plot.viewport()):
            widget.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.plot.setAccessibleName("Timeline")
        self.plot.setAccessibleDescription(
            "One lane per company and track; every event is also a row of the Events table"
        )
        self.plot_item = self.plot.getPlotItem()
        without_unit_prefixes(self.plot_item)
        self.plot_item.hideButtons()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.layout.setContentsMargins(0, 4, 8, 0)
        self.lanes_item = LanesItem(theme)
        self.marks_item = MarksItem(theme)
        self.connectors_item = ConnectorsItem(theme)
        self.connectors_item.dense_rows = self.marks_item.dense_rows
        self.viewbox.addItem(self.lanes_item, ignoreBounds=True)
        self.bands_item = BandsItem()
        self.viewbox.addItem(self.bands_item, ignoreBounds=True)
        self.viewbox.addItem(self.connectors_item, ignoreBounds=True)
        self.viewbox.addItem(self.marks_item, ignoreBounds=True)
        pen = QPen(QColor(theme.today), 1.2)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.today_line = pg.InfiniteLine(
            pos=time.time(),
            angle=90,
            pen=pen,
            movable=False,
            label="today",
            labelOpts={"position": 0.02, "color": theme.today, "anchors": [(0, 0), (0, 0)]},
        )
        self.today_line.setZValue(5)
        self.viewbox.addItem(self.today_line, ignoreBounds=True)
        self.as_of_marker = AsOfMarker(self.viewbox, theme)
        self.scrollbar = QScrollBar(Qt.Orientation.Vertical)
        self.scrollbar.setAccessibleName("Scroll lanes")
        self.scrollbar.setToolTip("Scroll the lanes (or use the wheel over the lane names)")
        self.scrollbar.setAccessibleDescription("Which lanes of the timeline are in view")
        self.scrollbar.valueChanged.connect(self._on_scrollbar)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.plot)
        box.addWidget(self.scrollbar)
        self.viewbox.clicked.connect(self._on_clicked)
        self.viewbox.doubleClicked.connect(self.fit_all)
        self.viewbox.shiftWheel.connect(self.scroll_rows)
        self.viewbox.sigResized.connect(self._on_resized)
        self.viewbox.sigXRangeChanged.connect(self._on_x_range)
        self.lane_axis.wheelScrolled.connect(self.scroll_rows)
        self.lane_axis.groupClicked.connect(self.groupToggled)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.setMinimumHeight(160)

    def bind(self, document) -> None:
        """Follow what the document shows; pans, zooms and folds go back into its state.

        `document` is the window's Document (viewer/app/document.py): its signals say what changed,
        its fields hold what is shown, and its view state takes this widget's edits."""
        document.contentChanged.connect(
            lambda fresh: self.set_content(document.content, keep_window=not fresh)
        )
        document.windowChanged.connect(self.set_window)
        document.selectionChanged.connect(self.set_selected)
        document.changesChanged.connect(
            lambda: self.set_changes(document.changes.kinds, document.changes.since)
        )
        self.windowChanged.connect(document.state.set_window)
        self.groupToggled.connect(document.state.toggle_collapsed)

    # -- content -------------------------------------------------------------------------------

    def set_content(self, content: Content | None, keep_window: bool = False) -> None:
        """Show new content; the time window is kept when asked (filter changes), else fitted."""
        if content is None or self.content is None or content.model is not self.content.model:
            self.opened.clear()  # (rows opened stay open while only the filters change)
        self.content = content
        self.marks_item.set_content(content)
        self.connectors_item.set_content(content)
        model = content.model if content else None
        if model is not None:
            self.today_line.setPos((model.base or model).today)
        self.as_of_marker.set_as_of(model.as_of if model is not None else None)
        self.bands_item.set_bands((model.base or model).bands if model is not None else [])
        layout = content.layout if content else None
        self.lanes_item.set_layout(layout)
        self.lane_axis.set_layout(
            layout, model.companies if model else [], model.tracks if model else []
        )
        self._stackings.clear()
        self._row_load = None
        self.stacking = None
        self._set_limits()
        if not keep_window:
            self.fit_all()
        self._restack()  # (a new stacking: the rows applied with it)
        if content is None:
            self._apply_rows()

    def _set_limits(self) -> None:
        span = self.content.model.span() if self.content else None
        if not span:
            self.viewbox.setLimits(xMin=None, xMax=None, minXRange=MIN_RANGE, maxXRange=None)
            return
        lo, hi = span
        hi = max(hi, time.time())
        pad = max((hi - lo) * 0.5, 30 * 86400.0)
        # Never far past the dates RegTimeline reads (a year either side, for the marks there).
        lo, hi = max(lo - pad, D.FIRST_SECOND - YEAR), min(hi + pad, D.END_SECOND + YEAR)
        self.viewbox.setLimits(xMin=lo, xMax=hi, minXRange=MIN_RANGE, maxXRange=hi - lo)

    def fit_all(self) -> None:
        window = self.content.fit_window() if self.content is not None else None
        if window is not None:
            self.set_window(*window)

    def time_window(self) -> tuple[float, float]:
        (x0, x1), _ = self.viewbox.viewRange()
        return float(x0), float(x1)

    def set_window(self, t0: float, t1: float) -> None:
        if not (math.isfinite(t0) and math.isfinite(t1)) or t1 <= t0:
            return
        if self.time_window() != (t0, t1):
            self.viewbox.setXRange(t0, t1, padding=0)

    def zoom(self, factor: float, center: float | None = None) -> None:
        t0, t1 = self.time_window()
        c = (t0 + t1) / 2 if center is None else center
        self.set_window(c - (c - t0) * factor, c + (t1 - c) * factor)

    def pan(self, fraction: float) -> None:
        t0, t1 = self.time_window()
        d = (t1 - t0) * fraction
        self.set_window(t0 + d, t1 + d)

    def set_theme(self, theme: Theme) -> None:
        """Recolour every part (background, axes, lanes, marks, lines) for a light or dark
        window; the data and the time window stay."""
        self.theme = theme
        self.plot.setBackground(theme.background)
        self.date_axis.setPen(pg.mkPen(theme.separator))
        self.date_axis.setTextPen(pg.mkPen(theme.text))
        for part in (self.lane_axis, self.lanes_item, self.marks_item, self.connectors_item):
            part.set_theme(theme)
        pen = QPen(self.today_line.pen)
        pen.setColor(QColor(theme.today))
        self.today_line.setPen(pen)
        self.today_line.label.setColor(QColor(theme.today))
        self.as_of_marker.set_theme(theme)

    def _on_x_range(self, *_args) -> None:
        self._restack()
        t0, t1 = self.time_window()
        self.windowChanged.emit(t0, t1)

    def _on_resized(self, *_args) -> None:
        self._restack()
        self._apply_rows()

    # -- stacking ------------------------------------------------------------------------------

    def set_colour_by(self, by: str) -> None:
        """Colour the marks by regulator, jurisdiction or track."""
        self.marks_item.set_colour_by(by)

    def set_stack_rows(self, on: bool) -> None:
        """Stack overlapping events into sub-rows (on) or keep every row one sub-row high."""
        if on != self.stack_rows:
            self.stack_rows = on
            self._restack()

    def set_sub_row_cap(self, cap: int) -> None:
        """How many sub-rows a row may grow to (a snapshot allows more than the window)."""
        if cap != self.sub_row_cap:
            self.sub_row_cap = cap
            self._restack()

    def _restack(self) -> None:
        """The stacking of the content at the current zoom's level (kept per level)."""
        content = self.content
        if content is None:
            return
        idx = content.index
        t0, t1 = self.time_window()
        px = self.viewbox.width()
        if not self.stack_rows or px < 50 or not t1 > t0 or not len(idx):
            key: tuple = ("compact",)
        else:
            key = (S.zoom_level((t1 - t0) / px), self.sub_row_cap, frozenset(self.opened))
            if self.snapshot:
                key += (t1,)
        new = self._stackings.get(key)
        if new is None:
            start = time.perf_counter()
            if key[0] == "compact":
                new = S.compact(idx)
            else:
                if self._row_load is None:
                    self._row_load = S.row_load(idx)
                new = S.stack(
                    idx,
                    (t1 - t0) / px,
                    self.marks_item.label_px,
                    self.sub_row_cap,
                    load=self._row_load,
                    right_edge=t1 - 4 * (t1 - t0) / px if self.snapshot else None,
                    opened=self._opened_rows(),
                )
                if self.snapshot:
                    new = self._flatten_dense(new, t0, t1, px)
                self.stack_ms.append((time.perf_counter() - start) * 1000)
            if len(self._stackings) >= KEPT_STACKINGS:
                self._stackings.pop(next(iter(self._stackings)))  # (the oldest)
            self._stackings[key] = new
        if new is self.stacking:
            return
        old, self.stacking = self.stacking, new
        if old is not None and old.n_rows == new.n_rows and old.n_rows:
            # The row at the top of the view stays there, at the same fraction of its height.
            row = old.row_at(self.top_row)
            if row >= 0:
                frac = (self.top_row - old.tops[row]) / old.heights[row]
                self.top_row = float(new.tops[row] + frac * new.heights[row])
        for item in (self.marks_item, self.connectors_item, self.lanes_item, self.lane_axis):
            item.set_stacking(new)
        self._apply_rows()

    def _flatten_dense(self, stacking: S.Stacking, t0: float, t1: float, px: float):
        """A picture's rows that show density in its window keep one sub-row."""
        _marks, dense = self.marks_item.plan_rows(stacking, range(stacking.n_rows), t0, t1, px)
        return S.flattened(stacking, np.array([r for r, _a, _b in dense], dtype=np.int64))

    def _opened_rows(self) -> np.ndarray | None:
        if not self.opened:
            return None
        rows = self.content.layout.rows
        return np.array([(r.company, r.track) in self.opened for r in rows], dtype=bool)

    def open_row(self, row: int) -> None:
        """Open a row to its full height (a click on its "+N"): every mark of it shown."""
        lane = self.content.layout.rows[row]
        self.opened.add((lane.company, lane.track))
        self._restack()

    def rows_height(self) -> float:
        """Height of all rows together, in sub-rows (the view's y units)."""
        return self.stacking.total if self.stacking is not None else float(self.n_rows())

    # -- rows ----------------------------------------------------------------------------------

    def n_rows(self) -> int:
        return len(self.content.layout.rows) if self.content else 0

    def visible_rows(self) -> float:
        return max(1.0, self.viewbox.height() / self.row_px)

    def _apply_rows(self) -> None:
        n = self.rows_height()
        height = max(1.0, self.viewbox.height())
        if self.fit_rows and self.page_rows is not None:
            y0, y1 = self.page_rows
            self.row_px = height / max(y1 - y0, 1e-6)
            self.top_row = y0
            self.viewbox.setYRange(y0, y1, padding=0)
            self.scrollbar.setHidden(True)
            self.lane_axis.update()
            return
        if self.fit_rows and n:
            self.row_px = height / n
        else:
            self.row_px = min(MAX_ROW_PX, max(MIN_ROW_PX, height / max(n, 1)))
        visible = height / self.row_px
        max_top = max(0.0, n - visible)
        self.top_row = min(max(0.0, self.top_row), max_top)
        self.viewbox.setYRange(self.top_row, self.top_row + visible, padding=0)
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(0, math.ceil(max_top * 10))
        self.scrollbar.setPageStep(max(1, int(visible * 10)))
        self.scrollbar.setSingleStep(10)
        self.scrollbar.setValue(round(self.top_row * 10))
        self.scrollbar.blockSignals(False)
        # The bar stays in its place, disabled when every row fits: showing and hiding it
        # here (often from inside the plot's own resize, mid-layout) left it laid out 0 px
        # wide, and moved the plot's right edge whenever a filter changed the row count.
        self.scrollbar.setEnabled(max_top > 0)
        self.scrollbar.setHidden(self.fit_rows)  # (snapshots fit every row: no bar)
        self.lane_axis.update()

    def scroll_rows(self, delta: float) -> None:
        self.top_row += delta * 3
        self._apply_rows()

    def _on_scrollbar(self, value: int) -> None:
        self.top_row = value / 10.0
        self._apply_rows()

    def ensure_row_visible(self, row: int, sub_row: int | None = None) -> None:
        """Scroll the lanes until a row (or one sub-row of it) is in view."""
        st = self.stacking
        if st is None or not 0 <= row < st.n_rows:
            return
        top, bottom = st.tops[row], st.tops[row + 1]
        if sub_row is not None:
            top, bottom = top + sub_row, top + sub_row + 1
        visible = self.visible_rows()
        if bottom - top > visible:
            bottom = top + visible
        if top < self.top_row:
            self.top_row = float(top)
        elif bottom > self.top_row + visible:
            self.top_row = float(bottom - visible)
        else:
            return
        self._apply_rows()

    def ensure_event_visible(self, event: int) -> None:
        """Bring an event's first mark into view, keeping the zoom when it is already readable."""
        if self.content is None:
            return
        idx = self.content.index
        ents = idx.entries_of_event(event)
        if len(ents):
            self.reveal_entry(int(ents[np.argmin(idx.x0[ents])]))

    def reveal_entry(self, entry: int) -> None:
        """Scroll the entry's sub-row into view and move the time window so its mark is
        inside."""
        idx = self.content.index
        window = window_showing(float(idx.x0[entry]), float(idx.x1[entry]), self.time_window())
        if window is not None:
            self.set_window(*window)  # (first: a new zoom may stack the rows anew)
        slot = int(self.stacking.slot[entry]) if self.stacking is not None else None
        self.ensure_row_visible(int(idx.row[entry]), slot)

    def set_focus(self, entry: int, ring: bool | None = None) -> None:
        """The entry the keyboard is on, drawn with a dashed ring when `ring` (None: the ring
        shown or not as before)."""
        self.marks_item.focus_entry = entry
        if ring is not None:
            self.marks_item.focus_ring = ring
        self.marks_item.update()

    # -- selection and hover ------------------------------------------------------------------

    def set_selected(self, event: int | None) -> None:
        self.marks_item.set_selected(event)
        self.connectors_item.set_selected(event)

    def set_changes(self, kinds, since: float | None = None) -> None:
        """Badge events new or changed since day `since` (an int8 per event, or None)."""
        self.changes_since = since
        self.marks_item.set_changes(kinds)

    def set_highlight(self, mask) -> None:
        """Ring these events (a bool per event: Find's results, a reload's changes)."""
        self.marks_item.set_highlight(mask)

    @property
    def highlight(self):
        return self.marks_item.highlight

    def entry_at(self, view_pos: QPointF) -> int:
        """The mark under a point of the view (in its sub-row), or -1."""
        st = self.stacking
        if self.content is None or st is None:
            return -1
        row = st.row_at(view_pos.y())
        if row < 0:
            return -1
        sub = st.sub_row_at(row, view_pos.y())
        (x0, x1), _ = self.viewbox.viewRange()
        px = max(1.0, self.viewbox.width())
        tolerance = HIT_PX * (x1 - x0) / px

        def in_sub_row(a: int, b: int) -> np.ndarray:
            return (st.slot[a:b] == sub) & ~st.hidden[a:b]

        return self.content.index.hit(row, view_pos.x(), tolerance, in_sub_row)

    def hover_target(self, view_pos: QPointF) -> int | tuple[int, int] | Overflow:
        """What the pointer is over: a mark's entry, a density bin (row, bin), a "+N" badge,
        or -1.

        Rows drawn as density in the last frame answer with their bin, found in constant time;
        badges are looked up among the last frame's few; other rows give the mark found by
        binary search.
        """
        if self.content is None or self.stacking is None:
            return -1
        d = self.marks_item.density
        row = self.stacking.row_at(view_pos.y())
        if row < 0:
            return -1
        if self.marks_item.overflow and self.stacking.overflow[row]:
            px = self.marks_item.sceneTransform().map(view_pos).x()
            badge = self.marks_item.overflow_at(row, px)
            sub = self.stacking.sub_row_at(row, view_pos.y())
            if badge is not None and sub == self.stacking.heights[row] - 1:
                return badge
        if d is not None and len(d):
            px = self.marks_item.sceneTransform().map(view_pos).x()
            k = d.bin_at(row, px)
            if k >= 0:
                return (row, k)
            if row in d.rows:
                return -1
        return self.entry_at(view_pos)

    def bin_summary(self, row: int, k: int) -> tuple[int, float, float, np.ndarray]:
        """(count, start, end, first entries) of a density bin of the last frame."""
        d = self.marks_item.density
        t0, t1 = d.bin_times(k)
        return d.count(row, k), t0, t1, density.entries_in(self.content.index, row, t0, t1)

    def zoom_to_bin(self, row: int, k: int) -> None:
        """Click on a dense bin: zoom so that its marks can be told apart."""
        count, t0, t1, _ = self.bin_summary(row, k)
        self.set_window(*density.zoom_window(t0, t1, count, self.viewbox.width()))

    def event_at(self, view_pos: QPointF) -> int | None:
        entry = self.entry_at(view_pos)
        return None if entry < 0 else int(self.content.index.event[entry])

    def view_pos_of_event(self, event: int) -> QPointF | None:
        """Where an event's first mark is, in view coordinates (used to aim clicks)."""
        idx = self.content.index
        ents = idx.entries_of_event(event)
        if not len(ents):
            return None
        j = ents[0]
        x = idx.x0[j] if idx.kind[j] != PERIOD else (idx.x0[j] + idx.x1[j]) / 2
        return QPointF(float(x), float(self.stacking.centre(np.array([j]))[0]))

    def _on_clicked(self, pos: QPointF, modifiers) -> None:
        target = self.hover_target(pos)
        if isinstance(target, tuple):
            self.zoom_to_bin(*target)
            return
        if isinstance(target, Overflow):
            self.open_row(target.row)
            return
        self.eventClicked.emit(self.event_at(pos))

    def _on_mouse_moved(self, scene_pos) -> None:
        if self.content is None or not self.viewbox.sceneBoundingRect().contains(scene_pos):
            self._set_hover(-1)
            return
        target = self.hover_target(self.viewbox.mapSceneToView(scene_pos))
        if isinstance(target, tuple):
            self._set_hover_bin(*target)
        elif isinstance(target, Overflow):
            self._set_hover_overflow(target)
        else:
            self._set_hover(target)

    def _set_hover_overflow(self, badge: Overflow) -> None:
        if self.marks_item.hover_overflow is badge:
            return
        self.marks_item.set_hover(-1, None, badge)
        self.connectors_item.set_hover(None)
        self.hover_text = overflow_text(self.content, badge.row, badge.entries)
        rich = as_rich(self.hover_text)
        self.plot.setToolTip(rich)
        QToolTip.showText(QCursor.pos(), rich, self.plot)
        self.eventHovered.emit(None)

    def _set_hover_bin(self, row: int, k: int) -> None:
        if self.marks_item.hover_bin == (row, k):
            return
        self.marks_item.set_hover(-1, (row, k))
        self.connectors_item.set_hover(None)
        self.hover_text = bin_text(self.content, row, *self.bin_summary(row, k))
        rich = as_rich(self.hover_text)
        self.plot.setToolTip(rich)
        QToolTip.showText(QCursor.pos(), rich, self.plot)
        self.eventHovered.emit(None)

    def _set_hover(self, entry: int) -> None:
        item = self.marks_item
        if entry == item.hover_entry and item.hover_bin is None and item.hover_overflow is None:
            return
        self.marks_item.set_hover(entry)
        self.connectors_item.set_hover(None if entry < 0 else int(self.content.index.event[entry]))
        if entry < 0:
            self.hover_text = ""
            self.plot.setToolTip("")
            QToolTip.hideText()
            self.eventHovered.emit(None)
            return
        event = int(self.content.index.event[entry])
        kinds = self.marks_item.changes
        change = int(kinds[event]) if kinds is not None and event < len(kinds) else 0
        self.hover_text = tooltip_text(self.content, event, change, self.changes_since)
        rich = as_rich(self.hover_text)  # cells are shown literally, never as markup
        self.plot.setToolTip(rich)
        QToolTip.showText(QCursor.pos(), rich, self.plot)
        self.eventHovered.emit(event)


def row_name(content: Content, row: int) -> str:
    """`Nvidia · US export permission`; a folded company's row: its name alone."""
    lane = content.layout.rows[row]
    model = content.model
    name = model.companies[lane.company]
    return name if lane.track < 0 else f"{name} · {model.tracks[lane.track]}"


def bin_text(content: Content, row: int, count: int, t0: float, t1: float, first) -> str:
    """Tooltip of a density bin: how many events, when, in which lane, the first titles."""
    a = D.long_day(t0)
    b = D.long_day(t1 - 1)
    when = a if a == b else f"{a} – {b}"
    lines = [f"{count:,} event{'s' if count != 1 else ''} · {when}", row_name(content, row)]
    titles = content.model.events["title"]
    for j in first:
        lines.append("• " + str(titles.iat[int(content.index.event[int(j)])]))
    if count > len(first):
        lines.append(f"… and {count - len(first):,} more")
    lines.append("Click to zoom in")
    return "\n".join(lines)


OVERFLOW_TITLES = 6
"""A "+N" badge's tooltip names this many of its events."""


def overflow_text(content: Content, row: int, entries: np.ndarray) -> str:
    """Tooltip of a "+N" badge: how many events are stacked past the row, which, and where."""
    idx = content.index
    ents = np.asarray(entries)
    ents = ents[np.argsort(idx.x0[ents], kind="stable")]
    n = len(ents)
    stacked = f"{n:,} more event{'s' if n != 1 else ''} here, stacked past the row's sub-rows"
    lines = [stacked, row_name(content, row)]
    titles = content.model.events["title"]
    for j in ents[:OVERFLOW_TITLES].tolist():
        when = D.long_day(float(idx.x0[j]))
        lines.append(f"• {when}: {titles.iat[int(idx.event[j])]}")
    if n > OVERFLOW_TITLES:
        lines.append(f"… and {n - OVERFLOW_TITLES:,} more")
    lines.append("Click to open the row to its full height")
    return "\n".join(lines)


def tooltip_text(content: Content, event: int, change: int = 0, since: float | None = None) -> str:
    """Plain-text tooltip: date at its precision, title, regulator, status, and what to doubt
    (cells shown literally)."""
    model = content.model
    ev = model.events.iloc[event]
    # (the author's words for the date, if any)
    when = display_date(model, event) or period_text(model, event)
    claims = claims_of(model)
    status = NOT_CONFIRMED if claims.overdue[event] else ev["status"]
    lines = [when, ev["title"], f"{ev['regulator']} · {status}"]
    reported = float(ev["reported_at"])
    if np.isfinite(reported) and abs(reported - float(ev["start"])) >= D.SECONDS_PER_DAY:
        lines.append("reported " + D.long_day(reported))
    if change:
        day = "" if since is None else " " + D.long_day(since)
        lines.append(f"{WORDS[change]} since{day}")
    titles = model.events["title"].to_numpy(dtype=object)
    d = claims.pair_dispute
    for j in claims.pair_b[d & (claims.pair_a == event)]:
        lines.append(f"⚠ disputes: {titles[j]}")
    for j in claims.pair_a[d & (claims.pair_b == event)]:
        lines.append(f"⚠ disputed by: {titles[j]}")
    if ev["status"] == "disputed" and not (d & (claims.pair_b == event)).any():
        lines.append("⚠ disputed")
    return "\n".join(lines)
