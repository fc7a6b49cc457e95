"""The warm pool: hits after warm-up, every container used once, nothing left after close."""

import time

from sandbox.labels import LABEL_SANDBOX, owner_id, sweep
from sandbox.models import Limits
from sandbox.runner import Sandbox
from sandbox.settings import SandboxSettings


def _ours(api):
    return [c for c in api.containers(all=True, filters={"label": f"{LABEL_SANDBOX}=1"})
            if c["Labels"].get("io.assay.owner") == owner_id()]


def test_pool_serves_warm_containers_once_each(docker_api):
    limits = Limits(time_limit_s=2)
    before = {c["Id"] for c in _ours(docker_api)}
    with Sandbox(SandboxSettings(pool_size=3), api=docker_api) as box:
        box.prewarm("python3", limits)
        deadline = time.monotonic() + 30
        while box.pool.idle_count() < 6 and time.monotonic() < deadline:
            time.sleep(0.1)
        compiled = box.compile("python3", "import socket\nprint(socket.gethostname())\n")
        hits_before = box.pool.stats.hits
        results = box.run(compiled, "python3", [b""] * 5, limits)
        assert all(r.verdict == "OK" for r in results)
        assert box.pool.stats.hits - hits_before >= 3
        # Every test got its own container: all used containers are gone or going.
        assert box.pool.stats.started >= 6
    time.sleep(0.5)
    left = {c["Id"] for c in _ours(docker_api)} - before
    assert left == set(), "close() removes idle and used containers"


def test_cold_mode_starts_per_test(docker_api):
    with Sandbox(SandboxSettings(pool_size=0), api=docker_api) as box:
        compiled = box.compile("python3", "print(1)\n")
        box.run(compiled, "python3", [b""] * 3, Limits())
        assert box.pool.stats.hits == 0
        assert box.pool.stats.misses == 4  # compile + three tests


def test_sweep_removes_leftovers_past_deadline(docker_api, sandbox):
    spec = sandbox.run_spec("python3", Limits())
    kwargs = spec.create_kwargs(docker_api)
    kwargs["labels"] = {**kwargs["labels"], "io.assay.deadline": str(int(time.time()) - 5),
                        "io.assay.owner": "elsewhere:1:1"}
    created = docker_api.create_container(**kwargs)
    docker_api.start(created["Id"])
    removed = sweep(docker_api)
    assert created["Id"] in removed
    assert not docker_api.containers(all=True, filters={"id": created["Id"]})


def test_sweep_removes_containers_of_dead_owner_on_this_host(docker_api, sandbox):
    import socket

    spec = sandbox.run_spec("python3", Limits())
    kwargs = spec.create_kwargs(docker_api)
    kwargs["labels"] = {**kwargs["labels"], "io.assay.owner": f"{socket.gethostname()}:999999:1"}
    created = docker_api.create_container(**kwargs)
    assert created["Id"] in sweep(docker_api)


def test_sweep_keeps_live_containers(docker_api, sandbox):
    spec = sandbox.run_spec("python3", Limits())
    created = docker_api.create_container(**spec.create_kwargs(docker_api))
    try:
        assert created["Id"] not in sweep(docker_api)
    finally:
        docker_api.remove_container(created["Id"], force=True)


def test_sweep_removes_containers_whose_owner_container_is_gone(docker_api, sandbox):
    """A worker in a container of this engine (compose): its sandboxes go once its container stops, and
    stay while it runs; owners elsewhere (no container mark) are left to their deadline."""
    spec = sandbox.run_spec("python3", Limits())
    owner = docker_api.create_container(**spec.create_kwargs(docker_api))  # stands in for a worker container
    docker_api.start(owner["Id"])
    made = []
    try:
        for mark in (":c", ""):
            kwargs = spec.create_kwargs(docker_api)
            kwargs["labels"] = {**kwargs["labels"], "io.assay.owner": f"{owner['Id'][:12]}:7:123{mark}"}
            made.append(docker_api.create_container(**kwargs)["Id"])
        assert not set(made) & set(sweep(docker_api)), "the owner's container runs"
        docker_api.remove_container(owner["Id"], force=True)
        removed = sweep(docker_api)
        assert made[0] in removed, "owner container gone: swept"
        assert made[1] not in removed, "no container mark: the owner may be another host"
    finally:
        for container in [owner["Id"], *made]:
            try:
                docker_api.remove_container(container, force=True)
            except Exception:
                pass
