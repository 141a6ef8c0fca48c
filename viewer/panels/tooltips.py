"""Tooltips of text from the data: shown as written, never as markup.

Qt renders a tooltip that looks like HTML (Qt::mightBeRichText): a cell holding
`<img src="file:///dev/zero">` would make Qt read that file while the tooltip shows. Such text
is escaped in a paragraph; anything else stays plain, as Qt shows it anyway.
"""

from __future__ import annotations

from PySide6.QtGui import Qt

from viewer.record.text import as_rich


def plain_tip(text: str) -> str:
    """`text` as a tooltip that shows it literally."""
    return as_rich(text) if Qt.mightBeRichText(text) else text
