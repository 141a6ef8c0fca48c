"""Which marks a connector joins: related and disputing events, as pairs of MarkIndex entries.

No Qt here. An event drawn in several company lanes links to its partner in the same lane when
the partner has one there, else to the partner's nearest row, so a four-company NDRC condition
joins each company's approval without a fan of crossing lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.record.claims import claims_of
from viewer.shown.content import Content
from viewer.shown.mark_looks import SPAN

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
    # Only entries of events named in a pair are sorted by event (not the whole index).
    named = np.zeros(len(content.model.events), dtype=bool)
    named[pa_] = True
    named[pb_] = True
    candidates = np.flatnonzero(named[idx.event])
    order = candidates[np.argsort(idx.event[candidates], kind="stable")]
    by_event = idx.event[order]
    company = content.model.marks.company[idx.entry_mark]
    rows = idx.row
    lo_a = np.searchsorted(by_event, pa_, "left")
    hi_a = np.searchsorted(by_event, pa_, "right")
    lo_b = np.searchsorted(by_event, pb_, "left")
    hi_b = np.searchsorted(by_event, pb_, "right")
    shown = np.flatnonzero((hi_a > lo_a) & (hi_b > lo_b))[:MAX_PAIRS]
    # Candidates in pair order: (entry of a, entry of b, dispute, pair number). Events with one
    # mark each (nearly all) are paired at once; the rest one by one.
    single = (hi_a[shown] - lo_a[shown] == 1) & (hi_b[shown] - lo_b[shown] == 1)
    cand_x = np.full(len(shown), -1, dtype=np.int64)
    cand_y = np.full(len(shown), -1, dtype=np.int64)
    cand_x[single] = order[lo_a[shown[single]]]
    cand_y[single] = order[lo_b[shown[single]]]
    xs, ys, ks = [cand_x[single]], [cand_y[single]], [shown[single]]
    for k in shown[~single]:
        ea = order[lo_a[k] : hi_a[k]]
        eb = order[lo_b[k] : hi_b[k]]
        for x in ea:
            same = eb[company[eb] == company[x]]
            y = int(same[0]) if len(same) else int(eb[np.argmin(np.abs(rows[eb] - rows[x]))])
            xs.append(np.array([x]))
            ys.append(np.array([y]))
            ks.append(np.array([k]))
    x = np.concatenate(xs).astype(np.int64)
    y = np.concatenate(ys).astype(np.int64)
    k = np.concatenate(ks).astype(np.int64)
    if not len(k):  # no pair has both ends shown
        none = np.zeros(0, dtype=bool)
        return Links(empty, empty, none, empty, empty, none)
    # Back in the order the pairs are listed (the loop above took the simple ones first).
    by_pair = np.argsort(k, kind="stable")
    x, y, k = x[by_pair], y[by_pair], k[by_pair]
    dispute = pd_[k].astype(bool)
    # The same two marks linked twice (both ways) are one link; a dispute wins, pointing its way.
    lo, hi = np.minimum(x, y), np.maximum(x, y)
    key = lo * (len(idx) + 1) + hi
    # Links in the order their marks first appear; each takes its first disputing candidate,
    # else its first one. `at`: the link of every candidate.
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(uniq))
    pick = first.copy()
    disputing = np.flatnonzero(dispute)
    if len(disputing):
        keys_d, first_d = np.unique(inverse[disputing], return_index=True)
        pick[keys_d] = disputing[first_d]
    chosen = np.empty(len(uniq), dtype=np.int64)
    chosen[rank] = pick
    at = rank[inverse]
    a, b = x[chosen], y[chosen]
    disputed = dispute[chosen]
    # One link per pair of events is drawn unfocused: the one whose ends are closest in rows
    # (the first listed, on a tie).
    n_events = len(content.model.events) + 1
    pair = np.minimum(pa_[k], pb_[k]).astype(np.int64) * n_events + np.maximum(pa_[k], pb_[k])
    distance = np.abs(rows[x].astype(np.int64) - rows[y].astype(np.int64))
    by_pair = np.lexsort((np.arange(len(pair)), distance, pair))
    best = by_pair[np.r_[True, pair[by_pair][1:] != pair[by_pair][:-1]]]
    primary = np.zeros(len(a), dtype=bool)
    primary[at[best]] = True
    return Links(a, b, disputed, idx.event[a], idx.event[b], primary)
