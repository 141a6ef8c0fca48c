"""Text widths of a whole column at once (viewer/shown/text_width.py), checked without Qt."""

import numpy as np
import pyarrow as pa

from viewer.shown import text_width as W

ASCII = [float(c % 7 + 1) for c in range(128)]
TABLE = W.byte_widths(ASCII, wide_px=12.0, other_px=8.0)


def by_hand(text: str | None) -> float:
    """The width the table gives, character by character."""
    if text is None:
        return 0.0
    total = 0.0
    for ch in text:
        size = len(ch.encode("utf-8"))
        total += ASCII[ord(ch)] if size == 1 else (8.0 if size == 2 else 12.0)
    return total


def test_widths_add_up_character_by_character():
    texts = ["DeepSeek cleared", None, "", "Rózsa Péter", "深度求索获准购买 H200", "x" * 300]
    column = pa.array(texts)
    assert W.column_widths(column, TABLE).tolist() == [by_hand(t) for t in texts]
    # A slice of a column, a column in chunks: the same widths.
    assert W.column_widths(column.slice(2, 3), TABLE).tolist() == [by_hand(t) for t in texts[2:5]]
    chunked = pa.chunked_array([column.slice(0, 2), column.slice(2)])
    assert W.column_widths(chunked, TABLE).tolist() == [by_hand(t) for t in texts]


def test_a_long_column_is_summed_in_small_pieces_to_the_same_widths(monkeypatch):
    rng = np.random.default_rng(2)
    texts = [
        "".join(chr(c) for c in rng.integers(32, 127, rng.integers(0, 40))) for _ in range(500)
    ]
    whole = W.column_widths(pa.array(texts), TABLE)
    monkeypatch.setattr(W, "CHUNK_BYTES", 64)
    assert W.column_widths(pa.array(texts), TABLE).tolist() == whole.tolist()
    assert whole.tolist() == [by_hand(t) for t in texts]
