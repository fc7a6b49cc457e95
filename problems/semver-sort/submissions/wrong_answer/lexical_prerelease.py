"""Compares the pre-release part as one string: beta.11 comes before beta.2, and 1.0.0-10 before 1.0.0-2."""
import re
import sys

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")

lines = sys.stdin.read().split("\n")
valid, invalid = [], []
for text in lines[1:1 + int(lines[0])]:
    m = SEMVER.match(text)
    if m:
        pre = m.group(4)
        valid.append(((int(m.group(1)), int(m.group(2)), int(m.group(3)), pre is None, pre or ""), text))
    else:
        invalid.append("invalid " + text)
valid.sort(key=lambda v: v[0])
print("\n".join([t for _, t in valid] + invalid))
