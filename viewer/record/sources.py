"""The Sources table and what each row cites: ids resolved, first publications. No Qt here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from viewer.record import columns as C
from viewer.record import dates as D
from viewer.record.problems import Problem
from viewer.record.raw import RawTable
from viewer.record.schema import SOURCE_FIELDS
from viewer.record.vocab import normalise_column

DERIVED = ("line", "published_at", "published_precision", "published_stop")
"""Columns the model adds to the Sources table; any other column of the file is kept as text
(a Federal Register source's document number, citation, CFR parts, RINs, PDF address)."""


def citations_of(
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
        where = str(raw.sources_path) if raw.sources_path else raw.where
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
            extra = [c for c in src.columns if c not in SOURCE_FIELDS and c not in DERIVED]
            kept = src[~bad & ~dup][[*SOURCE_FIELDS, *extra, "line"]]
            frames.append(kept.astype({c: "string" for c in extra}).fillna(""))
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
        extra = [c for c in src.columns if c not in SOURCE_FIELDS and c != "line"]
        src[extra] = src[extra].fillna("")
    else:
        src = pd.DataFrame({c: pd.Series(dtype="string") for c in SOURCE_FIELDS})
        src["line"] = pd.Series(dtype="int64")
    published = D.parse_dates(src["published"], column="published")
    src["published_at"] = published.start
    src["published_precision"] = published.precision
    src["published_stop"] = published.stop
    src = src.set_index("id", drop=False)
    return src, problems


def first_published(
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
