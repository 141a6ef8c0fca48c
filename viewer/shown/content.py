"""What the timeline shows for a model and a view: filtered marks, lane layout, index. No Qt.

The window and the exports both build a Content, so a snapshot shows exactly what the screen does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from viewer.record.model import EventModel
from viewer.shown import density
from viewer.shown.filters import Filters, Selection, apply
from viewer.shown.layout import LaneLayout, compute_layout
from viewer.shown.mark_index import MarkIndex, build_index

DAY = 86400.0
MIN_WINDOW = 2 * DAY
"""The narrowest time window the timeline shows."""


@dataclass(frozen=True)
class LayoutOptions:
    order: str = "count"
    collapsed: frozenset[str] = field(default_factory=frozenset)
    keep_empty: bool = False


@dataclass
class Content:
    model: EventModel
    filters: Filters
    options: LayoutOptions
    selection: Selection
    layout: LaneLayout
    index: MarkIndex

    def span(self) -> tuple[float, float] | None:
        """Time span of what is shown (falls back to the whole model when nothing is)."""
        idx = self.index
        if len(idx):
            return float(idx.x0.min()), float(max(idx.x1.max(), idx.x0.max()))
        return self.model.span()

    def fit_window(self) -> tuple[float, float] | None:
        """The time window that shows every shown event, with a small margin: more on the
        right, where the latest events' titles go."""
        span = self.span()
        if not span:
            return None
        lo, hi = span
        width = max(hi - lo, MIN_WINDOW)
        return lo - width * 0.03 - DAY, hi + width * 0.12 + DAY

    def without_empty_rows(self, window: tuple[float, float]) -> Content:
        """The same content with only the rows that have a mark in the time window, in the
        same order (a snapshot leaves out rows it would draw empty)."""
        idx = self.index
        keep = np.unique(idx.row[idx.in_window(*window)]).tolist()
        if len(keep) == idx.n_rows:
            return self
        layout = self.layout.only(keep)
        index = build_index(self.model, layout, self.selection.marks)
        return Content(self.model, self.filters, self.options, self.selection, layout, index)


def make_content(
    model: EventModel,
    filters: Filters = Filters(),
    options: LayoutOptions = LayoutOptions(),
    selected: Callable[[Selection], None] | None = None,
) -> Content:
    """`selected`, when given, is told the selection as soon as it is known, before the lanes
    are laid out and indexed: work that needs only the selection can start on another core."""
    selection = apply(model, filters)
    if selected is not None:
        selected(selection)
    layout = compute_layout(
        model, selection.marks, options.order, options.collapsed, options.keep_empty
    )
    index = build_index(model, layout, selection.marks)
    density.prefetch(index)
    return Content(model, filters, options, selection, layout, index)
