#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded): each .in is the SQL script that builds a test's database,
each .ans the accepted query's result as the sqlite language prints it (the sqlite3 shell in quote mode
with a header, the same command as sandbox/languages/sqlite.py). Needs the sqlite3 shell on the PATH.
Run from anywhere: python3 problems/top-customers/generate.py"""

import random
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "join_group.sql"
SCHEMA = """CREATE TABLE customers (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL,
  country TEXT NOT NULL
);
CREATE TABLE orders (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customers(id),
  ordered_on   TEXT NOT NULL,      -- YYYY-MM-DD
  status       TEXT NOT NULL,      -- 'paid', 'refunded' or 'cancelled'
  amount_cents INTEGER NOT NULL
);
"""
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "Linus",
         "Radia", "Guido", "Anita", "Bjarne", "Hedy", "Tim", "Katherine", "John", "Sophie", "Niklaus"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Hamilton", "Ritchie", "Allen",
        "Torvalds", "Perlman", "van Rossum", "Borg", "Stroustrup", "Lamarr", "Berners-Lee", "Johnson",
        "McCarthy", "Wilson", "Wirth", "O'Neil"]
COUNTRIES = ["DE", "FR", "GB", "US", "NL", "SE", "JP", "BR"]


def literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'" if isinstance(value, str) else str(value)


def script(customers: list[tuple], orders: list[tuple]) -> str:
    lines = [SCHEMA, "BEGIN;"]
    for table, rows in (("customers", customers), ("orders", orders)):
        for row in rows:
            lines.append(f"INSERT INTO {table} VALUES ({', '.join(literal(v) for v in row)});")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def random_case(rng: random.Random, n_customers: int, n_orders: int, *, ties: bool = False) -> str:
    names = set()
    customers = []
    for cid in range(1, n_customers + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        while name in names:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randint(2, 99)}"
        names.add(name)
        customers.append((cid, name, rng.choice(COUNTRIES)))
    orders = []
    for oid in range(1, n_orders + 1):
        year = rng.choice([2025, 2026, 2026, 2026, 2027])
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.05:
            day = rng.choice(["2026-01-01", "2026-12-31", "2025-12-31", "2027-01-01"])
        status = rng.choices(["paid", "refunded", "cancelled"], [8, 1, 1])[0]
        amount = rng.choice([500, 1000, 2500]) if ties else rng.randint(99, 250_000)
        orders.append((oid, rng.randint(1, n_customers), day, status, amount))
    return script(customers, orders)


def sample() -> str:
    customers = [(1, "Ada Lovelace", "GB"), (2, "Grace Hopper", "US"), (3, "Alan Turing", "GB"),
                 (4, "Edsger Dijkstra", "NL")]
    orders = [(1, 1, "2026-01-15", "paid", 12000), (2, 2, "2026-02-01", "paid", 9000),
              (3, 2, "2026-03-09", "paid", 3000), (4, 3, "2026-03-10", "refunded", 50000),
              (5, 3, "2025-12-31", "paid", 70000), (6, 4, "2026-06-30", "cancelled", 1000),
              (7, 1, "2026-12-31", "paid", 500)]
    return script(customers, orders)


def answer(text: str) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "data.db"
        subprocess.run(["sqlite3", "-batch", "-bail", str(database)], input=text.encode(), check=True,
                       stdout=subprocess.DEVNULL)
        return subprocess.run(["sqlite3", "-readonly", "-safe", "-batch", "-bail", "-header", "-quote",
                               str(database)], input=SOLUTION.read_bytes(), check=True,
                              capture_output=True).stdout


def main() -> None:
    rng = random.Random(2026)
    cases = {
        "tests/sample/01": sample(),
        "tests/secret/main/01": random_case(rng, 5, 0),  # no orders at all: an empty result
        "tests/secret/main/02": random_case(rng, 12, 40),
        "tests/secret/main/03": random_case(rng, 30, 200, ties=True),  # equal totals: by name
        "tests/secret/main/04": random_case(rng, 200, 1500),
        "tests/secret/main/05": random_case(rng, 800, 4000),
    }
    for stem, text in cases.items():
        (HERE / f"{stem}.in").write_text(text)
        (HERE / f"{stem}.ans").write_bytes(answer(text))


if __name__ == "__main__":
    main()
