"""Stacking: which events of a row go into which sub-row at a zoom, so every mark and its
label have room of their own. No Qt here.

Greedy by start, as vis-timeline and TimelineJS stack: each mark takes the first sub-row of its
row where the marks before it, with their labels, have ended. A row grows to hold its sub-rows,
up to a cap; past it, its last sub-row carries "+N" badges for the marks stacked beyond.

The stacking depends on the zoom only through a quantised level of seconds per pixel (rounded
up: the room kept for a label is never less than it needs), and on a row's marks, never on the
time window in view: panning at one zoom moves nothing up or down; zooming may re-stack.
A stacking is kept with the mark index per level, so zooming back costs nothing.

Rows too crowded to stack at a level (on average, more of their marks with their labels in a
view's width, or more of their periods at once, than their sub-rows hold) keep one sub-row and
show density where crowded; so do rows past the budget of marks one stacking may place
(smallest rows first), which keeps a zoom step cheap at a million events. A burst of events
in an otherwise quiet row stacks, its excess counted by "+N".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from viewer.shown.mark_index import MarkIndex
from viewer.shown.mark_looks import APPROX, APPROX_WHISKER, PERIOD, SPAN

SUB_ROWS = 6
"""At most this many sub-rows per row in the window (the last one for "+N" when it overflows)."""
LEVEL_STEP = math.sqrt(2.0)
"""Zoom levels: seconds per pixel in steps of this factor."""
BUDGET = 30_000
"""At most this many marks are stacked per level; the smallest rows are stacked first."""
VIEW_PX = 1600.0
"""The view width a row's load is judged for (the window's usual width, a snapshot's)."""
LABEL_MAX_PX = 360.0
"""A title never takes more room than this (its tooltip has the whole of it)."""


@dataclass(frozen=True)
class Room:
    """The pixels a mark takes besides its time span: its symbol, the gap before its label and
    the gap after it. The Qt layer knows the sizes; stacking and label placement share them."""

    symbol_px: float = 13.0
    label_gap_px: float = 4.0
    gap_px: float = 8.0
    open_end_px: float = 10.0  # the arrow after an ongoing period


def zoom_level(seconds_per_px: float) -> int:
    """The level of a zoom: the smallest level whose seconds per pixel are at least as many."""
    if not seconds_per_px > 0 or not math.isfinite(seconds_per_px):
        return 0
    return math.ceil(math.log(seconds_per_px) / math.log(LEVEL_STEP) - 1e-9)


def level_seconds(level: int) -> float:
    """Seconds per pixel at a level."""
    return LEVEL_STEP**level


@dataclass
class Stacking:
    """Sub-rows of one index at one level: per entry its sub-row, per row its height.

    y runs in sub-rows: row r covers [tops[r], tops[r + 1]); an entry's centre is
    tops[row] + slot + 0.5.
    """

    level: int | None  # None: compact rows (one sub-row each, nothing stacked)
    row: np.ndarray  # the index's row of each entry (shared, not copied)
    slot: np.ndarray  # int8 sub-row of each entry within its row
    hidden: np.ndarray  # bool per entry: past the cap, counted by its row's "+N" badges
    heights: np.ndarray  # int32 sub-rows per row
    overflow: np.ndarray  # bool per row: its last sub-row holds "+N" badges

    def __post_init__(self) -> None:
        self.tops = np.zeros(len(self.heights) + 1)
        np.cumsum(self.heights, out=self.tops[1:])

    @property
    def total(self) -> float:
        """Height of every row together, in sub-rows."""
        return float(self.tops[-1])

    @property
    def n_rows(self) -> int:
        return len(self.heights)

    def centre(self, entries: np.ndarray) -> np.ndarray:
        """y of the middle of each entry's sub-row."""
        return self.tops[self.row[entries]] + self.slot[entries] + 0.5

    def row_at(self, y: float) -> int:
        """The row at height y, or -1 above or below every row."""
        if not 0 <= y < self.total:
            return -1
        return int(np.searchsorted(self.tops, y, side="right")) - 1

    def sub_row_at(self, row: int, y: float) -> int:
        return math.floor(y - self.tops[row])

    def badge_line(self, row: int) -> float:
        """y of the middle of a row's "+N" line (its last sub-row)."""
        return float(self.tops[row + 1]) - 0.5

    def rows_between(self, y0: float, y1: float) -> tuple[int, int]:
        """First and last row that show between heights y0 and y1 (last < first: none)."""
        n = self.n_rows
        if not n:
            return 0, -1
        r0 = max(0, int(np.searchsorted(self.tops, y0, side="right")) - 1)
        r1 = min(n - 1, int(np.searchsorted(self.tops, y1, side="left")) - 1)
        return r0, r1


def compact(index: MarkIndex, level: int | None = None) -> Stacking:
    """One sub-row per row, every mark in it: the rows as they are without stacking.

    Its per-mark arrays are zeros kept with the index and shared (never written): a zoom
    level where nothing stacks costs no memory per mark."""
    zeros = index.cache.get("stacking_zeros")
    if zeros is None or len(zeros[0]) != len(index):
        zeros = index.cache["stacking_zeros"] = (
            np.zeros(len(index), dtype=np.int8),
            np.zeros(len(index), dtype=bool),
        )
    for array in zeros:
        array.flags.writeable = False
    rows = index.n_rows
    return Stacking(
        level, index.row, *zeros, np.ones(rows, dtype=np.int32), np.zeros(rows, dtype=bool)
    )


def flattened(stacking: Stacking, rows: np.ndarray) -> Stacking:
    """The stacking with some rows back to one sub-row (a picture's rows that show density:
    it never pans, so they need not keep their height)."""
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows) or not (stacking.heights[rows] > 1).any():
        return stacking
    flat = np.zeros(stacking.n_rows, dtype=bool)
    flat[rows] = True
    mine = flat[stacking.row]
    heights = stacking.heights.copy()
    heights[rows] = 1
    overflow = stacking.overflow & ~flat
    return Stacking(
        stacking.level,
        stacking.row,
        np.where(mine, 0, stacking.slot).astype(np.int8),
        stacking.hidden & ~mine,
        heights,
        overflow,
    )


def extents(
    index: MarkIndex,
    entries: np.ndarray,
    label_px: np.ndarray,
    seconds_per_px: float,
    room: Room = Room(),
    right_edge: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The time each entry takes with its label, as (left, right) in seconds at a zoom.

    A point takes its symbol and, after a gap, its label; an approximate date its whisker; a
    month or year its band, or its symbol (in the middle) and label when they reach further;
    a period its bar, and its label beside the bar when the label does not fit inside it.
    `label_px` is each entry's label width (with its badges and note) in pixels; 0: no label.
    With a `right_edge` (a picture's end, which never pans), a label that would run past it
    goes on the left of its mark.
    """
    s = seconds_per_px
    kind = index.kind[entries]
    x0, x1 = index.x0[entries], index.x1[entries]
    half = room.symbol_px / 2
    text = np.where(label_px > 0, room.label_gap_px + label_px, 0.0)
    left = x0 - (half + 1) * s
    right = x0 + (half + text + room.gap_px) * s
    approx = kind == APPROX
    if approx.any():
        w = np.maximum(APPROX_WHISKER, (half + 1) * s)
        left = np.where(approx, x0 - w, left)
        right = np.where(approx, x0 + w + (text + room.gap_px) * s, right)
    span = kind == SPAN
    if span.any():
        middle = (x0 + x1) / 2
        left = np.where(span, np.minimum(x0, left), left)
        right = np.where(span, np.maximum(x1 + room.gap_px * s, right + (middle - x0)), right)
    period = kind == PERIOD
    beside = text > 0
    if period.any():
        inside = (x1 - x0) / s >= label_px + 2 * room.label_gap_px
        beside = beside & ~(period & inside)
        after = np.where(inside, 0.0, text) + room.gap_px
        if index.open_end is not None:
            after = after + np.where(index.open_end[entries], room.open_end_px, 0.0)
        left = np.where(period, x0 - s, left)
        right = np.where(period, x1 + after * s, right)
    if right_edge is not None:
        flip = (right > right_edge) & beside
        if flip.any():
            # The label before the mark instead of after it.
            moved = np.where(flip, text * s, 0.0)
            left = left - moved
            right = np.where(span, np.maximum(right - moved, x1 + room.gap_px * s), right - moved)
    return left, right


ASSUMED_LABEL_PX = 160.0
"""How wide a label is taken to be when judging whether a row is too crowded to stack (the
titles themselves are measured only for the rows stacked)."""


@dataclass
class RowLoad:
    """Per row, what its load at any zoom is worked out from (once per index): its marks,
    their total duration, and the time they spread over."""

    n: np.ndarray
    seconds: np.ndarray
    spread: np.ndarray
    mark_px: float  # pixels a mark takes besides its duration: symbol, gaps, label

    def occupancy(self, seconds_per_px: float) -> np.ndarray:
        """About how many sub-rows the row needs at a zoom: the marks of a view's width (on
        average over its span) in rows of VIEW_PX / mark_px each, or its periods running at
        once, whichever is more."""
        spread = np.maximum(self.spread, 1.0)
        in_view = self.n * np.minimum(1.0, VIEW_PX * seconds_per_px / spread)
        marks = in_view * self.mark_px / VIEW_PX
        return np.where(self.n > 1, np.maximum(marks, self.seconds / spread), 1.0)


def row_load(index: MarkIndex, room: Room = Room()) -> RowLoad:
    """The load of every row of an index."""
    ptr = index.row_ptr
    n = np.diff(ptr)
    rows = index.n_rows
    seconds = np.zeros(rows)
    spread = np.zeros(rows)
    filled = np.flatnonzero(n)
    if len(filled) and len(index):
        starts = ptr[:-1][filled]
        seconds[filled] = np.add.reduceat(np.maximum(index.x1 - index.x0, 0.0), starts)
        last = ptr[1:][filled] - 1
        spread[filled] = index.end_max[last] - index.x0[starts]
    mark_px = room.symbol_px + room.gap_px + room.label_gap_px + ASSUMED_LABEL_PX
    return RowLoad(n, seconds, spread, mark_px)


def stackable_rows(
    load: RowLoad, seconds_per_px: float, cap: int | np.ndarray = SUB_ROWS, budget: int = BUDGET
) -> np.ndarray:
    """Rows stacked at a zoom: not too crowded for their cap (one for all rows, or one per
    row), smallest first, within the budget of marks."""
    ok = (load.n > 1) & (load.occupancy(seconds_per_px) <= np.asarray(cap))
    rows = np.flatnonzero(ok)
    rows = rows[np.argsort(load.n[rows], kind="stable")]
    within = np.cumsum(load.n[rows]) <= budget
    keep = np.zeros(len(load.n), dtype=bool)
    keep[rows[within]] = True
    return keep


OPEN_SUB_ROWS = 60
"""A row opened to its full height (a click on its "+N") may grow to this many sub-rows."""


def stack(
    index: MarkIndex,
    seconds_per_px: float,
    label_px: Callable[[np.ndarray], np.ndarray],
    cap: int = SUB_ROWS,
    room: Room = Room(),
    budget: int = BUDGET,
    load: RowLoad | None = None,
    right_edge: float | None = None,
    opened: np.ndarray | None = None,
) -> Stacking:
    """Stack the rows of an index at the level of a zoom. `label_px(entries)` gives the width
    of those entries' labels (with badges and notes) in pixels: asked only for the entries of
    the rows stacked. `right_edge`: see `extents` (pictures only: it depends on the window).
    `opened`: a bool per row, the rows opened to their full height (OPEN_SUB_ROWS)."""
    level = zoom_level(seconds_per_px)
    # A picture (with its right edge) is stacked at its own zoom: it never pans nor zooms.
    s = level_seconds(level) if right_edge is None else seconds_per_px
    out = compact(index, level)
    if load is None:
        load = row_load(index, room)
    caps = np.full(index.n_rows, cap, dtype=np.int32)
    if opened is not None:
        caps[opened] = max(cap, OPEN_SUB_ROWS)
    rows = np.flatnonzero(stackable_rows(load, s, caps, budget))
    if not len(rows) or cap < 2:
        return out
    out.slot, out.hidden = out.slot.copy(), out.hidden.copy()  # (some rows stack: its own)
    ptr = index.row_ptr
    lengths = ptr[rows + 1] - ptr[rows]
    entries = np.concatenate([np.arange(ptr[r], ptr[r + 1]) for r in rows])
    left, right = extents(index, entries, label_px(entries), s, room, right_edge)
    # Rows laid end to end, far apart, so one greedy pass stacks them all without one row's
    # marks ever meeting another's.
    which = np.repeat(np.arange(len(rows)), lengths)
    base = float(left.min())
    stride = float(right.max()) - base + 1.0
    left = left - base + which * stride
    right = right - base + which * stride
    order = np.argsort(left, kind="stable")
    row_cap = caps[rows]
    slot = _first_fit(left[order], right[order], row_cap[which[order]])
    slots = np.empty(len(entries), dtype=np.int8)
    slots[order] = slot
    beyond = slots < 0
    over = np.zeros(len(rows), dtype=bool)
    if beyond.any():
        over[np.unique(which[beyond])] = True
        # An overflowing row keeps its last sub-row for the badges: what was there goes too.
        last = row_cap[which] - 1
        beyond |= over[which] & (slots >= last)
        slots[beyond] = last[beyond]
    out.slot[entries] = slots
    out.hidden[entries] = beyond
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    heights = np.maximum.reduceat(slots, starts).astype(np.int32) + 1
    out.heights[rows] = np.where(over, row_cap, heights)
    out.overflow[rows] = over
    out.__post_init__()
    return out


def _first_fit(left: np.ndarray, right: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Sub-row of each interval (sorted by left), -1 past its cap (one per interval): the
    first sub-row whose last interval has ended.

    Sub-row by sub-row: sub-row k takes the first interval left, then the first to start after
    it ends, and so on: the chain `next[i]` (one binary search for all) walks. This is the same
    as giving each interval in turn the first free sub-row, but costs one pass per sub-row;
    intervals whose cap is reached drop out of the passes.
    """
    n = len(left)
    slot = np.full(n, -1, dtype=np.int8)
    remaining = np.arange(n)
    for k in range(int(cap.max()) if n else 0):
        if not len(remaining):
            break
        lo, hi = left[remaining], right[remaining]
        following = np.searchsorted(lo, hi, side="left").tolist()
        chain = []
        i, m = 0, len(remaining)
        while i < m:
            chain.append(i)
            i = following[i]
        taken = np.asarray(chain, dtype=np.int64)
        slot[remaining[taken]] = k
        keep = np.ones(m, dtype=bool)
        keep[taken] = False
        remaining = remaining[keep & (cap[remaining] > k + 1)]
    return slot
