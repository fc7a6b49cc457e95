"""Reference: union-find over accounts, joined through the first account seen with each address."""
import sys


def main() -> None:
    data = sys.stdin.read().split("\n")
    n = int(data[0])
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, int] = {}
    for index in range(n):
        fields = data[1 + index].split()
        for email in fields[2:]:
            email = email.lower()
            if email in owner:
                a, b = find(owner[email]), find(index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[email] = index
    groups: dict[int, list[int]] = {}
    for index in range(n):
        groups.setdefault(find(index), []).append(index + 1)
    out = [str(len(groups))]
    for root in sorted(groups):
        members = groups[root]
        out.append(" ".join(map(str, members)))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
