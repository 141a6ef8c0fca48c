"""Tables written as files: CSV (UTF-8), XLSX workbooks and Parquet, cells as text. No Qt here.

The exports (viewer/export/table.py), the registers' fetch (viewer/io/official/) and a register
written out (`regtimeline register export`) all write through these, so a table RegTimeline
writes reads back the same whichever made it. Every text cell a spreadsheet would run as a
formula can be neutralised first for CSV (OWASP: a leading `'`); a workbook's cells are always
text, and those keep their text as written with the quote-prefix style, which stops Excel
running them even when edited. The write_* functions only encode, into a temporary file
(viewer/io/files.atomic_write); write_data_set writes a data set, events and sources, whole.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd

from viewer.io.files import WriteError, atomic_write, check_not_over

XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header
DATA_SET_SUFFIXES = (".csv", ".xlsx", ".parquet")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(values: pd.Series) -> pd.Series:
    """Prefix `'` to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    text = values.astype(str)
    risky = text.str.startswith(FORMULA_START)
    return text.where(~risky, "'" + text)


def neutralise_frame(frame: pd.DataFrame, names: bool = False) -> pd.DataFrame:
    """Every cell neutralised, and with `names` the column names too (a header is read by a
    spreadsheet like any cell: `=HYPERLINK(...)` as a column name runs as well)."""
    safe = frame.apply(neutralise) if len(frame) else frame.astype(str)
    if names:
        safe.columns = neutralise(pd.Series([str(c) for c in frame.columns], dtype=object))
    return safe


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a byte-order mark (Excel then reads Chinese and accents right), every cell
    quoted, as given; written by Arrow's CSV writer, which keeps a million rows to seconds."""
    import pyarrow.csv as pacsv

    options = pacsv.WriteOptions(quoting_style="all_valid")
    with path.open("wb") as handle:
        handle.write("\ufeff".encode())
        pacsv.write_csv(_text_table(frame), handle, write_options=options)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Every column as text: the data format's cells, read back as they were written."""
    import pyarrow.parquet as pq

    pq.write_table(_text_table(frame), path)


def _text_table(frame: pd.DataFrame):
    """The frame as an Arrow table of text columns, in its order (names may repeat)."""
    import pyarrow as pa

    arrays = [
        pa.array(frame.iloc[:, k].astype(str).to_numpy(dtype=object), pa.string())
        for k in range(frame.shape[1])
    ]
    return pa.Table.from_arrays(arrays, names=[str(c) for c in frame.columns])


def write_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per frame, header bold and frozen, text cells only (never formulas).

    Cells keep their text as written: a cell a spreadsheet would run (`=…`, `@…`) is a text
    cell with the quote-prefix style, which keeps Excel from reading it as a formula even when
    the user edits it, where a visible leading `'` (right for CSV) would change the data."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    try:
        _fill_book(book, sheets, path)
        book.save(path)
    except BaseException:
        _abandon(book)
        raise


def _fill_book(book, sheets: dict[str, pd.DataFrame], path: Path) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

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
            text = ILLEGAL_CHARACTERS_RE.sub("", str(title))
            cell = _text_cell(sheet, text, text.startswith(FORMULA_START))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        text = frame.astype(str) if len(frame) else frame
        clean = text.apply(lambda s: s.str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True))
        risky = clean.apply(lambda s: s.str.startswith(FORMULA_START))
        for values, flags in zip(
            clean.itertuples(index=False, name=None),
            risky.itertuples(index=False, name=None),
            strict=True,
        ):
            sheet.append([_text_cell(sheet, v, f) for v, f in zip(values, flags, strict=True)])


def _abandon(book) -> None:
    """Close a failed workbook's open sheet streams now (openpyxl's write-only sheets write
    through generators): left to the garbage collector, each would fail again on the full
    disk and print its traceback to the user's terminal."""
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        for stream in (getattr(sheet, "_rows", None), getattr(writer, "xf", None)):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()


def _text_cell(sheet, value: str, formula_like: bool = False):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # a string whatever it starts with: never a formula
    if formula_like:
        cell.quotePrefix = True  # and stays text when edited
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


# -- a data set: events and their sources ---------------------------------------------------


def sources_path(out: Path) -> Path | None:
    """Where a data set's sources go beside it (None: in the workbook itself)."""
    if out.suffix.lower() == ".xlsx":
        return None
    return out.with_name(out.stem + ".sources" + out.suffix)


def check_data_set_target(out: Path, inputs: list[str | Path | None] | tuple = ()) -> None:
    """WriteError for a type a data set is not written as, TargetError when one of its files
    would replace one of `inputs` (the files its data were read from)."""
    if out.suffix.lower() not in DATA_SET_SUFFIXES:
        kinds = ", ".join(DATA_SET_SUFFIXES[:-1]) + " or " + DATA_SET_SUFFIXES[-1]
        raise WriteError(f"{out}: unsupported output type '{out.suffix or 'none'}' (use {kinds})")
    for target in (out, sources_path(out)):
        if target is not None:
            check_not_over(target, inputs)


def write_data_set(
    out: str | Path,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    inputs: list[str | Path | None] | tuple = (),
) -> list[Path]:
    """Write the events and their sources (beside them, or in the workbook) atomically, never
    over one of `inputs`: `OUT.csv` + `OUT.sources.csv`, `OUT.xlsx` (Events and Sources
    sheets) or `OUT.parquet` + `OUT.sources.parquet`. Returns the files written."""
    out = Path(out)
    check_data_set_target(out, inputs)
    beside = sources_path(out)
    if beside is None:
        sheets = {"Events": events, "Sources": sources}
        return [atomic_write(out, lambda tmp: write_xlsx(sheets, tmp))]
    writer = write_csv if out.suffix.lower() == ".csv" else write_parquet

    def both(tmp_sources: Path) -> None:
        """Both files are written before either replaces its old copy: an interruption
        leaves the old pair (or, between the two renames, the new events beside old sources)."""
        writer(sources, tmp_sources)
        atomic_write(out, lambda tmp: writer(events, tmp))

    atomic_write(beside, both)
    return [out, beside]
