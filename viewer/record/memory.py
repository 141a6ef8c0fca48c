"""Give memory freed after a large load back to the system. No Qt here.

Parsing a million rows makes large temporaries (the file's bytes, Arrow's parse buffers, masks);
both Arrow's allocator and the C library keep freed blocks for reuse, so without this the
process would go on holding hundreds of megabytes that nothing uses.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pyarrow as pa


@functools.lru_cache(maxsize=1)
def _libc():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


# Below this peak there is little to give back, and a forced collection of the allocator's
# heaps is not worth its risk: it is the one call here that reaches into the allocator's
# per-thread state, and it runs on the loader's thread.
_WORTH_RELEASING = 32 * 1024 * 1024


def release_unused() -> None:
    """Return free pages of Arrow's pool and of the C heap (glibc) to the system.

    Only after a large load (Arrow's peak above 32 MB); small files leave nothing worth it.
    """
    pool = pa.default_memory_pool()
    if pool.max_memory() < _WORTH_RELEASING:
        return
    pool.release_unused()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
