"""Tooltips and labels of text from the data: shown as written, never as markup.

Qt renders a tooltip that looks like HTML (Qt::mightBeRichText): a cell holding
`<img src="file:///dev/zero">` would make Qt read that file while the tooltip shows. Such text
is escaped in a paragraph (kept on one line when short: Qt wraps rich tooltips narrowly);
anything else stays plain, as Qt shows it anyway. Labels that show messages quoting files,
registers or what was typed are plain-text labels (`plain_label`).
"""

from __future__ import annotations

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel

from viewer.record.text import as_rich, esc

ONE_LINE = 100
"""Characters a tooltip keeps on one line; longer text wraps."""


def plain_tip(text: str) -> str:
    """`text` as a tooltip that shows it literally."""
    if not Qt.mightBeRichText(text):
        return text
    if len(text) <= ONE_LINE and "\n" not in text:
        return f"<p style='white-space:pre; margin:0'>{esc(text)}</p>"
    return as_rich(text)


def plain_label(text: str = "") -> QLabel:
    """A label that shows its text as written (never as markup), wrapped to its width: for
    messages that quote a file, a register, a cell or what was typed."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label
