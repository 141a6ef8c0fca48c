"""Where labels go (viewer/shown/labels.py), checked without Qt: pixels in, places out."""

import numpy as np

from viewer.shown import labels as L

EDGE = (0.0, 1000.0)


def points(xs, widths, line=None, least=None, half=6.0):
    """Point marks at xs (symbols `half` wide each side), labels of `widths`."""
    xs = np.asarray(xs, dtype=float)
    n = len(xs)
    widths = np.asarray(widths, dtype=float)
    return L.Marks(
        line=np.zeros(n, dtype=np.int64) if line is None else np.asarray(line),
        left=xs - half,
        right=xs + half,
        after=xs + half + 4,
        before=xs - half - 4,
        bar_left=np.full(n, np.nan),
        bar_right=np.full(n, np.nan),
        width=widths,
        least=np.minimum(widths, 48.0) if least is None else np.asarray(least, dtype=float),
    )


def test_a_label_goes_right_of_its_mark_whole_when_there_is_room():
    placed = L.place(points([100.0], [300.0]), *EDGE)
    assert placed.side[0] == L.RIGHT and placed.x[0] == 110.0 and placed.width[0] == 300.0


def test_near_the_right_edge_a_label_goes_left_whole():
    placed = L.place(points([900.0], [300.0]), *EDGE)
    assert placed.side[0] == L.LEFT
    assert placed.width[0] == 300.0 and placed.x[0] + 300.0 == 890.0


def test_a_label_is_cut_only_where_the_next_mark_leaves_no_room():
    # A lone mark: whole. Then a second mark 200 px on: the first label is cut there (its
    # left has less room), the second goes whole on its right.
    placed = L.place(points([100.0, 300.0], [400.0, 120.0]), *EDGE)
    assert placed.side.tolist() == [L.RIGHT, L.RIGHT]
    assert placed.width[0] == 300.0 - 6 - L.PAD_PX - 110.0  # up to the next mark
    assert placed.width[1] == 120.0
    # With room on its left the cut label moves there whole instead.
    placed = L.place(points([700.0, 900.0], [400.0, 60.0]), *EDGE)
    assert placed.side[0] == L.LEFT and placed.width[0] == 400.0


def test_no_label_narrower_than_the_least_worth_showing():
    placed = L.place(points([100.0, 130.0], [200.0, 50.0], least=[60.0, 50.0]), 90.0, 1000.0)
    assert placed.side[0] == L.NONE  # 20 px between the marks, nothing on the left
    assert placed.side[1] == L.RIGHT


def test_a_period_is_labelled_inside_its_bar_when_the_label_fits_else_beside():
    def bar(x0, x1, width):
        m = points([x0], [width])
        m.right = np.array([x1])
        m.after = np.array([x1 + 4])
        m.bar_left, m.bar_right = np.array([x0]), np.array([x1])
        return m

    inside = L.place(bar(100.0, 600.0, 200.0), *EDGE)
    assert inside.side[0] == L.INSIDE and 100 < inside.x[0] < 110
    beside = L.place(bar(100.0, 200.0, 200.0), *EDGE)
    assert beside.side[0] == L.RIGHT and beside.x[0] == 204.0
    # A bar starting before the view is labelled from the view's edge.
    early = L.place(bar(-500.0, 600.0, 200.0), *EDGE)
    assert early.side[0] == L.INSIDE and early.x[0] == L.PAD_PX


def test_labels_never_overlap_a_mark_or_each_other():
    rng = np.random.default_rng(5)
    for _ in range(30):
        n = 40
        xs = np.sort(rng.uniform(0, 1000, n))
        line = rng.integers(0, 4, n)
        marks = points(xs, rng.uniform(20, 300, n), line=line)
        placed = L.place(marks, *EDGE)
        on = placed.side != L.NONE
        lo, hi = placed.x, placed.x + placed.width
        assert (lo[on] >= EDGE[0]).all() and (hi[on] <= EDGE[1]).all()
        assert (placed.width[on] >= marks.least[on]).all()
        for k in range(4):
            mine = np.flatnonzero(line == k)
            labelled = mine[on[mine]]
            for i in labelled:
                others = mine[mine != i]
                # Not over any mark of its line (its own included) ...
                assert not ((lo[i] < marks.right[mine]) & (hi[i] > marks.left[mine])).any()
                # ... nor over another label.
                other = others[on[others]]
                assert not ((lo[i] < hi[other]) & (hi[i] > lo[other])).any()
