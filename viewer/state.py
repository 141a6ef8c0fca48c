"""ViewState: what the user is looking at, as one plain object with one signal per change.

Filters, time window, selection, lane options. Setters emit only when the value really changes,
so views can write back into the state without feedback loops; `to_dict`/`from_dict` make a
saved view.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from viewer.content import LayoutOptions
from viewer.filters import Filters


class ViewState(QObject):
    filtersChanged = Signal()
    windowChanged = Signal(float, float)
    selectionChanged = Signal(object)  # event id (str) or None
    layoutChanged = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._filters = Filters()
        self._window: tuple[float, float] | None = None
        self._selected: str | None = None
        self._layout = LayoutOptions()

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
