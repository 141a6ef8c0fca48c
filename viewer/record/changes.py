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

from viewer.record import dates as D
from viewer.record.derived import PerModel
from viewer.record.model import EventModel, latest_rows

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
    row_code, event_code, first = _CODES(model)
    reported = model.rows["reported_at"].to_numpy(dtype=float)
    later = np.zeros(len(first), dtype=bool)
    later[row_code[reported >= cutoff]] = True
    is_new = first[event_code] >= cutoff
    kinds[is_new] = NEW
    kinds[~is_new & later[event_code]] = CHANGED
    return kinds


def _codes(model: EventModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row and per event, a code of its id; per code, the first report. Cached on the model:
    the brief is asked again at every step of play."""
    row_code, uniques = pd.factorize(model.rows["id"].to_numpy(dtype=object))
    event_code = pd.Index(uniques).get_indexer(model.events["id"].to_numpy(dtype=object))
    first = np.full(len(uniques), np.inf)
    np.minimum.at(first, row_code, model.rows["reported_at"].to_numpy(dtype=float))
    return row_code, event_code, first


_CODES: PerModel[tuple[np.ndarray, np.ndarray, np.ndarray]] = PerModel(_codes)


def changes_since(
    model: EventModel,
    since: float | None,
    shown: np.ndarray | None = None,
    limit: int | None = None,
    kinds: np.ndarray | None = None,
) -> list[Change]:
    """The brief: every new or changed event (of those `shown`), latest report first; the
    first `limit` only when given. `kinds` saves recomputing change_kinds."""
    kinds = change_kinds(model, since) if kinds is None else kinds
    keep = kinds != UNCHANGED
    if shown is not None:
        keep &= shown
    changed = np.flatnonzero(keep)
    if not len(changed):
        return []
    reported_all = model.events["reported_at"].to_numpy(dtype=float)
    changed = changed[np.lexsort((changed, -reported_all[changed]))][:limit]
    before = latest_rows(model.rows, _cutoff(since) - 1.0)
    ev = model.events
    ids = ev["id"].to_numpy(dtype=object)[changed]
    was = pd.Series(before["status"].to_numpy(dtype=object), index=before["id"].to_numpy())
    was = was.reindex(ids).fillna("").to_numpy(dtype=object)
    kind = kinds[changed]
    was = np.where(kind == CHANGED, was, "")
    now = ev["status"].to_numpy(dtype=object)[changed]
    reported = reported_all[changed]
    out = [
        Change(int(e), int(k), float(r), str(b), str(a))
        for e, k, r, b, a in zip(changed, kind, reported, was, now, strict=True)
    ]
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
