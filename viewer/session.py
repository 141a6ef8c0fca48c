"""What the window takes back from the last run: size, docks, table columns, each file's view.

Kept out of main_window.py so the window stays wiring: it calls `restore_window` once built,
`remember_view` before it leaves a file, `restore_view` after it opens one, and `save_window`
when it closes. Nothing here raises: remembered state that no longer fits is skipped.
"""

from __future__ import annotations

import contextlib
import math
from typing import TYPE_CHECKING

from viewer.settings import AppSettings

if TYPE_CHECKING:
    from viewer.main_window import MainWindow

TABLE = "events"


def restore_window(window: MainWindow, settings: AppSettings) -> None:
    geometry = settings.window_geometry()
    if geometry is not None:
        window.restoreGeometry(geometry)
    state = settings.window_state()
    if state is not None:
        window.restoreState(state)
    widths = settings.column_widths(TABLE)
    if widths:
        model, header = window.table.model(), window.table.horizontalHeader()
        for column in range(model.columnCount()):
            title = model.headerData(column, _horizontal())
            if title in widths:
                header.resizeSection(column, widths[title])


def save_window(window: MainWindow, settings: AppSettings) -> None:
    settings.set_window_geometry(window.saveGeometry())
    settings.set_window_state(window.saveState())
    model, header = window.table.model(), window.table.horizontalHeader()
    settings.set_column_widths(
        TABLE,
        {
            str(model.headerData(c, _horizontal())): header.sectionSize(c)
            for c in range(model.columnCount())
            if header.sectionSize(c) > 0
        },
    )
    remember_view(window, settings)
    settings.sync()


def view_dict(window: MainWindow) -> dict:
    """The view of the open file as a plain dict (ViewState's own form when it has one)."""
    state = window.state
    if hasattr(state, "to_dict"):
        return state.to_dict()
    t0, t1 = window.timeline.time_window()
    return {"window": [t0, t1], "selected": state.selected, **state.time_dict()}


def apply_view(window: MainWindow, view: dict) -> bool:
    """Take on a remembered view; False (and nothing changed) when it does not fit."""
    state = window.state
    try:
        if not _is_fallback(view):
            if not hasattr(state, "from_dict"):
                return False
            state.from_dict(view)
            return True
        state.apply_time_dict(view)
        t0, t1 = (float(x) for x in view["window"])
        if math.isfinite(t0) and math.isfinite(t1) and t1 > t0:
            state.set_window(t0, t1)
        selected = view.get("selected")
        model = window.model
        if isinstance(selected, str) and model is not None and model.index_of(selected) is not None:
            window.select_id(selected, reveal=False)
        return True
    except (ValueError, TypeError, KeyError, AttributeError):
        return False


def _is_fallback(view: dict) -> bool:
    return isinstance(view.get("window"), list)


def remember_view(window: MainWindow, settings: AppSettings) -> None:
    model = window.full_model
    if model is None or model.path is None:
        return
    with contextlib.suppress(TypeError, ValueError):  # a view that doesn't serialise: skip it
        settings.set_last_view(str(model.path), view_dict(window))


def restore_view(window: MainWindow, settings: AppSettings) -> bool:
    model = window.full_model
    if model is None or model.path is None:
        return False
    view = settings.last_view(str(model.path))
    return view is not None and apply_view(window, view)


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
