"""The Document between the view state and the views: one rebuild per change, batches, order."""

from __future__ import annotations

import pytest

from viewer.record.as_of import parse_as_of
from viewer.shown.filters import Filters, from_options
from viewer.shown.view_state import ViewState
from viewer.shown.views import write_view


@pytest.fixture
def document(qtbot, h200_model):
    from viewer.app.document import Document

    doc = Document()
    doc.set_model(h200_model)
    return doc


def counting(signal) -> list:
    seen: list = []
    signal.connect(lambda *args: seen.append(args))
    return seen


def test_each_change_of_the_state_rebuilds_once(document):
    rebuilt = counting(document.contentChanged)
    document.state.filters = from_options(document.model, companies=["DeepSeek"])
    document.state.filters = from_options(document.model, companies=["DeepSeek"])  # the same
    assert len(rebuilt) == 1
    assert document.content.filters.companies == {"All companies", "DeepSeek"}


def test_a_batch_of_changes_is_one_rebuild_shown_after_the_last(document):
    rebuilt = counting(document.contentChanged)
    windows = counting(document.windowChanged)
    with document.batch():
        document.state.set_as_of(parse_as_of("2026-01-20"))
        document.state.filters = Filters(statuses=frozenset({"conditional"}))
        document.state.set_window(1.75e9, 1.77e9)
        assert rebuilt == []  # nothing shown before the batch ends
    assert len(rebuilt) == 1 and windows == [(1.75e9, 1.77e9)]
    assert document.model.as_of == parse_as_of("2026-01-20")
    assert document.content.model is document.model


def test_a_saved_view_applies_in_one_rebuild(window, tmp_path):
    doc = window.document
    view = ViewState(
        filters=from_options(doc.model, regulators=["CN NDRC"]),
        window=(1.76e9, 1.78e9),
        selected="cn-deepseek-approval",
        as_of=parse_as_of("2026-02-10"),
        find="conditions",
    )
    path = write_view(tmp_path / "view.json", view)
    rebuilt = counting(doc.contentChanged)
    assert window.view_files.open(path)
    assert len(rebuilt) == 1
    assert window.timeline.time_window() == pytest.approx((1.76e9, 1.78e9))
    assert doc.state.selected == "cn-deepseek-approval" and doc.selected_index is not None
    assert window.find_bar.text() == "conditions"


def test_date_filters_bring_the_timeline_to_them_unless_a_window_comes_too(document):
    document.state.filters = from_options(document.model, date_from="2026-01", date_to="2026-01")
    t0, t1 = document.state.window
    assert t0 < parse_as_of("2026-01-01") < parse_as_of("2026-01-31") < t1
    with document.batch():
        document.state.filters = from_options(document.model, date_from="2025")
        document.state.set_window(1.70e9, 1.71e9)
    assert document.state.window == (1.70e9, 1.71e9)


def test_a_new_version_keeps_the_selection_a_new_file_drops_it(document, h200_model):
    from viewer.io import load

    document.state.selected = "cn-deepseek-approval"
    document.set_model(h200_model, keep=True)
    assert document.state.selected == "cn-deepseek-approval"
    document.set_model(load(h200_model.path))
    assert document.state.selected is None
