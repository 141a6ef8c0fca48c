"""The readers by file type: any supported file as a RawTable of text cells. No Qt here.

Each reader is a function `(path, progress) -> RawTable` registered by file suffix; the model
does the validation, so a new format only has to deliver cells and where they came from.
TimelineJS sheets are recognised by their header whatever the file type.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from viewer.io.csv_reader import read_csv
from viewer.io.json_reader import read_json
from viewer.io.parquet_reader import read_parquet
from viewer.io.progress import NO_PROGRESS, CancelledError, Progress
from viewer.io.reading import check_memory, check_regular
from viewer.io.xlsx_reader import read_xlsx
from viewer.record.problems import LoadError
from viewer.record.raw import RawTable

Reader = Callable[[Path, Progress], RawTable]

READERS: dict[str, Reader] = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".txt": read_csv,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".json": read_json,
    ".parquet": read_parquet,
    ".pq": read_parquet,
}


def read_table(path: str | Path, progress: Progress = NO_PROGRESS) -> RawTable:
    """Read any supported file; raises LoadError with a reason a person can act on."""
    path = Path(path)
    check_regular(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise LoadError(path, f"unsupported file type '{path.suffix}' (readable: {known})")
    try:
        check_memory(path)
        table = reader(path, progress)
        from viewer.io import timelinejs

        if timelinejs.is_template(table.events.columns):
            table = timelinejs.from_template(table)
        return table
    except (LoadError, CancelledError):
        raise
    except PermissionError:
        raise LoadError(path, "permission denied") from None
    except IsADirectoryError:
        raise LoadError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise LoadError(path, f"cannot be read ({exc.strerror or exc})") from None
    except MemoryError:
        raise LoadError(path, "too large to read in the memory available") from None
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"text that can't be decoded ({exc.reason})") from None
    except csv.Error as exc:
        raise LoadError(path, f"not a readable CSV table ({exc})") from None
