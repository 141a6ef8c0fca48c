"""The red of a problem message, in the window's theme.

A dialog's message saying why something failed is drawn in red; a red that reads on the light
window (#B42318 on #EFEFEF: 5.9:1) is lost on the dark one (2.6:1), so the label takes its
red from the window colour, again whenever the palette changes (View > Theme).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

LIGHT_RED = "#B42318"
DARK_RED = "#FF7B72"
"""4.5:1 or more against the window and the dialogs' grounds of each theme."""


class ProblemLabel(QLabel):
    """A plain-text label for a problem (red) or a notice (the usual text colour)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)  # (messages quote files and what was typed)
        self.setWordWrap(True)
        self._problem = True
        self._recolouring = False
        self._recolour()

    def show_problem(self, text: str) -> None:
        self._problem = True
        self.setText(text)
        self._recolour()

    def show_notice(self, text: str) -> None:
        self._problem = False
        self.setText(text)
        self._recolour()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._recolouring:
            self._recolour()

    def _recolour(self) -> None:
        self._recolouring = True
        try:
            # (the application's palette: a parent may not have taken the new one yet when
            # this label hears of a theme change)
            ground = QApplication.palette(self)
            dark = ground.color(QPalette.ColorRole.Window).lightness() < 128
            text = (
                QColor(DARK_RED if dark else LIGHT_RED)
                if self._problem
                else ground.color(QPalette.ColorRole.WindowText)
            )
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.WindowText, text)
            self.setPalette(palette)
        finally:
            self._recolouring = False
