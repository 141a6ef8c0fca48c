"""Finding words in events: their titles, descriptions, conditions and the sources they cite.

No Qt here. The text filter and Find (Ctrl+F) both ask which events hold every word typed. At
a million events that must not mean a million Python strings: the events' own text is one
lower-case Arrow column, built once per model, and the sources (far fewer) are searched on
their own, a hit reaching the events that cite it through the citation pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from viewer.record import columns as C
from viewer.record.derived import PerModel
from viewer.record.model import EventModel

_TEXT = pa.large_string()


@dataclass
class SearchIndex:
    own: pa.Array  # lower-case title, description and conditions of each event
    sources: pa.Array  # lower-case "publisher title" of each source (the model's order)
    cite_event: np.ndarray  # int64: the event of each citation ...
    cite_source: np.ndarray  # int64: ... and the source it cites


def _build_index(model: EventModel) -> SearchIndex:
    ev = model.events
    newline = pa.scalar("\n", _TEXT)
    own = pc.binary_join_element_wise(
        *(C.arrow(ev[c]).cast(_TEXT) for c in ("title", "description", "conditions")), newline
    )
    src = model.sources
    if len(src):
        names = pc.binary_join_element_wise(
            C.arrow(src["publisher"]).cast(_TEXT),
            C.arrow(src["title"]).cast(_TEXT),
            pa.scalar(" ", _TEXT),
        )
        rows, items = C.split_cells(ev["sources"])
        cited = C.positions_in(items, src.index)
        known = cited >= 0
        cite_event, cite_source = rows[known], cited[known]
    else:
        names = pa.array([], type=_TEXT)
        cite_event = cite_source = np.zeros(0, dtype=np.int64)
    return SearchIndex(pc.utf8_lower(own), pc.utf8_lower(names), cite_event, cite_source)


search_index: PerModel[SearchIndex] = PerModel(_build_index)
"""The model's search index (built on first use, kept with the model)."""


def matches(model: EventModel, text: str) -> np.ndarray:
    """bool per event: every word of `text` (case-insensitive) is in its text or in a source
    it cites."""
    result = np.ones(len(model), dtype=bool)
    words = text.lower().split()
    if not words or not len(model):
        return result
    index = search_index(model)
    for word in words:
        hit = pc.match_substring(index.own, word).to_numpy(zero_copy_only=False).copy()
        if len(index.cite_event):
            source_hit = pc.match_substring(index.sources, word).to_numpy(zero_copy_only=False)
            hit[index.cite_event[source_hit[index.cite_source]]] = True
        result &= hit
    return result
