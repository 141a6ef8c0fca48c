"""The window fits the screen it opens on: inside its available geometry (the screen less the
desktop's panels), with every dock and the status bar reachable, on a 1366x768 laptop too.

The window asks for 1500x900 (or its remembered size, perhaps from a larger monitor); here it
is cut to the screen and moved onto it, and on a short screen the docks are given their share
of the height so the timeline keeps room for its rows. Called once, after the remembered
geometry is restored.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

FRAME_PX = 8
"""Room left for the window manager's frame on each side (and its title bar twice over)."""
SHORT_SCREEN_PX = 900
"""Screens less tall than this give the bottom docks a smaller share."""
BOTTOM_DOCK_SHARE = 0.22
SIDE_DOCK_SHARE = 0.3


def fit(window: QMainWindow) -> None:
    """Cut the window to its screen's available area and move it inside."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    if area.width() < 200 or area.height() < 200:
        return
    target = fitted(window.geometry(), area)
    if target.size() != window.size():
        window.resize(target.size())
    if target.topLeft() != window.pos() and not window.isVisible():
        window.move(target.topLeft())
    # Until it has shown (and tabbed its docks) a window may ask for more height than it
    # needs, and Qt grows it to that as it shows; docks take their sizes only once laid out.
    # Both are seen to just after the window first shows. (Not offscreen, for exports and
    # tests: there is no screen to fit, and a window keeps the size it is given.)
    if QGuiApplication.platformName() != "offscreen":
        window.installEventFilter(_FirstShow(window, area))


class _FirstShow(QObject):
    """Once the window has first shown: cut it to the screen again if it grew past it, and
    on a short screen share the docks out; then leave."""

    def __init__(self, window: QMainWindow, area: QRect) -> None:
        super().__init__(window)
        self.area = area

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: self._settle(watched))
        return False

    def _settle(self, window: QMainWindow) -> None:
        target = fitted(window.geometry(), self.area)
        if target.size() != window.size():
            window.resize(target.size())
        if self.area.height() < SHORT_SCREEN_PX:
            _share_docks(window)


def fitted(geometry: QRect, area: QRect) -> QRect:
    """`geometry` made to fit inside `area` (less a frame), keeping its size where it can."""
    width = min(geometry.width(), area.width() - 2 * FRAME_PX)
    height = min(geometry.height(), area.height() - 4 * FRAME_PX)
    x = min(max(geometry.x(), area.left() + FRAME_PX), area.right() - FRAME_PX - width)
    y = min(max(geometry.y(), area.top() + 3 * FRAME_PX), area.bottom() - FRAME_PX - height)
    return QRect(x, y, max(1, width), max(1, height))


def _share_docks(window: QMainWindow) -> None:
    """On a short screen: the bottom docks a quarter of the height, the side ones less width."""
    from PySide6.QtWidgets import QDockWidget

    bottom, side = [], []
    for dock in window.findChildren(QDockWidget):
        if dock.isFloating() or not dock.toggleViewAction().isChecked():
            continue
        area = window.dockWidgetArea(dock)
        if area == Qt.DockWidgetArea.BottomDockWidgetArea:
            bottom.append(dock)
        elif area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea):
            side.append(dock)
    if bottom:
        height = int(window.height() * BOTTOM_DOCK_SHARE)
        window.resizeDocks(bottom, [height] * len(bottom), Qt.Orientation.Vertical)
    if side:
        width = max(340, int(window.width() * SIDE_DOCK_SHARE))
        window.resizeDocks(side, [width] * len(side), Qt.Orientation.Horizontal)
