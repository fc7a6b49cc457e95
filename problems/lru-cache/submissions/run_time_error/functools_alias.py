"""Mistakes functools.lru_cache (a decorator) for a cache class: every method call raises."""

from functools import lru_cache as LRUCache  # noqa: N812


def count_misses(capacity, requests):
    cache = LRUCache(capacity)
    misses = 0
    for key in requests:
        if cache.get(key) is None:
            misses += 1
            cache.put(key, True)
    return misses
