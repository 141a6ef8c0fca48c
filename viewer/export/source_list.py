"""Which events a snapshot shows, and the numbered list of their sources. No Qt here.

Sources are numbered in the order the events appear in time, so an event's numbers are usually
a short run (`4–6`) that fits beside its mark. The list stays bounded whatever the data size:
past `limit` events it stops and says how many more the picture holds.

On request (a PDF's `--notes`) each listed event also carries its analysts' notes, kept apart
from its sources: they are beside the record, never part of it (viewer/record/notes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from viewer.record.citations import citation
from viewer.record.display_date import period_text
from viewer.record.model import EventModel
from viewer.record.notes import LONGEST, Note
from viewer.record.schema import split_list
from viewer.record.text import cut
from viewer.record.vocab import company_lane
from viewer.shown.content import Content

LIST_LIMIT = 300
"""Events listed with their sources at most; the rest are counted."""
NOTES_PER_EVENT = 20
"""Analysts' notes listed under one event at most (the latest); the rest are counted."""


def picture_mask(content: Content, window: tuple[float, float]) -> np.ndarray:
    """Bool per event: has a mark in the time window. One binary search per row, no sort."""
    idx = content.index
    shown = np.zeros(len(content.model), dtype=bool)
    shown[idx.event[idx.in_window(*window)]] = True
    return shown


def first_events(model: EventModel, shown: np.ndarray, limit: int | None = None) -> np.ndarray:
    """The shown events in time order; only the first `limit` are sorted (and returned)."""
    events = np.flatnonzero(shown)
    start = model.events["start"].to_numpy()[events]
    if limit is not None and len(events) > limit:
        part = np.argpartition(start, limit)[:limit]
        events, start = events[part], start[part]
    return events[np.argsort(start, kind="stable")]


def picture_events(content: Content, window: tuple[float, float]) -> np.ndarray:
    """Events with a mark in the time window, in time order."""
    return first_events(content.model, picture_mask(content, window))


@dataclass(frozen=True)
class Cited:
    number: int
    text: str  # `Publisher, “Title”, date. https://…`
    url: str


@dataclass(frozen=True)
class ListedEvent:
    event: int
    when: str
    title: str
    detail: str  # companies · regulator · status
    sources: list[Cited]
    unknown: list[str]  # cited ids missing from the Sources table
    notes: list[Note] = field(default_factory=list)  # analysts' notes, oldest first
    more_notes: int = 0  # notes on this event not listed (past NOTES_PER_EVENT)


@dataclass
class SourceList:
    events: list[ListedEvent] = field(default_factory=list)
    numbers: dict[int, str] = field(default_factory=dict)  # event -> `4–6`
    n_sources: int = 0
    more_events: int = 0  # events in the picture that are not listed
    with_notes: bool = False  # analysts' notes were asked for (whether or not there are any)

    @property
    def n_events(self) -> int:
        return len(self.events) + self.more_events

    @property
    def n_notes(self) -> int:
        """Analysts' notes listed under the events."""
        return sum(len(item.notes) for item in self.events)


def format_numbers(numbers: list[int]) -> str:
    """`[3, 4, 5, 9]` -> `3–5, 9`."""
    out: list[str] = []
    values = sorted(set(numbers))
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{values[i]}–{values[j]}")
        else:
            out.extend(str(v) for v in values[i : j + 1])
        i = j + 1
    return ", ".join(out)


def number_sources(
    model: EventModel,
    events: np.ndarray,
    limit: int = LIST_LIMIT,
    total: int | None = None,
    notes: bool = False,
) -> SourceList:
    """Number the sources of `events` (time order) by first citation; list at most `limit`
    (`total`: how many events there are when `events` holds only the first ones). `notes`:
    each listed event carries its analysts' notes (the model's, as the window shows them)."""
    total = len(events) if total is None else total
    result = SourceList(more_events=max(0, total - min(limit, len(events))), with_notes=notes)
    numbers: dict[str, int] = {}
    known = model.sources.index
    noted = model.notes.by_event() if notes and len(model.notes) else {}
    for i in (int(e) for e in events[:limit]):
        cited, unknown = [], []
        for sid in split_list(model.events["sources"].iat[i]):
            if sid not in known:
                unknown.append(sid)
                continue
            first = sid not in numbers
            if first:
                numbers[sid] = len(numbers) + 1
            source = model.sources.loc[sid]
            cited.append(Cited(numbers[sid], citation(source), str(source.get("url", "") or "")))
        ev = model.events
        companies = ", ".join(company_lane(c) for c in split_list(ev["company"].iat[i]))
        detail = " · ".join(
            x for x in (companies, ev["regulator"].iat[i], ev["status"].iat[i]) if x
        )
        on_it = noted.get(str(ev["id"].iat[i]), []) if noted else []
        result.events.append(
            ListedEvent(
                i,
                period_text(model, i, False),
                ev["title"].iat[i],
                detail,
                cited,
                unknown,
                [_bounded(n) for n in on_it[-NOTES_PER_EVENT:]],
                max(0, len(on_it) - NOTES_PER_EVENT),
            )
        )
        if cited:
            result.numbers[i] = format_numbers([c.number for c in cited])
    result.n_sources = len(numbers)
    return result


def _bounded(note: Note) -> Note:
    """A note as a page lists it: its text cut at what a note may hold (a notes file written by
    another program may hold more)."""
    return note if len(note.text) <= LONGEST else replace(note, text=cut(note.text, LONGEST))


def listed_sources(sources: SourceList) -> list[Cited]:
    """Every source of the list once, by number: what a picture lists below itself."""
    seen: dict[int, Cited] = {}
    for item in sources.events:
        for cited in item.sources:
            seen.setdefault(cited.number, cited)
    return [seen[n] for n in sorted(seen)]
