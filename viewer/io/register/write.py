"""Making, upgrading and filling a register. No Qt here.

`import_model` appends a checked table's reports in one transaction: the rows opening the file
left out are never offered, a report already in the register (same id and reported day) is
skipped, and one that differs from the register's is listed as a problem and not written (a
register's reports are never changed: a later state is a later report).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from viewer.io.register.connection import Connection, RegisterError, connect
from viewer.io.register.schema import (
    EVENT_COLUMNS,
    EVENT_TEXT,
    SOURCE_COLUMNS,
    VERSION,
    steps,
)
from viewer.io.register.url import RegisterURL
from viewer.record import dates as D
from viewer.record.model import EventModel
from viewer.record.problems import Problem


@dataclass
class ImportResult:
    """What an import did: reports written and skipped, sources added, rows refused."""

    written: int = 0
    already: int = 0
    sources_written: int = 0
    refused: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.written:,} report{'s' if self.written != 1 else ''} added"]
        if self.already:
            parts.append(f"{self.already:,} already in the register")
        parts.append(f"{self.sources_written:,} source{'s' if self.sources_written != 1 else ''}")
        if self.refused:
            parts.append(f"{len(self.refused):,} refused")
        return " · ".join(parts)


def schema_version(con: Connection) -> int | None:
    """The register's schema version, or None when the database holds no register."""
    url = con.url
    tables = con.tables()
    if url.table("version") not in tables:
        return None
    rows = con.rows(f"SELECT max(version) FROM {url.table('version')}")
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def check_version(con: Connection) -> None:
    """Refuse a database that is no register, or one of another schema version, saying why."""
    have = schema_version(con)
    address = con.url.address
    if have is None:
        raise RegisterError(
            address,
            f"not a RegTimeline register (no table {con.url.table('version')}); "
            f"create one with 'regtimeline register init {address}'",
        )
    if have > VERSION:
        raise RegisterError(
            address,
            f"made by a newer RegTimeline (schema version {have}; this one reads version "
            f"{VERSION}): open it with a newer RegTimeline",
        )
    if have < VERSION:
        raise RegisterError(
            address,
            f"made by an older RegTimeline (schema version {have}; this one reads version "
            f"{VERSION}): upgrade it with 'regtimeline register upgrade {address}'",
        )


def init_register(url: RegisterURL) -> str:
    """Create the register's tables (a SQLite file is created); says what was done."""
    if url.path is not None and not url.path.parent.is_dir():
        raise RegisterError(url.address, f"folder {url.path.parent} does not exist")
    with connect(url, create=True) as con:
        have = schema_version(con)
        if have is not None:
            if have == VERSION:
                return f"{url.address} is already a register (schema version {have}); unchanged"
            check_version(con)
        if url.kind == "sqlite":
            con.run("PRAGMA journal_mode = WAL")  # readers never wait for a writer
        _apply(con, 0)
    return f"Created register {url.address} (schema version {VERSION})"


def upgrade_register(url: RegisterURL) -> str:
    """Bring an older register to this version in one transaction; a newer one is refused."""
    with connect(url) as con:
        have = schema_version(con)
        if have is None or have > VERSION:
            check_version(con)
        if have == VERSION:
            return f"{url.address} is up to date (schema version {VERSION})"
        _apply(con, have)
    return f"Upgraded {url.address} from schema version {have} to {VERSION}"


def _apply(con: Connection, have: int) -> None:
    version = con.url.table("version")
    with con.transaction():
        for number, statements in steps(con.url, have):
            for sql in statements:
                con.run(sql)
            con.run(f"UPDATE {version} SET version = {con.param(1)}", (number,))


# -- import ----------------------------------------------------------------------------------


def import_model(url: RegisterURL, model: EventModel, who: str | None = None) -> ImportResult:
    """Append the model's reports and sources in one transaction (see the module's note)."""
    events, lines = report_table(model, who)
    sources, renamed = source_table(model)
    if renamed:
        events = events.set_column(
            events.column_names.index("sources"),
            "sources",
            pa.array(_rename_cited(events.column("sources").to_pylist(), renamed), pa.string()),
        )
    where = str(model.path) if model.path is not None else model.name
    result = ImportResult()
    with connect(url) as con:
        check_version(con)
        e, s = url.table("events"), url.table("sources")
        with con.transaction():
            con.ingest("incoming", events.append_column("line", pa.array(lines, pa.int64())))
            cols = ", ".join(EVENT_COLUMNS)
            added = con.query(
                f"INSERT INTO {e} ({cols}) SELECT {cols} FROM incoming WHERE true "
                "ON CONFLICT (id, reported) DO NOTHING RETURNING report"
            )
            result.written = added.num_rows
            differs = " OR ".join(f"r.{c} <> i.{c}" for c in (*EVENT_TEXT, "extra"))
            clash = con.rows(
                f"SELECT i.line, i.id, i.reported FROM incoming i JOIN {e} r "
                f"ON r.id = i.id AND r.reported = i.reported WHERE {differs} ORDER BY i.line"
            )
            result.already = events.num_rows - result.written - len(clash)
            for line, eid, reported in clash:
                result.refused.append(
                    Problem(
                        where,
                        int(line),
                        "id",
                        str(eid),
                        f"the register already holds a different report of this id on "
                        f"{reported}; a register's reports are never changed (give the new "
                        "state a later 'reported' date)",
                    )
                )
            con.ingest("incoming_sources", sources)
            scols = ", ".join(SOURCE_COLUMNS)
            added = con.query(
                f"INSERT INTO {s} ({scols}) SELECT {scols} FROM incoming_sources WHERE true "
                "ON CONFLICT (id) DO NOTHING RETURNING id"
            )
            result.sources_written = added.num_rows
            differs = " OR ".join(f"r.{c} <> i.{c}" for c in SOURCE_COLUMNS[1:])
            for (sid,) in con.rows(
                f"SELECT i.id FROM incoming_sources i JOIN {s} r ON r.id = i.id "
                f"WHERE {differs} ORDER BY i.id"
            ):
                result.refused.append(
                    Problem(
                        str(model.sources_path or where),
                        None,
                        "id",
                        str(sid),
                        "the register already holds a different source with this id; "
                        "the register's is kept",
                        dropped=False,
                    )
                )
    return result


def report_table(model: EventModel, who: str | None = None) -> tuple[pa.Table, np.ndarray]:
    """Every report of the model (its history too) as the register stores it, and the line
    each came from. Dates are written in the data format's own forms, so a register never
    holds a `03/04/2026` whose reading depends on the other rows."""
    rows = model.rows
    n = len(rows)

    def num(col: str) -> np.ndarray:
        return rows[col].to_numpy(dtype=float)

    start, stop, end_stop = num("start"), num("stop"), num("end_stop")
    ongoing = rows["ongoing"].to_numpy(dtype=bool)
    last = np.fmax(stop, end_stop)
    data = {"id": _text(rows["id"]), **D.written_dates(rows)}
    for col in EVENT_TEXT:
        if col not in data:
            data[col] = _text(rows[col])
    table = {c: pa.array(data[c], pa.string()) for c in EVENT_TEXT}
    table["extra"] = pa.array(_extras(rows, model.extra_columns), pa.string())
    table["first_s"] = pa.array(start, pa.float64())
    table["last_s"] = pa.array(np.where(ongoing, np.nan, last), pa.float64(), from_pandas=True)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    table["imported_at"] = pa.array(np.full(n, now, dtype=object), pa.string())
    author = who if who is not None else _user()
    table["imported_by"] = pa.array(np.full(n, author, dtype=object), pa.string())
    return pa.table(table), rows["line"].to_numpy(dtype=np.int64)


def record_frames(model: EventModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every report (history included) and every source, in the data format's columns and
    forms, with the table's other columns after them: what `register export` writes."""
    reports, _lines = report_table(model)
    events = pd.DataFrame({c: reports.column(c).to_numpy(zero_copy_only=False) for c in EVENT_TEXT})
    for extra in model.extra_columns:
        if extra in model.rows and extra not in events:
            events[extra] = _text(model.rows[extra])
    sources, _renamed = source_table(model)
    return events, sources.to_pandas()


def source_table(model: EventModel) -> tuple[pa.Table, dict[str, str]]:
    """The model's sources, and new ids for inline ones: a file names those `row-N-source`
    after its line, which would clash between files; in a register they are named after
    their content (`src-1a2b3c4d5e6f`), so the same inline source imported twice is one."""
    src = model.sources
    frame = {c: _text(src[c]) if c in src else np.full(len(src), "") for c in SOURCE_COLUMNS}
    renamed: dict[str, str] = {}
    ids = frame["id"]
    for k, sid in enumerate(ids):
        if sid.startswith("row-") and sid.endswith("-source"):
            key = "\x1f".join(str(frame[c][k]) for c in SOURCE_COLUMNS[1:])
            renamed[sid] = "src-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
            ids[k] = renamed[sid]
    keep = ~pd.Series(ids).duplicated().to_numpy()
    return pa.table({c: pa.array(frame[c][keep], pa.string()) for c in SOURCE_COLUMNS}), renamed


def _rename_cited(cells: list, renamed: dict[str, str]) -> list[str]:
    out = []
    for cell in cells:
        if cell and "-source" in cell:
            cell = "; ".join(renamed.get(p.strip(), p.strip()) for p in cell.split(";"))
        out.append(cell)
    return out


def _text(values: pd.Series) -> np.ndarray:
    return values.astype("string").fillna("").to_numpy(dtype=object)


def _extras(rows: pd.DataFrame, extras: list[str]) -> np.ndarray:
    """The other columns of each row as a JSON object (only the non-empty ones), else ''."""
    n = len(rows)
    cols = [c for c in extras if c in rows]
    if not cols:
        return np.full(n, "", dtype=object)
    frame = rows[cols].astype("string").fillna("")
    out = np.full(n, "", dtype=object)
    for k, values in enumerate(frame.itertuples(index=False, name=None)):
        kept = {c: v for c, v in zip(cols, values, strict=True) if v != ""}
        if kept:
            out[k] = json.dumps(kept, ensure_ascii=False, sort_keys=True)
    return out


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
