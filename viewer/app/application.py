"""Creating the QApplication: offscreen for exports, the real platform for the window."""

from __future__ import annotations

import os
import sys


def application(offscreen: bool = False):
    """The process's QApplication, created once; `offscreen` needs no display at all.

    Offscreen whatever QT_QPA_PLATFORM says: an export asked for with `xcb` or `wayland` in
    the environment and no display would otherwise end in Qt's abort."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if offscreen:
        _qt_messages_to_log()
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="k")
    app = QApplication(sys.argv[:1])
    # Fusion before any widget exists: it honours the light and dark palettes on every
    # platform, and switching style later re-lays out docks (tab bars left behind).
    from viewer.app.fusion_style import use_fusion

    use_fusion(app)
    app.setApplicationName("RegTimeline")
    app.setOrganizationName("RegTimeline")
    app.setApplicationDisplayName("RegTimeline")
    app.setDesktopFileName("regtimeline")  # Wayland and docks match the window to its entry
    from PySide6.QtGui import QIcon

    from viewer.paths import resource

    app.setWindowIcon(QIcon(str(resource("regtimeline.svg"))))
    return app


def _qt_messages_to_log() -> None:
    """Send Qt's own notices to the log file, not the terminal.

    The offscreen platform reports what it cannot do (window size hints and the like), which
    means nothing to someone exporting a snapshot; the log keeps it for whoever debugs.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from viewer.errors import logger

    def handle(kind: QtMsgType, _context, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            logger().error("Qt: %s", message)
        else:
            logger().debug("Qt: %s", message)

    qInstallMessageHandler(handle)
