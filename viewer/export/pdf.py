"""PDF snapshots: a vector page (A4 or Letter landscape, or the picture's own size), then the
numbered sources of the events it shows.

On paper, a timeline whose rows need more height than the page gives at a readable height runs
on over further pages (viewer/export/snapshot.py, `_timeline_pages`): each repeats the title,
legend and date axis, and its caption says which page of the timeline it is.

Numbers beside the marks refer to the list, which names every event in time order with its
sources (publisher, title, date, address), so a reader of the brief can check each mark.
Text stays text (searchable, selectable); marks are vector paths. Cell text is inserted as
plain text, never as markup, and only http(s) addresses become links.

With `Snapshot.analyst_notes`, each event's analysts' notes follow its sources in a tinted
block headed "Analysts' notes (not part of the sourced record)", each with its author and
time: what the desk added beside the record, never mistaken for what the sources say.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTableFormat,
)

from viewer.export.composition import LINK_COLOUR, char_format, insert_citation
from viewer.export.fonts import export_font
from viewer.export.snapshot import (
    PAGES,
    SCREEN_DPI,
    Drawn,
    Prepared,
    Snapshot,
    page_caption,
    prepared,
)
from viewer.export.source_list import ListedEvent, SourceList
from viewer.io.files import WriteError
from viewer.record.text import safe_url
from viewer.shown.content import Content

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 12.0
PRINT_SCALE = 0.85
"""The picture page is drawn at 85 %: labels stay above 7 pt on paper, more of the time fits."""
PX_TO_PT = 72.0 / SCREEN_DPI
MAX_ROW_PX = 52.0
NOTES_HEADING = "Analysts' notes (not part of the sourced record)"
NOTES_INK = "#6E4FB0"
"""Analysts' notes are set in the purple the window marks them with ..."""
NOTES_TINT = "#F6F3FB"
"""... in a pale box of it, so they read apart from the sources above them."""
NOTES_EDGE = "#CFC3E8"


def _page_layout(page: str) -> QPageLayout:
    return QPageLayout(
        QPageSize(PAGE_SIZES.get(page, PAGE_SIZES["a4"])),
        QPageLayout.Orientation.Landscape,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(content: Content, snap: Snapshot, path: str | Path) -> Drawn:
    """Write the PDF to `path` (the caller makes it atomic); returns what its picture holds.

    Qt's PDF writer says nothing when its file can't be written (a full disk gave a cut-off
    file and a success): the PDF is made in memory, checked whole, and written by Python,
    whose errors the caller reports (and then leaves the previous file as it was)."""
    page = snap.page if snap.page in PAGES else "a4"
    paper = _page_layout("a4" if page == "fit" else page)
    paint_rect = paper.paintRectPixels(SCREEN_DPI)
    if page == "fit":
        scale, margin = 1.0, 24.0
        width, height = float(snap.width), None
    else:
        scale, margin = PRINT_SCALE, 0.0
        width = paint_rect.width() / scale
        height = paint_rect.height() / scale
    right = "Numbers beside the marks: sources listed from page 2" if snap.sources else ""
    max_row = None if page == "fit" else MAX_ROW_PX
    paged = page != "fit"  # (a timeline too tall for the paper runs on over more pages)
    with prepared(content, snap, width, height, margin, True, right, max_row, paged) as prep:
        n_timeline = max(1, len(prep.pages))
        listed = f"listed from page {n_timeline + 1}"
        if not prep.sources or not prep.sources.events:
            prep.composition.words = _without_right(prep)
        elif prep.sources.n_notes:
            prep.composition.words = _without_right(
                prep, f"Numbers beside the marks: sources and analysts' notes {listed}"
            )
        elif n_timeline > 1:
            prep.composition.words = _without_right(
                prep, f"Numbers beside the marks: sources {listed}"
            )
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setResolution(SCREEN_DPI)
        writer.setCreator("RegTimeline")
        writer.setTitle(prep.composition.words.title)
        if page == "fit":
            b = prep.boxes
            size = QPageSize(
                QSizeF(b.width * PX_TO_PT, b.height * PX_TO_PT), QPageSize.Unit.Point, "Snapshot"
            )
            writer.setPageLayout(
                QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
            )
        else:
            writer.setPageLayout(paper)
        doc = None
        if prep.sources is not None and prep.sources.n_events:
            doc = _source_pages(writer, prep, paint_rect.width(), paint_rect.height())
        total = n_timeline + (doc.pageCount() if doc is not None else 0)
        p = QPainter(writer)
        try:
            if prep.pages:
                _paint_timeline_pages(p, writer, prep, scale, total)
            else:
                p.save()
                p.scale(scale, scale)
                prep.paint(p)
                p.restore()
            if doc is not None:
                if page == "fit":
                    writer.setPageLayout(paper)
                _paint_source_pages(
                    p, writer, prep, doc, paint_rect.width(), paint_rect.height(), n_timeline
                )
        finally:
            ended = p.end()
        buffer.close()
        pdf = bytes(data)
        if not ended or not pdf.startswith(b"%PDF") or b"%%EOF" not in pdf[-64:]:
            raise WriteError(f"{path}: the PDF could not be made whole")
        Path(path).write_bytes(pdf)
        return prep.drawn


def _without_right(prep: Prepared, right: str = ""):
    from dataclasses import replace

    return replace(prep.composition.words, footer_right=right)


def _paint_timeline_pages(p: QPainter, writer, prep: Prepared, scale: float, total: int) -> None:
    """The timeline over its pages: each repeats the title, the caption (saying which page of
    the timeline it is), the legend and the date axis, and numbers itself in its footer."""
    from dataclasses import replace

    words = prep.composition.words
    n = len(prep.pages)
    for k in range(n):
        if k:
            writer.newPage()
        right = " · ".join(t for t in (words.footer_right, f"Page {k + 1} of {total}") if t)
        page_words = replace(
            words, caption=page_caption(words.caption, k + 1, n), footer_right=right
        )
        p.save()
        p.scale(scale, scale)
        prep.paint_page(p, k, page_words)
        p.restore()


# -- the source list ---------------------------------------------------------------------------


def source_document(sources: SourceList, title: str, width: float) -> QTextDocument:
    """The numbered list as a text document (plain text inserted, links only for http/https)."""
    doc = QTextDocument()
    doc.setDefaultFont(export_font(8.5))
    doc.setDocumentMargin(0)
    doc.setTextWidth(width)
    cur = QTextCursor(doc)

    def char(size: float = 8.5, bold: bool = False, colour: str = "#1B1F24") -> QTextCharFormat:
        return char_format(size, colour, bold)

    muted = "#5B6472"
    head = QTextBlockFormat()
    head.setBottomMargin(2)
    cur.setBlockFormat(head)
    cur.insertText(f"Sources — {title}", char(13, True))
    intro = QTextBlockFormat()
    intro.setBottomMargin(8)
    cur.insertBlock(intro)
    n_ev = sources.n_events
    cur.insertText(
        f"{n_ev:,} event{'s' if n_ev != 1 else ''} in the picture, in time order, "
        f"with the {sources.n_sources:,} source{'s' if sources.n_sources != 1 else ''} they cite. "
        "The numbers beside the marks refer to this list."
        + (_notes_intro(sources.n_notes) if sources.n_notes else ""),
        char(9, colour=muted),
    )
    event_fmt = QTextBlockFormat()
    event_fmt.setTopMargin(7)
    event_fmt.setBottomMargin(1)
    source_fmt = QTextBlockFormat()
    source_fmt.setLeftMargin(34)
    source_fmt.setTextIndent(-26)
    after_notes = False  # the cursor is in the empty paragraph a notes box leaves after it
    for item in sources.events:
        _next_block(cur, event_fmt, after_notes)
        after_notes = False
        cur.insertText(f"{item.when}  ", char(8.5, True, muted))
        cur.insertText(item.title, char(8.5, True))
        if item.detail:
            cur.insertText(f"   {item.detail}", char(8, colour=muted))
        for cited in item.sources:
            cur.insertBlock(source_fmt)
            cur.insertText(f"[{cited.number}]", char(8.5, True, LINK_COLOUR))
            cur.insertText("  ", char())
            link = char(8.5, colour=LINK_COLOUR)
            target = safe_url(cited.url)
            if target:  # (a link only for http and https)
                link.setAnchor(True)
                link.setAnchorHref(target)
            insert_citation(cur, cited, char(), link)
        for sid in item.unknown:
            cur.insertBlock(source_fmt)
            cur.insertText(f"source id {sid} is not in the Sources table", char(8, colour=muted))
        if not item.sources and not item.unknown:
            cur.insertBlock(source_fmt)
            cur.insertText("No source cited.", char(8, colour="#B3261E"))
        if item.notes:
            _insert_notes(cur, item, char)
            after_notes = True
    if sources.more_events:
        end = QTextBlockFormat()
        end.setTopMargin(10)
        _next_block(cur, end, after_notes)
        also = " and analysts' notes" if sources.with_notes else ""
        cur.insertText(
            f"… and {sources.more_events:,} more events in the picture, not listed here "
            f"(the list stops after {len(sources.events):,}). Export the table (CSV or XLSX) "
            f"for every event with its sources{also}.",
            char(9, True, muted),
        )
    return doc


def _notes_intro(n_notes: int) -> str:
    if n_notes == 1:
        which = "1 analyst's note follows its event"
    else:
        which = f"{n_notes:,} analysts' notes follow their events"
    return (
        f" {which}, under the heading “Analysts' notes”: added beside the record by the desk, "
        "they are not part of what its sources say."
    )


def _next_block(cur: QTextCursor, fmt: QTextBlockFormat, reuse: bool) -> None:
    """A new paragraph, or (`reuse`) the empty one the cursor is in, given `fmt`."""
    if reuse:
        cur.setBlockFormat(fmt)
    else:
        cur.insertBlock(fmt)


def _insert_notes(cur: QTextCursor, item: ListedEvent, char) -> None:
    """The event's analysts' notes under its sources, in a tinted box of their own (a table of
    one cell: Qt carries its tint and sides over a page break): the heading, then each note's
    author and time and its text (plain text, line by line). Leaves the cursor in the empty
    paragraph after the box."""
    box = QTextTableFormat()
    box.setLeftMargin(34)
    box.setTopMargin(4)
    box.setBottomMargin(1)
    box.setCellPadding(4)
    box.setCellSpacing(0)
    box.setBorder(1)
    box.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    box.setBorderBrush(QColor(NOTES_EDGE))
    box.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table = cur.insertTable(1, 1, box)
    cell = table.cellAt(0, 0)
    tint = cell.format().toTableCellFormat()
    tint.setBackground(QColor(NOTES_TINT))
    cell.setFormat(tint)
    cur.insertText(NOTES_HEADING, char(8, True, NOTES_INK))
    if item.more_notes:
        cur.insertBlock(QTextBlockFormat())
        cur.insertText(
            f"The latest {len(item.notes)} of {len(item.notes) + item.more_notes:,} notes on "
            "this event (the table export has every note)",
            char(7.5, colour=NOTES_INK),
        )
    byline = QTextBlockFormat()
    byline.setTopMargin(3)
    for note in item.notes:
        cur.insertBlock(byline)
        cur.insertText(note.byline() or "Analyst's note", char(7.5, True, NOTES_INK))
        for line in note.text.splitlines() or [""]:
            cur.insertBlock(QTextBlockFormat())
            cur.insertText(line, char(8.5))
    cur.setPosition(table.lastPosition())
    cur.movePosition(QTextCursor.MoveOperation.NextBlock)


SOURCE_FOOTER_PX = 22.0


def _source_pages(writer, prep: Prepared, width: float, height: float) -> QTextDocument:
    """The numbered sources laid out on pages of the paper (pageCount: how many)."""
    doc = source_document(prep.sources, prep.composition.words.title, width)
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(QSizeF(width, height - SOURCE_FOOTER_PX))
    return doc


def _paint_source_pages(
    p: QPainter, writer, prep: Prepared, doc: QTextDocument, width, height, before: int
) -> None:
    """The source list's pages, after the `before` pages of the timeline."""
    footer_font = export_font(7.5)
    pages = doc.pageCount()
    page_h = height - SOURCE_FOOTER_PX
    ctx = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("#1B1F24"))
    ctx.palette = palette
    for k in range(pages):
        writer.newPage()
        p.save()
        p.setClipRect(QRectF(0, 0, width, page_h))
        p.translate(0, -k * page_h)
        ctx.clip = QRectF(0, k * page_h, width, page_h)
        doc.documentLayout().draw(p, ctx)
        p.restore()
        _page_footer(p, prep, footer_font, width, height, k + 1 + before, pages + before)


def _page_footer(p: QPainter, prep: Prepared, font: QFont, width, height, page, pages) -> None:
    p.save()
    p.setFont(font)
    p.setPen(QColor("#5B6472"))
    box = QRectF(0, height - 14, width, 14)
    p.drawLine(QPointF(0, height - 18), QPointF(width, height - 18))
    flags = Qt.AlignmentFlag.AlignVCenter
    p.drawText(box, flags | Qt.AlignmentFlag.AlignLeft, prep.composition.words.footer)
    p.drawText(box, flags | Qt.AlignmentFlag.AlignRight, f"Page {page} of {pages}")
    p.restore()
