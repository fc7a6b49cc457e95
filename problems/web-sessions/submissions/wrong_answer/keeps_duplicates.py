"""Sorts and splits correctly, but counts a retried event twice, so a one-page visit is not a bounce."""
import sys

lines = sys.stdin.read().split("\n")
events: dict[str, list[int]] = {}
for line in lines[1:1 + int(lines[0])]:
    user, ts, _ = line.split()
    events.setdefault(user, []).append(int(ts))
out, total, bounces = [], 0, 0
for user in sorted(events):
    times = sorted(events[user])
    sessions, longest, start, size = 0, 0, times[0], 0
    for i, t in enumerate(times):
        if i == 0 or t - times[i - 1] > 1800:
            if i:
                longest = max(longest, times[i - 1] - start)
                bounces += size == 1
            sessions, start, size = sessions + 1, t, 0
        size += 1
    longest = max(longest, times[-1] - start)
    bounces += size == 1
    total += sessions
    out.append(f"{user} {sessions} {longest}")
print("\n".join(out + [f"SESSIONS {total}", f"BOUNCES {bounces}"]))
