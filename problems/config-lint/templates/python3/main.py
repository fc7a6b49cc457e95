import sys


def lint(text: str) -> str:
    """'OK' or the first problem, e.g. "line 2 col 22: expected ']' but found '}'"."""
    for number, line in enumerate(text.split("\n"), 1):
        for col, ch in enumerate(line, 1):
            pass  # TODO: strings, comments and brackets
    return "OK"


def main() -> None:
    print(lint(sys.stdin.read()))


if __name__ == "__main__":
    main()
