"""Golden tests for graders/compare.py: exact, token (Kattis default validator) and float comparison."""

import pytest

from graders.compare import compare_exact, compare_floats, compare_tokens, parse_number, tokenize

# ---------------------------------------------------------------------- exact


@pytest.mark.parametrize(
    ("output", "answer", "ok"),
    [
        (b"3\n", b"3\n", True),
        (b"3", b"3\n", True),  # no trailing newline
        (b"3\n\n  \t", b"3\n", True),  # trailing whitespace at the very end
        (b"1 2\n3\n", b"1 2\n3", True),
        (b"1  2\n", b"1 2\n", False),  # inner spacing matters
        (b"1 2 \n3\n", b"1 2\n3\n", False),  # trailing space on an inner line matters
        (b"abc\n", b"ABC\n", False),
        (b"", b"", True),
        (b"", b"\n", True),
        (b"", b"x\n", False),
        (b"x\r\ny\r\n", b"x\ny\n", False),
    ],
)
def test_exact(output, answer, ok):
    assert compare_exact(output, answer)[0] is ok


def test_exact_messages():
    assert compare_exact(b"a\nb c\n", b"a\nb d\n") == (False, "line 2, column 3: expected 'b d', got 'b c'")
    assert compare_exact(b"", b"x\ny\n") == (False, "empty output; expected 2 lines")
    assert "line endings differ" in compare_exact(b"x\r\ny", b"x\ny")[1]
    assert compare_exact(b"a\n", b"a\nb\n")[1] == (
        "output ended after 1 line; expected 2 (next expected line: 'b')")
    assert compare_exact(b"a\nb\nc", b"a\n")[1] == "output has 2 extra line(s) after line 1; first extra: 'b'"


# ---------------------------------------------------------------------- tokens


@pytest.mark.parametrize(
    ("output", "answer", "kwargs", "ok"),
    [
        (b"1 2 3\n", b"1 2 3\n", {}, True),
        (b"1\n2\t3", b"1 2 3\n", {}, True),  # whitespace kind and amount ignored
        (b"   1 2 3   \n\n\n", b"1 2 3", {}, True),
        (b"1 2", b"1 2 3", {}, False),
        (b"1 2 3 4", b"1 2 3", {}, False),
        (b"Yes", b"yes", {}, False),
        (b"Yes", b"yes", {"case_sensitive": False}, True),
        (b"STRASSE", b"strasse", {"case_sensitive": False}, True),
        (b"01", b"1", {}, False),  # tokens are strings: no numeric equality
        (b"1.0", b"1", {}, False),
        (b"", b"", {}, True),
        (b"\n", b"", {}, True),
        (b"", b"1\n", {}, False),
        (b"x", b"", {}, False),
        (b"a\xa0b", b"a b", {}, False),  # only ASCII whitespace separates (Kattis: C isspace)
        (b"a\x0bb\x0cc\rd", b"a b c d", {}, True),  # vertical tab, form feed and CR are whitespace
        (b"\xff\xfe", b"x", {}, False),  # invalid UTF-8 is compared, never raises
    ],
)
def test_tokens(output, answer, kwargs, ok):
    assert compare_tokens(output, answer, **kwargs)[0] is ok


@pytest.mark.parametrize(
    ("output", "answer", "ok"),
    [
        (b"1 2\n3\n", b"1 2\n3\n", True),
        (b"1 2\n3", b"1 2\n3\n", True),  # missing final newline tolerated
        (b"1 2\n3\n\n", b"1 2\n3\n", True),  # extra final newline tolerated
        (b"1 2\n3\n", b"1 2\n3", True),
        (b"1  2\n3\n", b"1 2\n3\n", False),
        (b"1 2 3\n", b"1 2\n3\n", False),  # line structure must match
        (b"1\t2\n3\n", b"1 2\n3\n", False),
        (b" 1 2\n3\n", b"1 2\n3\n", False),  # leading space
        (b"1 2 \n3\n", b"1 2\n3\n", False),  # trailing space on a line
        (b"1 2\n3 \n", b"1 2\n3\n", False),  # trailing space before the final newline
        (b"1 2\r\n3\r\n", b"1 2\n3\n", False),
    ],
)
def test_tokens_space_sensitive(output, answer, ok):
    assert compare_tokens(output, answer, space_sensitive=True)[0] is ok
    # Without the flag, all of these are the same tokens.
    assert compare_tokens(output, answer)[0] is True


def test_token_messages():
    assert compare_tokens(b"1 2 4", b"1 2 3") == (False, "token 3: expected '3', got '4'")
    assert compare_tokens(b"1\n2 4\n", b"1\n2 3\n") == (False, "token 3 (line 2): expected '3', got '4'")
    assert compare_tokens(b"", b"1 2\n") == (False, "empty output; expected 2 tokens (first: '1')")
    assert compare_tokens(b" \n", b"1\n") == (
        False, "output contains only whitespace; expected 1 token (first: '1')")
    assert compare_tokens(b"1", b"1 2 3") == (
        False, "output ended after 1 token; expected 3 (next expected: '2')")
    assert compare_tokens(b"1 2 3", b"1") == (
        False, "output has 2 extra token(s) after token 1; first extra: '2'")
    assert compare_tokens(b"x", b"") == (False, "expected no output, got 1 token (first: 'x')")
    assert compare_tokens(b"1  2", b"1 2", space_sensitive=True) == (
        False, "whitespace differs after token 1 (line 1): expected ' ', got '  '")
    assert compare_tokens(b"1 2\n", b"1\n2\n", space_sensitive=True) == (
        False, "whitespace differs after token 1 (line 1): expected '\\n', got ' '")


def test_long_tokens_show_where_they_differ():
    ok, message = compare_tokens(b"7" * 500 + b"8", b"7" * 500 + b"9")
    assert not ok
    assert "first difference at character 501" in message and "lengths 501 and 501" in message
    assert len(message) < 300


def test_tokenize():
    assert tokenize(" a\tb\n\nc \r\n") == ["a", "b", "c"]
    assert tokenize("") == []


# ---------------------------------------------------------------------- floats


@pytest.mark.parametrize(
    ("output", "answer", "abs_tol", "rel_tol", "ok"),
    [
        (b"1.0000001", b"1", 1e-6, 1e-6, True),
        (b"1.1", b"1", 1e-6, 1e-6, False),
        (b"1.5000010", b"1.5", 1e-6, 0, True),  # exactly at the boundary: exact decimal arithmetic
        (b"1.5000011", b"1.5", 1e-6, 0, False),
        (b"1000001", b"1000000", 0, 1e-6, True),  # relative tolerance
        (b"1000002", b"1000000", 0, 1e-6, False),
        (b"1000002", b"1000000", 2, 0, True),  # absolute OR relative
        (b"0.0000001", b"0", 1e-6, 1e-6, True),  # answer 0: only the absolute tolerance can help
        (b"0.01", b"0", 1e-6, 1e-6, False),
        (b"-0", b"0", 0, 0, True),
        (b"1e3", b"1000", 0, 0, True),
        (b"1E+03", b"1000.000", 0, 0, True),
        (b".5", b"0.5", 0, 0, True),
        (b"5.", b"5", 0, 0, True),
        (b"+2", b"2", 0, 0, True),
        (b"1e400", b"1e400", 0, 0, True),  # beyond double range: still exact
        (b"2e400", b"1e400", 1e-6, 1e-6, False),
        (b"1e-400", b"0", 1e-6, 0, True),
        (b"123456789012345678901234567890", b"123456789012345678901234567891", 0, 0, False),
        (b"123456789012345678901234567890", b"123456789012345678901234567891", 1, 0, True),
        (b"nan", b"nan", 0, 0, True),
        (b"NaN", b"nan", 0, 0, True),
        (b"1", b"nan", 1e9, 1e9, False),  # nan matches only nan
        (b"nan", b"1", 1e9, 1e9, False),
        (b"inf", b"inf", 0, 0, True),
        (b"Infinity", b"inf", 0, 0, True),
        (b"-inf", b"inf", 1e9, 1e9, False),  # same-signed infinity only
        (b"1e308", b"inf", 1e9, 1e9, False),
        (b"inf", b"1e308", 1e9, 1e9, False),
        (b"0x10", b"16", 1e9, 1e9, False),  # hex is not a number
        (b"1_000", b"1000", 1e9, 1e9, False),  # neither are underscores
        (b"1e", b"1", 1e9, 1e9, False),
        (b"abc", b"abc", 0, 0, True),  # non-numeric answer tokens compare as strings
        (b"ABC", b"abc", 0, 0, False),
        (b"0x10", b"0x10", 0, 0, True),
        (b"yes 1.0000001", b"yes 1", 1e-6, 0, True),
        (b"", b"1.5", 1e-6, 1e-6, False),
        (b"1.5\n", b"1.5", 1e-6, 1e-6, True),
        (b"1.5 2.5", b"1.5", 1e-6, 1e-6, False),
    ],
)
def test_floats(output, answer, abs_tol, rel_tol, ok):
    assert compare_floats(output, answer, abs_tol=abs_tol, rel_tol=rel_tol)[0] is ok


def test_float_case_and_space_flags():
    assert compare_floats(b"YES 1.0", b"yes 1", case_sensitive=False)[0]
    assert not compare_floats(b"YES 1.0", b"yes 1")[0]
    assert not compare_floats(b"1.0  2.0", b"1 2", space_sensitive=True)[0]
    assert compare_floats(b"1.0 2.0", b"1 2\n", space_sensitive=True)[0]


def test_float_messages():
    assert compare_floats(b"1 2 1.7", b"1 2 1.5", abs_tol=1e-6, rel_tol=0) == (
        False, "token 3: expected '1.5', got '1.7' (abs diff 0.2 > 1e-06)")
    assert compare_floats(b"1.7", b"1.5") == (
        False, "token 1: expected '1.5', got '1.7' (abs diff 0.2 > 1e-06, rel diff 0.133333 > 1e-06)")
    assert compare_floats(b"x", b"1.5") == (False, "token 1: expected a number like '1.5', got 'x'")
    assert "only nan matches nan" in compare_floats(b"1", b"nan")[1]
    assert "same infinity" in compare_floats(b"-inf", b"inf")[1]


def test_negative_tolerance_is_refused():
    with pytest.raises(ValueError, match="tolerances"):
        compare_floats(b"1", b"1", abs_tol=-1)


@pytest.mark.parametrize("token", ["1", "-1.5", "+.5", "5.", "1e10", "1E-3", "inf", "-Infinity", "NaN"])
def test_numbers(token):
    assert parse_number(token) is not None


@pytest.mark.parametrize(
    "token", ["0x1p3", "1_0", "1e", "e1", "--1", "1.2.3", "", ".", "infinit", "1,5", "\u0661"])
def test_not_numbers(token):
    assert parse_number(token) is None


def test_str_input_and_huge_output_fast_path():
    big = "1 " * 200_000
    assert compare_floats(big, big) == (True, "output matches the answer exactly")
    assert compare_tokens(big + "2", big + "3")[1].startswith("token 200001:")
