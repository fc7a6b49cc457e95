import sys
from collections import deque


def main() -> None:
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    names = data[2 : 2 + n]
    index = {name: i for i, name in enumerate(names)}
    deps: list[list[int]] = [[] for _ in range(n)]  # deps[a]: what a depends on
    users: list[list[int]] = [[] for _ in range(n)]  # users[b]: who depends on b
    pending = [0] * n
    pos = 2 + n
    for _ in range(m):
        a, b = index[data[pos]], index[data[pos + 1]]
        pos += 2
        deps[a].append(b)
        users[b].append(a)
        pending[a] += 1
    ready = deque(i for i in range(n) if pending[i] == 0)
    order = []
    while ready:
        b = ready.popleft()
        order.append(b)
        for a in users[b]:
            pending[a] -= 1
            if pending[a] == 0:
                ready.append(a)
    if len(order) == n:
        print("\n".join(names[i] for i in order))
        return
    # Every target left has a dependency that is left too: follow them until one repeats.
    built = [False] * n
    for i in order:
        built[i] = True
    start = next(i for i in range(n) if not built[i])
    step: dict[int, int] = {}
    walk = [start]
    while walk[-1] not in step:
        here = walk[-1]
        step[here] = len(walk) - 1
        walk.append(next(d for d in deps[here] if not built[d]))
    cycle = walk[step[walk[-1]] : -1]
    print("CYCLE")
    print(" ".join(names[i] for i in cycle))


main()
