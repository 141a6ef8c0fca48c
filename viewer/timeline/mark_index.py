"""Visible marks sorted by row and start, with the lookups a frame needs. No Qt here.

Built once per change of data, filters or layout (never per frame); a frame asks which marks of a
row fall in the window, and the mouse asks which mark is under it, both by binary search.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer import dates as D
from viewer.layout import LaneLayout
from viewer.model import EventModel

POINT, PERIOD, SPAN, APPROX = 0, 1, 2, 3
"""Mark kinds: a dated point, a period with an end date, an imprecise date drawn across its
interval (month, quarter, year), and an approximate date drawn with a whisker."""

APPROX_WHISKER = D.APPROX_MARGIN


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

    def hit(self, row: int, t: float, tolerance: float) -> int:
        """The entry under time `t` in `row` (points within `tolerance` seconds), or -1.

        Points win over bars; among points the nearest; among bars the one starting last.
        """
        if not 0 <= row < self.n_rows:
            return -1
        a, b = self.window(row, t - tolerance, t + tolerance)
        if a >= b:
            return -1
        x0, x1, kind = self.x0[a:b], self.x1[a:b], self.kind[a:b]
        pointy = (kind == POINT) | (kind == APPROX)
        dist = np.abs(x0 - t)
        near = pointy & (dist <= tolerance)
        if near.any():
            cand = np.flatnonzero(near)
            return a + int(cand[np.argmin(dist[cand])])
        inside = ~pointy & (x0 - tolerance <= t) & (t <= x1 + tolerance)
        if inside.any():
            return a + int(np.flatnonzero(inside)[-1])
        return -1

    def entries_of_event(self, event: int) -> np.ndarray:
        return np.flatnonzero(self.event == event)

    def events_in_row_order(self) -> np.ndarray:
        return self.event


def build_index(model: EventModel, layout: LaneLayout, mark_mask: np.ndarray) -> MarkIndex:
    """Index the shown marks of a layout."""
    marks = model.marks
    rows = layout.mark_rows(model)
    keep = np.flatnonzero(mark_mask & (rows >= 0)) if len(marks) else np.zeros(0, dtype=np.int64)
    row = rows[keep].astype(np.int32)
    x0 = marks.start[keep]
    order = np.lexsort((x0, row))
    keep, row, x0 = keep[order], row[order], x0[order]
    x1 = marks.end[keep]
    event = marks.event[keep]
    ev = model.events
    # An ongoing period runs to the model's today (the as-of day for a derived model).
    open_end = ev["ongoing"].to_numpy(dtype=bool)[event]
    x1 = np.where(open_end, np.maximum(x0, model.today), x1)
    prec = ev["precision"].to_numpy()[event]
    has_end = np.isfinite(ev["end_stop"].to_numpy()[event]) | ev["ongoing"].to_numpy()[event]
    span = (x1 - x0) > D.SECONDS_PER_DAY * 1.01
    kind = np.where(
        has_end,
        PERIOD,
        np.where(prec == D.APPROX, np.where(span, SPAN, APPROX), np.where(span, SPAN, POINT)),
    ).astype(np.int8)
    x1 = np.where(kind == POINT, x0, x1)
    x1 = np.where(kind == APPROX, x0, x1)
    n_rows = len(layout.rows)
    row_ptr = np.searchsorted(row, np.arange(n_rows + 1), side="left").astype(np.int64)
    if len(x0):
        base = float(min(x0.min(), x1.min()))
        big = float(max(x1.max(), x0.max()) - base + 1.0)
        shifted = (x1 - base) + row.astype(np.float64) * big
        end_max = np.maximum.accumulate(shifted) - row.astype(np.float64) * big + base
    else:
        end_max = np.zeros(0)
    return MarkIndex(
        entry_mark=keep,
        row=row,
        x0=x0,
        x1=x1,
        event=event,
        kind=kind,
        regulator=ev["regulator_code"].to_numpy()[event].astype(np.int32),
        status=ev["status_code"].to_numpy()[event].astype(np.int16),
        row_ptr=row_ptr,
        end_max=end_max,
        open_end=open_end,
    )
