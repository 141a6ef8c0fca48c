"""The main window: docks, menus and actions wired to the state. No data logic lives here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from viewer import errors
from viewer.app.settings import AppSettings
from viewer.app.state import ViewState
from viewer.io import load
from viewer.io.files import WriteError
from viewer.panels.as_of_bar import AsOfBar
from viewer.panels.changes import MAX_ROWS as CHANGES_LISTED
from viewer.panels.changes import ChangesPanel
from viewer.panels.detail import DetailPane
from viewer.panels.event_table import EventTable
from viewer.panels.problems import ProblemsView
from viewer.record.as_of import day_start, format_as_of, known_on, report_range
from viewer.record.changes import CHANGED, NEW, change_kinds, changes_since
from viewer.record.model import EventModel
from viewer.record.problems import LoadError, loaded_text
from viewer.shown.content import Content, make_content
from viewer.timeline.legend import LegendWidget
from viewer.timeline.view import TimelineView

OPEN_FILTER = "Event tables (*.csv *.tsv *.txt *.xlsx *.xlsm *.json *.parquet *.pq);;All files (*)"
FLASH_MS = 3000
"""How long events added or changed by a reload stay highlighted."""


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None, settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else AppSettings()
        self.setWindowTitle("RegTimeline")
        self.resize(1500, 900)
        self.state = ViewState()
        self.last_notice = ""
        self.model: EventModel | None = None  # what is shown: as known on the as-of day
        self.full_model: EventModel | None = None  # every report of the open file
        self.content: Content | None = None

        self.timeline = TimelineView(self)
        self.legend = LegendWidget(self)
        centre = QWidget(self)
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.legend)
        self.as_of_bar = AsOfBar(self)
        column.addWidget(self.as_of_bar)
        self._make_filter_line(column)
        column.addWidget(self.timeline, 1)
        from viewer.timeline.overview import OverviewStrip

        self.overview = OverviewStrip(self)
        column.addWidget(self.overview)
        self.setCentralWidget(centre)

        self.detail = DetailPane(self)
        self.detail_dock = self._dock("Details", self.detail, Qt.DockWidgetArea.RightDockWidgetArea)
        self.detail_dock.setMinimumWidth(340)
        self.table = EventTable(self)
        self.table_dock = self._dock("Events", self.table, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.problems = ProblemsView(self)
        self.problems_dock = self._dock(
            "Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.tabifyDockWidget(self.table_dock, self.problems_dock)
        self._make_changes_dock()
        self._make_filter_dock()
        self.table_dock.raise_()
        self.resizeDocks([self.detail_dock], [420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [260], Qt.Orientation.Vertical)

        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Summary")
        self.problems_label = QLabel()
        self.problems_label.setAccessibleName("Problems summary")
        self.problems_label.linkActivated.connect(lambda _: self.show_problems())
        self.statusBar().addWidget(self.summary_label, 1)
        self.statusBar().addPermanentWidget(self.problems_label)

        self._make_actions()
        self._make_navigation()
        self._connect()
        self._make_loading()
        self._restore_settings()

    # -- construction ------------------------------------------------------------------------

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower() + "_dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
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
        return action

    def _make_actions(self) -> None:
        """Menus, one method each, so features add their own actions without crowding one."""
        self._make_file_menu()
        self._make_edit_menu()
        self._make_view_menu()
        self._make_time_actions()
        self._make_theme_menu()
        self._make_help_menu()

    def _make_file_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("&File")
        self.open_action = self._action(
            "&Open…", self.choose_file, QKeySequence.StandardKey.Open, "Open an event table"
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.file_menu.addAction(self.open_action)
        from viewer.app.registers import RegistersFlow

        self.registers = RegistersFlow(
            self, lambda: self.model, self.load_file, lambda t: self.statusBar().showMessage(t)
        )
        self.file_menu.addAction(self.registers.action)
        self._make_view_file_actions()
        self._make_export_actions()
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

    def _make_view_file_actions(self) -> None:
        """File > Save View / Open View: filters, window, lanes and selection as JSON."""
        self.save_view_action = self._action(
            "Save &View…",
            self.choose_save_view,
            QKeySequence.StandardKey.Save,
            "Save the filters, time window, lanes and selection to a view file (JSON)",
        )
        self.open_view_action = self._action(
            "Open Vie&w…",
            self.choose_open_view,
            "Ctrl+Shift+O",
            "Apply a saved view (filters, time window, lanes, selection) to the open data",
        )
        self.file_menu.addActions([self.save_view_action, self.open_view_action])

    def choose_save_view(self) -> None:
        folder = self.last_export_folder or self._export_folder()
        start = str(folder / (self._export_stem() + "-view.json"))
        path, _ = QFileDialog.getSaveFileName(self, "Save view", start, "Views (*.json)")
        if path:
            if not path.lower().endswith(".json"):
                path += ".json"
            self.save_view_to(path)

    def save_view_to(self, path: str | Path) -> bool:
        from viewer.shown.views import write_view

        try:
            write_view(path, self.state.saved_view(self.find_text()))
        except WriteError as exc:
            self._warn("Cannot save view", str(exc))
            return False
        self.statusBar().showMessage(f"Saved view {path}", 8000)
        return True

    def choose_open_view(self) -> None:
        folder = self.last_export_folder or self._export_folder()
        path, _ = QFileDialog.getOpenFileName(self, "Open view", str(folder), "Views (*.json)")
        if path:
            self.open_view(path)

    def open_view(self, path: str | Path) -> bool:
        """Apply a view file; an unreadable one says why and changes nothing; names the data
        lack are mentioned, not refused."""
        from viewer.shown.filters import unknown_names
        from viewer.shown.views import ViewError, read_view

        try:
            view = read_view(path)
        except ViewError as exc:
            self._warn("Cannot open view", str(exc))
            return False
        self.state.apply_view(view)
        self.set_find_text(view.find)
        notes = unknown_names(self.model, view.filters) if self.model is not None else []
        if view.selected and self.model is not None and self.model.index_of(view.selected) is None:
            notes.append(f"no event with id {view.selected!r} in the data")
        self.last_notice = "; ".join(notes)
        message = f"Opened view {Path(path).name}"
        if notes:
            message += " — note: " + self.last_notice
        self.statusBar().showMessage(message, 15000)
        return True

    def find_text(self) -> str:
        return self.find_bar.text()

    def set_find_text(self, text: str) -> None:
        self.find_bar.set_text(text)

    def _make_export_actions(self) -> None:
        self.snapshot_title: str | None = None  # the last title given, kept for this data set
        self.snapshot_suffix = ".png"
        self.last_export_folder: Path | None = None
        self.last_export_error = ""
        self.export_action = self._action(
            "&Export Snapshot…",
            self.choose_export,
            "Ctrl+E",
            "Save the timeline as shown, with title, legend and sources, to PNG, SVG or PDF",
        )
        self.export_table_action = self._action(
            "Export &Table…",
            self.choose_table_export,
            "Ctrl+Shift+E",
            "Save the filtered events with their sources to CSV or Excel",
        )
        self.copy_snapshot_action = self._action(
            "&Copy Snapshot",
            self.copy_snapshot,
            "Ctrl+Shift+C",
            "Put the snapshot on the clipboard, to paste into a brief or slide",
        )
        self.file_menu.addSeparator()
        self.file_menu.addActions(
            [self.export_action, self.export_table_action, self.copy_snapshot_action]
        )

    def _make_edit_menu(self) -> None:
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.copy_action = self._action(
            "&Copy Event",
            self.copy_event,
            QKeySequence.StandardKey.Copy,
            "Copy the selected event with its sources cited, as plain text",
        )
        self.edit_menu.addAction(self.copy_action)

    def copy_event(self) -> None:
        from PySide6.QtGui import QGuiApplication

        from viewer.record.citations import event_citation

        i = None if self.model is None else self.model.index_of(self.state.selected or "")
        if i is None:
            self.statusBar().showMessage("Select an event to copy it", 5000)
            return
        QGuiApplication.clipboard().setText(event_citation(self.model, i))
        self.statusBar().showMessage("Event copied with its sources", 5000)

    def _make_view_menu(self) -> None:
        self.view_menu = self.menuBar().addMenu("&View")
        self.fit_action = self._action("&Fit All", self.timeline.fit_all, "F", "Show every event")
        self.zoom_in_action = self._action(
            "Zoom &In", lambda: self.timeline.zoom(0.5), QKeySequence.StandardKey.ZoomIn
        )
        self.zoom_out_action = self._action(
            "Zoom &Out", lambda: self.timeline.zoom(2.0), QKeySequence.StandardKey.ZoomOut
        )
        self.clear_action = self._action(
            "&Clear Selection", lambda: self.navigator.clear(), "Esc", "Clear the selection"
        )
        self.view_menu.addActions(
            [self.fit_action, self.zoom_in_action, self.zoom_out_action, self.clear_action]
        )
        self.view_menu.addSeparator()
        self.legend_action = QAction("&Legend", self, checkable=True, checked=True)
        self.legend_action.toggled.connect(self.legend.setVisible)
        self.view_menu.addAction(self.legend_action)
        for dock, text in (
            (self.filter_dock, "Filter&s"),
            (self.detail_dock, "&Details"),
            (self.table_dock, "&Events"),
            (self.problems_dock, "&Problems"),
        ):
            dock.toggleViewAction().setText(text)
            self.view_menu.addAction(dock.toggleViewAction())

    def _make_changes_dock(self) -> None:
        self.changes = ChangesPanel(self)
        self.changes_dock = self._dock(
            "Changes", self.changes, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.tabifyDockWidget(self.table_dock, self.changes_dock)

    def _make_filter_line(self, column: QVBoxLayout) -> None:
        """The chips of the active filters and the Find field, in a line above the timeline."""
        from PySide6.QtWidgets import QHBoxLayout

        from viewer.panels.filter_chips import FilterChips
        from viewer.panels.find_bar import FindBar

        self.chips = FilterChips(self)
        self.find_bar = FindBar(self)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.chips, 1)
        line.addWidget(self.find_bar, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(line)

    def _make_navigation(self) -> None:
        """Keys to move between events, Find, and the overview strip, wired to the state."""
        from viewer.app.navigator import Navigator

        self.navigator = Navigator(self)
        menu = self.view_menu.addMenu("Na&vigate")
        menu.addAction(self.navigator.find_action)
        menu.addSeparator()
        menu.addActions(self.navigator.actions)
        self.timeline.windowChanged.connect(self.overview.set_window)
        self.overview.windowEdited.connect(self.timeline.set_window)

    def _make_filter_dock(self) -> None:
        from viewer.panels.filter_panel import FilterPanel

        self.filter_panel = FilterPanel(self)
        self.filter_dock = self._dock(
            "Filters", self.filter_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.filter_dock.setToolTip("Filter events by company, regulator, track, status, date")
        self._filters_tabbed = False

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

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._tab_filters()

    def _set_filters(self, filters) -> None:
        """Filters edited in the panel or the chips: the state takes them, views follow."""
        from viewer.shown.filters import normalise

        if self.model is not None:
            filters = normalise(self.model, filters)
        self.state.set_filters(filters)

    def _make_time_actions(self) -> None:
        """View menu: connectors between related and disputing events, the as-of bar."""
        self.view_menu.addSeparator()
        self.disputes_action = QAction("Dispute Co&nnectors", self, checkable=True, checked=True)
        self.disputes_action.setToolTip("Join each disputed claim to the claim that disputes it")
        self.disputes_action.toggled.connect(self.timeline.connectors_item.set_show_disputes)
        self.relations_action = QAction("Show All &Relations", self, checkable=True)
        self.relations_action.setShortcut(QKeySequence("R"))
        self.relations_action.setToolTip(
            "Join all related events; otherwise only those of the hovered or selected event"
        )
        self.relations_action.toggled.connect(self.timeline.connectors_item.set_show_all_related)
        self.as_of_bar_action = QAction("&As-of Bar", self, checkable=True, checked=True)
        self.as_of_bar_action.toggled.connect(self.as_of_bar.setVisible)
        for action in (self.disputes_action, self.relations_action, self.as_of_bar_action):
            self.addAction(action)
            self.view_menu.addAction(action)
        self.changes_dock.toggleViewAction().setText("C&hanges")
        self.view_menu.addAction(self.changes_dock.toggleViewAction())

    def _make_theme_menu(self) -> None:
        """View > Theme: follow the desktop, or light or dark whatever it says."""
        from PySide6.QtGui import QActionGroup

        from viewer.app.themes import CHOICES, LABELS, ThemeManager

        self.themes = ThemeManager(self.settings.theme())
        self.themes.themeChanged.connect(self._on_theme_changed)
        menu = self.view_menu.addMenu("&Theme")
        group = QActionGroup(self)
        self.theme_actions = {}
        for name in CHOICES:
            action = QAction(LABELS[name], self, checkable=True)
            action.setChecked(name == self.themes.choice)
            action.setToolTip(
                "Colours of the desktop" if name == "system" else f"Always {name} colours"
            )
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            group.addAction(action)
            menu.addAction(action)
            self.theme_actions[name] = action

    def set_theme(self, choice: str) -> None:
        """Use and remember a theme: 'system', 'light' or 'dark'."""
        self.settings.set_theme(choice)
        self.theme_actions[choice].setChecked(True)
        self.themes.apply(choice)

    def _on_theme_changed(self, name: str) -> None:
        from viewer.app.themes import timeline_theme

        theme = timeline_theme(name)
        self.timeline.set_theme(theme)
        self.legend.set_theme(theme)
        self.overview.set_theme(theme)
        self._on_selection_changed(self.state.selected)  # the detail pane's colours
        self.table.viewport().update()

    def _restore_settings(self) -> None:
        from viewer.app import session

        session.restore_window(self, self.settings)
        from viewer.app import dock_tabs

        dock_tabs.install(self)
        self.themes.themeChanged.disconnect(self._on_theme_changed)
        self._on_theme_changed(self.themes.apply())
        self.themes.themeChanged.connect(self._on_theme_changed)
        notice = self.settings.notice()
        if notice:
            self.statusBar().showMessage(notice, 15000)

    def closeEvent(self, event) -> None:
        from viewer.app import session

        self.opener.shutdown()
        self.live.shutdown()
        session.save_window(self, self.settings)
        super().closeEvent(event)

    def _make_help_menu(self) -> None:
        self.help_menu = self.menuBar().addMenu("&Help")
        self.data_format_action = self._action(
            "&Data Format",
            self.show_data_format,
            QKeySequence.StandardKey.HelpContents,
            "The columns an event table has and what they mean",
        )
        self.about_action = self._action(
            "&About RegTimeline", self.show_about, tip="Version, licences, where the log is"
        )
        self.help_menu.addActions([self.data_format_action, self.about_action])

    def _connect(self) -> None:
        self.timeline.eventClicked.connect(self._on_timeline_clicked)
        self.timeline.windowChanged.connect(self.state.set_window)
        self.timeline.groupToggled.connect(self.state.toggle_collapsed)
        self.table.eventSelected.connect(self._on_table_selected)
        self.detail.eventLinkClicked.connect(self.select_id)
        self.detail.linkHovered.connect(lambda url: self.statusBar().showMessage(url, 5000))
        self.detail.citationCopied.connect(
            lambda text: self.statusBar().showMessage("Citation copied: " + text, 5000)
        )
        self.state.selectionChanged.connect(self._on_selection_changed)
        self.state.filtersChanged.connect(self._on_filters_changed)
        self.filter_panel.filtersEdited.connect(self._set_filters)
        self.filter_panel.layoutEdited.connect(self.state.set_layout)
        self.chips.filtersEdited.connect(self._set_filters)
        self.state.layoutChanged.connect(self._on_filters_changed)
        self.state.windowChanged.connect(self._on_state_window)
        self.state.asOfChanged.connect(self._on_as_of_changed)
        self.state.changesSinceChanged.connect(self._on_changes_since_changed)
        self.as_of_bar.asOfChanged.connect(self.state.set_as_of)
        self.as_of_bar.play_from = lambda: self.timeline.time_window()[0]
        self.changes.sinceChanged.connect(self.state.set_changes_since)
        self.changes.eventSelected.connect(self.select_id)
        self.changes.briefCopied.connect(
            lambda _: self.statusBar().showMessage("Brief copied to the clipboard", 5000)
        )

    # -- data ----------------------------------------------------------------------------------

    def open_file(self, path: str | Path, mapping: dict[str, str] | None = None) -> bool:
        """Load a file; on failure say why and keep what is on screen."""
        try:
            model = load(path, mapping=mapping)
        except LoadError as exc:
            self._warn("Cannot open file", str(exc))
            return False
        except Exception as exc:  # a bug, not bad data: log it, keep going
            self._warn("Cannot open file", errors.report(exc, f"Opening {path}"))
            return False
        self._show_loaded(model, mapping)
        return True

    # -- opening in the background, recent files, drops -----------------------------------------

    def _make_loading(self) -> None:
        """Background loads with progress, the mapping dialog, File > Open Recent, drops."""
        from viewer.app.opening import OpenFlow
        from viewer.io import READERS
        from viewer.panels.file_drop import FileDrop
        from viewer.panels.recent_menu import RecentMenu

        self.current_mapping: dict[str, str] | None = None
        self._after_open = None
        self.opener = OpenFlow(self, self.settings)
        self.opener.opened.connect(lambda model, req: self._show_loaded(model, req.mapping))
        self.opener.failed.connect(self._warn)
        self.opener.failed.connect(lambda *_: self._run_after_open(False))
        self.opener.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.recent_menu = RecentMenu(self, lambda: self.settings)
        self.recent_menu.fileChosen.connect(self.load_file)
        self.file_menu.insertMenu(self._action_after(self.open_action), self.recent_menu)
        self.file_drop = FileDrop(self, tuple(READERS))
        self.file_drop.fileDropped.connect(self.load_file)
        self._make_live_reload()

    def _make_live_reload(self) -> None:
        """Watch the open file; reload on change, keeping the view; a banner when it breaks."""
        from PySide6.QtCore import QTimer

        from viewer.app.reload import LiveReload
        from viewer.panels.reload_banner import ReloadBanner

        self.reload_banner = ReloadBanner(self)
        self.centralWidget().layout().insertWidget(0, self.reload_banner)
        self.live = LiveReload(self)
        self.live.reloaded.connect(self._on_reloaded)
        self.live.failed.connect(self._on_reload_failed)
        self.reload_banner.retryClicked.connect(self.live.reload)
        self.reload_action = self._action(
            "Re&load", self.live.reload, QKeySequence.StandardKey.Refresh, "Read the file again"
        )
        self.file_menu.insertAction(self._action_after(self.open_action), self.reload_action)
        self.last_reload_summary = ""
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self._flash_mask = None
        self.state.asOfChanged.connect(self._end_flash)

    def _on_reloaded(self, model: EventModel, request) -> None:
        """The file changed on disk: show the new version with filters, window and selection."""
        from viewer.record.versions import diff_versions

        old = self.full_model
        selected = self.state.selected
        window = self.timeline.time_window()
        self._end_flash()
        self.set_model(model)
        self.timeline.set_window(*window)
        if selected is not None and self.model.index_of(selected) is not None:
            self.select_id(selected, reveal=False)
        self.reload_banner.hide()
        if old is None:
            return
        diff = diff_versions(old.events, self.full_model.events)
        self.last_reload_summary = diff.summary()
        name = model.path.name if model.path else model.name
        self.statusBar().showMessage(f"Reloaded {name}: {diff.summary()}", 10000)
        touched = diff.touched
        if touched:
            import numpy as np

            self._flash_mask = np.isin(
                self.model.events["id"].to_numpy(dtype=object), list(touched)
            )
            self.timeline.set_highlight(self._flash_mask)
            self._flash_timer.start()

    def _end_flash(self, *_args) -> None:
        self._flash_timer.stop()
        if self._flash_mask is not None:
            if self.timeline.marks_item.highlight is self._flash_mask:
                self.timeline.set_highlight(None)
            self._flash_mask = None

    def _on_reload_failed(self, reason: str) -> None:
        name = self.live.path.name if self.live.path else "The file"
        self.reload_banner.show_problem(name, reason)
        self.statusBar().showMessage(f"{name} could not be reloaded: {reason}", 10000)

    def _action_after(self, action: QAction) -> QAction | None:
        actions = self.file_menu.actions()
        k = actions.index(action) if action in actions else -1
        return actions[k + 1] if 0 <= k < len(actions) - 1 else None

    def load_file(self, path: str | Path, mapping: dict[str, str] | None = None, then=None) -> None:
        """Open a file off the UI thread (progress, cancel); the screen changes only on success.

        `then(ok)` runs once the file is shown (True) or has failed or been cancelled (False).
        """
        self._after_open = then
        self.opener.open(path, mapping)

    def _show_loaded(self, model: EventModel, mapping: dict[str, str] | None) -> None:
        from viewer.paths import bundled_data

        self.set_model(model)
        self.current_mapping = mapping
        self.reload_banner.hide()
        self.live.watch(model.path, model.sources_path, mapping)
        if model.path is not None and model.path.resolve() != bundled_data().resolve():
            self.settings.add_recent_file(str(model.path.resolve()))
        self._run_after_open(True)

    def _run_after_open(self, ok: bool) -> None:
        then, self._after_open = getattr(self, "_after_open", None), None
        if then is not None:
            then(ok)

    def set_model(self, model: EventModel) -> None:
        from viewer.app import session

        other_file = self.model is None or model.path != self.model.path
        if other_file:
            self.snapshot_title = None
            session.remember_view(self, self.settings)
        self.full_model = model.base or model
        model = known_on(self.full_model, self.state.as_of)
        self.table.table_model.prefetch(model)  # sorts on the second core meanwhile
        self.model = model
        self.state.select(None)
        self.content = make_content(model, self.state.filters, self.state.layout)
        self.timeline.set_content(self.content)
        self.legend.set_model(self.full_model)
        self.filter_panel.set_model(self.full_model)
        self._show_filters()
        self.table.set_events(model, self.content.selection.events)
        self.detail.show_event(None, None)
        self.problems.set_problems(model.problems)
        title = model.path.name if model.path else model.name
        self.setWindowTitle(f"{title} — RegTimeline")
        span = report_range(self.full_model)
        if span:
            self.as_of_bar.set_range(*span)
        self._update_changes()
        self._update_status()
        if other_file and session.restore_view(self, self.settings):
            self.statusBar().showMessage("Showing this file as you last left it", 5000)

    def _rebuild(self) -> None:
        if self.model is None:
            return
        self.content = make_content(
            self.model,
            self.state.filters,
            self.state.layout,
            # (the table's rows picked on the second core while the lanes are laid out)
            selected=lambda s: self.table.start_rows(self.model, s.events),
        )
        self.timeline.set_content(self.content, keep_window=True)
        self.table.set_events(self.model, self.content.selection.events)
        self._show_filters()
        self._on_selection_changed(self.state.selected)
        self._update_changes()
        self._update_status()

    def _show_filters(self) -> None:
        """The panel's checks and counts and the chips follow the state's filters."""
        from viewer.shown.filters import facet_counts

        self.filter_panel.set_filters(self.state.filters)
        self.filter_panel.set_layout_options(self.state.layout)
        self.filter_panel.set_counts(facet_counts(self.model, self.content.selection), self.model)
        self.chips.set_filters(self.state.filters, self.model)
        self.overview.set_content(self.content)
        self.navigator.content_changed()

    def _on_as_of_changed(self, day: float | None) -> None:
        """Show the record as known on `day`: the derived model replaces the shown one."""
        self.as_of_bar.set_as_of(day)
        if self.full_model is None:
            return
        self.model = known_on(self.full_model, day)
        self._rebuild()

    def _on_changes_since_changed(self, day: float | None) -> None:
        self.changes.set_since(day)
        self._update_changes()

    def _update_changes(self) -> None:
        """Badges in the timeline and the list of the Changes panel, for the shown model."""
        model, since = self.model, self.state.changes_since
        if model is None or self.content is None:
            return
        kinds = None if since is None else change_kinds(model, since)
        self.timeline.set_changes(kinds, since)
        reference = model.as_of if model.as_of is not None else day_start(model.today)
        shown = self.content.selection.events
        brief, counts = [], None
        if kinds is not None:
            brief = changes_since(model, since, shown, CHANGES_LISTED, kinds)
            counts = (int((shown & (kinds == NEW)).sum()), int((shown & (kinds == CHANGED)).sum()))
        self.changes.set_changes(model, brief, counts, reference)

    def _update_status(self) -> None:
        model = self.model
        if model is None:
            self.summary_label.setText("No data")
            self.problems_label.setText("")
            return
        text = model.summary()
        shown = self.content.selection.count if self.content else len(model)
        if shown != len(model):
            text = f"{shown:,} of {text}"
        if model.as_of is not None:
            text += " · as known on " + format_as_of(model.as_of)
        self.summary_label.setText(text)
        full = self.full_model if self.full_model is not None else model
        self.as_of_bar.set_counts(len(model), len(full))
        loaded = len(full)
        if model.problems:
            label = loaded_text(loaded, model.problems)
            self.problems_label.setText(f"<a href='problems'>{label}</a>")
        else:
            events = f"{loaded:,} event{'s' if loaded != 1 else ''}"
            self.problems_label.setText(f"{events} loaded · no problems")

    # -- selection -----------------------------------------------------------------------------

    def select_id(self, event_id: str | None, reveal: bool = True) -> None:
        self.state.select(event_id)
        if reveal and event_id is not None and self.model is not None:
            i = self.model.index_of(event_id)
            if i is not None:
                self.timeline.ensure_event_visible(i)

    def _on_timeline_clicked(self, event: int | None) -> None:
        if self.model is None:
            return
        self.select_id(None if event is None else self.model.events["id"].iat[event], reveal=False)
        if event is not None:
            self.detail_dock.raise_()  # (it shares its place with the filters)

    def _on_table_selected(self, event: int) -> None:
        self.select_id(self.model.events["id"].iat[event], reveal=True)
        self.detail_dock.raise_()

    def _on_selection_changed(self, event_id: str | None) -> None:
        self.navigator.sync_selection(event_id)
        i = None if (event_id is None or self.model is None) else self.model.index_of(event_id)
        self.timeline.set_selected(i)
        self.table.select_event(i)
        self.detail.show_event(self.model, i)
        if i is None and event_id is not None and self.model is not None:
            self.detail.show_not_yet_known(self.model, event_id)

    def _on_filters_changed(self) -> None:
        self._rebuild()
        self._follow_dates()

    def _follow_dates(self) -> None:
        """A new date window in the filters brings the timeline to it (other filter changes
        keep the user's zoom)."""
        f = self.state.filters
        dates = (f.date_from, f.date_to)
        if dates == getattr(self, "_dates_followed", (None, None)):
            return
        self._dates_followed = dates
        span = self.content.span() if self.content is not None else None
        if dates == (None, None) or span is None:
            return
        lo = f.date_from if f.date_from is not None else span[0]
        hi = f.date_to if f.date_to is not None else span[1]
        if hi > lo:
            pad = (hi - lo) * 0.04
            self.timeline.set_window(lo - pad, hi + pad)

    def _on_state_window(self, t0: float, t1: float) -> None:
        self.timeline.set_window(t0, t1)

    # -- dialogs -------------------------------------------------------------------------------

    def choose_file(self) -> None:
        start = str(self.model.path.parent) if self.model and self.model.path else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open event table", start, OPEN_FILTER)
        if path:
            self.load_file(path)

    def _export_folder(self) -> Path:
        """The last folder exported to, else the data's folder when it is the user's and
        writable, else home (never the bundled sample's folder)."""
        import os

        from viewer.paths import bundled_data

        folder = self.last_export_folder
        if folder is None and self.model is not None and self.model.path is not None:
            here = self.model.path.resolve().parent
            mine = here != bundled_data().resolve().parent and os.access(here, os.W_OK)
            folder = here if mine else None
        return folder or Path.home()

    def _export_stem(self) -> str:
        return self.model.path.stem if self.model and self.model.path else "timeline"

    def choose_export(self) -> None:
        """File > Export Snapshot: the dialog asks title, format and file, then exports."""
        if self.content is None:
            return
        from viewer.export.describe import default_title
        from viewer.panels.export_dialog import SnapshotDialog

        title = self.snapshot_title or default_title(self.model)
        path = self._export_folder() / (self._export_stem() + self.snapshot_suffix)
        self.snapshot_dialog = SnapshotDialog(self, title, path, self._export_request)
        self.snapshot_dialog.open()

    def _export_request(self, req) -> str | None:
        """Export for the dialog; returns the message to show when it fails."""
        ok = self.export_to(req.path, title=req.title, page=req.page, scale=req.scale, warn=False)
        if ok:
            self.snapshot_title = req.title
            self.snapshot_suffix = req.path.suffix.lower()
            self.last_export_folder = req.path.parent
            return None
        return self.last_export_error

    def export_to(
        self,
        path: str | Path,
        title: str | None = None,
        page: str = "a4",
        scale: float = 1.0,
        warn: bool = True,
    ) -> bool:
        """Write a snapshot of what the timeline shows now; the screen stays as it is."""
        from viewer.export import export_snapshot, window_snapshot

        if self.content is None:
            return False
        snap = window_snapshot(self.timeline, title=title or None, page=page, scale=scale)
        return self._write(
            path, warn, lambda: export_snapshot(self.content, path, snap).notes, "Saved"
        )

    def choose_table_export(self) -> None:
        """File > Export Table: the filtered events to CSV or XLSX."""
        if self.content is None:
            return
        filters = "CSV, UTF-8 (*.csv);;Excel workbook (*.xlsx)"
        start = str(self._export_folder() / (self._export_stem() + "-events.csv"))
        path, chosen = QFileDialog.getSaveFileName(self, "Export table", start, filters)
        if not path:
            return  # (the save dialog has asked before replacing an existing file)
        if Path(path).suffix.lower() not in (".csv", ".xlsx"):
            path += ".xlsx" if chosen.startswith("Excel") else ".csv"
            if Path(path).exists():  # a name we completed: ask ourselves
                from viewer.panels.export_dialog import ask_replace

                if not ask_replace(self, Path(path)):
                    return
        self.export_table_to(path)

    def export_table_to(self, path: str | Path, warn: bool = True) -> bool:
        from viewer.export.table import export_table, provenance

        if self.content is None:
            return False

        def write() -> list[str]:
            export_table(self.content, path, provenance(self.content))
            return []

        return self._write(path, warn, write, f"Saved {self.content.selection.count:,} events to")

    def _write(self, path, warn: bool, write, done: str) -> bool:
        """Run an export; say what happened in the status bar, or why it failed."""
        self.last_export_error = ""
        try:
            notes = write()
        except WriteError as exc:
            self.last_export_error = str(exc)
        except Exception as exc:
            self.last_export_error = errors.report(exc, f"Exporting {path}")
        if self.last_export_error:
            if warn:
                self._warn("Export failed", self.last_export_error)
            return False
        self.last_export_folder = Path(path).parent
        message = f"{done} {path}"
        if notes:
            message += " — note: " + "; ".join(notes)
        self.statusBar().showMessage(message, 8000)
        return True

    def copy_snapshot(self) -> None:
        """File > Copy Snapshot: the picture (and SVG) on the clipboard."""
        if self.content is None:
            return
        from PySide6.QtGui import QGuiApplication

        from viewer.export import snapshot_mime, window_snapshot

        snap = window_snapshot(
            self.timeline, title=self.snapshot_title, scale=self.devicePixelRatioF()
        )
        try:
            mime = snapshot_mime(self.content, snap)
        except Exception as exc:
            self._warn("Copy failed", errors.report(exc, "Copying the snapshot"))
            return
        QGuiApplication.clipboard().setMimeData(mime)
        self.statusBar().showMessage("Snapshot copied to the clipboard", 5000)

    def show_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()

    def show_data_format(self) -> None:
        from viewer.panels.help import data_format_dialog

        self.help_dialog = data_format_dialog(self)
        self.help_dialog.show()

    def show_about(self) -> None:
        from viewer import __version__
        from viewer.panels.help import about_dialog

        self.help_dialog = about_dialog(self, __version__, errors.log_path(), self.settings.path)
        self.help_dialog.show()

    def _warn(self, title: str, text: str) -> None:
        self.statusBar().showMessage(text, 10000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.last_warning = text
