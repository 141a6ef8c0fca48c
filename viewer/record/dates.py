"""Dates of the event table as UTC intervals that keep their precision.

A date cell names an interval: a day, a month, a quarter or a year, possibly approximate (`~`).
Parsing is vectorised (a million cells in well under a second) and never raises: unreadable cells
come back as reasons, which the model turns into row problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from viewer.record import columns as C

DAY, MONTH, QUARTER, YEAR, APPROX = 0, 1, 2, 3, 4
NO_DATE = -1
PRECISION_NAMES = ("day", "month", "quarter", "year", "approximate")

SECONDS_PER_DAY = 86400.0
APPROX_MARGIN = 7 * SECONDS_PER_DAY
"""How far either side of an approximate date (`2026-02-15~`) it may fall: its whisker."""

# A year before 1 CE is written with a minus (`-0500`: 500 BCE, as TimelineJS numbers it).
_ISO = re.compile(
    r"^(?P<y>-?\d{4,9})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?|-?[Qq](?P<q>[1-4]))?\s*(?P<a>[~?%])?$"
)
_SLASH = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\s*(?P<x>[~?%])?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_FAR_TIME = re.compile(r"^(-?\d{4,9})-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_WORD_FORMATS = (
    ("%d %B %Y", DAY),
    ("%d %b %Y", DAY),
    ("%B %d, %Y", DAY),
    ("%b %d, %Y", DAY),
    ("%B %d %Y", DAY),
    ("%b %d %Y", DAY),
    ("%B %Y", MONTH),
    ("%b %Y", MONTH),
)

EXPECTED_FORMS = "expected YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY, optionally ending in ~"

FIRST_YEAR, LAST_YEAR = -9999, 9999
"""The dates RegTimeline reads: every day of the years -9999 to 9999 (what four digits and a
minus write: `-0500` is 500 BCE, as TimelineJS counts), but for year 0, which that count lacks
(a `0000` date is most often a database's empty date). A date outside is a row problem, so
every later step (the window, reloads, exports, their words and axes) only meets these."""
FIRST_SECOND = float(np.datetime64(f"{FIRST_YEAR:05d}-01-01", "s").astype(np.int64))
END_SECOND = float(np.datetime64(f"{LAST_YEAR:04d}-12-31", "s").astype(np.int64)) + 86400.0
YEAR_ZERO = (
    float(np.datetime64("0000-01-01", "s").astype(np.int64)),
    float(np.datetime64("0001-01-01", "s").astype(np.int64)),
)
OUTSIDE = f"outside the dates RegTimeline reads (years {FIRST_YEAR} to {LAST_YEAR}, no year 0)"


@dataclass
class DateColumn:
    """Parsed cells: interval [start, stop) in POSIX seconds and a precision code per cell.

    Empty cells have precision NO_DATE and no error; unreadable cells have NO_DATE and a reason
    in `errors` (keyed by position).
    """

    start: np.ndarray
    stop: np.ndarray
    precision: np.ndarray
    errors: dict[int, str] = field(default_factory=dict)

    @property
    def valid(self) -> np.ndarray:
        return self.precision != NO_DATE


def _seconds(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[s]").astype("int64").astype("float64")


def _month_start(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    return ((year - 1970) * 12 + (month - 1)).astype("int64").astype("datetime64[M]")


def parse_dates(
    values: pd.Series | list, column: str = "date", order: str | None = None
) -> DateColumn:
    """Parse a column of date cells.

    `order` forces 'dmy' or 'mdy' for slash dates; by default the column decides, and a column whose
    every slash date reads both ways is reported as ambiguous rather than guessed.
    """
    s = pd.Series(values, dtype="object") if not isinstance(values, pd.Series) else values
    n = len(s)
    start = np.full(n, np.nan)
    stop = np.full(n, np.nan)
    prec = np.full(n, NO_DATE, dtype=np.int8)
    errors: dict[int, str] = {}
    if n == 0:
        return DateColumn(start, stop, prec, errors)

    # Text straight from Arrow's buffers (no Python string per cell), blanks as ''.
    text = C.strip(s.astype("string"))
    arr = C.arrow(text)
    todo = ~C.is_empty(arr)
    if not todo.any():
        return DateColumn(start, stop, prec, errors)

    # Fastest path: cells written exactly YYYY-MM-DD, YYYY-MM, ..., read from the bytes.
    found = C.text_buffers(arr)
    if found is not None:
        lengths = found[0][1:] - found[0][:-1]
        fits = np.flatnonzero(todo & (lengths >= 4) & (lengths <= 11))  # any form's width
        fit_lengths = lengths[fits]
        for form in _FORMS:
            at = fits[fit_lengths == form.width]
            _fixed_width_iso(found, at[todo[at]], form, start, stop, prec, todo)
    # Fast paths in Arrow's C++ kernels: plain ISO days, then plain ISO months.
    for fmt, code in (("%Y-%m-%d", DAY), ("%Y-%m", MONTH)):
        idx = np.flatnonzero(todo)
        if idx.size == 0:
            break
        sub = arr if idx.size == n else arr.take(pa.array(idx))
        parsed = pc.strptime(sub, format=fmt, unit="s", error_is_null=True)
        got = parsed.is_valid()
        if code == DAY:
            got = pc.and_(got, pc.equal(pc.utf8_length(sub), 10)).fill_null(False)
        got = got.to_numpy(zero_copy_only=False)
        if code == DAY and got.any():
            # Arrow rolls 2026-02-30 over to 2 March: keep only cells that name their own day.
            mask = pa.array(got)
            day_text = pc.utf8_slice_codeunits(sub.filter(mask), 8, 10)
            # strptime also reads `2026-01- 1`: such a day is no number, and not a date here.
            digits = pc.match_substring_regex(day_text, "^[0-9][0-9]$")
            written = pc.cast(pc.if_else(digits, day_text, "0"), pa.int64())
            same = pc.and_(digits, pc.equal(written, pc.day(parsed.filter(mask))))
            same = same.to_numpy(zero_copy_only=False)
            got[np.flatnonzero(got)[~same]] = False
        if not got.any():
            continue
        at = idx[got]
        secs = parsed.filter(pa.array(got)).cast(pa.int64()).to_numpy().astype("float64")
        start[at] = secs
        if code == DAY:
            stop[at] = secs + SECONDS_PER_DAY
        else:
            months = secs.astype("int64").astype("datetime64[s]").astype("datetime64[M]")
            stop[at] = _seconds((months + 1).astype("datetime64[s]"))
        prec[at] = code
        todo[at] = False

    rest = np.flatnonzero(todo)
    if rest.size:
        _parse_rest(text.iloc[rest], rest, start, stop, prec, errors, column, order)
    _refuse_outside(start, stop, prec, errors)
    return DateColumn(start, stop, prec, errors)


def _refuse_outside(start, stop, prec, errors) -> None:
    """Dates outside FIRST_YEAR..LAST_YEAR, or in year 0, become errors naming their year."""
    zero = (start < YEAR_ZERO[1]) & (stop > YEAR_ZERO[0])
    out = (prec != NO_DATE) & ((start < FIRST_SECOND) | (stop > END_SECOND) | zero)
    for i in np.flatnonzero(out).tolist():
        year = year_of(start[i])
        errors[i] = f"year {year} is {OUTSIDE}"
    prec[out] = NO_DATE
    start[out] = stop[out] = np.nan


@dataclass(frozen=True)
class _Form:
    """A fixed-width way of writing a date: where its digits and marks stand."""

    width: int
    precision: int  # DAY, MONTH, QUARTER or YEAR: the interval named
    approx: bool = False  # ends in ~, ? or %: precision APPROX, same interval

    @property
    def base_width(self) -> int:
        return self.width - self.approx


_FORMS = (
    _Form(10, DAY),  # 2026-02-15
    _Form(7, MONTH),  # 2026-02
    _Form(4, YEAR),  # 2026
    _Form(7, QUARTER),  # 2026-Q1
    _Form(11, DAY, True),  # 2026-02-15~
    _Form(8, MONTH, True),
    _Form(5, YEAR, True),
    _Form(8, QUARTER, True),
)
_APPROX_MARKS = np.array([ord(c) for c in "~?%"], dtype=np.uint8)


def _fixed_width_iso(
    text: tuple[np.ndarray, np.ndarray],
    at: np.ndarray,
    form: _Form,
    start: np.ndarray,
    stop: np.ndarray,
    prec: np.ndarray,
    todo: np.ndarray,
) -> None:
    """Of the cells `at` (of the form's width; `text` is C.text_buffers' offsets and bytes),
    fill those written exactly in `form` (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYY-Qn`, each
    also ending in `~`) that name a real day, month, quarter or year of the years 1000-9999,
    and clear them from `todo`.

    Almost every date of a large table has one of these forms; reading its digits straight
    from Arrow's buffers costs a few numpy passes, where parsing text costs several Arrow
    kernels. Every other cell (another form, an impossible day, a far year) is left to the
    general parsers, which give the same result for the cells taken here.
    """
    if not at.size:
        return
    offsets, data = text
    # Each cell's bytes as one row of a (cells x width) array: one gather for all of them.
    cells = np.lib.stride_tricks.sliding_window_view(data, form.width)[offsets[:-1][at]]
    digits = [0, 1, 2, 3]
    if form.precision in (DAY, MONTH):
        digits += [5, 6] if form.precision == MONTH else [5, 6, 8, 9]
    ok = np.all(cells[:, [4, 7][: (form.base_width - 4) // 3]] == ord("-"), axis=1)
    if form.precision == QUARTER:
        ok &= (cells[:, 5] | 0x20) == ord("q")  # Q or q
        digits.append(6)
    if form.approx:
        ok &= np.isin(cells[:, -1], _APPROX_MARKS)
    numbers = cells[:, digits] - np.uint8(ord("0"))  # wraps around below '0'
    del cells
    ok &= np.all(numbers <= 9, axis=1)
    year = _number(numbers, 0, 4)
    if form.precision == QUARTER:
        quarter = _number(numbers, 4, 5)
        ok &= (quarter >= 1) & (quarter <= 4)
        month = (quarter - 1) * 3 + 1
    elif form.precision in (DAY, MONTH):
        month = _number(numbers, 4, 6)
    else:
        month = np.ones(len(at), dtype=np.int32)
    ok &= (year >= 1000) & (year <= 9999) & (month >= 1) & (month <= 12)
    year[~ok], month[~ok] = 1970, 1  # (keeps the table lookups below in range)
    leap = _LEAP[year]
    days = _YEAR_START[year] + _MONTH_START[month] + ((month > 2) & leap)
    if form.precision == DAY:
        day = _number(numbers, 6, 8)
        ok &= (day >= 1) & (day <= _MONTH_DAYS[month] + ((month == 2) & leap))
        days += np.where(ok, day - 1, 0)
        length = np.ones(len(at), dtype=np.int64)
    else:
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}[form.precision]
        after = (year * 12 + month - 1) + months  # the first month after the interval
        after_year = after // 12
        after_month = after % 12 + 1
        end_days = _YEAR_START[after_year] + _MONTH_START[after_month]
        end_days += (after_month > 2) & _LEAP[after_year]
        length = end_days - days
    at = at[ok]
    begin = days[ok] * SECONDS_PER_DAY
    start[at] = begin
    stop[at] = begin + length[ok] * SECONDS_PER_DAY
    prec[at] = APPROX if form.approx else form.precision
    todo[at] = False


def _number(digits: np.ndarray, first: int, stop: int) -> np.ndarray:
    """The int32 number written by columns first..stop-1 of a (cells x digits) uint8 array."""
    out = digits[:, first].astype(np.int32)
    for k in range(first + 1, stop):
        out *= 10
        out += digits[:, k]
    return out


# Calendar tables for the years 0-10000: days in each month (of a common year), days before
# each month, leap years, and the day number (since 1970-01-01) of each year's first day.
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_MONTH_START = np.concatenate(([0], np.cumsum(_MONTH_DAYS)[:-1]))
_YEARS = np.arange(10001)
_LEAP = (_YEARS % 4 == 0) & ((_YEARS % 100 != 0) | (_YEARS % 400 == 0))
_YEAR_START = (_YEARS - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)


def _parse_rest(
    text: pd.Series,
    pos: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    prec: np.ndarray,
    errors: dict[int, str],
    column: str,
    order: str | None,
) -> None:
    # A leading ' is a spreadsheet's mark for text (and what a CSV export puts before a date
    # a spreadsheet would compute, `'-0500`): the date is what follows it.
    text = text.str.replace(r"^'", "", regex=True)
    arr = pa.array(text.to_numpy(dtype=object, na_value=None), type=pa.string())
    parts = pc.extract_regex(arr, _ISO.pattern)
    iso = parts.is_valid().to_numpy(zero_copy_only=False)
    if iso.any():
        p = parts.filter(pa.array(iso))

        def num(name: str) -> np.ndarray:
            col = p.field(name)
            col = pc.if_else(pc.equal(col, ""), "-1", col)
            return pc.cast(col, pa.int64()).to_numpy(zero_copy_only=False)

        approx = pc.not_equal(p.field("a"), "").to_numpy(zero_copy_only=False)
        _fill_ymd(
            pos[iso], num("y"), num("m"), num("d"), num("q"), approx, start, stop, prec, errors
        )

    left = ~iso
    if left.any():
        sub = text[left]
        sub_pos = pos[left]
        handled = _parse_datetimes(sub, sub_pos, start, stop, prec)
        handled |= _parse_slashes(sub, sub_pos, start, stop, prec, errors, column, order)
        handled |= _parse_words(sub, sub_pos, start, stop, prec, handled)
        for i, value in zip(sub_pos[~handled], sub[~handled], strict=True):
            far = _FAR_TIME.match(str(value))
            year = int(far.group(1)) if far else FIRST_YEAR
            if FIRST_YEAR <= year <= LAST_YEAR and year != 0:
                errors.setdefault(int(i), f"not a date: {EXPECTED_FORMS}")
            else:
                errors.setdefault(int(i), f"year {year} is {OUTSIDE}")


def _fill_ymd(pos, y, m, d, q, approx, start, stop, prec, errors) -> None:
    """Fill intervals from year/month/day/quarter numbers (-1 = absent), checking ranges."""
    has_m, has_d, has_q = m >= 0, d >= 0, q >= 0
    bad_month = has_m & ((m < 1) | (m > 12))
    month = np.where(has_q, (q - 1) * 3 + 1, np.where(has_m & ~bad_month, m, 1))
    ms = _month_start(y, month)
    days_in_month = ((ms + 1).astype("datetime64[D]") - ms.astype("datetime64[D]")).astype(int)
    bad_day = has_d & ((d < 1) | (d > days_in_month))
    bad = bad_month | bad_day
    first = ms.astype("datetime64[D]") + np.where(has_d & ~bad_day, d - 1, 0)
    nxt = np.where(
        has_d,
        (first + 1).astype("datetime64[s]"),
        np.where(
            has_m,
            (ms + 1).astype("datetime64[s]"),
            np.where(has_q, (ms + 3).astype("datetime64[s]"), (ms + 12).astype("datetime64[s]")),
        ),
    )
    code = np.where(has_d, DAY, np.where(has_m, MONTH, np.where(has_q, QUARTER, YEAR)))
    code = np.where(approx, APPROX, code).astype(np.int8)
    good = ~bad
    start[pos[good]] = _seconds(first[good].astype("datetime64[s]"))
    stop[pos[good]] = _seconds(nxt[good])
    prec[pos[good]] = code[good]
    for i, mm, dd in zip(pos[bad], m[bad], d[bad], strict=True):
        what = f"month {mm}" if (mm < 1 or mm > 12) else f"day {dd}"
        errors[int(i)] = f"not a date: {what} does not exist"


def _parse_datetimes(sub, pos, start, stop, prec) -> np.ndarray:
    mask = sub.str.match(_DATETIME).fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        return mask
    when = pd.to_datetime(sub[mask], errors="coerce", utc=True, format="ISO8601")
    good = (~when.isna()).to_numpy(dtype=bool)
    idx = pos[mask][good]
    secs = _seconds(when[good].dt.tz_convert(None).to_numpy(dtype="datetime64[s]"))
    start[idx] = secs
    stop[idx] = secs + SECONDS_PER_DAY
    prec[idx] = DAY
    out = np.zeros(len(sub), dtype=bool)
    out[np.flatnonzero(mask)[good]] = True
    return out


def _parse_slashes(sub, pos, start, stop, prec, errors, column, order) -> np.ndarray:
    parts = sub.str.extract(_SLASH)
    mask = parts["y"].notna().to_numpy(dtype=bool)
    if not mask.any():
        return mask
    p = parts[mask]
    a = p["a"].astype("int64").to_numpy()
    b = p["b"].astype("int64").to_numpy()
    y = p["y"].astype("int64").to_numpy()
    approx = p["x"].notna().to_numpy(dtype=bool)
    where = pos[mask]
    if order is None:
        dayfirst_seen = bool((a > 12).any())
        monthfirst_seen = bool((b > 12).any())
        if dayfirst_seen and monthfirst_seen:
            order = "mixed"
        elif dayfirst_seen:
            order = "dmy"
        elif monthfirst_seen or bool((a == b).all()):
            order = "mdy"
        else:
            order = None
    if order is None or order == "mixed":
        example = sub[mask].iloc[int(np.argmax(a != b))]
        reason = (
            f"ambiguous date: every slash date in column '{column}' reads as day-first or "
            f"month-first (e.g. {example})"
            if order is None
            else f"ambiguous date: column '{column}' mixes day-first and month-first dates"
        )
        for i in where:
            errors[int(i)] = reason
        return mask
    day, month = (a, b) if order == "dmy" else (b, a)
    _fill_ymd(where, y, month, day, np.full_like(y, -1), approx, start, stop, prec, errors)
    return mask


def _parse_words(sub, pos, start, stop, prec, handled) -> np.ndarray:
    out = np.zeros(len(sub), dtype=bool)
    todo = ~handled
    for fmt, code in _WORD_FORMATS:
        if not todo.any():
            break
        cand = sub[todo].str.replace(r"\s*[~?%]$", "", regex=True)
        when = pd.to_datetime(cand, format=fmt, errors="coerce")
        good = (~when.isna()).to_numpy(dtype=bool)
        if not good.any():
            continue
        local = np.flatnonzero(todo)[good]
        d = when[good].to_numpy(dtype="datetime64[s]")
        approx = sub.iloc[local].str.contains(r"[~?%]$", regex=True).to_numpy(dtype=bool)
        start[pos[local]] = _seconds(d)
        if code == DAY:
            stop[pos[local]] = start[pos[local]] + SECONDS_PER_DAY
        else:
            stop[pos[local]] = _seconds((d.astype("datetime64[M]") + 1).astype("datetime64[s]"))
        prec[pos[local]] = np.where(approx, APPROX, code)
        out[local] = True
        todo[local] = False
    return out


# --- formatting -----------------------------------------------------------------------------

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


_LONGEST_DAYS = ((DAY, 1.01), (MONTH, 31.5), (QUARTER, 92.5))
"""How many days an approximate date's interval spans at most when it is written as a day, a
month or a quarter (`2026-02-15~`, `2026-02~`, `2026-Q1~`); longer: a year."""


def _base_precision(start: float, stop: float) -> int:
    span = (stop - start) / SECONDS_PER_DAY
    return next((p for p, longest in _LONGEST_DAYS if span <= longest), YEAR)


def _written(start: float, stop: float, precision: int) -> tuple[int, int, int, int] | None:
    """The precision a date is written at (an approximate date's: its interval's) and its
    year, month and day; None for no date."""
    if precision == NO_DATE or not np.isfinite(start):
        return None
    base = _base_precision(start, stop) if precision == APPROX else precision
    return (base, *_parts(start))


def _parts(seconds: float) -> tuple[int, int, int]:
    """Year, month and day of an instant, any year numpy holds (BCE too: Python's dates stop
    at year 1)."""
    day = np.datetime64(int(seconds // SECONDS_PER_DAY), "D")
    month = day.astype("datetime64[M]")
    year = int(month.astype("datetime64[Y]").astype(np.int64)) + 1970
    return year, int(month.astype(np.int64)) % 12 + 1, int((day - month).astype(np.int64)) + 1


def year_of(seconds: float) -> int:
    """The year of an instant, any year numpy holds (BCE too: Python's dates stop at year 1)."""
    day = np.datetime64(int(seconds // SECONDS_PER_DAY), "D")
    return int(day.astype("datetime64[Y]").astype(np.int64)) + 1970


def year_text(year: int) -> str:
    """`1985`; a year before 1 CE as TimelineJS writes it: `-500` is `500 BCE`."""
    return f"{year}" if year >= 0 else f"{-year} BCE"


def _iso_year(year: int) -> str:
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def iso_day(seconds: float) -> str:
    """The day that `seconds` falls in, as the contract writes a day: `2026-01-30`."""
    return format_iso(seconds, seconds + SECONDS_PER_DAY, DAY)


def format_iso(start: float, stop: float, precision: int) -> str:
    """The date as the contract writes it: `2026-01-30`, `2026-02`, `2026-Q1`, `2026-02-15~`."""
    written = _written(start, stop, precision)
    if written is None:
        return ""
    base, y, m, d = written
    year = _iso_year(y)
    text = {
        DAY: f"{year}-{m:02d}-{d:02d}",
        MONTH: f"{year}-{m:02d}",
        QUARTER: f"{year}-Q{(m - 1) // 3 + 1}",
        YEAR: year,
    }[base]
    return text + ("~" if precision == APPROX else "")


def iso_dates(start: np.ndarray, stop: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Dates as the contract writes them (`2026-01-30`, `2026-02`, `2026-Q1`, `2026`, `…~`,
    `-0500`), every year in four digits, so that a table written reads back the same."""
    n = len(start)
    precision = np.asarray(precision, dtype=np.int64)
    valid = np.isfinite(start) & (precision != NO_DATE)
    if not valid.any():
        return np.full(n, "", dtype=object)
    secs = np.where(valid, start, 0.0).astype(np.int64).astype("datetime64[s]")
    days = secs.astype("datetime64[D]")
    months = secs.astype("datetime64[M]")
    month_no = months.astype(np.int64) % 12  # 0-11
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    digits = np.char.zfill(np.abs(year).astype(str), 4)
    year_text = np.where(year < 0, np.char.add("-", digits), digits).astype(object)
    month_text = np.char.zfill((month_no + 1).astype(str), 2).astype(object)
    day_no = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    day_text = np.char.zfill(day_no.astype(str), 2).astype(object)
    quarter_text = (month_no // 3 + 1).astype(str).astype(object)
    span = (np.where(valid, stop, 0.0) - np.where(valid, start, 0.0)) / SECONDS_PER_DAY
    guessed = np.select(
        [span <= longest for _p, longest in _LONGEST_DAYS], [p for p, _ in _LONGEST_DAYS], YEAR
    )
    approx = precision == APPROX
    base = np.where(approx, guessed, precision)
    text = np.select(
        [base == DAY, base == MONTH, base == QUARTER],
        [
            year_text + "-" + month_text + "-" + day_text,
            year_text + "-" + month_text,
            year_text + "-Q" + quarter_text,
        ],
        year_text,
    ).astype(object)
    text = np.where(approx, text + "~", text)
    return np.where(valid, text, "").astype(object)


def written_dates(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """`date`, `end_date` (`ongoing` for an ongoing period) and `reported` of a model's rows
    (their seconds and precisions), as the data format writes them: what table exports and
    registers store."""

    def num(col: str) -> np.ndarray:
        return rows[col].to_numpy(dtype=float)

    end = iso_dates(num("end"), num("end_stop"), rows["end_precision"].to_numpy())
    reported = num("reported_at")
    return {
        "date": iso_dates(num("start"), num("stop"), rows["precision"].to_numpy()),
        "end_date": np.where(rows["ongoing"].to_numpy(dtype=bool), "ongoing", end),
        "reported": iso_dates(reported, reported + SECONDS_PER_DAY, np.zeros(len(rows))),
    }


def format_long(start: float, stop: float, precision: int, with_precision: bool = True) -> str:
    """A date for people: `30 January 2026`, `February 2026 (month)`, `about 15 February 2026`."""
    written = _written(start, stop, precision)
    if written is None:
        return ""
    base, y, m, d = written
    year = year_text(y)
    text = {
        DAY: f"{d} {_MONTHS[m - 1]} {year}",
        MONTH: f"{_MONTHS[m - 1]} {year}",
        QUARTER: f"Q{(m - 1) // 3 + 1} {year}",
        YEAR: year,
    }[base]
    if precision == APPROX:
        return f"about {text}"
    if with_precision and precision != DAY:
        return f"{text} ({PRECISION_NAMES[precision]})"
    return text


def long_day(seconds: float) -> str:
    """The day that `seconds` falls in, in words, as captions and the as-of day say it:
    `30 January 2026`."""
    return format_long(seconds, seconds + SECONDS_PER_DAY, DAY)


def format_day(seconds: float) -> str:
    """A day as the status bar and captions say it: `1 Jun 2026`."""
    y, m, d = _parts(seconds)
    return f"{d} {_MONTHS[m - 1][:3]} {y}"


def format_short(seconds: float) -> str:
    """Month and year, for spans in the status bar: `Oct 2022`."""
    y, m, _ = _parts(seconds)
    return f"{_MONTHS[m - 1][:3]} {year_text(y)}"


def parse_one(text: str) -> tuple[float, float, int]:
    """Parse a single date typed by the user (command line, date fields); raises ValueError."""
    col = parse_dates(pd.Series([text], dtype="object"), column="value")
    if col.errors or col.precision[0] == NO_DATE:
        reason = col.errors.get(0, "")
        if reason.startswith("not a date: ") and "does not exist" in reason:
            raise ValueError(f"{text!r} is not a date: {reason.removeprefix('not a date: ')}")
        raise ValueError(f"{text!r} is not a date ({EXPECTED_FORMS})")
    return float(col.start[0]), float(col.stop[0]), int(col.precision[0])
