"""A PDF on paper whose rows don't fit one page at a readable height continues its timeline on
further pages (title, caption, legend and date axis repeated, whole rows on each) instead of
stacking its rows into fewer sub-rows: every event keeps its own mark and label. A timeline
that fits one page is drawn as before."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pytest

from tests.conftest import BUNDLED_EVENTS, deepseek_window, normal, pdf_pages
from viewer.export import Snapshot, export_snapshot
from viewer.export.snapshot import page_breaks, prepared


def unspaced(text: str) -> str:
    """(the PDF's text layer breaks runs where the font changes: compared without spaces)"""
    return re.sub(r"\s", "", normal(text))


def timeline_pages(pages: list[str]) -> list[str]:
    return [t for t in pages if re.search(r"Timeline (page|continued, page) \d+ of \d+", t)]


@pytest.mark.parametrize("page", ["a4", "letter"])
def test_whole_record_on_paper_runs_over_pages_with_every_title(app, content, tmp_path, page):
    out = tmp_path / f"{page}.pdf"
    written = export_snapshot(content, out, Snapshot(title="H200 and China", page=page))
    pages = pdf_pages(out)
    timeline = timeline_pages(pages)
    n = len(timeline)
    assert n > 1 and pages[:n] == timeline  # the timeline first, then the sources
    assert written.events == BUNDLED_EVENTS and written.timeline_pages == n
    for k, text in enumerate(timeline, start=1):
        assert "H200 and China" in text and f"All {BUNDLED_EVENTS} events" in text
        assert ("Timeline page 1" if k == 1 else f"Timeline continued, page {k} of {n}") in text
        assert "Regulator:" in text and "Jan 2024" in text and "Jan 2026" in text  # legend, axis
        assert f"sources listed from page {n + 1}" in text
        assert f"Page {k} of {len(pages)}" in text
    assert "Sources — H200 and China" in pages[n]
    assert f"Page {n + 1} of {len(pages)}" in pages[n]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    # Every event's title (its first 24 characters) is on a timeline page: none cut, none
    # hidden under a "+N".
    drawn = unspaced(" ".join(timeline))
    titles = content.model.events["title"].tolist()
    missing = [t for t in titles if unspaced(t)[:24] not in drawn]
    assert not missing
    # A company whose rows run on to the next page is named there too.
    groups = [g.name for g in content.layout.groups]
    for text in timeline:
        assert any(name in text for name in groups)


def test_the_pages_hold_every_event_once_as_whole_rows(app, content):
    """The pages' rows: whole, in order, all of them; the labels painted over all the pages
    name every event of the picture (the Drawn count), with nothing stacked out of sight."""
    from PySide6.QtGui import QImage, QPainter

    from viewer.export.composition import Words
    from viewer.export.pdf import PRINT_SCALE, _page_layout
    from viewer.export.snapshot import SCREEN_DPI

    rect = _page_layout("a4").paintRectPixels(SCREEN_DPI)
    width, height = rect.width() / PRINT_SCALE, rect.height() / PRINT_SCALE
    with prepared(content, Snapshot(), width, height, 0.0, True, "", 52.0, True) as prep:
        view = prep.view
        st = view.stacking
        assert len(prep.pages) > 1 and not st.hidden.any()
        assert prep.pages[0].first == 0 and prep.pages[-1].end == st.n_rows
        for a, b in zip(prep.pages, prep.pages[1:], strict=False):
            assert a.end == b.first and a.y1 == b.y0 == st.tops[b.first]
        labelled: dict[int, str] = {}
        image = QImage(round(width), round(height), QImage.Format.Format_RGB888)
        for k in range(len(prep.pages)):
            p = QPainter(image)
            try:
                prep.paint_page(p, k, Words("t", "c", "f"))
            finally:
                p.end()
            events = view.content.index.event
            for entry, text in view.marks_item.last_labels.items():
                labelled.setdefault(int(events[entry]), text)
        assert len(labelled) == prep.drawn.events == BUNDLED_EVENTS
        titles = content.model.events["title"]
        for ev, text in labelled.items():
            assert text == titles.iat[ev] or len(text.rstrip("…")) >= 24


def test_a_few_events_stay_on_one_timeline_page(app, deepseek, tmp_path):
    out = tmp_path / "deepseek.pdf"
    written = export_snapshot(deepseek, out, Snapshot(window=deepseek_window(deepseek)))
    pages = pdf_pages(out)
    assert not timeline_pages(pages)
    assert "sources listed from page 2" in pages[0] and "Sources — " in pages[1]
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert 0 < written.events < BUNDLED_EVENTS and written.timeline_pages == 1


def test_fit_page_and_compact_rows(app, content, tmp_path):
    """A "fit" PDF stays one tall page; compact rows (View > Compact Rows) still export (the
    bundled record's compact rows fit an A4 page)."""
    fit = tmp_path / "fit.pdf"
    export_snapshot(content, fit, Snapshot(page="fit"))
    assert not timeline_pages(pdf_pages(fit))
    compact = tmp_path / "compact.pdf"
    written = export_snapshot(content, compact, Snapshot(stack=False))
    pages = pdf_pages(compact)
    n = len(timeline_pages(pages))
    assert written.events == BUNDLED_EVENTS
    assert "Sources — " in pages[max(1, n)]


@dataclass
class G:
    first_row: int
    n_rows: int


def test_page_breaks_fewest_pages_then_fewest_companies_split():
    tops = np.cumsum([0, 3, 3, 2, 4, 4, 1])  # rows 3 3 | 2 | 4 4 | 1 (groups)
    groups = [G(0, 2), G(2, 1), G(3, 2), G(5, 1)]
    assert page_breaks(tops, groups, 100) == [(0, 6)]
    # 17 sub-rows in pages of 9: two pages, cut between groups, not inside one.
    assert page_breaks(tops, groups, 9) == [(0, 3), (3, 6)]
    # Pages of 5: a group taller than a page is split; a row taller than one has its own.
    assert page_breaks(tops, groups, 5) == [(0, 1), (1, 3), (3, 4), (4, 6)]
    assert page_breaks(np.cumsum([0, 7, 1]), [G(0, 2)], 5) == [(0, 1), (1, 2)]


def test_the_command_line_says_how_many_pages_the_timeline_runs_over(tmp_path):
    from tests.conftest import DATA, run

    out = tmp_path / "all.pdf"
    done = run("export", str(DATA), "-o", str(out))
    assert done.returncode == 0, done.stderr
    said = re.search(r"the timeline over (\d+) pages\)", done.stdout)
    assert said and int(said.group(1)) == len(timeline_pages(pdf_pages(out))), done.stdout
