"""api.console.code_diff: the rows of a diff of two attempts' files (kept, removed, added, folded),
files added and removed, and the code escaped."""

from __future__ import annotations

from api.console.code_diff import diff_files


def _lines(count: int, changed: dict[int, str] | None = None) -> str:
    return "".join(f"{(changed or {}).get(i, f'x{i} = {i}')}\n" for i in range(1, count + 1))


def test_a_changed_line_shows_with_its_context_and_the_rest_folded():
    [diff] = diff_files({"a.py": _lines(30)}, {"a.py": _lines(30, {15: "x15 = 99"})}, "python3", "python3")
    assert diff.status == "changed" and (diff.added, diff.removed) == (1, 1)
    kinds = [(row.kind, row.old, row.new, row.folded) for row in diff.rows]
    assert kinds[0] == ("fold", None, None, 11)  # lines 1-11 folded, 12-14 shown
    assert kinds[1:4] == [("same", 12, 12, 0), ("same", 13, 13, 0), ("same", 14, 14, 0)]
    assert kinds[4:6] == [("del", 15, None, 0), ("add", None, 15, 0)]
    assert kinds[-1] == ("fold", None, None, 12)


def test_short_unchanged_stretches_are_shown_not_folded():
    [diff] = diff_files({"a.py": _lines(8)}, {"a.py": _lines(8, {1: "y = 0", 8: "z = 0"})}, "python3", "python3")
    assert all(row.kind != "fold" for row in diff.rows)


def test_files_added_removed_and_unchanged():
    diffs = diff_files({"a.py": "1\n", "gone.py": "2\n"}, {"a.py": "1\n", "new.py": "3\n"}, "python3", "python3")
    assert [(d.name, d.status, d.added, d.removed) for d in diffs] == [
        ("a.py", "same", 0, 0), ("gone.py", "removed", 0, 1), ("new.py", "added", 1, 0)]
    assert diffs[0].rows == []


def test_the_code_is_escaped():
    [diff] = diff_files({"a.js": "x = 1\n"}, {"a.js": "s = '<script>alert(1)</script>'\n"}, "javascript", "javascript")
    shown = "".join(str(row.html) for row in diff.rows)
    assert "<script>" not in shown and "&lt;script&gt;" in shown
