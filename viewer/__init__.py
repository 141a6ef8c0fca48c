"""RegTimeline: a swimlane timeline of who permitted what, when, on whose word."""

import os

__version__ = "0.1.0"

# Arrow allocates from the C library's heap, as numpy and pandas do, rather than from its own
# mimalloc pool: after a load, memory Arrow frees is reused by the arrays built next instead of
# being held apart (100k events: peak 383 -> 350 MB; no slower). Set before pyarrow makes its
# first allocation; a value chosen by the user wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
