"""The main window: creates the docks, menus and actions and connects them. Wiring only.

What is shown lives in the Document (viewer/app/document.py); each panel binds itself to it.
Opening, exporting, saved views and following the open file are flows of their own
(opening.py, exporting.py, view_files.py, following.py); the window hands them what they need.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from viewer import errors
from viewer.app import screen_fit, session, view_options
from viewer.app.document import Document
from viewer.app.exporting import Exporter
from viewer.app.fetch_flow import FetchFlow
from viewer.app.following import Following
from viewer.app.navigator import Navigator
from viewer.app.opening import OpenFlow
from viewer.app.reload import LiveReload
from viewer.app.settings import AppSettings
from viewer.app.status import StatusLine
from viewer.app.themes import ThemeManager, ThemeMenu
from viewer.app.view_files import ViewFiles
from viewer.io import READERS
from viewer.panels.as_of_bar import AsOfBar
from viewer.panels.changes import ChangesPanel
from viewer.panels.detail import DetailPane
from viewer.panels.event_table import EventTable
from viewer.panels.file_drop import FileDrop
from viewer.panels.filter_chips import FilterChips
from viewer.panels.filter_panel import FilterPanel
from viewer.panels.find_bar import FindBar
from viewer.panels.help import HelpMenu
from viewer.panels.notes import NotesPanel, place_under
from viewer.panels.problems import ProblemsView
from viewer.panels.recent_menu import RecentMenu
from viewer.panels.reload_banner import ReloadBanner
from viewer.panels.status_bar import StatusBar
from viewer.paths import is_bundled
from viewer.record.model import EventModel
from viewer.timeline.legend import LegendWidget
from viewer.timeline.overview import OverviewStrip
from viewer.timeline.view import TimelineView


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None, settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else AppSettings()
        self.setWindowTitle("RegTimeline")
        self.resize(1500, 900)
        self.document = Document(parent=self)
        self.last_warning = ""
        self.setStatusBar(StatusBar(self))  # first: a long message stops short of the counts
        self._make_centre()
        self._make_docks()
        self.status = StatusLine(self.statusBar())
        self._bind()
        self._make_flows()
        self._make_menus()
        self._restore_settings()

    # -- construction ---------------------------------------------------------------------------

    def _make_centre(self) -> None:
        """Legend, reload banner, as-of bar, filter chips and Find, the timeline, overview."""
        self.timeline = TimelineView(self)
        self.legend = LegendWidget(self)
        self.reload_banner = ReloadBanner(self)
        self.as_of_bar = AsOfBar(self)
        self.chips = FilterChips(self)
        self.find_bar = FindBar(self)
        self.overview = OverviewStrip(self)
        centre = QWidget(self)
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.chips, 1)
        line.addWidget(self.find_bar, 0, Qt.AlignmentFlag.AlignTop)
        for widget in (self.reload_banner, self.legend, self.as_of_bar):
            column.addWidget(widget)
        column.addLayout(line)
        column.addWidget(self.timeline, 1)
        column.addWidget(self.overview)
        self.setCentralWidget(centre)

    def _make_docks(self) -> None:
        self.detail = DetailPane(self)
        self.table = EventTable(self)
        self.problems = ProblemsView(self)
        self.changes = ChangesPanel(self)
        self.filter_panel = FilterPanel(self)
        right, bottom = (
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.detail_dock = self._dock("Details", self.detail, right)
        self.detail_dock.setMinimumWidth(340)
        self.notes = NotesPanel(self)
        place_under(self.detail_dock, self.notes)
        self.table_dock = self._dock("Events", self.table, bottom)
        self.problems_dock = self._dock("Problems", self.problems, bottom)
        self.changes_dock = self._dock("Changes", self.changes, bottom)
        self.filter_dock = self._dock("Filters", self.filter_panel, right)
        self.filter_dock.setToolTip("Filter events by company, regulator, track, status, date")
        self.tabifyDockWidget(self.table_dock, self.problems_dock)
        self.tabifyDockWidget(self.table_dock, self.changes_dock)
        self._filters_tabbed = False
        self.table_dock.raise_()
        self.resizeDocks([self.detail_dock], [420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [260], Qt.Orientation.Vertical)

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower() + "_dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _bind(self) -> None:
        """Every view follows the document; the order is the order they repaint in."""
        doc = self.document
        for view in (
            self.timeline,
            self.table,
            self.filter_panel,
            self.chips,
            self.find_bar,
            self.overview,
            self.legend,
            self.problems,
            self.as_of_bar,
            self.detail,
            self.notes,
            self.changes,
            self.status,
        ):
            view.bind(doc)
        self.navigator = Navigator(doc, self.timeline, self.table, self.find_bar, self)
        self.timeline.eventClicked.connect(self._on_timeline_clicked)
        self.table.eventSelected.connect(lambda event: self._select_index(event, reveal=True))
        self.detail.eventLinkClicked.connect(self.select_id)
        self.changes.eventSelected.connect(self.select_id)
        self.status.problemsClicked.connect(self.show_problems)
        message = self.statusBar().showMessage
        self.detail.linkHovered.connect(lambda url: message(url, 5000))
        self.detail.citationCopied.connect(lambda text: message("Citation copied: " + text, 5000))
        self.changes.briefCopied.connect(lambda _: message("Brief copied to the clipboard", 5000))
        self.notes.noteAdded.connect(lambda text: message(text, 5000))

    def _make_flows(self) -> None:
        """Opening (background loads, column mapping), live reload, exports, view files."""
        message = self.statusBar().showMessage
        self.opener = OpenFlow(self, self.document, self.settings)
        self.opener.opened.connect(self._on_opened)
        self.opener.failed.connect(self.warn)
        self.opener.notice.connect(lambda text: message(text, 8000))
        self.live = LiveReload(self)
        self.following = Following(
            self, self.document, self.timeline, self.reload_banner, self.live
        )
        self.exporter = Exporter(self, self.document, self.timeline)
        self.view_files = ViewFiles(self, self.document, self.exporter.folder)
        self.fetch_flow = FetchFlow(self, self.document, self.load_file)
        for flow in (self.following, self.exporter, self.view_files, self.fetch_flow):
            flow.message.connect(message)
        for flow in (self.exporter, self.view_files):
            flow.warning.connect(self.warn)
        self.file_drop = FileDrop(self, tuple(READERS))
        self.file_drop.fileDropped.connect(self.load_file)

    # -- menus ------------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, tip: str = "", menu=None) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding the platform has (Ctrl+O and Open)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _toggle(self, text: str, slot, checked: bool, tip: str = "", menu=None) -> QAction:
        action = QAction(text, self, checkable=True, checked=checked)
        action.setToolTip(tip)
        action.toggled.connect(slot)
        self.addAction(action)
        menu.addAction(action)
        return action

    def _make_menus(self) -> None:
        self._make_file_menu()
        self._make_edit_menu()
        self._make_view_menu()
        self.view_options = view_options.install(
            self.view_menu, self.settings, self.timeline, self.legend
        )
        self._make_help_menu()

    def _make_file_menu(self) -> None:
        menu = self.file_menu = self.menuBar().addMenu("&File")
        std = QKeySequence.StandardKey
        self.open_action = self._action(
            "&Open…", self.opener.choose, std.Open, "Open an event table", menu
        )
        self.recent_menu = RecentMenu(self, self.settings)
        self.recent_menu.fileChosen.connect(self.load_file)
        menu.addMenu(self.recent_menu)
        from viewer.app.register_menu import add_open_register

        self.open_register_action = add_open_register(
            self, menu, self.recent_menu.menuAction(), self.document, self.load_file
        )
        self.reload_action = self._action(
            "Re&load", self.live.reload, std.Refresh, "Read the file again", menu
        )
        menu.addAction(self.fetch_flow.action)
        menu.addSeparator()
        self.save_view_action = self._action(
            "Save &View…",
            lambda: self.view_files.choose_save(self.exporter.stem()),
            std.Save,
            "Save the filters, time window, lanes and selection to a view file (JSON)",
            menu,
        )
        self.open_view_action = self._action(
            "Open Vie&w…",
            self.view_files.choose_open,
            "Ctrl+Shift+O",
            "Apply a saved view (filters, time window, lanes, selection) to the open data",
            menu,
        )
        menu.addSeparator()
        self.export_action = self._action(
            "&Export Snapshot…",
            self.exporter.choose_export,
            "Ctrl+E",
            "Save the timeline as shown, with title, legend and sources, to PNG, SVG or PDF",
            menu,
        )
        self.export_table_action = self._action(
            "Export &Table…",
            self.exporter.choose_table_export,
            "Ctrl+Shift+E",
            "Save the filtered events with their sources to CSV or Excel",
            menu,
        )
        self.copy_snapshot_action = self._action(
            "&Copy Snapshot",
            lambda: self.exporter.copy_snapshot(self.devicePixelRatioF()),
            "Ctrl+Shift+C",
            "Put the snapshot on the clipboard, to paste into a brief or slide",
            menu,
        )
        menu.addSeparator()
        self.quit_action = self._action("&Quit", self.close, std.Quit, menu=menu)

    def _make_edit_menu(self) -> None:
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.copy_action = self._action(
            "&Copy Event",
            self.copy_event,
            QKeySequence.StandardKey.Copy,
            "Copy the selected event with its sources cited, as plain text",
            self.edit_menu,
        )

    def _make_view_menu(self) -> None:
        menu = self.view_menu = self.menuBar().addMenu("&View")
        timeline, std = self.timeline, QKeySequence.StandardKey
        self.fit_action = self._action("&Fit All", timeline.fit_all, "F", "Show every event", menu)
        self.zoom_in_action = self._action("Zoom &In", lambda: timeline.zoom(0.5), std.ZoomIn)
        self.zoom_out_action = self._action("Zoom &Out", lambda: timeline.zoom(2.0), std.ZoomOut)
        self.clear_action = self._action(
            "&Clear Selection", self.navigator.clear, "Esc", "Clear the selection"
        )
        menu.addActions([self.zoom_in_action, self.zoom_out_action, self.clear_action])
        menu.addSeparator()
        self.legend_action = self._toggle("&Legend", self.legend.setVisible, True, menu=menu)
        for dock, text in (
            (self.filter_dock, "Filter&s"),
            (self.detail_dock, "&Details"),
            (self.table_dock, "&Events"),
            (self.problems_dock, "&Problems"),
        ):
            dock.toggleViewAction().setText(text)
            menu.addAction(dock.toggleViewAction())
        navigate = menu.addMenu("Na&vigate")
        navigate.addAction(self.navigator.find_action)
        self.addAction(self.navigator.find_action)
        navigate.addSeparator()
        navigate.addActions(self.navigator.actions)
        menu.addSeparator()
        connectors = timeline.connectors_item
        self.disputes_action = self._toggle(
            "Dispute Co&nnectors",
            connectors.set_show_disputes,
            True,
            "Join each disputed claim to the claim that disputes it",
            menu,
        )
        self.relations_action = self._toggle(
            "Show All &Relations",
            connectors.set_show_all_related,
            False,
            "Join all related events; otherwise only those of the hovered or selected event",
            menu,
        )
        self.relations_action.setShortcut(QKeySequence("R"))
        self.as_of_bar_action = self._toggle(
            "&As-of Bar", self.as_of_bar.setVisible, True, menu=menu
        )
        self.changes_dock.toggleViewAction().setText("C&hanges")
        menu.addAction(self.changes_dock.toggleViewAction())
        self.themes = ThemeManager(self.settings.theme())
        self.theme_menu = ThemeMenu(self, self.themes, self.settings)
        menu.addMenu(self.theme_menu)
        views = (self.timeline, self.legend, self.overview, self.detail, self.table)
        for view in (*views, self.chips, self.notes):
            self.themes.themeChanged.connect(view.set_theme)

    def _make_help_menu(self) -> None:
        from viewer import __version__

        self.help_menu = HelpMenu(self, __version__, errors.log_path(), self.settings.path)
        self.menuBar().addMenu(self.help_menu)

    # -- window life ------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        from viewer.app import dock_tabs

        session.restore_window(self, self.table, self.settings)
        screen_fit.fit(self)
        dock_tabs.install(self)
        self.themes.apply()
        notice = self.settings.notice()
        if notice:
            self.statusBar().showMessage(notice, 15000)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._tab_filters()

    def _tab_filters(self) -> None:
        """A tab beside Details, not a column of its own: the window still fits 1280 px.

        Done once the window is shown: tabifying a second dock area before that makes Qt
        (6.11) draw a stray copy of the tab bar."""
        if self._filters_tabbed:
            return
        self._filters_tabbed = True
        if self.filter_dock not in self.tabifiedDockWidgets(self.detail_dock):
            self.tabifyDockWidget(self.detail_dock, self.filter_dock)
            self.filter_dock.raise_()

    def closeEvent(self, event) -> None:
        self.opener.shutdown()
        self.live.shutdown()
        self.fetch_flow.shutdown()  # (a fetch running stops; its file is never written)
        session.remember_view(self.document, self.settings)
        session.save_window(self, self.table, self.settings)
        super().closeEvent(event)

    # -- opening ----------------------------------------------------------------------------------

    def load_file(self, path: str | Path, mapping: dict[str, str] | None = None, then=None) -> None:
        """Open a file in the background; `then(ok)` once it is shown or has failed."""
        self.opener.load(path, mapping, then)

    def open_file(self, path: str | Path, mapping: dict[str, str] | None = None) -> bool:
        """Open a file here and now; False (and what is on screen kept) when it can't be."""
        return self.opener.load_now(path, mapping)

    def _on_opened(self, result) -> None:
        self.show_model(result.model, result.request.mapping, result.content)

    def show_model(self, model: EventModel, mapping=None, content=None) -> None:
        """Show a file just opened, as it was last left when it was open before."""
        document = self.document
        shown_before = session.view_key(document.full_model)
        other_file = shown_before is None or session.view_key(model) != shown_before
        if other_file:
            session.remember_view(document, self.settings)
        with document.batch():  # the file and its remembered view: one rebuild
            document.set_model(model, content)
            restored = other_file and session.restore_view(document, self.settings)
        title = model.path.name if model.path else model.name
        self.setWindowTitle(f"{title} — RegTimeline")
        self.following.watch(model, mapping)
        if model.path is not None and not is_bundled(model.path):
            self.settings.add_recent_file(str(model.path.resolve()))
        elif model.origin:
            self.settings.add_recent_file(model.origin)
        if restored:
            self.statusBar().showMessage("Showing this file as you last left it", 5000)

    @property
    def current_mapping(self) -> dict[str, str] | None:
        """The column mapping the open file was read with (reloads read it so again)."""
        return self.live.mapping

    # -- selection --------------------------------------------------------------------------------

    def select_id(self, event_id: str | None, reveal: bool = True) -> None:
        """Select an event by id; bring it into view when `reveal`."""
        self.document.state.selected = event_id
        event = self.document.selected_index
        if reveal and event is not None:
            self.timeline.ensure_event_visible(event)

    def _select_index(self, event: int, reveal: bool) -> None:
        self.document.select_index(event)
        if reveal:
            self.timeline.ensure_event_visible(event)
        self.detail_dock.raise_()  # (it shares its place with the filters)

    def _on_timeline_clicked(self, event: int | None) -> None:
        if self.document.model is None:
            return
        if event is None:
            self.document.state.selected = None
        else:
            self._select_index(event, reveal=False)

    def copy_event(self) -> None:
        from PySide6.QtGui import QGuiApplication

        from viewer.record.citations import event_citation

        event = self.document.selected_index
        if event is None:
            self.statusBar().showMessage("Select an event to copy it", 5000)
            return
        QGuiApplication.clipboard().setText(event_citation(self.document.model, event))
        self.statusBar().showMessage("Event copied with its sources", 5000)

    # -- help and messages ------------------------------------------------------------------------

    def show_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()

    def warn(self, title: str, text: str) -> None:
        self.statusBar().showMessage(text, 10000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.last_warning = text
