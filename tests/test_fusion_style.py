"""The application's Fusion style: scroll bars look exactly as Fusion draws them, and their
grooves are painted once per look, not on every repaint."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollBar, QStyleFactory, QWidget

from viewer.app.fusion_style import FusionStyle
from viewer.app.themes import _dark_palette, _light_palette


@pytest.fixture
def palette_back(qapp):
    kept = qapp.palette()
    yield
    qapp.setPalette(kept)


def _bar(style, orientation, size, value: int) -> QScrollBar:
    bar = QScrollBar(orientation)
    bar.setStyle(style)
    bar.resize(*size)
    bar.setRange(0, 1000)
    bar.setPageStep(120)
    bar.setValue(value)
    return bar


@pytest.mark.parametrize("palette", [_light_palette, _dark_palette], ids=["light", "dark"])
@pytest.mark.parametrize(
    "orientation,size",
    [(Qt.Orientation.Vertical, (14, 860)), (Qt.Orientation.Horizontal, (500, 14))],
    ids=["vertical", "horizontal"],
)
def test_scroll_bars_look_exactly_as_fusion_draws_them(
    qapp, palette_back, palette, orientation, size
):
    qapp.setPalette(palette())
    fusion, ours = QStyleFactory.create("Fusion"), FusionStyle()
    for value in (0, 440, 880):
        want = _bar(fusion, orientation, size, value).grab().toImage()
        got = _bar(ours, orientation, size, value).grab().toImage()
        assert got == want, f"value {value}"


def test_a_bar_repainted_reuses_its_groove(qapp, palette_back):
    qapp.setPalette(_light_palette())
    style = FusionStyle()
    bar = _bar(style, Qt.Orientation.Vertical, (14, 600), 0)
    for value in range(0, 1000, 100):  # a user scrolling: the handle moves, the groove stays
        bar.setValue(value)
        bar.grab()
    assert len(style._grooves) == 1
    bar.resize(14, 300)  # a new size is a new look
    bar.grab()
    assert len(style._grooves) == 2


def test_the_window_uses_it(qtbot):
    from viewer.app.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert isinstance(QApplication.style(), FusionStyle)
    bar = window.timeline.scrollbar
    assert isinstance(bar, QWidget) and isinstance(bar.style(), FusionStyle)
