"""A bounded cache keyed by object identity, for work done once per parsed query.

Parsed operations and their field nodes are reused across requests (strawberry's
parser cache), so whatever is derived from one (a compiled plan, a page's SQL) can be
kept beside it. Keys are `id()`s, and each entry holds its key object so that id cannot
be reused by another object while the entry lives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """Up to `size` values, the oldest dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[int, tuple[object, V]] = {}

    def get(self, key: object, compute: Callable[[], V]) -> V:
        """The value for `key`, computed by `compute` the first time (None is a value)."""
        found = self._entries.get(id(key))
        if found is not None and found[0] is key:
            return found[1]
        value = compute()
        self._entries[id(key)] = (key, value)
        if len(self._entries) > self.size:
            del self._entries[next(iter(self._entries))]
        return value
