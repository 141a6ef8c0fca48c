"""The status bar at a laptop's width: a long message never runs into the permanent counts."""

from PySide6.QtGui import QColor

from tests.conftest import BUNDLED_EVENTS

LONG = (
    "Reloaded h200_china.csv: +2 events · 1 changed · 0 removed — note: no event with id "
    "'cn-xyz' in the data; no company named 'Foo Corporation International' in the data; "
    "no regulator named 'Ministry of Things' in the data; no track named 'Elsewhere'"
)


def test_long_message_stops_short_of_the_counts(make_window, qtbot):
    w = make_window(size=(1366, 768))
    bar = w.statusBar()
    label = w.status.problems_label
    assert label.text() == f"{BUNDLED_EVENTS} events loaded · no problems"
    qtbot.waitUntil(lambda: label.width() >= label.sizeHint().width())  # laid out
    bar.showMessage(LONG, 10000)
    qtbot.waitUntil(lambda: not w.status.summary_label.isVisible())
    image = bar.grab().toImage()
    ratio = image.devicePixelRatio()
    ground = QColor(image.pixel(2, 2))
    # The eight pixels before the counts stay the bar's own colour: no letters there.
    left = label.geometry().left()
    gap = {
        QColor(image.pixel(int(x * ratio), int(y * ratio))).name()
        for x in range(left - 8, left)
        for y in range(bar.height())
    }
    assert gap == {ground.name()}, gap
    # The message is cut with an ellipsis within its room; the whole of it is the tooltip.
    shown = bar.shown_message()
    assert shown.endswith("…") and LONG.startswith(shown[:-1])
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.message_rect().width()
    assert bar.message_rect().right() < left
    assert bar.currentMessage() == LONG and bar.toolTip() == LONG


def test_short_message_is_whole_and_has_no_tooltip(make_window, qtbot):
    w = make_window(size=(1366, 768))
    bar = w.statusBar()
    bar.showMessage("Saved view h200-view.json", 5000)
    assert bar.shown_message() == "Saved view h200-view.json"
    assert bar.toolTip() == ""
