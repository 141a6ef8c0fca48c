"""Snapshots: the timeline drawn by the same widget the window shows, offscreen, with its page.

A fresh TimelineView is made for every snapshot, so exporting never touches what is on screen
(selection, zoom, scroll, filters). It draws only what is in its time window, as the window
does: the marks item switches to density when too many marks are in view, so the cost does not
grow with the size of the data.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from viewer.export import describe as words_of
from viewer.export.composition import Boxes, Composition, Words
from viewer.export.source_list import (
    LIST_LIMIT,
    SourceList,
    first_events,
    number_sources,
    picture_mask,
)
from viewer.shown.content import Content
from viewer.shown.theme import LIGHT, Theme

PAGES = ("a4", "letter", "fit")
PNG_QUALITY = 80
"""Qt's PNG 'quality' is the inverse of zlib effort: 80 is light, fast compression."""
SCREEN_DPI = 96


@dataclass(frozen=True)
class Snapshot:
    """What to draw and how big.

    window: time window (None: every shown event); width: in logical pixels; height: None
    makes the picture as tall as its lanes need; scale: device pixels per logical pixel
    (2 for high-DPI PNG); title: None means the data set's name; page: PDF page size.
    """

    window: tuple[float, float] | None = None
    width: int = 1600
    height: int | None = None
    scale: float = 1.0
    theme: Theme = LIGHT
    title: str | None = None
    page: str = "a4"


@dataclass
class Drawn:
    """What a snapshot holds, for whoever asked for it: the events with a mark in the picture
    (the number its caption gives) and notes for the user (characters no font could draw)."""

    events: int
    notes: list[str] = field(default_factory=list)


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

    @property
    def drawn(self) -> Drawn:
        return Drawn(self.n_events, self.notes)

    def paint(self, p) -> None:
        empty = "" if self.n_events else "No events match these filters in this time window."
        self.composition.paint(p, self.boxes, self.view, empty)


def _new_view(content: Content, snap: Snapshot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QGraphicsItem

    from viewer.timeline.view import TimelineView

    view = TimelineView(theme=snap.theme)
    view.setUpdatesEnabled(False)  # painted once, by render(), never by paint events
    view.fit_rows = True
    view.lane_axis.show_toggles = False
    for axis in (view.lane_axis, view.date_axis):  # words stay text in SVG/PDF
        axis.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(max(400, snap.width), 600)
    view.show()
    view.set_content(content)
    if snap.window is not None:
        view.set_window(*snap.window)
    QApplication.processEvents()
    return view


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
    with_sources: bool = False,
    footer_right: str = "",
    max_row_px: float | None = None,
) -> Iterator[Prepared]:
    """Measure the page, make and size the offscreen view; closes the view afterwards."""
    from viewer.export.fonts import missing_note
    from viewer.timeline.legend import legend_entries

    view = _new_view(content, snap)
    try:
        window = view.time_window()
        model = content.model
        shown = picture_mask(content, window)
        n_shown = int(shown.sum())
        events = first_events(model, shown, LIST_LIMIT if with_sources else 600)
        title = snap.title if snap.title is not None else words_of.default_title(model)
        words = Words(
            title=title,
            caption=words_of.caption(model, content.filters, window, n_shown),
            footer=words_of.footer(model),
            footer_right=footer_right,
        )
        entries = legend_entries(model, shown) if n_shown else []
        comp = Composition(words, entries, snap.theme, margin)
        boxes = comp.boxes(width, height, view.n_rows(), max_row_px)
        sources = number_sources(model, events, total=n_shown) if with_sources else None
        if sources is not None:
            view.marks_item.notes = sources.numbers
        _size_view(view, boxes, window)
        texts = [title, words.caption]
        texts += [g.name for g in content.layout.groups]
        texts += list(model.events["title"].iloc[events[:600]])
        note = missing_note(texts)
        yield Prepared(comp, boxes, view, window, n_shown, sources, [note] if note else [])
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
            # Opaque (filled with the theme's background): written as RGB, no alpha channel to
            # encode (the PNG is ~12% quicker to write and smaller).
            QImage.Format.Format_RGB32,
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
    """A snapshot of what a TimelineView shows: its time window, at its width."""
    snap = Snapshot(window=timeline.time_window(), width=max(640, timeline.width()))
    return replace(snap, **changes)
