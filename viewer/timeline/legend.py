"""The legend: regulator colours and status symbols, laid out to a width.

One painting function serves the window's legend strip and the exported snapshots, so both
explain the marks the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from viewer.record.model import EventModel
from viewer.shown.palette import StatusStyle, mark_colours, on_dark, status_style
from viewer.shown.theme import LIGHT, Theme
from viewer.timeline import symbols

SWATCH = 11.0
WIDE_ICONS = ("bar", "span", "whisker", "connector", "dispute", "open")
GAP = 14.0
ROW_GAP = 4.0


@dataclass(frozen=True)
class Entry:
    """One legend item: a regulator swatch, a status symbol, or a kind of mark."""

    label: str
    colour: str
    style: StatusStyle | None = None  # None: a plain colour swatch
    kind: str = "symbol"  # symbol | swatch | joint | bar | span | whisker | badge:KIND | ...
    heading: bool = False
    second: str = ""  # joint: the second body's colour


def legend_entries(model: EventModel, shown: np.ndarray | None = None) -> list[Entry]:
    """What the data use (or, given a mask per event, what those events use): regulators,
    statuses and kinds of mark. Vectorised over the events."""
    ev = model.events
    n = len(ev)
    keep = np.ones(n, dtype=bool) if shown is None else np.asarray(shown, dtype=bool)
    entries = [Entry("Regulator:", "", kind="heading", heading=True)]
    lists = model.regulator_lists
    reg = ev["regulator_list"].to_numpy()[keep] if n else np.zeros(0, dtype=np.int64)
    in_use = np.bincount(reg, minlength=len(lists)) > 0
    # Every body of every list in use: a joint approval names both ministries.
    used = np.flatnonzero(lists.per_name(in_use.astype(np.int64)))
    colours, splits = mark_colours(model.regulators, lists)
    for code in used:
        entries.append(Entry(model.regulators[code], colours[code], kind="swatch"))
    joint = np.flatnonzero(in_use & (splits[:, 1] >= 0)) if splits.shape[1] > 1 else []
    if len(joint):
        two = splits[joint[0]]
        entries.append(
            Entry("joint: a band per body", colours[two[0]], kind="joint", second=colours[two[1]])
        )
    entries.append(Entry("Status:", "", kind="heading", heading=True))
    st = ev["status_code"].to_numpy()[keep].astype(np.int64) if n else np.zeros(0, np.int64)
    codes = set(np.flatnonzero(np.bincount(st, minlength=len(model.statuses))).tolist())
    for code, name in enumerate(model.statuses):
        if code in codes:
            entries.append(Entry(name, "#5B6472", status_style(name)))
    kinds = []
    if n and np.isfinite(ev["end_stop"].to_numpy()[keep]).any():
        kinds.append(Entry("period", "#5B6472", status_style("in force"), kind="bar"))
    prec = ev["precision"].to_numpy()[keep] if n else np.zeros(0)
    if ((prec >= 1) & (prec <= 3)).any():
        kinds.append(Entry("month / quarter / year", "#5B6472", kind="span"))
    if (prec == 4).any():
        kinds.append(Entry("approximate date", "#5B6472", status_style("in force"), "whisker"))
    if kinds:
        entries.append(Entry("Marks:", "", kind="heading", heading=True))
        entries.extend(kinds)
    entries.extend(flag_entries(model))
    return entries


def flag_entries(model: EventModel) -> list[Entry]:
    """Badges, connectors and open ends, when the data have any."""
    from viewer.record.claims import claims_of

    ev = model.events
    if not len(ev):
        return []
    claims = claims_of(model)
    out = []
    if claims.contested.any():
        out.append(Entry("disputed claim", "", kind="badge:warning"))
    if claims.overdue.any():
        out.append(Entry("expected, not confirmed", "", kind="badge:unconfirmed"))
    if claims.pair_dispute.any():
        out.append(Entry("disputes", symbols.DISPUTE_COLOUR, kind="dispute"))
    if (~claims.pair_dispute).any():
        out.append(Entry("related (hover)", "#5B6472", kind="connector"))
    if ev["ongoing"].to_numpy(dtype=bool).any():
        out.append(Entry("ongoing", "#5B6472", status_style("in force"), kind="open"))
    if out:
        out.insert(0, Entry("Doubt:", "", kind="heading", heading=True))
    return out


def _entry_width(fm: QFontMetricsF, bold: QFontMetricsF, e: Entry) -> float:
    if e.heading:
        return bold.horizontalAdvance(e.label) + 6
    icon = 26.0 if e.kind in WIDE_ICONS else SWATCH + 5
    return icon + fm.horizontalAdvance(e.label)


def layout(entries: list[Entry], width: float, font: QFont) -> tuple[list[QPointF], float]:
    """Flow the entries into lines; headings start a new line when the last one is long."""
    fm = QFontMetricsF(font)
    bold_font = QFont(font)
    bold_font.setBold(True)
    bfm = QFontMetricsF(bold_font)
    line_h = max(fm.height(), SWATCH + 2)
    x = y = 0.0
    positions = []
    for e in entries:
        w = _entry_width(fm, bfm, e)
        if x > 0 and (x + w > width or (e.heading and x > width * 0.6)):
            x = 0.0
            y += line_h + ROW_GAP
        positions.append(QPointF(x, y))
        x += w + (4 if e.heading else GAP)
    return positions, y + line_h


def paint_legend(
    p: QPainter, rect: QRectF, entries: list[Entry], theme: Theme, font: QFont
) -> float:
    """Draw the legend inside rect (top-left aligned); returns the height used."""
    positions, height = layout(entries, rect.width(), font)
    fm = QFontMetricsF(font)
    bold = QFont(font)
    bold.setBold(True)
    line_h = max(fm.height(), SWATCH + 2)
    hollow = QColor(theme.hollow_fill)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    for e, pos in zip(entries, positions, strict=True):
        x, y = rect.left() + pos.x(), rect.top() + pos.y()
        cy = y + line_h / 2
        if e.heading:
            p.setFont(bold)
            p.setPen(QColor(theme.muted_text))
            p.drawText(QRectF(x, y, 400, line_h), Qt.AlignmentFlag.AlignVCenter, e.label)
            continue
        dark = theme.name == "dark" and e.colour.startswith("#")
        colour = QColor(on_dark(e.colour) if dark else e.colour)
        if e.kind == "swatch":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawEllipse(QPointF(x + SWATCH / 2, cy), SWATCH / 2, SWATCH / 2)
            tx = x + SWATCH + 5
        elif e.kind == "joint":  # the symbol as a joint event's mark is drawn: a band per body
            second = QColor(on_dark(e.second) if dark else e.second)
            solid = status_style("approved")
            for band, c in (((0.0, 0.5), colour), ((0.5, 1.0), second)):
                symbols.paint_symbol(p, x + SWATCH / 2, cy, SWATCH, c, solid, hollow, band=band)
            tx = x + SWATCH + 5
        elif e.kind == "symbol":
            symbols.paint_symbol(p, x + SWATCH / 2, cy, SWATCH, colour, e.style, hollow)
            tx = x + SWATCH + 5
        elif e.kind == "bar":
            symbols.paint_bar(p, QRectF(x, cy - 3.5, 22, 7), colour, e.style, hollow)
            tx = x + 26
        elif e.kind == "span":
            symbols.paint_bar(p, QRectF(x, cy - 5, 22, 10), colour, status_style(""), hollow, True)
            tx = x + 26
        elif e.kind.startswith("badge:"):
            symbols.paint_badge(p, e.kind[6:], x + SWATCH / 2, cy, SWATCH * 1.2)
            tx = x + SWATCH + 5
        elif e.kind in ("connector", "dispute"):
            pen = QPen(colour, 1.4)
            if e.kind == "dispute":
                pen.setStyle(Qt.PenStyle.CustomDashLine)
                pen.setDashPattern([3.0, 2.0])
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath(QPointF(x, cy + 3))
            path.cubicTo(QPointF(x, cy - 5), QPointF(x + 22, cy - 5), QPointF(x + 22, cy + 3))
            p.drawPath(path)
            tx = x + 26
        elif e.kind == "open":
            rect = QRectF(x, cy - 3.5, 18, 7)
            symbols.paint_bar(p, rect, colour, e.style, hollow)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(symbols.fade_brush(QColor(theme.background)))
            p.drawRect(QRectF(x + 8, cy - 5, 11, 10))
            p.setPen(QPen(QColor(theme.muted_text), 1.4))
            p.drawLine(QPointF(x + 20, cy - 3), QPointF(x + 23, cy))
            p.drawLine(QPointF(x + 23, cy), QPointF(x + 20, cy + 3))
            tx = x + 26
        else:
            p.setPen(colour)
            p.drawLine(QPointF(x, cy), QPointF(x + 22, cy))
            p.drawLine(QPointF(x, cy - 3), QPointF(x, cy + 3))
            p.drawLine(QPointF(x + 22, cy - 3), QPointF(x + 22, cy + 3))
            symbols.paint_symbol(p, x + 11, cy, 8, colour, e.style, hollow)
            tx = x + 26
        p.setFont(font)
        p.setPen(QColor(theme.text))
        p.drawText(QRectF(tx, y, 400, line_h), Qt.AlignmentFlag.AlignVCenter, e.label)
    p.restore()
    return height


class LegendWidget(QWidget):
    """A strip above the timeline that explains colours and symbols of the shown data."""

    def __init__(self, parent: QWidget | None = None, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self.theme = theme
        self.entries: list[Entry] = []
        self.legend_font = QFont()
        self.legend_font.setPointSizeF(8.5)
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self.setAccessibleName("Legend")
        self._heights: dict[int, int] = {}  # per width, until the entries change

    def bind(self, document) -> None:
        """Name the colours and symbols of the open data (every report, as-of or not)."""
        document.modelChanged.connect(lambda: self.set_model(document.full_model))

    def set_model(self, model: EventModel | None) -> None:
        self.entries = legend_entries(model) if model is not None else []
        self._heights.clear()
        labels = [e.label for e in self.entries]
        self.setAccessibleDescription(" ".join(labels))
        self.setToolTip("Colour: regulator (a joint act: a band per body). Shape and fill: status.")
        self.updateGeometry()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """(Asked several times per layout pass, the same each time for the same entries.)"""
        if not self.entries:
            return 0
        if width not in self._heights:
            self._heights[width] = int(layout(self.entries, width - 16, self.legend_font)[1] + 10)
        return self._heights[width]

    def sizeHint(self) -> QSize:
        return QSize(800, self.heightForWidth(800))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(self.theme.background))
        paint_legend(
            p,
            QRectF(8, 5, self.width() - 16, self.height()),
            self.entries,
            self.theme,
            self.legend_font,
        )
        p.end()
