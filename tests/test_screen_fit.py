"""The first window fits the screen it opens on (viewer/app/screen_fit.py)."""

from PySide6.QtCore import QRect

from viewer.app.screen_fit import FRAME_PX, fitted


def test_a_window_larger_than_the_screen_is_cut_to_it_and_moved_on():
    laptop = QRect(0, 0, 1366, 768)
    target = fitted(QRect(0, 0, 1500, 900), laptop)
    assert laptop.contains(target)
    assert target.width() == 1366 - 2 * FRAME_PX and target.height() == 768 - 4 * FRAME_PX
    # A window left off the right and bottom of a smaller screen comes back onto it.
    moved = fitted(QRect(1800, 1000, 1200, 700), laptop)
    assert laptop.contains(moved) and moved.size() == QRect(0, 0, 1200, 700).size()


def test_a_window_that_fits_keeps_its_size_and_place():
    desktop = QRect(0, 0, 1920, 1080)
    assert fitted(QRect(100, 80, 1500, 900), desktop) == QRect(100, 80, 1500, 900)
    # On a second screen to the left (negative coordinates), inside its own area.
    left = QRect(-1366, 0, 1366, 768)
    assert left.contains(fitted(QRect(-1300, 10, 1500, 900), left))
