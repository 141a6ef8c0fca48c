"""Whole-column text operations on Arrow arrays, so loading a million rows never loops in Python.

The model validates cells column by column; these helpers do what `str.strip`, `Series.map`,
`str.split` and `set` membership would do, in Arrow's C++ kernels, and hand back pandas string
columns that share Arrow's memory. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow(values: pd.Series) -> pa.Array:
    """The column as one Arrow (large_)string array (no copy when it already is one)."""
    arr = pa.array(values.array) if isinstance(values, pd.Series) else pa.array(values)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if arr.type not in (pa.string(), pa.large_string()):
        arr = arr.cast(pa.large_string())
    return arr.fill_null("") if arr.null_count else arr


def series(arr: pa.Array | pa.ChunkedArray, index: pd.Index | None = None) -> pd.Series:
    """A pandas string column over an Arrow array (no copy)."""
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=index, copy=False)


def empty(n: int, index: pd.Index | None = None) -> pd.Series:
    """A column of n empty strings, without building n Python strings."""
    offsets = pa.py_buffer(np.zeros(n + 1, dtype=np.int64).tobytes())
    arr = pa.LargeStringArray.from_buffers(n, offsets, pa.py_buffer(b""))
    return series(arr, index)


def strip(values: pd.Series) -> pd.Series:
    """`str.strip()` for a column: ASCII first (fast), Unicode spaces only where needed."""
    arr = arrow(values)
    out = pc.ascii_trim_whitespace(arr)
    wide = pc.invert(pc.string_is_ascii(out)).to_numpy(zero_copy_only=False)
    if wide.any():
        at = pa.array(np.flatnonzero(wide))
        trimmed = pc.utf8_trim_whitespace(out.take(at))
        out = pc.replace_with_mask(out, pa.array(wide), trimmed)
    return series(out, values.index)


def is_empty(values: pd.Series) -> np.ndarray:
    return pc.equal(pc.utf8_length(arrow(values)), 0).to_numpy(zero_copy_only=False)


def where(values: pd.Series, keep: np.ndarray, other: pd.Series | str) -> pd.Series:
    """`values.where(keep, other)` without pandas' slow masked replace."""
    other_arr = other if isinstance(other, str) else arrow(other).cast(arrow(values).type)
    out = pc.if_else(pa.array(keep), arrow(values), other_arr)
    return series(out, values.index)


def per_unique(values: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """`values.map(func)` for columns with few distinct values: func runs once per value."""
    encoded = pc.dictionary_encode(arrow(values))
    mapped = pa.array([func(str(v)) for v in encoded.dictionary.to_pylist()], type=pa.string())
    return series(mapped.take(encoded.indices), values.index)


def codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes (first appearance order) and the distinct values."""
    encoded = pc.dictionary_encode(arrow(values))
    return encoded.indices.to_numpy().astype(np.int64), encoded.dictionary.to_pylist()


def split_cells(values: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """Split `;`-separated cells of a whole column at once: (row of each item, items).

    Items are trimmed and empty ones dropped, as model.split_list does for one cell.
    """
    lists = pc.split_pattern(arrow(values), ";")
    parent = pc.list_parent_indices(lists)
    items = pc.utf8_trim_whitespace(lists.flatten())
    keep = pc.greater(pc.utf8_length(items), 0)
    return parent.filter(keep).to_numpy().astype(np.int64), items.filter(keep)


def positions_in(items: pa.Array, known: pa.Array | pd.Index | list) -> np.ndarray:
    """Position of each item among `known`, -1 when absent."""
    if not isinstance(known, pa.Array):
        values = known.to_numpy(dtype=object) if isinstance(known, pd.Index) else known
        known = pa.array(values, type=items.type)
    elif known.type != items.type:
        known = known.cast(items.type)
    found = pc.index_in(items, value_set=known)
    return found.fill_null(-1).to_numpy().astype(np.int64)
