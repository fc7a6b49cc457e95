"""Your LRU cache. Keep the names: the tests import LRUCache and count_misses from this file."""


class LRUCache:
    def __init__(self, capacity: int) -> None:
        # TODO: ValueError for a negative capacity
        raise NotImplementedError

    def get(self, key, default=None):
        """The value stored for key (making it the most recently used), or default."""
        raise NotImplementedError

    def put(self, key, value) -> None:
        """Store value under key (the most recently used); evict the least recently used if full."""
        raise NotImplementedError

    def keys(self) -> list:
        """The keys from the least to the most recently used."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __contains__(self, key) -> bool:
        """Whether key is cached. A peek: does not change the recency order."""
        raise NotImplementedError


def count_misses(capacity: int, requests) -> int:
    """Replay the requested keys against an LRUCache(capacity); return how many were not cached."""
    raise NotImplementedError


if __name__ == "__main__":
    # Try it yourself (the graders call the functions directly; this block is not used).
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    print(cache.get("a"), count_misses(2, ["a", "b", "a", "c", "b", "a"]))
