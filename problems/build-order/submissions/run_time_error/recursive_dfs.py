# Recursive depth-first search: a dependency chain thousands deep exceeds Python's recursion limit.
import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
names = data[2 : 2 + n]
deps = {name: [] for name in names}
for k in range(m):
    deps[data[2 + n + 2 * k]].append(data[3 + n + 2 * k])
state = {}
order = []
stack = []


def visit(name):
    state[name] = 1
    stack.append(name)
    for d in deps[name]:
        if state.get(d) == 1:
            print("CYCLE")
            print(" ".join(stack[stack.index(d):]))
            sys.exit(0)
        if d not in state:
            visit(d)
    stack.pop()
    state[name] = 2
    order.append(name)


for name in names:
    if name not in state:
        visit(name)
print("\n".join(order))
