"""Drawing one mark: the shape, fill and outline that say a status, in a regulator's colour.

Used three ways: to pre-render pixmaps stamped on screen, to draw vector marks in SVG/PDF
exports, and to draw the legend, so all three always agree.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
)

from viewer.shown.palette import StatusStyle


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


SOFT_EDGE = 0.3
"""Fraction of an imprecise interval (month, quarter, year) over which each end fades out."""
SOFT_ALPHA = 0.34


def soft_brush(colour: QColor, alpha: float = SOFT_ALPHA) -> QBrush:
    """A fill that fades to nothing at both ends of whatever rectangle it paints.

    In object-bounding mode the gradient follows each rectangle, so one brush fills a whole
    batch of month or quarter bands in a single drawRects call.
    """
    grad = QLinearGradient(0.0, 0.0, 1.0, 0.0)
    grad.setCoordinateMode(QLinearGradient.CoordinateMode.ObjectBoundingMode)
    grad.setColorAt(0.0, light(colour, 0.0))
    grad.setColorAt(SOFT_EDGE, light(colour, alpha))
    grad.setColorAt(1.0 - SOFT_EDGE, light(colour, alpha))
    grad.setColorAt(1.0, light(colour, 0.0))
    return QBrush(grad)


def fade_brush(background: QColor) -> QBrush:
    """Left to right: clear to the background colour, laid over the open end of a period."""
    grad = QLinearGradient(0.0, 0.0, 1.0, 0.0)
    grad.setCoordinateMode(QLinearGradient.CoordinateMode.ObjectBoundingMode)
    grad.setColorAt(0.0, light(background, 0.0))
    grad.setColorAt(1.0, light(background, 0.92))
    return QBrush(grad)


def paint_symbol(
    p: QPainter,
    x: float,
    y: float,
    size: float,
    colour: QColor,
    style: StatusStyle,
    hollow: QColor,
    band: tuple[float, float] | None = None,
) -> None:
    """Draw one status symbol centred at (x, y); `band` (top and bottom, fractions of its
    height) draws only that slice across it: one body's part of a joint event's mark."""
    if band is not None:
        _paint_band(p, x, y, size, colour, style, hollow, band)
        return
    path = shape_path(style.shape, size)
    _begin(p, x, y, style)
    for shape, brush in _fills(style, size, colour, hollow):
        p.setBrush(brush)
        p.drawPath(shape)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(outline_pen(colour, style))
    p.drawPath(path)
    if style.cross:
        r = size * 0.3
        p.setPen(QPen(colour, 1.6))
        p.drawLine(QPointF(-r, -r), QPointF(r, r))
        p.drawLine(QPointF(-r, r), QPointF(r, -r))
    p.restore()


def _begin(p: QPainter, x: float, y: float, style: StatusStyle) -> None:
    """Save the painter and set it up for a symbol centred at (x, y): no pen, the style's
    opacity. The caller restores it."""
    p.save()
    p.translate(x, y)
    if style.opacity < 1.0:
        p.setOpacity(p.opacity() * style.opacity)
    p.setPen(Qt.PenStyle.NoPen)


def _fills(
    style: StatusStyle, size: float, colour: QColor, hollow: QColor
) -> list[tuple[QPainterPath, QColor]]:
    """The areas that fill a symbol, in drawing order, with their colours: the whole shape
    (solid, or the hollow ground), then the left half (half-filled) or a light tint. The left
    half is a shape of its own, not a clip: SVG viewers differ on clips."""
    path = shape_path(style.shape, size)
    if style.fill == "solid":
        return [(path, colour)]
    fills = [(path, hollow)]
    if style.fill == "half":
        fills.append((half_path(style.shape, size), colour))
    elif style.fill == "light":
        fills.append((path, light(colour)))
    return fills


def _paint_band(p, x, y, size, colour, style, hollow, band: tuple[float, float]) -> None:
    """A slice across a symbol, as shapes of their own cut to the slice (the outline and the
    cross as the areas their pens cover), not a clip: SVG viewers differ on clips."""
    reach = size / 2.0 + 2.0  # the outline's pen reaches past the shape
    cut = QPainterPath()
    cut.addRect(
        QRectF(-reach, -reach + 2 * reach * band[0], 2 * reach, 2 * reach * (band[1] - band[0]))
    )
    path = shape_path(style.shape, size)
    _begin(p, x, y, style)

    def fill(shape: QPainterPath, brush) -> None:
        p.setBrush(brush)
        p.drawPath(shape.intersected(cut))

    for shape, brush in _fills(style, size, colour, hollow):
        fill(shape, brush)
    fill(QPainterPathStroker(outline_pen(colour, style)).createStroke(path), colour)
    if style.cross:
        r = size * 0.3
        lines = QPainterPath(QPointF(-r, -r))
        lines.lineTo(r, r)
        lines.moveTo(-r, r)
        lines.lineTo(r, -r)
        fill(QPainterPathStroker(QPen(colour, 1.6)).createStroke(lines), colour)
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
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(soft_brush(colour))
        p.drawRect(rect)
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


# -- badges: small marks beside a symbol that say "doubt this" or "this is news" ---------------

BADGE_COLOURS = {
    "warning": ("#F2A900", "#1B1F24"),  # amber triangle, dark "!": a disputed claim
    "unconfirmed": ("#6E7781", "#FFFFFF"),  # grey disc, white "?": expected, not confirmed
    "new": ("#1A7F37", "#FFFFFF"),  # green pill: first reported after the "since" day
    "changed": ("#0969DA", "#FFFFFF"),  # blue pill: a later report changed it
}
DISPUTE_COLOUR = "#CF222E"
"""Connectors between a claim and the claim that disputes it."""
BADGE_TEXT = {"warning": "!", "unconfirmed": "?", "new": "new", "changed": "changed"}


def badge_size(kind: str, size: float) -> tuple[float, float]:
    """Width and height of a badge for a symbol of `size` pixels."""
    h = max(8.0, size * 0.72)
    if kind in ("new", "changed"):
        return h * (2.3 if kind == "new" else 3.9), h * 0.95
    return h, h


def _badge_font(height: float) -> QFont:
    font = QFont()
    font.setPixelSize(max(6, int(height * 0.78)))
    font.setBold(True)
    return font


def paint_badge(p: QPainter, kind: str, x: float, y: float, size: float) -> None:
    """Draw a badge centred at (x, y): a warning triangle, a "?" disc or a new/changed pill."""
    fill, ink = BADGE_COLOURS[kind]
    w, h = badge_size(kind, size)
    rect = QRectF(x - w / 2, y - h / 2, w, h)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#FFFFFF"), 1.0))
    p.setBrush(QColor(fill))
    text_rect = QRectF(rect)
    if kind == "warning":
        path = QPainterPath()
        path.moveTo(x, rect.top() - 0.5)
        path.lineTo(rect.right() + 0.5, rect.bottom())
        path.lineTo(rect.left() - 0.5, rect.bottom())
        path.closeSubpath()
        p.drawPath(path)
        text_rect.adjust(0, h * 0.22, 0, 0)
    elif kind == "unconfirmed":
        p.drawEllipse(rect)
    else:
        p.drawRoundedRect(rect, h / 2, h / 2)
    p.setPen(QColor(ink))
    p.setFont(_badge_font(h * (0.78 if kind == "warning" else 1.0)))
    p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, BADGE_TEXT[kind])
    p.restore()


def badge_pixmap(kind: str, size: float, dpr: float) -> QPixmap:
    w, h = badge_size(kind, size)
    pix = QPixmap(int((w + 3) * dpr) + 1, int((h + 3) * dpr) + 1)
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    paint_badge(p, kind, (w + 3) / 2, (h + 3) / 2, size)
    p.end()
    return pix
