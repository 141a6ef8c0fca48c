"""Level of detail: which rows draw marks and which draw binned counts, and what a bin holds.

No Qt here. A frame asks `plan_frame` which rows of the view have more marks than can be told
apart (they show density: counts per few-pixel column) and which draw their marks; the counts
are kept with the frame, so the pointer finds the bin under it in constant time and the tooltip
names its count and first titles without touching the other rows. The cost of a frame depends
on the pixels in view, never on the number of events off screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.timeline.mark_index import MarkIndex

BIN_PX = 3.0
"""Width of a density bin in pixels."""
MARK_SPACING_PX = 32.0
"""A row with more marks in view than its width / this shows density: the marks would touch."""
FRAME_MARKS = 500
"""At most this many marks are drawn one by one in a frame; the densest rows go first to
density when a frame would hold more."""
SHADES = 8


@dataclass
class DensityFrame:
    """Counts of the dense rows of one frame, as drawn: bin k of row rows[i] is counts[i, k]."""

    rows: np.ndarray  # int32 row numbers, ascending
    counts: np.ndarray  # int32 [len(rows), n_bins]
    px0: float  # left edge of bin 0, in pixels
    bin_px: float
    t_of_px: tuple[float, float]  # seconds = a * px + b

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def n_bins(self) -> int:
        return self.counts.shape[1] if self.counts.ndim == 2 else 0

    def bin_at(self, row: int, px: float) -> int:
        """Bin under pixel x in `row`, or -1 when that row draws marks or the bin is empty."""
        i = int(np.searchsorted(self.rows, row))
        if i >= len(self.rows) or self.rows[i] != row:
            return -1
        k = int((px - self.px0) // self.bin_px)
        if not 0 <= k < self.n_bins or self.counts[i, k] == 0:
            return -1
        return k

    def count(self, row: int, k: int) -> int:
        i = int(np.searchsorted(self.rows, row))
        return int(self.counts[i, k])

    def bin_times(self, k: int) -> tuple[float, float]:
        """The time interval a bin covers."""
        a, b = self.t_of_px
        left = self.px0 + k * self.bin_px
        return a * left + b, a * (left + self.bin_px) + b

    def shades(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, bin, shade 1..SHADES) of every non-empty bin, on a log scale up to the
        fullest bin in view (or 2**SHADES, whichever is more), so a strip keeps its contrast
        at a thousand events and at a million."""
        ri, k = np.nonzero(self.counts)
        if not len(k):
            return self.rows[ri], k, np.zeros(0, dtype=np.int8)
        c = self.counts[ri, k].astype(np.float64)
        top = max(float(c.max()), 2.0**SHADES)
        level = np.ceil(SHADES * np.log1p(c) / np.log1p(top))
        return self.rows[ri], k, np.clip(level, 1, SHADES).astype(np.int8)


def plan_frame(
    index: MarkIndex,
    rows: range,
    t0: float,
    t1: float,
    width_px: float,
    budget: int = FRAME_MARKS,
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """Split the rows in view into (row, a, b) entry ranges drawn as marks and as density."""
    spans = [(r, *index.window(r, t0, t1)) for r in rows]
    limit = max(8, int(width_px / MARK_SPACING_PX))
    marks = [(r, a, b) for r, a, b in spans if 0 < b - a <= limit]
    dense = [(r, a, b) for r, a, b in spans if b - a > limit]
    total = sum(b - a for _, a, b in marks)
    if total > budget:
        marks.sort(key=lambda s: s[2] - s[1])
        while marks and total > budget:
            r, a, b = marks.pop()
            total -= b - a
            dense.append((r, a, b))
        marks.sort()
    dense.sort()
    return marks, dense


def bin_rows(
    index: MarkIndex,
    dense: list[tuple[int, int, int]],
    sx: float,
    dx: float,
    px0: float,
    px1: float,
    bin_px: float = BIN_PX,
    use_totals: bool = True,
) -> DensityFrame:
    """Count the marks of each dense row per pixel column (periods in every bin they cross).

    A row with many more marks in view than bins reads its counts from running totals on a
    fixed time grid (built once per index), so a frame costs the same at a million events as
    at a thousand; other rows count their marks in view directly.
    """
    n_bins = int(max(1.0, px1 - px0) / bin_px) + 1
    counts = np.zeros((len(dense), n_bins), dtype=np.int32)
    edges = (px0 + np.arange(n_bins + 1) * bin_px - dx) / sx  # bin edges in seconds
    crowded = np.array([b - a > HISTOGRAM_FACTOR * n_bins for _r, a, b in dense], dtype=bool)
    grid = running_totals(index) if use_totals and crowded.any() else None
    if grid is not None and (edges[1] - edges[0]) >= GRID_PER_BIN * grid.step:
        # All crowded rows at once, from the running totals.
        rows = np.array([r for r, _a, _b in dense], dtype=np.int64)[crowded]
        counts[crowded] = grid.counts(rows, edges)
    else:
        crowded[:] = False
    direct = np.flatnonzero(~crowded)
    if len(direct):
        counts[direct] = _count_marks(
            index, [dense[i] for i in direct], sx, dx, px0, bin_px, n_bins
        )
    rows = np.array([r for r, _a, _b in dense], dtype=np.int32)
    return DensityFrame(rows, counts, px0, bin_px, (1.0 / sx, -dx / sx))


HISTOGRAM_FACTOR = 1
"""Running totals are used for a row with more marks in view than bins ..."""
GRID_PER_BIN = 3
"""... when a bin spans at least this many grid steps (the grid's rounding stays a fraction of
a bin); otherwise the marks in view are counted one by one."""
GRID_STEPS = 12288


@dataclass
class RunningTotals:
    """Per row, how many marks start / end before each edge of a fixed time grid."""

    t0: float
    step: float
    starts: np.ndarray  # int32 [n_rows, n_steps + 1]: marks with x0 before edge j
    ends: np.ndarray  # int32 [n_rows, n_steps + 1]: marks with x1 before edge j

    def counts(self, rows, edges: np.ndarray) -> np.ndarray:
        """Marks of each row touching each interval [edges[k], edges[k + 1]): started before
        its end, not ended before its start. `rows` is a row or an array of rows."""
        j = np.clip(np.floor((edges - self.t0) / self.step), 0, self.starts.shape[1] - 1)
        j = j.astype(np.int64)
        r = np.asarray(rows)[..., None]
        return (self.starts[r, j[1:]] - self.ends[r, j[:-1]]).astype(np.int32)


def running_totals(index: MarkIndex) -> RunningTotals | None:
    """The index's running totals (built on first use, kept with the index)."""
    cached = index.cache.get("running_totals")
    if cached is not None or "running_totals" in index.cache:
        return cached
    totals = None
    if len(index.x0):
        t0 = float(min(index.x0.min(), index.x1.min()))
        t1 = float(max(index.x0.max(), index.x1.max()))
        step = max((t1 - t0) / GRID_STEPS, 3600.0)
        n = int((t1 - t0) / step) + 2
        rows = index.n_rows

        # Each entry's bin, as row * (n + 1) + grid step, worked out in place in one float
        # array (this runs on every filter change at a million entries).
        row_base = index.row * float(n + 1)

        def running(x: np.ndarray) -> np.ndarray:
            j = x - t0
            j *= 1.0 / step
            j += 1.0
            np.minimum(j, n, out=j)
            j += row_base
            hist = np.bincount(j.astype(np.intp), minlength=rows * (n + 1))
            return np.cumsum(hist.reshape(rows, n + 1), axis=1, dtype=np.int32)

        totals = RunningTotals(t0, step, running(index.x0), running(index.x1))
    index.cache["running_totals"] = totals
    return totals


def _count_marks(
    index: MarkIndex,
    spans: list[tuple[int, int, int]],
    sx: float,
    dx: float,
    px0: float,
    bin_px: float,
    n_bins: int,
) -> np.ndarray:
    """Counts per bin of the marks of several rows, one mark at a time, all rows in one pass
    (a frame may count dozens of rows this way: one set of array operations, not one per row).
    A period counts in every bin it crosses."""
    lengths = np.array([b - a for _r, a, b in spans], dtype=np.int64)
    starts = np.array([a for _r, a, _b in spans], dtype=np.int64)
    total = int(lengths.sum())
    out = np.zeros((len(spans), n_bins), dtype=np.int32)
    if not total:
        return out
    which = np.repeat(np.arange(len(spans), dtype=np.int64), lengths)
    ends = np.cumsum(lengths)
    entry = np.arange(total, dtype=np.int64) - np.repeat(ends - lengths - starts, lengths)
    x0 = index.x0[entry]
    p0 = sx * x0 + dx
    p1 = sx * np.maximum(index.x1[entry], x0) + dx
    inside = (p1 >= px0) & (p0 < px0 + n_bins * bin_px)  # not the margin around the view
    which = which[inside]
    lo = _bin(p0[inside], px0, bin_px, n_bins)
    hi = _bin(p1[inside], px0, bin_px, n_bins)
    width = n_bins + 1
    flat = np.bincount(which * width + lo, minlength=len(spans) * width)
    long = hi > lo
    if long.any():
        # Each period adds one from its first bin after `lo` to `hi`, as a running sum of +1/-1.
        diff = np.bincount(which[long] * width + lo[long] + 1, minlength=len(spans) * width)
        diff -= np.bincount(which[long] * width + hi[long] + 1, minlength=len(spans) * width)
        flat += np.cumsum(diff.reshape(len(spans), width), axis=1).ravel()
    out[:] = flat.reshape(len(spans), width)[:, :n_bins]
    return out


def _bin(px: np.ndarray, px0: float, bin_px: float, n_bins: int) -> np.ndarray:
    return np.clip((px - px0) // bin_px, 0, n_bins - 1).astype(np.int64)


def entries_in(index: MarkIndex, row: int, t0: float, t1: float, limit: int = 3) -> np.ndarray:
    """The first `limit` entries of `row` (by start) whose mark touches [t0, t1)."""
    a, b = index.window(row, t0, t1)
    if a >= b:
        return np.zeros(0, dtype=np.int64)
    out = []
    step = max(64, limit * 8)
    while a < b and len(out) < limit:
        c = min(b, a + step)
        x0, x1 = index.x0[a:c], index.x1[a:c]
        hit = np.flatnonzero((x0 < t1) & (np.maximum(x1, x0) >= t0))
        out.extend((a + hit[: limit - len(out)]).tolist())
        a = c
    return np.array(out, dtype=np.int64)


def zoom_window(t0: float, t1: float, count: int, view_width: float) -> tuple[float, float]:
    """The time window a click on a bin zooms to: the bin, widened so its marks can part.

    A bin of `count` marks needs about count * MARK_SPACING_PX pixels; the window shows the bin
    at that width (never narrower than the bin itself) centred where it was.
    """
    centre = (t0 + t1) / 2
    width_px = max(1.0, view_width)
    needed = min(width_px, max(40.0, count * MARK_SPACING_PX))
    span = (t1 - t0) * width_px / needed
    # (min/max: rounding in centre ± span/2 must not cut the bin's own edges)
    return min(t0, centre - span / 2), max(t1, centre + span / 2)
