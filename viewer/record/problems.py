"""What can be wrong with a user's table, said so that they can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Problem:
    """One problem in one row (or the header) of a file.

    `dropped` says whether the row was left out (an error) or kept with the problem noted;
    `item` tells rows that start on the same line apart (a JSON file written on one line):
    the row's place among them, from 1.
    """

    file: str
    line: int | None
    column: str | None
    value: str
    reason: str
    dropped: bool = True
    item: int | None = None

    @property
    def where(self) -> str:
        """`12`, or `1 (item 3)` when several rows start on line 1."""
        if self.line is None:
            return ""
        return f"{self.line} (item {self.item})" if self.item else str(self.line)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.where}"
        col = f" column '{self.column}'" if self.column else ""
        val = f" value {shorten(self.value)!r}" if self.value else ""
        fate = "row left out" if self.dropped else "row kept"
        return f"{where}:{col}{val}: {self.reason} ({fate})"


class LoadError(Exception):
    """A file that cannot be read as an event table at all; the message names file and reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class MissingColumnsError(LoadError):
    """A table without the required columns: the window offers to map its columns instead."""

    def __init__(self, path: str | Path, reason: str, raw) -> None:
        super().__init__(path, reason)
        self.raw = raw  # the RawTable read, so the mapping can be applied without reading again


def line_items(lines) -> np.ndarray | None:
    """Each row's place (from 1) among the rows that start on its line, 0 where a row has its
    line to itself; None when every row does (the usual case, told by one pass)."""
    lines = np.asarray(lines, dtype=np.int64)
    if len(lines) < 2 or bool((np.diff(lines) > 0).all()):
        return None
    _values, inverse, counts = np.unique(lines, return_inverse=True, return_counts=True)
    order = np.argsort(inverse, kind="stable")
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    place = np.empty(len(lines), dtype=np.int64)
    place[order] = np.arange(len(lines)) - np.repeat(first, counts) + 1
    return np.where(counts[inverse] > 1, place, 0)


def shorten(text: str, limit: int = 80) -> str:
    """Cut long cell values for messages, so a huge cell never floods a dialog or a terminal."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def loaded_text(events: int, problems: list[Problem]) -> str:
    """`43 events loaded · 2 rows left out · 1 remark`: what the status bar and `validate` say."""
    dropped = len({(p.file, p.line) for p in problems if p.dropped})
    kept = sum(1 for p in problems if not p.dropped)
    parts = [f"{events:,} event{'s' if events != 1 else ''} loaded"]
    if dropped or not kept:
        parts.append(f"{dropped:,} row{'s' if dropped != 1 else ''} left out")
    if kept:
        parts.append(f"{kept:,} remark{'s' if kept != 1 else ''}")
    return " · ".join(parts)
