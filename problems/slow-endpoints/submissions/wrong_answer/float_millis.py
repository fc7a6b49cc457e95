# Converts the request time with float arithmetic and truncates: 0.287 * 1000 = 286.99999999999994 -> 286.
import re
import sys

LINE = re.compile(r'^[^"]*"([A-Z]+) (/[^ "]*) ([^ "]+)" (\d{3}) (\d+|-) (\d+\.\d{3})$')
lines = sys.stdin.read().split("\n")
top = int(lines[0])
stats = {}
valid = skipped = 0
for line in lines[1:]:
    if not line:
        continue
    m = LINE.match(line)
    if not m:
        skipped += 1
        continue
    valid += 1
    method, target, _, status, _, secs = m.groups()
    path = "/".join("{id}" if s.isdigit() else s for s in target.split("?")[0].split("/"))
    entry = stats.setdefault(f"{method} {path}", [[], 0])
    entry[0].append(int(float(secs) * 1000))
    entry[1] += int(status) >= 500
rows = []
for name, (lat, errors) in stats.items():
    lat.sort()
    rank = (95 * len(lat) + 99) // 100
    rows.append((-lat[rank - 1], -len(lat), name, errors))
rows.sort()
print(valid, skipped)
for p95, count, name, errors in rows[:top]:
    print(name, -count, errors, -p95)
