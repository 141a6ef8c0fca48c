"""Which marks a connector joins: related and disputing events, as pairs of MarkIndex entries.

No Qt here. An event drawn in several company lanes links to its partner in the same lane when
the partner has one there, else to the partner's nearest row, so a four-company NDRC condition
joins each company's approval without a fan of crossing lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.claims import claims_of
from viewer.content import Content
from viewer.timeline.mark_index import SPAN

MAX_PAIRS = 50_000
"""Event pairs beyond this many are not linked (a table that relates everything to everything)."""


@dataclass
class Links:
    a: np.ndarray  # int64 entry of the event that names the other in `related`
    b: np.ndarray  # int64 entry of the named event
    dispute: np.ndarray  # bool: `disputes:`
    event_a: np.ndarray  # int64 event index of a
    event_b: np.ndarray  # int64 event index of b
    primary: np.ndarray  # bool: the one link per pair of events drawn when neither is focused

    def __len__(self) -> int:
        return len(self.a)

    def touching(self, events: np.ndarray | list[int]) -> np.ndarray:
        """bool per link: either end is one of `events`."""
        ev = np.asarray(list(events), dtype=np.int64)
        return np.isin(self.event_a, ev) | np.isin(self.event_b, ev)


def anchor_times(content: Content) -> np.ndarray:
    """The time where a connector meets each entry: a symbol's date, a band's middle, a
    period's start."""
    idx = content.index
    return np.where(idx.kind == SPAN, (idx.x0 + idx.x1) / 2, idx.x0)


def link_entries(content: Content) -> Links:
    """Pairs of shown entries to join, one per (entry of a, partner entry of b)."""
    idx = content.index
    claims = claims_of(content.model)
    pa_, pb_, pd_ = claims.pair_a, claims.pair_b, claims.pair_dispute
    empty = np.zeros(0, dtype=np.int64)
    if not len(idx) or not len(pa_):
        none = np.zeros(0, dtype=bool)
        return Links(empty, empty, none, empty, empty, none)
    order = np.argsort(idx.event, kind="stable")
    by_event = idx.event[order]
    company = content.model.marks.company[idx.entry_mark]
    rows = idx.row
    lo_a = np.searchsorted(by_event, pa_, "left")
    hi_a = np.searchsorted(by_event, pa_, "right")
    lo_b = np.searchsorted(by_event, pb_, "left")
    hi_b = np.searchsorted(by_event, pb_, "right")
    shown = np.flatnonzero((hi_a > lo_a) & (hi_b > lo_b))[:MAX_PAIRS]
    seen: dict[tuple[int, int], int] = {}
    best: dict[tuple[int, int], tuple[int, int]] = {}  # event pair -> (row distance, link)
    out_a, out_b, out_d = [], [], []
    for k in shown:
        ea = order[lo_a[k] : hi_a[k]]
        eb = order[lo_b[k] : hi_b[k]]
        pair = (min(int(pa_[k]), int(pb_[k])), max(int(pa_[k]), int(pb_[k])))
        for x in ea:
            same = eb[company[eb] == company[x]]
            y = int(same[0]) if len(same) else int(eb[np.argmin(np.abs(rows[eb] - rows[x]))])
            key = (min(int(x), y), max(int(x), y))
            at = seen.get(key)
            if at is None:
                at = seen[key] = len(out_a)
                out_a.append(int(x))
                out_b.append(y)
                out_d.append(bool(pd_[k]))
            elif pd_[k] and not out_d[at]:
                # The same two marks linked both ways: the dispute wins, pointing its way.
                out_a[at], out_b[at], out_d[at] = int(x), y, True
            distance = abs(int(rows[x]) - int(rows[y]))
            if pair not in best or distance < best[pair][0]:
                best[pair] = (distance, at)
    a = np.array(out_a, dtype=np.int64)
    b = np.array(out_b, dtype=np.int64)
    primary = np.zeros(len(a), dtype=bool)
    primary[[at for _, at in best.values()]] = True
    return Links(a, b, np.array(out_d, dtype=bool), idx.event[a], idx.event[b], primary)
