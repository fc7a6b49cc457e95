"""Labels on every sandbox container, and the sweep that removes leftovers past their deadline."""

from __future__ import annotations

import os
import socket
import time
from functools import cache

import docker.errors

import docker

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


@cache
def owner_id() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def owner_alive(owner: str) -> bool:
    """False only when the owner ran on this host and that process is gone."""
    host, _, rest = owner.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    return _process_start(int(pid_text)) == started and started != ""


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
        if deadline > now and owner_alive(owner):
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
