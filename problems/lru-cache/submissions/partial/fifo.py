"""A FIFO cache by mistake: reads do not refresh an entry, so the oldest INSERTED entry goes first."""


class LRUCache:
    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("capacity must not be negative")
        self.capacity = capacity
        self.data = {}  # insertion order

    def get(self, key, default=None):
        return self.data.get(key, default)

    def put(self, key, value):
        if self.capacity == 0:
            return
        self.data.pop(key, None)
        self.data[key] = value
        if len(self.data) > self.capacity:
            del self.data[next(iter(self.data))]

    def keys(self):
        return list(self.data)

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        return key in self.data


def count_misses(capacity, requests):
    cache, misses = LRUCache(capacity), 0
    for key in requests:
        if key not in cache:
            misses += 1
            cache.put(key, 1)
        else:
            cache.get(key)
    return misses
