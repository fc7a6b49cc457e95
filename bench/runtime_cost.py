#!/usr/bin/env python3
"""What gVisor (runsc) costs over runc, in the figures an operator choosing ASSAY_SANDBOX_RUNTIME needs.

    .venv/bin/python bench/runtime_cost.py [--reps 10]      # ~2 min on 2 cores

For each runtime registered with the engine: a cold container's start (create + start + attach) and
removal; one submission's verdict latency, compile + 10 tests, sequential, with the warm pool
(python3 and C, trivial tests and ~200 ms CPU tests); and one unit-test suite graded (pytest in the
sandbox, a process per test). Medians, in milliseconds. A measurement, not a test (bench/sandbox.py
is the full benchmark, with bare-metal ratios and a per-phase profile).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sandbox.container import Box
from sandbox.models import Limits, TestInput
from sandbox.runner import Sandbox, connect
from sandbox.runtimes import registered_runtimes
from sandbox.settings import SandboxSettings

PROGRAMS = {
    ("python3", "trivial"): {"main.py": "a, b = map(int, input().split())\nprint(a + b)\n"},
    ("python3", "cpu"): {"main.py": "n = int(input().split()[0])\ns = 0\nfor i in range(n):\n    s += i * i\n"
                                    "print(s)\n"},
    ("c", "trivial"): {"main.c": '#include <stdio.h>\nint main(void){long a,b;scanf("%ld %ld",&a,&b);'
                                 'printf("%ld\\n",a+b);return 0;}\n'},
    ("c", "cpu"): {"main.c": '#include <stdio.h>\nint main(void){long n,b;scanf("%ld %ld",&n,&b);'
                             'volatile long s=0;for(long i=0;i<n*40;i++)s+=i*i;printf("%ld\\n",s);return 0;}\n'},
}
INPUTS = {"trivial": b"1 2\n", "cpu": b"3000000 0\n"}
LIMITS = Limits(time_limit_s=5, memory_limit_mib=128)


def med(values: list[float]) -> float:
    return round(statistics.median(values), 1) if values else float("nan")


def measure(runtime: str, reps: int) -> dict[str, float]:
    api = connect()
    figures: dict[str, float] = {}
    cold = Sandbox(SandboxSettings(runtime=runtime, pool_size=0), api=api)
    try:
        spec = cold.run_spec("python3", LIMITS)
        starts, removes = [], []
        for _ in range(reps):
            began = time.monotonic()
            box = Box.start(api, spec)
            starts.append((time.monotonic() - began) * 1000)
            began = time.monotonic()
            box.destroy()
            removes.append((time.monotonic() - began) * 1000)
        figures["cold start"] = med(starts)
        figures["remove"] = med(removes)
    finally:
        cold.close()
    box = Sandbox(SandboxSettings(runtime=runtime, pool_size=2), api=api)
    try:
        for (language, kind), files in PROGRAMS.items():
            box.prewarm(language, LIMITS)
            time.sleep(3)  # let the pool fill
            samples = []
            for _ in range(max(2, reps // 3)):
                began = time.monotonic()
                compiled = box.compile(language, files)
                results = box.run(compiled, language, [TestInput(stdin=INPUTS[kind])] * 10, LIMITS)
                samples.append((time.monotonic() - began) * 1000)
                assert all(r.verdict == "OK" for r in results), results[0]
            figures[f"{language} {kind}: compile + 10 tests"] = med(samples)
        figures["unit-test suite (4 tests)"] = unit_suite(box)
    finally:
        box.close()
    return figures


def unit_suite(box: Sandbox) -> float:
    sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "tests" / d) for d in ("docker", "")]
    from test_unittest_grader import CALC, CORRECT

    from graders.base import Submission
    from graders.judge import clear_grader_cache, grade_submission

    samples = []
    for _ in range(3):
        clear_grader_cache()
        began = time.monotonic()
        result = grade_submission(CALC, Submission("python3", {"solution.py": CORRECT.encode()}), box)
        samples.append((time.monotonic() - began) * 1000)
        assert result.points == 100, result
    return med(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=10)
    args = parser.parse_args()
    runtimes = [r for r in ("runc", "runsc") if r in registered_runtimes(connect())]
    table = {runtime: measure(runtime, args.reps) for runtime in runtimes}
    rows = list(next(iter(table.values())))
    print(f"{'median ms':40}" + "".join(f"{r:>10}" for r in runtimes) + ("   runsc/runc" if len(runtimes) == 2 else ""))
    for row in rows:
        values = [table[r][row] for r in runtimes]
        ratio = f"   {values[1] / values[0]:.2f}x" if len(values) == 2 and values[0] else ""
        print(f"{row:40}" + "".join(f"{v:>10.0f}" for v in values) + ratio)
    print(json.dumps(table))


if __name__ == "__main__":
    main()
