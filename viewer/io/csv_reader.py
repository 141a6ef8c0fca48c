"""CSV as spreadsheets write it, read by Arrow's parser with the line of every row kept."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from viewer.io.progress import NO_PROGRESS, Progress
from viewer.io.reading import read_bytes, regular_file_or_none
from viewer.record import columns as C
from viewer.record.problems import LoadError, Problem
from viewer.record.raw import RawTable

_DELIMITERS = (",", ";", "\t")
_SNIFF_BYTES = 1 << 16


def read_csv(path: Path, progress: Progress = NO_PROGRESS) -> RawTable:
    """Read `NAME.csv` and, when it exists, `NAME.sources.csv` beside it."""
    frame, lines, problems = read_csv_cells(path, progress)
    table = RawTable(path=path, events=frame, lines=lines, problems=problems)
    sources_path = sources_path_for(path)
    if sources_path is not None:
        progress.step(0.6, "Reading sources")
        sframe, slines, sproblems = read_csv_cells(sources_path)
        table.sources, table.sources_path, table.source_lines = sframe, sources_path, slines
        table.problems.extend(sproblems)
    return table


def sources_path_for(path: Path) -> Path | None:
    """`h200.csv` -> `h200.sources.csv` if present (also for `h200.sources.csv` itself: none)."""
    if path.name.lower().endswith(".sources.csv"):
        return None
    return regular_file_or_none(path.with_name(path.stem + ".sources" + path.suffix))


def decode(path: Path, data: bytes | bytearray) -> tuple[bytes | bytearray, str]:
    """Return UTF-8 bytes and the encoding found: UTF-8 (with or without BOM) or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise LoadError(path, "unreadable UTF-16 text") from None
    if data.isascii():  # plain ASCII is UTF-8: no need to decode a copy of the whole file
        return data, encoding
    try:
        data.decode("utf-8")
        return data, encoding
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8"), "latin-1"


def check_text(path: Path, data: bytes | bytearray) -> None:
    """Refuse what is clearly not a text table before parsing it."""
    if not data or data.isspace():  # (no stripped copy of a large file)
        raise LoadError(path, "the file is empty")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(path, "binary data, not a text table")
    if head.startswith(b"PK\x03\x04"):
        raise LoadError(path, "a zip archive or workbook, not a CSV file")


def sniff_delimiter(header: str) -> str:
    """The delimiter used most in the header line, outside quotes."""
    outside = []
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    text = "".join(outside)
    counts = {d: text.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _first_record(text: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        if any(cell.strip() for cell in row):
            return row
    return []


def header_text(data: bytes | bytearray) -> str:
    """The start of the file, long enough to hold its whole header row (however wide: 50,000
    columns make a header of a megabyte), as text for finding the delimiter and the names."""
    size = _SNIFF_BYTES
    while True:
        text = data[:size].decode("utf-8", errors="replace")
        if size >= len(data) or _header_ends_in(text):
            return text
        size *= 4


def _header_ends_in(text: str) -> bool:
    """Whether the first non-blank record of `text` ends with a line break inside it."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=sniff_delimiter(lines[0] if lines else ""))
    for row in reader:
        if any(cell.strip() for cell in row):
            last = lines[reader.line_num - 1] if reader.line_num <= len(lines) else ""
            return last.endswith(("\n", "\r"))
    return False


def read_csv_cells(
    path: Path, progress: Progress = NO_PROGRESS
) -> tuple[pd.DataFrame, np.ndarray, list[Problem]]:
    """Cells as text, the file line where each row starts, and rows with a wrong field count."""
    data = read_bytes(path, progress)
    check_text(path, data)
    data, _encoding = decode(path, data)
    progress.step(0.3, "Parsing")
    head_text = header_text(data)
    first_line = head_text.splitlines()[0] if head_text.splitlines() else ""
    delimiter = sniff_delimiter(first_line)
    header = [h.strip() for h in _first_record(head_text, delimiter)]
    if not header:
        raise LoadError(path, "no header row")
    names = [h if h else f"column {i + 1}" for i, h in enumerate(header)]
    names = _unique(names)

    bad_rows: list[str] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append(row.text)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),  # reads the bytes in place
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=0, block_size=_block_size(len(data))
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                # large_string: what pandas keeps text in (no cast, which copies every cell)
                column_types={n: pa.large_string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise LoadError(path, f"not a readable CSV table ({_arrow_reason(exc)})") from None
    # The header was parsed as the first data row (so its quoting is honoured): drop it.
    frame = text_frame(table.slice(1), names)
    del table
    starts, bad_starts, odd_quotes = _record_lines(data, bad_rows, len(frame))
    problems = [
        field_count_problem(str(path), line, text, _count_fields(text, delimiter), names)
        for line, text in zip(bad_starts, bad_rows, strict=False)
    ]
    if len(starts) != len(frame):
        starts = _record_lines_slow(data, delimiter, len(names))
        if len(starts) != len(frame):
            starts = np.arange(2, len(frame) + 2)
    if odd_quotes:
        unclosed = unclosed_quote(str(path), data, delimiter, names)
        if unclosed is not None:  # the row it swallowed the rest of the file into goes
            problems = [p for p in problems if p.line != unclosed.record_line]
            if len(starts) and starts[-1] == unclosed.record_line:
                frame, starts = frame.iloc[:-1], starts[:-1]
            problems.append(unclosed.problem)
    frame.index = pd.RangeIndex(len(frame))
    return frame, np.asarray(starts, dtype=np.int64), problems


_LARGEST_BLOCK = 1 << 30


def _block_size(size: int) -> int:
    """One block for the whole file (up to 1 GB): Arrow then gives every column as one array,
    where blocks of 16 MB gave chunks that cost a copy of all the text to combine (0.5 s and
    170 MB at a million rows, more than parsing the blocks on two threads saved)."""
    return max(1 << 20, min(size + 1, _LARGEST_BLOCK))


def text_frame(table: pa.Table, names: list[str]) -> pd.DataFrame:
    """The table's columns as pandas text columns over one contiguous Arrow array each.

    Arrow's parser gives every column in chunks (one per block read); the model's whole-column
    work needs one array per column, so each is combined here once rather than again by every
    operation that reads it. Columns are combined one at a time, and each column's chunks are
    let go as soon as it is done, so the table is never held twice over.
    """
    chunked = [table.column(i) for i in range(table.num_columns)]
    del table
    data = {}
    for i, name in enumerate(names):
        data[name] = C.series(C.one_chunk(chunked[i]))
        chunked[i] = None
    return pd.DataFrame(data, copy=False)


def field_count_problem(file: str, line: int, text: str, count: int, names: list[str]) -> Problem:
    """A row with too few fields names the first column it lacks; too many, the first extra."""
    column = names[count] if count < len(names) else f"column {len(names) + 1} (no header)"
    reason = f"row has {count} fields, the header has {len(names)}"
    return Problem(file, line, column, text, reason)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append(f"{n} ({seen[n]})")
        else:
            seen[n] = 1
            out.append(n)
    return out


def _arrow_reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text.replace("CSV parse error: ", "")


def _count_fields(text: str, delimiter: str) -> int:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return len(rows[0]) if rows else 0


def _record_lines(
    data: bytes | bytearray, bad_rows: list[str], n_records: int = -1
) -> tuple[np.ndarray, list[int], bool]:
    """Start line of every data record, from newline positions and quote parity (vectorised),
    the lines of the rows Arrow skipped, and whether the file holds an odd number of quotes
    (only worked out when some record spans lines: a quote left open runs over line ends).

    Blank records and the rows Arrow skipped are removed, so the result lines up with the table.
    """
    if not bad_rows:
        # Every record on one line (no quoted line breaks, no blank lines): lines 2, 3, ...
        n_newlines = _count_newlines(data)
        records = n_newlines + (0 if data.endswith(b"\n") else 1) - 1
        if records == n_records:
            return np.arange(2, n_records + 2, dtype=np.int64), [], False
    buf = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buf == 10)
    quotes = np.flatnonzero(buf == 34)
    parity = np.searchsorted(quotes, newlines) % 2
    ends = newlines[parity == 0]  # newlines that end a record
    rec_starts = np.concatenate(([0], ends + 1))
    rec_ends = np.concatenate((ends, [len(data)]))
    keep = rec_starts < len(data)
    rec_starts, rec_ends = rec_starts[keep], rec_ends[keep]
    # Line number of each record start = newlines before it + 1.
    line_of = np.searchsorted(newlines, rec_starts) + 1
    length = rec_ends - rec_starts
    blank = length == 0
    cr_only = (length == 1) & (buf[np.minimum(rec_starts, len(buf) - 1)] == 13)
    whitespace = blank | cr_only
    rec_starts, line_of = rec_starts[~whitespace], line_of[~whitespace]
    rec_starts, line_of = rec_starts[1:], line_of[1:]  # the header
    bad_lines: list[int] = []
    if bad_rows:
        drop = np.zeros(len(rec_starts), dtype=bool)
        pos = 0
        for text in bad_rows:
            needle = text.encode("utf-8")
            found = data.find(needle, pos)
            if found < 0:
                found = data.find(needle)
            k = int(np.searchsorted(rec_starts, found, side="right")) - 1
            if 0 <= k < len(rec_starts):
                drop[k] = True
                bad_lines.append(int(line_of[k]))
                pos = found + 1
        line_of = line_of[~drop]
    return line_of, bad_lines, bool(len(quotes) % 2)


@dataclass(frozen=True)
class Unclosed:
    """A quoted field that runs to the end of the file: the line its record starts on, and
    the problem to report (on the line where the quote opened)."""

    record_line: int
    problem: Problem


def unclosed_quote(file: str, data: bytes | bytearray, delimiter: str, names: list[str]):
    """The quoted field left open to the end of the file, if there is one, as an Unclosed.

    Only called when the file holds an odd number of quotes; a quote inside an unquoted field
    (`5" screen`) is no opening, so the last record is read again, strictly, to be sure.
    """
    text = data.decode("utf-8", errors="replace")
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delimiter)
    start = end = 0
    row: list[str] = []
    for record in reader:  # (every record: where the last one starts)
        row, start, end = record, end + 1, reader.line_num
    if not row or start < 2:
        return None
    try:
        for _ in csv.reader(lines[start - 1 :], delimiter=delimiter, strict=True):
            pass
        return None
    except csv.Error as exc:
        if "end of data" not in str(exc):
            return None
    opened = start + sum(cell.count("\n") for cell in row[:-1])
    field = len(row) - 1
    column = names[field] if field < len(names) else f"column {field + 1} (no header)"
    rest = len(lines) - opened + 1
    reason = (
        f"a quote opened on this line is never closed: the rest of the file ({rest:,} "
        f"line{'s' if rest != 1 else ''}) would be one cell"
    )
    value = row[-1].split("\n", 1)[0]
    return Unclosed(start, Problem(file, opened, column, value, reason))


def _count_newlines(data: bytes | bytearray) -> int:
    """`data.count(b"\n")` in numpy, a few MB at a time: three times as fast on a large file,
    without a mask of the whole file."""
    buf = np.frombuffer(data, dtype=np.uint8)
    step = 1 << 22
    return sum(int(np.count_nonzero(buf[i : i + step] == 10)) for i in range(0, len(buf), step))


def _record_lines_slow(data: bytes | bytearray, delimiter: str, nfields: int) -> np.ndarray:
    """Exact start lines via the csv module, for files whose quoting defeats the fast count."""
    text = data.decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = []
    prev_end = 0
    first = True
    for row in reader:
        start_line = prev_end + 1
        prev_end = reader.line_num
        if not row or (not any(cell.strip() for cell in row) and len(row) <= 1):
            continue
        if first:
            first = False
            continue
        if len(row) != nfields:
            continue
        lines.append(start_line)
    return np.asarray(lines, dtype=np.int64)
