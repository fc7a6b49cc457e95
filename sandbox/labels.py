"""Labels on every sandbox container, and the sweep that removes leftovers past their deadline."""

from __future__ import annotations

import os
import re
import socket
import time
from functools import cache

import docker
import docker.errors

LABEL_SANDBOX = "io.assay.sandbox"
LABEL_OWNER = "io.assay.owner"  # host:pid:process-start of the process that made it
LABEL_DEADLINE = "io.assay.deadline"  # unix time after which it is garbage whatever happens


def _process_start(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
        return stat[stat.rfind(b")") + 2 :].split()[19].decode()
    except OSError:
        return ""


_CONTAINER_HOSTNAME = re.compile(r"[0-9a-f]{12}")  # Docker's default hostname: the short container id
_in_engine_container = False  # this process runs in a container of the engine it starts sandboxes on


def detect_engine_container(api: docker.APIClient) -> bool:
    """Whether this process runs inside a container of ``api``'s engine (a worker in compose with the
    host's socket): then its sandboxes are marked so that a successor can tell, by asking the engine,
    that their owner's container is gone."""
    global _in_engine_container
    host = socket.gethostname()
    found = False
    if _CONTAINER_HOSTNAME.fullmatch(host) and os.path.exists("/.dockerenv"):
        try:
            found = api.inspect_container(host)["Config"].get("Hostname") == host
        except docker.errors.APIError:
            found = False
    if found != _in_engine_container:
        _in_engine_container = found
        owner_id.cache_clear()
    return found


@cache
def owner_id() -> str:
    """host:pid:process-start, and ``:c`` when the host is a container of the sandboxes' engine."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}" + (":c" if _in_engine_container else "")


def owner_alive(owner: str, api: docker.APIClient | None = None) -> bool:
    """False only when the owner is known to be gone: a process of this host that ended, or one in a
    container of this engine that no longer runs (a worker container recreated by compose sweeps what
    its predecessor left)."""
    host, pid_text, started, *marks = [*owner.split(":"), "", ""]
    if host == socket.gethostname() and pid_text.isdigit():
        return _process_start(int(pid_text)) == started and started != ""
    if api is not None and "c" in marks and _CONTAINER_HOSTNAME.fullmatch(host):
        try:
            return bool(api.inspect_container(host)["State"]["Running"])
        except docker.errors.NotFound:
            return False
        except docker.errors.APIError:
            return True
    return True


def sweep(api: docker.APIClient, *, now: float | None = None) -> list[str]:
    """Remove labelled sandbox containers past their deadline or whose owning process died here."""
    now = time.time() if now is None else now
    removed: list[str] = []
    for item in api.containers(all=True, filters={"label": f"{LABEL_SANDBOX}=1"}):
        labels = item.get("Labels") or {}
        try:
            deadline = float(labels.get(LABEL_DEADLINE, "0"))
        except ValueError:
            deadline = 0.0
        owner = labels.get(LABEL_OWNER, "")
        if owner == owner_id() and deadline > now:
            continue
        if deadline > now and owner_alive(owner, api):
            continue
        try:
            api.remove_container(item["Id"], force=True)
            removed.append(item["Id"])
        except docker.errors.APIError:
            continue
    return removed


def remove_owned(api: docker.APIClient, owner: str | None = None) -> list[str]:
    """Force-remove every sandbox container this process (or ``owner``) made, in use or not: the last
    step of a process that stops without waiting for its runs."""
    owner = owner or owner_id()
    removed: list[str] = []
    for item in api.containers(all=True, filters={"label": [f"{LABEL_SANDBOX}=1", f"{LABEL_OWNER}={owner}"]}):
        try:
            api.remove_container(item["Id"], force=True)
            removed.append(item["Id"])
        except docker.errors.APIError:
            continue
    return removed
