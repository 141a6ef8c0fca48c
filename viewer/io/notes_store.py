"""Where analysts' notes are kept: a register's notes table, or a file beside a table.

For a table file `NAME.csv` (or .xlsx, .json...) the notes go to `NAME.notes.csv` beside it,
written whole and atomically, so the user's own table is never touched. For a register they
are rows of its `notes` table, seen by every colleague (and, live, within a second). No Qt here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import astuple
from pathlib import Path

from viewer.io.files import atomic_write
from viewer.io.reading import read_bytes, regular_file_or_none
from viewer.io.register.url import RegisterURL
from viewer.record.notes import COLUMNS, Note, Notes
from viewer.record.problems import LoadError


def sidecar_path(path: Path) -> Path:
    """`h200.csv` -> `h200.notes.csv`."""
    return path.with_name(path.stem + ".notes.csv")


def read_notes(where: Path | RegisterURL | None) -> Notes:
    """The notes kept for a data set (none when there are none yet); LoadError if unreadable."""
    if where is None:
        return Notes()
    if isinstance(where, RegisterURL):
        from viewer.io.register.connection import connect

        with connect(where) as con:
            table = con.query(
                f"SELECT {', '.join(COLUMNS)} FROM {where.table('notes')} ORDER BY note"
            )
        return Notes([Note(*row) for row in zip(*table.to_pydict().values(), strict=True)])
    side = regular_file_or_none(sidecar_path(where))  # (a pipe or a device is no notes file)
    if side is None:
        return Notes()
    try:
        text = read_bytes(side).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(side, f"notes can't be read ({exc})") from None
    notes = []
    for row in csv.DictReader(io.StringIO(text)):
        values = [str(row.get(c) or "") for c in COLUMNS]
        if values[0] and values[3]:
            notes.append(Note(*values))
    return Notes(notes)


def add_note(where: Path | RegisterURL, note: Note) -> None:
    """Keep a note: WriteError (a file) or RegisterError (a register) when it can't be."""
    if isinstance(where, RegisterURL):
        from viewer.io.register.connection import connect

        with connect(where) as con:
            marks = ", ".join(con.param(k + 1) for k in range(len(COLUMNS)))
            con.run(
                f"INSERT INTO {where.table('notes')} ({', '.join(COLUMNS)}) VALUES ({marks})",
                astuple(note),
            )
        return
    write_sidecar(where, [*read_notes(where), note])


def write_sidecar(table: Path, notes) -> Path:
    """The notes file beside `table`, written whole and atomically (WriteError if it can't
    be); returns its path."""

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(COLUMNS)
            for n in notes:
                out.writerow(astuple(n))

    side = sidecar_path(table)
    atomic_write(side, write)
    return side


def add_missing_notes(url: RegisterURL, notes) -> int:
    """Add to a register the notes it does not hold yet (the same event, time, author and
    text), in one transaction: importing a table and its notes twice adds them once. Returns
    how many were added."""
    from viewer.io.register.connection import connect

    table = url.table("notes")
    cols = ", ".join(COLUMNS)
    added = 0
    with connect(url) as con:
        marks = ", ".join(con.param(k + 1) for k in range(len(COLUMNS)))
        same = " AND ".join(f"{c} = {con.param(k + 1)}" for k, c in enumerate(COLUMNS))
        with con.transaction():
            for note in notes:
                values = astuple(note)
                if con.rows(f"SELECT count(*) FROM {table} WHERE {same}", values)[0][0]:
                    continue
                con.run(f"INSERT INTO {table} ({cols}) VALUES ({marks})", values)
                added += 1
    return added
