"""Every event readable in a snapshot pasted into a brief: checked in the files written.

The pictures are made as a user makes them (`regtimeline export`), then read back: the SVG's
shapes and words say where each mark was drawn and which labels it carries.
"""

import re

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT, run, svg_shapes, svg_texts
from viewer.export.source_list import number_sources, picture_events
from viewer.io import load
from viewer.record.schema import split_list
from viewer.shown.content import make_content
from viewer.shown.filters import from_options

SAMPLE = ROOT / "tests" / "samples" / "women_in_computing.csv"
FIRST_WORDS = 24
"""A label shows at least this many characters of its title (or the whole title)."""


def export(*args) -> None:
    done = run("export", *args)
    assert done.returncode == 0, done.stderr


def timeline_region(shapes, content) -> tuple[float, float]:
    """Top and bottom of the lanes in the picture: from the first row's name (a track's: the
    legend names none) down to the source list (or the footer)."""
    model = content.model
    tracks = {"all tracks"} | {model.tracks[r.track] for r in content.layout.rows if r.track >= 0}
    texts = [s for s in shapes if s["kind"] == "text"]
    top = min(s["box"][1] for s in texts if s["text"] in tracks) - 18
    below = [s["box"][1] for s in texts if s["text"].startswith(("Sources", "Generated"))]
    return top, min(below)


def drawn_marks(shapes, top: float, bottom: float) -> list[tuple[float, float, float, float]]:
    """The box of every mark drawn between top and bottom: symbols (each has one outline,
    drawn around its own origin: two symbols in one place are two outlines), period bars
    (their outlines) and month or year bands (gradient fills), a band's own symbol counted
    with it."""
    inside = [s for s in shapes if top <= (s["box"][1] + s["box"][3]) / 2 <= bottom]
    bars: list[tuple] = []
    for s in inside:
        outlined = s.get("stroke") not in (None, "none")
        bar = s["kind"] == "rect" and (outlined or s.get("fill", "").startswith("url("))
        # (a band's gradient and its outline: one mark)
        if bar and not any(_same(s["box"], other) for other in bars):
            bars.append(s["box"])
    symbols = []
    for s in inside:
        x0, y0, x1, y1 = s["local"]
        outline = s.get("fill") == "none" and s.get("stroke") not in (None, "none")
        if s["kind"] == "path" and outline and max(abs(x0), abs(y0), abs(x1), abs(y1)) <= 8:
            cx, cy = (s["box"][0] + s["box"][2]) / 2, (s["box"][1] + s["box"][3]) / 2
            if any(b[0] <= cx <= b[2] and abs((b[1] + b[3]) / 2 - cy) < 2 for b in bars):
                continue  # a band's symbol, in its middle
            symbols.append(s["box"])
    return bars + symbols


def _same(a, b) -> bool:
    return all(abs(p - q) < 1.5 for p, q in zip(a, b, strict=True))


def overlapping(marks) -> list[tuple]:
    out = []
    for i, a in enumerate(marks):
        for b in marks[i + 1 :]:
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            if w > 0.5 and h > 0.5:
                out.append((a, b))
    return out


def unlabelled(titles, texts) -> list[str]:
    """Titles with no label in `texts`: whole, or cut with an ellipsis after their first
    FIRST_WORDS characters at least."""
    missing = []
    for title in titles:
        whole = title in texts
        cut = any(
            t.endswith("…") and len(t) > FIRST_WORDS and title.startswith(t[:-1]) for t in texts
        )
        if not (whole or cut):
            missing.append(title)
    return missing


def test_bundled_record_dec_to_feb_labels_every_event_and_no_marks_overlap(tmp_path, h200_path):
    out = tmp_path / "decfeb.svg"
    export(h200_path, "-o", out, "--width", "1600", "--from", "2025-12-01", "--to", "2026-02-28")
    data = out.read_bytes()
    model = load(h200_path)
    flt = from_options(model, date_from="2025-12-01", date_to="2026-02-28")
    content = make_content(model, flt)
    events = picture_events(content, (flt.date_from, flt.date_to))
    assert len(events) > 10
    shapes = svg_shapes(data)
    top, bottom = timeline_region(shapes, content)
    texts = [s["text"] for s in shapes if s["kind"] == "text" and top <= s["box"][1] <= bottom]
    titles = [model.events["title"].iat[int(e)] for e in events]
    assert unlabelled(titles, texts) == []
    marks = drawn_marks(shapes, top, bottom)
    # An event in several companies' lanes is drawn in each of them.
    assert len(marks) >= len(events)
    assert overlapping(marks) == []


def test_knight_lab_sample_shows_every_headline_at_1600x900(tmp_path):
    svg, png = tmp_path / "wic.svg", tmp_path / "wic.png"
    for out in (svg, png):
        export(SAMPLE, "-o", out, "--width", "1600", "--height", "900")
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1600, 900)
    model = load(SAMPLE)
    content = make_content(model)
    assert len(model) == 10 and len(content.layout.rows) == 1  # one group, one row
    shapes = svg_shapes(svg.read_bytes())
    top, bottom = timeline_region(shapes, content)
    texts = [s["text"] for s in shapes if s["kind"] == "text" and top <= s["box"][1] <= bottom]
    assert unlabelled(list(model.events["title"]), texts) == []
    marks = drawn_marks(shapes, top, bottom)
    assert len(marks) == 10 and overlapping(marks) == []
    # No label runs off the picture: each starts inside it, the whole of it fitting.
    titles = set(model.events["title"])
    labels = [s for s in shapes if s["kind"] == "text" and s["text"] in titles]
    assert len(labels) == 10 and all(24 <= s["box"][0] < 1600 - 24 for s in labels)


def test_png_is_the_same_picture_as_the_svg_every_headline_labelled(qapp, tmp_path):
    """The PNG is drawn from the same composition: every event got a label as it was drawn."""
    from viewer.export.snapshot import Snapshot, prepared

    content = make_content(load(SAMPLE))
    with prepared(content, Snapshot(width=1600, height=900), 1600, 900) as prep:
        image = QImage(1600, 900, QImage.Format.Format_RGB32)
        from PySide6.QtGui import QPainter

        painter = QPainter(image)
        prep.paint(painter)
        painter.end()
        labelled = prep.view.marks_item.last_labels
        idx = prep.view.content.index
        titles = list(content.model.events["title"])
        assert {int(idx.event[e]) for e in labelled} == set(range(10))
        assert unlabelled(titles, list(labelled.values())) == []


def test_numbers_beside_the_marks_are_the_sources_listed_under_the_picture(tmp_path, h200_path):
    out = tmp_path / "deepseek.svg"
    args = ["--company", "DeepSeek", "--from", "2025-12-01", "--to", "2026-02-28"]
    export(h200_path, "-o", out, *args)
    texts = svg_texts(out.read_bytes())
    model = load(h200_path)
    flt = from_options(model, companies=["DeepSeek"], date_from="2025-12-01", date_to="2026-02-28")
    content = make_content(model, flt)
    listed = number_sources(model, picture_events(content, (flt.date_from, flt.date_to)))
    assert listed.n_sources > 5
    # Every source once, numbered in order, with its citation after its number ...
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\]", "\n".join(texts), re.M)]
    assert numbers == list(range(1, listed.n_sources + 1))
    # (a change of font, for Chinese say, starts a new text element: words read run together)
    running = "".join(texts)
    for item in listed.events:
        for cited in item.sources:
            publisher = cited.text.split(",")[0]
            assert publisher in running
    # ... and beside each mark the numbers of its own sources.
    assert all(note in texts for note in listed.numbers.values())
    assert "Numbers beside the marks: sources listed under the timeline" in texts


def test_no_sources_leaves_out_the_numbers_and_the_list(tmp_path, h200_path):
    with_list, without = tmp_path / "with.png", tmp_path / "without.svg"
    args = ["--company", "DeepSeek", "--from", "2025-12-01", "--to", "2026-02-28"]
    export(h200_path, "-o", with_list, *args)
    export(h200_path, "-o", without, *args, "--no-sources")
    export(h200_path, "-o", tmp_path / "without.png", *args, "--no-sources")
    texts = svg_texts(without.read_bytes())
    assert not any(t.startswith("[1]") or t.startswith("Sources") for t in texts)
    assert not any(re.fullmatch(r"\d+(–\d+)?(, \d+(–\d+)?)*", t) for t in texts if "Jan" not in t)
    assert QImage(str(tmp_path / "without.png")).height() < QImage(str(with_list)).height()


def test_the_legend_names_only_what_the_picture_holds(tmp_path, h200_path):
    out = tmp_path / "deepseek.svg"
    export(h200_path, "-o", out, "--company", "DeepSeek", "--from", "2026-01-01")
    texts = svg_texts(out.read_bytes())
    model = load(h200_path)
    flt = from_options(model, companies=["DeepSeek"], date_from="2026-01-01")
    content = make_content(model, flt)
    events = picture_events(content, content.fit_window())
    # (a joint act names each of its bodies)
    used = {body for cell in model.events["regulator"].iloc[events] for body in split_list(cell)}
    assert {r for r in model.regulators if r in texts} == used
    statuses = set(model.events["status"].iloc[events])
    assert {s for s in model.statuses if s in texts} == statuses
    # Related events are joined on hover in the window: a picture can't show that.
    assert "related (hover)" not in texts


def test_rows_empty_in_the_time_window_are_left_out_unless_kept(qapp, h200_model, tmp_path):
    from viewer.export import Snapshot, export_snapshot
    from viewer.record.as_of import parse_as_of

    content = make_content(h200_model)
    window = (parse_as_of("2025-12-31"), parse_as_of("2026-02-28"))
    kept = content.without_empty_rows(window)
    assert 0 < len(kept.layout.rows) < len(content.layout.rows)
    tracks = set(h200_model.tracks) | {"all tracks"}

    def rows_in(path) -> int:
        shapes = svg_shapes(path.read_bytes())
        return sum(1 for s in shapes if s["kind"] == "text" and s["text"] in tracks)

    left_out, keep = tmp_path / "left-out.svg", tmp_path / "keep.svg"
    export_snapshot(content, left_out, Snapshot(window=window))
    export_snapshot(content, keep, Snapshot(window=window, keep_empty=True))
    # (the legend names no track: every track name drawn is a row's)
    assert rows_in(left_out) == len(kept.layout.rows)
    assert rows_in(keep) == len(content.layout.rows)


@pytest.mark.parametrize(
    ("by", "names"),
    [("jurisdiction", ["US", "CN", "other"]), ("track", ["CN ministry approval", "Other"])],
)
def test_colour_by_on_the_command_line(tmp_path, h200_path, by, names):
    from viewer.shown.palette import colour_groups

    out = tmp_path / f"{by}.svg"
    export(h200_path, "-o", out, "--colour-by", by, "--from", "2026-01-01", "--to", "2026-01-31")
    shapes = svg_shapes(out.read_bytes())
    texts = [s["text"] for s in shapes if s["kind"] == "text"]
    assert f"{by.title()}:" in texts and "Regulator:" not in texts
    assert all(name in texts for name in names)
    groups = colour_groups(load(h200_path), by)
    # Every symbol is filled or outlined in one of the groups' colours (or the hollow white).
    symbol_colours = {
        colour.upper()
        for s in shapes
        if s["kind"] == "path" and max(map(abs, s["local"])) <= 8
        for colour in (s.get("fill"), s.get("stroke"))
        if colour and colour.startswith("#")
    }
    assert symbol_colours - {"#FFFFFF", "#5B6472"} <= {c.upper() for c in groups.colours}
    assert len(symbol_colours - {"#FFFFFF", "#5B6472"}) >= 2


def test_colour_by_rejects_what_it_does_not_know(h200_path, tmp_path):
    done = run("export", h200_path, "-o", tmp_path / "x.png", "--colour-by", "company")
    assert done.returncode == 2 and "invalid choice: 'company'" in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_picture_of_many_events_says_where_their_sources_are(qapp, write, tmp_path):
    from viewer.export import Snapshot, export_snapshot
    from viewer.export.snapshot import PICTURE_LIST_LIMIT

    lines = ["id,date,company,regulator,title,source,source_url"]
    lines += [
        f"e{k},2026-01-{1 + k % 28:02d},Acme,US BIS,Event {k},Wire {k},https://example.org/{k}"
        for k in range(PICTURE_LIST_LIMIT + 5)
    ]
    content = make_content(load(write("many.csv", "\n".join(lines) + "\n")))
    out, bare = tmp_path / "many.svg", tmp_path / "bare.svg"
    export_snapshot(content, out, Snapshot())
    export_snapshot(content, bare, Snapshot(sources=False))
    texts = svg_texts(out.read_bytes())
    # No list, no numbers beside the marks: the words of a picture without sources, and a
    # footer that says where the sources are.
    n = PICTURE_LIST_LIMIT + 5
    footer = (
        f"Sources of these {n} events: the PDF export lists the first 300, the table export all"
    )
    assert sorted(texts) == sorted([*svg_texts(bare.read_bytes()), footer])


def test_a_picture_of_given_height_keeps_its_rows_readable(qapp, h200_model):
    """The whole record in 700 pixels: rows stack into fewer sub-rows until each is readable."""
    from PySide6.QtGui import QPainter

    from viewer.export.snapshot import READABLE_ROW_PX, Snapshot, prepared

    content = make_content(h200_model)
    with prepared(content, Snapshot(width=1400, height=700), 1400, 700) as prep:
        view = prep.view
        assert view.row_px >= READABLE_ROW_PX
        assert view.sub_row_cap < 12 or not view.stack_rows  # (fewer than a picture's 12)
        image = QImage(1400, 700, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        prep.paint(painter)
        painter.end()
        assert len(view.marks_item.last_labels) >= 20  # titles set, not squeezed out
