#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/slow-endpoints/generate.py"""

import random
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "regex.py"
VALID = re.compile(r'^[^"]*"([A-Z]+) (/[^ "]*) ([^ "]+)" (\d{3}) (\d+|-) (\d+)\.(\d{3})$')

# (method, path template, typical latency in ms, chance of a 5xx)
ENDPOINTS = [
    ("GET", "/api/orders", 80, 0.01),
    ("GET", "/api/orders/{}", 45, 0.005),
    ("POST", "/api/orders", 310, 0.03),
    ("GET", "/api/users/{}/cart", 60, 0.002),
    ("PUT", "/api/users/{}/cart/items/{}", 120, 0.01),
    ("DELETE", "/api/sessions/{}", 15, 0.0),
    ("GET", "/static/app.js", 4, 0.0),
    ("GET", "/healthz", 1, 0.0),
    ("POST", "/api/payments", 870, 0.06),
    ("GET", "/api/search", 420, 0.02),
    ("GET", "/api/v2/reports/{}/export", 2600, 0.1),
    ("GET", "/", 12, 0.0),
    ("PATCH", "/api/orders/{}", 150, 0.02),
]
QUERIES = ["", "", "", "?page=2", "?q=usb+cable&sort=price", "?id=42", "?from=2024-03-01&to=2024-03-31"]
IPS = ["203.0.113.9", "198.51.100.23", "192.0.2.77", "10.0.4.12", "172.16.8.201", "2001:db8::1"]
USERS = ["-", "-", "-", "alice", "svc-billing"]


class Log:
    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.now = start

    def stamp(self) -> str:
        self.now += timedelta(milliseconds=self.rng.randint(0, 2500))
        return self.now.strftime("%d/%b/%Y:%H:%M:%S +0000")

    def prefix(self) -> str:
        return f"{self.rng.choice(IPS)} - {self.rng.choice(USERS)} [{self.stamp()}] "

    def valid(self, weights: list[float] | None = None, odd_paths: bool = True) -> str:
        rng = self.rng
        method, template, base, fail = rng.choices(ENDPOINTS, weights=weights)[0]
        path = template.format(*(rng.randint(1, 99999) for _ in range(template.count("{}"))))
        odd = rng.random() if odd_paths else 1.0
        if odd < 0.02:
            path += "/"  # a trailing slash makes a different endpoint
        elif odd < 0.04 and "{}" in template:
            path = path.replace("/api/", "/api//", 1)  # an empty segment is kept as is
        elif odd < 0.06 and "{}" in template:
            path += "a"  # "123a" is not a numeric id
        target = path + rng.choice(QUERIES)
        ms = max(0, int(base * rng.lognormvariate(0, 0.6)))
        if rng.random() < 0.01:
            ms = base * rng.randint(10, 40)  # a stall
        if rng.random() < fail:
            status = rng.choice([500, 502, 503, 504])
        else:
            status = rng.choice([200] * 12 + [201, 204, 301, 304, 400, 401, 404, 429])
        size = rng.choice([str(rng.randint(0, 90000)), "0", "-"])
        proto = rng.choice(["HTTP/1.1", "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"])
        return f'{self.prefix()}"{method} {target} {proto}" {status} {size} {ms // 1000}.{ms % 1000:03d}'

    def invalid(self) -> str:
        rng = self.rng
        kind = rng.randrange(7)
        if kind == 0:
            return f'{self.prefix()}"-" 400 0 0.000'
        if kind == 1:
            return f'{self.prefix()}"\\x16\\x03\\x01\\x00\\xa5\\x01" 400 157 0.001'
        if kind == 2:
            return self.valid().rsplit(" ", 1)[0] + " -"  # no request time recorded
        if kind == 3:
            return self.valid().replace('"GET ', '"get ', 1).replace('"POST ', '"post ', 1).replace(
                '"PUT ', '"put ', 1).replace('"DELETE ', '"delete ', 1).replace('"PATCH ', '"patch ', 1)
        if kind == 4:
            return self.valid().replace(" ", "  ", 6)  # doubled spaces, the request among them
        if kind == 5:
            line = self.valid()
            return line[: rng.randint(10, len(line) - 2)]  # truncated while being written
        return self.valid()[:-1]  # two decimals in the request time


def log_case(rng: random.Random, top: int, lines: int, bad: float, weights: list[float] | None = None) -> str:
    log = Log(rng, datetime(2024, 3, 12, 9, 0, tzinfo=UTC) + timedelta(days=rng.randint(0, 30)))
    out = [str(top)]
    for _ in range(lines):
        if rng.random() < bad:
            line = log.invalid()
            if VALID.match(line):
                continue  # a cut that still parses; leave it out
            out.append(line)
        else:
            out.append(log.valid(weights))
    return "\n".join(out) + "\n"


def tests() -> list[str]:
    rng = random.Random(8080)
    out = []
    out.append(log_case(rng, 5, 40, 0.2))
    out.append(log_case(rng, 100, 300, 0.05))  # K larger than the number of endpoints
    out.append(log_case(rng, 1, 2000, 0.03))
    out.append(log_case(rng, 10, 6000, 0.02))
    out.append(log_case(rng, 8, 8000, 0.01))
    # Exactly 20 or 40 requests per endpoint: ceil(0.95 * m) is then an exact integer.
    lines = [str(13)]
    log = Log(rng, datetime(2024, 4, 1, tzinfo=UTC))
    for index, count in enumerate([20, 40, 20, 60, 19, 21, 100, 20, 40, 20, 20, 20, 1]):
        weights = [1.0 if i == index else 0.0 for i in range(len(ENDPOINTS))]
        for _ in range(count):
            lines.append(log.valid(weights, odd_paths=False))
    out.append("\n".join(lines[:1] + sorted(lines[1:], key=lambda _: rng.random())) + "\n")
    # Slow requests whose request times do not survive float arithmetic: 1.005 * 1000 < 1005.
    log = Log(rng, datetime(2024, 4, 20, tzinfo=UTC))
    lines = [str(6)]
    for index, ms in [(8, 1005), (10, 2046), (2, 4015), (9, 1023), (0, 2030), (4, 1009)]:
        weights = [1.0 if i == index else 0.0 for i in range(len(ENDPOINTS))]
        for _ in range(rng.randint(1, 12)):
            lines.append(log.valid(weights, odd_paths=False))
            if rng.random() < 0.1:
                lines.append(log.invalid())
        line = log.valid(weights, odd_paths=False)
        lines.insert(rng.randint(1, len(lines)), f"{line.rsplit(' ', 1)[0]} {ms // 1000}.{ms % 1000:03d}")
    out.append("\n".join(lines) + "\n")
    # Nothing valid at all.
    log = Log(rng, datetime(2024, 5, 1, tzinfo=UTC))
    junk = [str(3)] + [f'{log.prefix()}"-" 400 0 0.000' for _ in range(5)] + ["", "garbage"]
    out.append("\n".join(junk).replace("\n\n", "\n") + "\n")
    return out


def main() -> None:
    secret = HERE / "tests" / "secret" / "main"
    secret.mkdir(parents=True, exist_ok=True)
    for old in secret.glob("*"):
        old.unlink()
    cases = tests()
    for number, text in enumerate(cases, 1):
        (secret / f"{number:02d}.in").write_text(text)
    for inp in sorted((HERE / "tests").rglob("*.in")):
        with inp.open("rb") as stdin:
            answer = subprocess.run([sys.executable, str(SOLUTION)], stdin=stdin, capture_output=True, check=True)
        inp.with_suffix(".ans").write_bytes(answer.stdout)
    print(f"wrote {len(cases)} secret tests")


if __name__ == "__main__":
    main()
