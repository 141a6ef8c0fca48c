"""File -> RawTable -> record: the readers, the column mapping and `load()`. No Qt here.

Each reader (readers.py) turns a file into a RawTable of text cells with the line of every row;
record/build.py does the checks, so a new format only delivers cells and where they came from.
"""

from viewer.io.load_table import load
from viewer.io.progress import NO_PROGRESS, CancelledError, Progress
from viewer.io.readers import READERS, read_table

__all__ = ["NO_PROGRESS", "READERS", "CancelledError", "Progress", "load", "read_table"]
