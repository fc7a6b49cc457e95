"""Prometheus metrics: GET /metrics of a real app, the grading and webhook counters moved by real
calls and real HTTP attempts, and the sandbox's pool/start metrics moved by real container runs."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY, generate_latest
from support.net import free_port
from support.receiver import Receiver
from support.service import invite, upload_tiny_problem

from api import metrics
from api.app import create_app
from api.settings import Settings


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def scrape_value(text: str, name: str, **labels: str) -> float | None:
    """A sample's value from exposition text (None when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)", line)
        if match and match[1] == name and ",".join(sorted((match[2] or "").split(","))).strip(",") == wanted:
            return float(match[3])
    return None


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


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def admin_key(app) -> str:
    from sqlmodel import Session

    from api.services.keys import create_key

    with Session(app.state.engine) as session:
        _, secret = create_key(session, "admin", "test-metrics")
        session.commit()
    return secret


# ---------------------------------------------------------------------- the /metrics route


def test_metrics_route_is_unauthenticated_prometheus_text(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    for name in (
        "assay_queue_depth",
        "assay_grading_seconds",
        "assay_queue_wait_seconds",
        "assay_verdicts_total",
        "assay_webhook_attempts_total",
        "assay_sandbox_start_seconds",
        "assay_sandbox_pool_total",
    ):
        assert f"# TYPE {name.removesuffix('_total')}" in text, name
    assert scrape_value(text, "assay_queue_depth") == 0.0  # the executor is not started: nothing queued
    assert scrape_value(text, "assay_webhook_attempts_total", result="success") is not None  # exists at 0
    assert scrape_value(text, "assay_sandbox_pool_total", result="hit") is not None
    assert "/metrics" in client.get("/openapi.json").json()["paths"]


def test_queue_depth_is_the_executors_at_scrape_time(app, client):
    """A stored submission waits in the (not started) in-process executor: the gauge counts it."""
    admin = TestClient(app, headers={"Authorization": f"Bearer {admin_key(app)}"})
    token = invite(admin, upload_tiny_problem(admin))["token"]
    candidate = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    assert candidate.post("/v1/me/start").status_code == 200
    response = candidate.post(
        "/v1/me/submissions", json={"problem": "echo-sum", "language": "python3", "source": "print(3)\n"}
    )
    assert response.status_code == 202, response.text
    assert app.state.executor.queue_depth() == 1
    assert scrape_value(client.get("/metrics").text, "assay_queue_depth") == 1.0


def test_a_failing_queue_depth_source_never_fails_the_scrape(client, caplog):
    def broken() -> int:
        raise RuntimeError("database away")

    previous = metrics.QUEUE_DEPTH.source
    try:
        metrics.set_queue_depth_source(broken)
        with caplog.at_level(logging.WARNING, logger="assay.metrics"):
            text = generate_latest().decode()
        assert "# TYPE assay_queue_depth gauge" in text
        assert scrape_value(text, "assay_queue_depth") is None  # left out, not a made-up value
        assert "queue depth source failed" in caplog.text
        assert scrape_value(client.get("/metrics").text, "assay_queue_depth") == 0.0  # the route wires it again
    finally:
        metrics.QUEUE_DEPTH.source = previous


def test_observe_grading_moves_histograms_and_verdict_counter(client):
    before = client.get("/metrics").text
    count = scrape_value(before, "assay_verdicts_total", language="go", verdict="WA") or 0.0
    graded = value("assay_grading_seconds_count", language="go")
    small = value("assay_grading_seconds_bucket", language="go", le="5.0")
    waited = value("assay_queue_wait_seconds_count")
    metrics.observe_grading("go", "WA", 3.5, 0.2)
    metrics.observe_grading("go", "WA", 45.0, None)  # queue wait unknown: not observed
    after = client.get("/metrics").text
    assert scrape_value(after, "assay_verdicts_total", language="go", verdict="WA") == count + 2
    assert value("assay_grading_seconds_count", language="go") == graded + 2
    assert value("assay_grading_seconds_bucket", language="go", le="5.0") == small + 1
    assert value("assay_queue_wait_seconds_count") == waited + 1
    assert 'assay_grading_seconds_bucket{language="go",le="120.0"}' in after


# ---------------------------------------------------------------------- webhook attempts over real HTTP


def test_webhook_attempts_counted_by_result(app, client):
    receiver = Receiver().start()
    try:
        admin = TestClient(app, headers={"Authorization": f"Bearer {admin_key(app)}"})
        endpoint = admin.post("/v1/webhooks/endpoints", json={"url": receiver.url}).json()
        receiver.control(secrets=[endpoint["secret"]], script=[500], default=200)
        dead = admin.post("/v1/webhooks/endpoints", json={"url": f"http://127.0.0.1:{free_port()}/hook"}).json()
        results = ("success", "http_error", "network_error")
        before = {r: value("assay_webhook_attempts_total", result=r) for r in results}
        worker = app.state.webhooks

        assert admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/test").status_code in (200, 201, 202)
        assert worker.run_once() == 1  # the receiver answers 500
        assert value("assay_webhook_attempts_total", result="http_error") == before["http_error"] + 1
        deadline = time.monotonic() + 10
        while worker.run_once() == 0:  # the retry, due within milliseconds (retry scale 0.001)
            assert time.monotonic() < deadline, "the retry never came due"
            time.sleep(0.01)
        assert value("assay_webhook_attempts_total", result="success") == before["success"] + 1
        assert len(receiver.delivered("test")) == 1

        assert admin.post(f"/v1/webhooks/endpoints/{dead['id']}/test").status_code in (200, 201, 202)
        assert worker.run_once() == 1  # nothing listens there: connection refused
        assert value("assay_webhook_attempts_total", result="network_error") == before["network_error"] + 1
        text = client.get("/metrics").text
        assert scrape_value(text, "assay_webhook_attempts_total", result="success") == before["success"] + 1
    finally:
        receiver.stop()


# ---------------------------------------------------------------------- the sandbox's pool and start times
