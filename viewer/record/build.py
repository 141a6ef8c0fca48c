"""From a reader's RawTable to an EventModel: every check, whole column at a time. No Qt here.

Every check is a whole-column operation (Arrow kernels, numpy); Python loops run only over the
rows that have a problem, so a million clean rows load in seconds. Each problem names its line,
column, value and reason; rows that can't be used are left out, never silently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from viewer.record import background
from viewer.record import columns as C
from viewer.record import dates as D
from viewer.record.marks import assemble
from viewer.record.memory import release_unused
from viewer.record.model import EventModel, latest_rows
from viewer.record.problems import Problem, line_items
from viewer.record.raw import RawTable
from viewer.record.schema import (
    CITING,
    DISPUTES,
    KNOWN,
    REQUIRED,
    canonical_columns,
)
from viewer.record.sources import citations_of, first_published
from viewer.record.vocab import (
    DEFAULT_STATUS,
    STATUSES,
    TRACKS,
    jurisdiction_of,
    tidy_names,
    track_of,
)


def build_model(raw: RawTable) -> EventModel:
    """Validate the raw cells and index them for drawing and filtering.

    Every check is a whole-column operation (Arrow kernels, numpy); Python loops run only over
    the rows that have a problem, so a million clean rows load in seconds.
    """
    file = raw.where
    frame, extras = canonical_columns(raw.events, file, raw)
    shown_name = raw.column_names
    # Readers of typed formats may give numbers or nulls: text, with nulls as '' (C.strip).
    frame = frame.astype({c: "string" for c in KNOWN})
    for col in KNOWN:
        frame[col] = C.strip(frame[col])
    frame["line"] = C.as_column(raw.lines[: len(frame)], frame)
    problems: list[Problem] = list(raw.problems)
    drop = np.zeros(len(frame), dtype=bool)
    lines = frame["line"].to_numpy()
    items = line_items(lines)  # rows that share a line (one-line JSON): their places on it

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
            item = int(items[pos]) or None if items is not None else None
            problems.append(Problem(file, int(lines[pos]), name, value, reason, dropped, item))
        if dropped:
            drop[at] = True

    # The citations (the sources table, each row's source ids and where they point) need
    # none of the checks below: worked out on the second core while this thread parses dates.
    cited = background.alone(
        citations_of, raw, {c: C.arrow(frame[c]) for c in CITING}, lines, frame.index
    )

    _cut_long_names(frame, flag)

    for col in REQUIRED:
        flag(C.is_empty(frame[col]), col, "missing required value")
    for col in LISTS:
        flag(_names_nothing(frame[col]), col, "the list names nothing")

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

    # Ids: `row-N` when absent (`row-N.K` for the K-th of several rows on line N); a repeated
    # id is status history when `reported` differs.
    no_id = C.is_empty(frame["id"])
    if no_id.any():
        ids = C.arrow(frame["id"])
        place = items[no_id] if items is not None else np.zeros(int(no_id.sum()), dtype=int)
        made = [
            f"row-{n}.{k}" if k else f"row-{n}"
            for n, k in zip(lines[no_id].tolist(), place.tolist(), strict=True)
        ]
        made = pa.array(made, type=ids.type)
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
            first_published, start.start, sources, cite_row, cite_code, len(frame)
        )
    del cite_row, cite_code, cite_keep  # (two million citations: 32 MB, not needed after)

    # Related ids must name events that exist (after the other checks), and not the row itself.
    if not raw.subset:
        flag_unknown_related(frame, id_code, drop, flag)

    # Status: unknown words are kept as they are, drawn like `reported`.
    status = C.per_unique(frame["status"], lambda v: v.lower().strip() or DEFAULT_STATUS)
    frame["status"] = status
    odd = ~status.isin(STATUSES).to_numpy(dtype=bool) & ~drop
    flag(odd, "status", "unknown status; drawn as 'reported'", dropped=False)

    frame["start"] = C.as_column(start.start, frame)
    frame["stop"] = C.as_column(start.stop, frame)
    frame["precision"] = C.as_column(start.precision, frame)
    frame["end"] = C.as_column(np.where(end.valid, end.start, np.nan), frame)
    frame["end_stop"] = C.as_column(np.where(end.valid, end.stop, np.nan), frame)
    frame["end_precision"] = C.as_column(end.precision, frame)
    frame["ongoing"] = C.as_column(ongoing, frame)
    frame["reported_at"] = C.as_column(np.where(reported.valid, reported.start, np.nan), frame)
    del start, end, reported

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
    rows["reported_at"] = C.as_column(np.where(np.isnan(reported_at), start_at, reported_at), rows)
    del first, reported_at, start_at
    history = bool(repeated[~drop].any()) if len(repeated) else False
    events = latest_rows(rows) if history else rows
    return assemble(
        events,
        rows,
        name=raw.name,
        path=raw.path,
        sources=sources,
        problems=problems,
        extras=extras,
        sources_path=raw.sources_path,
        bands=raw.bands,
        origin=raw.origin or None,
    )


def flag_unknown_related(frame: pd.DataFrame, id_code: np.ndarray, drop: np.ndarray, flag) -> None:
    """Drop rows whose `related` names no (kept) event, or the row's own id (said so)."""
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
    itself = code == id_code[rel_row]
    bad = (code < 0) | itself
    if not bad.any():
        return
    names = targets.filter(pa.array(bad)).to_pylist()
    said: dict[int, dict[str, list[str]]] = {}
    for pos, name, is_own in zip(rel_row[bad].tolist(), names, itself[bad].tolist(), strict=True):
        kind = "names its own id " if is_own else "unknown related id "
        said.setdefault(pos, {}).setdefault(kind, []).append(name)
    reasons = {
        pos: "; ".join(kind + ", ".join(ids) for kind, ids in kinds.items())
        for pos, kinds in said.items()
    }
    mask = np.zeros(len(frame), dtype=bool)
    mask[list(reasons)] = True
    flag(mask, "related", reasons)


LISTS = ("company", "regulator")
"""Required columns that may hold a `;`-list."""


def _names_nothing(values: pd.Series) -> np.ndarray:
    """bool per row: a `;`-list with no name in it (`;`, ` ; `). Only the cells holding a
    `;` are matched against the pattern, after one substring search of the column."""
    arr = C.arrow(values)
    several = pc.match_substring(arr, ";").to_numpy(zero_copy_only=False)
    if not several.any():
        return several
    at = np.flatnonzero(several)
    blank = pc.match_substring_regex(arr.take(pa.array(at)), r"^[\s;]*$")
    several[at] = blank.to_numpy(zero_copy_only=False)
    return several


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
            # Only the long cells become Python strings (a huge cell among a million rows).
            arr = C.arrow(frame[col])
            longs = arr.filter(pa.array(long)).to_pylist()
            cut = pa.array([v[:LONGEST_NAME] + "…" for v in longs], type=arr.type)
            frame[col] = C.series(pc.replace_with_mask(arr, pa.array(long), cut), frame.index)


def _flag_dates(flag, col: D.DateColumn, column: str) -> None:
    mask = np.zeros(len(col.start), dtype=bool)
    mask[list(col.errors)] = True
    flag(mask, column, col.errors)


def _derive_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """Regulator spelling, jurisdiction and track of every row (each may be a `;`-list)."""
    # Few distinct values: each is worked out once, then spread by code.
    juris = C.per_unique(rows["jurisdiction"], lambda j: tidy_names(j.upper()))
    canon = {t.lower(): t for t in TRACKS}

    def tracks(cell: str) -> str:
        return "; ".join(canon.get(t.lower(), t) for t in tidy_names(cell).split("; ") if t)

    track = C.per_unique(rows["track"], tracks)
    own_juris, own_track = ~C.is_empty(juris), ~C.is_empty(track)
    # The regulator's tidy spelling, and what it implies where a row names no jurisdiction
    # or track, from one encoding of the column.
    tidy = [tidy_names]
    if not own_juris.all():
        tidy.append(lambda v: jurisdiction_of(tidy_names(v)))
    if not own_track.all():
        tidy.append(lambda v: track_of(tidy_names(v)))
    reg, *implied = C.per_unique_all(rows["regulator"], tidy)
    rows["regulator"] = reg
    rows["jurisdiction"] = juris if own_juris.all() else C.where(juris, own_juris, implied.pop(0))
    rows["track"] = track if own_track.all() else C.where(track, own_track, implied.pop(0))
    return rows
