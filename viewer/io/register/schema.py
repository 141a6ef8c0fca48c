"""The register's tables: the data format made durable, built by numbered steps. No Qt here.

`events` holds *reports*: one row per (id, reported), never updated, so a later report of an
event is a new row and the record as known on any day is `reported <= day`. `report` numbers
rows in the order they arrived (problems name it where a file names a line). Dates are kept as
the data format writes them (`2026-01-30`, `2026-02`, `2026-Q1`, `2026~`...), with `first_s` /
`last_s` (seconds) beside them so a date window can be asked of the database. `sources` is the
Sources table; `notes` holds analysts' notes, never part of the sourced record. `version` holds
the number of the last step applied: a register made by an older RegTimeline is upgraded on
request (`regtimeline register upgrade URL`), one made by a newer one is refused.
"""

from __future__ import annotations

from viewer.io.register.url import RegisterURL
from viewer.record.notes import COLUMNS as NOTE_COLUMNS
from viewer.record.schema import EVENT_FIELDS, SOURCE_FIELDS

EVENT_TEXT = EVENT_FIELDS
"""The data format's columns, as text (`source`, `source_url`, `source_date` arrive folded
into `sources`, as the model keeps them). A column added to the format is a new step here:
the registers made before have only the columns of their steps."""

EVENT_COLUMNS = (*EVENT_TEXT, "extra", "first_s", "last_s", "imported_at", "imported_by")
"""What an import writes (`report` is numbered by the database): `extra` holds the table's
other columns as a JSON object ('' when none)."""

SOURCE_COLUMNS = SOURCE_FIELDS
"""The Sources table's columns (the format's), all text."""


def _records(url: RegisterURL) -> list[str]:
    """Step 1: reports and sources."""
    e, s, v = url.table("events"), url.table("sources"), url.table("version")
    real = "DOUBLE PRECISION" if url.kind == "postgresql" else "REAL"
    key = (
        "report BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        if url.kind == "postgresql"
        else "report INTEGER PRIMARY KEY AUTOINCREMENT"
    )
    text = ", ".join(f"{c} TEXT NOT NULL DEFAULT ''" for c in EVENT_TEXT)
    return [
        f"CREATE TABLE {v} (version INTEGER NOT NULL)",
        f"INSERT INTO {v} (version) VALUES (0)",
        f"CREATE TABLE {e} ({key}, {text}, extra TEXT NOT NULL DEFAULT '', "
        f"first_s {real}, last_s {real}, imported_at TEXT NOT NULL DEFAULT '', "
        f"imported_by TEXT NOT NULL DEFAULT '', UNIQUE (id, reported))",
        f"CREATE INDEX {e}_reported ON {e} (reported)",
        f"CREATE INDEX {e}_first ON {e} (first_s)",
        f"CREATE TABLE {s} (id TEXT PRIMARY KEY, "
        + ", ".join(f"{c} TEXT NOT NULL DEFAULT ''" for c in SOURCE_COLUMNS[1:])
        + ")",
    ]


def _notes_and_notices(url: RegisterURL) -> list[str]:
    """Step 2: analysts' notes, and (PostgreSQL) a notice when an import or a note adds rows
    (once per statement, not per row), for the windows that show the register live."""
    n = url.table("notes")
    key = (
        "note BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        if url.kind == "postgresql"
        else "note INTEGER PRIMARY KEY AUTOINCREMENT"
    )
    cols = ", ".join(f"{c} TEXT NOT NULL" for c in NOTE_COLUMNS)
    out = [f"CREATE TABLE {n} ({key}, {cols})", f"CREATE INDEX {n}_event ON {n} (event_id)"]
    if url.kind == "postgresql":
        fn = url.table("changed")
        out.append(
            f"CREATE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF EXISTS (SELECT 1 FROM added) THEN "
            f"PERFORM pg_notify('{channel(url)}', TG_TABLE_NAME); END IF; RETURN NULL; END $$"
        )
        for table in ("events", "sources", "notes"):  # (rows are only ever added)
            out.append(
                f"CREATE TRIGGER {url.table(table)}_changed AFTER INSERT ON {url.table(table)} "
                f"REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION {fn}()"
            )
    return out


STEPS = (_records, _notes_and_notices)
VERSION = len(STEPS)
"""The schema version this RegTimeline reads and writes: the number of steps."""


def steps(url: RegisterURL, have: int, want: int = VERSION) -> list[tuple[int, list[str]]]:
    """The SQL of steps have+1..want, each with the version it brings the register to."""
    return [(k + 1, STEPS[k](url)) for k in range(have, want)]


def channel(url: RegisterURL) -> str:
    """The PostgreSQL notification channel of a register (its prefix is a checked name)."""
    return f"{url.prefix}_changed"
