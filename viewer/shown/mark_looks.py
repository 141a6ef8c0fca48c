"""What each mark looks like, worked out once per model: its lane, kind and end. No Qt here.

The lane layout counts marks per lane from these, and the mark index gathers them for the shown
marks, so a filter change only selects and gathers, never recomputes or sorts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.record import dates as D
from viewer.record.derived import PerModel
from viewer.record.model import EventModel

POINT, PERIOD, SPAN, APPROX = 0, 1, 2, 3
"""Mark kinds: a dated point, a period with an end date, an imprecise date drawn across its
interval (month, quarter, year), and an approximate date drawn with a whisker."""

APPROX_WHISKER = D.APPROX_MARGIN


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
    lists: np.ndarray | None = None
    """int32 regulator list per mark, when some event names several bodies (None: none does)."""


def running_count(mask: np.ndarray) -> np.ndarray:
    """How many of mask[:k] are set, for k = 0..len(mask): counts over any range are two
    lookups. int32, written in place (no second copy to prepend the 0)."""
    running = np.empty(len(mask) + 1, dtype=np.int32)
    running[0] = 0
    np.cumsum(mask, dtype=np.int32, out=running[1:])
    return running


_KINDS = np.array([POINT, SPAN, APPROX, SPAN, PERIOD, PERIOD, PERIOD, PERIOD], dtype=np.int8)
"""Mark kind by (has an end) * 4 + (approximate) * 2 + (spans over a day)."""


def _looks(model: EventModel) -> MarkLooks:
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
        lists=None
        if model.regulator_lists.single
        else ev["regulator_list"].to_numpy()[event].astype(np.int32),
    )
    return looks


mark_looks: PerModel[MarkLooks] = PerModel(_looks)
"""Each mark's look, worked out once per model."""
