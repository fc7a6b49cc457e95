"""Reference: each field parsed into a set; then days are walked from the start, and on a matching day the
hours and minutes are tried in order."""
import sys
from datetime import datetime, timedelta

NAMES = {
    3: {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
    4: {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())},
}
RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
END = datetime(2100, 1, 1)


def value(text: str, field: int) -> int:
    return NAMES.get(field, {}).get(text.lower(), None) if not text.isdigit() else int(text)


def parse(text: str, field: int) -> set[int]:
    low, high = RANGES[field]
    out: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if body == "*":
            first, last = low, high
        elif "-" in body:
            a, b = body.split("-")
            first, last = value(a, field), value(b, field)
        else:
            first = value(body, field)
            last = high if step_text else first
        out.update(range(first, last + 1, step))
    if field == 4 and 7 in out:
        out.discard(7)
        out.add(0)
    return out


def runs(start: datetime, count: int, fields: list[str]) -> list[str]:
    minutes, hours, days, months, weekdays = (parse(f, i) for i, f in enumerate(fields))
    either = not fields[2].startswith("*") and not fields[4].startswith("*")
    found: list[str] = []
    moment = start + timedelta(minutes=1)
    day = moment.date()
    while len(found) < count and datetime.combine(day, datetime.min.time()) < END:
        weekday = (day.weekday() + 1) % 7  # Monday is 0 in Python, 1 in cron
        dom, dow = day.day in days, weekday in weekdays
        if day.month in months and ((dom or dow) if either else (dom and dow)):
            for hour in sorted(hours):
                for minute in sorted(minutes):
                    at = datetime(day.year, day.month, day.day, hour, minute)
                    if at >= moment and len(found) < count:
                        found.append(at.strftime("%Y-%m-%dT%H:%M"))
        day += timedelta(days=1)
    if len(found) < count:
        found.append("NEVER")
    return found


def main() -> None:
    lines = sys.stdin.read().split("\n")
    q = int(lines[0])
    out = []
    for line in lines[1:1 + q]:
        parts = line.split()
        start = datetime.strptime(parts[0], "%Y-%m-%dT%H:%M")
        out.append(" ".join(runs(start, int(parts[1]), parts[2:7])))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
