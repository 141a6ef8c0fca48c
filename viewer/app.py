"""Creating the QApplication: offscreen for exports, the real platform for the window."""

from __future__ import annotations

import os
import sys


def application(offscreen: bool = False):
    """The process's QApplication, created once; `offscreen` needs no display at all."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app
    if offscreen and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="k")
    app = QApplication(sys.argv[:1])
    # Fusion before any widget exists: it honours the light and dark palettes on every
    # platform, and switching style later re-lays out docks (tab bars left behind).
    app.setStyle("Fusion")
    app.setApplicationName("RegTimeline")
    app.setOrganizationName("RegTimeline")
    app.setApplicationDisplayName("RegTimeline")
    app.setDesktopFileName("regtimeline")  # Wayland and docks match the window to its entry
    from PySide6.QtGui import QIcon

    from viewer.paths import resource

    app.setWindowIcon(QIcon(str(resource("regtimeline.svg"))))
    return app
