"""Opening a data set: a file (any reader) or a register (a database), checked and indexed.

`load` takes a path or a register address (`sqlite:///r.db`, `postgresql://…`, or a path
ending in .db/.sqlite), so every command and the window open both the same way. No Qt here.
"""

from __future__ import annotations

from pathlib import Path

from viewer.io.mapping import apply_mapping
from viewer.io.register.url import SQLITE_SUFFIXES, RegisterURL, is_register_address
from viewer.record.build import build_model
from viewer.record.memory import release_unused
from viewer.record.model import EventModel

Location = Path | RegisterURL
"""Where a data set lives: a file, or a register."""


def location(text: str | Path | RegisterURL) -> Location:
    """A register's parsed address, or the path of a file; AddressError for a bad address."""
    from viewer.io.register.url import parse_register

    if isinstance(text, RegisterURL):
        return text
    if is_register_address(text):
        return parse_register(text)
    path = Path(text)
    if path.suffix.lower() in SQLITE_SUFFIXES:
        return parse_register(path, plain_path_is_sqlite=True)
    return path


def load(
    where: str | Path | RegisterURL,
    mapping: dict[str, str] | None = None,
    progress=None,
    pushdown=None,
) -> EventModel:
    """Read and validate a file or a register; raises LoadError when it can't be read at all.

    `mapping` names the file's column for fields whose columns have other names
    (viewer/io/mapping.py; registers keep the format's own names); `progress` reports and
    cancels (viewer/io/progress.py); `pushdown` (viewer/io/register/read.py) lets a register
    leave out what the command line's filters would drop.
    """
    from viewer.io import NO_PROGRESS, read_table
    from viewer.io.register.url import AddressError
    from viewer.record.problems import LoadError

    progress = progress or NO_PROGRESS
    try:
        source = location(where)
    except AddressError as exc:
        raise LoadError("register address", str(exc)) from None
    if isinstance(source, RegisterURL):
        from viewer.io.register.read import read_register

        raw = read_register(source, pushdown, progress)
    else:
        raw = read_table(source, progress)
        if mapping:
            raw = apply_mapping(raw, mapping)
    progress.step(0.75, "Checking rows")
    release_unused()  # the file's bytes and parse buffers
    model = build_model(raw)
    del raw
    release_unused()
    _attach_notes(model, source)
    return model


def _attach_notes(model: EventModel, source: Location) -> None:
    """The analysts' notes kept beside the data; unreadable ones are a remark, not a failure."""
    from viewer.io.notes_store import read_notes
    from viewer.record.problems import LoadError, Problem

    try:
        model.notes = read_notes(source)
    except LoadError as exc:
        model.problems.append(Problem(exc.path, None, None, "", exc.reason, dropped=False))
