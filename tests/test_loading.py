"""Loading off the UI thread: progress, cancel, errors as results, the window's open flow."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from tests.conftest import DATA
from viewer.app.loading import Loader, LoadRequest, join_all

GOOD = (
    "id,date,company,regulator,title\n"
    "a,2026-01-01,Nvidia,US BIS,one\n"
    "b,2026-01-02,AMD,US BIS,two\n"
    "c,2026-13-02,AMD,US BIS,three\n"
)
AGENCY = (
    "Ref,Effective Date,Agency,Entity,Summary\n"
    "1,2026-01-13,US BIS,Nvidia,Rule\n"
    "2,2026-01-30,CN MIIT,DeepSeek,Approval\n"
)


@pytest.fixture
def loader(qtbot):
    loader = Loader()
    yield loader
    loader.shutdown()


def test_a_load_delivers_its_model_and_progress(loader, qtbot, write):
    path = write("good.csv", GOOD)
    seen = []
    loader.progressed.connect(lambda f, text: seen.append(f))
    with qtbot.waitSignal(loader.finished, timeout=30000) as blocker:
        loader.start(LoadRequest(path))
    result = blocker.args[0]
    assert result.ok and len(result.model) == 2
    assert [p.line for p in result.model.problems] == [4]
    assert seen and seen == sorted(seen)
    assert not loader.busy


def test_errors_come_back_as_results(loader, qtbot, tmp_path):
    with qtbot.waitSignal(loader.finished, timeout=30000) as blocker:
        loader.start(LoadRequest(tmp_path / "missing.csv"))
    result = blocker.args[0]
    assert not result.ok and "no such file" in str(result.error)


def test_unexpected_errors_are_logged_and_summarised(loader, qtbot, write, monkeypatch):
    from viewer import errors

    def broken(raw):
        raise RuntimeError("a bug in checking")

    monkeypatch.setattr("viewer.io.load_table.build_model", broken)
    with qtbot.waitSignal(loader.finished, timeout=30000) as blocker:
        loader.start(LoadRequest(write("good.csv", GOOD)))
    result = blocker.args[0]
    assert "unexpected error (RuntimeError: a bug in checking)" in result.message
    log = errors.log_path().read_text(encoding="utf-8")
    assert "Traceback" in log and "a bug in checking" in log
    assert "Traceback" not in result.message


def test_cancel_drops_the_result(loader, qtbot, write):
    path = write("good.csv", GOOD)
    results = []
    loader.finished.connect(results.append)
    loader.start(LoadRequest(path))
    loader.cancel()
    assert [r.cancelled for r in results] == [True]
    assert loader.wait(30)
    assert not loader.busy  # nothing left to deliver: no more results can arrive
    QApplication.processEvents()
    assert [r.cancelled for r in results] == [True]


def test_a_new_load_supersedes_the_running_one(loader, qtbot, write, tmp_path):
    first = write("good.csv", GOOD)
    results = []
    loader.finished.connect(results.append)
    loader.start(LoadRequest(first))
    with qtbot.waitSignal(loader.finished, timeout=30000, check_params_cb=lambda r: r.ok):
        loader.start(LoadRequest(DATA))
    assert results[0].cancelled and results[0].request.path == first
    assert results[-1].model.path == DATA
    assert join_all(30)


# --- the window -------------------------------------------------------------------------------


def _load(w, qtbot, path, mapping=None):
    with qtbot.waitSignal(w.opener.loader.finished, timeout=30000):
        w.load_file(path, mapping)


def test_window_opens_in_the_background_and_lists_problems(window, qtbot, write):
    w = window
    path = write("good.csv", GOOD)
    _load(w, qtbot, path)
    assert w.document.model.path == path
    assert (
        w.status.problems_label.text() == "<a href='problems'>2 events loaded · 1 row left out</a>"
    )
    assert w.problems.problems_model.rowCount() == 1
    w.status.problems_label.linkActivated.emit("problems")
    assert w.problems_dock.isVisible()
    index = w.problems.problems_model.index(0, 1)
    assert w.problems.problems_model.data(index) == "4"
    assert w.opener.progress_dialog is None


def test_a_file_that_cannot_be_read_keeps_the_data_on_screen(window, qtbot, write):
    w = window
    before = w.document.model
    _load(w, qtbot, write("empty.csv", ""))
    assert w.document.model is before
    assert "empty.csv: the file is empty" in w.last_warning
    _load(w, qtbot, write("broken.json", '[{"id": '))
    assert w.document.model is before and "not valid JSON" in w.last_warning


def test_progress_dialog_cancel_keeps_the_data(window, qtbot, write):
    w = window
    before = w.document.model
    w.load_file(write("good.csv", GOOD))
    dialog = w.opener.progress_dialog
    assert dialog is not None and dialog.labelText().startswith("Opening good.csv")
    dialog.findChild(QPushButton).click()  # its Cancel button
    assert w.opener.progress_dialog is None
    assert "cancelled" in w.statusBar().currentMessage()
    assert w.opener.loader.wait(30)
    assert not w.opener.loader.busy
    QApplication.processEvents()
    assert w.document.model is before


def test_mapping_dialog_guesses_opens_and_remembers(window, qtbot, write):
    w = window
    path = write("agency.csv", AGENCY)
    w.load_file(path)
    qtbot.waitUntil(lambda: w.opener.mapping_dialog is not None, timeout=30000)
    dialog = w.opener.mapping_dialog
    assert dialog.mapping() == {
        "date": "Effective Date",
        "company": "Entity",
        "regulator": "Agency",
        "title": "Summary",
        "id": "Ref",
    }
    dialog.set_column("title", None)
    assert not dialog.ok_button.isEnabled() and "Title" in dialog.status.text()
    dialog.set_column("title", "Entity")
    assert not dialog.ok_button.isEnabled() and "both" in dialog.status.text()
    dialog.set_column("title", "Summary")
    assert dialog.ok_button.isEnabled()
    assert "--map 'date=Effective Date," in dialog.status.text()
    with qtbot.waitSignal(w.opener.loader.finished, timeout=30000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert w.document.model.path == path and len(w.document.model) == 2
    assert w.live.mapping["date"] == "Effective Date"  # (reloads read it so again)
    # Same header again: opened without asking.
    other = write("agency2.csv", AGENCY.replace("Rule", "Other rule"))
    w.load_file(other)
    qtbot.waitUntil(lambda: w.document.model.path == other, timeout=30000)
    assert w.opener.mapping_dialog is None
    assert "Other rule" in set(w.document.model.events["title"])


def test_a_remembered_mapping_that_fails_is_asked_for_again_saying_why(window, qtbot, write):
    from viewer.io.mapping import header_key
    from viewer.io.readers import read_table

    w = window
    path = write("agency.csv", AGENCY)
    stale = {"date": "Entity", "company": "Entity", "regulator": "Agency", "title": "Summary"}
    w.settings.set_column_mapping(header_key(read_table(path).events.columns), stale)
    w.load_file(path)
    qtbot.waitUntil(lambda: w.opener.mapping_dialog is not None, timeout=30000)
    dialog = w.opener.mapping_dialog
    assert dialog.mapping() == stale
    assert "agency.csv: column 'Entity' is mapped to both" in dialog.status.text()
    dialog.set_column("date", "Effective Date")  # chosen anew: the dialog's own word again
    assert "--map 'date=Effective Date," in dialog.status.text()


def test_mapping_dialog_cancel_keeps_the_data(window, qtbot, write):
    w = window
    before = w.document.model
    w.load_file(write("agency.csv", AGENCY))
    qtbot.waitUntil(lambda: w.opener.mapping_dialog is not None, timeout=30000)
    w.opener.mapping_dialog.reject()
    assert w.document.model is before
    assert "not opened" in w.statusBar().currentMessage()


def test_open_recent_lists_and_reopens(window, qtbot, write):
    w = window
    a = write("a.csv", GOOD)
    b = write("b.csv", GOOD.replace("one", "uno"))
    _load(w, qtbot, a)
    _load(w, qtbot, b)
    w.recent_menu.rebuild()
    entries = [x for x in w.recent_menu.actions() if x.toolTip().endswith(".csv")]
    assert [x.toolTip() for x in entries] == [str(b.resolve()), str(a.resolve())]
    a.unlink()
    w.recent_menu.rebuild()
    entries = [x for x in w.recent_menu.actions() if x.toolTip().endswith(".csv")]
    assert entries[1].text().endswith("(missing)") and not entries[1].isEnabled()
    _load(w, qtbot, DATA)
    w.recent_menu.rebuild()
    first = next(x for x in w.recent_menu.actions() if x.toolTip().endswith(".csv"))
    with qtbot.waitSignal(w.opener.loader.finished, timeout=30000):
        first.trigger()
    assert w.document.model.path == Path(str(b.resolve()))


def _drop(target, path: Path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(target.width() / 2, target.height() / 2)
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(target, drop)
    return enter, drop


def test_dropping_a_file_on_the_timeline_opens_it(window, qtbot, write):
    w = window
    path = write("dropped.csv", GOOD)
    with qtbot.waitSignal(w.opener.loader.finished, timeout=30000):
        enter, drop = _drop(w.timeline.plot.viewport(), path)
    assert enter.isAccepted() and drop.isAccepted()
    assert w.document.model.path == path


def test_dropping_another_kind_of_file_is_refused(window, write):
    w = window
    enter, _ = _drop(w.timeline.plot.viewport(), write("notes.docx", "x"))
    assert not enter.isAccepted()
    assert not w.opener.busy


def test_the_loader_lays_out_the_first_view_and_the_window_takes_it(window, qtbot, monkeypatch):
    """The first view's filter, lanes and index are built on the loader's thread, for the
    document's current filters; the window shows that very content."""
    import threading

    from viewer.shown import content as content_module
    from viewer.shown.filters import Filters

    w = window
    w.document.state.filters = Filters(companies=frozenset({"DeepSeek"}))
    prepared = []
    real = content_module.make_content

    def spy(model, *view, **options):
        made = real(model, *view, **options)
        if threading.current_thread() is not threading.main_thread():
            prepared.append(made)
        return made

    monkeypatch.setattr(content_module, "make_content", spy)
    _load(w, qtbot, DATA)
    assert len(prepared) == 1 and w.document.content is prepared[0]
    assert w.document.content.filters == w.document.state.filters


def test_the_document_takes_laid_out_content_only_for_its_own_view(qtbot, h200_model):
    from viewer.app.document import Document
    from viewer.shown.content import LayoutOptions, make_content
    from viewer.shown.filters import Filters

    doc = Document()
    ahead = make_content(h200_model)
    doc.set_model(h200_model, ahead)
    assert doc.content is ahead
    doc.state.layout = LayoutOptions(order="name")
    assert doc.content is not ahead and doc.content.options.order == "name"
    # Laid out for other filters than the document's: built again, for its own.
    other = make_content(h200_model, Filters(statuses=frozenset({"approved"})))
    doc.set_model(h200_model, other)
    assert doc.content is not other and doc.content.filters == Filters()
