"""The overview strip under the timeline: events per week over the whole record, and the
timeline's window as a region to drag (move) or pull at its edges (resize).

The histogram is two numpy bincounts (all events, shown events) drawn as two filled step curves,
so it costs the same at any number of events. Moving the region moves the timeline and the
timeline moves the region; each side ignores the echo of its own change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QVBoxLayout, QWidget

from viewer.record.derived import PerModel
from viewer.shown.content import Content
from viewer.shown.facet_cube import count_where
from viewer.timeline.axes import DateAxis, without_unit_prefixes

BINS = 240
LANE_AXIS_WIDTH = 270  # the timeline's lane labels: the strip's time axis starts where its does


@dataclass
class _Bins:
    """Every event's bin over the whole record, and the count per bin."""

    span: tuple[float, float]
    of_event: np.ndarray
    every: np.ndarray


def _bin_events(model) -> _Bins | None:
    """Once per model: a filter change only recounts the shown events in these bins."""
    span = model.span()
    if span is None:
        return None
    lo, hi = span
    hi = max(hi, model.today) if model.as_of is None else hi
    pad = max((hi - lo) * 0.02, 86400.0)
    lo, hi = lo - pad, hi + pad
    width = (hi - lo) / BINS
    of_event = np.clip(((model.start - lo) / width).astype(np.int32), 0, BINS - 1)
    return _Bins((lo, hi), of_event, np.bincount(of_event, minlength=BINS).astype(float))


_BINS: PerModel[_Bins | None] = PerModel(_bin_events)


class _Histogram(QGraphicsPathItem):
    """Counts per bin as one filled step outline."""

    def __init__(self, fill: QColor, line: QColor | None) -> None:
        super().__init__()
        self.setBrush(fill)
        pen = QPen(line if line is not None else Qt.GlobalColor.transparent, 1)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.counts = np.zeros(0)

    def set_counts(self, edges: np.ndarray, counts: np.ndarray) -> None:
        if np.array_equal(counts, self.counts):
            return
        self.counts = counts
        path = QPainterPath()
        if len(counts):
            path.moveTo(float(edges[0]), 0.0)
            for k, c in enumerate(counts):
                path.lineTo(float(edges[k]), float(c))
                path.lineTo(float(edges[k + 1]), float(c))
            path.lineTo(float(edges[-1]), 0.0)
            path.closeSubpath()
        self.setPath(path)

    def getData(self) -> tuple[None, np.ndarray]:
        return None, self.counts


class _StripViewBox(pg.ViewBox):
    """No pan or zoom of its own; a click outside the region centres the region there."""

    clickedAt = Signal(float)

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setMouseEnabled(x=False, y=False)
        self.disableAutoRange()

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.clickedAt.emit(self.mapSceneToView(ev.scenePos()).x())

    def mouseDragEvent(self, ev, axis=None) -> None:
        ev.ignore()

    def wheelEvent(self, ev, axis=None) -> None:
        ev.ignore()


class OverviewStrip(QWidget):
    windowEdited = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Overview")
        self.setToolTip(
            "Events over the whole record; drag the shaded window to move the timeline, "
            "pull its edges to zoom, click elsewhere to jump there"
        )
        self.viewbox = _StripViewBox()
        self.axis = DateAxis()
        self.axis.setHeight(20)
        self.plot = pg.PlotWidget(viewBox=self.viewbox, axisItems={"bottom": self.axis})
        self.plot.setAccessibleName("Overview of the whole record")
        self.plot.setToolTip(self.toolTip())
        self.plot.setAccessibleDescription(
            "How many events fall in each part of the record, and the part the timeline shows"
        )
        self.plot.setBackground("w")
        item = self.plot.getPlotItem()
        without_unit_prefixes(item)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.layout.setContentsMargins(0, 0, 8, 0)
        left = item.getAxis("left")
        left.setStyle(showValues=False, tickLength=0)
        left.setWidth(LANE_AXIS_WIDTH)
        left.setPen(pg.mkPen(None))
        # Plain path items: a PlotDataItem's setData makes pyqtgraph repaint the whole window.
        self.all_curve = _Histogram(QColor(0, 0, 0, 40), None)
        self.shown_curve = _Histogram(QColor(31, 119, 180, 150), QColor(31, 119, 180))
        self.viewbox.addItem(self.all_curve, ignoreBounds=True)
        self.viewbox.addItem(self.shown_curve, ignoreBounds=True)
        self.region = pg.LinearRegionItem(
            values=(0, 1),
            brush=QColor(255, 190, 60, 60),
            hoverBrush=QColor(255, 190, 60, 90),
            pen=pg.mkPen(QColor(200, 120, 0), width=2),
        )
        self.region.setZValue(10)
        self.viewbox.addItem(self.region, ignoreBounds=True)
        self.region.sigRegionChanged.connect(self._on_region)
        self.viewbox.clickedAt.connect(self._on_click)
        self._quiet = False
        self.span: tuple[float, float] | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.plot)
        self.setFixedHeight(64)

    def set_theme(self, theme) -> None:
        """Follow the window's light or dark theme (a viewer.shown.theme.Theme)."""
        dark = theme.name == "dark"
        self.plot.setBackground(theme.background)
        self.axis.setPen(pg.mkPen(theme.separator))
        self.axis.setTextPen(pg.mkPen(theme.text))
        self.all_curve.setBrush(QColor(255, 255, 255, 50) if dark else QColor(0, 0, 0, 40))
        self.region.setBrush(QColor(255, 190, 60, 45 if dark else 60))
        self.region.update()

    def bind(self, document) -> None:
        """Count what the document shows; follow its time window and move it when dragged."""
        document.contentChanged.connect(lambda _fresh: self.set_content(document.content))
        document.windowChanged.connect(self.set_window)
        self.windowEdited.connect(document.state.set_window)

    def set_content(self, content: Content | None) -> None:
        """Recount both histograms: all events of the model, and those the filters show."""
        bins = _BINS(content.model) if content is not None else None
        if bins is None:
            self.all_curve.set_counts(np.zeros(1), np.zeros(0))
            self.shown_curve.set_counts(np.zeros(1), np.zeros(0))
            self.span = None
            return
        lo, hi = self.span = bins.span
        edges = np.linspace(lo, hi, BINS + 1)
        shown = count_where(bins.of_event, content.selection.events, BINS).astype(float)
        self.all_curve.set_counts(edges, bins.every)
        self.shown_curve.set_counts(edges, shown)
        top = max(1.0, float(bins.every.max()))
        self.viewbox.setRange(xRange=(lo, hi), yRange=(0, top * 1.1), padding=0)
        self.shown_count = int(shown.sum())

    def set_window(self, t0: float, t1: float) -> None:
        """Follow the timeline without echoing back."""
        if not (math.isfinite(t0) and math.isfinite(t1)):
            return
        self._quiet = True
        try:
            self.region.setRegion((t0, t1))
        finally:
            self._quiet = False

    def window(self) -> tuple[float, float]:
        a, b = self.region.getRegion()
        return float(a), float(b)

    def _on_region(self, *_args) -> None:
        if self._quiet:
            return
        a, b = self.window()
        if b > a:
            self.windowEdited.emit(a, b)

    def _on_click(self, t: float) -> None:
        a, b = self.window()
        if a <= t <= b:
            return
        half = (b - a) / 2
        self.region.setRegion((t - half, t + half))
