"""Parquet event tables (and `NAME.sources.parquet` beside them), as text cells.

Parquet has no lines: problems name the row (1 = the first row of data). Typed columns become
the text the contract expects: dates and midnight timestamps as ISO days, whole floats without
`.0`, lists `;`-separated.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from viewer.io.progress import NO_PROGRESS, Progress
from viewer.record.problems import LoadError
from viewer.record.raw import RawTable


def read_parquet(path: Path, progress: Progress = NO_PROGRESS) -> RawTable:
    progress.step(0.05, "Reading")
    frame = parquet_cells(path)
    table = RawTable(path=path, events=frame, lines=np.arange(1, len(frame) + 1, dtype=np.int64))
    sources = path.with_name(path.stem + ".sources" + path.suffix)
    if not path.name.lower().endswith(".sources" + path.suffix.lower()) and sources.is_file():
        progress.step(0.5, "Reading sources")
        sframe = parquet_cells(sources)
        table.sources, table.sources_path = sframe, sources
        table.source_lines = np.arange(1, len(sframe) + 1, dtype=np.int64)
    return table


def parquet_cells(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    with open(path, "rb") as handle:
        head = handle.read(4)
    if not head:
        raise LoadError(path, "the file is empty")
    if head != b"PAR1":
        raise LoadError(path, "not a Parquet file (it does not start with PAR1)")
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "magic bytes" in reason or "footer" in reason:
            reason = "damaged or truncated"
        raise LoadError(path, f"not a readable Parquet file ({reason})") from None
    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        columns[str(name)] = as_text(column)
    return pd.DataFrame(columns, dtype="string").fillna("")


def as_text(column: pa.ChunkedArray) -> pd.Series:
    """One typed column as contract text; nulls become ''."""
    kind = column.type
    if pa.types.is_timestamp(kind):
        if kind.tz is not None:
            column = pc.cast(column, pa.timestamp(kind.unit))
        seconds = pc.cast(column, pa.timestamp("s"), safe=False)
        day = pc.strftime(seconds, format="%Y-%m-%d")
        full = pc.strftime(seconds, format="%Y-%m-%dT%H:%M:%S")
        midnight = pc.equal(pc.strftime(seconds, format="%H:%M:%S"), "00:00:00")
        column = pc.if_else(midnight, day, full)
    elif pa.types.is_date(kind):
        column = pc.strftime(pc.cast(column, pa.timestamp("s")), format="%Y-%m-%d")
    elif pa.types.is_floating(kind):
        values = column.to_pandas()
        whole = values.notna() & (values == values.round())
        text = values.astype("string")
        text[whole] = values[whole].astype("int64").astype("string")
        return text.fillna("").reset_index(drop=True)
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind):
        values = column.to_pylist()
        return pd.Series(
            ["" if v is None else "; ".join(str(x) for x in v if x is not None) for v in values],
            dtype="string",
        )
    elif pa.types.is_struct(kind) or pa.types.is_map(kind) or pa.types.is_binary(kind):
        return pd.Series(["" if v is None else str(v) for v in column.to_pylist()], dtype="string")
    elif not pa.types.is_string(kind) and not pa.types.is_large_string(kind):
        column = pc.cast(column, pa.string())
    return column.to_pandas().astype("string").fillna("").reset_index(drop=True)
