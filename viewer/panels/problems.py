"""The Problems list: every row left out or kept with a remark, with file, line and column."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from viewer.panels.tooltips import plain_tip
from viewer.record.problems import Problem, shorten

HEADERS = ("File", "Line", "Column", "Value", "Problem", "Row")


class ProblemsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        p = self.problems[index.row()]
        tip = role == Qt.ItemDataRole.ToolTipRole
        values = (
            p.file,
            p.where,
            p.column or "",
            p.value if tip else shorten(p.value, 60),
            p.reason,
            "left out" if p.dropped else "kept",
        )
        # A tooltip that looks like HTML is rendered by Qt: cells arrive escaped.
        return plain_tip(values[index.column()]) if tip else values[index.column()]


class ProblemsView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems_model = ProblemsModel()
        self.setModel(self.problems_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((220, 50, 90, 160, 360)):
            self.setColumnWidth(col, width)
        self.setAccessibleName("Problems")
        self.setAccessibleDescription("Rows of the file that were left out or kept with a remark")

    def bind(self, document) -> None:
        """List the problems of the open file."""
        document.modelChanged.connect(lambda: self.set_problems(document.full_model.problems))

    def set_problems(self, problems: list[Problem]) -> None:
        self.problems_model.set_problems(problems)
