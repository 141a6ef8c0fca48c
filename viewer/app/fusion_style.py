"""Qt's Fusion style, with scroll-bar grooves drawn once per look and copied after.

Fusion paints a scroll bar's groove (a gradient and two edges) on every repaint of the bar:
about 4 ms for the timeline's 860-pixel lane scroll bar, which every filter change re-ranges,
so a tenth of a filter change's budget went to a strip that looks the same each time. The
groove depends only on the bar's size, orientation, palette and state: it is painted by
Fusion itself, on the window colour a bar stands on, into a pixmap for each such look, and the
pixmap is copied (pixel for pixel what Fusion draws there).

Fusion outlines check boxes and radio buttons in the window colour darkened (1.6:1 on the light
window, 1.1:1 on the dark one: an unticked box all but vanishes); WCAG 1.4.11 asks 3:1. Fusion
draws them as ever, given a window colour from which its own darkening gives the palette's
placeholder text colour (4.5:1 on the window and on the fields in both themes).

Everything else (handle, arrows, every other control) is Fusion's own drawing.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOptionSlider

GROOVES_KEPT = 8  # looks kept (sizes x states x palettes); a window has a handful of bars

_CC_SCROLLBAR = QStyle.ComplexControl.CC_ScrollBar
_GROOVE = QStyle.SubControl.SC_ScrollBarGroove
_INDICATORS = {
    # element: how much lighter (percent) the window colour must be for Fusion's outline of
    # it to come out in the wanted colour (check box: darker(140) then lighter(110); radio
    # button: darker(150))
    QStyle.PrimitiveElement.PE_IndicatorCheckBox: 127,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton: 150,
}


class FusionStyle(QProxyStyle):
    """Fusion for the whole application (light and dark palettes look alike everywhere)."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self._grooves: OrderedDict[tuple, QPixmap] = OrderedDict()

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        lighter = _INDICATORS.get(element)
        if lighter is not None:
            option = type(option)(option)
            palette = QPalette(option.palette)
            outline = palette.color(QPalette.ColorRole.PlaceholderText)
            palette.setColor(QPalette.ColorRole.Window, outline.lighter(lighter))
            option.palette = palette
        super().drawPrimitive(element, option, painter, widget)

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        if (
            control != _CC_SCROLLBAR
            or not (option.subControls & _GROOVE)
            # Transient (overlay) bars fade and grow with an animation: Fusion draws those.
            or self.styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, option, widget)
            # Its edges blend with the ground: the copy is laid on the window colour, opaque.
            or option.palette.window().color().alpha() < 255
        ):
            super().drawComplexControl(control, option, painter, widget)
            return
        rect = option.rect
        painter.drawPixmap(rect.topLeft(), self._groove(option, painter, widget))
        rest = QStyleOptionSlider(option)
        rest.subControls = option.subControls & ~_GROOVE
        super().drawComplexControl(control, rest, painter, widget)

    def _groove(self, option, painter: QPainter, widget) -> QPixmap:
        """The groove of a bar like `option`'s, painted by Fusion the first time it is asked for."""
        device = painter.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        w, h = option.rect.width(), option.rect.height()
        key = (
            w,
            h,
            dpr,
            int(option.orientation.value),
            option.palette.cacheKey(),
            int(option.state.value),
        )
        pixmap = self._grooves.get(key)
        if pixmap is not None:
            self._grooves.move_to_end(key)
            return pixmap
        pixmap = QPixmap(max(1, round(w * dpr)), max(1, round(h * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(option.palette.window().color())  # what a bar is drawn over in a window
        only = QStyleOptionSlider(option)
        only.rect = QRect(0, 0, w, h)
        only.subControls = _GROOVE
        p = QPainter(pixmap)
        super().drawComplexControl(_CC_SCROLLBAR, only, p, widget)
        p.end()
        self._grooves[key] = pixmap
        while len(self._grooves) > GROOVES_KEPT:
            self._grooves.popitem(last=False)
        return pixmap


def use_fusion(app) -> None:
    """Give `app` the Fusion style (once: switching style re-lays out docks)."""
    if not isinstance(app.style(), FusionStyle):
        app.setStyle(FusionStyle())
