"""Live reload: the file is rewritten, truncated, replaced and deleted under the open window."""

from __future__ import annotations

import os

import pytest

from viewer.app.reload import FileWatcher
from viewer.record.versions import diff_versions

HEADER = "id,date,company,regulator,title,status\n"
ROWS = [
    "a,2026-01-05,Nvidia,US BIS,Rule one,in force\n",
    "b,2026-01-10,AMD,US BIS,Rule two,pending\n",
    "c,2026-01-20,DeepSeek,CN MIIT,Approval,conditional\n",
    "d,2026-02-01,Nvidia,CN NDRC,Condition,reported\n",
]
WAIT = 15000  # ms: generous for a loaded machine; the reload itself takes well under a second


def _write(path, rows, header=HEADER):
    path.write_text(header + "".join(rows), encoding="utf-8")


def _replace(path, rows):
    """Save as many editors do: a new file renamed over the old one."""
    tmp = path.with_name("." + path.name + ".tmp")
    _write(tmp, rows)
    os.replace(tmp, path)


# --- the watcher alone ------------------------------------------------------------------------


@pytest.fixture
def watcher(qtbot):
    w = FileWatcher(debounce_ms=50)
    yield w
    w.stop()


def test_watcher_sees_rewrite_and_rename_over_and_keeps_watching(watcher, qtbot, tmp_path):
    path = tmp_path / "t.csv"
    _write(path, ROWS)
    watcher.watch([path])
    with qtbot.waitSignal(watcher.changed, timeout=WAIT):
        _write(path, ROWS[:2])
    with qtbot.waitSignal(watcher.changed, timeout=WAIT):
        _replace(path, ROWS[:3])
    assert str(path) in watcher._watcher.files()  # added back after the rename
    with qtbot.waitSignal(watcher.changed, timeout=WAIT):
        _write(path, ROWS)


# --- what changed -------------------------------------------------------------------------------


def test_diff_versions_counts_added_changed_removed(write):
    from viewer.io import load

    old = load(write("v1.csv", HEADER + "".join(ROWS[:3])))
    new_rows = [ROWS[0], ROWS[1].replace("pending", "approved"), ROWS[3], "e,2026,X,US BIS,t,\n"]
    new = load(write("v2.csv", HEADER + "".join(new_rows)))
    diff = diff_versions(old.events, new.events)
    assert sorted(diff.added) == ["d", "e"]
    assert diff.changed == ["b"]
    assert diff.removed == ["c"]
    assert diff.summary() == "+2 events · 1 changed · 1 removed"


# --- the window ---------------------------------------------------------------------------------


@pytest.fixture
def window(make_window, tmp_path):
    path = tmp_path / "live.csv"
    _write(path, ROWS[:3])
    w = make_window(path, size=None)
    w.live.watcher._timer.setInterval(50)
    w.path = path
    return w


def _reloaded(w, qtbot):
    return qtbot.waitSignal(w.live.reloaded, timeout=WAIT)


def test_rewrite_keeps_filters_window_and_selection(window, qtbot):
    from viewer.shown.filters import Filters

    w = window
    w.document.state.filters = Filters(companies=frozenset({"Nvidia", "AMD"}))
    w.select_id("b")
    w.timeline.set_window(1.76e9, 1.77e9)
    before_window = w.timeline.time_window()
    new_rows = [ROWS[0], ROWS[1].replace("Rule two", "Rule two amended"), ROWS[2], ROWS[3]]
    new_rows.append("e,2026-02-03,AMD,US BIS,Rule three,\n")
    with _reloaded(w, qtbot):
        _write(w.path, new_rows)
    assert len(w.document.model) == 5, [str(p) for p in w.document.model.problems]
    assert w.following.last_summary == "+2 events · 1 changed · 0 removed"
    assert "+2 events · 1 changed · 0 removed" in w.statusBar().currentMessage()
    assert w.document.state.selected == "b"
    assert "Rule two amended" in w.detail.toPlainText()
    assert w.document.state.filters.companies == frozenset({"Nvidia", "AMD"})
    assert w.timeline.time_window() == pytest.approx(before_window)
    flashed = set(w.document.model.events["id"][w.timeline.marks_item.highlight])
    assert flashed == {"b", "d", "e"}
    w.following._flash_timer.timeout.emit()  # the highlight ends by itself after a few seconds
    assert w.timeline.marks_item.highlight is None


def test_truncated_file_keeps_the_last_good_data_with_a_banner(window, qtbot):
    w = window
    good = w.document.model
    with qtbot.waitSignal(w.live.failed, timeout=WAIT):
        w.path.write_bytes(b"")
    assert w.document.model is good
    assert w.reload_banner.isVisible()
    assert "live.csv changed on disk but can't be read: the file is empty" in (
        w.reload_banner.label.text()
    )
    with qtbot.waitSignal(w.live.failed, timeout=WAIT):
        w.path.write_bytes(b"id,date,comp")  # half-written header: not a table
    assert w.document.model is good and "not an event table" in w.reload_banner.label.text()
    with qtbot.waitSignal(w.live.failed, timeout=WAIT):
        w.path.write_text(HEADER + ROWS[0] + ROWS[1][:12], encoding="utf-8")  # cut mid-row
    assert w.document.model is good and "cut short" in w.reload_banner.label.text()
    with _reloaded(w, qtbot):
        _write(w.path, ROWS)
    assert len(w.document.model) == 4
    assert not w.reload_banner.isVisible()


def test_replaced_by_rename_and_deleted_then_back(window, qtbot):
    w = window
    with _reloaded(w, qtbot):
        _replace(w.path, ROWS[:1])
    assert list(w.document.model.events["id"]) == ["a"]
    assert w.following.last_summary == "+0 events · 0 changed · 2 removed"
    with _reloaded(w, qtbot):
        _replace(w.path, ROWS[:2])  # the watch survived the first rename
    assert list(w.document.model.events["id"]) == ["a", "b"]
    with qtbot.waitSignal(w.live.failed, timeout=WAIT):
        w.path.unlink()
    assert "no such file" in w.reload_banner.label.text()
    assert len(w.document.model) == 2
    with _reloaded(w, qtbot):
        _write(w.path, ROWS)
    assert len(w.document.model) == 4


def test_a_change_to_the_sources_file_reloads(window, qtbot):
    w = window
    sources = w.path.with_name("live.sources.csv")
    with _reloaded(w, qtbot):
        sources.write_text("id,publisher,title\nS1,Reuters,Story\n", encoding="utf-8")
    assert "S1" in w.document.model.sources.index


def test_a_row_problem_after_reload_is_listed(window, qtbot):
    w = window
    with _reloaded(w, qtbot):
        _write(w.path, [*ROWS[:3], "x,2026-02-30,Nvidia,US BIS,Bad day,\n"])
    assert (
        w.status.problems_label.text() == "<a href='problems'>3 events loaded · 1 row left out</a>"
    )
    assert not w.reload_banner.isVisible()
