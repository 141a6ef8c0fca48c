"""Visible marks sorted by row and start, with the lookups a frame needs. No Qt here.

Built once per change of data, filters or layout (never per frame); a frame asks which marks of a
row fall in the window, and the mouse asks which mark is under it, both by binary search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from viewer.record.model import EventModel
from viewer.shown.layout import LaneLayout
from viewer.shown.mark_looks import APPROX, POINT, MarkLooks, mark_looks, running_count


@dataclass
class MarkIndex:
    entry_mark: np.ndarray  # index into model.marks
    row: np.ndarray  # int32 row of each entry
    x0: np.ndarray  # float64 start
    x1: np.ndarray  # float64 end (== x0 for points)
    event: np.ndarray  # int32 event index
    kind: np.ndarray  # int8 POINT / PERIOD / SPAN / APPROX
    regulator: np.ndarray  # int32 regulator code
    status: np.ndarray  # int16 status code
    row_ptr: np.ndarray  # entries of row r are [row_ptr[r], row_ptr[r+1])
    end_max: np.ndarray  # running max of x1 within each row
    open_end: np.ndarray | None = None  # bool: an `ongoing` period, drawn to today, open-ended
    lists: np.ndarray | None = None  # int32 regulator list code; None when nobody acts jointly
    cache: dict = field(default_factory=dict, repr=False)
    """What views derive from the index once (density's running totals)."""

    def __len__(self) -> int:
        return len(self.x0)

    @property
    def n_rows(self) -> int:
        return len(self.row_ptr) - 1

    def window(self, row: int, t0: float, t1: float) -> tuple[int, int]:
        """Entries of `row` that may overlap [t0, t1]: a contiguous range [a, b)."""
        lo, hi = int(self.row_ptr[row]), int(self.row_ptr[row + 1])
        if lo == hi:
            return lo, lo
        b = lo + int(np.searchsorted(self.x0[lo:hi], t1, side="right"))
        a = lo + int(np.searchsorted(self.end_max[lo:hi], t0, side="left"))
        return a, max(a, b)

    def in_window(self, t0: float, t1: float) -> np.ndarray:
        """Entries with a mark in [t0, t1] (a period crossing it too), by row: one binary
        search per row, no sort."""
        spans = [self.window(r, t0, t1) for r in range(self.n_rows)]
        ranges = [np.arange(a, b) for a, b in spans if b > a]
        if not ranges:
            return np.zeros(0, dtype=np.int64)
        e = np.concatenate(ranges)
        return e[(self.x0[e] <= t1) & (np.maximum(self.x1[e], self.x0[e]) >= t0)]

    def hit(
        self,
        row: int,
        t: float,
        tolerance: float,
        among: Callable[[int, int], np.ndarray] | None = None,
    ) -> int:
        """The entry under time `t` in `row` (points within `tolerance` seconds), or -1.

        Points win over bars; among points the nearest; among bars the one starting last.
        `among(a, b)`, a bool per entry of [a, b), limits the answer to some entries (one
        sub-row's): worked out for the few entries near `t` only.
        """
        if not 0 <= row < self.n_rows:
            return -1
        a, b = self.window(row, t - tolerance, t + tolerance)
        if a >= b:
            return -1
        x0, x1, kind = self.x0[a:b], self.x1[a:b], self.kind[a:b]
        pointy = (kind == POINT) | (kind == APPROX)
        eligible = None if among is None else among(a, b)
        if eligible is not None:
            pointy = pointy & eligible
        dist = np.abs(x0 - t)
        near = pointy & (dist <= tolerance)
        if near.any():
            cand = np.flatnonzero(near)
            return a + int(cand[np.argmin(dist[cand])])
        inside = ~pointy & (x0 - tolerance <= t) & (t <= x1 + tolerance)
        if eligible is not None:
            inside &= eligible
        if inside.any():
            return a + int(np.flatnonzero(inside)[-1])
        return -1

    def entries_of_event(self, event: int) -> np.ndarray:
        return np.flatnonzero(self.event == event)


def _row_order(
    model: EventModel, layout: LaneLayout, looks: MarkLooks
) -> tuple[np.ndarray, np.ndarray] | None:
    """Every mark position in row order (lane blocks laid end to end) and each row's length,
    or None when the model's marks are not sorted by lane and start."""
    if not looks.sorted:
        return None
    nt = len(model.tracks)
    parts = []
    for r in layout.rows:
        if r.track >= 0:
            lanes = [r.company * nt + r.track]
        else:  # a folded company: all its lanes in one row, by start
            lanes = [r.company * nt + t for t in range(nt) if layout.lane_row[r.company, t] >= 0]
        ranges = [np.arange(looks.lane_ptr[ln], looks.lane_ptr[ln + 1]) for ln in lanes]
        block = np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)
        if len(lanes) > 1:
            block = block[np.argsort(model.marks.start[block], kind="stable")]
        parts.append(block)
    lengths = np.array([len(b) for b in parts], dtype=np.int64)
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)), lengths


def build_index(model: EventModel, layout: LaneLayout, mark_mask: np.ndarray) -> MarkIndex:
    """Index the shown marks of a layout: a selection of the model's marks, no sort needed."""
    marks = model.marks
    looks = mark_looks(model)
    blocks = _row_order(model, layout, looks) if len(marks) else None
    if blocks is not None:
        order, lengths = blocks
        if mark_mask.all():  # (no filter: every mark of every row)
            keep, kept = order, lengths
        else:
            shown = mark_mask[order]
            keep = order[shown]
            ends = np.cumsum(lengths)
            running = running_count(shown)
            kept = running[ends] - running[ends - lengths]
        row = np.repeat(np.arange(len(lengths), dtype=np.int32), kept)
    else:
        rows = layout.mark_rows(model)
        keep = (
            np.flatnonzero(mark_mask & (rows >= 0)) if len(marks) else np.zeros(0, dtype=np.int64)
        )
        row = rows[keep].astype(np.int32)
        by = np.lexsort((marks.start[keep], row))
        keep, row = keep[by], row[by]
    x0 = marks.start[keep]
    x1 = looks.x1[keep]
    n_rows = len(layout.rows)
    row_ptr = np.searchsorted(row, np.arange(n_rows + 1), side="left").astype(np.int64)
    end_max = np.empty(len(x1))
    for r in range(n_rows):
        a, b = row_ptr[r], row_ptr[r + 1]
        if b > a:
            np.maximum.accumulate(x1[a:b], out=end_max[a:b])
    return MarkIndex(
        entry_mark=keep,
        row=row,
        x0=x0,
        x1=x1,
        event=looks.event[keep],
        kind=looks.kind[keep],
        regulator=looks.regulator[keep],
        status=looks.status[keep],
        row_ptr=row_ptr,
        end_max=end_max,
        open_end=looks.open_end[keep],
        lists=None if looks.lists is None else looks.lists[keep],
    )
