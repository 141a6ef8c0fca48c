"""What the window takes back from the last run: size, docks, table columns, each file's view.

Kept out of main_window.py so the window stays wiring: it calls `restore_window` once built,
`remember_view` before it leaves a file, `restore_view` after it opens one, and `save_window`
when it closes. Nothing here raises: remembered state that no longer fits is skipped.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from viewer.app.settings import AppSettings

if TYPE_CHECKING:
    from viewer.app.main_window import MainWindow

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
    """The view of the open file as a plain dict: ViewState's saved-view form."""
    return window.state.to_dict()


def apply_view(window: MainWindow, view: dict) -> bool:
    """Take on a remembered view; False (and nothing changed) when it does not fit."""
    try:
        window.state.from_dict(view)
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    return True


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
