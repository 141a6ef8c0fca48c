"""Snapshots of the timeline, drawn by the same widget the window shows, without a display.

Used by the window (File > Export) and by `regtimeline export`. Files are written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from viewer.content import Content
from viewer.files import WriteError, atomic_write
from viewer.timeline.theme import LIGHT, Theme

IMAGE_SUFFIXES = (".png",)


@dataclass(frozen=True)
class Snapshot:
    """What to draw: the time window (None = fit all), the size in pixels and the theme."""

    window: tuple[float, float] | None = None
    width: int = 1600
    height: int = 900
    scale: float = 1.0
    theme: Theme = LIGHT


def _offscreen_view(content: Content, snap: Snapshot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from viewer.timeline.view import TimelineView

    view = TimelineView(theme=snap.theme)
    view.fit_rows = True
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(snap.width, snap.height)
    view.show()
    view.set_content(content)
    QApplication.processEvents()
    if snap.window is not None:
        view.set_window(*snap.window)
    else:
        view.fit_all()
    view._apply_rows()
    QApplication.processEvents()
    return view


def render_image(content: Content, snap: Snapshot):
    """The timeline as a QImage of width x height logical pixels at `scale` device pixels each."""
    from PySide6.QtGui import QColor, QImage, QPainter

    view = _offscreen_view(content, snap)
    try:
        image = QImage(
            int(snap.width * snap.scale),
            int(snap.height * snap.scale),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(snap.scale)
        image.fill(QColor(snap.theme.background))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        view.plot.render(painter)
        painter.end()
        return image
    finally:
        view.close()
        view.deleteLater()


def export_image(content: Content, path: str | Path, snap: Snapshot = Snapshot()) -> Path:
    """Write a PNG snapshot; raises WriteError naming the path when it can't be written."""
    path = Path(path)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise WriteError(f"{path}: unsupported snapshot type '{path.suffix}' (use .png)")
    image = render_image(content, snap)

    def write(tmp: Path) -> None:
        if not image.save(str(tmp), "PNG"):
            raise WriteError(f"{path}: the image could not be encoded")

    return atomic_write(path, write)
