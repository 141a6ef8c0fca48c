"""Paint methods that cannot take the application down.

Qt calls an item's paint() from C++; an exception escaping it while a view renders into a
painter (every snapshot does) ends the process with a segmentation fault. A guarded paint logs
the error with its traceback (viewer/errors.py), leaves the painter as it found it and draws
nothing for that item, so the rest of the frame or the export still appears.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

_reported: set[str] = set()


def guarded(paint: Callable) -> Callable:
    """Decorate a QGraphicsItem.paint override (self, painter, *args)."""

    @functools.wraps(paint)
    def safe_paint(self, p, *args) -> None:
        p.save()
        try:
            paint(self, p, *args)
        except Exception as exc:
            name = type(self).__name__
            if name not in _reported:  # once per kind of item: a frame repeats the error
                _reported.add(name)
                from viewer.errors import report

                report(exc, f"Drawing the timeline ({name})")
        finally:
            p.restore()

    return safe_paint
