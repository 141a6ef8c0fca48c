"""Excel workbooks: an `Events` sheet (or the only sheet) and an optional `Sources` sheet."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.io.raw import RawTable
from viewer.problems import LoadError, Problem


def read_xlsx(path: Path) -> RawTable:
    """Read the events and sources sheets; spreadsheet date cells become ISO dates."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError) as exc:
        raise LoadError(path, f"not a readable Excel workbook ({exc.__class__.__name__})") from None
    try:
        sheets = {name.strip().lower(): name for name in book.sheetnames}
        events_name = sheets.get("events") or next(
            (n for key, n in sheets.items() if key != "sources"), None
        )
        if events_name is None:
            raise LoadError(path, "the workbook has no sheet of events")
        frame, lines, problems = sheet_cells(path, book[events_name])
        table = RawTable(path=path, events=frame, lines=lines, problems=problems)
        if "sources" in sheets and sheets["sources"] != events_name:
            sframe, slines, sproblems = sheet_cells(path, book[sheets["sources"]])
            table.sources, table.sources_path, table.source_lines = sframe, path, slines
            table.problems.extend(sproblems)
        return table
    finally:
        book.close()


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


def sheet_cells(path: Path, sheet) -> tuple[pd.DataFrame, np.ndarray, list[Problem]]:
    """Text cells of one sheet; the header is its first non-empty row; lines are sheet rows."""
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    where = f"{path} [{sheet.title}]"
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
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
                    None,
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
