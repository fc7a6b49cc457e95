import sys
from datetime import datetime, timedelta


def main() -> None:
    lines = sys.stdin.read().split("\n")
    q = int(lines[0])
    out = []
    for line in lines[1:1 + q]:
        start_text, k_text, minute, hour, day_of_month, month, day_of_week = line.split()
        start = datetime.strptime(start_text, "%Y-%m-%dT%H:%M")
        k = int(k_text)
        # TODO: the first k matching times after start (strictly), before 2100-01-01, then NEVER if fewer
        out.append("NEVER")
    print("\n".join(out))


if __name__ == "__main__":
    main()
