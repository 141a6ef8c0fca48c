"""Works around stale dock tab bars in Qt 6.11: tabifying docks before the window is shown, or
restoring a saved dock layout, can leave a second copy of a group's tab bar on screen at an
old position (it shows as a ghost "Details | Filters" strip over other widgets).

The live tab bar runs along the edge of the dock it switches; any other visible copy is hidden.
Checked after every layout change of the window, which costs a few comparisons.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar


def hide_stale_tab_bars(window: QMainWindow) -> int:
    """Hide the copies of dock tab bars that no longer belong to a dock; returns how many."""
    docks = {d.windowTitle(): d for d in window.findChildren(QDockWidget)}
    hidden = 0
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisible():
            continue  # tab bars of tab widgets inside panels are not the layout's
        names = [bar.tabText(i) for i in range(bar.count())]
        shown = [
            docks[n]
            for n in names
            if n in docks and docks[n].isVisible() and not docks[n].isFloating()
        ]
        if not shown:
            continue
        g = bar.geometry()
        live = any(_under(g, d.geometry()) for d in shown)
        if not live:
            bar.hide()
            hidden += 1
    return hidden


def _under(bar, dock) -> bool:
    """The tab bar runs along the dock's lower (or upper) edge, as wide as the dock."""
    aligned = abs(bar.left() - dock.left()) <= 2 and abs(bar.width() - dock.width()) <= 2
    touching = abs(bar.top() - dock.bottom()) <= 4 or abs(bar.bottom() - dock.top()) <= 4
    return aligned and touching


class _Watcher(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pending = False

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show) and not self.pending:
            self.pending = True
            QTimer.singleShot(0, self._check)
        return False

    def _check(self) -> None:
        self.pending = False
        hide_stale_tab_bars(self.window)


def tab_once(window: QMainWindow, dock: QDockWidget, other: QDockWidget) -> None:
    """Put `other` in a tab beside `dock`, the first time the window is shown (a user who moves
    it later keeps it where they put it). Only once shown: tabifying a second dock area before
    that makes Qt (6.11) draw a stray copy of the tab bar."""
    if other.property("tabbed_once"):
        return
    other.setProperty("tabbed_once", True)
    if other not in window.tabifiedDockWidgets(dock):
        window.tabifyDockWidget(dock, other)
        other.raise_()


def install(window: QMainWindow) -> None:
    """Keep the window free of stale tab bars from now on."""
    window._dock_tabs_watcher = _Watcher(window)
    window.installEventFilter(window._dock_tabs_watcher)
