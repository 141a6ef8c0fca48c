"""Snapshots: the timeline drawn by the same widget the window shows, offscreen, with its page.

A fresh TimelineView is made for every snapshot, so exporting never touches what is on screen
(selection, zoom, scroll, filters). It draws only what is in its time window, as the window
does: the marks item switches to density when too many marks are in view, so the cost does not
grow with the size of the data.

A snapshot is meant to be pasted into a brief as it is: every event in it gets its own mark and
label (rows stack into more sub-rows than on screen, and labels that would run off the right
edge go left of their marks), the numbers beside the marks refer to the numbered sources below
the picture (on the following pages of a PDF), the legend names only what the picture holds,
and rows with nothing in the time window are left out.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from viewer.export import describe as words_of
from viewer.export.composition import Boxes, Composition, Words
from viewer.export.source_list import (
    LIST_LIMIT,
    SourceList,
    first_events,
    listed_sources,
    number_sources,
    picture_mask,
)
from viewer.shown.content import Content
from viewer.shown.theme import LIGHT, Theme

PAGES = ("a4", "letter", "fit")
PNG_QUALITY = 80
"""Qt's PNG 'quality' is the inverse of zlib effort: 80 is light, fast compression."""
SCREEN_DPI = 96
SUB_ROWS = 12
"""Rows of a snapshot may grow to this many sub-rows (a picture can't be zoomed into)."""
MAX_ROW_PX = 40.0
"""A picture of given height never stretches a sub-row past this: the sources take the rest."""
READABLE_ROW_PX = 18.0
"""A picture of given height (a PDF page) keeps its sub-rows at least this high ..."""
FEWER_SUB_ROWS = (8, 6, 4, 3, 2, 1)
"""... stacking its rows into fewer sub-rows, in these steps, when they would be lower."""
MAX_TIMELINE_PAGES = 20
"""A PDF on paper continues its timeline on at most this many pages (its rows, stacked as a
picture stacks them, at READABLE_ROW_PX); rows needing more stack into fewer sub-rows."""
FONT_CHECKED = 600
"""The titles of this many of a picture's first events are checked for characters no font
has (the labels drawn are fewer)."""
PICTURE_LIST_LIMIT = 60
"""A PNG or SVG of at most this many events numbers their sources, listed under it (a PDF
lists up to source_list.LIST_LIMIT on pages of their own); a larger picture says where its
sources are instead."""


@dataclass(frozen=True)
class Snapshot:
    """What to draw and how big.

    window: time window (None: every shown event); width: in logical pixels; height: None
    makes the picture as tall as its lanes and sources need; scale: device pixels per logical
    pixel (2 for high-DPI PNG); title: None means the data set's name; page: PDF page size;
    colour_by: regulator, jurisdiction or track; analyst_notes: a PDF lists each event's
    analysts' notes under its sources, marked as such (other formats leave them out).
    """

    window: tuple[float, float] | None = None
    width: int = 1600
    height: int | None = None
    scale: float = 1.0
    theme: Theme = LIGHT
    title: str | None = None
    page: str = "a4"
    colour_by: str = "regulator"
    sources: bool = True  # numbers beside the marks and the numbered sources they refer to
    keep_empty: bool = False  # keep rows with nothing in the time window
    stack: bool = True  # False: compact rows, as the window's View > Compact Rows
    analyst_notes: bool = False  # PDF: the analysts' notes under each listed event


@dataclass
class Drawn:
    """What a snapshot holds, for whoever asked for it: the events with a mark in the picture
    (the number its caption gives) and notes for the user (characters no font could draw)."""

    events: int
    notes: list[str] = field(default_factory=list)
    analyst_notes: int = 0  # analysts' notes listed (a PDF's, when asked for)
    timeline_pages: int = 1  # pages the timeline runs over (a PDF on paper: maybe more)


@dataclass(frozen=True)
class TimelinePage:
    """One PDF page of a timeline too tall for one: the whole rows [first, end), which are
    the sub-rows [y0, y1)."""

    first: int
    end: int
    y0: float
    y1: float

    @property
    def sub_rows(self) -> float:
        return self.y1 - self.y0


def page_caption(caption: str, k: int, n: int) -> str:
    """The caption of timeline page k (from 1) of n."""
    if k == 1:
        return f"{caption} · Timeline page 1 of {n}"
    return f"{caption} · Timeline continued, page {k} of {n}"


def page_breaks(tops, groups, capacity: float) -> list[tuple[int, int]]:
    """Rows cut into pages of at most `capacity` sub-rows (`tops`: each row's first sub-row,
    and the end), whole rows only: as few pages as can hold them, and of those the cut that
    splits the fewest company groups (a group taller than a page can't help being split).
    A row taller than a page has a page of its own."""
    n = len(tops) - 1
    if n <= 0:
        return [(0, 0)]
    starts = {g.first_row for g in groups} | {n}
    best = [(0, 0)] + [(math.inf, 0)] * n  # (pages, groups split) of rows [0, b)
    cut = [0] * (n + 1)
    for b in range(1, n + 1):
        split = 0 if b in starts else 1
        for a in range(b - 1, -1, -1):
            if tops[b] - tops[a] > capacity and a < b - 1:
                break
            pages, splits = best[a]
            cost = (pages + 1, splits + split)
            if cost < best[b]:
                best[b], cut[b] = cost, a
    out = []
    b = n
    while b > 0:
        out.append((cut[b], b))
        b = cut[b]
    return out[::-1]


@dataclass
class Prepared:
    """A snapshot measured and ready to paint: composition, boxes, the offscreen view."""

    composition: Composition
    boxes: Boxes
    view: object
    window: tuple[float, float]
    n_events: int  # events with a mark in the picture
    sources: SourceList | None = None
    notes: list[str] = field(default_factory=list)
    pages: list[TimelinePage] = field(default_factory=list)
    """A PDF's timeline pages when its rows need more than one (empty: one, `paint`)."""
    size: tuple[float, float] = (0.0, 0.0)  # (width, height) of a page
    row_px: float = 0.0  # a sub-row's height on every timeline page

    @property
    def drawn(self) -> Drawn:
        listed = self.sources.n_notes if self.sources is not None else 0
        return Drawn(self.n_events, self.notes, listed, max(1, len(self.pages)))

    def paint(self, p) -> None:
        empty = "" if self.n_events else "No events match these filters in this time window."
        self.composition.paint(p, self.boxes, self.view, empty)

    def paint_page(self, p, k: int, words: Words) -> None:
        """Timeline page k (from 0) with `words` around it: the same title, legend, time window
        and scale on every page, the rows of its own. The last page keeps the scale of the
        others, the room under its last row left empty."""
        from viewer.export.composition import AXIS_PX

        page = self.pages[k]
        comp = self.composition
        kept, comp.words = comp.words, words
        try:
            width, height = self.size
            boxes = comp.boxes(width, height, page.sub_rows, self.row_px)
            y1 = page.y1
            if k == len(self.pages) - 1:
                y1 = max(y1, page.y0 + (boxes.timeline.height() - AXIS_PX) / self.row_px)
            self.view.page_rows = (page.y0, y1)
            _size_view(self.view, boxes, self.window)
            comp.paint(p, boxes, self.view)
        finally:
            comp.words = kept


def _new_view(
    content: Content,
    snap: Snapshot,
    width: float,
    window: tuple[float, float],
    notes: dict[int, str],
):
    """An offscreen timeline of the picture's width, showing `window`, its rows stacked once
    (with the notes beside the titles taking their room)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QGraphicsItem

    from viewer.timeline.view import TimelineView

    view = TimelineView(theme=snap.theme)
    view.setUpdatesEnabled(False)  # painted once, by render(), never by paint events
    view.fit_rows = True
    view.snapshot = True
    view.sub_row_cap = SUB_ROWS
    view.stack_rows = False  # (until the window is set: stacked once, at its zoom)
    view.marks_item.set_colour_by(snap.colour_by)
    view.marks_item.notes = notes
    view.connectors_item.show_all_related = False  # (no pointer to hover a picture with)
    view.lane_axis.show_toggles = False
    for axis in (view.lane_axis, view.date_axis):  # words stay text in SVG/PDF
        axis.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    # At the picture's width from the start: the stacking (which depends on the seconds per
    # pixel) is the one the picture is measured and drawn with.
    view.resize(max(400, round(width)), 600)
    view.show()
    QApplication.processEvents()
    view.set_content(content)
    view.set_window(*window)
    QApplication.processEvents()
    view.set_stack_rows(snap.stack)
    return view


def _fit_sub_rows(view, room: float) -> None:
    """A picture of given height holds its rows at a readable height: past it, rows may
    stack into fewer sub-rows ("+N" counting the rest), down to one each (compact)."""
    from viewer.export.composition import AXIS_PX

    for cap in FEWER_SUB_ROWS:
        if view.rows_height() * READABLE_ROW_PX <= room - AXIS_PX:
            return
        if cap > 1:
            view.set_sub_row_cap(cap)
        else:
            view.set_stack_rows(False)


def _timeline_pages(
    view, comp: Composition, width: float, height: float, max_row_px: float | None
) -> tuple[list[TimelinePage], float]:
    """The pages a PDF's timeline runs on when its stacked rows need more height than one page
    gives at READABLE_ROW_PX (none when they fit, or would need over MAX_TIMELINE_PAGES), and
    the height of a sub-row on them (one for every page: the pages line up)."""
    from viewer.export.composition import AXIS_PX

    st = view.stacking
    room = comp.boxes(width, height, 1).timeline.height() - AXIS_PX
    if st is None or view.rows_height() * READABLE_ROW_PX <= room:
        return [], 0.0
    words = comp.words
    comp.words = replace(words, caption=page_caption(words.caption, 99, 99))
    room = comp.boxes(width, height, 1).timeline.height() - AXIS_PX
    comp.words = words
    capacity = max(1, math.floor(room / READABLE_ROW_PX))
    if st.overflow.any() and capacity > view.sub_row_cap:
        # Pages have room for every mark: a row past the cap grows to what a page holds,
        # rather than hiding marks under "+N".
        view.set_sub_row_cap(min(capacity, 120))
        st = view.stacking
    rows = []
    if st.total <= capacity * MAX_TIMELINE_PAGES:
        rows = page_breaks(st.tops, view.content.layout.groups, capacity)
    if not rows or len(rows) > MAX_TIMELINE_PAGES:
        view.set_sub_row_cap(SUB_ROWS)  # (one page, its rows stacked lower, as before)
        return [], 0.0
    pages = [TimelinePage(a, b, float(st.tops[a]), float(st.tops[b])) for a, b in rows]
    row_px = room / max(p.sub_rows for p in pages)
    return pages, min(row_px, max_row_px) if max_row_px else row_px


def _size_view(view, boxes: Boxes, window: tuple[float, float]) -> None:
    from PySide6.QtWidgets import QApplication

    view.resize(round(boxes.timeline.width()), round(boxes.timeline.height()))
    QApplication.processEvents()
    view.set_window(*window)
    view._apply_rows()
    QApplication.processEvents()


@contextlib.contextmanager
def prepared(
    content: Content,
    snap: Snapshot,
    width: float,
    height: float | None,
    margin: float = 24.0,
    pages: bool = False,
    footer_right: str = "",
    max_row_px: float | None = None,
    paged: bool = False,
) -> Iterator[Prepared]:
    """Measure the page, make and size the offscreen view; closes the view afterwards.

    `pages`: the sources go on pages of their own (PDF), not below the picture. `paged`: rows
    too many for the page at a readable height continue on further pages (a PDF on paper)
    rather than stacking into fewer sub-rows."""
    from viewer.export.fonts import missing_note
    from viewer.timeline.legend import legend_entries

    window = snap.window or content.fit_window() or (0.0, 86400.0)
    if not snap.keep_empty:
        content = content.without_empty_rows(window)
    model = content.model
    shown = picture_mask(content, window)
    n_shown = int(shown.sum())
    too_many = not pages and n_shown > PICTURE_LIST_LIMIT
    with_sources = snap.sources and n_shown > 0 and not too_many
    events = first_events(model, shown, max(LIST_LIMIT, FONT_CHECKED))
    sources = (
        number_sources(model, events, LIST_LIMIT, n_shown, snap.analyst_notes and pages)
        if with_sources
        else None
    )
    listed = listed_sources(sources) if sources is not None and not pages else None
    if not footer_right and listed:
        footer_right = "Numbers beside the marks: sources listed under the timeline"
    elif not footer_right and too_many and snap.sources:
        footer_right = (
            f"Sources of these {n_shown:,} events: the PDF export lists the first "
            f"{LIST_LIMIT:,}, the table export all"
        )
    notes = sources.numbers if sources is not None else {}
    view = _new_view(content, snap, width - 2 * margin, window, notes)
    try:
        window = view.time_window()
        title = snap.title if snap.title is not None else words_of.default_title(model)
        words = Words(
            title=title,
            caption=words_of.caption(model, content.filters, window, n_shown),
            footer=words_of.footer(model),
            footer_right=footer_right,
        )
        entries = legend_entries(model, shown, snap.colour_by, static=True) if n_shown else []
        comp = Composition(words, entries, snap.theme, margin, listed)
        if max_row_px is None and height is not None:
            max_row_px = MAX_ROW_PX
        timeline_pages, row_px = [], 0.0
        if height is not None and paged:
            timeline_pages, row_px = _timeline_pages(view, comp, width, height, max_row_px)
        if timeline_pages:
            first = timeline_pages[0]
            boxes = comp.boxes(width, height, first.sub_rows, row_px)
            view.page_rows = (first.y0, first.y1)
        else:
            if height is not None:
                _fit_sub_rows(view, comp.boxes(width, height, 1).timeline.height())
            boxes = comp.boxes(width, height, view.rows_height(), max_row_px)
        _size_view(view, boxes, window)
        texts = [title, words.caption]
        texts += [g.name for g in content.layout.groups]
        texts += list(model.events["title"].iloc[events[:FONT_CHECKED]])
        texts += [c.text for c in listed or []]
        if sources is not None:
            texts += [f"{n.author} {n.text}" for item in sources.events for n in item.notes]
        note = missing_note(texts)
        yield Prepared(
            comp,
            boxes,
            view,
            window,
            n_shown,
            sources,
            [note] if note else [],
            timeline_pages,
            (width, height or 0.0),
            row_px,
        )
    finally:
        view.close()
        view.deleteLater()


def render_image(content: Content, snap: Snapshot = Snapshot()):
    """The snapshot as a QImage: width x height logical pixels at `scale` device pixels each."""
    image, _drawn = _render_image(content, snap)
    return image


def _render_image(content: Content, snap: Snapshot):
    from PySide6.QtGui import QColor, QImage, QPainter

    with prepared(content, snap, snap.width, snap.height) as prep:
        b = prep.boxes
        image = QImage(
            max(1, round(b.width * snap.scale)),
            max(1, round(b.height * snap.scale)),
            # Opaque (filled with the theme's background), three bytes a pixel, as the PNG is
            # written: a quarter less memory than 32-bit pixels, and nothing to convert.
            QImage.Format.Format_RGB888,
        )
        image.setDevicePixelRatio(snap.scale)
        image.fill(QColor(snap.theme.background))
        painter = QPainter(image)
        try:
            prep.paint(painter)
        finally:
            painter.end()
        # Only now (fonts are sized by the resolution while painting): a 2x picture says it is
        # 192 dpi, so documents place it at the size of the 1x one, twice as sharp.
        dpm = round(SCREEN_DPI * snap.scale / 0.0254)
        image.setDotsPerMeterX(dpm)
        image.setDotsPerMeterY(dpm)
        words = prep.composition.words
        image.setText("Title", words.title)
        image.setText("Description", words.caption)
        image.setText("Source", words.footer)
        image.setText("Software", "RegTimeline")
        return image, prep.drawn


def render_svg(content: Content, snap: Snapshot = Snapshot()) -> tuple[bytes, Drawn]:
    """The snapshot as SVG: marks as paths, every word as text, fonts as CSS stacks."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from viewer.export.fonts import svg_with_font_stacks

    with prepared(content, snap, snap.width, snap.height) as prep:
        b = prep.boxes
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        gen = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
        gen.setOutputDevice(buffer)
        gen.setResolution(SCREEN_DPI)
        gen.setSize(QSize(round(b.width), round(b.height)))
        gen.setViewBox(QRectF(0, 0, b.width, b.height))
        gen.setTitle(prep.composition.words.title)
        gen.setDescription(f"{prep.composition.words.caption}. {prep.composition.words.footer}")
        painter = QPainter(gen)
        try:
            prep.paint(painter)
        finally:
            painter.end()
        buffer.close()
        text = svg_with_font_stacks(bytes(data).decode("utf-8"))
        return tidy_svg(text, b.width, b.height).encode("utf-8"), prep.drawn


def tidy_svg(svg: str, width: float, height: float) -> str:
    """Pixel size on the root (Qt writes millimetres), and no empty path data (an empty clip)."""
    svg = re.sub(
        r'<svg width="[^"]*" height="[^"]*"',
        f'<svg width="{round(width)}" height="{round(height)}"',
        svg,
        count=1,
    )
    return svg.replace(' d=""', ' d="M0,0"')


def window_snapshot(timeline, **changes) -> Snapshot:
    """A snapshot of what a TimelineView shows: its time window, at its width, coloured and
    stacked as it is."""
    snap = Snapshot(
        window=timeline.time_window(),
        width=max(640, timeline.width()),
        colour_by=timeline.marks_item.colour_by,
        stack=timeline.stack_rows,
    )
    return replace(snap, **changes)
