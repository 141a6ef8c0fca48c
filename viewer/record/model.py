"""The normalised event table: one validated store that every view reads. No Qt here.

An EventModel holds dates as POSIX seconds with their precision, categorical codes for company,
regulator, track and status (a regulator or track cell may name several: record/lists.py), the
sources, every problem with its line and column, and one mark per (event, company, track).
Per-event data live in numpy arrays, never in Python objects per event, so the same code
carries a million rows. record/build.py makes one from a reader's RawTable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.record import dates as D
from viewer.record.lists import NameLists
from viewer.record.notes import Notes
from viewer.record.problems import Problem
from viewer.record.schema import DISPUTES, split_list
from viewer.record.text import counted


@dataclass
class Marks:
    """One mark per (event, company, track), sorted by lane then start: what the timeline
    draws."""

    event: np.ndarray  # int32 index into EventModel.events
    company: np.ndarray  # int32 code into EventModel.companies
    track: np.ndarray  # int8 code into EventModel.tracks
    start: np.ndarray  # float64 seconds
    end: np.ndarray  # float64 seconds: where the drawn mark ends (== start for a point)
    first: np.ndarray | None = None
    """bool: the mark in its event's first track, so that each (event, company) counts once;
    None when no event falls in several tracks (every mark is)."""

    def __len__(self) -> int:
        return len(self.event)

    @cached_property
    def per_company(self) -> tuple[np.ndarray, np.ndarray]:
        """(company, event) of each (event, company) once: what counts events per company
        (the marks in their events' first track). Kept: filter changes count from it."""
        if self.first is None:
            return self.company, self.event
        return self.company[self.first], self.event[self.first]


@dataclass(eq=False)
class EventModel:
    """Events in their latest known state, their status history, sources and problems.

    Compared and hashed by identity: values derived from a model are kept per model
    (viewer/record/derived.py)."""

    name: str
    path: Path | None
    events: pd.DataFrame
    rows: pd.DataFrame
    sources: pd.DataFrame
    problems: list[Problem]
    companies: list[str]
    regulators: list[str]
    tracks: list[str]
    statuses: list[str]
    marks: Marks
    regulator_lists: NameLists
    """The events' regulator lists (`regulator_list` column); `regulator_code` is the first."""
    track_lists: NameLists
    """The events' track lists (`track_list` column); `track_code` is the first."""
    extra_columns: list[str] = field(default_factory=list)
    sources_path: Path | None = None
    bands: list = field(default_factory=list)
    """Shaded spans of time behind the lanes (TimelineJS eras): viewer.record.raw.Band."""
    origin: str | None = None
    """The register the events were read from (its address, never with a password); None
    for a file (then `path` names it)."""
    notes: Notes = field(default_factory=Notes, repr=False)
    """Analysts' notes on the events, kept beside the record (never part of it)."""
    today: float = field(default_factory=lambda: now())
    """The reference "now": expected events dated before it are overdue; set it in tests."""
    as_of: float | None = None
    """For a model derived with `as_of.known_on()`: the day (start, seconds) it is known on."""
    base: EventModel | None = field(default=None, repr=False)
    """For a derived model: the model of every row it was derived from."""

    # -- sizes and spans ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.events)

    @property
    def start(self) -> np.ndarray:
        return self.events["start"].to_numpy()

    @cached_property
    def _extent(self) -> tuple[float, float] | None:
        """First start and last end (asked on every filter change: once)."""
        if len(self.events) == 0:
            return None
        ends = np.fmax(self.events["end_stop"].to_numpy(), self.events["stop"].to_numpy())
        return float(np.nanmin(self.start)), float(np.nanmax(ends))

    def span(self) -> tuple[float, float] | None:
        """First start and last end over all events, or None for an empty table."""
        return self._extent

    def summary(self) -> str:
        """`45 events · 7 companies · 11 regulators · Oct 2022 – Feb 2026`: the range runs to
        the end of the last interval (an event dated only `1985` ends in December 1985)."""
        n = len(self.events)
        parts = [
            counted(n, "event"),
            counted(len(self.companies), "company", "companies"),
            counted(len(self.regulators), "regulator"),
        ]
        span = self._extent
        if span:
            first = D.format_short(span[0])
            last = D.format_short(span[1] - 1.0)  # (the span's end is exclusive)
            parts.append(first if first == last else f"{first} – {last}")
        return " · ".join(parts)

    @property
    def dropped_rows(self) -> int:
        """How many rows of the file were left out (each may have several problems)."""
        return len({(p.file, p.line) for p in self.problems if p.dropped})

    # -- lookups -------------------------------------------------------------------------------

    @cached_property
    def _id_lookup(self) -> pd.Index | None:
        ids = pd.Index(self.events["id"].to_numpy(dtype=object))
        return ids if ids.is_unique else None

    def index_of(self, event_id: str) -> int | None:
        """Asked on every selection and keyboard step: a hash lookup built once per model."""
        lookup = self._id_lookup
        if lookup is None:  # (ids are unique after loading; a hand-made model may differ)
            hits = np.flatnonzero(self.events["id"].to_numpy() == event_id)
            return int(hits[0]) if hits.size else None
        try:
            return int(lookup.get_loc(event_id))
        except (KeyError, TypeError):
            return None

    def event(self, i: int) -> pd.Series:
        return self.events.iloc[i]

    def event_companies(self, i: int) -> list[str]:
        codes = self.marks.company[self.marks.event == i]
        return [self.companies[c] for c in dict.fromkeys(codes.tolist())]

    def event_regulators(self, i: int) -> list[str]:
        """Every body the event names, in the order its cell names them."""
        code = int(self.events["regulator_list"].iat[i])
        return [self.regulators[c] for c in self.regulator_lists.members(code)]

    def event_tracks(self, i: int) -> list[str]:
        code = int(self.events["track_list"].iat[i])
        return [self.tracks[c] for c in self.track_lists.members(code)]

    def event_sources(self, i: int) -> pd.DataFrame:
        """The sources an event cites, in the order it cites them."""
        ids = split_list(self.events["sources"].iat[i])
        known = [s for s in ids if s in self.sources.index]
        return self.sources.loc[known]

    def related(self, i: int) -> list[tuple[str, bool]]:
        """(id, disputes) pairs of the events this one names in `related`."""
        out = []
        for item in split_list(self.events["related"].iat[i]):
            disputes = item.lower().startswith(DISPUTES)
            out.append((item[len(DISPUTES) :].strip() if disputes else item, disputes))
        return out

    def history(self, i: int) -> pd.DataFrame:
        """All rows of this event id (status history), oldest report first."""
        eid = self.events["id"].iat[i]
        rows = self.rows[self.rows["id"] == eid]
        return rows.sort_values(["reported", "line"])


def latest_rows(rows: pd.DataFrame, as_of: float | None = None) -> pd.DataFrame:
    """One row per id: the latest reported on or before `as_of` (all rows when None)."""
    if as_of is not None:
        rows = rows[rows["reported_at"].to_numpy() <= as_of]
    if not rows["id"].duplicated().any():
        return rows.reset_index(drop=True)
    order = rows.sort_values(["reported_at", "line"], kind="stable")
    latest = order.drop_duplicates("id", keep="last")
    return latest.sort_values("line", kind="stable").reset_index(drop=True)


def now() -> float:
    import time

    return time.time()
