"""Drawing one mark: the shape, fill and outline that say a status, in a regulator's colour.

Used three ways: to pre-render pixmaps stamped on screen, to draw vector marks in SVG/PDF
exports, and to draw the legend, so all three always agree.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPainterPath, QPen, QPixmap

from viewer.palette import StatusStyle


@lru_cache(maxsize=64)
def shape_path(shape: str, size: float) -> QPainterPath:
    """A symbol outline centred on (0, 0)."""
    r = size / 2.0
    path = QPainterPath()
    if shape == "diamond":
        path.moveTo(0, -r)
        path.lineTo(r, 0)
        path.lineTo(0, r)
        path.lineTo(-r, 0)
        path.closeSubpath()
    elif shape == "triangle":
        path.moveTo(0, -r)
        path.lineTo(r, r * 0.8)
        path.lineTo(-r, r * 0.8)
        path.closeSubpath()
    else:
        path.addEllipse(QPointF(0, 0), r, r)
    return path


@lru_cache(maxsize=64)
def half_path(shape: str, size: float) -> QPainterPath:
    """The left half of a symbol (half-filled statuses)."""
    left = QPainterPath()
    left.addRect(QRectF(-size, -size, size, size * 2))
    return shape_path(shape, size).intersected(left)


def outline_pen(colour: QColor, style: StatusStyle, width: float = 1.6) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(False)
    if style.dashed:
        pen.setStyle(Qt.PenStyle.CustomDashLine)
        pen.setDashPattern([2.0, 1.6])
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def light(colour: QColor, alpha: float = 0.28) -> QColor:
    c = QColor(colour)
    c.setAlphaF(alpha)
    return c


def paint_symbol(
    p: QPainter,
    x: float,
    y: float,
    size: float,
    colour: QColor,
    style: StatusStyle,
    hollow: QColor,
) -> None:
    """Draw one status symbol centred at (x, y)."""
    path = shape_path(style.shape, size)
    p.save()
    p.translate(x, y)
    if style.opacity < 1.0:
        p.setOpacity(p.opacity() * style.opacity)
    p.setPen(Qt.PenStyle.NoPen)
    if style.fill == "solid":
        p.setBrush(colour)
        p.drawPath(path)
    else:
        p.setBrush(hollow)
        p.drawPath(path)
        if style.fill == "half":
            # The left half as a shape of its own, not a clip: SVG viewers differ on clips.
            p.setBrush(colour)
            p.drawPath(half_path(style.shape, size))
        elif style.fill == "light":
            p.setBrush(light(colour))
            p.drawPath(path)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(outline_pen(colour, style))
    p.drawPath(path)
    if style.cross:
        r = size * 0.3
        p.setPen(QPen(colour, 1.6))
        p.drawLine(QPointF(-r, -r), QPointF(r, r))
        p.drawLine(QPointF(-r, r), QPointF(r, -r))
    p.restore()


def paint_bar(
    p: QPainter,
    rect: QRectF,
    colour: QColor,
    style: StatusStyle,
    hollow: QColor,
    soft: bool = False,
) -> None:
    """Draw a period (or, `soft`, an imprecise interval with faded ends) in a status's style."""
    p.save()
    if style.opacity < 1.0:
        p.setOpacity(p.opacity() * style.opacity)
    if soft:
        grad = QLinearGradient(rect.left(), 0, rect.right(), 0)
        edge = min(0.3, 10.0 / max(rect.width(), 1.0))
        grad.setColorAt(0.0, light(colour, 0.0))
        grad.setColorAt(edge, light(colour, 0.32))
        grad.setColorAt(1.0 - edge, light(colour, 0.32))
        grad.setColorAt(1.0, light(colour, 0.0))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(grad))
        p.drawRoundedRect(rect, 3, 3)
        p.restore()
        return
    p.setPen(Qt.PenStyle.NoPen)
    if style.fill == "solid":
        p.setBrush(colour)
        p.drawRoundedRect(rect, 3, 3)
    else:
        p.setBrush(hollow)
        p.drawRoundedRect(rect, 3, 3)
        if style.fill == "half":
            p.setBrush(colour)
            p.drawRect(QRectF(rect.left(), rect.top(), rect.width(), rect.height() / 2))
        elif style.fill == "light":
            p.setBrush(light(colour))
            p.drawRoundedRect(rect, 3, 3)
        if style.cross:
            p.setBrush(QBrush(colour, Qt.BrushStyle.DiagCrossPattern))
            p.drawRoundedRect(rect, 3, 3)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(outline_pen(colour, style, 1.4))
    p.drawRoundedRect(rect, 3, 3)
    p.restore()


def symbol_pixmap(
    size: float, colour: QColor, style: StatusStyle, hollow: QColor, dpr: float
) -> QPixmap:
    """A pre-rendered symbol with room for its outline, at the device's pixel ratio."""
    side = int((size + 4) * dpr) + 1
    pix = QPixmap(side, side)
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = side / dpr / 2.0
    paint_symbol(p, c, c, size, colour, style, hollow)
    p.end()
    return pix
