# Repeatedly scans all targets for one whose dependencies are all built: O(n * (n + m)).
import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
names = data[2 : 2 + n]
deps = {name: [] for name in names}
for k in range(m):
    deps[data[2 + n + 2 * k]].append(data[3 + n + 2 * k])
built = set()
order = []
while len(order) < n:
    progress = False
    for name in names:
        if name not in built and all(d in built for d in deps[name]):
            built.add(name)
            order.append(name)
            progress = True
            break
    if not progress:
        # Every target left waits for another one left: follow them until one repeats.
        walk = [next(name for name in names if name not in built)]
        while walk.count(walk[-1]) < 2:
            walk.append(next(d for d in deps[walk[-1]] if d not in built))
        print("CYCLE")
        print(" ".join(walk[walk.index(walk[-1]) : -1]))
        sys.exit(0)
print("\n".join(order))
