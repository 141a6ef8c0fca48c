"""Analysts' notes: what the desk adds beside the sourced record, never part of it. No Qt here.

A note belongs to an event id, says who wrote it and when (UTC), and is plain text. The model
carries its data set's notes so that every view and export can show them, always marked as
analysts' notes; they are stored beside the data (viewer/io/notes_store.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

COLUMNS = ("event_id", "written", "author", "text")
LONGEST = 10_000
"""Characters a note may hold: a paragraph or a few, not a document."""


@dataclass(frozen=True)
class Note:
    event_id: str
    written: str  # ISO 8601, UTC, to the second
    author: str
    text: str

    def heading(self) -> str:
        """`Analyst's note · alice · 2026-01-31 14:02 UTC`."""
        byline = self.byline()
        return f"Analyst's note · {byline}" if byline else "Analyst's note"

    def byline(self) -> str:
        """Who wrote it and when: `alice · 2026-01-31 14:02 UTC`."""
        when = self.written.replace("T", " ")[:16]
        return " · ".join(x for x in (self.author, f"{when} UTC" if when else "") if x)


def new_note(event_id: str, text: str, author: str, now: dt.datetime | None = None) -> Note:
    """A note written now; ValueError for an empty or over-long text."""
    text = text.strip()
    if not text:
        raise ValueError("the note is empty")
    if len(text) > LONGEST:
        raise ValueError(f"the note has {len(text):,} characters; at most {LONGEST:,}")
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return Note(event_id, when.isoformat(timespec="seconds").replace("+00:00", ""), author, text)


class Notes:
    """The notes of one data set, oldest first; shared by the model and its as-of views."""

    def __init__(self, notes: list[Note] | None = None) -> None:
        self._notes: list[Note] = sorted(notes or [], key=lambda n: n.written)

    def __len__(self) -> int:
        return len(self._notes)

    def __iter__(self):
        return iter(self._notes)

    def of(self, event_id: str) -> list[Note]:
        return [n for n in self._notes if n.event_id == event_id]

    def by_event(self) -> dict[str, list[Note]]:
        """Every event id that has notes, with its notes (oldest first): one pass."""
        out: dict[str, list[Note]] = {}
        for n in self._notes:
            out.setdefault(n.event_id, []).append(n)
        return out

    def add(self, note: Note) -> None:
        self._notes.append(note)

    def column(self, ids: np.ndarray) -> np.ndarray:
        """Per event id, its notes for a table export (`[author, day] text`, ` | `-separated)."""
        out = np.full(len(ids), "", dtype=object)
        if not self._notes:
            return out
        by_id: dict[str, list[str]] = {}
        for n in self._notes:
            by_id.setdefault(n.event_id, []).append(f"[{n.author}, {n.written[:10]}] {n.text}")
        for k, eid in enumerate(ids):
            found = by_id.get(str(eid))
            if found:
                out[k] = " | ".join(found)
        return out
