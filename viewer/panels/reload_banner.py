"""The banner above the timeline when the open file (or register) changed but can't be read now."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from viewer.panels.tooltips import plain_label


class ReloadBanner(QFrame):
    retryClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reload_banner")
        self.setAccessibleName("Reload problem")
        self.setStyleSheet(
            "#reload_banner { background: #FFF4D6; border-bottom: 1px solid #E0B84C; }"
            "#reload_banner QLabel { color: #5A4300; }"
        )
        self.label = plain_label()
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton("Try &Again")
        self.retry.setToolTip("Read the file again now")
        self.retry.setAccessibleName("Try reloading again")
        self.retry.clicked.connect(self.retryClicked)
        self.close_button = QPushButton("Dis&miss")
        self.close_button.setToolTip("Hide this message; the data on screen stay as they are")
        self.close_button.setAccessibleName("Dismiss reload problem")
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.retry)
        row.addWidget(self.close_button)
        self.hide()

    def show_problem(self, file_name: str, reason: str, register: bool = False) -> None:
        if register:
            self.label.setText(
                f"Register {file_name} can't be read now: {reason}. The last version that "
                "loaded stays on screen; it will be read again when the register is back."
            )
        else:
            self.label.setText(
                f"{file_name} changed on disk but can't be read: {reason}. "
                "The last version that loaded stays on screen; it will be read again when the "
                "file changes."
            )
        self.show()
