"""View > Compact Rows and View > Colour By: how the timeline lays out and colours its marks.

Both are remembered in the settings and apply at once to the timeline and the legend; exports
of the window (Export Snapshot, Copy Snapshot) follow them. The window creates them with one
call; nothing else in it knows about them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from viewer.app.settings import AppSettings
from viewer.shown.palette import COLOUR_BY, COLOUR_BY_MENU

TIPS = {
    "regulator": "Each regulator its own colour",
    "jurisdiction": "US blue, CN vermillion, every other jurisdiction grey",
    "track": "Each track (US export permission, CN ministry approval, …) its own colour",
}


class ViewOptions(QObject):
    """The actions, their settings and what they change."""

    def __init__(self, menu: QMenu, settings: AppSettings, timeline, legend) -> None:
        super().__init__(menu)
        self.settings = settings
        self.timeline = timeline
        self.legend = legend
        menu.addSeparator()
        self.compact_action = QAction("Co&mpact Rows", menu, checkable=True)
        self.compact_action.setToolTip(
            "One line per row: events at the same time overlap instead of stacking"
        )
        self.compact_action.setStatusTip(self.compact_action.toolTip())
        self.compact_action.setChecked(settings.compact_rows())
        self.compact_action.toggled.connect(self.set_compact)
        menu.addAction(self.compact_action)
        colour_menu = menu.addMenu("Colour &By")
        group = QActionGroup(menu)
        self.colour_actions: dict[str, QAction] = {}
        chosen = settings.colour_by()
        for name in COLOUR_BY:
            action = QAction(COLOUR_BY_MENU[name], menu, checkable=True)
            action.setChecked(name == chosen)
            action.setToolTip(TIPS[name])
            action.setStatusTip(TIPS[name])
            action.triggered.connect(lambda _=False, n=name: self.set_colour_by(n))
            group.addAction(action)
            colour_menu.addAction(action)
            self.colour_actions[name] = action
        timeline.set_stack_rows(not settings.compact_rows())
        timeline.set_colour_by(chosen)
        legend.set_colour_by(chosen)

    def set_compact(self, on: bool) -> None:
        """Keep every row one line high (on) or stack overlapping events (off)."""
        self.settings.set_compact_rows(on)
        self.compact_action.setChecked(on)
        self.timeline.set_stack_rows(not on)

    def set_colour_by(self, name: str) -> None:
        """Colour the marks by regulator, jurisdiction or track, and say so in the legend."""
        self.settings.set_colour_by(name)
        self.colour_actions[name].setChecked(True)
        self.timeline.set_colour_by(name)
        self.legend.set_colour_by(name)


def install(menu: QMenu, settings: AppSettings, timeline, legend) -> ViewOptions:
    """The View menu's Compact Rows and Colour By, as last chosen."""
    return ViewOptions(menu, settings, timeline, legend)
