# Splits on whitespace and trusts the field positions: a short or garbled line raises an exception.
import sys

lines = sys.stdin.read().split("\n")
top = int(lines[0])
stats = {}
valid = skipped = 0
for line in lines[1:]:
    if not line:
        continue
    f = line.split()
    method, target, status, secs = f[5].strip('"'), f[6], int(f[8]), f[10]
    if secs == "-" or not method.isupper():
        skipped += 1
        continue
    valid += 1
    path = "/".join("{id}" if s.isdigit() else s for s in target.split("?")[0].split("/"))
    whole, frac = secs.split(".")
    entry = stats.setdefault(f"{method} {path}", [[], 0])
    entry[0].append(int(whole) * 1000 + int(frac))
    entry[1] += status >= 500
rows = []
for name, (lat, errors) in stats.items():
    lat.sort()
    rows.append((-lat[(95 * len(lat) + 99) // 100 - 1], -len(lat), name, errors))
rows.sort()
print(valid, skipped)
for p95, count, name, errors in rows[:top]:
    print(name, -count, errors, -p95)
