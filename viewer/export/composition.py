"""The page a snapshot is: title, caption, legend, the timeline, its sources, footer, in one
column.

Measured first (the text wraps to the width, the legend flows, the numbered sources fill one or
two columns), then painted with any QPainter: an image, an SVG generator or a PDF page, so every
format has the same layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from viewer.export.fonts import export_font
from viewer.export.source_list import Cited
from viewer.shown.theme import Theme
from viewer.timeline.legend import Entry, paint_legend
from viewer.timeline.legend import layout as legend_layout

ROW_PX = 26.0
"""Sub-row height when the snapshot's height follows its lanes."""
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
    sources: QRectF  # the numbered sources under the timeline (0 high: none)


LINK_COLOUR = "#0B5CAD"
"""Source numbers and addresses in a source list."""


def char_format(size: float, colour: str, bold: bool = False) -> QTextCharFormat:
    """Export type of a size and colour, for a source list's text document."""
    f = QTextCharFormat()
    f.setFont(export_font(size, bold))
    f.setForeground(QColor(colour))
    return f


def insert_citation(
    cur: QTextCursor, cited: Cited, ink: QTextCharFormat, link: QTextCharFormat
) -> None:
    """A source's citation in `ink`, the address it ends with (if any) in `link`."""
    text, url = cited.text, cited.url
    if url and text.endswith(url):
        cur.insertText(text[: -len(url)], ink)
        cur.insertText(url, link)
    else:
        cur.insertText(text, ink)


TWO_COLUMNS_PX = 1000.0
"""A source list at least this wide is set in two columns."""
COLUMN_GAP = 28.0


class SourceBlock:
    """The numbered sources below a picture: "[n] Publisher, “Title”, date. address", one per
    line (a hanging indent when it wraps), in one or two columns, cut to the room there is
    with a line saying how many more there are."""

    def __init__(self, cited: list[Cited], theme: Theme) -> None:
        self.cited = cited
        self.theme = theme
        self.shown = len(cited)
        self.columns: list[QTextDocument] = []
        self.column_width = 0.0

    def layout(self, width: float, room: float | None = None) -> float:
        """Lay out to a width (and at most `room` tall, leaving sources out); the height."""
        two = width >= TWO_COLUMNS_PX and len(self.cited) > 6
        self.column_width = (width - COLUMN_GAP) / 2 if two else width
        self.shown = len(self.cited)
        height = self._set(two)
        while room is not None and height > room and self.shown > 0:
            self.shown = max(0, min(self.shown - 1, int(self.shown * room / height)))
            height = self._set(two)
        return height

    def _set(self, two: bool) -> float:
        items = self.cited[: self.shown]
        more = len(self.cited) - self.shown
        half = (len(items) + 1) // 2 if two else len(items)
        parts = [items[:half], items[half:]] if two else [items]
        self.columns = [
            self._document(part, heading=(k == 0), last=(k == len(parts) - 1), more=more)
            for k, part in enumerate(parts)
        ]
        return max(doc.size().height() for doc in self.columns)

    def _document(self, items: list[Cited], heading: bool, last: bool, more: int) -> QTextDocument:
        """One column: the heading (first column), its sources, and (last column) how many
        sources were left out for room (`more`)."""
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(export_font(7.5))
        doc.setTextWidth(self.column_width)
        cur = QTextCursor(doc)
        muted, ink = self.theme.muted_text, self.theme.text

        def char(colour: str, bold: bool = False, size: float = 7.5) -> QTextCharFormat:
            return char_format(size, colour, bold)

        line = QTextBlockFormat()
        line.setLeftMargin(26)
        line.setTextIndent(-26)
        line.setBottomMargin(1.5)
        first = True
        if heading:
            cur.insertText("Sources ", char(ink, True, 8.5))
            cur.insertText("— the numbers beside the marks refer to this list", char(muted))
            first = False
        for cited in items:
            if first:
                cur.setBlockFormat(line)
                first = False
            else:
                cur.insertBlock(line)
            cur.insertText(f"[{cited.number}]  ", char(LINK_COLOUR, True))
            insert_citation(cur, cited, char(ink), char(LINK_COLOUR))
        if last and more:
            cur.insertBlock(line)
            cur.insertText(
                f"… and {more:,} more source{'s' if more != 1 else ''} of these events (the PDF "
                "export lists every one)",
                char(muted, True),
            )
        return doc

    def paint(self, p: QPainter, rect: QRectF) -> None:
        from PySide6.QtGui import QAbstractTextDocumentLayout

        for k, doc in enumerate(self.columns):
            p.save()
            p.translate(rect.left() + k * (self.column_width + COLUMN_GAP), rect.top())
            ctx = QAbstractTextDocumentLayout.PaintContext()
            doc.documentLayout().draw(p, ctx)
            p.restore()


class Composition:
    """Fonts and boxes of one snapshot; `paint` draws it around a rendered timeline view."""

    def __init__(
        self,
        words: Words,
        entries: list[Entry],
        theme: Theme,
        margin: float = 24.0,
        sources: list[Cited] | None = None,
    ) -> None:
        self.words = words
        self.entries = entries
        self.theme = theme
        self.margin = margin
        self.title_font = export_font(15.0, bold=True)
        self.caption_font = export_font(9.5)
        self.legend_font = export_font(8.5)
        self.footer_font = export_font(7.5)
        self.sources = SourceBlock(sources, theme) if sources else None

    @staticmethod
    def _text_height(font: QFont, text: str, width: float) -> float:
        if not text:
            return 0.0
        fm = QFontMetricsF(font)
        return fm.boundingRect(QRectF(0, 0, width, 1e6), WRAP, text).height()

    def timeline_height_for(self, n_rows: float) -> float:
        """A timeline tall enough for readable rows, within bounds."""
        return min(MAX_TIMELINE_PX, max(MIN_TIMELINE_PX, n_rows * ROW_PX + AXIS_PX))

    def boxes(
        self, width: float, height: float | None, n_rows: float, max_row_px: float | None = None
    ) -> Boxes:
        """Lay out the column; `height` None lets the timeline take what its rows (sub-rows)
        need, and the sources below it what they need.

        `max_row_px` keeps a few lanes from stretching over a whole page or a tall picture:
        the picture ends higher up instead, and the sources take the room left (as many as
        fit).
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
        src_gap = 14.0 if self.sources is not None else 0.0
        if height is None:
            tl_h = self.timeline_height_for(n_rows)
            src_h = self.sources.layout(inner) if self.sources is not None else 0.0
            height = math.ceil(y + tl_h + src_gap + src_h + below)  # (whole pixels at any scale)
        else:
            tl_h = max(60.0, height - y - below)
            if max_row_px is not None:
                tl_h = min(tl_h, max(MIN_TIMELINE_PX, n_rows * max_row_px + AXIS_PX))
            src_h = 0.0
            if self.sources is not None:
                room = height - y - below - src_gap - tl_h
                src_h = self.sources.layout(inner, max(0.0, room))
        timeline = QRectF(m, y, inner, tl_h)
        sources = QRectF(m, timeline.bottom() + src_gap, inner, src_h)
        footer = QRectF(m, sources.bottom() + 10, inner, foot_h)
        return Boxes(title, caption, legend, timeline, footer, float(width), float(height), sources)

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
        if self.sources is not None and b.sources.height() > 0:
            self.sources.paint(p, b.sources)
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
