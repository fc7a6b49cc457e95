"""Reference: per user, distinct events sorted by time, split where the gap exceeds 30 minutes."""
import sys

GAP_S = 1800


def main() -> None:
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    events: dict[str, set[tuple[int, str]]] = {}
    for line in lines[1:1 + n]:
        user, ts, path = line.split()
        events.setdefault(user, set()).add((int(ts), path))
    out = []
    sessions_total = bounces = 0
    for user in sorted(events):
        times = sorted(events[user])
        sessions, longest, start, previous, size = 0, 0, None, None, 0
        for ts, _ in times:
            if previous is None or ts - previous > GAP_S:
                if start is not None:
                    longest = max(longest, previous - start)
                    bounces += size == 1
                sessions, start, size = sessions + 1, ts, 0
            previous, size = ts, size + 1
        longest = max(longest, previous - start)
        bounces += size == 1
        sessions_total += sessions
        out.append(f"{user} {sessions} {longest}")
    out.append(f"SESSIONS {sessions_total}")
    out.append(f"BOUNCES {bounces}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
