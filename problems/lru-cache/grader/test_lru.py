"""Hidden unit tests of the LRU cache problem, run by Assay's unittest grader against the
candidate's solution.py (a single-file submission may arrive as main.py: both are tried)."""

import random
from collections import OrderedDict

import pytest
from assay_unittest import candidate

MODULE_NAMES = ("solution", "main")


@pytest.fixture
def mod() -> object:
    """The candidate's module."""
    missing = None
    for name in MODULE_NAMES:
        module = candidate(name)
        try:
            module.LRUCache  # noqa: B018 - imports the module in the candidate's process
        except ModuleNotFoundError as exc:
            if name not in str(exc):
                raise  # the candidate's module imports something that does not exist
            missing = exc
            continue
        return module
    raise missing


def reference_misses(capacity: int, requests: list) -> int:
    cache = OrderedDict()
    misses = 0
    for key in requests:
        if key in cache:
            cache.move_to_end(key)
            continue
        misses += 1
        if capacity == 0:
            continue
        cache[key] = True
        if len(cache) > capacity:
            cache.popitem(last=False)
    return misses


# ----------------------------------------------------------------------------- basics


@pytest.mark.sample
def test_put_then_get(mod: object) -> None:
    cache = mod.LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    assert cache.get("b") == 2


@pytest.mark.sample
def test_get_missing_returns_default(mod: object) -> None:
    cache = mod.LRUCache(2)
    assert cache.get("nope") is None
    assert cache.get("nope", -1) == -1


def test_update_existing_value(mod: object) -> None:
    cache = mod.LRUCache(2)
    cache.put("a", 1)
    cache.put("a", 10)
    assert cache.get("a") == 10
    assert len(cache) == 1


def test_len_and_contains(mod: object) -> None:
    cache = mod.LRUCache(3)
    assert len(cache) == 0
    for key in "xyz":
        cache.put(key, key.upper())
    assert len(cache) == 3
    assert "x" in cache and "y" in cache and "z" in cache
    assert "w" not in cache


def test_none_value_is_stored(mod: object) -> None:
    cache = mod.LRUCache(2)
    cache.put("k", None)
    assert "k" in cache
    assert cache.get("k", "missing") is None


def test_mixed_key_types(mod: object) -> None:
    cache = mod.LRUCache(4)
    cache.put(1, "int")
    cache.put("1", "str")
    cache.put((1, 2), "tuple")
    cache.put(1.5, "float")
    assert cache.get(1) == "int"
    assert cache.get("1") == "str"
    assert cache.get((1, 2)) == "tuple"
    assert cache.get(1.5) == "float"


# ----------------------------------------------------------------------------- eviction


@pytest.mark.sample
def test_evicts_least_recently_used(mod: object) -> None:
    cache = mod.LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)  # evicts "a"
    assert "a" not in cache
    assert cache.get("b") == 2
    assert cache.get("c") == 3
    assert len(cache) == 2


def test_get_refreshes_recency(mod: object) -> None:
    cache = mod.LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3)
    assert "b" not in cache
    assert cache.get("a") == 1 and cache.get("c") == 3


def test_put_existing_refreshes_recency(mod: object) -> None:
    cache = mod.LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 11)  # an update counts as a use
    cache.put("c", 3)
    assert "b" not in cache
    assert cache.get("a") == 11


def test_contains_does_not_refresh(mod: object) -> None:
    cache = mod.LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert "a" in cache  # a peek, not a use
    cache.put("c", 3)
    assert "a" not in cache
    assert "b" in cache


def test_get_missing_does_not_change_anything(mod: object) -> None:
    cache = mod.LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("zzz") is None
    assert len(cache) == 2
    cache.put("c", 3)
    assert "a" not in cache and "b" in cache


def test_keys_in_recency_order(mod: object) -> None:
    cache = mod.LRUCache(3)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    cache.get("a")
    cache.put("b", 20)
    assert list(cache.keys()) == ["c", "a", "b"]
    cache.put("d", 4)
    assert list(cache.keys()) == ["a", "b", "d"]


def test_capacity_one(mod: object) -> None:
    cache = mod.LRUCache(1)
    cache.put("a", 1)
    cache.put("b", 2)
    assert "a" not in cache
    assert cache.get("b") == 2
    assert len(cache) == 1


def test_capacity_zero_stores_nothing(mod: object) -> None:
    cache = mod.LRUCache(0)
    cache.put("a", 1)
    assert len(cache) == 0
    assert cache.get("a") is None


def test_negative_capacity_raises(mod: object) -> None:
    with pytest.raises(ValueError):
        mod.LRUCache(-1)


def test_long_random_sequence(mod: object) -> None:
    rng = random.Random(7)
    cache = mod.LRUCache(5)
    model = OrderedDict()
    for step in range(400):
        key = rng.randint(0, 9)
        if rng.random() < 0.5:
            value = step
            cache.put(key, value)
            model[key] = value
            model.move_to_end(key)
            if len(model) > 5:
                model.popitem(last=False)
        else:
            expected = model.get(key)
            if key in model:
                model.move_to_end(key)
            assert cache.get(key) == expected, f"step {step}: get({key})"
    assert list(cache.keys()) == list(model)


# ----------------------------------------------------------------------------- count_misses


@pytest.mark.sample
def test_count_misses_small(mod: object) -> None:
    assert mod.count_misses(2, ["a", "b", "a", "c", "b", "a"]) == 5
    assert mod.count_misses(3, ["a", "b", "a", "c", "b", "a"]) == 3
    assert mod.count_misses(0, ["a", "a"]) == 2
    assert mod.count_misses(5, []) == 0


def test_count_misses_trace(mod: object) -> None:
    rng = random.Random(42)
    requests = [f"/img/{int(rng.paretovariate(1.2)) % 500}.png" for _ in range(5000)]
    for capacity in (1, 10, 100, 499, 600):
        assert mod.count_misses(capacity, requests) == reference_misses(capacity, requests), capacity


def test_count_misses_large_is_fast(mod: object) -> None:
    """200 000 requests against a cache of 50 000 entries: every operation must be O(1)."""
    rng = random.Random(2024)
    hot = 60_000
    requests = [rng.randrange(hot) if rng.random() < 0.9 else rng.randrange(10**9) for _ in range(200_000)]
    assert mod.count_misses(50_000, requests) == reference_misses(50_000, requests)
