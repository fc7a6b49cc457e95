#!/usr/bin/env python3
"""Regenerates tests/secret/ (deterministic, seeded) and every .ans (samples included) by running the
accepted Python solution. Run from anywhere: python3 problems/stock-reconciliation/generate.py"""

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOLUTION = HERE / "submissions" / "accepted" / "ledger.py"
COLORS = ["BK", "WH", "BL", "RD", "GR", "XL", "S", "M"]


def skus(rng: random.Random, n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add(f"{rng.choice(['SKU', 'sku', 'PRT', 'ACC'])}-{rng.randint(10000, 99999)}-{rng.choice(COLORS)}")
    return sorted(out)


def case(rng: random.Random, n_skus: int, entries: int, *, void_rate: float = 0.08, shrink: float = 0.05,
         new_skus: int = 0, uncounted: float = 0.02, recent_voids: bool = False) -> str:
    catalog = skus(rng, n_skus + new_skus)
    stocked = catalog[:n_skus]
    snapshot = {sku: rng.choice([0, rng.randint(1, 50), rng.randint(50, 5000)]) for sku in stocked}
    lines, live, truth = [], [], dict(snapshot)
    serial = rng.randint(1000, 5000)
    for _ in range(entries):
        serial += rng.randint(1, 3)
        entry_id = f"T{serial:07d}"
        if live and rng.random() < void_rate:
            pick = len(live) - 1 - min(len(live) - 1, int(rng.expovariate(1 / 20))) if recent_voids \
                else rng.randrange(len(live))
            target, sku, delta = live.pop(pick)
            truth[sku] -= delta
            lines.append(f"{entry_id} VOID {target}")
            continue
        sku = rng.choice(catalog)
        kind = rng.choices(["RECEIVE", "SHIP", "RETURN", "ADJUST"], weights=[3, 6, 1, 1])[0]
        if kind == "ADJUST":
            delta = rng.choice([-1, 1]) * rng.randint(1, 20)
            lines.append(f"{entry_id} ADJUST {sku} {delta:+d}")
        else:
            qty = rng.randint(1, 200 if kind == "RECEIVE" else 12)
            delta = -qty if kind == "SHIP" else qty
            lines.append(f"{entry_id} {kind} {sku} {qty}")
        live.append((entry_id, sku, delta))
        truth[sku] = truth.get(sku, 0) + delta
    count = {}
    for sku, qty in truth.items():
        if rng.random() < uncounted:
            continue  # nobody found it on the shelf: counted as 0
        qty = max(0, qty)
        if rng.random() < shrink:
            qty = max(0, qty + rng.choice([-1, -1, -2, -5, 1, 3, -qty]))  # loss, theft, miscount
        count[sku] = qty
    for sku in rng.sample(catalog, min(3, len(catalog))):
        count.setdefault(sku, rng.randint(1, 4))  # found on a shelf, never in the system
    snap = list(snapshot.items())
    rng.shuffle(snap)
    counted = list(count.items())
    rng.shuffle(counted)
    return (f"{len(snap)}\n" + "".join(f"{s} {q}\n" for s, q in snap)
            + f"{len(lines)}\n" + "".join(line + "\n" for line in lines)
            + f"{len(counted)}\n" + "".join(f"{s} {q}\n" for s, q in counted))


def tests() -> list[str]:
    rng = random.Random(7351)
    out = [
        "1\nA-1 5\n0\n1\nA-1 5\n",  # nothing to report
        "0\n2\nT1 RECEIVE A-1 10\nT2 VOID T1\n0\n",  # a voided receipt
        "2\nA-1 5\na-1 5\n3\nT1 SHIP A-1 7\nT2 ADJUST a-1 -2\nT3 ADJUST a-1 +4\n1\nA-1 0\n",  # case matters
    ]
    out.append(case(rng, 20, 60, void_rate=0.2, shrink=0.3))
    out.append(case(rng, 300, 2000, new_skus=20))
    out.append(case(rng, 2000, 8000, uncounted=0.1, recent_voids=True))
    out.append(case(rng, 3000, 8000, void_rate=0.15, shrink=0.01))
    # Many voids of arbitrary earlier entries: finding an entry by scanning the ledger is quadratic.
    out.append(case(rng, 5000, 30_000, void_rate=0.35, shrink=0.02, new_skus=100, recent_voids=True))
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
