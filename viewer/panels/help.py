"""Help > Data Format and Help > About: read-only windows over viewer/about.py's texts."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.panels.about import data_format_markdown, dependency_licences
from viewer.record.text import esc


class HelpDialog(QDialog):
    """A text (Markdown or HTML) in a browser that opens web links outside, and a Close button."""

    def __init__(self, parent: QWidget | None, title: str, description: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 640)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._open)
        self.browser.setAccessibleName(title)
        self.browser.setAccessibleDescription(description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setToolTip("Close this window (Esc)")
        close.setAccessibleName("Close")
        box = QVBoxLayout(self)
        box.addWidget(self.browser)
        box.addWidget(buttons)

    def _open(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "file"):
            QDesktopServices.openUrl(url)


def data_format_dialog(parent: QWidget | None) -> HelpDialog:
    dialog = HelpDialog(
        parent, "Data Format", "The columns an event table has and what each one means"
    )
    dialog.browser.setMarkdown(data_format_markdown())
    return dialog


def about_html(version: str, log: Path | None, settings: Path | None) -> str:
    rows = "".join(
        f"<tr><td>{esc(name)}</td><td>{esc(ver)}</td><td>{esc(licence)}</td></tr>"
        for name, ver, licence in dependency_licences()
    )

    def place(label: str, path: Path | None) -> str:
        if path is None:
            return f"<p>{label}: not available</p>"
        link = QUrl.fromLocalFile(str(path.parent)).toString()
        return f"<p>{label}: <a href='{link}'>{esc(str(path))}</a></p>"

    return (
        f"<h2>RegTimeline {esc(version)}</h2>"
        "<p>A swimlane timeline of export permissions, approvals and conditions, with the "
        "sources of every event. MIT licence.</p>"
        f"<p>Python {esc(platform.python_version())} · Qt {esc(qVersion())} · "
        f"PySide6 {esc(pyside_version)}</p>"
        + place("Log file (errors, with details for a bug report)", log)
        + place("Settings file", settings)
        + "<h3>Libraries</h3><table cellpadding='3'>"
        "<tr><th align='left'>Library</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>"
        "<p>Qt and PySide6 are used under the LGPL version 3: you may replace them with your "
        "own build (pip installs them as separate packages).</p>"
    )


def about_dialog(parent: QWidget | None, version: str, log, settings) -> HelpDialog:
    dialog = HelpDialog(
        parent, "About RegTimeline", "Version, the libraries used with their licences, log file"
    )
    dialog.browser.setHtml(about_html(version, log, settings))
    dialog.resize(640, 560)
    return dialog


class HelpMenu(QMenu):
    """Help > Data Format (F1) and About: each opens its window (kept in `dialog`)."""

    def __init__(self, parent: QWidget, version: str, log: Path | None, settings: Path | None):
        super().__init__("&Help", parent)
        self.dialog: HelpDialog | None = None
        self.data_format_action = QAction("&Data Format", parent)
        self.data_format_action.setShortcuts(QKeySequence.StandardKey.HelpContents)
        tip = "The columns an event table has and what they mean"
        self.data_format_action.setToolTip(tip)
        self.data_format_action.setStatusTip(tip)
        self.data_format_action.triggered.connect(lambda: self._show(data_format_dialog(parent)))
        self.about_action = QAction("&About RegTimeline", parent)
        self.about_action.setToolTip("Version, licences, where the log is")
        self.about_action.triggered.connect(
            lambda: self._show(about_dialog(parent, version, log, settings))
        )
        parent.addAction(self.data_format_action)
        self.addActions([self.data_format_action, self.about_action])

    def _show(self, dialog: HelpDialog) -> None:
        self.dialog = dialog
        dialog.show()
