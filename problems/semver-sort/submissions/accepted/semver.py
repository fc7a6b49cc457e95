"""Reference: the grammar of semver.org as a regular expression, then a sort key."""
import re
import sys

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")


def key(match: re.Match[str]) -> tuple:
    major, minor, patch, pre, _build = match.groups()
    if pre is None:
        rank: tuple = (1,)  # a release ranks above all of its pre-releases
    else:
        rank = (0, [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")])
    return (int(major), int(minor), int(patch), rank)


def main() -> None:
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    valid, invalid = [], []
    for text in lines[1:1 + n]:
        match = SEMVER.match(text)
        if match:
            valid.append((key(match), text))
        else:
            invalid.append(text)
    valid.sort(key=lambda item: item[0])  # stable: equal precedence keeps the input order
    out = [text for _, text in valid] + [f"invalid {text}" for text in invalid]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
