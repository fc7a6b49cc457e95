"""LRU cache as a hash map of nodes in a doubly linked list (what you write without OrderedDict)."""


class _Node:
    __slots__ = ("key", "value", "prev", "next")

    def __init__(self, key=None, value=None):
        self.key = key
        self.value = value
        self.prev = self.next = None


class LRUCache:
    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("capacity must not be negative")
        self.capacity = capacity
        self.nodes = {}
        self.head = _Node()  # sentinel: head.next is the least recently used
        self.tail = _Node()  # sentinel: tail.prev is the most recently used
        self.head.next, self.tail.prev = self.tail, self.head

    def _unlink(self, node):
        node.prev.next, node.next.prev = node.next, node.prev

    def _append(self, node):
        node.prev, node.next = self.tail.prev, self.tail
        self.tail.prev.next = node
        self.tail.prev = node

    def get(self, key, default=None):
        node = self.nodes.get(key)
        if node is None:
            return default
        self._unlink(node)
        self._append(node)
        return node.value

    def put(self, key, value):
        if self.capacity == 0:
            return
        node = self.nodes.get(key)
        if node is not None:
            node.value = value
            self._unlink(node)
        else:
            node = self.nodes[key] = _Node(key, value)
            if len(self.nodes) > self.capacity:
                oldest = self.head.next
                self._unlink(oldest)
                del self.nodes[oldest.key]
        self._append(node)

    def keys(self):
        out, node = [], self.head.next
        while node is not self.tail:
            out.append(node.key)
            node = node.next
        return out

    def __len__(self):
        return len(self.nodes)

    def __contains__(self, key):
        return key in self.nodes


def count_misses(capacity, requests):
    cache, misses = LRUCache(capacity), 0
    for key in requests:
        if key in cache:
            cache.get(key)
        else:
            misses += 1
            cache.put(key, None)
    return misses
