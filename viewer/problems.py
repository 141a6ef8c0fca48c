"""What can be wrong with a user's table, said so that they can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one row (or the header) of a file.

    `dropped` says whether the row was left out (an error) or kept with the problem noted.
    """

    file: str
    line: int | None
    column: str | None
    value: str
    reason: str
    dropped: bool = True

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
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


def shorten(text: str, limit: int = 80) -> str:
    """Cut long cell values for messages, so a huge cell never floods a dialog or a terminal."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
