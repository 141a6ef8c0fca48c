"""Drawing of uncertain, expected, disputed and related marks, checked in the pixels drawn."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from tests.conftest import secs
from viewer.io import load
from viewer.record.as_of import known_on
from viewer.shown.content import make_content
from viewer.shown.links import link_entries
from viewer.timeline import symbols

DAY = 86400.0


TABLE = (
    "id,date,end_date,company,regulator,title,status,related\n"
    "m,2026-02,,Acme,US BIS,month,in force,\n"
    "a,2026-02-15~,,Acme,CN MIIT,about,reported,\n"
    "e,2026-01-10,,Acme,Acme,planned launch,expected,\n"
    "y,2026-01-20,,Acme,US Commerce,claim,reported,\n"
    "z,2026-01-25,,Acme,CN NDRC,denial,statement,disputes:y\n"
    "w,2026-03-10,,Acme,CN MOFCOM,follow-up,reported,m\n"
    "v,2026-01-05,ongoing,Beta,US BIS,review,pending,\n"
)


@pytest.fixture
def view(qtbot, write):
    from viewer.timeline.view import TimelineView

    model = load(write("t.csv", TABLE))
    assert model.problems == []
    model.today = secs(2026, 3, 20)
    v = TimelineView()
    qtbot.addWidget(v)
    v.resize(1300, 520)
    v.show()
    qtbot.waitExposed(v)
    v.set_content(make_content(model))
    v.set_window(secs(2026, 1, 1), secs(2026, 4, 1))
    QApplication.processEvents()
    return v


def grab(v):
    v.plot.viewport().repaint()
    return v.plot.viewport().grab().toImage()


def pixel_of(v, t, row):
    """Viewport pixel of time t at the middle of a row."""
    scene = v.viewbox.mapViewToScene(QPointF(t, row + 0.5))
    p = v.plot.mapFromScene(scene)
    return p.x(), p.y()


def scene_to_pixel(v, x, y):
    p = v.plot.mapFromScene(QPointF(x, y))
    return p.x(), p.y()


def row_of(v, event_id):
    """The top of the event's sub-row (its row, stacked), in the view's y units."""
    m = v.content.model
    idx = v.content.index
    entry = idx.entries_of_event(m.index_of(event_id))[:1]
    return float(v.stacking.centre(entry)[0]) - 0.5


def colour(image, x, y) -> QColor:
    return QColor(image.pixel(int(x), int(y)))


def distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def near(image, x, y, target: QColor, radius: int = 4, tolerance: int = 40) -> bool:
    """Some pixel within `radius` of (x, y) has the target colour (glyphs sit on badges)."""
    return any(
        distance(colour(image, x + dx, y + dy), target) < tolerance
        for dx in range(-radius, radius + 1)
        for dy in range(-radius, radius + 1)
    )


def test_month_is_a_band_with_soft_edges_and_its_symbol_in_the_middle(view):
    v = view
    r = row_of(v, "m")
    img = grab(v)
    start, stop = secs(2026, 2, 1), secs(2026, 3, 1)
    width = stop - start
    bg = colour(img, *pixel_of(v, secs(2026, 1, 15), r))
    blue = QColor("#0072B2")
    # Near the ends the band has faded into the lane; inside its body it is clearly tinted.
    x_edge, y = pixel_of(v, start + width * 0.02, r)
    x_body, _ = pixel_of(v, start + width * 0.36, r)
    edge, body = colour(img, x_edge, y - 4), colour(img, x_body, y - 4)
    assert distance(edge, bg) < 25
    assert distance(body, bg) > 60
    assert distance(body, blue) < distance(bg, blue)
    # The symbol (solid: in force) sits at the middle of the month.
    x_mid, _ = pixel_of(v, (start + stop) / 2, r)
    assert distance(colour(img, x_mid, y), blue) < 40


def test_approximate_date_has_a_whisker_of_a_week_each_side(view):
    v = view
    r = row_of(v, "a")
    img = grab(v)
    t = secs(2026, 2, 15)
    bg = colour(img, *pixel_of(v, t - 20 * DAY, r))
    x_in, y = pixel_of(v, t - 5 * DAY, r)
    x_out, _ = pixel_of(v, t - 9 * DAY, r)
    assert distance(colour(img, x_in, y), bg) > 100  # on the whisker line
    assert distance(colour(img, x_out, y), bg) < 10  # beyond its end


def test_expected_event_is_flagged_once_its_date_has_passed(view, qtbot):
    v = view
    model = v.content.model
    e = model.index_of("e")
    grab(v)
    stats = v.marks_item.last_frame_stats
    assert stats["badge_unconfirmed"] == 1  # planned for 10 January; today is 20 March
    f_ents, xs, ys = _badges(v, "unconfirmed")
    assert list(v.content.index.event[f_ents]) == [e]
    img = grab(v)
    px = scene_to_pixel(v, xs[0], ys[0])
    badge = QColor(symbols.BADGE_COLOURS["unconfirmed"][0])
    assert near(img, px[0], px[1], badge)
    assert not near(img, px[0], px[1] + 30, badge)
    mark_x, mark_y = pixel_of(v, secs(2026, 1, 10), row_of(v, "e"))
    assert px[0] > mark_x and px[1] < mark_y  # upper right of its symbol
    # As known on 8 January the launch was still to come: drawn as planned, no flag.
    v.set_content(make_content(known_on(model, secs(2026, 1, 8))), keep_window=True)
    grab(v)
    assert v.marks_item.last_frame_stats["badge_unconfirmed"] == 0
    assert v.marks_item.last_frame_stats["marks"] >= 1


def _badges(v, kind):
    from viewer.timeline.marks_item import _Frame
    from viewer.timeline.scene_pixels import scene_mapping

    item = v.marks_item
    frame = _Frame(scene_mapping(item), v.stacking)
    entries = np.arange(len(v.content.index))
    return item.badge_positions(frame, entries)[kind]


def test_disputing_claims_carry_a_warning_and_are_joined(view):
    v = view
    model = v.content.model
    img = grab(v)
    assert v.marks_item.last_frame_stats["badge_warning"] == 2
    ents, xs, ys = _badges(v, "warning")
    assert {model.events["id"].iat[int(i)] for i in v.content.index.event[ents]} == {"y", "z"}
    amber = QColor(symbols.BADGE_COLOURS["warning"][0])
    for x, y in zip(xs, ys, strict=True):
        px = scene_to_pixel(v, x, y)
        assert near(img, px[0], px[1], amber)
    # One connector, from the denial to the claim it disputes, drawn in red.
    seg = v.connectors_item.last_segments
    assert seg.shape == (1, 4) and v.connectors_item.last_disputes.all()
    z_scene = v.viewbox.mapViewToScene(QPointF(secs(2026, 1, 25), row_of(v, "z") + 0.5))
    y_scene = v.viewbox.mapViewToScene(QPointF(secs(2026, 1, 20), row_of(v, "y") + 0.5))
    assert seg[0] == pytest.approx([z_scene.x(), z_scene.y(), y_scene.x(), y_scene.y()], abs=0.5)
    mid = scene_to_pixel(v, (seg[0][0] + seg[0][2]) / 2, (seg[0][1] + seg[0][3]) / 2)
    assert near(img, *mid, QColor(symbols.DISPUTE_COLOUR), radius=2)  # the arrow head


def test_related_events_are_joined_on_hover_or_always(view):
    v = view
    model = v.content.model
    links = link_entries(v.content)
    assert len(links) == 2 and links.dispute.sum() == 1
    grab(v)
    assert len(v.connectors_item.last_segments) == 1  # the dispute only
    v.connectors_item.set_hover(model.index_of("w"))
    grab(v)
    assert len(v.connectors_item.last_segments) == 2
    assert (~v.connectors_item.last_disputes).sum() == 1
    v.connectors_item.set_hover(None)
    grab(v)
    assert len(v.connectors_item.last_segments) == 1
    v.connectors_item.set_show_all_related(True)
    grab(v)
    assert len(v.connectors_item.last_segments) == 2
    v.connectors_item.set_show_disputes(False)
    v.connectors_item.set_show_all_related(False)
    grab(v)
    assert len(v.connectors_item.last_segments) == 0
    # Selecting an end shows its links whatever the options.
    v.set_selected(model.index_of("y"))
    grab(v)
    assert len(v.connectors_item.last_segments) == 1


def test_connectors_only_for_marks_in_view(view):
    v = view
    v.set_window(secs(2026, 3, 5), secs(2026, 3, 30))  # neither y nor z in view
    grab(v)
    assert len(v.connectors_item.last_segments) == 0


def test_ongoing_period_runs_to_today_with_an_open_end(view):
    v = view
    r = row_of(v, "v")
    img = grab(v)
    today = v.content.model.today
    idx = v.content.index
    j = idx.entries_of_event(v.content.model.index_of("v"))[0]
    assert idx.x1[j] == today and idx.open_end[j]
    x_body, y = pixel_of(v, secs(2026, 2, 1), r)
    x_end, _ = pixel_of(v, today, r)
    x_after, _ = pixel_of(v, today + 10 * DAY, r)
    bg = colour(img, x_after, y)
    top_edge = pixel_of(v, secs(2026, 2, 1), r)[1] - v.row_px * 0.21
    blue = QColor("#0072B2")
    assert near(img, x_body, top_edge, blue, radius=2, tolerance=90)  # the outline of the bar
    assert not near(img, x_end - 2, top_edge, blue, radius=2, tolerance=90)  # faded at its end
    chevron = [colour(img, x_end + dx, y) for dx in range(2, 8)]
    assert any(distance(c, bg) > 80 for c in chevron)


def test_new_and_changed_badges_follow_the_changes_since(view):
    v = view
    kinds = np.zeros(len(v.content.model.events), dtype=np.int8)
    kinds[v.content.model.index_of("w")] = 1
    kinds[v.content.model.index_of("m")] = 2
    v.set_changes(kinds, secs(2026, 2, 1))
    grab(v)
    stats = v.marks_item.last_frame_stats
    assert stats["badge_new"] == 1 and stats["badge_changed"] == 1
    v.set_changes(None)
    grab(v)
    assert "badge_new" not in v.marks_item.last_frame_stats


def test_no_links_when_no_related_pair_has_both_ends_shown(h200_model):
    from viewer.shown.filters import Filters

    flt = Filters(
        companies=frozenset(["DeepSeek", "All companies"]), statuses=frozenset(["conditional"])
    )
    shown = make_content(h200_model, flt)
    links = link_entries(shown)
    assert len(links) == 0 and links.primary.dtype == bool
    every = link_entries(make_content(h200_model))
    assert len(every) > 0 and every.primary.any()
