"""Opening a file: read it (any reader), map its columns, check and index it. No Qt here."""

from __future__ import annotations

from pathlib import Path

from viewer.io.mapping import apply_mapping
from viewer.record.build import build_model
from viewer.record.memory import release_unused
from viewer.record.model import EventModel


def load(path: str | Path, mapping: dict[str, str] | None = None, progress=None) -> EventModel:
    """Read and validate a file; raises LoadError when it can't be read as a table at all.

    `mapping` names the file's column for fields whose columns have other names
    (viewer/io/mapping.py); `progress` reports and cancels (viewer/io/progress.py).
    """
    from viewer.io import NO_PROGRESS, read_table

    progress = progress or NO_PROGRESS
    raw = read_table(path, progress)
    if mapping:
        raw = apply_mapping(raw, mapping)
    progress.step(0.75, "Checking rows")
    release_unused()  # the file's bytes and parse buffers
    model = build_model(raw)
    del raw
    release_unused()
    return model
