"""The filtered events as a table: CSV (UTF-8) or an XLSX workbook. No Qt here.

Columns follow the event-table contract (dates written as the contract writes them, `sources`
as source ids), so an exported workbook opens again in RegTimeline; derived values are spelled
out (track, jurisdiction, date precision, reported date) and each event's sources are cited in
words. Every text cell and column name that a spreadsheet would run as a formula is
neutralised: in CSV by a leading `'` (OWASP), in a workbook by text cells with the quote-prefix
style, which keep the text as written (viewer/io/writers.py). Columns are built with
numpy/pandas, never a Python loop over the events.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.io.files import WriteError, atomic_write
from viewer.io.writers import neutralise_frame, write_csv, write_xlsx
from viewer.record import dates as D
from viewer.record.model import EventModel
from viewer.record.sources import DERIVED
from viewer.record.text import readable
from viewer.shown.content import Content

TABLE_SUFFIXES = (".csv", ".xlsx")

SOURCE_COLUMNS = ("id", "publisher", "title", "url", "published", "language", "quote")


# -- columns -----------------------------------------------------------------------------------


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

    dates = D.written_dates(sub)
    frame = pd.DataFrame(
        {
            "id": col("id"),
            "date": dates["date"],
            "end_date": dates["end_date"],
            "date_precision": precision_names(sub["precision"].to_numpy()),
            "company": col("company"),
            "regulator": col("regulator"),
            "jurisdiction": col("jurisdiction"),
            "track": col("track"),
            "status": col("status"),
            "title": col("title"),
            "description": col("description"),
            "conditions": col("conditions"),
            "reported": dates["reported"],
            "related": col("related"),
            "sources": col("sources"),
            "source_citations": event_citations(model, rows),
        }
    )
    for extra in model.extra_columns:
        if extra in sub and extra not in frame:
            frame[extra] = sub[extra].fillna("").astype(str).to_numpy(dtype=object)
    if len(model.notes):  # beside the record, named as what they are
        frame["analyst_notes"] = model.notes.column(frame["id"].to_numpy(dtype=object))
    return frame


def sources_frame(model: EventModel, events: pd.DataFrame) -> pd.DataFrame:
    """The sources the exported events cite (first citation first), in the Sources columns,
    then the file's own further columns (a Federal Register document's number, citation...)."""
    cited = events["sources"].astype(str)
    ids = cited[cited != ""].str.split(";").explode().str.strip()
    ids = pd.unique(ids[ids != ""].to_numpy(dtype=object))
    ids = [sid for sid in ids if sid in model.sources.index]
    src = model.sources.loc[ids] if ids else model.sources.iloc[0:0]
    extra = [c for c in src.columns if c not in SOURCE_COLUMNS and c not in DERIVED]
    columns = [*SOURCE_COLUMNS, *extra]
    return pd.DataFrame({c: src[c].astype(str).to_numpy(dtype=object) for c in columns})


# -- writing -----------------------------------------------------------------------------------


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
            write_csv(neutralise_frame(events, names=True), tmp)
        else:  # (text cells, formula-like ones quote-prefixed: the data as they are)
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
    from viewer.export.describe import fingerprint
    from viewer.shown.filters import describe

    model = content.model
    today = today or dt.date.today()
    return {
        "exported": today.isoformat(),
        "from": readable(model.path.name) if model.path else model.name,
        "sha256": (fingerprint(model.path) or "") if model.path else "",
        "filters": describe(content.filters) if content.filters.active else "none",
        "events": f"{content.selection.count:,} of {len(model):,}",
        "as_of": D.long_day(model.as_of) if model.as_of is not None else "latest reports",
    }
