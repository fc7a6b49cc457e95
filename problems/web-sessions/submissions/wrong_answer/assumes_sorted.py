"""Trusts the log to arrive in time order (it does not: events come from many collectors)."""
import sys

lines = sys.stdin.read().split("\n")
state: dict[str, list] = {}  # user -> [sessions, longest, start, previous, size]
bounces = 0
seen = set()
for line in lines[1:1 + int(lines[0])]:
    user, ts, path = line.split()
    if (user, ts, path) in seen:
        continue
    seen.add((user, ts, path))
    t = int(ts)
    s = state.get(user)
    if s is None:
        state[user] = [1, 0, t, t, 1]
    elif t - s[3] > 1800:
        s[1] = max(s[1], s[3] - s[2])
        bounces += s[4] == 1
        s[0], s[2], s[3], s[4] = s[0] + 1, t, t, 1
    else:
        s[3], s[4] = t, s[4] + 1
out = []
for user in sorted(state):
    s = state[user]
    s[1] = max(s[1], s[3] - s[2])
    bounces += s[4] == 1
    out.append(f"{user} {s[0]} {s[1]}")
print("\n".join(out + [f"SESSIONS {sum(s[0] for s in state.values())}", f"BOUNCES {bounces}"]))
