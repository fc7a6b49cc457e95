"""Hidden unit tests of the cursor-pagination problem, run by Assay's unittest grader against the
candidate's solution.py (a single-file submission may arrive as main.py: both are tried)."""

import base64
import random

import pytest
from assay_unittest import CandidateError, candidate

MODULE_NAMES = ("solution", "main")


@pytest.fixture
def mod() -> object:
    """The candidate's module."""
    missing = None
    for name in MODULE_NAMES:
        module = candidate(name)
        try:
            module.paginate  # noqa: B018 - imports the module in the candidate's process
        except ModuleNotFoundError as exc:
            if name not in str(exc):
                raise
            missing = exc
            continue
        return module
    raise missing


def orders(mod: object, times: list[str]) -> list:
    return [mod.Order(id=i + 1, created_at=t) for i, t in enumerate(times)]


def walk(mod: object, data: list, limit: int) -> tuple[list[int], int]:
    """Every id the client sees, following next_cursor until it is None, and the number of pages."""
    seen, cursor, pages = [], None, 0
    while True:
        page = mod.paginate(data, limit=limit, cursor=cursor)
        pages += 1
        seen += [o.id for o in page.orders]
        cursor = page.next_cursor
        if cursor is None or pages > 10_000:
            return seen, pages


def distinct_times(n: int) -> list[str]:
    return [f"2026-12-07T09:{i // 60:02d}:{i % 60:02d}Z" for i in range(n)]


@pytest.mark.sample
def test_first_page(mod: object) -> None:
    data = orders(mod, distinct_times(5))
    page = mod.paginate(data, limit=2)
    assert [o.id for o in page.orders] == [1, 2]
    assert page.next_cursor is not None


@pytest.mark.sample
def test_walk_all_pages_returns_every_order_once(mod: object) -> None:
    data = orders(mod, distinct_times(7))
    seen, _ = walk(mod, data, 3)
    assert seen == [1, 2, 3, 4, 5, 6, 7]


def test_same_second_orders_are_not_lost(mod: object) -> None:
    data = orders(mod, ["2026-12-07T09:00:00Z"] * 5 + ["2026-12-07T09:00:01Z"] * 3)
    seen, _ = walk(mod, data, 2)
    assert sorted(seen) == list(range(1, 9)), "orders created in the same second went missing between pages"


def test_same_second_orders_are_not_repeated(mod: object) -> None:
    data = orders(mod, ["2026-12-07T09:00:00Z"] * 4 + ["2026-12-07T09:00:05Z"] * 4)
    seen, _ = walk(mod, data, 3)
    assert len(seen) == len(set(seen)), "an order appears on two pages"


def test_last_page_has_no_cursor(mod: object) -> None:
    data = orders(mod, distinct_times(5))
    page = mod.paginate(data, limit=10)
    assert [o.id for o in page.orders] == [1, 2, 3, 4, 5]
    assert page.next_cursor is None


def test_exact_multiple_has_no_empty_page(mod: object) -> None:
    data = orders(mod, distinct_times(6))
    seen, pages = walk(mod, data, 3)
    assert seen == [1, 2, 3, 4, 5, 6]
    assert pages == 2, f"the client needed {pages} requests for 6 orders in pages of 3 (the last one empty)"


def test_limit_above_max_is_capped(mod: object) -> None:
    data = orders(mod, distinct_times(150))
    page = mod.paginate(data, limit=500)
    assert len(page.orders) == 100
    assert page.next_cursor is not None


def test_limit_below_one_raises(mod: object) -> None:
    data = orders(mod, distinct_times(3))
    for limit in (0, -1):
        with pytest.raises(ValueError):
            mod.paginate(data, limit=limit)


GARBAGE = [
    "not base64!!", "eyJ0Ijo", base64.urlsafe_b64encode(b"[1, 2]").decode(),
    base64.urlsafe_b64encode(b'{"t": "2026-12-07T09:00:00Z"}').decode(),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(), "",
]


def test_garbage_cursor_raises_invalid_cursor(mod: object) -> None:
    data = orders(mod, distinct_times(3))
    for cursor in GARBAGE:
        # the candidate's own exception class arrives as CandidateError, named by its type
        with pytest.raises(CandidateError) as raised:
            mod.paginate(data, limit=2, cursor=cursor)
        assert raised.value.type_name == "InvalidCursor", f"cursor {cursor!r}: {raised.value}"


def test_cursor_is_url_safe(mod: object) -> None:
    data = orders(mod, ["2026-12-07T09:00:00+01:00"] * 3 + distinct_times(3))
    page = mod.paginate(data, limit=2)
    cursor = str(page.next_cursor)
    assert cursor and all(c.isalnum() or c in "-_=" for c in cursor), f"not URL-safe: {cursor!r}"


def test_cursor_survives_new_orders(mod: object) -> None:
    data = orders(mod, distinct_times(6))
    first = mod.paginate(data, limit=3)
    data.append(mod.Order(id=99, created_at="2026-12-07T08:00:00Z"))  # a late import, older than the cursor
    second = mod.paginate(data, limit=3, cursor=first.next_cursor)
    assert [o.id for o in second.orders] == [4, 5, 6]


def test_unsorted_input_and_many_pages(mod: object) -> None:
    rng = random.Random(7)
    times = [f"2026-12-07T09:00:{rng.randint(0, 9):02d}Z" for _ in range(250)]
    data = orders(mod, times)
    rng.shuffle(data)
    seen, _ = walk(mod, data, 7)
    expected = [o.id for o in sorted(data, key=lambda o: (o.created_at, o.id))]
    assert seen == expected
