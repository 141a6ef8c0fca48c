"""Saved views: the filters, time window, lanes, selection and days of a view, as a JSON file.

A view is small and readable, so it can be mailed, versioned and edited by hand:

    {
      "regtimeline_view": 1,
      "filters": {"companies": ["All companies", "DeepSeek"], "regulators": null,
                  "tracks": null, "statuses": null, "from": "2026-01-01", "to": "2026-01-31",
                  "search": ""},
      "window": {"from": "2025-12-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
      "lanes": {"order": "count", "collapsed": ["Nvidia"], "keep_empty": false},
      "selected": "cn-deepseek-approval",
      "find": "",
      "as_of": null,
      "changes_since": null
    }

No Qt here: the command line renders views without a display. Reading checks every field and
raises ViewError naming the file and the field, so a bad file never half-applies. A view is
bounded (its size, how deep it nests, how many names a list holds, how long a text is, how
many digits a number has): a file past a bound is refused with the reason, never worked through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from viewer.io.files import WriteError, atomic_write
from viewer.io.reading import read_limited
from viewer.record.as_of import iso, parse_as_of
from viewer.record.problems import LoadError
from viewer.shown.content import LayoutOptions
from viewer.shown.filters import Filters
from viewer.shown.layout import GROUP_ORDERS

FORMAT_KEY = "regtimeline_view"
VERSION = 1
MAX_BYTES = 1 << 20
"""A view file is a few hundred bytes; a megabyte holds thousands of names."""
MAX_NAMES = 10_000
"""Names a list of a view may hold (companies, regulators, tracks, statuses, folded lanes)."""
MAX_TEXT = 10_000
"""Characters a text of a view may have (a name, the search words, the Find words)."""
MAX_DEPTH = 6
"""Levels of objects and lists: the format has three."""
MAX_DIGITS = 18


class ViewError(Exception):
    """A view file that can't be read or used; the message names the file and the reason."""


@dataclass(frozen=True)
class SavedView:
    filters: Filters = Filters()
    window: tuple[float, float] | None = None  # seconds; whole seconds once saved
    layout: LayoutOptions = field(default_factory=LayoutOptions)
    selected: str | None = None
    find: str = ""
    as_of: float | None = None
    changes_since: float | None = None

    def to_dict(self) -> dict:
        return {
            FORMAT_KEY: VERSION,
            "filters": self.filters.to_dict(),
            "window": None
            if self.window is None
            else {"from": _instant(self.window[0]), "to": _instant(self.window[1])},
            "lanes": {
                "order": self.layout.order,
                "collapsed": sorted(self.layout.collapsed),
                "keep_empty": self.layout.keep_empty,
            },
            "selected": self.selected,
            "find": self.find,
            "as_of": None if self.as_of is None else iso(self.as_of),
            "changes_since": None if self.changes_since is None else iso(self.changes_since),
        }

    @classmethod
    def from_dict(cls, data: object) -> SavedView:
        """Check and convert; raises ValueError naming the field that is wrong."""
        if not isinstance(data, dict) or FORMAT_KEY not in data:
            raise ValueError(f"not a RegTimeline view (no {FORMAT_KEY!r} key)")
        version = data[FORMAT_KEY]
        if not isinstance(version, int) or version < 1:
            raise ValueError(f"{FORMAT_KEY}: expected a version number, got {version!r}")
        if version > VERSION:
            raise ValueError(f"view format {version} is newer than this RegTimeline reads")
        filters = Filters.from_dict(data.get("filters") or {})
        window = None
        raw = data.get("window")
        if raw is not None:
            if not isinstance(raw, dict):
                raise ValueError("window: expected an object with from and to")
            window = (
                _parse_instant(raw.get("from"), "window.from"),
                _parse_instant(raw.get("to"), "window.to"),
            )
            if window[1] <= window[0]:
                raise ValueError("window: 'to' must come after 'from'")
        lanes = data.get("lanes") or {}
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
        selected = data.get("selected")
        if selected is not None and not isinstance(selected, str):
            raise ValueError("selected: expected an event id or null")
        find = data.get("find", "") or ""
        if not isinstance(find, str):
            raise ValueError("find: expected text")
        return cls(
            filters=filters,
            window=window,
            layout=LayoutOptions(order, frozenset(collapsed), keep_empty),
            selected=selected,
            find=find,
            as_of=_day(data.get("as_of"), "as_of"),
            changes_since=_day(data.get("changes_since"), "changes_since"),
        )


def read_view(path: str | Path) -> SavedView:
    path = Path(path)
    try:
        text = read_limited(path, MAX_BYTES, "a view file").decode("utf-8-sig")
    except LoadError as exc:
        raise ViewError(str(exc)) from None
    except UnicodeDecodeError:
        raise ViewError(f"{path}: cannot be read (not UTF-8 text)") from None
    try:
        data = json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        raise ViewError(
            f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except ValueError as exc:  # (a number too long: _whole_number)
        raise ViewError(f"{path}: {exc}") from None
    except RecursionError:
        raise ViewError(f"{path}: nested more than {MAX_DEPTH} levels deep") from None
    try:
        _check_bounds(data)
        return SavedView.from_dict(data)
    except ValueError as exc:
        raise ViewError(f"{path}: {exc}") from None


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ValueError(
            f"a number of {len(digits.lstrip('-')):,} digits; a view holds none longer "
            f"than {MAX_DIGITS}"
        )
    return int(digits)


def _check_bounds(data: object) -> None:
    """Raise ValueError naming the field of the first value past a bound of a view (walked
    without recursion: a view nested 100,000 deep is told, not a crash)."""
    stack: list[tuple[object, str, int]] = [(data, "", 1)]
    while stack:
        value, field, depth = stack.pop()
        where = field or "the view"
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"{where}: not valid text (half of a character)") from None
            if len(value) > MAX_TEXT:
                raise ValueError(
                    f"{where}: a text of {len(value):,} characters; a view holds at most "
                    f"{MAX_TEXT:,}"
                )
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise ValueError(f"{where}: nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, list):
            if len(value) > MAX_NAMES:
                raise ValueError(
                    f"{where}: {len(value):,} names; a view holds at most {MAX_NAMES:,}"
                )
            stack.extend((item, field, depth + 1) for item in reversed(value))
        else:
            for key, item in reversed(value.items()):  # (the first in the file is checked first)
                stack.append((item, f"{field}.{key}" if field else str(key), depth + 1))
                stack.append((key, field, depth))


def write_view(path: str | Path, view: SavedView) -> Path:
    """Write atomically; raises WriteError naming the file and the reason."""
    text = json.dumps(view.to_dict(), indent=2, ensure_ascii=False) + "\n"
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


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


def _day(value: object, key: str) -> float | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a date like 2026-01-20")
    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise ValueError(f"{key}: {exc}") from None


__all__ = ["SavedView", "ViewError", "WriteError", "read_view", "write_view"]
