"""Codes and marks of a model: one mark per (event, company lane), by lane then start. No Qt.

`assemble` turns checked rows into an EventModel; the as-of view calls it again for the rows
known on a day.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from viewer.record import background
from viewer.record import columns as C
from viewer.record import dates as D
from viewer.record.memory import release_unused
from viewer.record.model import EventModel, Marks, now
from viewer.record.vocab import ALL_COMPANIES, STATUSES, TRACKS, company_lane


def assemble(
    events: pd.DataFrame,
    rows: pd.DataFrame,
    *,
    name: str,
    path: Path | None,
    sources: pd.DataFrame,
    problems: list,
    extras: list[str],
    sources_path: Path | None = None,
    bands: list | None = None,
    origin: str | None = None,
) -> EventModel:
    """Codes, marks and vocabularies for the events in their latest state (`rows`: every
    report, for the status history); the other fields are the model's as they are."""
    # The company lanes of the marks on the second core, while this thread codes the rest.
    lanes = background.alone(_mark_companies, events["company"])
    regulators, reg_code = _factorize(events["regulator"])
    status = C.codes(events["status"])  # (codes, distinct values): one encoding for both uses
    track = C.codes(events["track"])
    statuses = list(STATUSES) + sorted(set(status[1]) - set(STATUSES))
    tracks = list(TRACKS) + sorted(set(track[1]) - set(TRACKS))
    events = events.copy(deep=False)
    events["regulator_code"] = C.as_column(reg_code, events)
    events["status_code"] = C.as_column(_code_in(status, statuses), events)
    events["track_code"] = C.as_column(_code_in(track, tracks), events)

    release_unused()  # the derived columns' temporaries, before the marks
    companies, marks = _marks(events, tracks, lanes.result())
    return EventModel(
        name=name,
        path=path,
        events=events,
        rows=rows,
        sources=sources,
        problems=problems,
        companies=companies,
        regulators=regulators,
        tracks=tracks,
        statuses=statuses,
        marks=marks,
        extra_columns=extras,
        sources_path=sources_path,
        bands=list(bands or []),
        origin=origin,
    )


def _factorize(values: pd.Series) -> tuple[list[str], np.ndarray]:
    """Codes ordered by first appearance in time, so palettes are stable for the same data."""
    codes, uniques = C.codes(values)
    return [str(u) for u in uniques], codes.astype(np.int32)


def _code_in(coded: tuple[np.ndarray, list[str]], vocabulary: list[str]) -> np.ndarray:
    """int16 position in `vocabulary` (which holds them all) of every value, given as
    `C.codes()` gives them."""
    codes, uniques = coded
    lut = np.array([vocabulary.index(u) for u in uniques], dtype=np.int16)
    return lut[codes] if len(codes) else np.zeros(0, dtype=np.int16)


def _marks(
    events: pd.DataFrame, tracks: list[str], lanes: tuple | None = None
) -> tuple[list[str], Marks]:
    """One mark per (event, company); `all` goes to the All companies lane. `lanes` is what
    _mark_companies gives for the events' company column, when it has been worked out."""
    companies, ev_index, codes = lanes or _mark_companies(events["company"])
    multi = ev_index is not None
    # Worked out per event, then picked once per mark.
    start = events["start"].to_numpy()
    end = _drawn_end(events, start)
    track = events["track_code"].to_numpy().astype(np.int8)
    mark_start, mark_track = (start, track) if not multi else (start[ev_index], track[ev_index])
    order = _lane_start_order(codes * len(tracks) + mark_track, mark_start)
    event = ev_index[order] if multi else order
    marks = Marks(
        event=event.astype(np.int32),
        company=codes[order].astype(np.int32),
        track=mark_track[order],
        start=mark_start[order],
        end=end[event],
    )
    return companies, marks


def _mark_companies(comp: pd.Series) -> tuple[list[str], np.ndarray | None, np.ndarray]:
    """The company lanes in order of first appearance (All companies first), and for each
    mark its event (None: one mark per event, in order) and its lane."""
    several = pc.match_substring(C.arrow(comp), ";").to_numpy(zero_copy_only=False)
    multi = bool(several.any())
    ev_index = None
    item_code, found = C.codes(comp)
    if multi:
        ev_index, item_code, found = _split_companies(comp, several, item_code, found)
    # `all` in any spelling is the All companies lane; codes in order of first appearance.
    folded = [company_lane(f) for f in found]
    companies = list(dict.fromkeys(folded))
    if ALL_COMPANIES in companies:
        # Keep All companies at code 0 so it is easy to keep in filters.
        companies.remove(ALL_COMPANIES)
        companies.insert(0, ALL_COMPANIES)
    where = {c: i for i, c in enumerate(companies)}
    lut = np.array([where[f] for f in folded], dtype=np.int64)
    codes = lut[item_code] if len(item_code) else np.zeros(0, dtype=np.int64)
    if multi:
        # The same company twice in one cell is one mark (only split cells can name it twice).
        split = several[ev_index]
        twice = np.zeros(len(ev_index), dtype=bool)
        key = ev_index[split] * len(companies) + codes[split]
        twice[split] = pd.Series(key).duplicated().to_numpy()
        ev_index, codes = ev_index[~twice], codes[~twice]
    return companies, ev_index, codes


def _drawn_end(events: pd.DataFrame, start: np.ndarray) -> np.ndarray:
    """Where each event's mark ends. A point is drawn at its date; a period to the end of its
    end date; an imprecise date across its interval; an ongoing period to the time the model
    was built (the view extends it)."""
    end_stop = events["end_stop"].to_numpy()
    day = events["precision"].to_numpy() == D.DAY
    end = np.where(np.isfinite(end_stop), end_stop, np.where(day, start, events["stop"].to_numpy()))
    ongoing = events["ongoing"].to_numpy()
    if ongoing.any():
        end[ongoing] = np.maximum(start[ongoing], now())
    return end


def _split_companies(
    comp: pd.Series, several: np.ndarray, item_code: np.ndarray, found: list[str]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(event, company code) of every mark when some cells name several companies, by event
    and then in the order the cell names them; codes renumbered in order of first appearance.

    Only the cells naming several companies are split; the others keep their code. Each
    event's marks are placed by counting (no sort of a million marks).
    """
    at = np.flatnonzero(several)
    sub_row, items = C.split_cells(comp.iloc[at])
    known = {name: k for k, name in enumerate(found)}
    extra = [name for name in pc.unique(items).to_pylist() if name not in known]
    for name in extra:
        known[name] = len(found)
        found.append(name)
    sub_code = C.positions_in(items, found)
    counts = np.ones(len(comp), dtype=np.int64)
    counts[at] = np.bincount(sub_row, minlength=len(at))
    ev_index = np.repeat(np.arange(len(comp), dtype=np.int64), counts)
    first_mark = np.cumsum(counts) - counts
    merged = np.empty(len(ev_index), dtype=np.int64)
    single = ~several
    merged[first_mark[single]] = item_code[single]
    # sub_row is sorted: an item's place in its cell is its distance from the cell's first.
    place = np.arange(len(sub_row)) - np.searchsorted(sub_row, sub_row, side="left")
    merged[first_mark[at[sub_row]] + place] = sub_code
    # Names in order of first appearance, without the unsplit cells.
    used = pd.unique(merged)
    renumber = np.full(len(found), -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    return ev_index, renumber[merged], [found[u] for u in used]


def _lane_start_order(lane: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Positions sorted by lane, then start, then position: what a stable sort by start and
    then a stable sort by lane give.

    When the starts are whole seconds (dates always are) and lane, start and position fit
    one int64 key together (decades of dates, hundreds of lanes, millions of marks), one sort
    of that key does it: ten times faster than two stable sorts of a million.
    """
    n = len(start)
    if n:
        first, last = float(start.min()), float(start.max())
        lanes = int(lane.max()) + 1
        fits = np.isfinite(first) and np.isfinite(last) and int(lane.min()) >= 0
        if fits and lanes * (int(last - first) + 1) * n < 2**63:
            offset = start - first
            if np.array_equal(offset, np.trunc(offset)):
                key = lane.astype(np.int64) * (int(last - first) + 1)
                key += offset.astype(np.int64)
                key *= n
                key += np.arange(n, dtype=np.int64)
                key.sort()
                return key % n
    by_start = np.argsort(start, kind="stable")
    return by_start[np.argsort(lane[by_start], kind="stable")]
