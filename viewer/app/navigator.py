"""Selection, keyboard navigation and Find: which event is chosen, which mark has the focus,
what Find found.

The moves themselves are Qt-free (viewer/shown/navigation.py); this keeps the focused mark, turns
keys into moves, selects the event it lands on (in the document's state) and keeps it in view
with a focus ring. Find's words live in the view state (the Find bar binds to them); the hits are
tinted in the timeline and the table.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence

from viewer.shown import navigation as N


class Navigator(QObject):
    chosen = Signal()  # an event chosen in the timeline or the table: its details to the front

    def __init__(self, document, timeline, table, find_bar, parent: QObject) -> None:
        super().__init__(parent)
        self.document = document
        self.timeline = timeline
        self.table = table
        self.find_bar = find_bar
        self.focus_entry = -1  # entry of the content's MarkIndex with the keyboard focus
        self.hits = np.zeros(0, dtype=np.int64)
        find_bar.stepRequested.connect(self.step_find)
        document.contentChanged.connect(lambda _fresh: self.content_changed())
        document.selectionChanged.connect(self.sync_selection)
        document.findChanged.connect(self._on_find_changed)
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
        self.find_action = QAction("&Find…", parent)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setToolTip("Find events by the words they contain")
        self.find_action.triggered.connect(self.find_bar.focus)

    # -- following the document ---------------------------------------------------------------

    def content_changed(self) -> None:
        """New filters, lanes or data: the entries are new, the search results too."""
        self._update_hits()
        self.sync_selection(self.document.selected_index)

    def sync_selection(self, event: int | None) -> None:
        """A selection made elsewhere moves the focus to that event's first mark."""
        content = self.document.content
        if event is None or content is None:
            self.focus_entry = -1
            self.timeline.set_focus(-1, False)
        elif not (
            0 <= self.focus_entry < len(content.index)
            and content.index.event[self.focus_entry] == event
        ):
            self.focus_entry = N.first_entry(content, event)
            self.timeline.set_focus(self.focus_entry)  # (the ring as it was)
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
        content = self.document.content
        if content is None:
            return False
        if self.focus_entry < 0:
            event = N.step_overall(content, None, step)
            if event is not None:
                self._go(N.first_entry(content, event))
            return False
        return True

    def _lane_step(self, step: int) -> None:
        if self._start(step):
            self._go(N.step_in_lane(self.document.content, self.focus_entry, step))

    def _row_step(self, step: int) -> None:
        if self._start(step):
            self._go(N.neighbour_row(self.document.content, self.focus_entry, step))

    def _overall(self, step: int) -> None:
        if not self._start(step):
            return
        content = self.document.content
        idx = content.index
        event = N.step_overall(content, int(idx.event[self.focus_entry]), step)
        if event is not None:
            self._go(N.first_entry(content, event, int(idx.row[self.focus_entry])))

    def _go(self, entry: int) -> None:
        content = self.document.content
        if content is None or not 0 <= entry < len(content.index):
            return
        self.focus_entry = entry
        self.timeline.set_focus(entry, True)
        self.document.select_index(int(content.index.event[entry]))
        self.timeline.reveal_entry(entry)

    def zoom_to(self) -> None:
        """Z: the selected event filling about a third of the window (at least a fortnight)."""
        content = self.document.content
        if content is None or self.focus_entry < 0:
            return
        idx = content.index
        a, b = float(idx.x0[self.focus_entry]), float(idx.x1[self.focus_entry])
        width = max((b - a) * 3, 14 * 86400.0)
        c = (a + b) / 2
        self.timeline.set_window(c - width / 2, c + width / 2)
        self.timeline.reveal_entry(self.focus_entry)

    # -- choosing an event in the views -------------------------------------------------------

    def select_id(self, event_id: str | None, reveal: bool = True) -> None:
        """Select an event by id (a link in the detail pane, the Changes list); bring it into
        view when `reveal`."""
        self.document.state.selected = event_id
        event = self.document.selected_index
        if reveal and event is not None:
            self.timeline.ensure_event_visible(event)

    def select_event(self, event: int, reveal: bool = True) -> None:
        """An event chosen in the timeline (already in view) or the table (brought into view)."""
        self.document.select_index(event)
        if reveal:
            self.timeline.ensure_event_visible(event)
        self.chosen.emit()

    def clicked(self, event: int | None) -> None:
        """A click in the timeline: on a mark selects its event, on nothing clears."""
        if self.document.model is None:
            return
        if event is None:
            self.document.state.selected = None
        else:
            self.select_event(event, reveal=False)

    def clear(self) -> None:
        """Esc: no selection, no focus ring; in the Find field, no search either."""
        self.find_bar.clear_if_focused()
        self.focus_entry = -1
        self.timeline.set_focus(-1, False)
        self.document.state.selected = None

    # -- find -----------------------------------------------------------------------------------

    def _on_find_changed(self, _text: str) -> None:
        self._update_hits()
        self._show_count()

    def _update_hits(self) -> None:
        content = self.document.content
        text = self.document.state.find
        mask = None
        if content is None or not text:
            self.hits = np.zeros(0, dtype=np.int64)
        else:
            self.hits = N.search_hits(content, text)
            mask = np.zeros(len(content.model), dtype=bool)
            mask[self.hits] = True
        self.timeline.set_highlight(mask)
        self.table.set_highlight(mask)

    def _show_count(self) -> None:
        current = self.document.selected_index
        where = np.flatnonzero(self.hits == current) if current is not None else []
        self.find_bar.set_count(int(where[0]) if len(where) else None, len(self.hits))

    def step_find(self, step: int) -> None:
        """Next (1) or previous (-1) result: select it and bring it into view."""
        self.find_bar.flush()
        content = self.document.content
        if content is None or not len(self.hits):
            return
        event = N.next_hit(self.hits, content, self.document.selected_index, step)
        if event is None:
            return
        self.document.select_index(event)
        self.timeline.ensure_event_visible(event)
        self.focus_entry = N.first_entry(content, event)
        self._show_count()
