"""The words around a snapshot: title, caption and footer. No Qt here.

A snapshot pasted into a brief travels without the application, so it has to say what it shows
(filters, time window, how many events) and where it comes from (file name and a fingerprint of
its bytes, so a reader can check they hold the same data).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from viewer.io.reading import open_regular
from viewer.record import dates as D
from viewer.record.model import EventModel
from viewer.record.problems import LoadError
from viewer.record.recency import reported_up_to
from viewer.record.text import readable
from viewer.shown.filters import Filters, describe

_HASH_CACHE: dict[tuple[str, int, int], str] = {}


def default_title(model: EventModel) -> str:
    """The data set's name: the file name without its extension."""
    return model.name or (model.path.stem if model.path else "Timeline")


def window_text(window: tuple[float, float]) -> str:
    """`14 November 2025 – 15 March 2026`; the end is exclusive (a window to 1 March 00:00
    ends on 28 February)."""
    return f"{D.long_day(window[0])} – {D.long_day(max(window[0], window[1] - 1.0))}"


def count_text(model: EventModel, shown: int) -> str:
    """How many events a picture holds, out of how many: `all 45 events`, `7 of 45 events`,
    `1 event` (as known on a day: out of every event of the file)."""
    total = len(model)
    if model.as_of is not None:
        total = len(model.base) if model.base is not None else total
    elif shown == total:
        return "1 event" if total == 1 else f"all {total:,} events"
    return f"{shown:,} of {total:,} event{'' if total == 1 else 's'}"


def caption(model: EventModel, filters: Filters, window: tuple[float, float], shown: int) -> str:
    """`12 of 45 events · Filters: DeepSeek · Time window: 1 December 2025 – 28 February 2026 ·
    Reported up to 24 Feb 2026`."""
    count = count_text(model, shown)
    active = describe(filters) if filters.active else ""
    parts = [count[:1].upper() + count[1:], f"Filters: {active}" if active else "No filters"]
    parts.append(f"Time window: {window_text(window)}")
    current = reported_up_to(model)
    if current:  # how current the record is, so a reader does not take its end for the world's
        parts.append(current[0].upper() + current[1:])
    if model.as_of is not None:
        # A record as known on a day: say so first (the count is out of every event).
        parts.insert(0, f"As known on {D.long_day(model.as_of)}")
    return " · ".join(parts)


def fingerprint(path: Path | None) -> str | None:
    """The first 12 hex digits of the file's SHA-256, cached while the file is unchanged."""
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    cached = _HASH_CACHE.get(key)
    if cached is None:
        digest = hashlib.sha256()
        try:
            with open_regular(path) as handle:  # (never a pipe or a device swapped in)
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except (OSError, LoadError):
            return None
        cached = digest.hexdigest()[:12]
        _HASH_CACHE[key] = cached
    return cached


def footer(model: EventModel, today: dt.date | None = None) -> str:
    """`Generated 2026-01-31 from h200_china.csv (sha256 1a2b3c4d5e6f)`."""
    today = today or dt.date.today()
    if model.path is None:
        return f"Generated {today.isoformat()} from {model.name}"
    text = f"Generated {today.isoformat()} from {readable(model.path.name)}"
    digest = fingerprint(model.path)
    return f"{text} (sha256 {digest})" if digest else text
