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

What each key holds is declared with the view state itself (viewer/shown/view_state.py). No Qt
here: the command line renders views without a display. Reading checks every field and raises
ViewError naming the file and the field, so a bad file never half-applies. A view is bounded
(its size, how deep it nests, how many names a list holds, how long a text is, how many
digits a number has): a file past a bound is refused with the reason, never worked through.
"""

from __future__ import annotations

import json
from pathlib import Path

from viewer.io.files import atomic_write
from viewer.io.reading import read_limited
from viewer.record.problems import LoadError
from viewer.shown.view_state import ViewState

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


def read_view(path: str | Path) -> ViewState:
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
        return ViewState.from_dict(data)
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


def write_view(path: str | Path, view: ViewState) -> Path:
    """Write atomically; raises WriteError naming the file and the reason."""
    text = json.dumps(view.to_dict(), indent=2, ensure_ascii=False) + "\n"
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
