"""Readers: turn a file into a RawTable of text cells with line numbers. No Qt here.

Each reader is a function `path -> RawTable` registered by file suffix; the model does the
validation, so a new format only has to deliver cells and where they came from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from viewer.io.csv_reader import read_csv
from viewer.io.raw import RawTable
from viewer.io.xlsx_reader import read_xlsx
from viewer.problems import LoadError

Reader = Callable[[Path], RawTable]

READERS: dict[str, Reader] = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".txt": read_csv,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
}


def read_table(path: str | Path) -> RawTable:
    """Read any supported file; raises LoadError with a reason a person can act on."""
    path = Path(path)
    if not path.exists():
        raise LoadError(path, "no such file")
    if path.is_dir():
        raise LoadError(path, "is a folder, not a file")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise LoadError(path, f"unsupported file type '{path.suffix}' (readable: {known})")
    try:
        return reader(path)
    except LoadError:
        raise
    except PermissionError:
        raise LoadError(path, "permission denied") from None
    except OSError as exc:
        raise LoadError(path, f"cannot be read ({exc.strerror or exc})") from None


__all__ = ["READERS", "LoadError", "RawTable", "read_table"]
