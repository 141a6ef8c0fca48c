"""Visible marks sorted by row and start, with the lookups a frame needs. No Qt here.

Built once per change of data, filters or layout (never per frame); a frame asks which marks of a
row fall in the window, and the mouse asks which mark is under it, both by binary search.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class MarkLooks:
    """Per mark (in the model's mark order): what an index entry needs, worked out once per
    model so that a filter change only selects and gathers, never recomputes or sorts."""

    lane: np.ndarray  # int64 company * n_tracks + track
    lane_ptr: np.ndarray  # marks of lane l are [lane_ptr[l], lane_ptr[l + 1]) when sorted
    sorted: bool  # marks run by lane, then start (as the model builds them)
    x1: np.ndarray
    kind: np.ndarray
    event: np.ndarray
    regulator: np.ndarray
    status: np.ndarray
    open_end: np.ndarray


def running_count(mask: np.ndarray) -> np.ndarray:
    """How many of mask[:k] are set, for k = 0..len(mask): counts over any range are two
    lookups. int32, written in place (no second copy to prepend the 0)."""
    running = np.empty(len(mask) + 1, dtype=np.int32)
    running[0] = 0
    np.cumsum(mask, dtype=np.int32, out=running[1:])
    return running


_KINDS = np.array([POINT, SPAN, APPROX, SPAN, PERIOD, PERIOD, PERIOD, PERIOD], dtype=np.int8)
"""Mark kind by (has an end) * 4 + (approximate) * 2 + (spans over a day)."""


def mark_looks(model: EventModel) -> MarkLooks:
    cached = model._cache.get("mark_looks")
    if cached is not None:
        return cached
    marks = model.marks
    nt = len(model.tracks)
    lane = marks.company.astype(np.int64) * nt + marks.track
    n_lanes = len(model.companies) * nt
    by_lane = bool(np.all(lane[1:] >= lane[:-1])) if len(lane) > 1 else True
    start = marks.start
    by_start = by_lane and bool(np.all((start[1:] >= start[:-1]) | (lane[1:] != lane[:-1])))
    lane_ptr = np.searchsorted(lane, np.arange(n_lanes + 1), side="left") if by_lane else None
    x0 = marks.start
    event = marks.event
    ev = model.events
    # An ongoing period runs to the model's today (the as-of day for a derived model).
    open_end = ev["ongoing"].to_numpy(dtype=bool)[event]
    x1 = np.where(open_end, np.maximum(x0, model.today), marks.end)
    prec = ev["precision"].to_numpy()[event]
    has_end = np.isfinite(ev["end_stop"].to_numpy()[event]) | open_end
    span = (x1 - x0) > D.SECONDS_PER_DAY * 1.01
    # Kind from three flags through one lookup: (has an end, approximate, spans over a day).
    code = has_end.astype(np.int8) * 4
    code += (prec == D.APPROX).astype(np.int8) * 2
    code += span
    kind = _KINDS[code]
    x1 = np.where(has_end | span, x1, x0)  # points and approximate dates: at x0
    looks = MarkLooks(
        lane=lane,
        lane_ptr=lane_ptr,
        sorted=by_lane and by_start,
        x1=x1,
        kind=kind,
        event=event,
        regulator=ev["regulator_code"].to_numpy()[event].astype(np.int32),
        status=ev["status_code"].to_numpy()[event].astype(np.int16),
        open_end=open_end,
    )
    model._cache["mark_looks"] = looks
    return looks


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
    )
