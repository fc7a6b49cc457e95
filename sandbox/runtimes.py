"""Which OCI runtime the sandboxes use: ``ASSAY_SANDBOX_RUNTIME`` = auto (the default), runc or runsc.

``auto`` is gVisor (runsc) wherever it is registered with the Docker engine: a candidate's program
then meets gVisor's user-space kernel, not the host's, so a kernel exploit or a /proc trick that
runc leaves open (see issue 13) stays inside the sandbox. Where runsc is not registered, ``auto``
falls back to runc with a loud warning at start-up. ``runc`` is an explicit choice of the host
kernel (faster, smaller isolation); ``runsc`` is an explicit demand, refused if it is not registered.
What each costs: README "How the sandbox works" and docs/deployment.md (bench/runtime_cost.py).
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("assay.sandbox")

FALLBACK_WARNING = (
    "ASSAY_SANDBOX_RUNTIME=auto: gVisor (runsc) is not registered with this Docker engine, so candidate "
    "code runs under runc, directly on the host kernel. Register runsc (sudo bash scripts/setup-host.sh) "
    "for the stronger isolation, or set ASSAY_SANDBOX_RUNTIME=runc to make this choice explicit."
)


class RuntimeUnavailable(RuntimeError):
    """ASSAY_SANDBOX_RUNTIME names a runtime the engine does not have."""


def registered_runtimes(api: Any) -> set[str]:
    """The OCI runtimes the Docker engine knows (``docker info``), runc always among them."""
    try:
        runtimes = set((api.info().get("Runtimes") or {}).keys())
    except Exception:  # an engine that does not say: only its default
        runtimes = set()
    return runtimes | {"runc"}


def resolve_runtime(api: Any, wanted: str) -> str:
    """The runtime to use for ``wanted`` (auto, runc or runsc) on this engine; warns on a fallback."""
    available = registered_runtimes(api)
    if wanted == "auto":
        if "runsc" in available:
            return "runsc"
        log.warning(FALLBACK_WARNING)
        return "runc"
    if wanted not in available:
        raise RuntimeUnavailable(
            f"ASSAY_SANDBOX_RUNTIME={wanted}, but the Docker engine has no runtime {wanted!r} "
            f"(it has: {', '.join(sorted(available))}); scripts/setup-host.sh registers runsc")
    return wanted
