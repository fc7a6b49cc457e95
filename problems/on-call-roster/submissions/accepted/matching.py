"""Reference: bipartite matching with capacities (augmenting paths, Kuhn's algorithm): a shift that finds no
free engineer asks one of its engineers' other shifts to move over."""
import sys


def main() -> None:
    sys.setrecursionlimit(10000)
    data = sys.stdin.read().split()
    e, s = int(data[0]), int(data[1])
    names, capacity = [], []
    available: list[list[int]] = [[] for _ in range(s)]
    at = 2
    for engineer in range(e):
        names.append(data[at])
        capacity.append(int(data[at + 1]))
        k = int(data[at + 2])
        for shift in data[at + 3:at + 3 + k]:
            available[int(shift) - 1].append(engineer)
        at += 3 + k
    assigned: list[list[int]] = [[] for _ in range(e)]
    owner = [-1] * s

    def place(shift: int, visited: list[bool]) -> bool:
        for engineer in available[shift]:
            if visited[engineer]:
                continue
            visited[engineer] = True
            if len(assigned[engineer]) < capacity[engineer]:
                assigned[engineer].append(shift)
                owner[shift] = engineer
                return True
            for index, other in enumerate(assigned[engineer]):
                if place(other, visited):
                    assigned[engineer][index] = shift
                    owner[shift] = engineer
                    return True
        return False

    for shift in range(s):
        if not place(shift, [False] * e):
            print("IMPOSSIBLE")
            return
    print("\n".join(names[owner[shift]] for shift in range(s)))


if __name__ == "__main__":
    main()
