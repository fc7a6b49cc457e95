# Recursive descent: one call per nested bracket. 100 000 levels of nesting exceed the recursion limit.
import sys

CLOSER = {"(": ")", "[": "]", "{": "}"}


class LintError(Exception):
    pass


def tokens(text):
    """(char, line, col) of every bracket outside strings and comments; raises on a broken string."""
    for number, line in enumerate(text.split("\n"), 1):
        string_at, escaped = 0, False
        for col, ch in enumerate(line, 1):
            if string_at:
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == '"':
                    string_at = 0
            elif ch == '"':
                string_at = col
            elif ch == "#":
                break
            elif ch in "()[]{}":
                yield ch, number, col
        if string_at:
            yield '"', number, string_at


def group(stream, opener):
    """Consume up to the closer of opener (None: the end of the file)."""
    for ch, line, col in stream:
        if ch == '"':
            raise LintError(f"line {line} col {col}: unterminated string")
        if ch in CLOSER:
            group(stream, (ch, line, col))
        elif opener is None:
            raise LintError(f"line {line} col {col}: unexpected '{ch}'")
        elif CLOSER[opener[0]] != ch:
            raise LintError(f"line {line} col {col}: expected '{CLOSER[opener[0]]}' but found '{ch}'")
        else:
            return
    if opener is not None:
        raise LintError(f"line {opener[1]} col {opener[2]}: unclosed '{opener[0]}'")


try:
    group(tokens(sys.stdin.read()), None)
    print("OK")
except LintError as error:
    print(error)
