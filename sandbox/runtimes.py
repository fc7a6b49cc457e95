"""Which OCI runtime the sandboxes use: ``ASSAY_SANDBOX_RUNTIME`` = auto (the default), runc or runsc.

``auto`` is gVisor (runsc) wherever it is registered with the Docker engine: a candidate's program
then meets gVisor's user-space kernel, not the host's, so a kernel exploit or a /proc trick that
runc leaves open (see issue 13) stays inside the sandbox. Where runsc is not registered, ``auto``
falls back to runc with a loud warning at start-up. ``runc`` is an explicit choice of the host
kernel (faster, smaller isolation); ``runsc`` is an explicit demand, refused if it is not registered.
What each costs: README "How the sandbox works" and docs/deployment.md (bench/runtime_cost.py).

gVisor applies the container's seccomp profile (sandbox/seccomp.py: Docker's default, which refuses
unshare, mount, keyctl and the like) inside its sandbox only when runsc runs with ``--oci-seccomp``.
Without it a candidate's program may, for example, make user namespaces inside gVisor's kernel, or
leave POSIX message queues for the next test of its submission (the agent then takes a fresh container
for every test). So runsc is checked at start-up: an explicit ``runsc`` registered without the flag is
refused; ``auto`` warns loudly (gVisor still keeps the host kernel out of reach) and names the fix.
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


SECCOMP_FLAG = "--oci-seccomp"
SECCOMP_FIX = (
    'register runsc with "runtimeArgs": ["--network=none", "--oci-seccomp"] in /etc/docker/daemon.json and '
    "reload dockerd (sudo bash scripts/setup-host.sh does both; docs/deployment.md)")
NO_SECCOMP_WARNING = (
    "ASSAY_SANDBOX_RUNTIME=auto: gVisor (runsc) is registered without --oci-seccomp, so the containers' "
    "seccomp profile is NOT applied inside gVisor (a program may, for example, unshare a user namespace "
    f"there, and every test of a submission needs a fresh container). To fix: {SECCOMP_FIX}.")


class RuntimeUnavailable(RuntimeError):
    """ASSAY_SANDBOX_RUNTIME names a runtime the engine does not have."""


def registered_runtimes(api: Any) -> set[str]:
    """The OCI runtimes the Docker engine knows (``docker info``), runc always among them."""
    try:
        runtimes = set((api.info().get("Runtimes") or {}).keys())
    except Exception:  # an engine that does not say: only its default
        runtimes = set()
    return runtimes | {"runc"}


def runtime_args(api: Any, runtime: str) -> list[str]:
    """The arguments the engine passes to ``runtime`` (its daemon.json ``runtimeArgs``)."""
    try:
        entry = (api.info().get("Runtimes") or {}).get(runtime) or {}
    except Exception:
        return []
    args = entry.get("runtimeArgs") or entry.get("runtime_args") or []
    return [str(arg) for arg in args]


def applies_seccomp(api: Any, runtime: str) -> bool:
    """Whether containers under ``runtime`` get their seccomp profile applied (runsc: --oci-seccomp)."""
    if runtime != "runsc":
        return True  # runc and crun apply it themselves
    return any(arg == SECCOMP_FLAG or (arg.startswith(f"{SECCOMP_FLAG}=") and arg != f"{SECCOMP_FLAG}=false")
               for arg in runtime_args(api, runtime))


def resolve_runtime(api: Any, wanted: str) -> str:
    """The runtime to use for ``wanted`` (auto, runc or runsc) on this engine; warns on a fallback or
    on a gVisor that would not apply the seccomp profile, and refuses an explicit runsc that would not."""
    available = registered_runtimes(api)
    if wanted == "auto":
        if "runsc" in available:
            if not applies_seccomp(api, "runsc"):
                log.warning(NO_SECCOMP_WARNING)
            return "runsc"
        log.warning(FALLBACK_WARNING)
        return "runc"
    if wanted not in available:
        raise RuntimeUnavailable(
            f"ASSAY_SANDBOX_RUNTIME={wanted}, but the Docker engine has no runtime {wanted!r} "
            f"(it has: {', '.join(sorted(available))}); scripts/setup-host.sh registers runsc")
    if not applies_seccomp(api, wanted):
        raise RuntimeUnavailable(
            f"ASSAY_SANDBOX_RUNTIME={wanted}, but runsc is registered without {SECCOMP_FLAG}, so the containers' "
            f"seccomp profile would not be applied inside gVisor. To fix: {SECCOMP_FIX}.")
    return wanted
