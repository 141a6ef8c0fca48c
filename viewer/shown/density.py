"""Level of detail: which rows draw marks and which draw binned counts, and what a bin holds.

No Qt here. A frame asks `plan_frame` which rows of the view have more marks than can be told
apart (they show density: counts per few-pixel column) and which draw their marks; the counts
are kept with the frame, so the pointer finds the bin under it in constant time and the tooltip
names its count and first titles without touching the other rows. The cost of a frame depends
on the pixels in view, never on the number of events off screen.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np

from viewer.record import background
from viewer.shown.mark_index import MarkIndex

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

    def levels(self) -> np.ndarray:
        """The shade (0 empty, 1..SHADES) of every bin, as `shades` gives for the non-empty
        ones: the whole array at once, for drawing it as an image."""
        if not self.counts.size:
            return np.zeros(self.counts.shape, dtype=np.intp)
        top = max(float(self.counts.max()), 2.0**SHADES)
        level = np.ceil(SHADES * np.log1p(self.counts) / np.log1p(top))
        return np.minimum(level, SHADES).astype(np.intp)

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
    sub_rows: np.ndarray | None = None,
    hidden: np.ndarray | None = None,
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """Split the rows in view into (row, a, b) entry ranges drawn as marks and as density.

    A row stacked into sub-rows (`sub_rows`: per row) holds that many times the marks; one
    whose marks in view are mostly stacked past its sub-rows (`hidden`: a bool per entry)
    shows density instead of a row of "+N" badges."""
    spans = [(r, *index.window(r, t0, t1)) for r in rows]
    limit = max(8, int(width_px / MARK_SPACING_PX))
    room = np.full(max(rows.stop, 1), limit) if sub_rows is None else limit * sub_rows

    def readable(r: int, a: int, b: int) -> bool:
        if b - a > room[r]:
            return False
        return hidden is None or 2 * int(np.count_nonzero(hidden[a:b])) <= b - a

    marks, dense = [], []
    for r, a, b in spans:
        if b > a:
            (marks if readable(r, a, b) else dense).append((r, a, b))
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
    time grid (built once per index, a finer one when zoomed in), so a frame costs about the
    same at a million events as at a thousand; other rows count their marks in view directly.
    """
    n_bins = int(max(1.0, px1 - px0) / bin_px) + 1
    counts = np.zeros((len(dense), n_bins), dtype=np.int32)
    edges = (px0 + np.arange(n_bins + 1) * bin_px - dx) / sx  # bin edges in seconds
    lengths = np.array([b - a for _r, a, b in dense], dtype=np.int64)
    crowded = lengths > HISTOGRAM_FACTOR * n_bins
    grid = running_totals(index, edges[1] - edges[0]) if use_totals and crowded.any() else None
    if grid is not None:
        # All crowded rows at once, from the running totals.
        rows = np.array([r for r, _a, _b in dense], dtype=np.int64)[crowded]
        counts[crowded] = grid.counts(rows, edges)
    else:
        crowded[:] = False
    # Counted mark by mark: long rows one by one (slices of the index, no copy), the many
    # short ones together in one pass.
    one_by_one = ~crowded & (lengths > BATCH_ROW)
    for i in np.flatnonzero(one_by_one):
        _r, a, b = dense[i]
        counts[i] = _count_marks(index.x0[a:b], index.x1[a:b], None, 1, sx, dx, px0, bin_px, n_bins)
    batch = np.flatnonzero(~crowded & ~one_by_one & (lengths > 0))
    if len(batch):
        spans = [dense[i] for i in batch]
        x0 = np.concatenate([index.x0[a:b] for _r, a, b in spans])
        x1 = np.concatenate([index.x1[a:b] for _r, a, b in spans])
        which = np.repeat(np.arange(len(spans), dtype=np.int64), lengths[batch])
        counts[batch] = _count_marks(x0, x1, which, len(spans), sx, dx, px0, bin_px, n_bins)
    rows = np.array([r for r, _a, _b in dense], dtype=np.int32)
    return DensityFrame(rows, counts, px0, bin_px, (1.0 / sx, -dx / sx))


HISTOGRAM_FACTOR = 0.25
"""Running totals are used for a row with more marks in view than a quarter of the bins
(reading two totals per bin is cheaper than binning that many marks) ..."""
GRID_PER_BIN = 3
"""... when a bin spans at least this many grid steps (the grid's rounding stays a fraction of
a bin); otherwise the marks in view are counted one by one."""
GRID_STEPS = 12288
"""At most this many steps in the first grid over the index's whole span ..."""
FINE_FACTOR = 8
"""... and this many times more in the finer one, built when the view is zoomed in past it."""
MIN_STEPS = 1024
"""At least this many steps in the first grid ..."""
CELLS_PER_MARK = 3
"""... otherwise about this many cells (rows x steps) per mark: a grid much finer than its
marks are dense costs more to build (on every filter change) than counting the marks."""
GRID_CELLS = 4_000_000
"""At most this many cells per grid array: many lanes get coarser grids."""
BATCH_ROW = 4096
"""Rows with more marks in view than this are counted one by one, the others together."""


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


def running_totals(index: MarkIndex, bin_seconds: float | None = None) -> RunningTotals | None:
    """Running totals of the index fine enough for bins of `bin_seconds` (None: the first
    grid), or None when no grid is fine enough. Built on first use, kept with the index."""
    coarse = _grid(index, 0)
    if bin_seconds is None or coarse is None or bin_seconds >= GRID_PER_BIN * coarse.step:
        return coarse
    if _steps(index, 1) < 2 * _steps(index, 0):
        return None  # a finer grid would not be worth its memory: count marks directly
    fine = _grid(index, 1)
    if fine is not None and bin_seconds >= GRID_PER_BIN * fine.step:
        return fine
    return None


def _steps(index: MarkIndex, level: int) -> int:
    """Grid steps of a level, bounded by the marks it sums up (CELLS_PER_MARK) and by memory
    (GRID_CELLS): it costs time and memory only where there are marks enough to need it."""
    rows = max(1, index.n_rows)
    per_row = CELLS_PER_MARK * len(index) // rows
    if level == 0:
        steps = min(GRID_STEPS, max(MIN_STEPS, per_row))
    else:
        steps = min(GRID_STEPS * FINE_FACTOR, per_row)
    return max(64, min(steps, GRID_CELLS // rows - 3))


PREFETCH_ENTRIES = 250_000
"""Indexes this large start their first grid on a second core as soon as they are built
(below, the grid takes a few ms, less than the memory a second thread's heap holds on to)."""
_last: tuple[Future, ...] | None = None


def prefetch(index: MarkIndex) -> None:
    """Start the first grid of a large index in the background (numpy releases the GIL): a
    filter change then builds it while the window updates its panels, not in the paint. Its
    two halves (starts, ends) go to the two workers. A grid still waiting for a worker is
    dropped: quick filter changes never queue up."""
    global _last
    if len(index) < PREFETCH_ENTRIES or ("running_totals", 0) in index.cache:
        return
    if _last is not None:
        for job in _last:
            job.cancel()  # (its index, if ever painted, builds the grid itself)
    plan = _grid_plan(index, 0)
    if plan is None:
        return
    _last = tuple(background.submit(_running, index, plan, x) for x in (index.x0, index.x1))
    index.cache[("pending", 0)] = (plan, _last)


def _grid(index: MarkIndex, level: int) -> RunningTotals | None:
    key = ("running_totals", level)
    if key in index.cache:
        return index.cache[key]
    pending = index.cache.pop(("pending", level), None)
    if pending is not None and not any(job.cancelled() for job in pending[1]):
        plan, (starts, ends) = pending
        totals = RunningTotals(plan.t0, plan.step, starts.result(), ends.result())
    else:
        totals = _build_grid(index, level)
    index.cache[key] = totals
    return totals


@dataclass(frozen=True)
class _GridPlan:
    t0: float
    step: float
    n: int  # grid steps over the span (each row has n + 1 edges)
    rows: int


def _grid_plan(index: MarkIndex, level: int) -> _GridPlan | None:
    """Where a grid of the index's span (level 0, or finer) starts, its step and size."""
    if not len(index.x0) or not index.n_rows:
        return None
    t0 = float(min(index.x0.min(), index.x1.min()))
    t1 = float(max(index.x0.max(), index.x1.max()))
    step = max((t1 - t0) / _steps(index, level), 3600.0 / FINE_FACTOR**level)
    return _GridPlan(t0, step, int((t1 - t0) / step) + 2, index.n_rows)


def _build_grid(index: MarkIndex, level: int) -> RunningTotals | None:
    """Running totals of every row on a grid of the index's span (level 0, or finer)."""
    plan = _grid_plan(index, level)
    if plan is None:
        return None
    return RunningTotals(
        plan.t0, plan.step, _running(index, plan, index.x0), _running(index, plan, index.x1)
    )


def _running(index: MarkIndex, plan: _GridPlan, x: np.ndarray) -> np.ndarray:
    """Per row, how many of the entries' times `x` fall before each edge of the grid.

    Each entry's bin, as row * (n + 1) + grid step, is worked out in place in one float
    array (this runs on every filter change at a million entries)."""
    n = plan.n
    j = x - plan.t0
    j *= 1.0 / plan.step
    j += 1.0
    np.minimum(j, n, out=j)
    j += index.row * float(n + 1)
    hist = np.bincount(j.astype(np.intp), minlength=plan.rows * (n + 1))
    return np.cumsum(hist.reshape(plan.rows, n + 1), axis=1, dtype=np.int32)


def _count_marks(
    x0: np.ndarray,
    x1: np.ndarray,
    which: np.ndarray | None,
    n_rows: int,
    sx: float,
    dx: float,
    px0: float,
    bin_px: float,
    n_bins: int,
) -> np.ndarray:
    """Counts per bin of marks (x0, x1) of `n_rows` rows, `which` giving each mark's row
    (None: all in one row); a period counts in every bin it crosses."""
    p0 = sx * x0 + dx
    p1 = sx * np.maximum(x1, x0) + dx
    inside = (p1 >= px0) & (p0 < px0 + n_bins * bin_px)  # not the margin around the view
    lo = _bin(p0[inside], px0, bin_px, n_bins)
    hi = _bin(p1[inside], px0, bin_px, n_bins)
    width = n_bins + 1
    base = 0 if which is None else which[inside] * width
    flat = np.bincount(base + lo, minlength=n_rows * width)
    long = hi > lo
    if long.any():
        # Each period adds one from its first bin after `lo` to `hi`, as a running sum of +1/-1.
        at = base if which is None else base[long]
        diff = np.bincount(at + lo[long] + 1, minlength=n_rows * width)
        diff -= np.bincount(at + hi[long] + 1, minlength=n_rows * width)
        flat += np.cumsum(diff.reshape(n_rows, width), axis=1).ravel()
    return flat.reshape(n_rows, width)[:, :n_bins]


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
