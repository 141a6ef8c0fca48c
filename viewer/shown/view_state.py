"""What the analyst is looking at: one declared value, a signal per field, saved as a view file.

Each field is declared once, with the key and the converters of the saved-view JSON beside it
(viewer/shown/views.py reads and writes the file). psygnal's `evented` dataclass gives every
field a signal (`state.events.filters`, ...) fired only when the value really changes, so views
can write back into the state without feedback loops. No Qt here: the command line renders
saved views without a display.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields

import numpy as np
from psygnal import evented

from viewer.record.as_of import day_start, parse_as_of
from viewer.record.dates import iso_day
from viewer.shown.content import LayoutOptions
from viewer.shown.filters import Filters
from viewer.shown.layout import GROUP_ORDERS

FORMAT_KEY = "regtimeline_view"
VERSION = 1
WINDOW_TOLERANCE = 1e-3
"""Seconds: windows closer than this are the same window (pans round-trip through floats)."""


def _saved(key: str, dump: Callable, load: Callable) -> dict:
    """A field's place in the saved-view JSON: its key, and how its value is written and read
    back (`load` raises ValueError naming what is wrong)."""
    return {"key": key, "dump": dump, "load": load}


def _instant(seconds: float) -> str:
    return str(np.datetime64(round(seconds), "s")) + "Z"


def _parse_instant(value: object, key: str) -> float:
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a time like 2026-01-31T00:00:00Z")
    try:
        stamp = np.datetime64(value.rstrip("Z"), "s")
    except ValueError:
        raise ValueError(f"{key}: {value!r} is not a time like 2026-01-31T00:00:00Z") from None
    return float(stamp.astype(np.int64))


def _dump_window(window: tuple[float, float] | None) -> dict | None:
    return None if window is None else {"from": _instant(window[0]), "to": _instant(window[1])}


def _load_window(raw: object) -> tuple[float, float] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValueError("window: expected an object with from and to")
    window = (
        _parse_instant(raw.get("from"), "window.from"),
        _parse_instant(raw.get("to"), "window.to"),
    )
    if window[1] <= window[0]:
        raise ValueError("window: 'to' must come after 'from'")
    return window


def _dump_lanes(layout: LayoutOptions) -> dict:
    return {
        "order": layout.order,
        "collapsed": sorted(layout.collapsed),
        "keep_empty": layout.keep_empty,
    }


def _load_lanes(lanes: object) -> LayoutOptions:
    lanes = lanes or {}
    if not isinstance(lanes, dict):
        raise ValueError("lanes: expected an object")
    order = lanes.get("order", "count")
    if order not in GROUP_ORDERS:
        raise ValueError(f"lanes.order: expected one of {', '.join(GROUP_ORDERS)}")
    collapsed = lanes.get("collapsed", [])
    if not isinstance(collapsed, list) or not all(isinstance(c, str) for c in collapsed):
        raise ValueError("lanes.collapsed: expected a list of company names")
    keep_empty = lanes.get("keep_empty", False)
    if not isinstance(keep_empty, bool):
        raise ValueError("lanes.keep_empty: expected true or false")
    return LayoutOptions(order, frozenset(collapsed), keep_empty)


def _load_selected(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError("selected: expected an event id or null")
    return value


def _load_find(value: object) -> str:
    value = value or ""
    if not isinstance(value, str):
        raise ValueError("find: expected text")
    return value


def _dump_day(day: float | None) -> str | None:
    return None if day is None else iso_day(day)


def _day_loader(key: str) -> Callable[[object], float | None]:
    def load(value: object) -> float | None:
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise ValueError(f"{key}: expected a date like 2026-01-20")
        try:
            return parse_as_of(value)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None

    return load


@evented
@dataclass
class ViewState:
    """Filters, time window, lanes, selection, Find words, the as-of and changes-since days."""

    filters: Filters = field(
        default_factory=Filters,
        metadata=_saved("filters", Filters.to_dict, lambda v: Filters.from_dict(v or {})),
    )
    window: tuple[float, float] | None = field(
        default=None, metadata=_saved("window", _dump_window, _load_window)
    )
    """The timeline's time window, seconds (UTC); whole seconds once saved."""
    layout: LayoutOptions = field(
        default_factory=LayoutOptions, metadata=_saved("lanes", _dump_lanes, _load_lanes)
    )
    selected: str | None = field(
        default=None, metadata=_saved("selected", lambda v: v, _load_selected)
    )
    """The selected event's id."""
    find: str = field(default="", metadata=_saved("find", lambda v: v, _load_find))
    as_of: float | None = field(
        default=None, metadata=_saved("as_of", _dump_day, _day_loader("as_of"))
    )
    """Show the record as known at the end of this day (start of the day, seconds)."""
    changes_since: float | None = field(
        default=None,
        metadata=_saved("changes_since", _dump_day, _day_loader("changes_since")),
    )
    """Badge events first reported or changed after this day."""

    # -- setters that normalise -----------------------------------------------------------------

    def set_window(self, t0: float, t1: float) -> None:
        old = self.window
        if (
            old is None
            or abs(old[0] - t0) > WINDOW_TOLERANCE
            or abs(old[1] - t1) > WINDOW_TOLERANCE
        ):
            self.window = (float(t0), float(t1))

    def set_as_of(self, day: float | None) -> None:
        self.as_of = None if day is None else day_start(day)

    def set_changes_since(self, day: float | None) -> None:
        self.changes_since = None if day is None else day_start(day)

    def toggle_collapsed(self, group: str) -> None:
        options = self.layout
        self.layout = LayoutOptions(
            options.order, frozenset(set(options.collapsed) ^ {group}), options.keep_empty
        )

    # -- saved views ----------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The saved-view JSON (version 1)."""
        out: dict = {FORMAT_KEY: VERSION}
        for f in fields(self):
            out[f.metadata["key"]] = f.metadata["dump"](getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: object) -> ViewState:
        """Check and convert a saved view; raises ValueError naming the field that is wrong,
        so a bad view never half-applies."""
        if not isinstance(data, dict) or FORMAT_KEY not in data:
            raise ValueError(f"not a RegTimeline view (no {FORMAT_KEY!r} key)")
        version = data[FORMAT_KEY]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ValueError(f"{FORMAT_KEY}: expected a version number, got {version!r}")
        if version > VERSION:
            raise ValueError(f"view format {version} is newer than this RegTimeline reads")
        values = {f.name: f.metadata["load"](data.get(f.metadata["key"])) for f in fields(cls)}
        return cls(**values)

    def take(self, other: ViewState, keep_window: bool = True) -> None:
        """Take on every field of `other` (each field's signal fires if it changes); a view
        without a window keeps the current one when `keep_window`."""
        for f in fields(self):
            value = getattr(other, f.name)
            if f.name == "window" and value is None and keep_window:
                continue
            setattr(self, f.name, value)
