"""Output comparison: pure functions shared by the exact, token and float graders.

Every function takes the program's output and the expected answer (bytes, decoded as UTF-8 with
replacement) and returns ``(ok, message)``. The message is for reviewers and says precisely where
and how the output differs; graders show candidates a generic message instead.

Token semantics follow the Kattis default output validator: tokens are separated by ASCII
whitespace (space, tab, newline, vertical tab, form feed, carriage return), compared as strings,
optionally ignoring case. With ``space_sensitive`` the whitespace between tokens must match
byte for byte as well (so the line structure must match), except that a missing or extra newline
at the very end of the output is tolerated.

Float semantics: where the ANSWER token is a decimal number (``[+-]digits[.digits][e[+-]digits]``,
or ``inf``/``infinity``/``nan`` in any case), the output token must be one too and passes if it is
within ``abs_tol`` OR within ``rel_tol * |answer|`` of it. Arithmetic is exact decimal arithmetic,
so huge values (``1e400``) and long integers compare correctly and boundaries are not blurred by
binary rounding. ``nan`` matches only ``nan``; ``inf`` only an infinity of the same sign. Hex
floats, ``1_000`` and other garbage are not numbers; non-numeric answer tokens compare as tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Context, Decimal, InvalidOperation

__all__ = [
    "compare_exact",
    "compare_floats",
    "compare_tokens",
    "decode",
    "mismatch",
    "parse_number",
    "tokenize",
]

# C isspace() in the "C" locale: what the Kattis validator splits on (not Unicode spaces).
WHITESPACE = " \t\n\v\f\r"
_TOKEN_RE = re.compile(r"[^ \t\n\v\f\r]+")
_SPACE_RE = re.compile(r"[ \t\n\v\f\r]+")
_NUMBER_RE = re.compile(
    r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)\Z", re.IGNORECASE | re.ASCII
)
# Exponents as large as decimal allows (beyond: infinity); precision is set per comparison so that
# differences are exact.
_EMAX = 999_999_999_999_999_999
MAX_SHOWN = 60  # characters of a token shown in a message


def decode(data: bytes | str) -> str:
    """Text of an output or answer: UTF-8, invalid bytes replaced (never an exception)."""
    return data if isinstance(data, str) else data.decode("utf-8", errors="replace")


def shown(text: str) -> str:
    """A token or line as quoted in a message: repr-quoted, long ones cut."""
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN] + "..."
    return repr(text)


def mismatch(want: str, got: str) -> str:
    """'expected X, got Y'; for long strings, a window around the first difference."""
    if len(want) <= MAX_SHOWN and len(got) <= MAX_SHOWN:
        return f"expected {shown(want)}, got {shown(got)}"
    at = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b),
              min(len(want), len(got)))
    start = max(0, at - 20)

    def window(text: str) -> str:
        return ("..." if start else "") + shown(text[start : start + MAX_SHOWN - 20])

    return (f"expected {window(want)}, got {window(got)} (first difference at character {at + 1}; "
            f"lengths {len(want)} and {len(got)})")


def tokenize(text: str) -> list[str]:
    """Tokens separated by ASCII whitespace."""
    return _TOKEN_RE.findall(text)


def _tokens_with_lines(text: str) -> Iterator[tuple[str, int]]:
    """Tokens with their 1-based line numbers (for messages only)."""
    line = 1
    last = 0
    for match in _TOKEN_RE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        yield match.group(), line


def _line_of(text: str, index: int) -> int:
    """1-based line number of the index-th token (0-based) of text."""
    for position, (_token, line) in enumerate(_tokens_with_lines(text)):
        if position == index:
            return line
    return text.count("\n") + 1


# ---------------------------------------------------------------------- exact


def compare_exact(output: bytes | str, answer: bytes | str) -> tuple[bool, str]:
    """Byte-exact comparison, except that trailing whitespace at the very end is ignored."""
    out = decode(output).rstrip(WHITESPACE)
    ans = decode(answer).rstrip(WHITESPACE)
    if out == ans:
        return True, "output matches the answer exactly"
    if not out:
        return False, "empty output; expected " + _count(len(ans.splitlines()), "line")
    out_lines = out.split("\n")
    ans_lines = ans.split("\n")
    for number, (got, want) in enumerate(zip(out_lines, ans_lines, strict=False), start=1):
        if got == want:
            continue
        if got.rstrip("\r") == want.rstrip("\r"):
            endings = ("'\\r\\n'", "'\\n'") if got.endswith("\r") else ("'\\n'", "'\\r\\n'")
            return False, (f"line {number}: line endings differ (the output ends lines with {endings[0]}, "
                           f"the answer with {endings[1]})")
        column = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
                      min(len(got), len(want)))
        return False, f"line {number}, column {column + 1}: {mismatch(want, got)}"
    if len(out_lines) < len(ans_lines):
        return False, (f"output ended after {_count(len(out_lines), 'line')}; expected "
                       f"{len(ans_lines)} (next expected line: {shown(ans_lines[len(out_lines)])})")
    return False, (f"output has {len(out_lines) - len(ans_lines)} extra line(s) after line {len(ans_lines)}; "
                   f"first extra: {shown(out_lines[len(ans_lines)])}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# ---------------------------------------------------------------------- whitespace


def _compare_spacing(out: str, ans: str) -> tuple[bool, str]:
    """Whitespace between tokens must be identical; newlines at the very end may differ."""
    out = out.rstrip("\n")
    ans = ans.rstrip("\n")
    out_spaces = [(m.group(), m.start()) for m in _SPACE_RE.finditer(out)]
    ans_spaces = [(m.group(), m.start()) for m in _SPACE_RE.finditer(ans)]
    # Leading whitespace counts as a separator before token 1.
    out_lead = bool(out) and out[0] in WHITESPACE
    ans_lead = bool(ans) and ans[0] in WHITESPACE
    if out_lead != ans_lead:
        return False, "whitespace differs before token 1: " + (
            f"expected {shown(ans_spaces[0][0])}, got nothing" if ans_lead
            else f"expected nothing, got {shown(out_spaces[0][0])}"
        )
    for index, ((got, at), (want, _)) in enumerate(zip(out_spaces, ans_spaces, strict=False)):
        if got != want:
            line = out.count("\n", 0, at) + 1
            token = index + (0 if out_lead else 1)
            where = f"after token {token}" if token else "before token 1"
            return False, (f"whitespace differs {where} (line {line}): "
                           f"expected {shown(want)}, got {shown(got)}")
    if len(out_spaces) != len(ans_spaces):
        more_in_output = len(out_spaces) > len(ans_spaces)
        longer, which = (out_spaces, "output") if more_in_output else (ans_spaces, "answer")
        extra = longer[min(len(out_spaces), len(ans_spaces))][0]
        return False, f"whitespace differs at the end: the {which} has {shown(extra)} more"
    return True, ""


# ---------------------------------------------------------------------- tokens


def compare_tokens(
    output: bytes | str,
    answer: bytes | str,
    case_sensitive: bool = True,
    space_sensitive: bool = False,
) -> tuple[bool, str]:
    """Kattis default-validator token comparison (see the module docstring)."""
    return _compare(decode(output), decode(answer), case_sensitive, space_sensitive, None)


def compare_floats(
    output: bytes | str,
    answer: bytes | str,
    abs_tol: float = 1e-6,
    rel_tol: float = 1e-6,
    case_sensitive: bool = True,
    space_sensitive: bool = False,
) -> tuple[bool, str]:
    """Token comparison where numeric answer tokens accept values within abs OR rel tolerance."""
    if abs_tol < 0 or rel_tol < 0:
        raise ValueError("tolerances must be >= 0")
    return _compare(decode(output), decode(answer), case_sensitive, space_sensitive, (abs_tol, rel_tol))


def _compare(out: str, ans: str, case_sensitive: bool, space_sensitive: bool,
             tolerances: tuple[float, float] | None) -> tuple[bool, str]:
    if out == ans or (space_sensitive and out.rstrip("\n") == ans.rstrip("\n")):
        return True, "output matches the answer exactly"
    out_tokens = tokenize(out)
    ans_tokens = tokenize(ans)
    if not out_tokens and ans_tokens:
        what = "empty output" if not out else "output contains only whitespace"
        return False, f"{what}; expected {_count(len(ans_tokens), 'token')} (first: {shown(ans_tokens[0])})"
    checker = _token_checker(case_sensitive, tolerances)
    for index, (got, want) in enumerate(zip(out_tokens, ans_tokens, strict=False)):
        if got == want:
            continue
        problem = checker(got, want)
        if problem:
            line = f" (line {_line_of(out, index)})" if "\n" in out.rstrip(WHITESPACE) else ""
            return False, f"token {index + 1}{line}: {problem}"
    if len(out_tokens) < len(ans_tokens):
        return False, (f"output ended after {_count(len(out_tokens), 'token')}; expected {len(ans_tokens)} "
                       f"(next expected: {shown(ans_tokens[len(out_tokens)])})")
    if len(out_tokens) > len(ans_tokens) and not ans_tokens:
        return False, (f"expected no output, got {_count(len(out_tokens), 'token')} "
                       f"(first: {shown(out_tokens[0])})")
    if len(out_tokens) > len(ans_tokens):
        return False, (f"output has {len(out_tokens) - len(ans_tokens)} extra token(s) after token "
                       f"{len(ans_tokens)}; first extra: {shown(out_tokens[len(ans_tokens)])}")
    if space_sensitive:
        ok, message = _compare_spacing(out, ans)
        if not ok:
            return False, message
    return True, "tokens match" + (" within tolerance" if tolerances else "")


def _token_checker(case_sensitive: bool, tolerances: tuple[float, float] | None) -> Callable[[str, str], str]:
    """A function (got, want) -> problem description, or "" when the tokens match."""

    def as_strings(got: str, want: str) -> str:
        if not case_sensitive and got.casefold() == want.casefold():
            return ""
        return mismatch(want, got)

    if tolerances is None:
        return as_strings
    abs_tol, rel_tol = tolerances

    def as_numbers(got: str, want: str) -> str:
        expected = parse_number(want)
        if expected is None:
            return as_strings(got, want)
        actual = parse_number(got)
        if actual is None:
            return f"expected a number like {shown(want)}, got {shown(got)}"
        return _number_problem(actual, expected, got, want, abs_tol, rel_tol)

    return as_numbers


def _exact(*tokens: str) -> Context:
    """A context in which sums and differences of these tokens are exact and nothing raises."""
    return Context(prec=max(28, 2 * sum(len(t) for t in tokens) + 10), Emax=_EMAX, Emin=-_EMAX, traps=[])


def parse_number(token: str) -> Decimal | None:
    """The decimal value of a numeric token, or None (hex, underscores, garbage are not numbers).

    Exponents beyond about 1e18 overflow to infinity (underflow to zero)."""
    if not _NUMBER_RE.match(token):
        return None
    try:
        return _exact(token).create_decimal(token)
    except InvalidOperation:  # pragma: no cover - the regex admits only what decimal parses
        return None


def _number_problem(actual: Decimal, expected: Decimal, got: str, want: str,
                    abs_tol: float, rel_tol: float) -> str:
    differ = mismatch(want, got)
    if expected.is_nan():
        return "" if actual.is_nan() else differ + " (only nan matches nan)"
    if actual.is_nan():
        return differ + " (nan is not a number)"
    if expected.is_infinite() or actual.is_infinite():
        return "" if expected == actual else differ + " (infinities match only the same infinity)"
    exact = _exact(got, want, repr(abs_tol), repr(rel_tol))
    diff = exact.abs(exact.subtract(actual, expected))
    abs_limit = Decimal(repr(abs_tol))
    rel_limit = exact.multiply(Decimal(repr(rel_tol)), exact.abs(expected))
    if diff <= abs_limit or diff <= rel_limit:
        return ""
    detail = f"abs diff {_fmt(diff)} > {abs_tol:g}"
    if rel_tol > 0:
        relative = exact.divide(diff, exact.abs(expected)) if expected else None
        detail += f", rel diff {_fmt(relative) if relative is not None else 'inf'} > {rel_tol:g}"
    return f"{differ} ({detail})"


def _fmt(value: Decimal) -> str:
    """A difference in a message: 6 significant digits, no binary noise."""
    return "inf" if value.is_infinite() else f"{value:.6g}"
