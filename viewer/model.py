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
import pyarrow as pa
import pyarrow.compute as pc

from viewer import background
from viewer import columns as C
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
        if "span" not in self._cache:  # asked on every filter change: once per model
            ends = np.fmax(self.events["end_stop"].to_numpy(), self.events["stop"].to_numpy())
            last_start = float(np.nanmax(self.start))
            self._cache["span"] = (float(np.nanmin(self.start)), float(np.nanmax(ends)))
            self._cache["last_start"] = last_start
        return self._cache["span"]

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
            last = D.format_short(self._cache["last_start"])
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
        """Asked on every selection and keyboard step: a hash lookup built once per model."""
        lookup = self._cache.get("id_lookup")
        if lookup is None:
            ids = pd.Index(self.events["id"].to_numpy(dtype=object))
            lookup = self._cache["id_lookup"] = ids if ids.is_unique else None
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
    from viewer.memory import release_unused

    progress = progress or NO_PROGRESS
    raw = read_table(path, progress)
    if mapping:
        raw = apply_mapping(raw, mapping)
    progress.step(0.75, "Checking rows")
    release_unused()  # the file's bytes and parse buffers
    model = build_model(raw)
    del raw
    release_unused()
    return model


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
            frame[col] = C.empty(len(frame), frame.index)
    return frame, extras


def build_model(raw: RawTable) -> EventModel:
    """Validate the raw cells and index them for drawing and filtering.

    Every check is a whole-column operation (Arrow kernels, numpy); Python loops run only over
    the rows that have a problem, so a million clean rows load in seconds.
    """
    file = str(raw.path)
    frame, extras = canonical_columns(raw.events, file, raw)
    shown_name = raw.column_names
    # Readers of typed formats may give numbers or nulls: text, with nulls as '' (C.strip).
    frame = frame.astype({c: "string" for c in KNOWN})
    for col in KNOWN:
        frame[col] = C.strip(frame[col])
    frame["line"] = _column(raw.lines[: len(frame)], frame)
    problems: list[Problem] = list(raw.problems)
    drop = np.zeros(len(frame), dtype=bool)
    lines = frame["line"].to_numpy()

    def flag(mask: np.ndarray, column: str, reasons, dropped: bool = True) -> None:
        """Record a problem for each row of mask; reasons is a string or a {pos: reason} dict."""
        at = np.flatnonzero(mask)
        if not len(at):
            return
        values = C.arrow(frame[column]).take(pa.array(at)).to_pylist() if column in frame else None
        name = shown_name.get(column, column)
        for k, pos in enumerate(at.tolist()):
            reason = reasons if isinstance(reasons, str) else reasons[pos]
            value = "" if values is None else str(values[k])
            problems.append(Problem(file, int(lines[pos]), name, value, reason, dropped))
        if dropped:
            drop[at] = True

    # The citations (the sources table, each row's source ids and where they point) need
    # none of the checks below: worked out on the second core while this thread parses dates.
    cited = background.alone(
        _citations, raw, {c: C.arrow(frame[c]) for c in CITING}, lines, frame.index
    )

    _cut_long_names(frame, flag)

    for col in REQUIRED:
        flag(C.is_empty(frame[col]), col, "missing required value")

    start = D.parse_dates(frame["date"], column=shown_name.get("date", "date"))
    _flag_dates(flag, start, "date")

    end_text = frame["end_date"]
    ongoing = pc.equal(pc.utf8_lower(C.arrow(end_text)), "ongoing").to_numpy(zero_copy_only=False)
    end = D.parse_dates(
        C.where(end_text, ~ongoing, "") if ongoing.any() else end_text,
        column=shown_name.get("end_date", "end_date"),
    )
    _flag_dates(flag, end, "end_date")
    backwards = end.valid & start.valid & (end.stop <= start.start)
    flag(backwards, "end_date", "end before start")

    reported = D.parse_dates(frame["reported"], column="reported")
    bad_reported = np.zeros(len(frame), dtype=bool)
    bad_reported[list(reported.errors)] = True
    flag(bad_reported, "reported", {k: v + "; ignored" for k, v in reported.errors.items()}, False)

    # Ids: `row-N` when absent; a repeated id is status history when `reported` differs.
    no_id = C.is_empty(frame["id"])
    if no_id.any():
        ids = C.arrow(frame["id"])
        made = pa.array(["row-" + str(n) for n in lines[no_id]], type=ids.type)
        frame["id"] = C.series(pc.replace_with_mask(ids, pa.array(no_id), made), frame.index)
    if C.all_distinct(frame["id"]):  # the usual case, told by a sort of short ids
        id_code, repeated = np.arange(len(frame)), np.zeros(len(frame), dtype=bool)
    else:
        id_code = C.code_numbers(frame["id"])
        repeated = np.bincount(id_code)[id_code] > 1 if len(id_code) else np.zeros(0, dtype=bool)
    if repeated.any():
        at = np.flatnonzero(repeated)
        sub = pd.DataFrame(
            {
                "id": id_code[at],
                "reported": C.arrow(frame["reported"]).take(pa.array(at)).to_numpy(False),
                "line": lines[at],
                "drop": drop[at],
            }
        )
        key = ["id", "reported"]
        first_line = sub.groupby(key)["line"].transform("min").to_numpy()
        kept = sub[~sub["drop"]]
        dup_kept = kept.duplicated(key, keep="first").to_numpy(dtype=bool)
        dup = np.zeros(len(frame), dtype=bool)
        dup[at[~sub["drop"].to_numpy()][dup_kept]] = True
        line_of = dict(zip(at.tolist(), first_line.tolist(), strict=True))
        flag(
            dup,
            "id",
            {
                int(p): f"duplicate id: line {line_of[int(p)]} has the same id and reported date"
                for p in np.flatnonzero(dup)
            },
        )

    frame["sources"], sources, source_problems, (cite_row, cite_ids, cite_code) = cited.result()
    problems.extend(source_problems)

    # Cited sources that do not exist: noted, row kept.
    unknown_at = np.flatnonzero(cite_code < 0)
    if len(unknown_at):
        names = cite_ids.take(pa.array(unknown_at)).to_pylist()
        unknown: dict[int, list[str]] = {}
        for pos, name in zip(cite_row[unknown_at].tolist(), names, strict=True):
            unknown.setdefault(pos, []).append(name)
        mask = np.zeros(len(frame), dtype=bool)
        mask[list(unknown)] = True
        flag(
            mask,
            "sources",
            {k: "unknown source id " + ", ".join(v) for k, v in unknown.items()},
            dropped=False,
        )
    cite_keep = cite_code >= 0
    cite_row, cite_code = cite_row[cite_keep], cite_code[cite_keep]
    # A row without a `reported` date is reported when its first source was published:
    # worked out per row on the second core while this thread goes on with the checks.
    published = None
    if not reported.valid.all() and len(sources) and len(cite_row):
        published = background.alone(
            _first_published, start.start, sources, cite_row, cite_code, len(frame)
        )
    del cite_row, cite_code, cite_keep  # (two million citations: 32 MB, not needed after)

    # Related ids must name events that exist (after the other checks), and not the row itself.
    flag_unknown_related(frame, id_code, drop, flag)

    # Status: unknown words are kept as they are, drawn like `reported`.
    status = C.per_unique(frame["status"], lambda v: v.lower().strip() or DEFAULT_STATUS)
    frame["status"] = status
    odd = ~status.isin(STATUSES).to_numpy(dtype=bool) & ~drop
    flag(odd, "status", "unknown status; drawn as 'reported'", dropped=False)

    frame["start"] = _column(start.start, frame)
    frame["stop"] = _column(start.stop, frame)
    frame["precision"] = _column(start.precision, frame)
    frame["end"] = _column(np.where(end.valid, end.start, np.nan), frame)
    frame["end_stop"] = _column(np.where(end.valid, end.stop, np.nan), frame)
    frame["end_precision"] = _column(end.precision, frame)
    frame["ongoing"] = _column(ongoing, frame)
    frame["reported_at"] = _column(np.where(reported.valid, reported.start, np.nan), frame)
    del start, end, reported

    from viewer.memory import release_unused

    release_unused()  # date parsing's temporaries, before the derived columns
    rows = frame[~drop].reset_index(drop=True) if drop.any() else frame
    rows = _derive_columns(rows)
    first = np.full(len(rows), np.inf) if published is None else published.result()
    if drop.any() and published is not None:
        first = first[~drop]
    # Reported: own column, else the first publication of a source, else the date itself.
    reported_at = rows["reported_at"].to_numpy(dtype=float)
    reported_at = np.where(np.isnan(reported_at) & np.isfinite(first), first, reported_at)
    start_at = rows["start"].to_numpy()
    rows["reported_at"] = _column(np.where(np.isnan(reported_at), start_at, reported_at), rows)
    del first, reported_at, start_at
    history = bool(repeated[~drop].any()) if len(repeated) else False
    events = latest_rows(rows) if history else rows
    return _assemble(raw, events, rows, sources, problems, extras)


def _column(values: np.ndarray, frame: pd.DataFrame) -> pd.Series:
    """A numeric column for `frame` over `values` as they are: assigning an array copies it
    (8 MB per column at a million rows), and the arrays here are not changed afterwards."""
    return pd.Series(values, index=frame.index, copy=False)


def flag_unknown_related(frame: pd.DataFrame, id_code: np.ndarray, drop: np.ndarray, flag) -> None:
    """Drop rows whose `related` names no (kept) event, or the row's own id."""
    rel_row, items = C.split_cells(frame["related"])
    if not len(rel_row):
        return
    keep = ~drop[rel_row]
    rel_row, items = rel_row[keep], items.filter(pa.array(keep))
    lower = pc.utf8_lower(items)
    disputes = pc.starts_with(lower, DISPUTES)
    targets = pc.if_else(
        disputes, pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(items, len(DISPUTES))), items
    )
    # Probe the (many) ids against the (few) distinct targets, not the other way round.
    wanted = pc.unique(targets)
    hit = C.positions_in(C.arrow(frame["id"]), wanted)
    alive = (hit >= 0) & ~drop
    target_code = np.full(len(wanted), -1, dtype=np.int64)
    target_code[hit[alive]] = id_code[alive]
    code = target_code[C.positions_in(targets, wanted)]
    bad = (code < 0) | (code == id_code[rel_row])
    if not bad.any():
        return
    names = targets.filter(pa.array(bad)).to_pylist()
    reasons: dict[int, list[str]] = {}
    for pos, name in zip(rel_row[bad].tolist(), names, strict=True):
        reasons.setdefault(pos, []).append(name)
    mask = np.zeros(len(frame), dtype=bool)
    mask[list(reasons)] = True
    flag(mask, "related", {k: "unknown related id " + ", ".join(v) for k, v in reasons.items()})


SHORT_FIELDS = ("id", "company", "regulator", "title", "track", "status", "jurisdiction")
LONGEST_NAME = 1000
"""Characters kept of a name or title: longer ones would freeze every label that draws them."""


def _cut_long_names(frame: pd.DataFrame, flag) -> None:
    """Cut absurdly long names and titles (a huge cell), keeping the row with a remark."""
    for col in SHORT_FIELDS:
        if C.longest_bytes(frame[col]) <= LONGEST_NAME:
            continue  # (no more characters than bytes: nothing to cut)
        lengths = pc.utf8_length(C.arrow(frame[col])).to_numpy(zero_copy_only=False)
        long = lengths > LONGEST_NAME
        if long.any():
            reasons = {
                int(p): f"{int(lengths[p]):,} characters; cut to {LONGEST_NAME:,}"
                for p in np.flatnonzero(long)
            }
            flag(long, col, reasons, dropped=False)
            cut = C.arrow(frame[col]).to_pylist()
            for p in np.flatnonzero(long):
                cut[p] = cut[p][:LONGEST_NAME] + "…"
            frame[col] = pd.Series(cut, index=frame.index, dtype="string")


def _flag_dates(flag, col: D.DateColumn, column: str) -> None:
    mask = np.zeros(len(col.start), dtype=bool)
    mask[list(col.errors)] = True
    flag(mask, column, col.errors)


def _tidy_name(value: str) -> str:
    """A name with its runs of spaces made one (`US  BIS` -> `US BIS`)."""
    return " ".join(value.split())


def _derive_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """Regulator spelling, jurisdiction and track of every row."""
    # Few distinct values: each is worked out once, then spread by code.
    juris = C.per_unique(rows["jurisdiction"], str.upper)
    canon = {t.lower(): t for t in TRACKS}
    track = C.per_unique(rows["track"], lambda t: canon.get(t.lower(), t) if t else t)
    own_juris, own_track = ~C.is_empty(juris), ~C.is_empty(track)
    # The regulator's tidy spelling, and what it implies where a row names no jurisdiction
    # or track, from one encoding of the column.
    tidy = [_tidy_name]
    if not own_juris.all():
        tidy.append(lambda v: jurisdiction_of(_tidy_name(v)))
    if not own_track.all():
        tidy.append(lambda v: track_of(_tidy_name(v)))
    reg, *implied = C.per_unique_all(rows["regulator"], tidy)
    rows["regulator"] = reg
    rows["jurisdiction"] = juris if own_juris.all() else C.where(juris, own_juris, implied.pop(0))
    rows["track"] = track if own_track.all() else C.where(track, own_track, implied.pop(0))
    return rows


def _first_published(
    start: np.ndarray, sources: pd.DataFrame, cite_row: np.ndarray, cite_code: np.ndarray, n: int
) -> np.ndarray:
    """When the first of each row's sources made it public (infinite for a row that cites
    no dated source), from `cite_row`/`cite_code`, which pair each row (sorted) with the
    position of every source it cites: no loop over rows. See published_day."""
    # Per source, once: its first and last day (for a source dated to a month), both
    # infinite for a source without a date, so that its citations never count.
    first = sources["published_at"].to_numpy(dtype=float)
    last = sources["published_stop"].to_numpy(dtype=float) - D.SECONDS_PER_DAY
    undated = ~np.isfinite(first)
    if undated.any():
        first = np.where(undated, np.inf, first)
        last[undated] = np.inf
    # Per citation, in place: a citation table can be several times the event table.
    when = start[cite_row]
    no_date = ~np.isfinite(when)
    np.maximum(when, first[cite_code], out=when)
    np.minimum(when, last[cite_code], out=when)
    if no_date.any():
        when[no_date] = first[cite_code[no_date]]
    # cite_row is sorted: the minimum of each row's run of citations.
    earliest = np.full(n, np.inf)
    first_of_run = np.flatnonzero(np.r_[True, cite_row[1:] != cite_row[:-1]])
    earliest[cite_row[first_of_run]] = np.minimum.reduceat(when, first_of_run)
    return earliest


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


CITING = ("sources", "source", "source_url", "source_date")
"""The event table's columns that cite sources."""


def _citations(
    raw: RawTable, columns: dict[str, pa.Array], lines: np.ndarray, index: pd.Index
) -> tuple[pd.Series, pd.DataFrame, list[Problem], tuple[np.ndarray, pa.Array, np.ndarray]]:
    """The `sources` column (with the ids of inline sources added), the Sources table and
    its problems, and each citation: (row, cited id, position in the table or -1).

    Runs on its own thread beside the rest of the checks, so it reads only its own copies
    of the columns (Arrow arrays do not change) and the raw table's sources.
    """
    frame = pd.DataFrame({c: C.series(a, index) for c, a in columns.items()}, copy=False)
    sources, problems = _sources(raw, frame, lines)
    cite_row, cite_ids = C.split_cells(frame["sources"])
    cite_code = C.positions_in(cite_ids, sources.index)
    return frame["sources"], sources, problems, (cite_row, cite_ids, cite_code)


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
    # The company lanes of the marks on the second core, while this thread codes the rest.
    lanes = background.alone(_mark_companies, events["company"])
    regulators, reg_code = _factorize(events["regulator"])
    status = C.codes(events["status"])  # (codes, distinct values): one encoding for both uses
    track = C.codes(events["track"])
    statuses = list(STATUSES) + sorted(set(status[1]) - set(STATUSES))
    tracks = list(TRACKS) + sorted(set(track[1]) - set(TRACKS))
    events = events.copy(deep=False)
    events["regulator_code"] = _column(reg_code, events)
    events["status_code"] = _column(_code_in(status, statuses), events)
    events["track_code"] = _column(_code_in(track, tracks), events)
    from viewer.memory import release_unused

    release_unused()  # the derived columns' temporaries, before the marks
    companies, marks = _marks(events, tracks, lanes.result())
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
    folded = [ALL_COMPANIES if f.lower() == "all" else f for f in found]
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
        end[ongoing] = np.maximum(start[ongoing], _now())
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


def _now() -> float:
    import time

    return time.time()
