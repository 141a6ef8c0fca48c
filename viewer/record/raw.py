"""The common output of every reader: text cells plus the line each row came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.record.problems import Problem
from viewer.record.text import readable


@dataclass(frozen=True)
class Band:
    """A shaded span of time behind the lanes (a TimelineJS era): [start, stop) in seconds."""

    start: float
    stop: float
    label: str


@dataclass
class RawTable:
    """Cells exactly as the file holds them (as text, '' for empty), before any validation."""

    path: Path | None
    """The file read; None for a register (then `origin` names it)."""
    events: pd.DataFrame
    lines: np.ndarray
    sources: pd.DataFrame | None = None
    sources_path: Path | None = None
    source_lines: np.ndarray | None = None
    problems: list[Problem] = field(default_factory=list)
    name: str = ""
    bands: list[Band] = field(default_factory=list)
    column_names: dict[str, str] = field(default_factory=dict)
    """Contract field -> the file's own column name(s), so problems name what the user sees."""
    origin: str = ""
    """A register's address (never with a password): where the rows came from, for a register."""
    subset: bool = False
    """Only some of the register's events were asked for (a filter pushed into the query):
    `related` may name events that were not read, which is then no problem."""

    def __post_init__(self) -> None:
        if not self.name and self.path is not None:
            self.name = readable(self.path.stem)

    @property
    def where(self) -> str:
        """What problems name as their file: the file's path or the register's address."""
        return self.origin or str(self.path)
