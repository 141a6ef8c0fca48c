"""Links from the data open only after the user has seen the full address.

A data file is untrusted: a source's visible title may say one site while its address goes
to another. Only http and https addresses get this far (viewer/text.py safe_url).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_open(parent: QWidget, url: str, open_it: Callable[[str], None]) -> QMessageBox:
    """Show the full address with Open and Cancel; `open_it(url)` runs only on Open."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Open link")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("Open this address in your web browser?")
    box.setInformativeText(url)
    box.setAccessibleName("Open link")
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    label = box.findChild(QWidget, "qt_msgbox_informativelabel")
    if label is not None and hasattr(label, "setTextInteractionFlags"):
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def done(button) -> None:
        if button is open_button:
            open_it(url)

    box.buttonClicked.connect(done)
    box.open_button = open_button
    box.open()
    return box
