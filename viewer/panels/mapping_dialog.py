"""The column mapping dialog: which of the file's columns holds each field of an event.

Opened when a table lacks the required columns. Each field has a list of the file's columns
(with a few of their cells as examples), pre-set to the guess or to the mapping remembered for
this header; OK stays disabled until every required field has a column and no column is used
twice. The logic (guess, apply) lives in viewer/io/mapping.py; this is only the form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from viewer.io.mapping import FIELD_LABELS, FIELDS, REQUIRED_FIELDS, format_map
from viewer.panels.tooltips import plain_label, plain_tip

NONE = "(not in this table)"


class MappingDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        file_name: str,
        columns: list[str],
        examples: dict[str, list[str]],
        initial: dict[str, str],
        remembered: bool = False,
        problem: str = "",
    ) -> None:
        """`problem`: why the mapping tried last could not be used (shown until a column is
        chosen anew)."""
        super().__init__(parent)
        self.setWindowTitle("Match the columns")
        self.setAccessibleName("Column mapping")
        self.columns = [str(c) for c in columns]
        intro = QLabel(
            f"The columns of {file_name} have other names than RegTimeline expects. "
            "Choose the column that holds each field; fields marked * are required."
            + (" The choice remembered for this header is filled in." if remembered else "")
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        self.boxes: dict[str, QComboBox] = {}
        for field in FIELDS:
            box = QComboBox()
            box.addItem(NONE, "")
            for col in self.columns:
                sample = examples.get(col, [])
                text = col if not sample else f"{col}  —  e.g. {sample[0]}"
                box.addItem(text, col)
                tip = plain_tip("\n".join(sample) or "(empty)")  # (cells of the file: text)
                box.setItemData(box.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            wanted = initial.get(field, "")
            at = box.findData(wanted) if wanted else 0
            box.setCurrentIndex(max(at, 0))
            label = FIELD_LABELS[field] + (" *" if field in REQUIRED_FIELDS else "")
            box.setAccessibleName(f"Column for {FIELD_LABELS[field]}")
            box.setToolTip(f"The column of the file that holds the {FIELD_LABELS[field].lower()}")
            box.currentIndexChanged.connect(self._check)
            form.addRow(label, box)
            self.boxes[field] = box
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        self.remember = QCheckBox("Remember for tables with the same columns")
        self.remember.setChecked(True)
        self.remember.setToolTip("Open tables with this header the same way next time")
        self.status = plain_label()
        self.status.setAccessibleName("Mapping status")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Open")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.remember)
        layout.addWidget(self.buttons)
        self.resize(560, 640)
        self._check()
        if problem:
            self.status.setText(problem)

    def remember_choice(self) -> bool:
        """Whether the user wants this mapping used for tables with the same header."""
        return self.remember.isChecked()

    def mapping(self) -> dict[str, str]:
        """Field -> the file's column, for the fields given a column."""
        out = {}
        for field, box in self.boxes.items():
            col = box.currentData()
            if col:
                out[field] = col
        return out

    def set_column(self, field: str, column: str | None) -> None:
        """Choose the column for a field (as picking it in the list does)."""
        box = self.boxes[field]
        box.setCurrentIndex(max(box.findData(column or ""), 0))

    def problem(self) -> str:
        """Why the mapping can't be used yet, or ''."""
        mapping = self.mapping()
        missing = [FIELD_LABELS[f] for f in REQUIRED_FIELDS if f not in mapping]
        if missing:
            return "Still needed: " + ", ".join(missing) + "."
        used: dict[str, str] = {}
        for field, col in mapping.items():
            if col in used:
                return f"Column '{col}' is chosen for both {used[col]} and {FIELD_LABELS[field]}."
            used[col] = FIELD_LABELS[field]
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.ok_button.setEnabled(not problem)
        if problem:
            self.status.setText(problem)
        else:
            self.status.setText("Command line: --map '" + format_map(self.mapping()) + "'")
