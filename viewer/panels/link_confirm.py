"""Links from the data open only after the user has seen the full address.

A data file is untrusted: a source's visible title may say one site while its address goes
to another. Only http and https addresses get this far (viewer/text.py safe_url). A host in
another script is shown as the browser resolves it (`xn--pple-43d.com`) beside how it reads
(`аpple.com`), with a warning when a name mixes scripts, as look-alike addresses do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from viewer.record.text import host_of, script_of


def ask_to_open(parent: QWidget, url: str, open_it: Callable[[str], None]) -> QMessageBox:
    """Show the full address with Open and Cancel; `open_it(url)` runs only on Open."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Open link")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("Open this address in your web browser?")
    box.setInformativeText(address_text(url))
    box.setAccessibleName("Open link")
    open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    label = box.findChild(QWidget, "qt_msgbox_informativelabel")
    if label is not None and hasattr(label, "setTextInteractionFlags"):
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setMinimumWidth(420)  # (a host is never broken across lines)

    def done(button) -> None:
        if button is open_button:
            open_it(url)

    box.buttonClicked.connect(done)
    box.open_button = open_button
    box.open()
    return box


def address_text(url: str) -> str:
    """The address, and for a host in another script, where it goes and how it reads."""
    host = host_of(url)
    if host is None or not host.international:
        return url
    scripts = sorted({script_of(ch) for ch in host.unicode if ch.isalpha()})
    text = (
        f"{url}\n\nGoes to the host:\u2003{host.ascii}\n"
        f"which reads as:\u2003{host.unicode}  ({' and '.join(scripts)} letters)"
    )
    if host.mixed:
        text += (
            f"\n\n\u26a0 Its name mixes {' and '.join(host.mixed)} letters, as an address "
            "made to look like another site's does. Open it only if you know where it goes."
        )
    return text
