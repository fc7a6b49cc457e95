"""Reference: a trie keyed by segment; static children first, then the parameter, then the wildcard, with
backtracking (the first full match in that order is the most specific route)."""
import sys
from urllib.parse import unquote


class Node:
    __slots__ = ("static", "param", "wildcard", "routes")

    def __init__(self) -> None:
        self.static: dict[str, Node] = {}
        self.param: Node | None = None
        self.wildcard: dict[str, tuple[str, list[str]]] = {}  # method -> (name, param names) at a "*" leaf
        self.routes: dict[str, tuple[str, list[str]]] = {}  # method -> (name, param names) ending here


def segments(path: str) -> list[str]:
    return [s for s in path.split("?", 1)[0].split("/") if s]


def add(root: Node, method: str, pattern: str, name: str) -> None:
    node, names = root, []
    for seg in segments(pattern):
        if seg.startswith("*"):
            names.append(seg[1:])
            node.wildcard[method] = (name, names)
            return
        if seg.startswith(":"):
            names.append(seg[1:])
            node.param = node.param or Node()
            node = node.param
        else:
            node = node.static.setdefault(seg, Node())
    node.routes[method] = (name, names)


def search(node: Node, segs: list[str], i: int, values: list[str], want) -> bool:
    """Depth-first in specificity order; `want(routes, values)` is called at each full match and returns True to stop."""
    if i == len(segs):
        return bool(node.routes) and want(node.routes, values)
    child = node.static.get(segs[i])
    if child is not None and search(child, segs, i + 1, values, want):
        return True
    if node.param is not None and search(node.param, segs, i + 1, values + [segs[i]], want):
        return True
    if node.wildcard:
        return want(node.wildcard, values + ["/".join(segs[i:])])
    return False


def main() -> None:
    lines = sys.stdin.read().splitlines()
    r = int(lines[0])
    root = Node()
    for line in lines[1:1 + r]:
        method, pattern, name = line.split()
        add(root, method, pattern, name)
    out = []
    for line in lines[2 + r:2 + r + int(lines[1 + r])]:
        method, path = line.split()
        segs = segments(path)
        found: list[str] = []
        allowed: set[str] = set()

        def want(routes, values) -> bool:
            if method in routes:
                name, names = routes[method]
                found.append(" ".join([name] + [f"{k}={unquote(v)}" for k, v in zip(names, values)]))
                return True
            allowed.update(routes)
            return False

        if search(root, segs, 0, [], want):
            out.append(found[0])
        elif allowed:
            out.append("405 " + ",".join(sorted(allowed)))
        else:
            out.append("404")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
