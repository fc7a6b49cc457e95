"""The server's reading of CodeMirror ChangeSets (api.interviews.changes): insertions, deletions, lengths in
UTF-16 code units as JavaScript counts them, and changes that do not fit refused."""

from __future__ import annotations

import pytest

from api.interviews.changes import BadChange, apply, inserted_length, length


def test_inserts_deletes_and_keeps():
    assert apply("hello", [5, [0, " world"]]) == "hello world"
    assert apply("hello", [[1, "J"], 4]) == "Jello"
    assert apply("a\nb", [1, [1, "", "", ""], 1]) == "a\n\nb"  # lines joined by newlines
    assert apply("abc", [1, [1], 1]) == "ac"


def test_lengths_count_utf16_code_units():
    assert length("a😀b") == 4
    assert apply("a😀b", [3, [0, "!"], 1]) == "a😀!b"
    assert inserted_length([2, [0, "ab", "c"]]) == 4


@pytest.mark.parametrize("changes", [
    "text", [6], [4], [[0, 1]], [True], [-1, 6], [[-1, "x"], 5], [{"x": 1}],
])
def test_changes_that_do_not_fit_are_refused(changes):
    with pytest.raises(BadChange):
        apply("hello", changes)
