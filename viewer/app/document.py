"""The Document: what the window shows, between the view state and the views.

It holds the open file's model (every report), the model as known on the as-of day, what the
filters and lanes make of it (a Content), and the changes since a day. It listens to the view
state and rebuilds once per change; `with document.batch():` makes many changes (a saved view
applied) one rebuild, as glue's `delay_callback` does. Panels, the timeline and the navigator
bind to its signals; nothing reaches into the window for data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, Signal

from viewer.panels.changes import MAX_ROWS as CHANGES_LISTED
from viewer.record.as_of import day_start, known_on
from viewer.record.changes import CHANGED, NEW, Change, change_kinds, changes_since
from viewer.record.model import EventModel
from viewer.shown.content import Content, make_content
from viewer.shown.filters import normalise
from viewer.shown.view_state import ViewState


@dataclass
class ChangeView:
    """The changes since a day among the shown events: badges and the brief."""

    since: float | None = None
    kinds: np.ndarray | None = None  # UNCHANGED / NEW / CHANGED per event; None: no badges
    brief: list[Change] = field(default_factory=list)
    counts: tuple[int, int] | None = None  # (new, changed) among the shown events
    reference: float | None = None  # "today" for the brief: the as-of day or the model's today


class Document(QObject):
    """The open data and what is shown of it; one rebuild per change of the view state."""

    modelChanged = Signal()
    """Another file, or a new version of it: `full_model` was replaced."""
    modelAboutToShow = Signal(object)
    """The model about to be shown (work that needs only the model can start meanwhile)."""
    rowsChosen = Signal(object, object)
    """(model, bool per event): the shown events, as soon as known, before lanes are laid out."""
    contentChanged = Signal(bool)
    """`model` and `content` were rebuilt; True when the data are new (fit the view to them)."""
    windowChanged = Signal(float, float)
    selectionChanged = Signal(object)
    """The selected event's index in `model`, or None."""
    changesChanged = Signal()
    findChanged = Signal(str)

    def __init__(self, state: ViewState | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state if state is not None else ViewState()
        self.full_model: EventModel | None = None
        self.model: EventModel | None = None
        self.content: Content | None = None
        self.changes = ChangeView()
        self._depth = 0
        self._dirty: set[str] = set()
        self._dates_followed: tuple = (None, None)
        self._ahead: Content | None = None  # laid out by the loader for a new model
        self._fresh = True  # the next model shown is new data: fit the view to it
        events = self.state.events
        events.filters.connect(self._on_filters)
        events.layout.connect(lambda *_: self._touch("content"))
        events.as_of.connect(lambda *_: self._touch("model"))
        events.changes_since.connect(lambda *_: self._touch("changes"))
        events.window.connect(lambda *_: self._touch("window"))
        events.selected.connect(lambda *_: self._touch("selection"))
        events.find.connect(lambda *_: self._touch("find"))

    # -- the data ---------------------------------------------------------------------------------

    def set_model(self, model: EventModel, content: Content | None = None, keep: bool = False):
        """Show `model` (a file opened or reloaded); `content` is what the loader laid out
        for the current view, taken when it matches. `keep`: a new version of the same file:
        the selection stays when the event is still there, and the time window stays."""
        self.full_model = model.base or model
        with self.batch():
            if (
                not keep
                or self.state.selected is None
                or (self.full_model.index_of(self.state.selected) is None)
            ):
                self.state.selected = None
            self._ahead = content
            self._fresh = not keep
            self._dirty |= {"model", "data"}

    def set_filters(self, filters) -> None:
        """Filters edited in a panel: names matched to the data's spelling, then taken."""
        self.state.filters = normalise(self.model, filters) if self.model is not None else filters

    @property
    def selected_index(self) -> int | None:
        selected = self.state.selected
        return None if selected is None or self.model is None else self.model.index_of(selected)

    def select_index(self, event: int | None) -> None:
        """Select an event of the shown model by its index (None: nothing)."""
        self.state.selected = None if event is None else str(self.model.events["id"].iat[event])

    # -- rebuilding -------------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Changes made inside are shown together, after the last, with one rebuild."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth:
                self._flush()

    def _touch(self, what: str) -> None:
        self._dirty.add(what)
        if not self._depth:
            self._flush()

    def _on_filters(self, *_args) -> None:
        with self.batch():
            self._dirty.add("content")
            self._follow_dates()

    def _follow_dates(self) -> None:
        """A new date window in the filters brings the timeline to it (other filter changes
        keep the analyst's zoom)."""
        f = self.state.filters
        dates = (f.date_from, f.date_to)
        if dates == self._dates_followed:
            return
        self._dates_followed = dates
        if dates == (None, None):
            return
        self._dirty.add("follow")

    def _flush(self) -> None:
        """Show what changed; changes made by listeners meanwhile come round again."""
        self._depth += 1
        try:
            while self._dirty:
                dirty, self._dirty = self._dirty, set()
                self._show(dirty)
        finally:
            self._depth -= 1

    def _show(self, dirty: set[str]) -> None:
        if self.full_model is None:
            if "find" in dirty:
                self.findChanged.emit(self.state.find)
            return
        # New data fit the view, unless a window comes with them (a view taken back): that
        # window is shown after the content, whatever the content's views did meanwhile.
        window = self.state.window if "window" in dirty else None
        fresh = "data" in dirty and self._fresh and window is None
        if "data" in dirty:
            self.modelChanged.emit()
        if "model" in dirty:
            self.model = known_on(self.full_model, self.state.as_of)
        if dirty & {"model", "content"}:
            self._rebuild(fresh)
        if "follow" in dirty and "window" not in dirty:  # (a window given wins)
            self._bring_dates_into_view()
        if dirty & {"model", "content", "changes"}:
            self._update_changes()
        if window is not None:
            self.state.set_window(*window)
            self.windowChanged.emit(*window)
        if dirty & {"model", "content", "selection"}:
            self.selectionChanged.emit(self.selected_index)
        if dirty & {"model", "content", "find"}:
            self.findChanged.emit(self.state.find)

    def _rebuild(self, fresh: bool) -> None:
        model, state = self.model, self.state
        self.modelAboutToShow.emit(model)
        ahead, self._ahead = self._ahead, None
        if (
            ahead is not None
            and ahead.model is model
            and ahead.filters == state.filters
            and ahead.options == state.layout
        ):
            self.content = ahead
            self.rowsChosen.emit(model, ahead.selection.events)
        else:
            self.content = make_content(
                model,
                state.filters,
                state.layout,
                selected=lambda s: self.rowsChosen.emit(model, s.events),
            )
        self.contentChanged.emit(fresh)

    def _bring_dates_into_view(self) -> None:
        f = self.state.filters
        span = self.content.span() if self.content is not None else None
        if span is None:
            return
        lo = f.date_from if f.date_from is not None else span[0]
        hi = f.date_to if f.date_to is not None else span[1]
        if hi > lo:
            pad = (hi - lo) * 0.04
            self.state.set_window(lo - pad, hi + pad)

    def _update_changes(self) -> None:
        """Badges and the brief for the shown events, since the state's day."""
        model, since = self.model, self.state.changes_since
        reference = model.as_of if model.as_of is not None else day_start(model.today)
        view = ChangeView(since=since, reference=reference)
        if since is not None:
            shown = self.content.selection.events
            view.kinds = change_kinds(model, since)
            view.brief = changes_since(model, since, shown, CHANGES_LISTED, view.kinds)
            view.counts = (
                int((shown & (view.kinds == NEW)).sum()),
                int((shown & (view.kinds == CHANGED)).sum()),
            )
        self.changes = view
        self.changesChanged.emit()
