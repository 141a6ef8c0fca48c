"""Which events and marks to show: filters as a plain value, applied to the model's arrays.

The same Filters value drives the window, the command line and saved views, so "DeepSeek" means the
same thing everywhere: the DeepSeek lane plus the All companies lane, unless that is unchecked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from viewer import dates as D
from viewer.model import EventModel
from viewer.vocab import ALL_COMPANIES


@dataclass(frozen=True)
class Filters:
    """None means "no filter on this field"; a set lists what is kept."""

    companies: frozenset[str] | None = None
    regulators: frozenset[str] | None = None
    tracks: frozenset[str] | None = None
    statuses: frozenset[str] | None = None
    date_from: float | None = None  # seconds, inclusive
    date_to: float | None = None  # seconds, exclusive (end of the `to` day, month...)
    text: str = ""

    @property
    def active(self) -> bool:
        return self != Filters()

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        def names(v):
            return None if v is None else sorted(v)

        return {
            "companies": names(self.companies),
            "regulators": names(self.regulators),
            "tracks": names(self.tracks),
            "statuses": names(self.statuses),
            "from": _iso(self.date_from),
            "to": _iso(self.date_to, end=True),
            "search": self.text,
        }


@dataclass
class Selection:
    """The result of applying filters: which events and which marks remain."""

    events: np.ndarray  # bool per event: matches and has at least one visible mark
    marks: np.ndarray  # bool per mark
    matched_text: np.ndarray | None = field(default=None)  # bool per event when searching

    @property
    def count(self) -> int:
        return int(self.events.sum())


def _lookup(names: list[str], keep: frozenset[str] | None, fold: bool = True) -> np.ndarray | None:
    if keep is None:
        return None
    norm = (lambda s: " ".join(s.lower().split())) if fold else (lambda s: s)
    wanted = {norm(k) for k in keep}
    return np.array([norm(n) in wanted for n in names], dtype=bool)


def apply(model: EventModel, filters: Filters) -> Selection:
    """Vectorised: one lookup table per categorical field, then masks; no loop over events."""
    ev = model.events
    n = len(ev)
    keep = np.ones(n, dtype=bool)
    lut = _lookup(model.regulators, filters.regulators)
    if lut is not None:
        keep &= lut[ev["regulator_code"].to_numpy()] if n else keep
    lut = _lookup(model.tracks, filters.tracks)
    if lut is not None:
        keep &= lut[ev["track_code"].to_numpy()] if n else keep
    lut = _lookup(model.statuses, filters.statuses)
    if lut is not None:
        keep &= lut[ev["status_code"].to_numpy()] if n else keep
    if filters.date_from is not None or filters.date_to is not None:
        start = ev["start"].to_numpy()
        last = np.fmax(ev["end_stop"].to_numpy(), ev["stop"].to_numpy())
        if filters.date_from is not None:
            keep &= last > filters.date_from
        if filters.date_to is not None:
            keep &= start < filters.date_to
    matched = None
    text = filters.text.strip()
    if text and n:
        matched = search(model, text)
        keep &= matched
    marks = keep[model.marks.event] if len(model.marks) else np.zeros(0, dtype=bool)
    lut = _lookup(model.companies, filters.companies)
    if lut is not None and len(model.marks):
        marks = marks & lut[model.marks.company]
    shown = np.zeros(n, dtype=bool)
    shown[model.marks.event[marks]] = True
    return Selection(events=keep & shown, marks=marks, matched_text=matched)


def search(model: EventModel, text: str) -> np.ndarray:
    """Case-insensitive match of every word of `text` in the event's searchable text."""
    hay = model.search_text()
    arr = pa.array(hay, type=pa.string())
    result = np.ones(len(hay), dtype=bool)
    for word in text.lower().split():
        result &= pc.match_substring(arr, word).to_numpy(zero_copy_only=False)
    return result


def from_options(
    model: EventModel | None,
    companies: list[str] | None = None,
    regulators: list[str] | None = None,
    tracks: list[str] | None = None,
    statuses: list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    text: str = "",
) -> Filters:
    """Filters from command-line style values; `from`/`to` are dates at any precision.

    Naming companies keeps the All companies lane too, as the filter panel does.
    """
    comp = None
    if companies:
        comp = frozenset(companies) | {ALL_COMPANIES}
    lo = D.parse_one(date_from)[0] if date_from else None
    hi = D.parse_one(date_to)[1] if date_to else None
    return Filters(
        companies=comp,
        regulators=frozenset(regulators) if regulators else None,
        tracks=frozenset(tracks) if tracks else None,
        statuses=frozenset(s.lower() for s in statuses) if statuses else None,
        date_from=lo,
        date_to=hi,
        text=text or "",
    )


def _iso(seconds: float | None, end: bool = False) -> str | None:
    if seconds is None:
        return None
    if end:
        seconds -= D.SECONDS_PER_DAY
    return D.format_iso(seconds, seconds + D.SECONDS_PER_DAY, D.DAY)


def describe(filters: Filters) -> str:
    """The active filters in one line: `DeepSeek, ByteDance · CN NDRC, CN MIIT · Jan 2026`."""
    parts = []
    if filters.companies is not None:
        named = sorted(c for c in filters.companies if c != ALL_COMPANIES)
        if ALL_COMPANIES not in filters.companies:
            named.append("without All companies")
        parts.append(", ".join(named) if named else "no company")
    for group in (filters.regulators, filters.tracks, filters.statuses):
        if group is not None:
            parts.append(", ".join(sorted(group)) or "none")
    if filters.date_from is not None or filters.date_to is not None:
        lo = _iso(filters.date_from) or "…"
        hi = _iso(filters.date_to, end=True) or "…"
        parts.append(f"{lo} – {hi}")
    if filters.text.strip():
        parts.append(f"“{filters.text.strip()}”")
    return " · ".join(parts)
