"""Excel workbooks: an `Events` sheet (or the only sheet) and an optional `Sources` sheet."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.io.progress import NO_PROGRESS, Progress
from viewer.record.problems import LoadError, Problem
from viewer.record.raw import RawTable


def read_xlsx(path: Path, progress: Progress = NO_PROGRESS) -> RawTable:
    """Read the events and sources sheets; spreadsheet date cells become ISO dates."""
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError)
    broken += (ParseError, TypeError, AttributeError, IndexError, zipfile.LargeZipFile)
    progress.step(0.02, "Opening workbook")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except broken as exc:
        raise LoadError(path, f"not a readable Excel workbook ({exc.__class__.__name__})") from None
    try:
        return _read_book(path, book, progress)
    except broken as exc:
        raise LoadError(path, f"a damaged Excel workbook ({exc.__class__.__name__})") from None
    finally:
        book.close()


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
