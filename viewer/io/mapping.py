"""Column mapping: tables whose columns have other names (`Effective Date`, `Agency`...).

A mapping says which of the file's columns holds each field of the contract. It is guessed from
the names (and, for the date, from the cells), confirmed by the user in the window or given with
`--map 'date=Effective Date,regulator=Agency'`, and remembered per header (`header_key`). No Qt.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pandas as pd

from viewer.record.problems import LoadError
from viewer.record.raw import RawTable
from viewer.record.schema import KNOWN, REQUIRED
from viewer.record.vocab import normalise_column

# The contract's columns (viewer/model.py), required ones first as the dialog lists them.
REQUIRED_FIELDS = REQUIRED
FIELDS = REQUIRED + tuple(f for f in KNOWN if f not in REQUIRED)
FIELD_LABELS = {
    "date": "Date",
    "company": "Company",
    "regulator": "Regulator",
    "title": "Title",
    "id": "Id",
    "end_date": "End date",
    "status": "Status",
    "track": "Track",
    "jurisdiction": "Jurisdiction",
    "description": "Description",
    "conditions": "Conditions",
    "sources": "Source ids",
    "source": "Source (publisher)",
    "source_url": "Source address",
    "source_date": "Source date",
    "related": "Related ids",
    "reported": "Reported",
}

# Names people give each field, best first (compared after normalise_column).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "effective_date",
        "start_date",
        "start",
        "event_date",
        "date_effective",
        "when",
        "day",
        "action_date",
        "decision_date",
        "issued",
        "issue_date",
    ),
    "company": (
        "company",
        "companies",
        "entity",
        "entities",
        "firm",
        "organisation",
        "organization",
        "org",
        "party",
        "parties",
        "applicant",
        "exporter",
        "licensee",
        "target",
        "group",
    ),
    "regulator": (
        "regulator",
        "regulators",
        "agency",
        "authority",
        "issuer",
        "issuing_body",
        "body",
        "ministry",
        "department",
        "government_body",
        "actor",
    ),
    "title": (
        "title",
        "headline",
        "summary",
        "event",
        "subject",
        "name",
        "action",
        "short_description",
    ),
    "id": ("id", "event_id", "ref", "reference", "identifier", "key", "uid", "unique_id"),
    "end_date": ("end_date", "end", "until", "expiry", "expires", "expiration", "end_of_period"),
    "status": ("status", "state", "outcome", "decision", "result"),
    "track": ("track", "category", "kind"),
    "jurisdiction": ("jurisdiction", "country", "nation"),
    "description": ("description", "details", "detail", "notes", "note", "text", "body", "comment"),
    "conditions": ("conditions", "condition", "terms", "restrictions"),
    "sources": ("sources", "source_ids"),
    "source": ("source", "publisher", "outlet"),
    "source_url": ("source_url", "url", "link", "address"),
    "source_date": ("source_date", "published", "publication_date"),
    "related": ("related", "related_ids", "see_also"),
    "reported": ("reported", "reported_date", "announced", "disclosed", "first_reported"),
}


def header_key(columns) -> str:
    """A short key for a header (normalised names, in order): the same table shape, same key."""
    text = "\x1f".join(normalise_column(c) for c in columns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def parse_map(text: str) -> dict[str, str]:
    """`date=Effective Date,regulator=Agency` -> {'date': 'Effective Date', ...}.

    Raises ValueError naming the part that is wrong (an unknown field, a missing `=`).
    """
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(f"'{part.strip()}' is not FIELD=COLUMN")
        field, column = part.split("=", 1)
        key = normalise_column(field)
        if key not in FIELDS:
            raise ValueError(f"unknown field '{field.strip()}' (fields: {', '.join(FIELDS)})")
        if not column.strip():
            raise ValueError(f"no column given for '{field.strip()}'")
        if key in mapping:
            raise ValueError(f"field '{key}' is mapped twice")
        mapping[key] = column.strip()
    if not mapping:
        raise ValueError("empty mapping")
    return mapping


def format_map(mapping: dict[str, str]) -> str:
    """The `--map` text of a mapping (fields in the contract's order)."""
    return ",".join(f"{f}={mapping[f]}" for f in FIELDS if f in mapping)


def find_column(columns, name: str) -> str | None:
    """The file's column called `name`: exactly, else ignoring case, spaces, `-` and `_`."""
    names = [str(c) for c in columns]
    if name in names:
        return name
    key = normalise_column(name)
    return next((c for c in names if normalise_column(c) == key), None)


def apply_mapping(raw: RawTable, mapping: dict[str, str]) -> RawTable:
    """Rename mapped columns to their fields; the columns they displace are kept as extras."""
    frame = raw.events
    rename: dict[str, str] = {}
    for field, column in mapping.items():
        found = find_column(frame.columns, column)
        if found is None:
            have = ", ".join(str(c) for c in frame.columns) or "none"
            raise LoadError(
                raw.where, f"no column '{column}' to map to {field} (columns found: {have})"
            )
        if found in rename:
            raise LoadError(
                raw.where, f"column '{found}' is mapped to both {rename[found]} and {field}"
            )
        rename[found] = field
    # A column that already carries a mapped field's name (or an alias of it) would compete.
    from viewer.record.schema import ALIASES

    taken = set(rename.values())
    for col in frame.columns:
        if col in rename:
            continue
        key = normalise_column(col)
        if ALIASES.get(key, key) in taken:
            rename[col] = f"{col} (not used)"
    names = dict(raw.column_names)
    for col, field in rename.items():
        if field in FIELDS:
            names[field] = str(col)
    return replace(raw, events=frame.rename(columns=rename), column_names=names)


def missing_fields(columns) -> list[str]:
    """The required fields that no column names (directly or by an alias)."""
    from viewer.record.schema import ALIASES

    have = set()
    for c in columns:
        key = normalise_column(c)
        have.add(ALIASES.get(key, key))
    return [f for f in REQUIRED_FIELDS if f not in have]


DATE_FIELDS = ("date", "end_date", "reported", "source_date")


def guess_mapping(frame: pd.DataFrame) -> dict[str, str]:
    """The likeliest column for each field, from the names; date fields also by their cells."""
    columns = [str(c) for c in frame.columns]
    keys = {c: normalise_column(c) for c in columns}
    used: set[str] = set()
    guess: dict[str, str] = {}
    for field in FIELDS:
        candidates = [
            c
            for rank in range(2)  # exact synonyms first, then names that contain one
            for word in SYNONYMS[field]
            for c in columns
            if c not in used and (keys[c] == word if rank == 0 else _contains(keys[c], word))
        ]
        if field in DATE_FIELDS:
            dated = [c for c in dict.fromkeys(candidates) if _date_share(frame[c]) >= 0.5]
            if field == "date" and not dated:
                best = _datelike_column([c for c in columns if c not in used], frame)
                dated = [best] if best else []
            candidates = dated
        if candidates:
            guess[field] = candidates[0]
            used.add(candidates[0])
    return guess


def _date_share(values: pd.Series) -> float:
    """The share of the first non-empty cells that read as dates (1.0 for an empty column)."""
    from viewer.record.dates import parse_dates

    sample = values.head(50).astype("string").fillna("")
    sample = sample[sample.str.strip() != ""]
    if sample.empty:
        return 1.0
    col = parse_dates(sample.reset_index(drop=True))
    # Ambiguous day/month dates are still dates: the column is right, the order is the problem.
    ambiguous = sum(1 for reason in col.errors.values() if reason.startswith("ambiguous"))
    return (int(col.valid.sum()) + ambiguous) / len(sample)


def _contains(key: str, word: str) -> bool:
    return (len(word) >= 4 and word in key.split("_")) or (len(word) >= 5 and word in key)


def _datelike_column(columns: list[str], frame: pd.DataFrame) -> str | None:
    """The column whose first cells read best as dates (more than half of them)."""
    best, best_share = None, 0.5
    for c in columns:
        if frame[c].astype("string").fillna("").str.strip().eq("").all():
            continue
        share = _date_share(frame[c])
        if share > best_share:
            best, best_share = c, share
    return best


def samples(frame: pd.DataFrame, limit: int = 3, width: int = 40) -> dict[str, list[str]]:
    """A few non-empty cells of each column, shortened, for the mapping dialog."""
    from viewer.record.problems import shorten

    out: dict[str, list[str]] = {}
    for c in frame.columns:
        values = frame[c].astype("string").fillna("").head(200)
        values = values[values.str.strip() != ""].head(limit)
        out[str(c)] = [shorten(v, width) for v in values]
    return out
