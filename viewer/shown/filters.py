"""Which events and marks to show: filters as a plain value, applied to the model's arrays.

The same Filters value drives the window, the command line and saved views, so "DeepSeek" means the
same thing everywhere: the DeepSeek lane plus the All companies lane, unless that is unchecked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from viewer.record import dates as D
from viewer.record.derived import PerModel
from viewer.record.model import EventModel
from viewer.record.vocab import ALL_COMPANIES, company_lane, fold_name
from viewer.shown.facet_cube import count_where, cube_of, facet_counts_by_cell
from viewer.shown.search_text import matches


def _events_with_marks(model: EventModel) -> np.ndarray:
    shown = np.zeros(len(model), dtype=bool)
    shown[model.marks.event] = True
    return shown


_HAS_MARK: PerModel[np.ndarray] = PerModel(_events_with_marks)
"""Events with a mark at all: every mark of a kept event is shown."""
_FACET_TOTALS: PerModel[dict[str, np.ndarray]] = PerModel(lambda model: {})
"""Unfiltered counts per facet: the same for every filter change."""


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

    @classmethod
    def from_dict(cls, data: dict) -> Filters:
        """The inverse of `to_dict`; a wrong type or date raises ValueError naming the key."""
        if not isinstance(data, dict):
            raise ValueError("filters: expected an object")

        def names(key: str) -> frozenset[str] | None:
            value = data.get(key)
            if value is None:
                return None
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"filters.{key}: expected a list of names or null")
            return frozenset(value)

        def day(key: str, side: int) -> float | None:
            value = data.get(key)
            if value in (None, ""):
                return None
            if not isinstance(value, str):
                raise ValueError(f"filters.{key}: expected a date like 2026-01-31")
            try:
                return D.parse_one(value)[side]
            except ValueError as exc:
                raise ValueError(f"filters.{key}: {exc}") from None

        text = data.get("search", "") or ""
        if not isinstance(text, str):
            raise ValueError("filters.search: expected text")
        statuses = names("statuses")
        return cls(
            companies=names("companies"),
            regulators=names("regulators"),
            tracks=names("tracks"),
            statuses=None if statuses is None else frozenset(s.lower() for s in statuses),
            date_from=day("from", 0),
            date_to=day("to", 1),
            text=text,
        )


@dataclass
class Selection:
    """The result of applying filters: which events and which marks remain."""

    events: np.ndarray  # bool per event: matches and has at least one visible mark
    marks: np.ndarray  # bool per mark
    matched_text: np.ndarray | None = field(default=None)  # bool per event when searching
    parts: Parts | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        return int(self.events.sum())


EVENT_LEVEL = ("regulator", "track", "status", "dates", "text")
"""The filters decided per event (a company is decided per mark)."""


@dataclass
class Parts:
    """One mask per filter, kept so the panel's counts reuse them (no second pass over data).

    Event-level masks are bool per event, `company` is bool per mark; None means "not filtered".
    """

    n: int
    regulator: np.ndarray | None = None
    track: np.ndarray | None = None
    status: np.ndarray | None = None
    dates: np.ndarray | None = None
    text: np.ndarray | None = None
    company: np.ndarray | None = None
    luts: dict[str, np.ndarray] = field(default_factory=dict)
    """The bool per code behind the regulator, track and status masks (facet_cube.py): per
    list code for regulators and tracks (a list passes when it names any name kept)."""

    def events_only_but(self, skip: str = "") -> np.ndarray | None:
        """Like events_but, but None when no such filter is set (nothing to AND)."""
        keep = None
        for name in EVENT_LEVEL:
            mask = getattr(self, name)
            if name != skip and mask is not None:
                keep = mask.copy() if keep is None else keep & mask
        return keep

    def events_but(self, skip: str = "") -> np.ndarray:
        """Events passing every event-level filter except `skip`."""
        keep = np.ones(self.n, dtype=bool)
        for name in EVENT_LEVEL:
            mask = getattr(self, name)
            if name != skip and mask is not None:
                keep &= mask
        return keep


def _lookup(names: list[str], keep: frozenset[str] | None, fold: bool = True) -> np.ndarray | None:
    if keep is None:
        return None
    norm = fold_name if fold else str
    wanted = {norm(k) for k in keep}
    return np.array([norm(n) in wanted for n in names], dtype=bool)


def parts_of(model: EventModel, filters: Filters) -> Parts:
    """Vectorised: one lookup table per categorical field, then masks; no loop over events."""
    ev = model.events
    n = len(ev)
    parts = Parts(n)
    if not n:
        return parts
    for name, names, keep, column, lists in (
        (
            "regulator",
            model.regulators,
            filters.regulators,
            "regulator_list",
            model.regulator_lists,
        ),
        ("track", model.tracks, filters.tracks, "track_list", model.track_lists),
        ("status", model.statuses, filters.statuses, "status_code", None),
    ):
        lut = _lookup(names, keep)
        if lut is not None:
            if lists is not None:  # a joint event passes when any of its names is kept
                lut = lists.any_of(lut)
            setattr(parts, name, lut[ev[column].to_numpy()])
            parts.luts[name] = lut
    if filters.date_from is not None or filters.date_to is not None:
        dates = np.ones(n, dtype=bool)
        start = ev["start"].to_numpy()
        last = np.fmax(ev["end_stop"].to_numpy(), ev["stop"].to_numpy())
        if filters.date_from is not None:
            dates &= last > filters.date_from
        if filters.date_to is not None:
            dates &= start < filters.date_to
        parts.dates = dates
    if filters.text.strip():
        parts.text = matches(model, filters.text)
    lut = _lookup(model.companies, filters.companies)
    if lut is not None and len(model.marks):
        parts.company = lut[model.marks.company]
    return parts


def apply(model: EventModel, filters: Filters) -> Selection:
    """Events and marks that pass every filter: an AND of the per-filter masks."""
    parts = parts_of(model, filters)
    keep = parts.events_but()
    if not len(model.marks):
        marks = np.zeros(0, dtype=bool)
    elif any(getattr(parts, name) is not None for name in EVENT_LEVEL):
        marks = keep[model.marks.event]
    else:  # every event kept: no gather of a mask that is true everywhere
        marks = np.ones(len(model.marks), dtype=bool)
    if parts.track is not None and model.marks.first is not None:
        # An event in several tracks shows only its marks in the tracks kept.
        marks &= _lookup(model.tracks, filters.tracks)[model.marks.track]
    if parts.company is not None:
        marks &= parts.company
        shown = np.zeros(len(keep), dtype=bool)
        shown[model.marks.event[marks]] = True
    else:  # every mark of a kept event is shown: the events with a mark at all (once per model)
        shown = _HAS_MARK(model)
    return Selection(events=keep & shown, marks=marks, matched_text=parts.text, parts=parts)


def facet_counts(model: EventModel, selection: Selection) -> dict[str, np.ndarray]:
    """For each field, how many events each value would show given every *other* filter.

    So a checked list says what checking an item would add, not just what is on screen now:
    `companies` counts per company code, `regulators`/`tracks`/`statuses` per their codes.
    """
    parts = selection.parts or Parts(len(model))
    marks = model.marks
    n = len(model)
    ev = model.events

    def count(codes: np.ndarray, mask: np.ndarray | None, size: int, key: str) -> np.ndarray:
        # Unfiltered counts are the same for every filter change: once per model.
        if mask is None:
            cache = _FACET_TOTALS(model)
            if key not in cache:
                cache[key] = np.bincount(codes, minlength=size)
            return cache[key]
        return count_where(codes, mask, size)

    by_company = None
    if parts.company is not None:
        by_company = np.zeros(n, dtype=bool)
        by_company[marks.event[parts.company]] = True
    cube = cube_of(model)
    if cube is not None:
        extra = None
        for mask in (parts.dates, parts.text):
            if mask is not None:
                extra = mask if extra is None else extra & mask
        fast = facet_counts_by_cell(cube, parts.luts, extra, by_company)
        if fast is not None:
            return fast
    base = parts.events_only_but()
    # Each (event, company) once: an event in several tracks counts by its first track's mark.
    company, event = marks.per_company
    out = {
        "companies": count(
            company, None if base is None else base[event], len(model.companies), "companies"
        )
    }
    for key, skip, column, size, lists in (
        ("regulators", "regulator", "regulator_list", 0, model.regulator_lists),
        ("tracks", "track", "track_list", 0, model.track_lists),
        ("statuses", "status", "status_code", len(model.statuses), None),
    ):
        keep = parts.events_only_but(skip)
        if by_company is not None:
            keep = by_company if keep is None else keep & by_company
        codes = ev[column].to_numpy() if n else np.zeros(0, dtype=np.int64)
        if lists is None:
            out[key] = count(codes, keep, size, key)
        else:  # counted per list, then under each name of the list
            out[key] = lists.per_name(count(codes, keep, len(lists), key))
    return out


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
        comp = frozenset(company_lane(c) for c in companies)
        comp |= {ALL_COMPANIES}
    if statuses:
        statuses = [s.lower() for s in statuses]
    lo = D.parse_one(date_from)[0] if date_from else None
    hi = D.parse_one(date_to)[1] if date_to else None
    return Filters(
        companies=comp,
        regulators=frozenset(regulators) if regulators else None,
        tracks=frozenset(tracks) if tracks else None,
        statuses=frozenset(statuses) if statuses else None,
        date_from=lo,
        date_to=hi,
        text=text or "",
    )


def _iso(seconds: float | None, end: bool = False) -> str | None:
    """A filter's day for a saved view; the end of a window is exclusive: its last day."""
    if seconds is None:
        return None
    return D.iso_day(seconds - D.SECONDS_PER_DAY if end else seconds)


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
        parts.append(dates_text(filters.date_from, filters.date_to))
    if filters.text.strip():
        parts.append(f"“{filters.text.strip()}”")
    return " · ".join(parts)


def dates_text(lo: float | None, hi: float | None) -> str:
    """A date window as people say it: `Jan 2026`, `2026`, `1 Dec 2025 – 28 Feb 2026`,
    `from 1 Dec 2025`, `until 28 Feb 2026` (`hi` is exclusive)."""
    if lo is not None and hi is not None:
        for precision in (D.MONTH, D.QUARTER, D.YEAR):
            a, b, p = _whole(lo, precision)
            if p and a == lo and b == hi:
                if precision == D.MONTH:
                    return D.format_short(a)
                return D.format_long(a, b, precision, with_precision=False)
    first = D.format_day(lo) if lo is not None else ""
    last = D.format_day(hi - D.SECONDS_PER_DAY) if hi is not None else ""
    if first and last:
        return first if first == last else f"{first} – {last}"
    return f"from {first}" if first else f"until {last}"


def _whole(lo: float, precision: int) -> tuple[float, float, bool]:
    """The month, quarter or year starting at `lo`, when `lo` starts one."""
    text = D.iso_day(lo)
    y, m, d = (int(x) for x in text.split("-"))
    if d != 1 or (precision == D.QUARTER and m % 3 != 1) or (precision == D.YEAR and m != 1):
        return lo, lo, False
    cell = {D.MONTH: f"{y:04d}-{m:02d}", D.QUARTER: f"{y:04d}-Q{(m - 1) // 3 + 1}"}.get(
        precision, f"{y:04d}"
    )
    a, b, _ = D.parse_one(cell)
    return a, b, True


def unknown_names(model: EventModel, filters: Filters) -> list[str]:
    """Notes on filter values the data lack (`no company named 'Huawei' in the data`): a view
    or a command line written for other data still opens, and says what it could not match."""

    notes = []
    for what, keep, names in (
        ("company", filters.companies, model.companies),
        ("regulator", filters.regulators, model.regulators),
        ("track", filters.tracks, model.tracks),
        ("status", filters.statuses, model.statuses),
    ):
        if keep is None:
            continue
        known = {fold_name(n) for n in names}
        for name in sorted(keep):
            if fold_name(name) not in known and not (what == "company" and name == ALL_COMPANIES):
                notes.append(f"no {what} named {name!r} in the data")
    return notes


def without(filters: Filters, key: str, value: str | None = None) -> Filters:
    """`filters` less one chip: a value of a list (`companies`, `regulators`, `tracks`,
    `statuses`), or the whole `dates` or `text`. An emptied list means no filter; removing the
    "without All companies" chip (value ALL_COMPANIES) brings that lane back."""
    if key == "dates":
        return filters.with_(date_from=None, date_to=None)
    if key == "text":
        return filters.with_(text="")
    current = getattr(filters, key)
    if current is None:
        return filters
    if key == "companies" and value == ALL_COMPANIES:
        if ALL_COMPANIES in current:
            return filters
        return filters.with_(companies=current | {ALL_COMPANIES})
    kept = frozenset(v for v in current if v != value)
    if key == "companies":
        # Only All companies left (or nothing): the user no longer picks companies.
        if not _named(kept):
            return filters.with_(companies=None if ALL_COMPANIES in kept or not kept else kept)
        return filters.with_(companies=kept)
    return filters.with_(**{key: kept or None})


def _named(companies: frozenset[str]) -> frozenset[str]:
    return frozenset(c for c in companies if c != ALL_COMPANIES)


def normalise(model: EventModel, filters: Filters) -> Filters:
    """A list naming every value the data hold filters nothing: make it None, so the chips and
    saved views show no filter where there is none."""

    changes = {}
    for key, names in (
        ("companies", model.companies),
        ("regulators", model.regulators),
        ("tracks", model.tracks),
        ("statuses", model.statuses),
    ):
        keep = getattr(filters, key)
        if (
            keep is not None
            and names
            and {fold_name(n) for n in names} <= {fold_name(k) for k in keep}
        ):
            changes[key] = None
    return filters.with_(**changes) if changes else filters
