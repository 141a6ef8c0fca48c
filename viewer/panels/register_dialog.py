"""File > Open Register…: a register's address, or a new SQLite register on this desk."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.panels.problem_text import ProblemLabel
from viewer.panels.tooltips import plain_label

HINT = (
    "A register is the data format kept in a database the whole desk shares. "
    "sqlite:///path/register.db for one desk; postgresql://user@host:5432/dbname for a team "
    "(put the password in ~/.pgpass or PGPASSWORD; one typed here is used for this session "
    "only and never remembered)."
)


class RegisterDialog(QDialog):
    """Asks for an address; `chosen(address)` runs when one is accepted."""

    def __init__(self, parent: QWidget, chosen: Callable[[str], None], address: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Register")
        self.setAccessibleName("Open Register")
        self._chosen = chosen
        hint = plain_label(HINT)
        self.address = QLineEdit(address)
        self.address.setPlaceholderText("postgresql://user@host:5432/dbname or sqlite:///file.db")
        self.address.setAccessibleName("Register address")
        self.address.setMinimumWidth(460)
        self.new_button = QPushButton("&New SQLite Register…")
        self.new_button.setToolTip("Create a register file on this computer and open it")
        self.new_button.clicked.connect(self.choose_new)
        self.status = ProblemLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(hint)
        column.addWidget(QLabel("&Address:", buddy=self.address))
        column.addWidget(self.address)
        column.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.status)
        column.addWidget(buttons)

    def accept(self) -> None:
        from viewer.io.register.url import AddressError, parse_register

        text = self.address.text().strip()
        try:
            parse_register(text)
        except AddressError as exc:
            self.status.show_problem(str(exc))
            return
        super().accept()
        self._chosen(text)

    def choose_new(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New SQLite register", "register.db", "SQLite registers (*.db)"
        )
        if path:
            self.create(path)

    def create(self, path: str) -> None:
        """Make a new SQLite register at `path` and open it (a message when it can't be)."""
        from viewer.io.register.url import parse_register
        from viewer.io.register.write import init_register
        from viewer.record.problems import LoadError

        if not path.lower().endswith(".db"):
            path += ".db"
        url = parse_register(path, plain_path_is_sqlite=True)
        try:
            init_register(url)
        except LoadError as exc:
            self.status.show_problem(str(exc))
            return
        self.address.setText(url.address)
        self.accept()
