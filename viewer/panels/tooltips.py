"""Tooltips of text from the data: shown as written, never as markup.

Qt renders a tooltip that looks like HTML (Qt::mightBeRichText): a cell holding
`<img src="file:///dev/zero">` would make Qt read that file while the tooltip shows. Such text
is escaped in a paragraph (kept on one line when short: Qt wraps rich tooltips narrowly);
anything else stays plain, as Qt shows it anyway.
"""

from __future__ import annotations

from PySide6.QtGui import Qt

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
