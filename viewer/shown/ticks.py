"""Date ticks for any zoom, from millennia down to hours, always in UTC. No Qt here."""

from __future__ import annotations

import datetime as dt

import numpy as np

from viewer.record.dates import year_of, year_text

DAY = 86400.0
_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# (unit, count, approximate seconds)
STEPS: tuple[tuple[str, int, float], ...] = (
    ("hour", 1, 3600.0),
    ("hour", 3, 3 * 3600.0),
    ("hour", 6, 6 * 3600.0),
    ("hour", 12, 12 * 3600.0),
    ("day", 1, DAY),
    ("day", 2, 2 * DAY),
    ("week", 1, 7 * DAY),
    ("week", 2, 14 * DAY),
    ("month", 1, 30.44 * DAY),
    ("month", 2, 60.9 * DAY),
    ("month", 3, 91.3 * DAY),
    ("month", 6, 182.6 * DAY),
    ("year", 1, 365.25 * DAY),
    ("year", 2, 730.5 * DAY),
    ("year", 5, 1826.2 * DAY),
    ("year", 10, 3652.5 * DAY),
    ("year", 20, 7305.0 * DAY),
    ("year", 50, 18262.5 * DAY),
    ("year", 100, 36525.0 * DAY),
    ("year", 250, 91312.5 * DAY),
    ("year", 500, 182625.0 * DAY),
    ("year", 1000, 365250.0 * DAY),
    ("year", 2500, 913125.0 * DAY),
)


def choose_step(t0: float, t1: float, width_px: float, min_px: float = 78.0) -> int:
    """Index into STEPS of the finest step whose ticks are at least `min_px` apart."""
    span = max(t1 - t0, 1.0)
    for i, (_, _, seconds) in enumerate(STEPS):
        if width_px * seconds / span >= min_px:
            return i
    return len(STEPS) - 1


def _utc(seconds: float) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=float(seconds))


def _seconds(d: dt.datetime) -> float:
    return (d - dt.datetime(1970, 1, 1)).total_seconds()


def _year_start(year: int) -> float:
    return float(np.datetime64(year - 1970, "Y").astype("datetime64[s]").astype(np.int64))


def tick_times(t0: float, t1: float, step: int, limit: int = 2000) -> list[float]:
    """Tick positions of a step between t0 and t1, aligned to calendar boundaries."""
    unit, count, seconds = STEPS[step]
    if (t1 - t0) / seconds > limit:
        return []
    lo = _utc(max(t0, -62135596800.0 + DAY))  # (days and months: the years 1-9999)
    out: list[float] = []
    if unit in ("hour", "day", "week"):
        if unit == "week":
            start = dt.datetime(lo.year, lo.month, lo.day) - dt.timedelta(days=lo.weekday())
            stride = dt.timedelta(days=7 * count)
        elif unit == "day":
            start = dt.datetime(lo.year, lo.month, lo.day)
            stride = dt.timedelta(days=count)
        else:
            start = dt.datetime(lo.year, lo.month, lo.day)
            stride = dt.timedelta(hours=count)
        first = _seconds(start)
        step_s = stride.total_seconds()
        k0 = int(np.ceil((t0 - first) / step_s))
        k1 = int(np.floor((t1 - first) / step_s))
        return [first + k * step_s for k in range(k0, k1 + 1)]
    if unit == "month":
        m = (lo.year * 12 + lo.month - 1) // count * count
        while True:
            y, mo = divmod(m, 12)
            if y > 9999:
                break
            t = _seconds(dt.datetime(y, mo + 1, 1))
            if t > t1:
                break
            if t >= t0:
                out.append(t)
            m += count
        return out
    y = year_of(t0) // count * count
    last = year_of(t1)
    while y <= last + 1:
        t = _year_start(y)
        if t0 <= t <= t1:
            out.append(t)
        y += count
    return out


def tick_label(t: float, step: int, first: bool = False) -> str:
    unit = STEPS[step][0]
    if unit == "year":
        return year_text(year_of(t))
    d = _utc(t)
    if unit == "hour":
        text = f"{d.hour:02d}:00"
        return f"{d.day} {_MONTH_ABBR[d.month - 1]} {text}" if first or d.hour == 0 else text
    if unit in ("day", "week"):
        text = f"{d.day} {_MONTH_ABBR[d.month - 1]}"
        return (
            f"{text} {d.year}" if first or (d.month == 1 and d.day <= STEPS[step][1] * 7) else text
        )
    text = _MONTH_ABBR[d.month - 1]  # (months)
    return f"{text} {d.year}" if first or d.month <= STEPS[step][1] else text


def minor_step(step: int) -> int | None:
    """A finer step for unlabelled minor ticks, or None."""
    unit = STEPS[step][0]
    finer = {"hour": None, "day": "hour", "week": "day", "month": "week", "year": "month"}[unit]
    if finer is None:
        return None
    if unit == "month" and STEPS[step][1] >= 3:
        return next(i for i, s in enumerate(STEPS) if s[0] == "month" and s[1] == 1)
    if unit == "year" and STEPS[step][1] >= 5:
        return next(i for i, s in enumerate(STEPS) if s[0] == "year" and s[1] == 1)
    return next(i for i, s in enumerate(STEPS) if s[0] == finer)
