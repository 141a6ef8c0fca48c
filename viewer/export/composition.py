"""The page a snapshot is: title, caption, legend, the timeline, footer, in one column.

Measured first (the text wraps to the width, the legend flows), then painted with any QPainter:
an image, an SVG generator or a PDF page, so every format has the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from viewer.export.fonts import export_font
from viewer.shown.theme import Theme
from viewer.timeline.legend import Entry, paint_legend
from viewer.timeline.legend import layout as legend_layout

ROW_PX = 30.0
"""Row height when the snapshot's height follows its lanes."""
AXIS_PX = 34.0
MIN_TIMELINE_PX = 180.0
MAX_TIMELINE_PX = 3200.0
WRAP = Qt.TextFlag.TextWordWrap


@dataclass(frozen=True)
class Words:
    """The text around the picture."""

    title: str
    caption: str
    footer: str
    footer_right: str = ""


@dataclass(frozen=True)
class Boxes:
    title: QRectF
    caption: QRectF
    legend: QRectF
    timeline: QRectF
    footer: QRectF
    width: float
    height: float


class Composition:
    """Fonts and boxes of one snapshot; `paint` draws it around a rendered timeline view."""

    def __init__(
        self, words: Words, entries: list[Entry], theme: Theme, margin: float = 24.0
    ) -> None:
        self.words = words
        self.entries = entries
        self.theme = theme
        self.margin = margin
        self.title_font = export_font(15.0, bold=True)
        self.caption_font = export_font(9.5)
        self.legend_font = export_font(8.5)
        self.footer_font = export_font(7.5)

    @staticmethod
    def _text_height(font: QFont, text: str, width: float) -> float:
        if not text:
            return 0.0
        fm = QFontMetricsF(font)
        return fm.boundingRect(QRectF(0, 0, width, 1e6), WRAP, text).height()

    def timeline_height_for(self, n_rows: int) -> float:
        """A timeline tall enough for readable rows, within bounds."""
        return min(MAX_TIMELINE_PX, max(MIN_TIMELINE_PX, n_rows * ROW_PX + AXIS_PX))

    def boxes(
        self, width: float, height: float | None, n_rows: int, max_row_px: float | None = None
    ) -> Boxes:
        """Lay out the column; `height` None lets the timeline take what its rows need.

        `max_row_px` (pages) keeps a few lanes from stretching over a whole page: the picture
        ends lower down the page instead.
        """
        m = self.margin
        inner = max(100.0, width - 2 * m)
        y = m
        title_h = self._text_height(self.title_font, self.words.title, inner)
        title = QRectF(m, y, inner, title_h)
        y += title_h + (4 if title_h else 0)
        cap_h = self._text_height(self.caption_font, self.words.caption, inner)
        caption = QRectF(m, y, inner, cap_h)
        y += cap_h + 12
        leg_h = legend_layout(self.entries, inner, self.legend_font)[1] if self.entries else 0.0
        legend = QRectF(m, y, inner, leg_h)
        y += leg_h + 12
        foot_h = QFontMetricsF(self.footer_font).height()
        below = 10 + foot_h + m
        if height is None:
            tl_h = self.timeline_height_for(n_rows)
            height = y + tl_h + below
        tl_h = max(60.0, height - y - below)
        if max_row_px is not None:
            tl_h = min(tl_h, max(MIN_TIMELINE_PX, n_rows * max_row_px + AXIS_PX))
        timeline = QRectF(m, y, inner, tl_h)
        footer = QRectF(m, y + tl_h + 10, inner, foot_h)
        return Boxes(title, caption, legend, timeline, footer, float(width), float(height))

    def paint(self, p: QPainter, b: Boxes, view, empty_text: str = "") -> None:
        """Draw everything; `view` is a TimelineView already sized to `b.timeline`."""
        theme = self.theme
        p.save()
        p.fillRect(QRectF(0, 0, b.width, b.height), QColor(theme.background))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setPen(QColor(theme.text))
        p.setFont(self.title_font)
        p.drawText(b.title, WRAP, self.words.title)
        p.setPen(QColor(theme.muted_text))
        p.setFont(self.caption_font)
        p.drawText(b.caption, WRAP, self.words.caption)
        if self.entries:
            paint_legend(p, b.legend, self.entries, theme, self.legend_font)
        rule = QPen(QColor(theme.row_line), 1.0)
        p.setPen(rule)
        p.drawLine(
            QPointF(b.timeline.left(), b.timeline.top() - 6),
            QPointF(b.timeline.right(), b.timeline.top() - 6),
        )
        tl = b.timeline
        view.plot.render(p, tl, QRect(0, 0, round(tl.width()), round(tl.height())))
        if empty_text:
            p.setPen(QColor(theme.muted_text))
            p.setFont(self.caption_font)
            p.drawText(tl, Qt.AlignmentFlag.AlignCenter, empty_text)
        p.setPen(rule)
        p.drawLine(QPointF(tl.left(), b.footer.top() - 5), QPointF(tl.right(), b.footer.top() - 5))
        p.setFont(self.footer_font)
        p.setPen(QColor(theme.muted_text))
        p.drawText(
            b.footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.words.footer
        )
        if self.words.footer_right:
            p.drawText(
                b.footer,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.words.footer_right,
            )
        p.restore()
