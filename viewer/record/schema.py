"""The data format's names: the event table's columns, their aliases, list cells. No Qt here.

What a reader's header must name (REQUIRED), what it may name (KNOWN, with ALIASES), and how a
`;`-separated cell splits. The column mapping, the checks and the table exports all read these.
"""

from __future__ import annotations

import pandas as pd

from viewer.record import columns as C
from viewer.record.problems import MissingColumnsError
from viewer.record.raw import RawTable
from viewer.record.vocab import normalise_column

REQUIRED = ("date", "company", "regulator", "title")


KNOWN = (
    "id",
    "date",
    "end_date",
    "company",
    "regulator",
    "track",
    "status",
    "jurisdiction",
    "title",
    "description",
    "conditions",
    "sources",
    "source",
    "source_url",
    "source_date",
    "related",
    "reported",
)


ALIASES = {
    "start": "date",
    "start_date": "date",
    "end": "end_date",
    "companies": "company",
    "regulators": "regulator",
    "headline": "title",
    "source_ids": "sources",
    "reported_date": "reported",
}


INLINE_SOURCE = ("source", "source_url", "source_date")
"""An event's own source written in its row: read into `sources`, which the model keeps."""

EVENT_FIELDS = tuple(c for c in KNOWN if c not in INLINE_SOURCE)
"""The event columns the model keeps, in the format's order: what a table RegTimeline writes
holds (a fetch, a register's export) and what a register stores."""


SOURCE_FIELDS = ("id", "publisher", "title", "url", "published", "language", "quote")


DISPUTES = "disputes:"


CITING = ("sources", *INLINE_SOURCE)
"""The event table's columns that cite sources."""


def split_list(value: object) -> list[str]:
    """`a; b;; c` -> ['a', 'b', 'c']."""
    if not isinstance(value, str) or not value:
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


def canonical_columns(
    frame: pd.DataFrame, where: str, raw: RawTable | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Rename columns to the contract's names; returns the frame and the extra columns kept.

    Without the required columns this raises MissingColumnsError, which carries `raw` so that the
    window can ask which columns to use.
    """
    rename: dict[str, str] = {}
    taken: set[str] = set()
    extras = []
    for col in frame.columns:
        key = normalise_column(col)
        key = ALIASES.get(key, key)
        if key in KNOWN and key not in taken:
            rename[col] = key
            taken.add(key)
        else:
            extras.append(col)
    missing = [c for c in REQUIRED if c not in taken]
    if missing:
        have = ", ".join(str(c) for c in frame.columns) or "none"
        raise MissingColumnsError(
            where,
            f"not an event table: no {', '.join(repr(m) for m in missing)} column "
            f"(columns found: {have})",
            raw,
        )
    if raw is not None:
        for col, key in rename.items():
            raw.column_names.setdefault(key, str(col))
    frame = frame.rename(columns=rename)
    for col in KNOWN:
        if col not in frame.columns:
            frame[col] = C.empty(len(frame), frame.index)
    return frame, extras
