"""The window's status bar: a long message ends in "…" short of the permanent widgets.

QStatusBar draws a temporary message up to two pixels from its permanent widgets and cuts it
off mid-letter, so a long message ("Reloaded …: +2 events · … — note: …") runs straight into
"45 events loaded". Here the message is elided to the room left of them, with a gap, and the
whole message is the bar's tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QStyle, QStyleOption, QWidget

from viewer.panels.tooltips import plain_tip

GAP = 12
"""Pixels kept clear between the message and the first permanent widget."""
LEFT = 6
"""Where QStatusBar starts its message."""


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messageChanged.connect(self._on_message_changed)

    def message_rect(self) -> QRect:
        """Where the message is drawn: from the left edge to a gap before the first widget
        still shown beside it (permanent widgets and the size grip)."""
        right = self.width() - LEFT
        for child in self.children():
            if isinstance(child, QWidget) and child.isVisible() and not child.isWindow():
                right = min(right, child.x() - GAP)
        return QRect(LEFT, 0, max(0, right - LEFT), self.height())

    def shown_message(self) -> str:
        """The message as drawn: elided ("…") to fit its room."""
        message = " ".join(self.currentMessage().split())
        return self.fontMetrics().elidedText(
            message, Qt.TextElideMode.ElideRight, self.message_rect().width()
        )

    def paintEvent(self, event) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        # What QStatusBar paints with a message, with the message elided to its room.
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        style = self.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for child in self.children():
            if isinstance(child, QWidget) and child.isVisible() and not child.isWindow():
                if isinstance(child, QSizeGrip):
                    continue
                frame = QStyleOption()
                frame.rect = child.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                style.drawPrimitive(
                    QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, child
                )
        painter.setPen(self.palette().windowText().color())
        align = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.message_rect(), int(align), self.shown_message())
        painter.end()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._on_message_changed(self.currentMessage())

    def _on_message_changed(self, message: str) -> None:
        if self.layout() is not None:
            self.layout().activate()  # (the widgets beside the message where they will be)
        cut = bool(message) and self.shown_message() != " ".join(message.split())
        self.setToolTip(plain_tip(message) if cut else "")  # (it may quote names from data)
