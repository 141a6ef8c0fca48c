"""A dialog's problem message reads in both themes, and follows a change of theme while shown."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.panels.problem_text import DARK_RED, LIGHT_RED, ProblemLabel
from viewer.shown.palette import contrast

ROLE = QPalette.ColorRole


def test_the_red_follows_the_theme_and_a_notice_takes_the_text_colour(window, qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    label = ProblemLabel()
    QVBoxLayout(box).addWidget(label)
    box.show()
    label.show_problem("sqlite:///gone.db: no such register")
    seen = {}
    for theme in ("light", "dark", "light"):
        window.theme_menu.actions_by_name[theme].trigger()  # (a change while the label shows)
        dark = theme == "dark"
        qtbot.waitUntil(lambda d=dark: (box.palette().color(ROLE.Window).lightness() < 128) == d)
        text = label.palette().color(ROLE.WindowText).name().upper()
        ground = box.palette().color(ROLE.Window).name()
        seen[theme] = text
        assert contrast(text, ground) >= 4.5, (theme, text, ground)
    assert seen == {"light": LIGHT_RED, "dark": DARK_RED}
    label.show_notice("Page 2 of 5…")
    assert label.palette().color(ROLE.WindowText) == box.palette().color(ROLE.WindowText)
    assert label.textFormat().name == "PlainText"
