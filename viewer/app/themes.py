"""Light and dark themes for the whole window, following the desktop's colour scheme by default.

The window's widgets get Qt's Fusion style with a full palette, so "light" and "dark" look the
same on every platform and the choice is honoured even where the native style ignores
palettes. "system" asks Qt which scheme the desktop uses (and follows it when it changes).
The timeline and the panels' highlights have their own colours (viewer/shown/theme.py);
regulator colours for a dark ground come from viewer/shown/palette.py. Exports always use the
light theme: they go on paper.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from viewer.app.fusion_style import use_fusion
from viewer.app.settings import THEMES
from viewer.shown.theme import DARK, LIGHT, Theme

LABELS = {"system": "Follow &System", "light": "&Light", "dark": "&Dark"}


def system_scheme() -> str:
    """'dark' or 'light': what the desktop asks for (light when it does not say)."""
    app = QGuiApplication.instance()
    if app is None:
        return "light"
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return "dark"
    if scheme == Qt.ColorScheme.Light:
        return "light"
    # Unknown: judge by the platform's own palette (before we replaced it).
    window = _system_palette.color(QPalette.ColorRole.Window) if _system_palette else None
    return "dark" if window is not None and window.lightness() < 128 else "light"


def resolve(choice: str) -> str:
    return system_scheme() if choice == "system" else ("dark" if choice == "dark" else "light")


def _palette(colours: tuple[tuple[QPalette.ColorRole, str], ...], disabled_text: str) -> QPalette:
    """A palette from (role, colour) pairs, with greyed text for disabled controls."""
    p = QPalette()
    for role, colour in colours:
        p.setColor(role, QColor(colour))
    roles = QPalette.ColorRole
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return p


def _dark_palette() -> QPalette:
    roles = QPalette.ColorRole
    colours = (
        (roles.Window, "#25282D"),
        (roles.WindowText, "#E6E9EE"),
        (roles.Base, "#1E2126"),
        (roles.AlternateBase, "#262A31"),
        (roles.ToolTipBase, "#30353D"),
        (roles.ToolTipText, "#E6E9EE"),
        (roles.PlaceholderText, "#8B94A3"),
        (roles.Text, "#E6E9EE"),
        (roles.Button, "#30353D"),
        (roles.ButtonText, "#E6E9EE"),
        (roles.BrightText, "#FF7B72"),
        (roles.Light, "#444C56"),
        (roles.Midlight, "#3A4049"),
        (roles.Mid, "#30353D"),
        (roles.Dark, "#16181C"),
        (roles.Shadow, "#000000"),
        (roles.Highlight, "#2F6FBF"),
        (roles.HighlightedText, "#FFFFFF"),
        (roles.Link, "#6CB6FF"),
        (roles.LinkVisited, "#B392F0"),
    )
    return _palette(colours, "#6E7681")


def _light_palette() -> QPalette:
    roles = QPalette.ColorRole
    colours = (
        (roles.Window, "#F3F4F6"),
        (roles.WindowText, "#1B1F24"),
        (roles.Base, "#FFFFFF"),
        (roles.AlternateBase, "#F6F8FA"),
        (roles.ToolTipBase, "#FFFFFF"),
        (roles.ToolTipText, "#1B1F24"),
        (roles.PlaceholderText, "#5B6472"),  # (4.5:1 on the window's grey too)
        (roles.Text, "#1B1F24"),
        (roles.Button, "#F3F4F6"),
        (roles.ButtonText, "#1B1F24"),
        (roles.Highlight, "#0969DA"),
        (roles.HighlightedText, "#FFFFFF"),
        (roles.Link, "#0969DA"),
        (roles.LinkVisited, "#8250DF"),
    )
    return _palette(colours, "#8C959F")


def _known(choice: str) -> str:
    """A theme choice, or 'system' for one this version does not know."""
    return choice if choice in THEMES else "system"


_system_palette: QPalette | None = None
_system_style: str | None = None


class ThemeManager(QObject):
    """Applies a theme choice to the application and tells the window when colours change."""

    themeChanged = Signal(object)  # the resolved theme's colours (viewer.shown.theme.Theme)

    def __init__(self, choice: str = "system") -> None:
        super().__init__()
        global _system_palette, _system_style
        app = QApplication.instance()
        if _system_palette is None and app is not None:
            _system_palette = QPalette(app.palette())
            _system_style = app.style().name()
        self.choice = _known(choice)
        self.name: str | None = None  # the resolved theme in use: 'light' or 'dark'
        if app is not None:
            app.styleHints().colorSchemeChanged.connect(self._on_system_changed)

    def apply(self, choice: str | None = None) -> str:
        """Switch the application to `choice` (or re-apply the current one); returns the
        resolved theme."""
        if choice is not None:
            self.choice = _known(choice)
        name = resolve(self.choice)
        app = QApplication.instance()
        if app is not None:
            use_fusion(app)
            app.setPalette(_dark_palette() if name == "dark" else _light_palette())
        changed = name != self.name
        self.name = name
        if changed or choice is not None:
            self.themeChanged.emit(self.theme)
        return name

    @property
    def theme(self) -> Theme:
        return DARK if self.name == "dark" else LIGHT

    def _on_system_changed(self, _scheme) -> None:
        if self.choice == "system":
            self.apply()


class ThemeMenu(QMenu):
    """View > Theme: follow the desktop, or light or dark whatever it says; remembered."""

    def __init__(self, parent: QWidget, themes: ThemeManager, settings) -> None:
        super().__init__("&Theme", parent)
        self.themes = themes
        self.settings = settings
        group = QActionGroup(self)
        self.actions_by_name: dict[str, QAction] = {}
        for name in THEMES:
            action = QAction(LABELS[name], self, checkable=True)
            action.setChecked(name == themes.choice)
            action.setToolTip(
                "Colours of the desktop" if name == "system" else f"Always {name} colours"
            )
            action.triggered.connect(lambda _=False, n=name: self.choose(n))
            group.addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action

    def choose(self, choice: str) -> None:
        """Use and remember a theme: 'system', 'light' or 'dark'."""
        self.settings.set_theme(choice)
        self.actions_by_name[choice].setChecked(True)
        self.themes.apply(choice)
