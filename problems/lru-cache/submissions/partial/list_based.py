"""Correct, but the recency order is a Python list: every use is an O(n) list.remove."""


class LRUCache:
    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("capacity must not be negative")
        self.capacity = capacity
        self.values = {}
        self.order = []  # least recently used first

    def _touch(self, key):
        self.order.remove(key)
        self.order.append(key)

    def get(self, key, default=None):
        if key not in self.values:
            return default
        self._touch(key)
        return self.values[key]

    def put(self, key, value):
        if self.capacity == 0:
            return
        if key in self.values:
            self._touch(key)
        else:
            self.order.append(key)
        self.values[key] = value
        if len(self.order) > self.capacity:
            del self.values[self.order.pop(0)]

    def keys(self):
        return list(self.order)

    def __len__(self):
        return len(self.values)

    def __contains__(self, key):
        return key in self.values


def count_misses(capacity, requests):
    cache, misses = LRUCache(capacity), 0
    for key in requests:
        if key in cache:
            cache.get(key)
        else:
            misses += 1
            cache.put(key, True)
    return misses
