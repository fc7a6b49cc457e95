import re
import sys

LINE = re.compile(r'^[^"]*"([A-Z]+) (/[^ "]*) ([^ "]+)" (\d{3}) (\d+|-) (\d+)\.(\d{3})$')


def endpoint(method: str, target: str) -> str:
    path = target.split("?", 1)[0]
    segments = ["{id}" if s.isdigit() and s.isascii() else s for s in path.split("/")]
    return method + " " + "/".join(segments)


def main() -> None:
    lines = sys.stdin.read().split("\n")
    top = int(lines[0])
    stats: dict[str, tuple[list[int], list[int]]] = {}
    valid = skipped = 0
    for line in lines[1:]:
        if not line:
            continue
        m = LINE.match(line)
        if not m:
            skipped += 1
            continue
        valid += 1
        method, target, _proto, status, _size, secs, millis = m.groups()
        latencies, errors = stats.setdefault(endpoint(method, target), ([], [0]))
        latencies.append(int(secs) * 1000 + int(millis))
        if int(status) >= 500:
            errors[0] += 1
    rows = []
    for name, (latencies, errors) in stats.items():
        latencies.sort()
        rank = (95 * len(latencies) + 99) // 100  # ceil(0.95 * m), 1-based
        rows.append((-latencies[rank - 1], -len(latencies), name, errors[0]))
    rows.sort()
    out = [f"{valid} {skipped}"]
    for p95, count, name, errors in rows[:top]:
        out.append(f"{name} {-count} {errors} {-p95}")
    print("\n".join(out))


main()
