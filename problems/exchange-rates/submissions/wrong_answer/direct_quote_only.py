"""Uses the direct quote only: right when no chain of quotes beats it, and -1 where only a chain exists."""
import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    m = int(lines[0])
    index: dict[str, int] = {}
    quotes = []
    for line in lines[1:1 + m]:
        a, b, rate = line.split()
        for code in (a, b):
            index.setdefault(code, len(index))
        quotes.append((index[a], index[b], float(rate)))
    n = len(index)
    best = [[0.0] * n for _ in range(n)]
    for i in range(n):
        best[i][i] = 1.0
    for a, b, rate in quotes:
        best[a][b] = max(best[a][b], rate)
    for k in range(0):  # no chains
        row_k = best[k]
        for i in range(n):
            via = best[i][k]
            if via == 0.0:
                continue
            row_i = best[i]
            for j in range(n):
                candidate = via * row_k[j]
                if candidate > row_i[j]:
                    row_i[j] = candidate
    if any(best[i][i] > 1.0 + 1e-9 for i in range(n)):
        print("ARBITRAGE")
        return
    q = int(lines[1 + m])
    out = []
    for line in lines[2 + m:2 + m + q]:
        a, b = line.split()
        if a == b:
            out.append("1")
        elif a not in index or b not in index or best[index[a]][index[b]] == 0.0:
            out.append("-1")
        else:
            out.append(f"{best[index[a]][index[b]]:.9g}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
