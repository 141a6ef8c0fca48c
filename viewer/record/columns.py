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
        arr = one_chunk(arr)
    if arr.type not in (pa.string(), pa.large_string()):
        arr = arr.cast(pa.large_string())
    return arr.fill_null("") if arr.null_count else arr


def one_chunk(arr: pa.ChunkedArray) -> pa.Array:
    """The chunks as one array: no copy for a single chunk; empty arrays keep their type."""
    if arr.num_chunks == 1:
        return arr.chunk(0)
    if arr.num_chunks == 0:
        return pa.array([], type=arr.type)
    return arr.combine_chunks()


def series(arr: pa.Array | pa.ChunkedArray, index: pd.Index | None = None) -> pd.Series:
    """A pandas string column over an Arrow array (no copy)."""
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=index, copy=False)


def as_column(values: np.ndarray, frame: pd.DataFrame) -> pd.Series:
    """A numeric column for `frame` over `values` as they are: assigning an array copies it
    (8 MB per column at a million rows), and the arrays here are not changed afterwards."""
    return pd.Series(values, index=frame.index, copy=False)


_EMPTY: dict[int, pa.Array] = {}


def empty(n: int, index: pd.Index | None = None) -> pd.Series:
    """A column of n empty strings, without building n Python strings; columns of the same
    length share one (immutable) array, so absent columns cost nothing per row."""
    arr = _EMPTY.get(n)
    if arr is None:
        offsets = pa.py_buffer(np.zeros(n + 1, dtype=np.int64).tobytes())
        arr = pa.LargeStringArray.from_buffers(n, offsets, pa.py_buffer(b""))
        _EMPTY.clear()  # keep only the latest length
        _EMPTY[n] = arr
    return series(arr, index)


def strip(values: pd.Series) -> pd.Series:
    """`str.strip()` for a column, touching only the cells that may need it.

    The first and last byte of every cell are read straight from Arrow's buffers: a cell that
    starts and ends with a visible ASCII character is left alone (no copy); the others (edge
    spaces, or non-ASCII edges that may be Unicode spaces) are trimmed.
    """
    arr = arrow(values)
    out = _trimmed(arr)
    if out is arr and isinstance(values, pd.Series) and _is_arrow_text(values):
        return values
    return series(out, values.index)


def _is_arrow_text(values: pd.Series) -> bool:
    return isinstance(values.array, pd.arrays.ArrowStringArray)


def text_buffers(arr: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """The cells' byte offsets (n + 1 of them) and the UTF-8 bytes, straight from Arrow's
    buffers (no copy), so checks on lengths and single bytes cost one numpy pass; None for
    arrays with nulls (their offsets say nothing about the null cells)."""
    if arr.null_count or arr.type not in (pa.string(), pa.large_string()):
        return None
    if len(arr) == 0:
        return np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.uint8)
    offset_type = np.int64 if arr.type == pa.large_string() else np.int32
    bufs = arr.buffers()
    # A slice (such as the table without its header row) starts `arr.offset` cells in.
    offsets = np.frombuffer(bufs[1], dtype=offset_type, count=arr.offset + len(arr) + 1)
    offsets = offsets[arr.offset :]
    if bufs[2] is None or offsets[-1] == offsets[0]:
        return offsets, np.zeros(0, dtype=np.uint8)
    return offsets, np.frombuffer(bufs[2], dtype=np.uint8, count=int(offsets[-1]))


def _edge_candidates(arr: pa.Array) -> np.ndarray | None:
    """bool per cell: its first or last byte is whitespace or non-ASCII (None: can't tell)."""
    found = text_buffers(arr)
    if found is None:
        return None
    offsets, data = found
    if not len(data):
        return np.zeros(len(arr), dtype=bool)
    filled = offsets[1:] > offsets[:-1]
    # (An empty cell's neighbours' bytes are read, then masked out by `filled`.)
    first = np.take(data, offsets[:-1], mode="clip")
    last = np.take(data, offsets[1:] - 1, mode="clip")
    # Outside the visible ASCII range 33..126: its distance from 33 (wrapping below) > 93.
    first -= 33
    last -= 33
    return filled & ((first > 93) | (last > 93))


def is_empty(values: pd.Series | pa.Array) -> np.ndarray:
    """bool per cell: the cell is ''. Read from the offsets when there are no nulls."""
    arr = values if isinstance(values, pa.Array) else arrow(values)
    found = text_buffers(arr)
    if found is None:
        return pc.equal(pc.utf8_length(arr), 0).to_numpy(zero_copy_only=False)
    offsets = found[0]
    return offsets[1:] == offsets[:-1]


def longest_bytes(values: pd.Series) -> int:
    """The most UTF-8 bytes in one cell (an upper bound of its characters), from the offsets."""
    arr = arrow(values)
    found = text_buffers(arr)
    if found is None:
        return int(pc.max(pc.binary_length(arr)).as_py() or 0)
    offsets = found[0]
    return int((offsets[1:] - offsets[:-1]).max()) if len(arr) else 0


def where(values: pd.Series, keep: np.ndarray, other: pd.Series | str) -> pd.Series:
    """`values.where(keep, other)` without pandas' slow masked replace."""
    arr = arrow(values)
    if keep.all():
        return series(arr, values.index)
    other_arr = other if isinstance(other, str) else arrow(other).cast(arr.type)
    if not keep.any() and not isinstance(other, str):
        return series(other_arr, values.index)
    out = pc.if_else(pa.array(keep), arr, other_arr)
    return series(out, values.index)


def per_unique(values: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """`values.map(func)` for columns with few distinct values: func runs once per value."""
    return per_unique_all(values, [func])[0]


def per_unique_all(values: pd.Series, funcs: list[Callable[[str], str]]) -> list[pd.Series]:
    """`[values.map(f) for f in funcs]`, encoding the column once for all of them.

    When a func changes no value (names already tidy, an absent column), the column is given
    back as it is, without spreading a million values again.
    """
    arr = arrow(values)
    encoded = pc.dictionary_encode(arr)
    before = encoded.dictionary.to_pylist()
    out = []
    for func in funcs:
        after = [func(str(v)) for v in before]
        if after == before:
            out.append(series(arr, values.index))
        else:
            mapped = pa.array(after, type=arr.type)
            out.append(series(mapped.take(encoded.indices), values.index))
    return out


def codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes (first appearance order) and the distinct values."""
    encoded = pc.dictionary_encode(arrow(values))
    return encoded.indices.to_numpy().astype(np.int64), encoded.dictionary.to_pylist()


def code_numbers(values: pd.Series) -> np.ndarray:
    """The codes of `codes()` alone: for columns of many distinct values (ids), whose values
    as Python strings would cost more than the codes themselves."""
    return pc.dictionary_encode(arrow(values)).indices.to_numpy()


def all_distinct(values: pd.Series) -> bool:
    """True when no two cells are equal.

    Cells of at most 7 bytes (ids like `e123456`) are packed with their length into one
    64-bit number each and sorted: a third of the time of hashing a million strings. Longer
    cells are hashed.
    """
    arr = arrow(values)
    found = text_buffers(arr)
    if len(arr) < 2:
        return True
    if found is None or int((found[0][1:] - found[0][:-1]).max()) > 7:
        return len(pc.unique(arr)) == len(arr)
    offsets, data = found
    lengths = offsets[1:] - offsets[:-1]
    padded = np.zeros(int(offsets[-1]) + 8, dtype=np.uint8)
    padded[: len(data)] = data
    cells = np.lib.stride_tricks.sliding_window_view(padded, 8)[offsets[:-1]]
    cells[np.arange(8) >= lengths[:, None]] = 0  # the bytes of the cells after
    cells[:, 7] = lengths
    keys = cells.view(np.uint64).ravel()
    keys.sort()
    return not bool((keys[1:] == keys[:-1]).any())


def split_cells(values: pd.Series | pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Split `;`-separated cells of a whole column at once: (row of each item, items).

    Items are trimmed and empty ones dropped, as model.split_list does for one cell. Only the
    filled cells are split (`related` is mostly empty), and a column whose cells name one
    item each (no `;`) is only trimmed.
    """
    arr = values if isinstance(values, pa.Array) else arrow(values)
    filled = ~is_empty(arr)
    rows = None
    if not filled.all():
        rows = np.flatnonzero(filled)
        arr = arr.filter(pa.array(filled))
    if len(arr) and not pc.any(pc.match_substring(arr, ";")).as_py():
        parent, items = np.arange(len(arr)), arr
    else:
        lists = pc.split_pattern(arr, ";")
        parent = pc.list_parent_indices(lists).to_numpy().astype(np.int64, copy=False)
        items = lists.flatten()
    # Trimmed, and empty ones dropped: copies only where some item needs it.
    items = _trimmed(items)
    keep = ~is_empty(items)
    if not keep.all():
        parent, items = parent[keep], items.filter(pa.array(keep))
    return (parent if rows is None else rows[parent]), items


def _trimmed(arr: pa.Array) -> pa.Array:
    """`utf8_trim_whitespace` touching only the cells with an edge that may need it."""
    maybe = _edge_candidates(arr)
    if maybe is None:
        return pc.utf8_trim_whitespace(arr)
    if not maybe.any():
        return arr
    trimmed = pc.utf8_trim_whitespace(arr.take(pa.array(np.flatnonzero(maybe))))
    return pc.replace_with_mask(arr, pa.array(maybe), trimmed.cast(arr.type))


def positions_in(items: pa.Array, known: pa.Array | pd.Index | list) -> np.ndarray:
    """Position of each item among `known`, -1 when absent."""
    if isinstance(known, pd.Index) and isinstance(known.array, pd.arrays.ArrowStringArray):
        known = pa.array(known.array)  # the Arrow text behind the index, no Python strings
        if isinstance(known, pa.ChunkedArray):
            known = one_chunk(known)
    if not isinstance(known, pa.Array):
        values = known.to_numpy(dtype=object) if isinstance(known, pd.Index) else known
        known = pa.array(values, type=items.type)
    elif known.type != items.type:
        known = known.cast(items.type)
    found = pc.index_in(items, value_set=known)
    return found.fill_null(-1).to_numpy().astype(np.int64)
