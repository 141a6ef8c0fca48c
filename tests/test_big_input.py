"""Huge cells, thousands of columns and files too large for memory neither freeze nor crash."""

from __future__ import annotations

import pytest

import viewer.io.reading
from tests.conftest import DATA
from viewer.io import load
from viewer.record.build import LONGEST_NAME
from viewer.record.problems import LoadError
from viewer.record.text import SHOWN_CHARACTERS, esc


@pytest.fixture
def huge(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,date,company,regulator,title,description\n")
        f.write(f'a,2026-01-01,Nvidia,US BIS,{"T" * 200_000},"{"x" * 3_000_000}"\n')
        f.write("b,2026-01-02,Nvidia,US BIS,Small,ok\n")
    return path


def test_huge_cells_are_kept_and_cut_where_shown(huge):
    model = load(huge)
    assert len(model) == 2
    title = model.events["title"].iat[0]
    assert len(title) == LONGEST_NAME + 1 and title.endswith("…")
    assert [(p.line, p.column, p.dropped) for p in model.problems] == [(2, "title", False)]
    assert "200,000 characters; cut to 1,000" in model.problems[0].reason
    assert len(model.events["description"].iat[0]) == 3_000_000  # the data stay whole
    shown = esc(model.events["description"].iat[0])
    assert len(shown) < SHOWN_CHARACTERS + 100
    assert shown.endswith("[2,980,000 more characters in the file]")


def test_window_shows_an_event_with_a_huge_cell(make_window, qtbot, huge):
    w = make_window(path=None, size=None)
    with qtbot.waitSignal(w.opener.loader.finished, timeout=60000):
        w.load_file(huge)
    w.select_id("a")
    text = w.detail.toPlainText()
    assert "more characters in the file" in text
    assert len(text) < 3 * SHOWN_CHARACTERS


def test_thousands_of_columns(tmp_path):
    path = tmp_path / "wide.csv"
    extra = [f"extra {i}" for i in range(3000)]
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(["id", "date", "company", "regulator", "title", *extra]) + "\n")
        for r in range(50):
            cells = [f"e{r}", "2026-01-05", "Nvidia", "US BIS", f"t{r}"]
            f.write(",".join(cells + [str(i) for i in range(3000)]) + "\n")
    model = load(path)
    assert len(model) == 50 and len(model.extra_columns) == 3000 and not model.problems


def test_a_file_larger_than_memory_allows_is_refused_up_front(monkeypatch, make_window, qtbot):
    monkeypatch.setattr(viewer.io.reading, "available_memory", lambda: 1000)
    with pytest.raises(LoadError, match=r"too large to read: .* GB of memory"):
        load(DATA)
    monkeypatch.setattr(viewer.io.reading, "available_memory", lambda: None)
    w = make_window(DATA, size=None)
    before = w.document.model
    monkeypatch.setattr(viewer.io.reading, "available_memory", lambda: 1000)
    with qtbot.waitSignal(w.opener.loader.finished, timeout=30000):
        w.load_file(DATA)
    assert w.document.model is before and "too large to read" in w.last_warning


def test_running_out_of_memory_while_reading_is_a_clear_message(monkeypatch, write):
    import viewer.io.csv_reader as reader

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(reader, "read_csv_cells", exhausted)
    with pytest.raises(LoadError, match="too large to read in the memory available"):
        load(write("t.csv", "id,date,company,regulator,title\n"))
