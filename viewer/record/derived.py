"""Values worked out once per model and kept while the model lives. No Qt here.

Each module that derives something from a model (the mark looks, the search index, the facet
cube...) declares one `PerModel` for it, named and typed where it is computed, instead of
writing into a dictionary every module shares. Values go with their model: a model dropped
(another file opened) drops them too.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_MISSING = object()


class PerModel(Generic[T]):
    """`values(model)` builds the value on first use and returns the same one after."""

    def __init__(self, build: Callable[..., T]) -> None:
        self._build = build
        self._values: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()  # a loader thread and the UI thread may ask at once

    def __call__(self, model) -> T:
        value = self._values.get(model, _MISSING)
        if value is _MISSING:
            value = self._build(model)
            with self._lock:
                value = self._values.setdefault(model, value)
        return value

    def put(self, model, value: T) -> T:
        """Keep `value` for `model` (for values that depend on more than the model)."""
        with self._lock:
            self._values[model] = value
        return value
