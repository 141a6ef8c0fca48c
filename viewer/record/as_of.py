"""The record "as known on" a day: each event in the state reported by then. No Qt here.

An analyst asks what was public on 20 January, before the approvals were reported. Every row of
the table carries the day it became public (`reported_at`); for a day D the derived model keeps
the rows reported on or before D, of several rows with one id (status history) the latest, and
hides events none of whose rows was reported yet. Vocabularies (regulators, statuses, tracks,
companies) keep the codes of the full model, so colours and lane order do not jump while the
date moves.
"""

from __future__ import annotations

import numpy as np

from viewer.record import dates as D
from viewer.record.derived import PerModel
from viewer.record.marks import assemble
from viewer.record.model import EventModel, Marks, latest_rows

CACHE_SIZE = 16
"""Derived models kept per full model: playing through the weeks twice costs nothing."""
_KNOWN_ON: PerModel[dict[tuple[float, float], EventModel]] = PerModel(lambda model: {})


def day_start(t: float) -> float:
    return float(np.floor(t / D.SECONDS_PER_DAY) * D.SECONDS_PER_DAY)


def parse_as_of(text: str) -> float:
    """A date typed by the user as the as-of day; a month or a year means its last day.

    Raises ValueError with a readable reason.
    """
    start, stop, _precision = D.parse_one(text.strip())
    return day_start(max(start, stop - D.SECONDS_PER_DAY))


def format_as_of(as_of: float) -> str:
    """`20 January 2026`."""
    return D.long_day(as_of)


def report_range(model: EventModel) -> tuple[float, float] | None:
    """First and last day an as-of date is worth choosing: first report to today (or later)."""
    base = model.base or model
    if not len(base.rows):
        return None
    reported = base.rows["reported_at"].to_numpy(dtype=float)
    first = day_start(float(np.nanmin(reported)))
    last = day_start(max(float(np.nanmax(reported)), base.today))
    return first, last


def known_on(model: EventModel, as_of: float | None) -> EventModel:
    """The model as known at the end of day `as_of`; None gives the full model."""
    base = model.base or model
    if as_of is None:
        return base
    as_of = day_start(as_of)
    cache = _KNOWN_ON(base)
    key = (as_of, base.today)
    hit = cache.get(key)
    if hit is not None:
        return hit
    cutoff = as_of + D.SECONDS_PER_DAY
    rows = base.rows
    keep = rows["reported_at"].to_numpy(dtype=float) < cutoff
    rows = rows[keep].reset_index(drop=True)
    events = latest_rows(rows)
    derived = assemble(
        events,
        rows,
        name=base.name,
        path=base.path,
        sources=base.sources,
        problems=base.problems,
        extras=base.extra_columns,
        sources_path=base.sources_path,
        bands=base.bands,
        origin=base.origin,
    )
    _restate(derived, base)
    derived.as_of = as_of
    derived.notes = base.notes
    derived.base = base
    derived.today = min(cutoff, base.today)
    if len(cache) >= CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = derived
    return derived


def _extend(base_vocab: list[str], own: list[str]) -> tuple[list[str], np.ndarray]:
    """The base vocabulary plus any value it lacks, and a code lookup from `own` into it."""
    out = list(base_vocab)
    where = {v: i for i, v in enumerate(out)}
    for v in own:
        if v not in where:
            where[v] = len(out)
            out.append(v)
    return out, np.array([where[v] for v in own], dtype=np.int64)


def _restate(derived: EventModel, base: EventModel) -> None:
    """Recode a derived model with the base model's vocabularies (in place)."""
    ev = derived.events
    derived.regulators, reg = _extend(base.regulators, derived.regulators)
    derived.statuses, st = _extend(base.statuses, derived.statuses)
    derived.tracks, tr = _extend(base.tracks, derived.tracks)
    derived.companies, co = _extend(base.companies, derived.companies)
    derived.regulator_lists, reg_list = derived.regulator_lists.recoded(
        reg, len(derived.regulators)
    )
    derived.track_lists, tr_list = derived.track_lists.recoded(tr, len(derived.tracks))
    if len(ev):
        ev["regulator_code"] = reg[ev["regulator_code"].to_numpy()].astype(np.int32)
        ev["regulator_list"] = reg_list[ev["regulator_list"].to_numpy()].astype(np.int32)
        ev["status_code"] = st[ev["status_code"].to_numpy()].astype(np.int16)
        ev["track_code"] = tr[ev["track_code"].to_numpy()].astype(np.int16)
        ev["track_list"] = tr_list[ev["track_list"].to_numpy()].astype(np.int16)
    m = derived.marks
    if len(m):
        company = co[m.company].astype(np.int32)
        track = tr[m.track].astype(np.int8)
        order = np.lexsort((m.start, track, company))
        derived.marks = Marks(
            event=m.event[order],
            company=company[order],
            track=track[order],
            start=m.start[order],
            end=m.end[order],
            first=None if m.first is None else m.first[order],
        )
