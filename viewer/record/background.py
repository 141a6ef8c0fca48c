"""Work for the second core: numpy sorts and counts that a view needs a moment later. No Qt here.

The machine an analyst uses has at least two cores; numpy and Arrow release the GIL inside their
kernels, so an array job started here runs while the UI thread lays out panels, and the view
that needs the result waits only for what is left. Jobs take arrays, never live pandas or Qt
objects, so nothing is shared with the UI thread but read-only memory.

A load's steps (viewer/model.py) run on threads of their own instead (`alone`): the thread
that waits for them is the loader's, and they must not queue behind a view's jobs. They take
the load's own frames, which nothing else holds.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

_pool: ThreadPoolExecutor | None = None


def submit(job: Callable, *args) -> Future:
    """Run job(*args) on a background worker (two of them: a grid and a sort may overlap)."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="regtimeline-work")
    return _pool.submit(job, *args)


def alone(job: Callable, *args) -> Future:
    """Run job(*args) at once on a thread of its own, which ends with it."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regtimeline-load")
    try:
        return pool.submit(job, *args)
    finally:
        pool.shutdown(wait=False)
