import sys

CLOSER = {"(": ")", "[": "]", "{": "}"}


def lint(text: str) -> str:
    stack: list[tuple[str, int, int]] = []  # (bracket, line, column)
    for number, line in enumerate(text.split("\n"), 1):
        col = 0
        string_at = 0  # column of the opening quote while inside a string
        escaped = False
        while col < len(line):
            ch = line[col]
            col += 1
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
            elif ch in CLOSER:
                stack.append((ch, number, col))
            elif ch in ")]}":
                if not stack:
                    return f"line {number} col {col}: unexpected '{ch}'"
                if CLOSER[stack[-1][0]] != ch:
                    return f"line {number} col {col}: expected '{CLOSER[stack[-1][0]]}' but found '{ch}'"
                stack.pop()
        if string_at:
            return f"line {number} col {string_at}: unterminated string"
    if stack:
        bracket, number, col = stack[-1]
        return f"line {number} col {col}: unclosed '{bracket}'"
    return "OK"


def main() -> None:
    print(lint(sys.stdin.buffer.read().decode("ascii")))


main()
