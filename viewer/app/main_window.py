"""The main window: creates the docks, menus and actions and connects them. Wiring only.

What is shown lives in the Document (viewer/app/document.py); each panel binds itself to it.
Opening, exporting, saved views and following the open file are flows of their own
(opening.py, exporting.py, view_files.py, following.py), choosing events is the navigator's,
menu entries are made by actions.py; the window hands them what they need.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from viewer import errors
from viewer.app import dock_tabs, screen_fit, session, view_options
from viewer.app.actions import action, toggle
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
        nav = self.navigator
        self.timeline.eventClicked.connect(nav.clicked)
        self.table.eventSelected.connect(nav.select_event)
        self.detail.eventLinkClicked.connect(nav.select_id)
        self.changes.eventSelected.connect(nav.select_id)
        nav.chosen.connect(self.detail_dock.raise_)  # (it shares its place with the filters)
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
        self.opener.opened.connect(
            lambda result: self.show_model(result.model, result.request.mapping, result.content)
        )
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
        self.open_action = action(
            self, "&Open…", self.opener.choose, std.Open, "Open an event table", menu
        )
        self.recent_menu = RecentMenu(self, self.settings)
        self.recent_menu.fileChosen.connect(self.load_file)
        menu.addMenu(self.recent_menu)
        from viewer.app.register_menu import add_open_register

        self.open_register_action = add_open_register(
            self, menu, self.recent_menu.menuAction(), self.document, self.load_file
        )
        self.reload_action = action(
            self, "Re&load", self.live.reload, std.Refresh, "Read the file again", menu
        )
        menu.addAction(self.fetch_flow.action)
        menu.addSeparator()
        self.save_view_action = action(
            self,
            "Save &View…",
            lambda: self.view_files.choose_save(self.exporter.stem()),
            std.Save,
            "Save the filters, time window, lanes and selection to a view file (JSON)",
            menu,
        )
        self.open_view_action = action(
            self,
            "Open Vie&w…",
            self.view_files.choose_open,
            "Ctrl+Shift+O",
            "Apply a saved view (filters, time window, lanes, selection) to the open data",
            menu,
        )
        menu.addSeparator()
        self.export_action = action(
            self,
            "&Export Snapshot…",
            self.exporter.choose_export,
            "Ctrl+E",
            "Save the timeline as shown, with title, legend and sources, to PNG, SVG or PDF",
            menu,
        )
        self.export_table_action = action(
            self,
            "Export &Table…",
            self.exporter.choose_table_export,
            "Ctrl+Shift+E",
            "Save the filtered events with their sources to CSV or Excel",
            menu,
        )
        self.copy_snapshot_action = action(
            self,
            "&Copy Snapshot",
            lambda: self.exporter.copy_snapshot(self.devicePixelRatioF()),
            "Ctrl+Shift+C",
            "Put the snapshot on the clipboard, to paste into a brief or slide",
            menu,
        )
        menu.addSeparator()
        self.quit_action = action(self, "&Quit", self.close, std.Quit, menu=menu)

    def _make_edit_menu(self) -> None:
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.copy_action = action(
            self,
            "&Copy Event",
            self.exporter.copy_event,
            QKeySequence.StandardKey.Copy,
            "Copy the selected event with its sources cited, as plain text",
            self.edit_menu,
        )

    def _make_view_menu(self) -> None:
        menu = self.view_menu = self.menuBar().addMenu("&View")
        timeline, std = self.timeline, QKeySequence.StandardKey
        self.fit_action = action(self, "&Fit All", timeline.fit_all, "F", "Show every event", menu)
        self.zoom_in_action = action(self, "Zoom &In", lambda: timeline.zoom(0.5), std.ZoomIn)
        self.zoom_out_action = action(self, "Zoom &Out", lambda: timeline.zoom(2.0), std.ZoomOut)
        self.clear_action = action(
            self, "&Clear Selection", self.navigator.clear, "Esc", "Clear the selection"
        )
        menu.addActions([self.zoom_in_action, self.zoom_out_action, self.clear_action])
        menu.addSeparator()
        self.legend_action = toggle(self, "&Legend", self.legend.setVisible, True, menu=menu)
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
        self.disputes_action = toggle(
            self,
            "Dispute Co&nnectors",
            connectors.set_show_disputes,
            True,
            "Join each disputed claim to the claim that disputes it",
            menu,
        )
        self.relations_action = toggle(
            self,
            "Show All &Relations",
            connectors.set_show_all_related,
            False,
            "Join all related events; otherwise only those of the hovered or selected event",
            menu,
        )
        self.relations_action.setShortcut(QKeySequence("R"))
        self.as_of_bar_action = toggle(
            self, "&As-of Bar", self.as_of_bar.setVisible, True, menu=menu
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
        session.restore_window(self, self.table, self.settings)
        screen_fit.fit(self)
        dock_tabs.install(self)
        self.themes.apply()
        notice = self.settings.notice()
        if notice:
            self.statusBar().showMessage(notice, 15000)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Filters: a tab beside Details, not a column of its own (the window fits 1280 px).
        dock_tabs.tab_once(self, self.detail_dock, self.filter_dock)

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

    def show_model(self, model: EventModel, mapping=None, content=None) -> None:
        """Show a file just opened, as it was last left when it was open before."""
        restored = session.show_opened(self.document, self.settings, model, content)
        title = model.path.name if model.path else model.name
        self.setWindowTitle(f"{title} — RegTimeline")
        self.following.watch(model, mapping)
        if restored:
            self.statusBar().showMessage("Showing this file as you last left it", 5000)

    def select_id(self, event_id: str | None, reveal: bool = True) -> None:
        """Select an event by id; bring it into view when `reveal`."""
        self.navigator.select_id(event_id, reveal)

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
