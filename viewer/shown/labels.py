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
    """Place every mark's label (see the module's docstring)."""
    n = len(marks.line)
    side = np.zeros(n, dtype=np.int8)
    x = np.zeros(n)
    given = np.zeros(n)
    if not n:
        return Placed(side, x, given)
    order = np.lexsort((marks.left, marks.line))
    line = marks.line[order]
    starts = np.flatnonzero(np.r_[True, line[1:] != line[:-1]])
    ends = np.r_[starts[1:], n]
    lo_edge, hi_edge = plot_left + PAD_PX, plot_right - PAD_PX
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        idx = order[a:b]
        left, right = marks.left[idx], marks.right[idx]
        # What the marks before each one cover at most, and where the next one begins.
        cover = np.maximum.accumulate(np.r_[-np.inf, right[:-1]])
        following = np.r_[left[1:], np.inf]
        taken = -np.inf  # where the last label placed in this line ends
        for k, j in enumerate(idx.tolist()):
            floor = max(lo_edge, taken + LABEL_GAP_PX)
            ceiling = min(hi_edge, following[k] - PAD_PX)
            need, least = marks.width[j], marks.least[j]
            rooms = []
            start = max(marks.after[j], floor)
            if cover[k] <= marks.after[j]:
                rooms.append((RIGHT, start, ceiling - start))
            end = min(marks.before[j], hi_edge)
            start_left = max(floor, cover[k] + PAD_PX)
            rooms.append((LEFT, end - need, end - start_left))
            if not np.isnan(marks.bar_left[j]):
                inner = max(marks.bar_left[j] + PAD_PX, floor, cover[k] + PAD_PX)
                inner_end = min(marks.bar_right[j] - PAD_PX, ceiling)
                rooms.insert(0, (INSIDE, inner, inner_end - inner))
            choice = next((r for r in rooms if r[2] >= need), None)
            if choice is not None:
                where, at, _room = choice
                width = need
            else:
                where, at, room = max(rooms, key=lambda r: (r[2], r[0] == RIGHT))
                if room < least:
                    continue
                width = room
                if where == LEFT:
                    at = end - room
            side[j], x[j], given[j] = where, at, width
            taken = at + width
    return Placed(side, x, given)
