"""The status bar's two lines: what is shown, and what was loaded (with a link to the problems)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from viewer.record.as_of import format_as_of
from viewer.record.problems import loaded_text
from viewer.record.recency import reported_up_to


class StatusLine(QObject):
    """`7 of 45 events · … · reported up to 24 Feb 2026 · as known on 20 January 2026` and
    `45 events loaded · no problems`."""

    problemsClicked = Signal()

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.summary_label = QLabel("No data")
        self.summary_label.setAccessibleName("Summary")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label = QLabel()
        self.problems_label.setAccessibleName("Problems summary")
        self.problems_label.linkActivated.connect(lambda _: self.problemsClicked.emit())
        bar.addWidget(self.summary_label, 1)
        bar.addPermanentWidget(self.problems_label)

    def bind(self, document) -> None:
        document.contentChanged.connect(lambda _fresh: self.show(document))

    def show(self, document) -> None:
        model, full = document.model, document.full_model
        text = " · ".join(t for t in (model.summary(), reported_up_to(model)) if t)
        shown = document.content.selection.count if document.content else len(model)
        if shown != len(model):
            text = f"{shown:,} of {text}"
        if model.as_of is not None:
            text += " · as known on " + format_as_of(model.as_of)
        self.summary_label.setText(text)
        loaded = len(full)
        if full.problems:
            label = loaded_text(loaded, full.problems)
            self.problems_label.setText(f"<a href='problems'>{label}</a>")
        else:
            events = f"{loaded:,} event{'s' if loaded != 1 else ''}"
            self.problems_label.setText(f"{events} loaded · no problems")
