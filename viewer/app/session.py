"""What the window takes back from the last run: size, docks, table columns, each data set's
view.

The window calls `restore_window` once built and `save_window` when it closes; a data set just
opened is shown through `show_opened`: the view of the one it replaces is remembered
(`remember_view`), its own taken back (`restore_view`), keyed by file or register address.
Nothing here raises: remembered state that no longer fits is skipped.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QTableView

from viewer.app.settings import AppSettings
from viewer.paths import is_bundled
from viewer.shown.view_state import ViewState

TABLE = "events"


def restore_window(window: QMainWindow, table: QTableView, settings: AppSettings) -> None:
    geometry = settings.window_geometry()
    if geometry is not None:
        window.restoreGeometry(geometry)
    state = settings.window_state()
    if state is not None:
        window.restoreState(state)
    widths = settings.column_widths(TABLE)
    if widths:
        model, header = table.model(), table.horizontalHeader()
        for column in range(model.columnCount()):
            title = model.headerData(column, Qt.Orientation.Horizontal)
            if title in widths:
                header.resizeSection(column, widths[title])


def save_window(window: QMainWindow, table: QTableView, settings: AppSettings) -> None:
    settings.set_window_geometry(window.saveGeometry())
    settings.set_window_state(window.saveState())
    model, header = table.model(), table.horizontalHeader()
    settings.set_column_widths(
        TABLE,
        {
            str(model.headerData(c, Qt.Orientation.Horizontal)): header.sectionSize(c)
            for c in range(model.columnCount())
            if header.sectionSize(c) > 0
        },
    )
    settings.sync()


def view_key(model) -> str | None:
    """What a data set's last view is kept under: its file, or a register's address (without
    its password, as Open Recent keeps it); None for what has neither."""
    if model is None:
        return None
    return str(model.path) if model.path is not None else model.origin


def show_opened(document, settings: AppSettings, model, content=None) -> bool:
    """Show a data set just opened as it was last left (the one it replaces keeps its view for
    next time), in one rebuild; remember it in Open Recent (not the bundled sample). True when
    a remembered view was restored."""
    shown_before = view_key(document.full_model)
    other = shown_before is None or view_key(model) != shown_before
    if other:
        remember_view(document, settings)
    with document.batch():  # the data and their remembered view: one rebuild
        document.set_model(model, content)
        restored = other and restore_view(document, settings)
    if model.path is not None and not is_bundled(model.path):
        settings.add_recent_file(str(model.path.resolve()))
    elif model.origin:
        settings.add_recent_file(model.origin)
    return restored


def remember_view(document, settings: AppSettings) -> None:
    """Keep the view of the document's file or register, for the next time it is opened."""
    key = view_key(document.full_model)
    if key is None:
        return
    with contextlib.suppress(TypeError, ValueError):  # a view that doesn't serialise: skip it
        settings.set_last_view(key, document.state.to_dict())


def restore_view(document, settings: AppSettings) -> bool:
    """Show the document's file as it was last left; False (nothing changed) when no view was
    kept for it or the one kept no longer fits."""
    key = view_key(document.full_model)
    if key is None:
        return False
    remembered = settings.last_view(key)
    if remembered is None:
        return False
    try:
        view = ViewState.from_dict(remembered)
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    with document.batch():
        document.state.take(view)
    return True
