"""Parquet event tables (and `NAME.sources.parquet` beside them), as text cells.

Parquet has no lines: problems name the row (1 = the first row of data). Typed columns become
the text the contract expects: dates and midnight timestamps as ISO days (any year: a date out
of the supported range is then a row problem, not a crash), whole floats without `.0`, other
floats as written (`inf`, `1e+300`; NaN is empty), lists `;`-separated, bytes as UTF-8 text
(bytes that are no UTF-8 are a remark). No value makes the reader fail.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from viewer.io.progress import NO_PROGRESS, Progress
from viewer.io.reading import open_regular, regular_file_or_none
from viewer.record import dates as D
from viewer.record.problems import LoadError, Problem
from viewer.record.raw import RawTable

EXACT_INTEGERS = 2.0**53
"""Whole floats below this are written as integers; above, a float may not hold every digit."""


def read_parquet(path: Path, progress: Progress = NO_PROGRESS) -> RawTable:
    progress.step(0.05, "Reading")
    frame, problems = parquet_cells(path)
    lines = np.arange(1, len(frame) + 1, dtype=np.int64)
    table = RawTable(path=path, events=frame, lines=lines, problems=problems)
    sources = None
    if not path.name.lower().endswith(".sources" + path.suffix.lower()):
        sources = regular_file_or_none(path.with_name(path.stem + ".sources" + path.suffix))
    if sources is not None:
        progress.step(0.5, "Reading sources")
        sframe, sproblems = parquet_cells(sources)
        table.sources, table.sources_path = sframe, sources
        table.source_lines = np.arange(1, len(sframe) + 1, dtype=np.int64)
        table.problems.extend(sproblems)
    return table


def parquet_cells(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Every column as text, and remarks on values that could not be read as text."""
    import pyarrow.parquet as pq

    with open_regular(path) as handle:
        head = handle.read(4)
        if not head:
            raise LoadError(path, "the file is empty")
        if head != b"PAR1":
            raise LoadError(path, "not a Parquet file (it does not start with PAR1)")
        handle.seek(0)
        try:
            table = pq.read_table(handle)
        except (pa.ArrowException, OSError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "magic bytes" in reason or "footer" in reason:
                reason = "damaged or truncated"
            raise LoadError(path, f"not a readable Parquet file ({reason})") from None
    columns = {}
    problems: list[Problem] = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        text, bad = as_text(column)
        columns[str(name)] = text
        for row in np.flatnonzero(bad).tolist():
            problems.append(
                Problem(
                    str(path),
                    row + 1,
                    str(name),
                    text.iat[row],
                    "not UTF-8 text: the bytes it can't read are shown as \ufffd",
                    dropped=False,
                )
            )
    return pd.DataFrame(columns, dtype="string").fillna(""), problems


def as_text(column: pa.ChunkedArray) -> tuple[pd.Series, np.ndarray]:
    """One typed column as contract text ('' for nulls), and which cells were bytes that are
    not UTF-8 (shown with replacement characters)."""
    kind = column.type
    no_bad = np.zeros(len(column), dtype=bool)
    if pa.types.is_dictionary(kind):
        return as_text(column.cast(kind.value_type))
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        return _when_text(column), no_bad
    if pa.types.is_floating(kind):
        return _float_text(column), no_bad
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        return _bytes_text(column.to_pylist())
    if pa.types.is_fixed_size_binary(kind):
        return _bytes_text(column.to_pylist())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        values = column.to_pylist()
        text = ["" if v is None else "; ".join(str(x) for x in v if x is not None) for v in values]
        return pd.Series(text, dtype="string"), no_bad
    if pa.types.is_struct(kind) or pa.types.is_map(kind):
        text = ["" if v is None else str(v) for v in column.to_pylist()]
        return pd.Series(text, dtype="string"), no_bad
    if not pa.types.is_string(kind) and not pa.types.is_large_string(kind):
        try:
            column = pc.cast(column, pa.string())
        except (pa.ArrowException, ValueError, OverflowError):
            text = ["" if v is None else str(v) for v in column.to_pylist()]
            return pd.Series(text, dtype="string"), no_bad
    return column.to_pandas().astype("string").fillna("").reset_index(drop=True), no_bad


def _when_text(column: pa.ChunkedArray) -> pd.Series:
    """Dates and timestamps as ISO text worked out in numpy, whatever their year (Python's
    dates stop at 9999, Arrow's formatting at its own range): midnights as days, years in four
    digits (`-0500`) as the data format writes them."""
    kind = column.type
    if pa.types.is_date32(kind):
        unit = "D"
    elif pa.types.is_date64(kind):
        unit = "ms"
    else:
        unit = kind.unit
    raw = pc.cast(column, pa.int32() if unit == "D" else pa.int64())
    valid = pc.is_valid(raw).to_numpy(zero_copy_only=False)
    numbers = raw.to_numpy(zero_copy_only=False)
    numbers = np.where(valid, np.nan_to_num(numbers.astype("float64")), 0).astype(np.int64)
    stamps = numbers.astype(f"datetime64[{unit}]")
    days = stamps.astype("datetime64[D]")
    seconds = days.astype("datetime64[s]").astype(np.int64).astype("float64")
    text = D.iso_dates(seconds, seconds + D.SECONDS_PER_DAY, np.full(len(days), D.DAY))
    late = stamps != days.astype(stamps.dtype)  # not midnight: the time too
    if late.any():
        clock = np.datetime_as_string(stamps[late].astype("datetime64[s]"), unit="s")
        text[late] = text[late] + "T" + np.char.partition(clock, "T")[:, 2].astype(object)
    text[~valid] = ""
    return pd.Series(text, dtype="string")


def _float_text(column: pa.ChunkedArray) -> pd.Series:
    """Whole numbers without `.0` (when a float holds them exactly), others as Arrow writes
    them (`1.5`, `1e+300`, `inf`); NaN and nulls are empty."""
    values = column.to_numpy(zero_copy_only=False).astype("float64")
    text = pc.cast(column, pa.string()).to_pandas().astype("string").fillna("")
    text = text.reset_index(drop=True)
    whole = np.isfinite(values) & (np.abs(values) < EXACT_INTEGERS) & (values == np.round(values))
    if whole.any():
        text[whole] = values[whole].astype(np.int64).astype(str)
    text[np.isnan(values)] = ""
    return text


def _bytes_text(values: list) -> tuple[pd.Series, np.ndarray]:
    text, bad = [], np.zeros(len(values), dtype=bool)
    for k, v in enumerate(values):
        if v is None:
            text.append("")
            continue
        try:
            text.append(v.decode("utf-8"))
        except UnicodeDecodeError:
            text.append(v.decode("utf-8", errors="replace"))
            bad[k] = True
    return pd.Series(text, dtype="string"), bad
