"""Reading a register into the loader the files use: a RawTable of text cells. No Qt here.

The reports come back through Arrow in one query and become the same text columns a CSV gives,
so record/build.py checks them exactly as it checks a file; a problem names the report's number
where a file's would name its line. A `Pushdown` asks the database for less (the command
line's --as-of, --from/--to and --company): it is a superset of what those filters keep, whole
histories of the events it selects, and the exact filters still run on what comes back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from viewer.io.progress import NO_PROGRESS, Progress
from viewer.io.register.connection import Connection, connect
from viewer.io.register.schema import EVENT_TEXT, SOURCE_COLUMNS
from viewer.io.register.url import RegisterURL
from viewer.io.register.write import check_version
from viewer.record import columns as C
from viewer.record import dates as D
from viewer.record.raw import RawTable
from viewer.record.vocab import ALL_COMPANIES


@dataclass(frozen=True)
class Pushdown:
    """What the database may leave out: reports after `as_of` (seconds, a day's start),
    events outside [date_from, date_to), events of none of `companies`."""

    as_of: float | None = None
    date_from: float | None = None
    date_to: float | None = None
    companies: tuple[str, ...] = field(default_factory=tuple)

    @property
    def active(self) -> bool:
        return (
            self.as_of is not None
            or self.date_from is not None
            or self.date_to is not None
            or bool(self.companies)
        )


def read_register(
    url: RegisterURL, pushdown: Pushdown | None = None, progress: Progress = NO_PROGRESS
) -> RawTable:
    """The register's reports and sources as a RawTable; RegisterError when it can't be read."""
    progress.step(0.05, "Connecting")
    with connect(url) as con:
        check_version(con)
        progress.step(0.1, "Reading")
        where, values = _where(con, pushdown or Pushdown())
        cols = ", ".join(("report", *EVENT_TEXT, "extra"))
        table = con.query(
            f"SELECT {cols} FROM {url.table('events')}{where} ORDER BY report", values
        )
        progress.step(0.55, "Reading sources")
        sources = con.query(
            f"SELECT {', '.join(SOURCE_COLUMNS)} FROM {url.table('sources')} ORDER BY id"
        )
    lines = table.column("report").to_numpy().astype(np.int64)
    events = _text_frame(table.drop_columns(["report", "extra"]))
    extras = _extras(table.column("extra"))
    for name, values in extras.items():
        events[name] = values
    del table
    return RawTable(
        path=None,
        events=events,
        lines=lines,
        sources=_text_frame(sources),
        source_lines=np.arange(1, sources.num_rows + 1, dtype=np.int64),
        name=url.stem,
        origin=url.address,
        subset=bool(pushdown and pushdown.active),
    )


def _text_frame(table: pa.Table) -> pd.DataFrame:
    """Each column as one contiguous large_string array: what the checks work on."""
    data = {}
    for name in table.column_names:
        column = C.one_chunk(table.column(name))
        data[name] = C.series(column.cast(pa.large_string()).fill_null(""))
    return pd.DataFrame(data, copy=False)


def _extras(column: pa.ChunkedArray) -> dict[str, pd.Series]:
    """The JSON objects of the `extra` column as columns of their own ('' where absent)."""
    cells = C.one_chunk(column).cast(pa.large_string()).fill_null("")
    filled = np.flatnonzero(pc.not_equal(cells, "").to_numpy(zero_copy_only=False))
    if not len(filled):
        return {}
    texts = cells.take(pa.array(filled)).to_pylist()
    out: dict[str, np.ndarray] = {}
    for pos, text in zip(filled.tolist(), texts, strict=True):
        try:
            values = json.loads(text)
        except ValueError:
            continue
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            if name not in out:
                out[name] = np.full(len(cells), "", dtype=object)
            out[name][pos] = "" if value is None else str(value)
    return {name: pd.Series(values, dtype="string") for name, values in out.items()}


def _where(con: Connection, push: Pushdown) -> tuple[str, list]:
    """The WHERE clause (bound values only) selecting whole histories of matching events."""
    if not push.active:
        return "", []
    values: list = []

    def bind(value) -> str:
        values.append(value)
        return con.param(len(values))

    day = D.iso_day(push.as_of) if push.as_of is not None else None
    kept = []
    if day is not None:
        kept.append(f"reported <= {bind(day)}")
    if push.date_from is not None:
        kept.append(f"(last_s IS NULL OR last_s > {bind(float(push.date_from))})")
    if push.date_to is not None:
        kept.append(f"first_s < {bind(float(push.date_to))}")
    if push.companies:
        # A superset, case and spacing aside: exact matching runs on what comes back.
        names = [*push.companies, ALL_COMPANIES, "all"]
        likes = " OR ".join(
            f"lower(company) LIKE {bind('%' + name.strip().lower() + '%')}" for name in names
        )
        kept.append(f"({likes})")
    ids = f"SELECT id FROM {con.url.table('events')} WHERE " + " AND ".join(kept)
    clause = f" WHERE id IN ({ids})"
    if day is not None:
        clause += f" AND reported <= {bind(day)}"
    return clause, values
