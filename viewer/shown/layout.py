"""Lane layout: which (company, track) rows are shown, in which order, at which height.

Pure numpy over the marks: the timeline, its labels and the exports share one layout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.record.model import EventModel
from viewer.record.vocab import ALL_COMPANIES

GROUP_ORDERS = ("count", "name", "first")


@dataclass(frozen=True)
class Row:
    company: int  # code into model.companies
    track: int  # code into model.tracks; -1 for a collapsed group's single row
    y: float  # top of the row in lane units (row height 1)


@dataclass(frozen=True)
class Group:
    company: int
    name: str
    first_row: int
    n_rows: int
    count: int
    collapsed: bool


@dataclass
class LaneLayout:
    rows: list[Row]
    groups: list[Group]
    lane_row: np.ndarray  # [n_companies, n_tracks] -> row index, -1 when not shown

    @property
    def height(self) -> float:
        return float(len(self.rows))

    def mark_rows(self, model: EventModel) -> np.ndarray:
        """Row index of every mark (-1 when its lane is not shown)."""
        if not len(model.marks):
            return np.zeros(0, dtype=np.int32)
        return self.lane_row[model.marks.company, model.marks.track]


def _lane_counts(model: EventModel, mark_mask: np.ndarray, keep_empty: bool):
    """Shown marks per (company, track), all marks per lane, first shown start per company.

    The model's marks run lane by lane, by start: counts are differences of one running sum
    and a lane's first shown mark is found by binary search, so nothing is sorted or gathered.
    """
    from viewer.shown.mark_looks import mark_looks, running_count

    nc, nt = len(model.companies), len(model.tracks)
    marks = model.marks
    looks = mark_looks(model)
    first = np.full(nc, np.inf)
    if not looks.sorted:
        lane = looks.lane
        visible = np.bincount(lane[mark_mask], minlength=nc * nt).reshape(nc, nt)
        present = np.bincount(lane, minlength=nc * nt).reshape(nc, nt) if keep_empty else visible
        if mark_mask.any():
            np.minimum.at(first, marks.company[mark_mask], marks.start[mark_mask])
        return visible, present, first
    ptr = looks.lane_ptr
    running = running_count(mark_mask)
    visible = (running[ptr[1:]] - running[ptr[:-1]]).reshape(nc, nt)
    present = np.diff(ptr).reshape(nc, nt) if keep_empty else visible
    lanes = np.flatnonzero(visible.ravel())
    if len(lanes):
        # Index of the first shown mark of each lane: where the running sum first passes
        # its value at the lane's start.
        at = np.searchsorted(running, running[ptr[lanes]] + 1, side="left") - 1
        np.minimum.at(first, lanes // nt, marks.start[at])
    return visible, present, first


def compute_layout(
    model: EventModel,
    mark_mask: np.ndarray,
    order: str = "count",
    collapsed: frozenset[str] = frozenset(),
    keep_empty: bool = False,
) -> LaneLayout:
    """Groups with visible marks (All companies first), one row per track that has marks."""
    nc, nt = len(model.companies), len(model.tracks)
    visible, present, first = _lane_counts(model, mark_mask, keep_empty)
    counts = visible.sum(axis=1)
    candidates = [c for c in range(nc) if present[c].sum() > 0]
    if order == "name":
        key = lambda c: model.companies[c].lower()  # noqa: E731
    elif order == "first":
        key = lambda c: (first[c], model.companies[c].lower())  # noqa: E731
    else:
        rank = counts
        if model.base is not None and len(model.base.marks):
            # As known on a day: the full record's order, so lanes stay put while days change.
            rank = np.bincount(model.base.marks.company, minlength=nc)[:nc]
        key = lambda c: (-rank[c], model.companies[c].lower())  # noqa: E731
    ordered = sorted(candidates, key=key)
    if ALL_COMPANIES in model.companies:
        all_code = model.companies.index(ALL_COMPANIES)
        if all_code in ordered:
            ordered.remove(all_code)
            ordered.insert(0, all_code)
    rows: list[Row] = []
    groups: list[Group] = []
    lane_row = np.full((nc, nt), -1, dtype=np.int32)
    for c in ordered:
        name = model.companies[c]
        tracks = [t for t in range(nt) if present[c, t] > 0]
        is_collapsed = name in collapsed
        first_row = len(rows)
        if is_collapsed:
            lane_row[c, tracks] = len(rows)
            rows.append(Row(c, -1, float(len(rows))))
        else:
            for t in tracks:
                lane_row[c, t] = len(rows)
                rows.append(Row(c, t, float(len(rows))))
        groups.append(
            Group(c, name, first_row, len(rows) - first_row, int(counts[c]), is_collapsed)
        )
    return LaneLayout(rows=rows, groups=groups, lane_row=lane_row)
