"""Painting in scene pixels: how the timeline's items map their data to the screen.

The items hold data in seconds (across) and rows (down). They map it to scene pixels by hand
and paint there, rather than letting the painter scale seconds by rows: pens, text and symbols
then keep their size in the window, in PNG and in every SVG or PDF viewer (some scale strokes
by the data units). One mapping per paint, shared by the lane bands, era bands, marks and
connectors (and by the marks' answer to which rows show density, which must agree with what
was painted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QTransform


@dataclass(frozen=True)
class Mapping:
    """Data -> scene pixels for one item in one paint: x = sx * t + dx, y = sy * row + dy."""

    sx: float
    dx: float
    sy: float
    dy: float
    view: QRectF  # the data in view (seconds by rows)
    scene: QTransform  # the item's own transform to the scene

    def x(self, t: float) -> float:
        return self.sx * t + self.dx

    def y(self, row: float) -> float:
        return self.sy * row + self.dy


def scene_mapping(item) -> Mapping | None:
    """The mapping of a pyqtgraph item in its view box (None when it is not in one)."""
    vb = item.getViewBox()
    if vb is None:
        return None
    S = item.sceneTransform()
    return Mapping(S.m11(), S.m31(), S.m22(), S.m32(), vb.viewRect(), S)


def paint_in_scene_pixels(item, p: QPainter, draw: Callable[[Mapping], None]) -> None:
    """Call draw(mapping) with `p` drawing in scene pixels, and put `p` back after; nothing
    when the item is in no view or its transform cannot be inverted."""
    m = scene_mapping(item)
    inv, ok = m.scene.inverted() if m is not None else (None, False)
    if not ok:
        return
    p.save()
    p.setTransform(inv * p.transform())
    # Nothing reaches past the view (into the date axis below it): a rectangle clip.
    p.setClipRect(m.scene.mapRect(m.view), Qt.ClipOperation.IntersectClip)
    try:
        draw(m)
    finally:
        p.restore()
