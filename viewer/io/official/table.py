"""What a register's fetch makes: rows of events and sources in the data format. No Qt here.

Rows are plain dicts of text cells keyed by the data format's column names (extras after
them), sorted so that the same documents always give the same table, byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from viewer.record.schema import EVENT_FIELDS, SOURCE_FIELDS


@dataclass
class RegisterTable:
    """Events (several rows per id make a status history) and the sources they cite."""

    events: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the user should know: rows left out and why, documents seen but not kept."""

    def event_frame(self) -> pd.DataFrame:
        rows = sorted(self.events, key=lambda r: (r["date"], r["id"], r["reported"]))
        return _frame(rows, EVENT_FIELDS)

    def source_frame(self) -> pd.DataFrame:
        unique = {row["id"]: row for row in self.sources}  # (a source cited by many events)
        return _frame([unique[k] for k in sorted(unique)], SOURCE_FIELDS)

    @property
    def event_ids(self) -> set[str]:
        return {row["id"] for row in self.events}


def _frame(rows: list[dict[str, str]], order: tuple[str, ...]) -> pd.DataFrame:
    extras: dict[str, None] = {}
    for row in rows:
        for key in row:
            if key not in order:
                extras.setdefault(key)
    columns = [*order, *extras]
    return pd.DataFrame(
        {c: [row.get(c, "") or "" for row in rows] for c in columns}, columns=columns, dtype=object
    )


def text(value: object) -> str:
    """A register's field as a cell: '' for none, whitespace trimmed."""
    return "" if value is None else str(value).strip()


def iso_day(value: object) -> str:
    """An ISO day from a date or a timestamp (`2026-01-14T08:45:00-05:00` -> `2026-01-14`)."""
    cell = text(value)
    return cell[:10] if re.match(r"\d{4}-\d{2}-\d{2}", cell) else ""
