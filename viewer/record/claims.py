"""What the analyst should doubt: overdue expectations, disputed claims and related events. No Qt.

Worked out once per model (and per "today") from whole columns, then cached on the model, so the
timeline, the table, the detail pane and the exports all flag the same events.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from viewer.record import columns as C
from viewer.record import dates as D
from viewer.record.derived import PerModel
from viewer.record.model import EventModel
from viewer.record.schema import DISPUTES

EXPECTED = "expected"
DISPUTED = "disputed"
NOT_CONFIRMED = "expected, not confirmed"


@dataclass
class Claims:
    """Flags per event (bool arrays, one per event) and the relations between events."""

    overdue: np.ndarray  # `expected`, and its date has passed with no later report
    disputes: np.ndarray  # names another event with `disputes:ID`
    disputed: np.ndarray  # status `disputed`, or named by another event's `disputes:`
    pair_a: np.ndarray  # int64 event index naming ...
    pair_b: np.ndarray  # int64 ... this event in `related`
    pair_dispute: np.ndarray  # bool: the link is `disputes:`
    today: float

    @property
    def contested(self) -> np.ndarray:
        """Either side of a dispute: these carry the warning mark."""
        return self.disputes | self.disputed

    def partners(self, event: int) -> tuple[np.ndarray, np.ndarray]:
        """Events linked to `event` either way, and whether each link is a dispute."""
        out = self.pair_a == event
        inn = self.pair_b == event
        return (
            np.concatenate([self.pair_b[out], self.pair_a[inn]]),
            np.concatenate([self.pair_dispute[out], self.pair_dispute[inn]]),
        )


def latest_possible(model: EventModel) -> np.ndarray:
    """The end of each event's date interval, widened by the margin of an approximate date."""
    ev = model.events
    stop = ev["stop"].to_numpy(dtype=float)
    approx = ev["precision"].to_numpy() == D.APPROX
    return np.where(approx, stop + D.APPROX_MARGIN, stop)


def claims_of(model: EventModel) -> Claims:
    """The model's flags and links, computed on first use and kept until `today` changes."""
    claims = _CLAIMS(model)
    if claims.today != model.today:
        claims = _CLAIMS.put(model, _work_out(model))
    return claims


def _work_out(model: EventModel) -> Claims:
    ev = model.events
    n = len(ev)
    status = C.arrow(ev["status"]) if n else pa.array([], pa.string())
    expected = pc.equal(status, EXPECTED).to_numpy(zero_copy_only=False)
    overdue = expected & (latest_possible(model) <= model.today)
    a, b, dispute = _pairs(ev)
    disputes = np.zeros(n, dtype=bool)
    disputed = pc.equal(status, DISPUTED).to_numpy(zero_copy_only=False).copy()
    disputes[a[dispute]] = True
    disputed[b[dispute]] = True
    return Claims(overdue, disputes, disputed, a, b, dispute, model.today)


_CLAIMS: PerModel[Claims] = PerModel(_work_out)
"""Each model's claims, as worked out for its `today`."""


def _pairs(ev: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, dispute) for every `related` item of event a that names an event b of the model."""
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool))
    if not len(ev):
        return empty
    # Whole columns in Arrow (no Python string per event): a million rows take a blink.
    a, items = C.split_cells(ev["related"])
    if not len(a):
        return empty
    dispute = pc.starts_with(pc.utf8_lower(items), DISPUTES)
    named = pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(items, len(DISPUTES)))
    target = pc.if_else(dispute, named, items)
    # Probe the (many) ids against the (few) distinct targets.
    wanted = pc.unique(target)
    hit = C.positions_in(C.arrow(ev["id"]), wanted)
    row_of = np.full(len(wanted), -1, dtype=np.int64)
    found = np.flatnonzero(hit >= 0)
    row_of[hit[found]] = found
    b = row_of[C.positions_in(target, wanted)]
    dispute = dispute.to_numpy(zero_copy_only=False)
    keep = (b >= 0) & (b != a)
    return a[keep], b[keep].astype(np.int64), dispute[keep]
