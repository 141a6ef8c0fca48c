"""Tables written as files: CSV (UTF-8), XLSX workbooks and Parquet, cells as text. No Qt here.

The exports (viewer/export/table.py) and the registers' fetch (viewer/io/official/) both write
through these, so a table RegTimeline writes reads back the same whichever made it. Every
text cell a spreadsheet would run as a formula can be neutralised first (OWASP: a leading `'`).
The callers write into a temporary file (viewer/io/files.atomic_write); these only encode.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from viewer.io.files import WriteError

XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(values: pd.Series) -> pd.Series:
    """Prefix `'` to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    text = values.astype(str)
    risky = text.str.startswith(FORMULA_START)
    return text.where(~risky, "'" + text)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(neutralise) if len(frame) else frame.astype(str)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a byte-order mark (Excel then reads Chinese and accents right), every cell
    quoted, as given; written by Arrow's CSV writer, which keeps a million rows to seconds."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.table(
        {str(c): pa.array(frame[c].astype(str).to_numpy(dtype=object), pa.string()) for c in frame}
    )
    options = pacsv.WriteOptions(quoting_style="all_valid")
    with path.open("wb") as handle:
        handle.write("\ufeff".encode())
        pacsv.write_csv(table, handle, write_options=options)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Every column as text: the data format's cells, read back as they were written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {str(c): pa.array(frame[c].astype(str).to_numpy(dtype=object), pa.string()) for c in frame}
    )
    pq.write_table(table, path)


def write_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per frame, header bold and frozen, text cells only (never formulas)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, frame in sheets.items():
        if len(frame) > XLSX_MAX_ROWS:
            raise WriteError(
                f"{path}: {len(frame):,} rows do not fit in an Excel sheet "
                f"(at most {XLSX_MAX_ROWS:,}); export to .csv instead"
            )
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        widths = _column_widths(frame)
        for k, width in enumerate(widths):
            sheet.column_dimensions[_letter(k)].width = width
        header = []
        for title in frame.columns:
            cell = WriteOnlyCell(sheet, value=str(title))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        clean = frame.astype(str).apply(
            lambda s: s.str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
        )
        for values in clean.itertuples(index=False, name=None):
            sheet.append([_text_cell(sheet, v) for v in values])
    book.save(path)


def _text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # a string whatever it starts with: never a formula
    return cell


def _letter(k: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(k + 1)


def _column_widths(frame: pd.DataFrame) -> list[float]:
    head = frame.head(200)
    widths = []
    for name in frame.columns:
        longest = head[name].astype(str).str.len().max() if len(head) else 0
        widths.append(float(min(60, max(len(str(name)) + 2, int(longest or 0) + 2))))
    return widths
