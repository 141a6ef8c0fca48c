"""Text widths of a whole column at once, from a width per character. No Qt here.

Measuring a million titles one by one with the font takes seconds; stacking needs only how much
room each label asks for. The Qt layer measures the font once (a width per ASCII character, one
for other characters by the length of their UTF-8 encoding) and this adds them up over the
column's bytes with numpy.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from viewer.record import columns as C


def byte_widths(ascii_px: list[float], wide_px: float, other_px: float) -> np.ndarray:
    """Pixels per UTF-8 byte: ASCII characters their own width, the lead byte of a 3- or 4-byte
    character (Chinese, Japanese, symbols) `wide_px`, of a 2-byte one (accented Latin, Greek,
    Cyrillic) `other_px`, continuation bytes nothing."""
    table = np.zeros(256)
    table[:128] = ascii_px[:128]
    table[0xC0:0xE0] = other_px
    table[0xE0:0x100] = wide_px
    return table


CHUNK_BYTES = 1 << 20
"""Text is summed this many bytes at a time: the work arrays stay small whatever the column."""


def column_widths(column: pa.Array | pa.ChunkedArray, table: np.ndarray) -> np.ndarray:
    """The width of each string of an Arrow column (0 for nulls), summing `table` over bytes."""
    if isinstance(column, pa.ChunkedArray):
        parts = [column_widths(chunk, table) for chunk in column.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        column = column.cast(pa.string())
    n = len(column)
    widths = np.zeros(n, dtype=np.float32)
    if not n:
        return widths
    # (a null is as wide as an empty string: nothing)
    offsets, data = C.text_buffers(column.fill_null("") if column.null_count else column)
    if not len(data):
        return widths
    per_byte = table.astype(np.float32)
    start = 0
    while start < n:
        # Strings [start, stop) hold about CHUNK_BYTES bytes (at least one string).
        stop = int(np.searchsorted(offsets, offsets[start] + CHUNK_BYTES, side="right")) - 1
        stop = min(n, max(stop, start + 1))
        lo, hi = int(offsets[start]), int(offsets[stop])
        running = np.zeros(hi - lo + 1, dtype=np.float64)
        np.cumsum(per_byte[data[lo:hi]], out=running[1:])
        local = offsets[start : stop + 1] - lo
        widths[start:stop] = running[local[1:]] - running[local[:-1]]
        start = stop
    return widths
