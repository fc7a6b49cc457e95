"""LRU cache on collections.OrderedDict: the order of the dict is the recency order."""

from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Any


class LRUCache:
    def __init__(self, capacity: int) -> None:
        if capacity < 0:
            raise ValueError("capacity must be >= 0")
        self.capacity = capacity
        self._data: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, default: Any = None) -> Any:
        if key not in self._data:
            return default
        self._data.move_to_end(key)
        return self._data[key]

    def put(self, key: Hashable, value: Any) -> None:
        if self.capacity == 0:
            return
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self.capacity:
            self._data.popitem(last=False)

    def keys(self) -> list[Hashable]:
        return list(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._data


def count_misses(capacity: int, requests: Iterable[Hashable]) -> int:
    cache = LRUCache(capacity)
    misses = 0
    for key in requests:
        if key in cache:
            cache.get(key)
        else:
            misses += 1
            cache.put(key, True)
    return misses
