"""Where each mark's label goes in a frame: right of the mark, else left, period bars inside.
No Qt here: the timeline measures the text and hands the widths in.

A label is cut only where the next mark, another label or the plot's edge leaves no room for
the whole of it; then it takes the side with more room (right when equal), or none below the
least width worth showing (its tooltip still has the whole title). Labels never overlap a mark
or each other: each sub-row is placed left to right, every label bounded by the marks and
labels already there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NONE, RIGHT, LEFT, INSIDE = 0, 1, 2, 3
PAD_PX = 3.0
"""Space kept between a label and the mark beside it, and the plot's edge."""
LABEL_GAP_PX = 12.0
"""Space kept between two labels, so that each reads as its own."""


@dataclass
class Marks:
    """The drawn marks of a frame, in pixels (one value per mark).

    line: which sub-row a mark is in (labels only meet marks of the same line);
    left, right: what the mark's drawing covers (symbol, whisker, bar, badges);
    after: where a label right of the mark starts; before: where a label left of it ends;
    bar_left, bar_right: a period's bar (NaN for other marks), which may hold its label;
    width: the whole label; least: the narrowest cut worth showing (more than width: never).
    """

    line: np.ndarray
    left: np.ndarray
    right: np.ndarray
    after: np.ndarray
    before: np.ndarray
    bar_left: np.ndarray
    bar_right: np.ndarray
    width: np.ndarray
    least: np.ndarray


@dataclass
class Placed:
    """Per mark: the label's side (NONE, RIGHT, LEFT, INSIDE), left edge and width given.
    A width below the label's whole width means the label is cut to it."""

    side: np.ndarray
    x: np.ndarray
    width: np.ndarray


def place(marks: Marks, plot_left: float, plot_right: float) -> Placed:
    """Place every mark's label (see the module's docstring).

    A label that fits whole on the right of its mark goes there whatever the others do (the
    labels before it end before its mark; the marks after it bound it): those are placed all
    at once. The rest, a few, are placed one by one in each line's order, each bounded by the
    label of the mark before it."""
    n = len(marks.line)
    side = np.zeros(n, dtype=np.int8)
    x = np.zeros(n)
    given = np.zeros(n)
    if not n:
        return Placed(side, x, given)
    order = np.lexsort((marks.left, marks.line))
    line = marks.line[order]
    left, right = marks.left[order], marks.right[order]
    first = np.r_[True, line[1:] != line[:-1]]
    # What the marks before each one (in its line) cover at most, and where the next begins.
    lane = np.cumsum(first) - 1
    span = float(np.nanmax(right) - np.nanmin(right)) + 1.0
    running = np.maximum.accumulate(right + lane * span) - lane * span
    cover = np.where(first, -np.inf, np.r_[-np.inf, running[:-1]])
    following = np.where(np.r_[~first[1:], False], np.r_[left[1:], np.inf], np.inf)
    lo_edge, hi_edge = plot_left + PAD_PX, plot_right - PAD_PX
    after, width = marks.after[order], marks.width[order]
    start = np.maximum(after, lo_edge)
    ceiling = np.minimum(hi_edge, following - PAD_PX)
    whole = (
        np.isnan(marks.bar_left[order])
        & (cover <= after)
        & (after - left >= LABEL_GAP_PX - PAD_PX)
        & (ceiling - start >= width)
    )
    side[order[whole]] = RIGHT
    x[order[whole]] = start[whole]
    given[order[whole]] = width[whole]
    ends = np.where(whole, start + width, -np.inf)
    for k in np.flatnonzero(~whole).tolist():
        j = int(order[k])
        taken = -np.inf if first[k] else ends[k - 1]
        floor = max(lo_edge, taken + LABEL_GAP_PX)
        need, least = marks.width[j], marks.least[j]
        rooms = []
        begin = max(marks.after[j], floor)
        if cover[k] <= marks.after[j]:
            rooms.append((RIGHT, begin, ceiling[k] - begin))
        end = min(marks.before[j], hi_edge)
        start_left = max(floor, cover[k] + PAD_PX)
        rooms.append((LEFT, end - need, end - start_left))
        if not np.isnan(marks.bar_left[j]):
            inner = max(marks.bar_left[j] + PAD_PX, floor, cover[k] + PAD_PX)
            inner_end = min(marks.bar_right[j] - PAD_PX, ceiling[k])
            rooms.insert(0, (INSIDE, inner, inner_end - inner))
        choice = next((r for r in rooms if r[2] >= need), None)
        if choice is not None:
            where, at, _room = choice
            room = need
        else:
            where, at, room = max(rooms, key=lambda r: (r[2], r[0] == RIGHT))
            if room < least:
                continue
            if where == LEFT:
                at = end - room
        side[j], x[j], given[j] = where, at, room
        ends[k] = at + room
    return Placed(side, x, given)
