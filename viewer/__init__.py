"""RegTimeline: a swimlane timeline of who permitted what, when, on whose word."""

__version__ = "0.1.0"


def _keep_none_alive() -> None:
    """Work around a reference-count bug of PySide6 6.12 on Python 3.11.

    Each call of a Qt method that returns nothing drops one reference to None. Python 3.12+
    makes None immortal, so nothing happens there; on 3.11 the count reaches zero after some
    thousands of paints and Python aborts ("deallocating None"), taking the window (or an
    export) down. Giving None a count no session can use up is what 3.12 does for every
    interpreter.
    """
    import sys

    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < 1 << 48:
        count.value += 1 << 48


_keep_none_alive()
