"""What the analyst should doubt: overdue expectations, disputed claims and related events. No Qt.

Worked out once per model (and per "today") from whole columns, then cached on the model, so the
timeline, the table, the detail pane and the exports all flag the same events.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from viewer import dates as D
from viewer.model import DISPUTES, EventModel

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
    cached = model._cache.get("claims")
    if cached is not None and cached.today == model.today:
        return cached
    ev = model.events
    n = len(ev)
    status = ev["status"].to_numpy(dtype=object) if n else np.zeros(0, dtype=object)
    overdue = (status == EXPECTED) & (latest_possible(model) <= model.today)
    a, b, dispute = _pairs(ev)
    disputes = np.zeros(n, dtype=bool)
    disputed = status == DISPUTED
    disputes[a[dispute]] = True
    disputed[b[dispute]] = True
    claims = Claims(overdue, disputes, disputed, a, b, dispute, model.today)
    model._cache["claims"] = claims
    return claims


def _pairs(ev: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, dispute) for every `related` item of event a that names an event b of the model."""
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool))
    if not len(ev):
        return empty
    rel = pd.Series(ev["related"].to_numpy(dtype=object), dtype="object")
    has = (rel != "").to_numpy(dtype=bool)
    if not has.any():
        return empty
    items = rel[has].str.split(";").explode().str.strip()
    items = items[items.notna() & (items != "")]
    if not len(items):
        return empty
    dispute = items.str.lower().str.startswith(DISPUTES).to_numpy(dtype=bool)
    target = np.where(dispute, items.str[len(DISPUTES) :].str.strip(), items)
    b = pd.Index(ev["id"].to_numpy(dtype=object)).get_indexer(target)
    a = items.index.to_numpy(dtype=np.int64)
    keep = (b >= 0) & (b != a)
    return a[keep], b[keep].astype(np.int64), dispute[keep]


def flag_words(claims: Claims, event: int) -> list[str]:
    """Short words for an event's flags, for tooltips and the table."""
    words = []
    if claims.overdue[event]:
        words.append(NOT_CONFIRMED)
    if claims.disputes[event]:
        words.append("disputes another claim")
    if claims.disputed[event]:
        words.append("disputed")
    return words
