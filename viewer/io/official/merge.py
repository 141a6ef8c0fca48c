"""A fetched table added to an existing one, and written as a data set. No Qt here.

The existing table's rows are written back cell for cell, in their order and under their own
column names; the fetched rows follow. Nothing is added twice: a row whose id and `reported`
day the table already holds is skipped, and so is every row of a Federal Register document the
table already cites under an event of its own (a source whose document number, address, title
or quote names it); new rows that cite such a document cite the table's own source instead.
So merging the same fetch again writes the same table, byte for byte (CSV, Parquet).

The result goes to a new data set, never over the existing table or its sources, each file
atomically (writers.write_data_set).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from viewer.io import timelinejs, writers
from viewer.io.official.table import RegisterTable
from viewer.io.progress import NO_PROGRESS
from viewer.io.readers import READERS
from viewer.io.writers import neutralise_frame
from viewer.record.problems import LoadError
from viewer.record.raw import RawTable
from viewer.record.schema import ALIASES
from viewer.record.vocab import normalise_column

OUTPUT_SUFFIXES = writers.DATA_SET_SUFFIXES
MERGE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq")
FR_NUMBER = re.compile(r"\b(?:[A-Z]\d-)?(?:19|20)\d{2}-\d{5}\b")


@dataclass
class Merged:
    events: pd.DataFrame
    sources: pd.DataFrame
    added: int = 0
    """Event rows added."""
    kept: int = 0
    """Rows of the existing table, written back as they were."""
    notes: list[str] = field(default_factory=list)


def read_existing(path: str | Path) -> RawTable:
    """The table to merge into, cells as the file holds them; refused when merging would lose
    or change rows (a row its reader could not split, a TimelineJS sheet, a JSON document)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in MERGE_SUFFIXES:
        raise LoadError(
            path,
            "merging works on tables in the data format (CSV, XLSX, Parquet); "
            f"export this one to CSV first (regtimeline export {path.name} -o table.csv)",
        )
    if not path.is_file():
        raise LoadError(path, "no such file")
    raw = READERS[suffix](path, NO_PROGRESS)
    if timelinejs.is_template(raw.events.columns):
        raise LoadError(path, "a TimelineJS sheet: export it to CSV first to merge into it")
    unread = [p for p in raw.problems if p.dropped]
    if unread:
        raise LoadError(
            path,
            f"{len(unread)} row{'s' if len(unread) != 1 else ''} its reader could not use "
            f"(first: {unread[0]}): fix them first, so that merging loses nothing",
        )
    return raw


def merge(existing: RawTable | None, fetched: RegisterTable) -> Merged:
    """The existing rows as they are, then the fetched rows the table does not hold yet."""
    new_events = neutralise_frame(fetched.event_frame())
    new_sources = neutralise_frame(fetched.source_frame())
    if existing is None:
        merged = Merged(new_events, new_sources, added=len(new_events))
        merged.notes.extend(fetched.notes)
        return merged
    events = existing.events.astype(object).fillna("")
    sources = (
        existing.sources.astype(object).fillna("")
        if existing.sources is not None
        else pd.DataFrame(columns=["id", "publisher", "title", "url", "published"])
    )
    ev_col = _columns(events)
    src_col = _columns(sources)
    cited = _cited_documents(sources, src_col)
    ids = _cells(events, ev_col.get("id"))
    reported = _cells(events, ev_col.get("reported"))
    present = set(zip(ids, reported, strict=True))
    own_events = set(ids)
    keep = []
    skipped_documents: set[str] = set()
    for pos, row in enumerate(new_events.itertuples(index=False)):
        eid, day = str(row.id), str(row.reported)
        number = eid[3:] if eid.startswith("fr-") else ""
        if number in cited and eid not in own_events:
            skipped_documents.add(number)
            continue
        if (eid, day) in present:
            continue
        keep.append(pos)
    added = new_events.iloc[keep].copy()
    renamed = {f"fr-{n}": sid for n, sid in cited.items()}
    added["sources"] = added["sources"].map(lambda cell: _renamed(cell, renamed))
    wanted = {s for cell in added["sources"] for s in _split(cell)}
    have = set(_cells(sources, src_col.get("id")))
    new_sources = new_sources[new_sources["id"].isin(wanted - have)]
    merged = Merged(
        _append(events, ev_col, added),
        _append(sources, src_col, new_sources),
        added=len(added),
        kept=len(events),
    )
    merged.notes.extend(fetched.notes)
    if skipped_documents:
        listed = ", ".join(sorted(skipped_documents)[:5])
        more = len(skipped_documents) - 5
        merged.notes.append(
            f"{len(skipped_documents)} Federal Register document"
            f"{'s' if len(skipped_documents) != 1 else ''} the table already cites "
            f"({listed}{f' and {more} more' if more > 0 else ''}): not added again"
        )
    return merged


def _columns(frame: pd.DataFrame) -> dict[str, str]:
    """Data-format name -> the file's own column (the first that matches)."""
    found: dict[str, str] = {}
    for col in frame.columns:
        key = normalise_column(col)
        found.setdefault(ALIASES.get(key, key), col)
    return found


def _cells(frame: pd.DataFrame, column: str | None) -> list[str]:
    if column is None:
        return [""] * len(frame)
    return [str(v).strip() for v in frame[column].tolist()]


def _cited_documents(sources: pd.DataFrame, col: dict[str, str]) -> dict[str, str]:
    """Federal Register document number -> the id of the existing source that cites it."""
    found: dict[str, str] = {}
    if not len(sources) or "id" not in col:
        return found
    looked = [c for c in ("document_number", "url", "title", "quote") if c in col]
    for _, row in sources.iterrows():
        sid = str(row[col["id"]]).strip()
        publisher = str(row[col["publisher"]]) if "publisher" in col else ""
        url = str(row[col["url"]]) if "url" in col else ""
        if "federal register" not in publisher.lower() and not _is_fr_address(url):
            continue
        for name in looked:
            for number in FR_NUMBER.findall(str(row[col[name]])):
                found.setdefault(number, sid)
    return found


def _is_fr_address(url: str) -> bool:
    """federalregister.gov, or the Federal Register's packages and links on govinfo.gov."""
    return "federalregister.gov" in url or (
        "govinfo.gov" in url and ("/FR-" in url or "/link/fr/" in url)
    )


def _split(cell: object) -> list[str]:
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def _renamed(cell: object, renamed: dict[str, str]) -> str:
    return "; ".join(dict.fromkeys(renamed.get(s, s) for s in _split(cell)))


def _append(existing: pd.DataFrame, col: dict[str, str], added: pd.DataFrame) -> pd.DataFrame:
    """Existing rows untouched; added rows under the existing column names, new columns after."""
    out_names = {}
    for name in added.columns:
        out_names[name] = col.get(name, name)
    renamed = added.rename(columns=out_names)
    columns = list(existing.columns) + [c for c in renamed.columns if c not in existing.columns]
    frames = [f for f in (existing, renamed) if len(f)]
    if not frames:
        return pd.DataFrame(columns=columns, dtype=object)
    combined = pd.concat(frames, ignore_index=True)
    return combined.reindex(columns=columns).fillna("").astype(str)


def write_data_set(
    out: str | Path, merged: Merged, inputs: list[str | Path | None] | None = None
) -> list[Path]:
    """Write the merged table as a data set, never over one of `inputs` (the table merged
    into, its sources); returns the files written (writers.write_data_set)."""
    return writers.write_data_set(out, merged.events, merged.sources, inputs or ())
