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
ViewError naming the file and the field, so a bad file never half-applies.
"""

from __future__ import annotations

import json
from pathlib import Path

from viewer.io.files import atomic_write
from viewer.shown.view_state import ViewState


class ViewError(Exception):
    """A view file that can't be read or used; the message names the file and the reason."""


def read_view(path: str | Path) -> ViewState:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ViewError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ViewError(
            f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ViewError(
            f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    try:
        return ViewState.from_dict(data)
    except ValueError as exc:
        raise ViewError(f"{path}: {exc}") from None


def write_view(path: str | Path, view: ViewState) -> Path:
    """Write atomically; raises WriteError naming the file and the reason."""
    text = json.dumps(view.to_dict(), indent=2, ensure_ascii=False) + "\n"
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
