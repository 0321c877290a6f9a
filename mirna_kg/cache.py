"""One cache for the server: computed answers kept by key, bounded by the bytes they hold, safe across threads.

Entity pages, searches, query results and figures are computed on demand and kept (the graph a server holds is
read-only, so an answer never goes stale). Starlette runs handlers in threads, so the cache locks; each key is
computed once even when asked for concurrently (the second caller waits for the first). The bound is in bytes,
not entries: a few large results must not grow the server without limit. The least recently used answers go
first; an answer larger than the whole budget is returned but not kept.

>>> cache = ByteCache(10)
>>> cache.get("a", lambda: b"12345")
b'12345'
>>> cache.get("b", lambda: b"123456") and "a" in cache
False
>>> cache.size_in_bytes
6
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: The cost charged for a value whose size cannot be read off it (a parsed description, a list of matches).
OBJECT_COST = 16 * 1024


def cost_of(value: object) -> int:
    """The bytes a cached value is charged: its length for bytes and text, its body for a response-like value,
    the sum over a tuple, ``OBJECT_COST`` otherwise."""
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    body = getattr(value, "body", None)
    if isinstance(body, bytes):
        return len(body) + 256
    if isinstance(value, tuple):
        return sum(cost_of(v) for v in value) + 64
    return OBJECT_COST


class ByteCache:
    """A thread-safe LRU bounded by ``max_bytes`` (0 keeps nothing)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}
        self.size_in_bytes = 0

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def get(self, key: Hashable, make: Callable[[], T], *, keep: Callable[[T], bool] | None = None) -> T:
        """The value for ``key``, made by ``make`` the first time; ``keep`` may veto keeping a made value."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._items:
                    return self._items[key][0]
            try:
                value = make()
            finally:
                with self._lock:
                    self._making.pop(key, None)
            if keep is None or keep(value):
                self._put(key, value)
        return value

    def _put(self, key: Hashable, value: object) -> None:
        cost = cost_of(value)
        if cost > self.max_bytes:
            return
        with self._lock:
            self._items[key] = (value, cost)
            self.size_in_bytes += cost
            while self.size_in_bytes > self.max_bytes and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size_in_bytes -= dropped
