"""The filtered events as a table: CSV (UTF-8) or an XLSX workbook. No Qt here.

Columns follow the event-table contract (dates written as the contract writes them, `sources`
as source ids), so an exported workbook opens again in RegTimeline; derived values are spelled
out (track, jurisdiction, date precision, reported date) and each event's sources are cited in
words. Every text cell that a spreadsheet would run as a formula is neutralised (OWASP: a
leading `'`). Columns are built with numpy/pandas, never a Python loop over the events.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.io.files import WriteError, atomic_write
from viewer.record import dates as D
from viewer.record.model import EventModel
from viewer.record.text import readable
from viewer.shown.content import Content

TABLE_SUFFIXES = (".csv", ".xlsx")
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

EVENT_COLUMNS = (
    "id",
    "date",
    "end_date",
    "date_precision",
    "company",
    "regulator",
    "jurisdiction",
    "track",
    "status",
    "title",
    "description",
    "conditions",
    "reported",
    "related",
    "sources",
    "source_citations",
)
SOURCE_COLUMNS = ("id", "publisher", "title", "url", "published", "language", "quote")


# -- columns -----------------------------------------------------------------------------------


def iso_dates(start: np.ndarray, stop: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Dates as the contract writes them (`2026-01-30`, `2026-02`, `2026-Q1`, `2026`, `…~`),
    so that the table reads back as the same record."""
    n = len(start)
    precision = np.asarray(precision, dtype=np.int64)
    valid = np.isfinite(start) & (precision != D.NO_DATE)
    if not valid.any():
        return np.full(n, "", dtype=object)
    secs = np.where(valid, start, 0.0).astype(np.int64).astype("datetime64[s]")
    days = secs.astype("datetime64[D]")
    months = secs.astype("datetime64[M]")
    month_no = months.astype(np.int64) % 12  # 0-11
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    year_text = np.char.zfill(year.astype(str), 4).astype(object)
    month_text = np.char.zfill((month_no + 1).astype(str), 2).astype(object)
    day_no = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    day_text = np.char.zfill(day_no.astype(str), 2).astype(object)
    quarter_text = (month_no // 3 + 1).astype(str).astype(object)
    span = (np.where(valid, stop, 0.0) - np.where(valid, start, 0.0)) / D.SECONDS_PER_DAY
    guessed = np.select(
        [span <= 1.01, span <= 31.5, span <= 92.5], [D.DAY, D.MONTH, D.QUARTER], D.YEAR
    )
    approx = precision == D.APPROX
    base = np.where(approx, guessed, precision)
    text = np.select(
        [base == D.DAY, base == D.MONTH, base == D.QUARTER],
        [
            year_text + "-" + month_text + "-" + day_text,
            year_text + "-" + month_text,
            year_text + "-Q" + quarter_text,
        ],
        year_text,
    ).astype(object)
    text = np.where(approx, text + "~", text)
    return np.where(valid, text, "").astype(object)


def precision_names(precision: np.ndarray) -> np.ndarray:
    names = np.array([*D.PRECISION_NAMES, ""], dtype=object)
    return names[np.where(precision == D.NO_DATE, len(names) - 1, precision)]


def citation_texts(model: EventModel) -> pd.Series:
    """`Publisher: Title (2026-01-30) https://…` per source id."""
    src = model.sources
    if not len(src):
        return pd.Series(dtype=object)
    published = src["published"].astype(str)
    when = np.where(published != "", " (" + published + ")", "")
    url = src["url"].astype(str)
    link = np.where(url != "", " " + url, "")
    text = src["publisher"].astype(str) + ": " + src["title"].astype(str) + when + link
    return pd.Series(text.to_numpy(dtype=object), index=src.index)


def event_citations(model: EventModel, rows: np.ndarray) -> np.ndarray:
    """The cited sources of each event in words, ` | `-separated, in the order cited.

    One pass per citation rank (first source, second...), each a vectorised concatenation, so
    a million events take a second or so rather than a Python call per event.
    """
    out = np.full(len(rows), "", dtype=object)
    if not len(rows) or not len(model.sources):
        return out
    cited = pd.Series(model.events["sources"].to_numpy(dtype=object)[rows])
    has = (cited != "").to_numpy(dtype=bool)
    if not has.any():
        return out
    ids = cited[has].str.split(";").explode().str.strip()
    ids = ids[ids != ""]
    texts = citation_texts(model)
    words = ids.map(texts)
    words = words.where(words.notna(), "unknown source " + ids).to_numpy(dtype=object)
    owner = ids.index.to_numpy()
    rank = ids.groupby(level=0, sort=False).cumcount().to_numpy()
    for k in range(int(rank.max()) + 1 if len(rank) else 0):
        sel = rank == k
        at = owner[sel]
        out[at] = words[sel] if k == 0 else out[at] + " | " + words[sel]
    return out


def events_frame(content: Content) -> pd.DataFrame:
    """The filtered events, one row each, with derived and cited columns."""
    model = content.model
    ev = model.events
    rows = np.flatnonzero(content.selection.events)
    sub = ev.iloc[rows]

    def col(name: str) -> np.ndarray:
        return sub[name].to_numpy(dtype=object) if name in sub else np.full(len(rows), "")

    ongoing = sub["ongoing"].to_numpy(dtype=bool)
    end_text = iso_dates(
        sub["end"].to_numpy(dtype=float),
        sub["end_stop"].to_numpy(dtype=float),
        sub["end_precision"].to_numpy(),
    )
    end_text = np.where(ongoing, "ongoing", end_text)
    reported = sub["reported_at"].to_numpy(dtype=float)
    frame = pd.DataFrame(
        {
            "id": col("id"),
            "date": iso_dates(
                sub["start"].to_numpy(dtype=float),
                sub["stop"].to_numpy(dtype=float),
                sub["precision"].to_numpy(),
            ),
            "end_date": end_text,
            "date_precision": precision_names(sub["precision"].to_numpy()),
            "company": col("company"),
            "regulator": col("regulator"),
            "jurisdiction": col("jurisdiction"),
            "track": col("track"),
            "status": col("status"),
            "title": col("title"),
            "description": col("description"),
            "conditions": col("conditions"),
            "reported": iso_dates(reported, reported + D.SECONDS_PER_DAY, np.zeros(len(rows))),
            "related": col("related"),
            "sources": col("sources"),
            "source_citations": event_citations(model, rows),
        }
    )
    for extra in model.extra_columns:
        if extra in sub and extra not in frame:
            frame[extra] = sub[extra].fillna("").astype(str).to_numpy(dtype=object)
    return frame


def sources_frame(model: EventModel, events: pd.DataFrame) -> pd.DataFrame:
    """The sources the exported events cite (first citation first), in the Sources columns."""
    cited = events["sources"].astype(str)
    ids = cited[cited != ""].str.split(";").explode().str.strip()
    ids = pd.unique(ids[ids != ""].to_numpy(dtype=object))
    ids = [sid for sid in ids if sid in model.sources.index]
    src = model.sources.loc[ids] if ids else model.sources.iloc[0:0]
    return pd.DataFrame({c: src[c].astype(str).to_numpy(dtype=object) for c in SOURCE_COLUMNS})


# -- safety ------------------------------------------------------------------------------------


def neutralise(values: pd.Series) -> pd.Series:
    """Prefix `'` to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    text = values.astype(str)
    risky = text.str.startswith(FORMULA_START)
    return text.where(~risky, "'" + text)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(neutralise) if len(frame) else frame.astype(str)


# -- writing -----------------------------------------------------------------------------------


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a byte-order mark (Excel then reads Chinese and accents right), every cell
    quoted; written by Arrow's CSV writer, which keeps a million rows to seconds."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    safe = neutralise_frame(frame)
    names = neutralise(pd.Series([str(c) for c in frame.columns], dtype=object)).tolist()
    arrays = [pa.array(safe[c].to_numpy(dtype=object), pa.string()) for c in safe]
    table = pa.Table.from_arrays(arrays, names=names)  # (names may repeat)
    options = pacsv.WriteOptions(quoting_style="all_valid")
    with path.open("wb") as handle:
        handle.write("\ufeff".encode())
        pacsv.write_csv(table, handle, write_options=options)


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


def export_table(content: Content, path: str | Path, provenance: dict[str, str] | None = None):
    """Write the filtered events to .csv or .xlsx atomically; returns (path, events, sources)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise WriteError(f"{path}: unsupported table type '{path.suffix}' (use .csv or .xlsx)")
    events = events_frame(content)
    sources = sources_frame(content.model, events)

    def write(tmp: Path) -> None:
        if suffix == ".csv":
            write_csv(events, tmp)
        else:
            sheets = {"Events": events, "Sources": sources}
            if provenance:
                sheets["Export"] = pd.DataFrame(
                    {"field": list(provenance), "value": list(provenance.values())}
                )
            write_xlsx(sheets, tmp)

    atomic_write(path, write, data_files(content))
    return path, len(events), len(sources)


def data_files(content: Content) -> tuple:
    """The files the shown data were read from: no export may write over them."""
    model = content.model
    return (model.path, model.sources_path)


def provenance(content: Content, today: dt.date | None = None) -> dict[str, str]:
    """What an exported workbook says about itself: source file, fingerprint, filters."""
    from viewer.export.describe import day_text, fingerprint
    from viewer.shown.filters import describe

    model = content.model
    today = today or dt.date.today()
    return {
        "exported": today.isoformat(),
        "from": readable(model.path.name) if model.path else model.name,
        "sha256": (fingerprint(model.path) or "") if model.path else "",
        "filters": describe(content.filters) if content.filters.active else "none",
        "events": f"{content.selection.count:,} of {len(model):,}",
        "as_of": day_text(model.as_of) if model.as_of is not None else "latest reports",
    }
