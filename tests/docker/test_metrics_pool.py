"""Prometheus metrics: GET /metrics of a real app, the grading and webhook counters moved by real
calls and real HTTP attempts, and the sandbox's pool/start metrics moved by real container runs."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from api.app import create_app
from api.settings import Settings


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def app(tmp_path):
    settings = Settings(
        data_dir=tmp_path,
        load_bundled_problems=False,
        demo=False,
        webhook_worker=False,
        webhook_allow_private=True,
        webhook_retry_scale=0.001,
    )
    return create_app(settings, start_executor=False)


def test_sandbox_pool_miss_then_hit_and_start_times(sandbox):
    from sandbox.models import Limits

    compiled = sandbox.compile("python3", "print(input())\n")
    assert compiled.ok
    limits = Limits(time_limit_s=1, memory_limit_mib=77)  # a profile no other test uses: nothing warm yet
    runtime = sandbox.settings.runtime

    def snapshot() -> dict[str, float]:
        return {
            "hit": value("assay_sandbox_pool_total", result="hit"),
            "miss": value("assay_sandbox_pool_total", result="miss"),
            "cold": value("assay_sandbox_start_seconds_count", runtime=runtime, source="cold"),
            "pool": value("assay_sandbox_start_seconds_count", runtime=runtime, source="pool"),
            "cold_s": value("assay_sandbox_start_seconds_sum", runtime=runtime, source="cold"),
        }

    start = snapshot()
    [first] = sandbox.run(compiled, "python3", [b"one\n"], limits)
    assert first.stdout == b"one\n"
    cold = snapshot()
    assert (cold["miss"] - start["miss"], cold["hit"] - start["hit"]) == (1, 0)
    assert (cold["cold"] - start["cold"], cold["pool"] - start["pool"]) == (1, 0)
    assert cold["cold_s"] - start["cold_s"] > 0.01  # a real container start, not a no-op

    [second] = sandbox.run(compiled, "python3", [b"two\n"], limits)  # the pool refilled for this profile
    assert second.stdout == b"two\n"
    warm = snapshot()
    assert (warm["hit"] - cold["hit"], warm["miss"] - cold["miss"]) == (1, 0)
    assert (warm["pool"] - cold["pool"], warm["cold"] - cold["cold"]) == (1, 0)
