"""Find: words to look for among the shown events, "3 of 11", and Previous/Next.

Unlike the panel's Text filter it hides nothing: results are ringed in the timeline and tinted in
the table, and Enter / Shift+Enter (or the arrows) step the selection through them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

FIND_DELAY_MS = 200


class FindBar(QWidget):
    findChanged = Signal(str)
    stepRequested = Signal(int)  # 1 next, -1 previous

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Find")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find (Ctrl+F)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Find text")
        self.edit.setToolTip(
            "Highlight shown events containing these words; Enter: next, Shift+Enter: previous"
        )
        self.edit.setMinimumWidth(150)
        self.edit.installEventFilter(self)
        self.count_label = QLabel("")
        self.count_label.setAccessibleName("Find results")
        self.count_label.setToolTip("Which result is selected, of how many")
        self.count_label.setMinimumWidth(64)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        style = self.style()
        self.prev_button = QToolButton()
        self.prev_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.prev_button.setAccessibleName("Previous result")
        self.prev_button.setToolTip("Previous result (Shift+Enter)")
        self.prev_button.clicked.connect(lambda: self.stepRequested.emit(-1))
        self.next_button = QToolButton()
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.next_button.setAccessibleName("Next result")
        self.next_button.setToolTip("Next result (Enter)")
        self.next_button.clicked.connect(lambda: self.stepRequested.emit(1))
        self._timer = QTimer(self, singleShot=True, interval=FIND_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.edit.textChanged.connect(lambda _: self._timer.start())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.count_label)
        row.addWidget(self.prev_button)
        row.addWidget(self.next_button)
        from viewer.panels.filter_panel import name_clear_button

        name_clear_button(self.edit)
        self._last = ""
        self.set_count(None, 0)

    def bind(self, document) -> None:
        """Show the state's Find words; words typed here go into the state (the navigator
        finds the hits and steps through them)."""

        def follow(text: str) -> None:
            if self.text() != text:
                self.set_text(text)

        document.findChanged.connect(follow)
        self.findChanged.connect(lambda text: setattr(document.state, "find", text))

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self._emit()

    def flush(self) -> None:
        """Apply typed text now (Enter, or before stepping)."""
        if self._timer.isActive():
            self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        text = self.text()
        if text != self._last:
            self._last = text
            self.findChanged.emit(text)

    def set_count(self, position: int | None, total: int) -> None:
        """`3 of 11`, `11 found` (none selected), `no results`, or empty without a search."""
        if not self.text():
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText("no results")
        elif position is None:
            self.count_label.setText(f"{total:,} found")
        else:
            self.count_label.setText(f"{position + 1:,} of {total:,}")
        enabled = total > 0
        self.prev_button.setEnabled(enabled)
        self.next_button.setEnabled(enabled)

    def clear_if_focused(self) -> None:
        """Esc anywhere clears the selection; with the cursor in this field, the search too."""
        if self.edit.hasFocus() and self.text():
            self.set_text("")

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.flush()
                back = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.stepRequested.emit(-1 if back else 1)
                return True
            if event.key() == Qt.Key.Key_Escape and self.edit.text():
                self.edit.clear()
                self._emit()
                return True
        return super().eventFilter(watched, event)
