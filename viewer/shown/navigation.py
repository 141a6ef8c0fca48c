"""Keyboard navigation and search results over what the timeline shows. No Qt here.

Positions are entries of the MarkIndex (one per shown mark, sorted by row then start), so moving
within a lane is a step in a sorted array, moving overall is a step in the shown events sorted by
date, and moving to the neighbouring lane picks the mark nearest in time. All binary searches:
nothing here loops over events.
"""

from __future__ import annotations

import numpy as np

from viewer.record.derived import PerModel
from viewer.shown.content import Content
from viewer.shown.search_text import matches


def date_order(content: Content) -> np.ndarray:
    """Shown events by start, then by their order in the table (ties stay stable).

    The model's order is sorted once and kept; each filter only picks the shown ones from it.
    """
    order = _date_rank(content.model)[0]
    return order[content.selection.events[order]]


def first_entry(content: Content, event: int, row: int | None = None) -> int:
    """The event's entry in `row` when it has one there, else its earliest entry; -1 if none."""
    idx = content.index
    ents = idx.entries_of_event(event)
    if not len(ents):
        return -1
    if row is not None:
        here = ents[idx.row[ents] == row]
        if len(here):
            return int(here[0])
    return int(ents[np.argmin(idx.x0[ents])])


def _rank_by_date(model) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(model.events["start"].to_numpy(), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return order, rank


_date_rank: PerModel[tuple[np.ndarray, np.ndarray]] = PerModel(_rank_by_date)
"""All events sorted by start (stable) and each event's place in that order: once per model."""
_FOUND: PerModel[dict[str, np.ndarray]] = PerModel(lambda model: {})
"""The last words searched and their matches (a filter change keeps the words)."""


def step_overall(content: Content, event: int | None, step: int) -> int | None:
    """The next (step 1) or previous (-1) shown event in date order; from nothing, the first or
    the last. Stops at the ends rather than wrapping, so holding the key is safe.

    Walks the model's date order outwards from the event in growing chunks, so a step costs
    about as much as the events it passes over, not the whole table."""
    order, rank = _date_rank(content.model)
    shown = content.selection.events
    n = len(order)
    start = -1 if step > 0 else n
    p = start if event is None else int(rank[event])
    chunk = 256
    while True:
        if step > 0:
            lo, hi = p + 1, min(n, p + 1 + chunk)
            if lo >= n:
                return event
            hits = np.flatnonzero(shown[order[lo:hi]])
            if len(hits):
                return int(order[lo + hits[0]])
            p = hi - 1
        else:
            lo, hi = max(0, p - chunk), p
            if hi <= 0:
                return event
            hits = np.flatnonzero(shown[order[lo:hi]])
            if len(hits):
                return int(order[lo + hits[-1]])
            p = lo
        chunk *= 2


def step_in_lane(content: Content, entry: int, step: int) -> int:
    """The next or previous entry in the same row (lane), in time; stays at the ends."""
    idx = content.index
    if not 0 <= entry < len(idx):
        return entry
    row = int(idx.row[entry])
    lo, hi = int(idx.row_ptr[row]), int(idx.row_ptr[row + 1])
    return min(max(entry + step, lo), hi - 1)


def neighbour_row(content: Content, entry: int, step: int) -> int:
    """The entry nearest in time in the next row up (-1) or down (1) that has marks."""
    idx = content.index
    if not 0 <= entry < len(idx):
        return entry
    row = int(idx.row[entry]) + step
    t = float(idx.x0[entry])
    while 0 <= row < idx.n_rows:
        lo, hi = int(idx.row_ptr[row]), int(idx.row_ptr[row + 1])
        if hi > lo:
            k = lo + int(np.searchsorted(idx.x0[lo:hi], t))
            candidates = [j for j in (k - 1, k) if lo <= j < hi]
            return min(candidates, key=lambda j: abs(float(idx.x0[j]) - t))
        row += step
    return entry


def search_hits(content: Content, text: str) -> np.ndarray:
    """Shown events whose searchable text holds every word, in date order."""
    if not text.strip() or not len(content.model):
        return np.zeros(0, dtype=np.int64)
    cache = _FOUND(content.model)
    matched = cache.get(text)
    if matched is None:  # (a filter change keeps the words: match them once per model)
        cache.clear()
        matched = cache[text] = matches(content.model, text)
    matched = matched & content.selection.events
    order = date_order(content)
    return order[matched[order]]


def next_hit(hits: np.ndarray, content: Content, current: int | None, step: int) -> int | None:
    """The search result after (or before) the selected event, wrapping round the ends."""
    if not len(hits):
        return None
    where = np.flatnonzero(hits == current) if current is not None else np.zeros(0)
    if len(where):
        return int(hits[(int(where[0]) + step) % len(hits)])
    if current is None:
        return int(hits[0] if step > 0 else hits[-1])
    # The selection is not a result: the first result after it in time (or before it).
    start = content.model.events["start"].to_numpy()
    t = start[current]
    k = int(np.searchsorted(start[hits], t, side="right"))
    return int(hits[k % len(hits)] if step > 0 else hits[(k - 1) % len(hits)])


def window_showing(a: float, b: float, window: tuple[float, float]) -> tuple[float, float] | None:
    """The time window that brings a mark spanning [a, b] into view (None: it is in view):
    the zoom is kept, unless the mark is too long for it, which then fits with a margin."""
    t0, t1 = window
    width = t1 - t0
    margin = width * 0.08
    if a >= t0 + margin and b <= t1 - margin:
        return None
    if b - a > width * 0.8:
        pad = (b - a) * 0.1 + 86400
        return a - pad, b + pad
    c = (a + b) / 2
    return c - width / 2, c + width / 2
