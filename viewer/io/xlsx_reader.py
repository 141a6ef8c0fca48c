"""Excel workbooks: an `Events` sheet (or the only sheet) and an optional `Sources` sheet.

A workbook is a zip of XML files, and both can lie: a 1.6 KB file may claim a sheet of every
cell Excel allows, a 2 MB one may expand to gigabytes of XML. Both are told from the zip's
directory and the sheets' first bytes, and refused with the reason, before any cell is read;
rows are then read as they are written, never padded out to a claimed size.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.io.progress import NO_PROGRESS, Progress
from viewer.io.reading import check_memory_for, open_regular
from viewer.record.problems import LoadError, Problem
from viewer.record.raw import RawTable


def read_xlsx(path: Path, progress: Progress = NO_PROGRESS) -> RawTable:
    """Read the events and sources sheets; spreadsheet date cells become ISO dates."""
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError)
    broken += (ParseError, TypeError, AttributeError, IndexError, zipfile.LargeZipFile)
    broken += (OverflowError,)
    progress.step(0.02, "Opening workbook")
    with open_regular(path) as handle:
        check_workbook(path, handle)
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
        except broken as exc:
            reason = f"not a readable Excel workbook ({exc.__class__.__name__})"
            raise LoadError(path, reason) from None
        try:
            return _read_book(path, book, progress)
        except broken as exc:
            reason = f"a damaged Excel workbook ({exc.__class__.__name__})"
            raise LoadError(path, reason) from None
        finally:
            book.close()


MAX_EXPANSION = 100
"""How many times its size a workbook may expand to: real ones expand 5 to 20 times."""
EXPANSION_CHECKED = 64 << 20
"""Workbooks expanding to less than this (64 MB) are read whatever their ratio."""
MAX_CELLS = 200_000_000
"""Cells a sheet may claim (a million rows of 200 columns); more is no table of events."""
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


def check_workbook(path: Path, handle) -> None:
    """Refuse, before reading, a workbook that expands far beyond its size (a zip bomb) or
    whose sheets claim more cells than any table of events holds."""
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
            packed = max(sum(e.compress_size for e in entries), 1)
            expanded = sum(e.file_size for e in entries)
            if expanded > EXPANSION_CHECKED and expanded > MAX_EXPANSION * packed:
                raise LoadError(
                    path,
                    f"it expands from {_mb(packed)} to {_mb(expanded)} "
                    f"({expanded // packed:,} times), more than a workbook of data does "
                    f"(at most {MAX_EXPANSION} times): not read",
                )
            check_memory_for(path, expanded, factor=1)  # (the XML's tags hold more than cells)
            for entry in entries:
                if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                    with archive.open(entry) as sheet:
                        _check_claim(path, sheet.read(4096))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        pass  # (openpyxl then says the workbook can't be read)
    finally:
        handle.seek(0)


def _check_claim(path: Path, head: bytes) -> None:
    found = _DIMENSION.search(head)
    if found is None or found.group(3) is None:
        return
    first_col, first_row, last_col, last_row = found.groups()
    rows = int(last_row) - int(first_row or b"1") + 1
    cols = _column_number(last_col) - _column_number(first_col or b"A") + 1
    if rows * cols > MAX_CELLS:
        ref = f"{(first_col or b'A').decode()}{(first_row or b'1').decode()}:"
        ref += f"{last_col.decode()}{last_row.decode()}"
        raise LoadError(
            path,
            f"a sheet claims {rows:,} rows × {cols:,} columns ({ref}), more cells than "
            f"RegTimeline reads ({MAX_CELLS:,}): not read",
        )


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 1e9 else f"{size / 1e9:,.2f} GB"


def _read_book(path: Path, book, progress: Progress) -> RawTable:
    sheets = {name.strip().lower(): name for name in book.sheetnames}
    events_name = sheets.get("events") or next(
        (n for key, n in sheets.items() if key != "sources"), None
    )
    if events_name is None:
        raise LoadError(path, "the workbook has no sheet of events")
    frame, lines, problems = sheet_cells(path, book[events_name], progress)
    table = RawTable(path=path, events=frame, lines=lines, problems=problems)
    if "sources" in sheets and sheets["sources"] != events_name:
        sframe, slines, sproblems = sheet_cells(path, book[sheets["sources"]])
        table.sources, table.sources_path, table.source_lines = sframe, path, slines
        table.problems.extend(sproblems)
    return table


def cell_text(value: object) -> str:
    """A cell as the text the contract expects: dates in ISO, whole numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep="T")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_cells(
    path: Path, sheet, progress: Progress = NO_PROGRESS
) -> tuple[pd.DataFrame, np.ndarray, list[Problem]]:
    """Text cells of one sheet; the header is its first non-empty row; lines are sheet rows."""
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    where = f"{path} [{sheet.title}]"
    total = max(sheet.max_row or 1, 1)
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # rows as written, never padded to the size a sheet claims
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number % 5000 == 0:
            progress.step(0.05 + 0.6 * min(number / total, 1.0), "Reading workbook")
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1].strip():
            cells.pop()
        if not cells:
            continue
        if header is None:
            header = [c.strip() or f"column {i + 1}" for i, c in enumerate(cells)]
            continue
        if len(cells) > len(header):
            problems.append(
                Problem(
                    where,
                    number,
                    f"column {len(header) + 1} (no header)",
                    " | ".join(cells[len(header) :]),
                    f"row has {len(cells)} cells, the header has {len(header)}",
                )
            )
            continue
        rows.append(cells + [""] * (len(header) - len(cells)))
        lines.append(number)
    if header is None:
        raise LoadError(path, f"sheet '{sheet.title}' is empty")
    frame = pd.DataFrame(rows, columns=_unique(header), dtype="string")
    return frame, np.asarray(lines, dtype=np.int64), problems


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out
