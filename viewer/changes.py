"""What changed since a day: the weekly brief. No Qt here.

An event is *new* when its first report came after the day, *changed* when it was known by then
but a later row of its status history was reported after it. Works on any model, full or "as
known on" (whose rows stop at its as-of day), so "since 13 January as known on 30 January" is
simply the derived model asked about 13 January.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from viewer import dates as D
from viewer.model import EventModel, latest_rows

UNCHANGED, NEW, CHANGED = 0, 1, 2
WORDS = ("", "new", "changed")


@dataclass(frozen=True)
class Change:
    event: int  # index into model.events
    kind: int  # NEW or CHANGED
    reported_at: float  # when the latest report after the day came out
    before: str  # status known on the day ('' for a new event)
    after: str  # status now

    @property
    def word(self) -> str:
        return WORDS[self.kind]


def change_kinds(model: EventModel, since: float | None) -> np.ndarray:
    """UNCHANGED / NEW / CHANGED per event (int8) for reports after day `since`."""
    n = len(model.events)
    kinds = np.zeros(n, dtype=np.int8)
    if since is None or not n:
        return kinds
    cutoff = _cutoff(since)
    rows = model.rows
    ids = rows["id"].to_numpy(dtype=object)
    reported = rows["reported_at"].to_numpy(dtype=float)
    first = pd.Series(reported).groupby(ids).min()
    later = pd.Index(pd.unique(ids[reported >= cutoff]))
    ev_ids = model.events["id"].to_numpy(dtype=object)
    first_at = first.reindex(ev_ids).to_numpy(dtype=float)
    is_new = first_at >= cutoff
    is_changed = ~is_new & (later.get_indexer(ev_ids) >= 0)
    kinds[is_new] = NEW
    kinds[is_changed] = CHANGED
    return kinds


def changes_since(model: EventModel, since: float | None) -> list[Change]:
    """The brief: every new or changed event, latest report first."""
    kinds = change_kinds(model, since)
    changed = np.flatnonzero(kinds)
    if not len(changed):
        return []
    before = latest_rows(model.rows, _cutoff(since) - 1.0)
    ids, statuses = before["id"].to_numpy(dtype=object), before["status"].to_numpy(dtype=object)
    before_status = dict(zip(ids, statuses, strict=True))
    ev = model.events
    out = [
        Change(
            event=int(i),
            kind=int(kinds[i]),
            reported_at=float(ev["reported_at"].iat[i]),
            before=str(before_status.get(ev["id"].iat[i], "")) if kinds[i] == CHANGED else "",
            after=str(ev["status"].iat[i]),
        )
        for i in changed
    ]
    out.sort(key=lambda c: (-c.reported_at, c.event))
    return out


def describe(change: Change) -> str:
    """`new`, `changed: pending → conditional`, `changed (new report)`."""
    if change.kind == NEW:
        return "new"
    if change.before and change.before != change.after:
        return f"changed: {change.before} → {change.after}"
    return "changed (new report)"


def _cutoff(since: float) -> float:
    """Reports strictly after day `since` count: from the start of the next day."""
    return float(np.floor(since / D.SECONDS_PER_DAY) * D.SECONDS_PER_DAY) + D.SECONDS_PER_DAY
