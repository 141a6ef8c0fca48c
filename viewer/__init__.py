"""RegTimeline: a swimlane timeline of who permitted what, when, on whose word."""

import os

__version__ = "0.1.0"

# Arrow allocates from the C library's heap, as numpy and pandas do, rather than from its own
# mimalloc pool: after a load, memory Arrow frees is reused by the arrays built next instead of
# being held apart (100k events: peak 383 -> 350 MB; no slower). Set before pyarrow makes its
# first allocation; a value chosen by the user wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

# Qt's raster engine hands every fill of more than ~96 scan lines to a pool of helper threads
# and waits for them. For the timeline's shapes (a scroll bar's groove, a lane's band, a legend
# swatch) the hand-off costs more than the fill: on a 2-core machine a scroll bar repainted in
# 0.27 ms on one thread and 1-6 ms through the pool, waiting on woken threads. Painting stays
# on the thread that paints. Read by Qt once, at its first fill; a value set by the user wins.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")

# numpy asks the kernel for 2 MB pages for every array over 4 MB. On the 2-core virtual machines
# RegTimeline is measured on, the kernel clears each such page whole when it is first touched,
# and a load makes hundreds of fresh arrays: a million-row load took ~0.2 s longer (2.3-2.6 s
# against 2.0-2.3 s), for frames ~1 ms quicker that were far within their budget. Read by
# numpy when it is imported, so this module comes first (the app, its command line and the
# benchmark import it before numpy); a value set by the user wins.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
