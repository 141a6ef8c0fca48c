"""View > Compact Rows and View > Colour By: how the timeline lays out and colours its marks.

Both are remembered in the settings and apply at once to the timeline and the legend; exports
of the window (Export Snapshot, Copy Snapshot) follow them. The window creates them with one
call; nothing else in it knows about them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from viewer.shown.palette import COLOUR_BY, COLOUR_BY_MENU

if TYPE_CHECKING:
    from viewer.app.main_window import MainWindow

TIPS = {
    "regulator": "Each regulator its own colour",
    "jurisdiction": "US blue, CN vermillion, every other jurisdiction grey",
    "track": "Each track (US export permission, CN ministry approval, …) its own colour",
}


class ViewOptions(QObject):
    """The actions, their settings and what they change."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        settings = window.settings
        menu = window.view_menu
        menu.addSeparator()
        self.compact_action = QAction("Co&mpact Rows", window, checkable=True)
        self.compact_action.setToolTip(
            "One line per row: events at the same time overlap instead of stacking"
        )
        self.compact_action.setStatusTip(self.compact_action.toolTip())
        self.compact_action.setChecked(settings.compact_rows())
        self.compact_action.toggled.connect(self.set_compact)
        menu.addAction(self.compact_action)
        colour_menu = menu.addMenu("Colour &By")
        group = QActionGroup(window)
        self.colour_actions: dict[str, QAction] = {}
        chosen = settings.colour_by()
        for name in COLOUR_BY:
            action = QAction(COLOUR_BY_MENU[name], window, checkable=True)
            action.setChecked(name == chosen)
            action.setToolTip(TIPS[name])
            action.setStatusTip(TIPS[name])
            action.triggered.connect(lambda _=False, n=name: self.set_colour_by(n))
            group.addAction(action)
            colour_menu.addAction(action)
            self.colour_actions[name] = action
        self._apply(chosen, settings.compact_rows())

    def _apply(self, colour_by: str, compact: bool) -> None:
        w = self.window
        w.timeline.set_stack_rows(not compact)
        w.timeline.set_colour_by(colour_by)
        w.legend.set_colour_by(colour_by)

    def set_compact(self, on: bool) -> None:
        """Keep every row one line high (on) or stack overlapping events (off)."""
        self.window.settings.set_compact_rows(on)
        self.compact_action.setChecked(on)
        self.window.timeline.set_stack_rows(not on)

    def set_colour_by(self, name: str) -> None:
        """Colour the marks by regulator, jurisdiction or track, and say so in the legend."""
        self.window.settings.set_colour_by(name)
        self.colour_actions[name].setChecked(True)
        self.window.timeline.set_colour_by(name)
        self.window.legend.set_colour_by(name)


def install(window: MainWindow) -> ViewOptions:
    return ViewOptions(window)
