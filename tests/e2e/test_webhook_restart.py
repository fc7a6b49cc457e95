"""Webhooks across a restart of a real `assay serve` process: deliveries pending while the receiver is
down survive a SIGKILL. The rest of the webhook tests run the app in-process: tests/service/test_webhooks.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from support.net import free_port, wait_for
from support.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]


def test_restart_while_receiver_down_loses_nothing(tmp_path):
    """A real `assay serve` process is killed (SIGKILL) with deliveries pending and the receiver down;
    it starts again, the receiver comes up, and every event arrives."""
    port, receiver_port = free_port(), free_port()
    env = {**os.environ, "ASSAY_DATA_DIR": str(tmp_path / "data"), "ASSAY_PORT": str(port),
           "ASSAY_LOAD_BUNDLED_PROBLEMS": "false", "ASSAY_DEMO": "false", "ASSAY_WEBHOOK_ALLOW_PRIVATE": "true",
           "ASSAY_WEBHOOK_RETRY_SCALE": "0.0002", "ASSAY_WEBHOOK_POLL_SECONDS": "0.1"}
    assay = [sys.executable, "-m", "api.cli"]
    key = subprocess.run([*assay, "keys", "create", "--role", "admin", "--quiet"], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.strip()

    def serve() -> subprocess.Popen:
        process = subprocess.Popen([*assay, "serve"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)

        def up() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(up, 60, 0.2, "assay serve")
        return process

    server = serve()
    receiver = Receiver(port=receiver_port)
    try:
        admin = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"})
        endpoint = admin.post("/v1/webhooks/endpoints", json={"url": f"http://127.0.0.1:{receiver_port}/hook"}).json()
        events = [admin.post(f"/v1/webhooks/endpoints/{endpoint['id']}/test").json()["event_id"] for _ in range(5)]
        wait_for(lambda: len(admin.get(f"/v1/webhooks/endpoints/{endpoint['id']}/attempts",
                                       params={"status": "failed"}).json()) >= 10, 20, what="failed attempts")
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(10)
        receiver.secrets = [endpoint["secret"]]
        receiver.start()
        server = serve()
        delivered = receiver.wait_delivered(5, "test", timeout=60)
        assert sorted(d["webhook_id"] for d in delivered) == sorted(events)
        assert all(d["verified_by"] == [0] for d in delivered)
    finally:
        receiver.stop()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
