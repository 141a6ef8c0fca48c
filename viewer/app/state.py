"""ViewState: what the user is looking at, as one plain object with one signal per change.

Filters, time window, selection, lane options, the "as known on" day and the "changes since"
day. Setters emit only when the value really changes, so views can write back into the state
without feedback loops; `to_dict`/`from_dict` make a saved view (`time_dict` holds the two days
until then).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from viewer.record.as_of import day_start, iso, parse_as_of
from viewer.shown.content import LayoutOptions
from viewer.shown.filters import Filters


class ViewState(QObject):
    filtersChanged = Signal()
    windowChanged = Signal(float, float)
    selectionChanged = Signal(object)  # event id (str) or None
    layoutChanged = Signal()
    asOfChanged = Signal(object)  # day (POSIX seconds, start of the day) or None
    changesSinceChanged = Signal(object)  # day or None

    def __init__(self) -> None:
        super().__init__()
        self._filters = Filters()
        self._window: tuple[float, float] | None = None
        self._selected: str | None = None
        self._layout = LayoutOptions()
        self._as_of: float | None = None
        self._changes_since: float | None = None

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> None:
        if filters != self._filters:
            self._filters = filters
            self.filtersChanged.emit()

    @property
    def window(self) -> tuple[float, float] | None:
        return self._window

    def set_window(self, t0: float, t1: float) -> None:
        if (
            self._window is None
            or abs(self._window[0] - t0) > 1e-3
            or abs(self._window[1] - t1) > 1e-3
        ):
            self._window = (t0, t1)
            self.windowChanged.emit(t0, t1)

    @property
    def selected(self) -> str | None:
        return self._selected

    def select(self, event_id: str | None) -> None:
        if event_id != self._selected:
            self._selected = event_id
            self.selectionChanged.emit(event_id)

    @property
    def layout(self) -> LayoutOptions:
        return self._layout

    def set_layout(self, options: LayoutOptions) -> None:
        if options != self._layout:
            self._layout = options
            self.layoutChanged.emit()

    def toggle_collapsed(self, group: str) -> None:
        collapsed = set(self._layout.collapsed)
        collapsed ^= {group}
        self.set_layout(
            LayoutOptions(self._layout.order, frozenset(collapsed), self._layout.keep_empty)
        )

    # -- time as known -----------------------------------------------------------------------

    @property
    def as_of(self) -> float | None:
        """Show the record as known at the end of this day (None: everything reported)."""
        return self._as_of

    def set_as_of(self, day: float | None) -> None:
        day = None if day is None else day_start(day)
        if day != self._as_of:
            self._as_of = day
            self.asOfChanged.emit(day)

    @property
    def changes_since(self) -> float | None:
        """Badge events first reported or changed after this day (None: no badges)."""
        return self._changes_since

    def set_changes_since(self, day: float | None) -> None:
        day = None if day is None else day_start(day)
        if day != self._changes_since:
            self._changes_since = day
            self.changesSinceChanged.emit(day)

    def time_dict(self) -> dict:
        """The as-of and changes-since days for a saved view (ISO dates or None)."""
        return {
            "as_of": None if self._as_of is None else iso(self._as_of),
            "changes_since": None if self._changes_since is None else iso(self._changes_since),
        }

    def apply_time_dict(self, data: dict) -> None:
        """Restore `time_dict()` values; a bad date raises ValueError naming it."""
        for key, setter in (("as_of", self.set_as_of), ("changes_since", self.set_changes_since)):
            value = data.get(key)
            if value in (None, ""):
                setter(None)
            elif isinstance(value, str):
                setter(parse_as_of(value))
            else:
                raise ValueError(f"{key}: expected a date like 2026-01-20, got {value!r}")

    # -- saved views ---------------------------------------------------------------------------

    def saved_view(self, find: str = ""):
        """What a view file holds (viewer/views.py): everything but the data."""
        from viewer.shown.views import SavedView

        return SavedView(
            filters=self._filters,
            window=self._window,
            layout=self._layout,
            selected=self._selected,
            find=find,
            as_of=self._as_of,
            changes_since=self._changes_since,
        )

    def to_dict(self, find: str = "") -> dict:
        return self.saved_view(find).to_dict()

    def apply_view(self, view) -> None:
        """Take on a saved view: days first (they choose the model), then filters and lanes,
        then the window and the selection, which depend on what is shown."""
        self.set_as_of(view.as_of)
        self.set_changes_since(view.changes_since)
        self.set_filters(view.filters)
        self.set_layout(view.layout)
        if view.window is not None:
            self.set_window(*view.window)
        self.select(view.selected)

    def from_dict(self, data: dict) -> None:
        """Apply a view dict; a bad one raises ValueError and changes nothing."""
        from viewer.shown.views import SavedView

        self.apply_view(SavedView.from_dict(data))
