"""Webhooks over real HTTP: the service (uvicorn on loopback) delivers to a receiver process that
verifies every request with the ``standardwebhooks`` package. No Docker needed here (events that need
grading are in test_webhooks_grading.py)."""

from __future__ import annotations

import ipaddress
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from standardwebhooks import Webhook
from support.receiver import Receiver
from support.service import Service

from api.security import SecretBox
from api.webhooks import events as ev
from api.webhooks.guard import AddressGuard, RefusedDestination
from api.webhooks.secrets import new_webhook_secret
from api.webhooks.signing import headers as signed_headers
from api.webhooks.worker import SCHEDULE_S, parse_retry_after, retry_delay

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------- units (no network)


def test_signature_verifies_with_standardwebhooks_under_each_secret():
    old, new = new_webhook_secret(), new_webhook_secret()
    assert old.startswith("whsec_")
    body = ev.envelope("test", datetime.now(UTC), {"endpoint_id": "ep_1", "message": "hi"})
    headers = signed_headers("msg_1", int(time.time()), body, [new, old])
    assert headers["webhook-signature"].count("v1,") == 2
    assert Webhook(new).verify(body, headers)["type"] == "test"
    assert Webhook(old).verify(body, headers)["data"]["endpoint_id"] == "ep_1"
    with pytest.raises(Exception, match="signature"):
        Webhook(new_webhook_secret()).verify(body, headers)


def test_secret_box_round_trip_and_key_file(tmp_path):
    box = SecretBox("", tmp_path)
    token = box.encrypt("whsec_abc")
    assert "whsec_abc" not in token and box.decrypt(token) == "whsec_abc"
    assert (tmp_path / "webhook-secrets.key").stat().st_mode & 0o777 == 0o600
    assert SecretBox("", tmp_path).decrypt(token) == "whsec_abc"  # the same key file next time


@pytest.mark.parametrize("address", ["10.0.0.7", "192.168.1.1", "172.16.0.1", "127.0.0.1", "169.254.169.254",
                                     "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "100.64.0.1", "0.0.0.0"])
def test_guard_refuses_non_public_addresses(address):
    with pytest.raises(RefusedDestination):
        AddressGuard().check_ip(ipaddress.ip_address(address))


def test_guard_allow_list_and_pinning():
    AddressGuard().check_ip(ipaddress.ip_address("93.184.216.34"))
    AddressGuard(allowed_cidrs="10.1.0.0/16, 127.0.0.0/8").check_ip(ipaddress.ip_address("10.1.2.3"))
    with pytest.raises(RefusedDestination):
        AddressGuard(allowed_cidrs="10.1.0.0/16").check_ip(ipaddress.ip_address("10.2.0.1"))
    AddressGuard(allow_private=True).check_ip(ipaddress.ip_address("127.0.0.1"))
    with pytest.raises(RefusedDestination, match="loopback"):
        AddressGuard().target("http://localhost:9/hook")  # a name resolving to loopback
    with pytest.raises(RefusedDestination, match="http"):
        AddressGuard().target("file:///etc/passwd")
    target = AddressGuard(allow_private=True).target("http://localhost:8123/a?b=1")
    assert target.url in ("http://127.0.0.1:8123/a?b=1", "http://[::1]:8123/a?b=1")
    assert target.host_header == "localhost:8123"


def test_retry_schedule_and_retry_after():
    assert SCHEDULE_S == (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
    for tries, base in enumerate(SCHEDULE_S, start=1):
        delay = retry_delay(tries)
        assert delay is not None and 0.85 * base <= delay <= 1.15 * base
    assert retry_delay(len(SCHEDULE_S) + 1) is None  # ten attempts in all, over about three days
    assert retry_delay(1, scale=0.001) < 0.01
    assert retry_delay(1, retry_after_s=120) == 120  # never sooner than Retry-After asks
    assert parse_retry_after("30") == 30
    later = (datetime.now(UTC) + timedelta(seconds=90)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 80 < parse_retry_after(later) <= 90
    assert parse_retry_after("soon") is None


def test_event_docs_are_current_and_examples_valid():
    for event_type, example in ev.EXAMPLES.items():
        body = json.loads(ev.envelope(event_type, datetime.now(UTC), example))
        assert set(body) == {"type", "timestamp", "data"}
    docs = (ROOT / "docs" / "webhooks.md").read_text()
    assert ev.reference_markdown() in docs, "docs/webhooks.md is stale: python -m api.webhooks.events"


def test_subscription_patterns():
    assert ev.matches("submission.graded", [])
    assert ev.matches("submission.graded", ["submission.*"])
    assert not ev.matches("invitation.started", ["submission.*", "invitation.completed"])
    assert not ev.matches("test", [])
    assert ev.valid_subscription("invitation.*") and not ev.valid_subscription("nope.*")


# ---------------------------------------------------------------------- the service and a receiver


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def service(tmp_path):
    s = Service(tmp_path / "data", webhook_sweep_seconds=0.5).start()
    yield s
    s.stop()


def test_largest_completed_payload_stays_under_20_kb():
    long = "x" * 200
    problems = [{"slug": f"{'p' * 60}{i:02d}", "title": long, "version": 999, "points": 123.456, "max_points": 1000.0,
                 "submissions": 9999, "best_submission_id": "f" * 32} for i in range(20)]
    metadata = {"Assessment": long, "Score": "1234.5 / 20000", "Score %": 6.17, "Started At": "2026-11-23T13:05:09Z",
                "Completed At": "2026-11-23T14:05:09Z", "Completion": "deadline", "External ID": long,
                **{f"{long[:97]}{i:02d}": "123.456 / 1000" for i in range(20)}}
    data = {"invitation_id": "f" * 32, "assessment_id": "f" * 32, "external_id": long, "assessment_title": long,
            "candidate": {"name": long, "email": f"{'a' * 64}@{'b' * 180}.com"}, "started_at": datetime.now(UTC),
            "completed_at": datetime.now(UTC), "reason": "deadline", "problems": problems, "total_points": 1234.5,
            "max_points": 20000.0, "score_percent": 6.17, "report_url": "https://" + "h" * 200 + "/r",
            "metadata": metadata}
    assert len(ev.envelope("invitation.completed", datetime.now(UTC), data).encode()) < ev.MAX_PAYLOAD_BYTES
