"""The base image every sandbox image is built ``FROM``.

Resolution order:

1. ``ASSAY_SANDBOX_BASE_IMAGE`` when set: used as is (pulled if it is not present locally).
2. ``debian:bookworm-slim`` when present locally or pullable within a short timeout.
3. ``assay-base:bookworm``, made here when missing: a ``debootstrap --variant=minbase`` of Debian
   bookworm from deb.debian.org, trimmed the way the official slim image is, then ``docker import``-ed.
   This is what makes the sandbox work on hosts that reach Debian's mirror but no container registry.

Every failure is an :class:`ImageError` whose ``fix`` says what to do about it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import docker
import docker.errors
from rich.console import Console
from rich.markup import escape

from sandbox.settings import SandboxSettings

REGISTRY_BASE = "debian:bookworm-slim"
LOCAL_BASE_REPOSITORY = "assay-base"
LOCAL_BASE_TAG = "bookworm"
LOCAL_BASE = f"{LOCAL_BASE_REPOSITORY}:{LOCAL_BASE_TAG}"
DEBIAN_SUITE = "bookworm"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
DEBIAN_SECURITY_MIRROR = "http://deb.debian.org/debian-security"
PULL_TIMEOUT_S = 30.0
WORK_ROOT = Path("/var/tmp")  # not /tmp: it may be a small tmpfs or mounted nodev
LOCK_PATH = WORK_ROOT / "assay-base.lock"

HOST_FIX = "start the Docker engine as root: `make host` (runs scripts/setup-host.sh)"
BASE_ENV_FIX = (
    "set ASSAY_SANDBOX_BASE_IMAGE to a Debian bookworm image present on this host, "
    "or run as root on a host that reaches deb.debian.org"
)

# What the official debian:*-slim images configure, so that images built on the local base are as
# small: no docs, man pages or translations installed, no .deb files or package caches left behind.
_DPKG_EXCLUDES = """\
# Written by assay (sandbox/base_image.py), as in the official slim images.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
"""
_CLEAN_CACHES = (
    "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin"
)
_APT_CLEAN = f"""\
// Written by assay (sandbox/base_image.py), as in the official Debian images.
DPkg::Post-Invoke {{ "{_CLEAN_CACHES} || true"; }};
APT::Update::Post-Invoke {{ "{_CLEAN_CACHES} || true"; }};
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
APT::Install-Recommends "false";
"""
_SOURCES = f"""\
Types: deb
URIs: {DEBIAN_MIRROR}
Suites: {DEBIAN_SUITE} {DEBIAN_SUITE}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: {DEBIAN_SECURITY_MIRROR}
Suites: {DEBIAN_SUITE}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""
# Bump when _trim changes in a way that matters: a local base with another recipe is made again.
_TRIM_VERSION = "2"
LABEL_BASE_RECIPE = "io.assay.base.recipe"
BASE_RECIPE = hashlib.sha256(
    "\0".join((_TRIM_VERSION, DEBIAN_SUITE, DEBIAN_MIRROR, _DPKG_EXCLUDES, _APT_CLEAN, _SOURCES)).encode()
).hexdigest()[:12]
_IMPORT_CHANGES = [
    'CMD ["bash"]',
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LABEL io.assay.base.origin=debootstrap",
    f"LABEL {LABEL_BASE_RECIPE}={BASE_RECIPE}",
]


class ImageError(RuntimeError):
    """A sandbox image could not be made; ``fix`` says what to do about it."""

    def __init__(self, message: str, fix: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.details = details or []

    def __str__(self) -> str:
        return f"{self.message} (fix: {self.fix})"


class BaseImageError(ImageError):
    """The base image could not be found, pulled or made."""


def connect(timeout: int = 120) -> docker.APIClient:
    """A low-level client for the local Docker engine (``DOCKER_HOST`` and friends are honoured)."""
    try:
        client = docker.from_env(timeout=timeout)
        client.ping()
    except docker.errors.DockerException as exc:
        raise ImageError(f"the Docker engine does not answer: {exc}", HOST_FIX) from None
    except Exception as exc:  # requests' connection errors, a socket without permission
        raise ImageError(f"the Docker engine does not answer: {exc}", HOST_FIX) from None
    return client.api


def image_present(api: docker.APIClient, name: str) -> bool:
    """Whether ``name`` (a tag or an id) is an image on this engine."""
    try:
        api.inspect_image(name)
    except docker.errors.ImageNotFound:
        return False
    except docker.errors.APIError as exc:
        if exc.status_code == 404:
            return False
        raise
    return True


def pull(api: docker.APIClient, name: str, *, timeout_s: float | None = None) -> str | None:
    """Pull ``name``; None on success, else why it failed. Gives up after ``timeout_s``
    (default :data:`PULL_TIMEOUT_S`).

    The SDK's pull has no timeout of its own (a registry behind a black-holing firewall hangs it),
    so it runs in a daemon thread that is abandoned when the time is up.
    """
    outcome: dict[str, str | None] = {}

    def work() -> None:
        try:
            for event in api.pull(name, stream=True, decode=True):
                if "error" in event:
                    outcome["error"] = str(event["error"]).strip()
                    return
            outcome["error"] = None
        except docker.errors.APIError as exc:
            outcome["error"] = str(exc.explanation or exc).strip()
        except Exception as exc:
            outcome["error"] = str(exc).strip() or type(exc).__name__

    timeout_s = PULL_TIMEOUT_S if timeout_s is None else timeout_s
    thread = threading.Thread(target=work, name=f"pull {name}", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        return f"no answer from the registry within {timeout_s:g} s"
    error = outcome.get("error", "pull ended without a result")
    if error is None and not image_present(api, name):
        return "the pull reported success but the image is not there"
    return error


def ensure_base(settings: SandboxSettings, console: Console, *, api: docker.APIClient | None = None) -> str:
    """Return the name of a base image present on the engine, pulling or making it if needed.

    With ``settings.base_image`` set, that image (pulled if missing). Otherwise
    ``debian:bookworm-slim`` if present or pullable within :data:`PULL_TIMEOUT_S`, else the local
    ``assay-base:bookworm`` (made by debootstrap the first time). Raises :class:`BaseImageError`.
    """
    api = api or connect()
    wanted = settings.base_image.strip()
    if wanted:
        if image_present(api, wanted):
            return wanted
        with console.status(f"pulling base image {wanted} (ASSAY_SANDBOX_BASE_IMAGE)"):
            why = pull(api, wanted)
        if why is None:
            console.print(f"[green]pulled[/] base image {wanted}")
            return wanted
        raise BaseImageError(
            f"base image {wanted!r} (ASSAY_SANDBOX_BASE_IMAGE) is not on this host and could not be "
            f"pulled: {why}",
            f"`docker load` or `docker pull` {wanted} first, or unset ASSAY_SANDBOX_BASE_IMAGE to use "
            f"{REGISTRY_BASE} or a locally made Debian bookworm base",
        )
    if image_present(api, REGISTRY_BASE):
        return REGISTRY_BASE
    with console.status(f"pulling {REGISTRY_BASE} (at most {PULL_TIMEOUT_S:g} s)"):
        why = pull(api, REGISTRY_BASE)
    if why is None:
        console.print(f"[green]pulled[/] base image {REGISTRY_BASE}")
        return REGISTRY_BASE
    console.print(f"[yellow]{REGISTRY_BASE} cannot be pulled[/] ({escape(_first_line(why))})")
    if local_base_current(api, LOCAL_BASE):
        console.print(f"using the locally made base image {LOCAL_BASE}")
        return LOCAL_BASE
    return make_local_base(api, console)


def local_base_current(api: docker.APIClient, name: str = LOCAL_BASE) -> bool:
    """Whether ``name`` exists and was made by this version of :func:`make_local_base`."""
    try:
        info = api.inspect_image(name)
    except docker.errors.ImageNotFound:
        return False
    return ((info.get("Config") or {}).get("Labels") or {}).get(LABEL_BASE_RECIPE) == BASE_RECIPE


def make_local_base(api: docker.APIClient, console: Console, *, name: str = LOCAL_BASE) -> str:
    """debootstrap Debian bookworm (minbase) and ``docker import`` it as ``name``; returns ``name``.

    Needs root (debootstrap does) and a reachable deb.debian.org. Reuses ``name`` if it exists with
    the current base recipe label, also when another process made it while this one waited for the
    lock; an older one is replaced (images already built on it keep their layers).
    """
    if os.geteuid() != 0:
        raise BaseImageError(
            f"no registry answers and making {name} with debootstrap needs root",
            f"run `assay images build` once as root (or `sudo make images`); or {BASE_ENV_FIX}",
        )
    with _lock():
        if local_base_current(api, name):
            return name
        debootstrap = _ensure_debootstrap(console)
        WORK_ROOT.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="assay-base-", dir=WORK_ROOT))
        try:
            rootfs = work / "rootfs"
            console.print(
                f"making base image {name}: debootstrap --variant=minbase {DEBIAN_SUITE} from {DEBIAN_MIRROR}"
            )
            started = time.monotonic()
            _debootstrap(debootstrap, rootfs, console)
            _trim(rootfs)
            archive = work / "rootfs.tar"
            _run_quiet(
                ["tar", "--numeric-owner", "-C", str(rootfs), "-cf", str(archive), "."],
                what="packing the debootstrapped tree",
            )
            repository, _, tag = name.rpartition(":")
            with console.status(f"docker import {name}"):
                try:
                    api.import_image_from_file(str(archive), repository=repository, tag=tag,
                                               changes=_IMPORT_CHANGES)
                except docker.errors.APIError as exc:
                    raise BaseImageError(f"docker import of {name} failed: {exc.explanation or exc}",
                                         HOST_FIX) from None
            if not image_present(api, name):
                raise BaseImageError(f"docker import did not produce {name}", HOST_FIX)
            size = api.inspect_image(name).get("Size", 0)
            took = time.monotonic() - started
            console.print(f"[green]made[/] base image {name} ({size / 1e6:.0f} MB) in {took:.0f} s")
            return name
        finally:
            shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    """One debootstrap at a time on this host (make images and a test run may race)."""
    WORK_ROOT.mkdir(parents=True, exist_ok=True)
    with open(LOCK_PATH, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _which(program: str) -> str | None:
    # sbin is often missing from PATH outside a login shell.
    return shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin:/usr/bin:/bin")


def _ensure_debootstrap(console: Console) -> str:
    found = _which("debootstrap")
    if found:
        return found
    apt = _which("apt-get")
    if not apt:
        raise BaseImageError(
            "debootstrap is not installed and there is no apt-get to install it",
            f"install debootstrap with this system's package manager; or {BASE_ENV_FIX}",
        )
    console.print("debootstrap is not installed: installing it with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [apt, "install", "-y", "-q", "--no-install-recommends", "debootstrap"]
    for argv in ([apt, "update", "-q"], install):
        with console.status(" ".join(["apt-get", *argv[1:]])):
            done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BaseImageError(
                f"`apt-get {' '.join(argv[1:])}` failed (exit {done.returncode})",
                f"install debootstrap by hand (`apt-get install debootstrap`); or {BASE_ENV_FIX}",
                details=_tail(done.stdout + done.stderr),
            )
    found = _which("debootstrap")
    if not found:
        raise BaseImageError("apt-get installed debootstrap but it is not on PATH",
                             "check `dpkg -L debootstrap`")
    return found


def _debootstrap(debootstrap: str, rootfs: Path, console: Console) -> None:
    """Run debootstrap, showing its current stage; raises with the last lines on failure."""
    argv = [debootstrap, "--variant=minbase", "--components=main", DEBIAN_SUITE, str(rootfs), DEBIAN_MIRROR]
    last: deque[str] = deque(maxlen=25)
    verbs_seen: set[str] = set()
    with console.status("debootstrap: starting") as status:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "LC_ALL": "C"})
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.rstrip()
            if not line:
                continue
            last.append(line)
            if line.startswith(("I: ", "W: ", "E: ")):
                status.update(f"debootstrap: {escape(line[3:][:90])}")
                verb = line[3:].split(" ", 1)[0]
                if not console.is_terminal and verb not in verbs_seen:  # a log: each stage once
                    verbs_seen.add(verb)
                    console.print(f"  debootstrap: {line[3:]}", markup=False, highlight=False)
        code = proc.wait()
    if code != 0:
        log = rootfs / "debootstrap" / "debootstrap.log"
        details = list(last)
        if log.exists():
            details += ["--- debootstrap.log ---", *_tail(log.read_text(errors="replace"), 15)]
        raise BaseImageError(
            f"debootstrap of Debian {DEBIAN_SUITE} failed (exit {code})",
            f"check that {DEBIAN_MIRROR} is reachable from this host (DNS, proxy) and that "
            f"{WORK_ROOT} has ~400 MB free; or {BASE_ENV_FIX}",
            details=details,
        )


def _trim(rootfs: Path) -> None:
    """Make the tree look like debian:bookworm-slim: sources, slim dpkg/apt config, no caches."""
    (rootfs / "etc/dpkg/dpkg.cfg.d").mkdir(parents=True, exist_ok=True)
    (rootfs / "etc/dpkg/dpkg.cfg.d/docker-slim").write_text(_DPKG_EXCLUDES)
    (rootfs / "etc/apt/apt.conf.d").mkdir(parents=True, exist_ok=True)
    (rootfs / "etc/apt/apt.conf.d/docker-clean").write_text(_APT_CLEAN)
    (rootfs / "etc/apt/sources.list.d").mkdir(parents=True, exist_ok=True)
    (rootfs / "etc/apt/sources.list.d/debian.sources").write_text(_SOURCES)
    (rootfs / "etc/apt/sources.list").unlink(missing_ok=True)
    # Docker provides these at run time; the host's copies must not leak into the image.
    for name in ("etc/resolv.conf", "etc/hostname", "etc/machine-id"):
        path = rootfs / name
        if path.is_symlink() or path.exists():
            path.unlink()
        path.write_text("")
    keep_copyright = {"copyright"}
    for pattern in ("var/cache/apt/archives/*.deb", "var/cache/apt/archives/partial/*",
                    "var/cache/apt/*.bin", "var/lib/apt/lists/*", "var/log/*.log", "var/log/apt/*",
                    "usr/share/info/*", "usr/share/groff/*", "usr/share/lintian/*",
                    "usr/share/locale/*", "tmp/*", "var/tmp/*"):
        for path in rootfs.glob(pattern):
            if path.name in {"lock", "partial", "locale.alias"}:
                continue
            _remove(path)
    # Man pages go but their directories stay: update-alternatives in postinst scripts (openjdk's
    # among them) fails when /usr/share/man/man1 is missing (Debian bug #863199).
    man = rootfs / "usr/share/man"
    for path in sorted(man.rglob("*"), reverse=True):
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
    for section in range(1, 9):
        (man / f"man{section}").mkdir(parents=True, exist_ok=True)
    for doc in (rootfs / "usr/share/doc").glob("*"):
        if doc.is_dir() and not doc.is_symlink():
            for item in doc.iterdir():
                if item.name not in keep_copyright:
                    _remove(item)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _run_quiet(argv: list[str], *, what: str) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BaseImageError(f"{what} failed (exit {done.returncode})",
                             f"check free space in {WORK_ROOT}", details=_tail(done.stderr))


def _tail(text: str, lines: int = 20) -> list[str]:
    return [line for line in text.splitlines() if line.strip()][-lines:]


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:160]
