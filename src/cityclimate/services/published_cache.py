"""What is read from published inventories, kept in memory (issue 20: dashboard reads under load).

A published version never changes, so what is computed from it alone (its snapshot with the
report; the dashboard of a territory from its published versions and its socio-economic inputs)
can be kept and served again. The key says what the value was computed from: the database, the
published version ids (and status) and every other input read. Publishing a new version gives
a new key, so nothing is ever invalidated by hand; a draft is never kept.

Per process: each server worker has its own cache (no shared memory, no cache server); a value
is at most ``maxsize`` entries old in least-recently-used order. Values are shared between the
callers of one process: treat them as read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Generic, TypeVar

from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

V = TypeVar("V")


class PublishedCache(Generic[V]):
    """A bounded, thread-safe least-recently-used map of values computed from published data."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept under ``key``, else ``make()`` (called outside the lock), kept."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
        value = make()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def database_of(session: Session) -> str:
    """The database a session reads (part of every key: one process may serve several)."""
    return _rendered(session.get_bind().engine.url)


@lru_cache(maxsize=16)
def _rendered(url: URL) -> str:
    # Rendering a URL costs more than the rest of a kept dashboard read; URLs are immutable.
    return url.render_as_string(hide_password=True)
