"""The "as known on" day in the timeline: a line at the end of that day and a veil after it.

What lies right of the line was still to come on that day: expected events, planned periods.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPen

from viewer.record import dates as D
from viewer.shown.theme import LIGHT, Theme

AS_OF_COLOUR = "#8250DF"
FAR = 200 * 365 * D.SECONDS_PER_DAY


class AsOfMarker:
    """Two items added to a view box: a labelled line and a faint region after it."""

    def __init__(self, viewbox: pg.ViewBox, theme: Theme = LIGHT) -> None:
        self.as_of: float | None = None
        pen = QPen(QColor(AS_OF_COLOUR), 1.6)
        pen.setCosmetic(True)
        self.line = pg.InfiniteLine(
            angle=90,
            pen=pen,
            movable=False,
            label="",
            labelOpts={
                "position": 0.02,
                "color": AS_OF_COLOUR,
                "anchors": [(0, 0), (0, 0)],
                "fill": _label_ground(theme),
            },
        )
        self.line.setZValue(6)
        self.region = pg.LinearRegionItem(
            values=(0, 1), movable=False, brush=_veil(theme), pen=pg.mkPen(None)
        )
        self.region.setZValue(-5)
        for item in (self.region, self.line):
            item.setVisible(False)
            viewbox.addItem(item, ignoreBounds=True)

    def set_theme(self, theme: Theme) -> None:
        self.region.setBrush(_veil(theme))
        self.line.label.fill = pg.mkBrush(_label_ground(theme))
        self.region.update()

    def set_as_of(self, as_of: float | None) -> None:
        self.as_of = as_of
        visible = as_of is not None
        self.line.setVisible(visible)
        self.region.setVisible(visible)
        if as_of is None:
            return
        end = as_of + D.SECONDS_PER_DAY
        self.line.setPos(end)
        self.line.label.setFormat("as known on " + D.long_day(as_of))
        self.region.setRegion((end, end + FAR))
        for line in self.region.lines:
            line.setPen(pg.mkPen(None))
        self.line.label.setColor(QColor(AS_OF_COLOUR))


def _veil(theme: Theme) -> QColor:
    veil = QColor(theme.muted_text)
    veil.setAlphaF(0.08 if theme.name == "light" else 0.14)
    return veil


def _label_ground(theme: Theme) -> QColor:
    ground = QColor(theme.background)
    ground.setAlpha(225)
    return ground
