"""Keyboard navigation and Find, wired to the window: which mark has the focus, what Find found.

The moves themselves are Qt-free (viewer/navigation.py); this keeps the focused mark, turns keys
into moves, selects the event it lands on and keeps it in view with a focus ring.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from viewer.shown import navigation as N


class Navigator(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.w = window
        self.focus_entry = -1  # entry of the content's MarkIndex with the keyboard focus
        self.hits = np.zeros(0, dtype=np.int64)
        self.find_bar = window.find_bar
        self.find_bar.findChanged.connect(self._on_find_changed)
        self.find_bar.stepRequested.connect(self.step_find)
        timeline = window.timeline
        timeline.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.actions: list[QAction] = []
        for text, key, tip, slot in (
            ("&Next Event in Lane", "Right", "Select the next event in this lane", self.right),
            (
                "&Previous Event in Lane",
                "Left",
                "Select the previous event in this lane",
                self.left,
            ),
            ("Next Event &Overall", "Ctrl+Right", "Select the next event in time", self.later),
            ("Previous Event O&verall", "Ctrl+Left", "Select the previous event", self.earlier),
            ("Lane &Above", "Up", "Move to the nearest event in the lane above", self.up),
            ("Lane &Below", "Down", "Move to the nearest event in the lane below", self.down),
            ("&Zoom to Event", "Z", "Zoom the timeline to the selected event", self.zoom_to),
            ("Zoom &In", "+ =", "Zoom in around the middle (+)", lambda: timeline.zoom(0.5)),
            ("Zoom O&ut", "-", "Zoom out around the middle (-)", lambda: timeline.zoom(2.0)),
        ):
            action = QAction(text, timeline)
            action.setShortcuts([QKeySequence(k) for k in key.split()])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            timeline.addAction(action)
            self.actions.append(action)
        self.find_action = QAction("&Find…", window)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setToolTip("Find events by the words they contain")
        self.find_action.triggered.connect(self.find_bar.focus)
        window.addAction(self.find_action)

    # -- following the window ----------------------------------------------------------------

    def content_changed(self) -> None:
        """New filters, lanes or data: the entries are new, the search results too."""
        self._update_hits()
        self.sync_selection(self.w.state.selected)

    def sync_selection(self, event_id: str | None) -> None:
        """A selection made elsewhere moves the focus to that event's first mark."""
        content, model = self.w.content, self.w.model
        i = None if event_id is None or model is None else model.index_of(event_id)
        idx = content.index if content is not None else None
        if i is None or idx is None:
            self.focus_entry = -1
            self.w.timeline.marks_item.focus_ring = False
        elif not (0 <= self.focus_entry < len(idx) and idx.event[self.focus_entry] == i):
            self.focus_entry = N.first_entry(content, i)
        self.w.timeline.marks_item.focus_entry = self.focus_entry
        self._show_count()

    # -- moves ----------------------------------------------------------------------------------

    def right(self) -> None:
        self._lane_step(1)

    def left(self) -> None:
        self._lane_step(-1)

    def later(self) -> None:
        self._overall(1)

    def earlier(self) -> None:
        self._overall(-1)

    def up(self) -> None:
        self._row_step(-1)

    def down(self) -> None:
        self._row_step(1)

    def _start(self, step: int) -> bool:
        """With nothing focused, a move starts at the first (or last) event in time."""
        if self.w.content is None:
            return False
        if self.focus_entry < 0:
            event = N.step_overall(self.w.content, None, step)
            if event is not None:
                self._go(N.first_entry(self.w.content, event))
            return False
        return True

    def _lane_step(self, step: int) -> None:
        if self._start(step):
            self._go(N.step_in_lane(self.w.content, self.focus_entry, step))

    def _row_step(self, step: int) -> None:
        if self._start(step):
            self._go(N.neighbour_row(self.w.content, self.focus_entry, step))

    def _overall(self, step: int) -> None:
        if not self._start(step):
            return
        idx = self.w.content.index
        event = N.step_overall(self.w.content, int(idx.event[self.focus_entry]), step)
        if event is not None:
            row = int(idx.row[self.focus_entry])
            self._go(N.first_entry(self.w.content, event, row))

    def _go(self, entry: int) -> None:
        content = self.w.content
        if content is None or not 0 <= entry < len(content.index):
            return
        self.focus_entry = entry
        event = int(content.index.event[entry])
        self.w.timeline.marks_item.focus_ring = True
        self.w.timeline.marks_item.focus_entry = entry
        self.w.select_id(self.w.model.events["id"].iat[event], reveal=False)
        self.reveal(entry)
        self.w.timeline.marks_item.update()

    def reveal(self, entry: int) -> None:
        """Scroll the entry's row into view and pan (keeping the zoom) so its mark is inside."""
        timeline, idx = self.w.timeline, self.w.content.index
        timeline.ensure_row_visible(int(idx.row[entry]))
        t0, t1 = timeline.time_window()
        a, b = float(idx.x0[entry]), float(idx.x1[entry])
        margin = (t1 - t0) * 0.08
        if a < t0 + margin or a > t1 - margin:
            width = t1 - t0
            timeline.set_window(a - width / 2, a + width / 2)
        elif b > t1 and b - a < (t1 - t0) * 0.8:
            timeline.set_window(t0 + (b - t1) + margin, t1 + (b - t1) + margin)

    def zoom_to(self) -> None:
        """Z: the selected event filling about a third of the window (at least a fortnight)."""
        content = self.w.content
        if content is None or self.focus_entry < 0:
            return
        idx = content.index
        a, b = float(idx.x0[self.focus_entry]), float(idx.x1[self.focus_entry])
        width = max((b - a) * 3, 14 * 86400.0)
        c = (a + b) / 2
        self.w.timeline.set_window(c - width / 2, c + width / 2)
        self.reveal(self.focus_entry)

    def clear(self) -> None:
        """Esc: no selection, no focus ring; in the Find field, no search either."""
        if self.find_bar.edit.hasFocus() and self.find_bar.text():
            self.find_bar.set_text("")
        self.focus_entry = -1
        self.w.timeline.marks_item.focus_ring = False
        self.w.state.select(None)

    # -- find -----------------------------------------------------------------------------------

    def _on_find_changed(self, _text: str) -> None:
        self._update_hits()
        self._show_count()

    def _update_hits(self) -> None:
        content = self.w.content
        text = self.find_bar.text()
        if content is None or not text:
            self.hits = np.zeros(0, dtype=np.int64)
            self.w.timeline.set_highlight(None)
            self.w.table.table_model.highlight = None
        else:
            self.hits = N.search_hits(content, text)
            mask = np.zeros(len(content.model), dtype=bool)
            mask[self.hits] = True
            self.w.timeline.set_highlight(mask)
            self.w.table.table_model.highlight = mask
        self.w.table.viewport().update()

    def _show_count(self) -> None:
        current = self._selected_event()
        where = np.flatnonzero(self.hits == current) if current is not None else []
        self.find_bar.set_count(int(where[0]) if len(where) else None, len(self.hits))

    def _selected_event(self) -> int | None:
        model, selected = self.w.model, self.w.state.selected
        return None if model is None or selected is None else model.index_of(selected)

    def step_find(self, step: int) -> None:
        """Next (1) or previous (-1) result: select it and bring it into view."""
        self.find_bar.flush()
        content = self.w.content
        if content is None or not len(self.hits):
            return
        event = N.next_hit(self.hits, content, self._selected_event(), step)
        if event is None:
            return
        self.w.select_id(self.w.model.events["id"].iat[event], reveal=True)
        self.focus_entry = N.first_entry(content, event)
        self._show_count()
