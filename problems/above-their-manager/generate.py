#!/usr/bin/env python3
"""Regenerates tests/ (deterministic, seeded): each .in is the SQL script that builds a test's database,
each .ans the accepted query's result as the sqlite language prints it (the sqlite3 shell in quote mode
with a header, the same command as sandbox/languages/sqlite.py). Needs the sqlite3 shell on the PATH.
Run from anywhere: python3 problems/above-their-manager/generate.py"""

import random
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "self_join.sql"
SCHEMA = """CREATE TABLE employees (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  department TEXT NOT NULL,
  manager_id INTEGER REFERENCES employees(id),  -- NULL for the head of the company
  salary     INTEGER NOT NULL                  -- a year, in euros
);
"""
NAMES = ["Mia", "Noah", "Emma", "Liam", "Lea", "Ben", "Hanna", "Paul", "Lina", "Finn", "Ella", "Jonas",
         "Clara", "Elias", "Sofia", "Luis", "Marie", "Felix", "Emilia", "Leon", "Zoë", "Jürgen", "D'Arcy"]
DEPARTMENTS = ["Engineering", "Sales", "Finance", "Support", "People"]


def literal(value: object) -> str:
    if value is None:
        return "NULL"
    return "'" + str(value).replace("'", "''") + "'" if isinstance(value, str) else str(value)


def script(rows: list[tuple]) -> str:
    lines = [SCHEMA, "BEGIN;"]
    lines += [f"INSERT INTO employees VALUES ({', '.join(literal(v) for v in row)});" for row in rows]
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def company(rng: random.Random, size: int, *, equal_rate: float = 0.05) -> str:
    rows: list[tuple] = [(1, "Ceo " + rng.choice(NAMES), "Board", None, 250_000)]
    for eid in range(2, size + 1):
        manager = rng.randint(1, eid - 1) if eid < 6 else rng.randint(max(2, eid - 40), eid - 1)
        manager_salary = rows[manager - 1][4]
        if rng.random() < equal_rate:
            salary = manager_salary  # as much as the manager: not above
        else:
            salary = max(30_000, manager_salary + rng.randint(-60_000, 15_000))
        name = f"{rng.choice(NAMES)} {eid}"
        rows.append((eid, name, rng.choice(DEPARTMENTS), manager, salary))
    rng.shuffle(rows)  # ids are not in hiring order in the table
    return script(rows)


def sample() -> str:
    return script([(1, "Ada", "Board", None, 200000), (2, "Grace", "Engineering", 1, 150000),
                   (3, "Alan", "Engineering", 2, 155000), (4, "Edsger", "Engineering", 2, 150000),
                   (5, "Barbara", "Sales", 1, 90000), (6, "Ken", "Sales", 5, 91000)])


def answer(text: str) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "data.db"
        subprocess.run(["sqlite3", "-batch", "-bail", str(database)], input=text.encode(), check=True,
                       stdout=subprocess.DEVNULL)
        return subprocess.run(["sqlite3", "-readonly", "-safe", "-batch", "-bail", "-header", "-quote",
                               str(database)], input=SOLUTION.read_bytes(), check=True,
                              capture_output=True).stdout


def main() -> None:
    rng = random.Random(1971)
    cases = {
        "tests/sample/01": sample(),
        "tests/secret/main/01": script([(1, "Solo", "Board", None, 100000)]),  # nobody has a manager
        "tests/secret/main/02": company(rng, 20, equal_rate=0.3),
        "tests/secret/main/03": company(rng, 300),
        "tests/secret/main/04": company(rng, 3000),
    }
    for stem, text in cases.items():
        (HERE / f"{stem}.in").write_text(text)
        (HERE / f"{stem}.ans").write_bytes(answer(text))


if __name__ == "__main__":
    main()
