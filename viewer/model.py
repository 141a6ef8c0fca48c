"""The normalised event table: one validated store that every view reads. No Qt here.

`build_model` turns a RawTable into an EventModel: dates as POSIX seconds with their precision,
categorical codes for company, regulator, track and status, sources resolved, and every problem
listed with its line and column. Per-event data live in numpy arrays, never in Python objects per
event, so the same code carries a million rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from viewer import dates as D
from viewer.io.raw import RawTable
from viewer.problems import MissingColumnsError, Problem
from viewer.vocab import (
    ALL_COMPANIES,
    DEFAULT_STATUS,
    STATUSES,
    TRACKS,
    jurisdiction_of,
    normalise_column,
    track_of,
)

REQUIRED = ("date", "company", "regulator", "title")
KNOWN = (
    "id",
    "date",
    "end_date",
    "company",
    "regulator",
    "track",
    "status",
    "jurisdiction",
    "title",
    "description",
    "conditions",
    "sources",
    "source",
    "source_url",
    "source_date",
    "related",
    "reported",
)
ALIASES = {
    "start": "date",
    "start_date": "date",
    "end": "end_date",
    "companies": "company",
    "regulators": "regulator",
    "headline": "title",
    "source_ids": "sources",
    "reported_date": "reported",
}
SOURCE_FIELDS = ("id", "publisher", "title", "url", "published", "language", "quote")
DISPUTES = "disputes:"


@dataclass
class Marks:
    """One mark per (event, company lane), sorted by lane then start: what the timeline draws."""

    event: np.ndarray  # int32 index into EventModel.events
    company: np.ndarray  # int32 code into EventModel.companies
    track: np.ndarray  # int8 code into EventModel.tracks
    start: np.ndarray  # float64 seconds
    end: np.ndarray  # float64 seconds: where the drawn mark ends (== start for a point)

    def __len__(self) -> int:
        return len(self.event)


@dataclass
class EventModel:
    """Events in their latest known state, their status history, sources and problems."""

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
    extra_columns: list[str] = field(default_factory=list)
    sources_path: Path | None = None
    bands: list = field(default_factory=list)
    """Shaded spans of time behind the lanes (TimelineJS eras): viewer.io.raw.Band."""
    today: float = field(default_factory=lambda: _now())
    """The reference "now": expected events dated before it are overdue; set it in tests."""
    as_of: float | None = None
    """For a model derived with `at()`: the day (start, seconds) it is known on."""
    base: EventModel | None = field(default=None, repr=False)
    """For a derived model: the model of every row it was derived from."""
    _search_text: np.ndarray | None = field(default=None, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    # -- sizes and spans ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.events)

    @property
    def start(self) -> np.ndarray:
        return self.events["start"].to_numpy()

    def span(self) -> tuple[float, float] | None:
        """First start and last end over all events, or None for an empty table."""
        if len(self.events) == 0:
            return None
        ends = np.fmax(self.events["end_stop"].to_numpy(), self.events["stop"].to_numpy())
        return float(np.nanmin(self.start)), float(np.nanmax(ends))

    def summary(self) -> str:
        """`45 events · 7 companies · 11 regulators · Oct 2022 – Feb 2026`."""
        n = len(self.events)
        parts = [
            _count(n, "event"),
            _count(len(self.companies), "company", "companies"),
            _count(len(self.regulators), "regulator"),
        ]
        span = self.span()
        if span:
            first = D.format_short(span[0])
            last = D.format_short(float(self.events["start"].max()))
            parts.append(first if first == last else f"{first} – {last}")
        return " · ".join(parts)

    @property
    def dropped_rows(self) -> int:
        """How many rows of the file were left out (each may have several problems)."""
        return len({(p.file, p.line) for p in self.problems if p.dropped})

    def at(self, as_of: float | None) -> EventModel:
        """The events as known on day `as_of` (see viewer/as_of.py); None: every report."""
        from viewer.as_of import known_on

        return known_on(self, as_of)

    # -- lookups -------------------------------------------------------------------------------

    def index_of(self, event_id: str) -> int | None:
        hits = np.flatnonzero(self.events["id"].to_numpy() == event_id)
        return int(hits[0]) if hits.size else None

    def event(self, i: int) -> pd.Series:
        return self.events.iloc[i]

    def event_companies(self, i: int) -> list[str]:
        return [self.companies[c] for c in self.marks.company[self.marks.event == i]]

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

    def referenced_by(self, i: int) -> list[tuple[str, bool]]:
        """(id, disputes) of events whose `related` names this one."""
        target = self.events["id"].iat[i]
        rel = self.events["related"].to_numpy(dtype=object)
        out = []
        for j in np.flatnonzero(pd.Series(rel).str.contains(target, regex=False).to_numpy()):
            for rid, disputes in self.related(int(j)):
                if rid == target:
                    out.append((self.events["id"].iat[int(j)], disputes))
        return out

    def history(self, i: int) -> pd.DataFrame:
        """All rows of this event id (status history), oldest report first."""
        eid = self.events["id"].iat[i]
        rows = self.rows[self.rows["id"] == eid]
        return rows.sort_values(["reported", "line"])

    def search_text(self) -> np.ndarray:
        """Lower-case text per event for search: titles, descriptions, conditions, sources."""
        if self._search_text is None:
            ev = self.events
            src = pd.Series("", index=ev.index, dtype="object")
            if len(self.sources):
                by_id = (self.sources["publisher"] + " " + self.sources["title"]).to_dict()
                src = ev["sources"].map(lambda s: " ".join(by_id.get(x, "") for x in split_list(s)))
            text = (
                ev["title"] + "\n" + ev["description"] + "\n" + ev["conditions"] + "\n" + src
            ).str.lower()
            self._search_text = text.to_numpy(dtype=object)
        return self._search_text


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def split_list(value: object) -> list[str]:
    """`a; b;; c` -> ['a', 'b', 'c']."""
    if not isinstance(value, str) or not value:
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


# --- building ---------------------------------------------------------------------------------


def load(path: str | Path, mapping: dict[str, str] | None = None, progress=None) -> EventModel:
    """Read and validate a file; raises LoadError when it can't be read as a table at all.

    `mapping` names the file's column for fields whose columns have other names
    (viewer/io/mapping.py); `progress` reports and cancels (viewer/io/progress.py).
    """
    from viewer.io import NO_PROGRESS, read_table
    from viewer.io.mapping import apply_mapping

    progress = progress or NO_PROGRESS
    raw = read_table(path, progress)
    if mapping:
        raw = apply_mapping(raw, mapping)
    progress.step(0.75, "Checking rows")
    return build_model(raw)


def canonical_columns(
    frame: pd.DataFrame, where: str, raw: RawTable | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Rename columns to the contract's names; returns the frame and the extra columns kept.

    Without the required columns this raises MissingColumnsError, which carries `raw` so that the
    window can ask which columns to use.
    """
    rename: dict[str, str] = {}
    taken: set[str] = set()
    extras = []
    for col in frame.columns:
        key = normalise_column(col)
        key = ALIASES.get(key, key)
        if key in KNOWN and key not in taken:
            rename[col] = key
            taken.add(key)
        else:
            extras.append(col)
    missing = [c for c in REQUIRED if c not in taken]
    if missing:
        have = ", ".join(str(c) for c in frame.columns) or "none"
        raise MissingColumnsError(
            where,
            f"not an event table: no {', '.join(repr(m) for m in missing)} column "
            f"(columns found: {have})",
            raw,
        )
    if raw is not None:
        for col, key in rename.items():
            raw.column_names.setdefault(key, str(col))
    frame = frame.rename(columns=rename)
    for col in KNOWN:
        if col not in frame.columns:
            frame[col] = ""
    return frame, extras


def build_model(raw: RawTable) -> EventModel:
    """Validate the raw cells and index them for drawing and filtering."""
    file = str(raw.path)
    frame, extras = canonical_columns(raw.events, file, raw)
    shown_name = raw.column_names
    frame = frame.astype({c: "string" for c in KNOWN}).fillna("")
    for col in KNOWN:
        frame[col] = frame[col].str.strip()
    frame["line"] = raw.lines[: len(frame)]
    problems: list[Problem] = list(raw.problems)
    drop = np.zeros(len(frame), dtype=bool)
    lines = frame["line"].to_numpy()

    def flag(mask: np.ndarray, column: str, reasons, dropped: bool = True) -> None:
        """Record a problem for each row of mask; reasons is a string or a {pos: reason} dict."""
        values = frame[column].to_numpy(dtype=object) if column in frame else None
        for pos in np.flatnonzero(mask):
            reason = reasons if isinstance(reasons, str) else reasons[int(pos)]
            value = "" if values is None else str(values[pos])
            name = shown_name.get(column, column)
            problems.append(Problem(file, int(lines[pos]), name, value, reason, dropped))
        if dropped:
            drop[mask] = True

    for col in REQUIRED:
        flag((frame[col] == "").to_numpy(dtype=bool), col, "missing required value")

    start = D.parse_dates(frame["date"], column=shown_name.get("date", "date"))
    _flag_dates(flag, start, "date")

    end_text = frame["end_date"]
    ongoing = (end_text.str.lower() == "ongoing").to_numpy(dtype=bool)
    end = D.parse_dates(end_text.where(~ongoing, ""), column=shown_name.get("end_date", "end_date"))
    _flag_dates(flag, end, "end_date")
    backwards = end.valid & start.valid & (end.stop <= start.start)
    flag(backwards, "end_date", "end before start")

    reported = D.parse_dates(frame["reported"], column="reported")
    bad_reported = np.zeros(len(frame), dtype=bool)
    bad_reported[list(reported.errors)] = True
    flag(bad_reported, "reported", {k: v + "; ignored" for k, v in reported.errors.items()}, False)

    # Ids: `row-N` when absent; a repeated id is status history when `reported` differs.
    ids = frame["id"].to_numpy(dtype=object)
    no_id = frame["id"].to_numpy(dtype=object) == ""
    ids[no_id] = ["row-" + str(n) for n in lines[no_id]]
    frame["id"] = ids
    key = frame["id"] + "\x00" + frame["reported"]
    dup = key.duplicated(keep="first").to_numpy(dtype=bool) & ~drop
    dup &= pd.Series(key).where(~drop, None).duplicated(keep="first").to_numpy(dtype=bool)
    first_line = pd.Series(lines).groupby(key.to_numpy()).transform("min").to_numpy()
    flag(
        dup,
        "id",
        {
            int(p): f"duplicate id: line {first_line[p]} has the same id and reported date"
            for p in np.flatnonzero(dup)
        },
    )

    sources, source_problems = _sources(raw, frame, lines)
    problems.extend(source_problems)

    # Cited sources that do not exist: noted, row kept.
    if len(frame):
        cited = frame["sources"].to_numpy(dtype=object)
        known_sources = set(sources.index)
        unknown = {}
        for pos in np.flatnonzero(frame["sources"].to_numpy(dtype=object) != ""):
            missing = [s for s in split_list(cited[pos]) if s not in known_sources]
            if missing:
                unknown[int(pos)] = "unknown source id " + ", ".join(missing)
        mask = np.zeros(len(frame), dtype=bool)
        mask[list(unknown)] = True
        flag(mask, "sources", unknown, dropped=False)

    # Related ids must name events that exist (after the other checks).
    valid_ids = set(frame["id"].to_numpy(dtype=object)[~drop])
    rel = frame["related"].to_numpy(dtype=object)
    unknown_rel = {}
    for pos in np.flatnonzero((rel != "") & ~drop):
        bad = []
        for item in split_list(rel[pos]):
            target = item[len(DISPUTES) :].strip() if item.lower().startswith(DISPUTES) else item
            if target not in valid_ids or target == ids[pos]:
                bad.append(target)
        if bad:
            unknown_rel[int(pos)] = "unknown related id " + ", ".join(bad)
    mask = np.zeros(len(frame), dtype=bool)
    mask[list(unknown_rel)] = True
    flag(mask, "related", unknown_rel)

    # Status: unknown words are kept as they are, drawn like `reported`.
    status = frame["status"].str.lower().str.strip()
    status = status.where(status != "", DEFAULT_STATUS)
    frame["status"] = status
    odd = ~status.isin(STATUSES).to_numpy(dtype=bool) & ~drop
    flag(odd, "status", "unknown status; drawn as 'reported'", dropped=False)

    frame["start"] = start.start
    frame["stop"] = start.stop
    frame["precision"] = start.precision
    frame["end"] = np.where(end.valid, end.start, np.nan)
    frame["end_stop"] = np.where(end.valid, end.stop, np.nan)
    frame["end_precision"] = end.precision
    frame["ongoing"] = ongoing
    frame["reported_at"] = np.where(reported.valid, reported.start, np.nan)

    rows = frame[~drop].reset_index(drop=True)
    rows = _derive_columns(rows, sources)
    events = latest_rows(rows)
    return _assemble(raw, events, rows, sources, problems, extras)


def _flag_dates(flag, col: D.DateColumn, column: str) -> None:
    mask = np.zeros(len(col.start), dtype=bool)
    mask[list(col.errors)] = True
    flag(mask, column, col.errors)


def _derive_columns(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Regulator spelling, jurisdiction, track and the `reported` time of every row."""
    reg = rows["regulator"].str.split().str.join(" ")
    rows["regulator"] = reg
    juris = rows["jurisdiction"].str.upper()
    derived = reg.map(jurisdiction_of) if len(reg) else reg
    rows["jurisdiction"] = juris.where(juris != "", derived)
    track = rows["track"]
    canon = {t.lower(): t for t in TRACKS}
    track = track.map(lambda t: canon.get(t.lower(), t) if t else t) if len(track) else track
    rows["track"] = track.where(track != "", reg.map(track_of) if len(reg) else reg)
    # Reported: own column, else earliest source publication, else the date itself.
    reported = rows["reported_at"].to_numpy(dtype=float).copy()
    need = np.isnan(reported) & (rows["sources"] != "").to_numpy(dtype=bool)
    if need.any() and len(sources):
        first = sources["published_at"].to_dict()
        last = (sources["published_stop"] - D.SECONDS_PER_DAY).to_dict()
        start = rows["start"].to_numpy(dtype=float)
        for pos in np.flatnonzero(need):
            cited = [s for s in split_list(rows["sources"].iat[pos]) if s in first]
            times = [
                published_day(start[pos], first[s], last[s]) for s in cited if np.isfinite(first[s])
            ]
            if times:
                reported[pos] = min(times)
    rows["reported_at"] = np.where(np.isnan(reported), rows["start"].to_numpy(), reported)
    return rows


def published_day(event_start: float, first: float, last: float) -> float:
    """When a source made an event public: its publication day; for a source dated only to a
    month (or year), the event's own date when it falls in that month, else the nearer end:
    a report can't precede what it reports, unless the event is expected."""
    return float(min(max(event_start, first), last)) if np.isfinite(event_start) else first


def latest_rows(rows: pd.DataFrame, as_of: float | None = None) -> pd.DataFrame:
    """One row per id: the latest reported on or before `as_of` (all rows when None)."""
    if as_of is not None:
        rows = rows[rows["reported_at"].to_numpy() <= as_of]
    if not rows["id"].duplicated().any():
        return rows.reset_index(drop=True)
    order = rows.sort_values(["reported_at", "line"], kind="stable")
    latest = order.drop_duplicates("id", keep="last")
    return latest.sort_values("line", kind="stable").reset_index(drop=True)


def _sources(raw: RawTable, events: pd.DataFrame, lines: np.ndarray) -> tuple[pd.DataFrame, list]:
    """The Sources table indexed by id (plus one per inline `source` column), and its problems."""
    problems: list[Problem] = []
    frames = []
    if raw.sources is not None and len(raw.sources.columns):
        where = str(raw.sources_path or raw.path)
        src = raw.sources.copy()
        src.columns = [normalise_column(c) for c in src.columns]
        if "id" not in src.columns:
            problems.append(
                Problem(where, None, "id", "", "sources table has no 'id' column; ignored", False)
            )
        else:
            for col in SOURCE_FIELDS:
                if col not in src.columns:
                    src[col] = ""
            src = src.astype({c: "string" for c in SOURCE_FIELDS}).fillna("")
            for col in SOURCE_FIELDS:
                src[col] = src[col].str.strip()
            slines = raw.source_lines if raw.source_lines is not None else np.arange(len(src)) + 2
            src["line"] = slines[: len(src)]
            bad = np.zeros(len(src), dtype=bool)
            for col in ("id", "publisher", "title"):
                empty = (src[col] == "").to_numpy(dtype=bool)
                for pos in np.flatnonzero(empty):
                    problems.append(
                        Problem(where, int(src["line"].iat[pos]), col, "", "missing required value")
                    )
                bad |= empty & (col == "id")
            dup = src["id"].duplicated().to_numpy(dtype=bool) & ~bad
            for pos in np.flatnonzero(dup):
                problems.append(
                    Problem(
                        where, int(src["line"].iat[pos]), "id", src["id"].iat[pos], "duplicate id"
                    )
                )
            frames.append(src[~bad & ~dup][[*SOURCE_FIELDS, "line"]])
    inline = (events["source"] != "") | (events["source_url"] != "")
    if inline.any():
        sub = events[inline]
        ids = "row-" + pd.Series(lines[inline.to_numpy()], index=sub.index).astype(str) + "-source"
        frames.append(
            pd.DataFrame(
                {
                    "id": ids,
                    "publisher": sub["source"],
                    "title": sub["source"],
                    "url": sub["source_url"],
                    "published": sub["source_date"],
                    "language": "",
                    "quote": "",
                    "line": lines[inline.to_numpy()],
                }
            )
        )
        cited = events.loc[inline, "sources"]
        events.loc[inline, "sources"] = np.where(cited == "", ids, cited + "; " + ids)
    if frames:
        src = pd.concat(frames, ignore_index=True)
    else:
        src = pd.DataFrame({c: pd.Series(dtype="string") for c in SOURCE_FIELDS})
        src["line"] = pd.Series(dtype="int64")
    published = D.parse_dates(src["published"], column="published")
    src["published_at"] = published.start
    src["published_precision"] = published.precision
    src["published_stop"] = published.stop
    src = src.set_index("id", drop=False)
    return src, problems


def _assemble(raw, events, rows, sources, problems, extras) -> EventModel:
    """Codes, marks and vocabularies for the events in their latest state."""
    regulators, reg_code = _factorize(events["regulator"])
    statuses = [s for s in STATUSES] + sorted(set(events["status"]) - set(STATUSES))
    tracks = list(TRACKS) + sorted(set(events["track"]) - set(TRACKS))
    events = events.copy()
    events["regulator_code"] = reg_code
    events["status_code"] = (
        events["status"].map({s: i for i, s in enumerate(statuses)}).to_numpy(dtype=np.int16)
    )
    events["track_code"] = (
        events["track"].map({t: i for i, t in enumerate(tracks)}).to_numpy(dtype=np.int16)
    )
    companies, marks = _marks(events, tracks)
    return EventModel(
        name=raw.name,
        path=raw.path,
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
        sources_path=raw.sources_path,
        bands=list(getattr(raw, "bands", [])),
    )


def _factorize(values: pd.Series) -> tuple[list[str], np.ndarray]:
    """Codes ordered by first appearance in time, so palettes are stable for the same data."""
    codes, uniques = pd.factorize(values, sort=False)
    return [str(u) for u in uniques], codes.astype(np.int32)


def _marks(events: pd.DataFrame, tracks: list[str]) -> tuple[list[str], Marks]:
    """One mark per (event, company); `all` goes to the All companies lane."""
    comp = events["company"]
    multi = comp.str.contains(";", regex=False)
    if multi.any():
        exploded = comp.str.split(";").explode()
        ev_index = exploded.index.to_numpy(dtype=np.int64)
        names = exploded.str.strip().to_numpy(dtype=object)
        keep = names != ""
        ev_index, names = ev_index[keep], names[keep]
    else:
        ev_index = np.arange(len(events), dtype=np.int64)
        names = comp.to_numpy(dtype=object)
    names = np.where(pd.Series(names).str.lower().to_numpy() == "all", ALL_COMPANIES, names)
    # The same company twice in one cell is one mark.
    pair = pd.DataFrame({"e": ev_index, "c": names}).drop_duplicates()
    ev_index = pair["e"].to_numpy(dtype=np.int64)
    names = pair["c"].to_numpy(dtype=object)
    codes, uniques = pd.factorize(names, sort=False)
    companies = [str(u) for u in uniques]
    if ALL_COMPANIES in companies:
        # Keep All companies at code 0 so it is easy to keep in filters.
        old = companies.index(ALL_COMPANIES)
        perm = [old] + [i for i in range(len(companies)) if i != old]
        remap = np.empty(len(companies), dtype=np.int32)
        remap[perm] = np.arange(len(companies))
        codes = remap[codes]
        companies = [companies[i] for i in perm]
    start = events["start"].to_numpy()[ev_index]
    stop = events["stop"].to_numpy()[ev_index]
    end_stop = events["end_stop"].to_numpy()[ev_index]
    ongoing = events["ongoing"].to_numpy()[ev_index]
    prec = events["precision"].to_numpy()[ev_index]
    # A point is drawn at its date; a period to the end of its end date; an imprecise date across
    # its interval; an ongoing period to the time the model was built (the view extends it).
    end = np.where(np.isfinite(end_stop), end_stop, np.where(prec == D.DAY, start, stop))
    end = np.where(ongoing, np.maximum(start, _now()), end)
    track = events["track_code"].to_numpy()[ev_index].astype(np.int8)
    order = np.lexsort((start, track, codes))
    marks = Marks(
        event=ev_index[order].astype(np.int32),
        company=codes[order].astype(np.int32),
        track=track[order],
        start=start[order],
        end=end[order],
    )
    return companies, marks


def _now() -> float:
    import time

    return time.time()
