"""The event table's fixed vocabulary: tracks, statuses, precisions, known regulators.

Kept in one place so the loader, the views, the legend and the exports agree on names and order.
"""

from __future__ import annotations

import re

ALL_COMPANIES = "All companies"
"""Lane group of events whose company is `all`: they concern every company."""


def fold_name(name: str) -> str:
    """How names are matched (filters, views, chips): case and runs of spaces ignored."""
    return " ".join(name.lower().split())


def company_lane(name: str) -> str:
    """The lane a company cell's name goes to: `all` in any spelling is All companies."""
    return ALL_COMPANIES if name.strip().lower() == "all" else name


TRACKS: tuple[str, ...] = (
    "US export permission",
    "CN ministry approval",
    "NDRC condition",
    "Other",
)

TRACK_OF_REGULATOR: dict[str, str] = {
    "US BIS": "US export permission",
    "US COMMERCE": "US export permission",
    "US WHITE HOUSE": "US export permission",
    "US STATE": "US export permission",
    "US GOVERNMENT": "US export permission",
    "CN MOFCOM": "CN ministry approval",
    "CN MIIT": "CN ministry approval",
    "CN GACC": "CN ministry approval",
    "CN CAC": "CN ministry approval",
    "CN SAMR": "CN ministry approval",
    "CN GOVERNMENT": "CN ministry approval",
    "CN NDRC": "NDRC condition",
}
"""`CN government` and `US government`: a body reported only as the government, no ministry
or agency named."""

STATUSES: tuple[str, ...] = (
    "in force",
    "approved",
    "conditional",
    "pending",
    "denied",
    "revoked",
    "reported",
    "disputed",
    "expected",
    "statement",
)
"""Known statuses, in legend order. An empty status is shown as `reported`."""

DEFAULT_STATUS = "reported"

PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "year", "approximate")

_JURISDICTION_PREFIX = re.compile(r"^([A-Za-z]{2})\s+\S")


def jurisdiction_of(regulator: str) -> str:
    """The jurisdiction prefix of a regulator code (`CN MIIT` -> `CN`), or '' for a company;
    of a list (`US BIS; CN MOFCOM`), each one once (`US; CN`)."""
    if ";" in regulator:
        return _each_once(jurisdiction_of, regulator)
    m = _JURISDICTION_PREFIX.match(regulator)
    return m.group(1).upper() if m else ""


def track_of(regulator: str) -> str:
    """The default track for a regulator, per the table contract; of a list, each track its
    bodies fall in, once (`US BIS; CN MOFCOM` -> `US export permission; CN ministry approval`)."""
    if ";" in regulator:
        return _each_once(track_of, regulator)
    return TRACK_OF_REGULATOR.get(" ".join(regulator.upper().split()), "Other")


def tidy_names(cell: str) -> str:
    """A name, or a `;`-list of names, with runs of spaces made one and each name once
    (`US  BIS` -> `US BIS`, `CN MIIT ;CN MOFCOM;` -> `CN MIIT; CN MOFCOM`)."""
    if ";" not in cell:
        return " ".join(cell.split())
    return "; ".join(dict.fromkeys(n for n in (" ".join(p.split()) for p in cell.split(";")) if n))


def _each_once(func, cell: str) -> str:
    names = (" ".join(p.split()) for p in cell.split(";"))
    return "; ".join(dict.fromkeys(v for v in (func(n) for n in names if n) if v))


def normalise_column(name: str) -> str:
    """Column names match case-insensitively with spaces, '-' and '_' alike."""
    return re.sub(r"[\s\-_]+", "_", str(name).strip().lower()).strip("_")
