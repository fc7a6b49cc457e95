"""Build the images compose.yaml runs, on a host with no container registry.

    .venv/bin/python scripts/compose_images.py            # progress on stderr
    eval "$(.venv/bin/python scripts/compose_images.py)"  # ... and export the names it printed
    docker-compose -f compose.yaml up -d                   # (or `docker compose up -d`)

Steps, each skipped or served from Docker's layer cache when nothing changed:

1. the base image: ``--base`` / ``ASSAY_BASE_IMAGE`` if given, else the Debian bookworm base the sandbox
   makes where no registry answers (``assay-base:bookworm``: debootstrap, then ``docker import``;
   made here if missing, which needs root);
2. a wheelhouse of every Python package the service needs (docker/wheelhouse/, built on this host
   with pip), so that the image build never contacts an index (build containers may not reach PyPI,
   or not trust the TLS proxy in between);
3. the service image (``Dockerfile``, FROM the base, ``WHEELHOUSE=only``), default ``assay:latest``;
4. a PostgreSQL image (``docker/postgres/Dockerfile``: Debian's postgresql-15 with an entrypoint that
   behaves like the official image's), default ``assay-postgres:15``;
5. the sandbox images (``assay images build``; the worker's ``images`` service finds them present).

Prints ``export ASSAY_IMAGE=... ASSAY_POSTGRES_IMAGE=... ASSAY_SANDBOX_BASE_IMAGE=...`` on stdout.
Exit status 1 with a ``fix:`` line when a step fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WHEELHOUSE = REPO / "docker" / "wheelhouse"
STAMP = WHEELHOUSE / ".stamp.json"
DEFAULT_IMAGE = "assay:latest"
DEFAULT_POSTGRES_IMAGE = "assay-postgres:15"
# Debian release (major of /etc/debian_version) -> the python3 it ships.
DEBIAN_PYTHON = {"12": "3.11", "13": "3.13"}
# Needed to build the project itself (an editable install inside the image).
BUILD_BACKEND = ["setuptools>=68", "wheel"]


class StepError(RuntimeError):
    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def say(message: str) -> None:
    print(f"[compose-images] {message}", file=sys.stderr, flush=True)


def run(argv: list[str], *, what: str, fix: str, env: dict[str, str] | None = None,
        capture: bool = False) -> str:
    """Run ``argv``; its output goes to stderr (or is returned with ``capture``). Raises StepError."""
    say("$ " + shlex.join(argv))
    done = subprocess.run(argv, cwd=REPO, env=env, stdout=subprocess.PIPE if capture else sys.stderr,
                          stderr=sys.stderr, text=True, check=False)
    if done.returncode != 0:
        raise StepError(f"{what} failed (exit {done.returncode})", fix)
    return done.stdout if capture else ""


# ---------------------------------------------------------------------------------------------- base


def resolve_base(wanted: str) -> str:
    """The base image name, present on the engine."""
    sys.path.insert(0, str(REPO))
    from rich.console import Console

    from sandbox.base_image import LOCAL_BASE, ImageError, connect, image_present, local_base_current, make_local_base

    try:
        api = connect()
        if wanted:
            if not image_present(api, wanted):
                raise StepError(f"base image {wanted} is not on this Docker engine",
                                f"`docker load` or `docker pull` {wanted}, or leave --base/ASSAY_BASE_IMAGE unset")
            return wanted
        if local_base_current(api, LOCAL_BASE):
            return LOCAL_BASE
        say(f"{LOCAL_BASE} is missing: making it (debootstrap of Debian bookworm, a few minutes)")
        return make_local_base(api, Console(stderr=True))
    except ImageError as exc:
        raise StepError(exc.message, exc.fix) from None


def target_python(base: str) -> str:
    """major.minor of the Python the service image will run: the base's own, else its Debian's python3."""
    script = ('if command -v python3 >/dev/null 2>&1;'
              ' then python3 -c "import sys; print(\'py\', *sys.version_info[:2])";'
              ' else echo debian $(cat /etc/debian_version 2>/dev/null); fi')
    out = run(["docker", "run", "--rm", "--network", "none", "--entrypoint", "sh", base, "-c", script],
              what=f"probing the Python of {base}", fix=f"check that {base} runs (`docker run --rm {base} true`)",
              capture=True).split()
    if out[:1] == ["py"] and len(out) == 3:
        return f"{out[1]}.{out[2]}"
    if out[:1] == ["debian"] and len(out) == 2:
        major = out[1].split(".")[0]
        if major in DEBIAN_PYTHON:
            return DEBIAN_PYTHON[major]
    raise StepError(f"cannot tell which Python {base} will run ({' '.join(out) or 'no answer'})",
                    "use a Debian bookworm base (--base) or a python:3.x-slim image")


# ---------------------------------------------------------------------------------------------- wheelhouse


def requirements(extras: list[str]) -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    found = list(project.get("dependencies", []))
    for name in extras:
        try:
            found += project["optional-dependencies"][name]
        except KeyError:
            raise StepError(f"pyproject.toml has no extra {name!r}", "correct --extras") from None
    return found


def build_wheelhouse(python: str, extras: list[str]) -> None:
    """docker/wheelhouse/: wheels of every requirement for ``python`` (built on this host with pip)."""
    wanted = requirements(extras) + BUILD_BACKEND
    host = f"{sys.version_info.major}.{sys.version_info.minor}"
    machine = platform.machine()
    key = hashlib.sha256(json.dumps([wanted, python, machine]).encode()).hexdigest()
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        stamp = {}
    present = {p.name for p in WHEELHOUSE.glob("*.whl")}
    if stamp.get("key") == key and present and set(stamp.get("wheels", [])) == present:
        say(f"wheelhouse: up to date ({len(present)} wheels for Python {python})")
        return
    pip = [sys.executable, "-m", "pip"]
    fix = ("check that this host reaches PyPI (`pip download docker`); a package with no wheel for "
           f"Python {python} on {machine} needs a compiler here")
    with tempfile.TemporaryDirectory(prefix="assay-wheels-") as scratch:
        if python == host:  # this interpreter matches the image's: pip builds what has no wheel
            run([*pip, "wheel", "--quiet", "--wheel-dir", scratch, *wanted], what="pip wheel", fix=fix)
        else:
            tag = python.replace(".", "")
            platforms = [f"manylinux_2_{minor}_{machine}" for minor in range(36, 16, -1)]
            platforms.append(f"manylinux2014_{machine}")
            argv = [*pip, "download", "--quiet", "--dest", scratch, "--only-binary=:all:", "--python-version", python,
                    "--implementation", "cp", "--abi", f"cp{tag}", "--abi", "abi3", "--abi", "none"]
            for name in platforms:
                argv += ["--platform", name]
            run([*argv, *wanted], what=f"pip download (for Python {python})", fix=fix)
        fresh = {p.name: p for p in Path(scratch).glob("*.whl")}
        if not fresh:
            raise StepError("pip produced no wheels", fix)
        WHEELHOUSE.mkdir(parents=True, exist_ok=True)
        for name, path in fresh.items():  # unchanged files stay untouched: Docker's COPY cache holds
            if name not in present:
                shutil.copy2(path, WHEELHOUSE / name)
        for name in present - fresh.keys():
            (WHEELHOUSE / name).unlink(missing_ok=True)  # a concurrent run may have done it
    STAMP.write_text(json.dumps({"key": key, "python": python, "wheels": sorted(fresh)}, indent=1))
    say(f"wheelhouse: {len(fresh)} wheels for Python {python} ({len(set(fresh) - present)} new)")


# ---------------------------------------------------------------------------------------------- images


def image_id(tag: str) -> str | None:
    done = subprocess.run(["docker", "image", "inspect", "--format", "{{.Id}}", tag], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def build(tag: str, argv: list[str], *, fix: str) -> None:
    """docker build ``argv`` as ``tag``; the image it replaces is removed if no tag and no container holds it."""
    before = image_id(tag)
    run(["docker", "build", "--tag", tag, *argv], what=f"building {tag}", fix=fix)
    after = image_id(tag)
    if before and after and before != after:  # `docker rmi` refuses if a container or another tag uses it
        subprocess.run(["docker", "rmi", before], capture_output=True, check=False)


# ---------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default=os.environ.get("ASSAY_BASE_IMAGE", ""),
                        help="base image of both images (default: the local Debian bookworm base)")
    parser.add_argument("--image", default=DEFAULT_IMAGE, help=f"service image tag (default {DEFAULT_IMAGE})")
    parser.add_argument("--postgres-image", default=DEFAULT_POSTGRES_IMAGE,
                        help=f"PostgreSQL image tag (default {DEFAULT_POSTGRES_IMAGE})")
    parser.add_argument("--extras", default="", help="comma-separated pyproject extras to install in the image")
    parser.add_argument("--no-sandbox-images", action="store_true", help="skip `assay images build`")
    parser.add_argument("--no-cache", action="store_true", help="docker build --no-cache")
    args = parser.parse_args(argv)
    extras = [name for name in args.extras.replace(",", " ").split() if name]
    cache = ["--no-cache"] if args.no_cache else []
    started = time.monotonic()
    try:
        step = time.monotonic()
        base = resolve_base(args.base.strip())
        python = target_python(base)
        say(f"base image: {base} (Python {python}) [{time.monotonic() - step:.0f} s]")

        step = time.monotonic()
        build_wheelhouse(python, extras)
        say(f"wheelhouse done [{time.monotonic() - step:.0f} s]")

        docker_fix = "read the build output above; a failing apt-get needs deb.debian.org reachable from containers"
        step = time.monotonic()
        build(args.image, [*cache, "--build-arg", f"BASE={base}", "--build-arg", "WHEELHOUSE=only",
                           "--build-arg", f"EXTRAS={','.join(extras)}", "--file", str(REPO / "Dockerfile"),
                           str(REPO)], fix=docker_fix)
        say(f"service image {args.image} [{time.monotonic() - step:.0f} s]")

        step = time.monotonic()
        build(args.postgres_image, [*cache, "--build-arg", f"BASE={base}", str(REPO / "docker" / "postgres")],
              fix=docker_fix)
        say(f"PostgreSQL image {args.postgres_image} [{time.monotonic() - step:.0f} s]")

        if not args.no_sandbox_images:
            step = time.monotonic()
            assay = Path(sys.executable).with_name("assay")
            env = {**os.environ, "ASSAY_SANDBOX_BASE_IMAGE": os.environ.get("ASSAY_SANDBOX_BASE_IMAGE") or base}
            run([str(assay) if assay.exists() else "assay", "images", "build"], what="assay images build",
                fix="see the output above (`assay images build` explains what to do)", env=env)
            say(f"sandbox images [{time.monotonic() - step:.0f} s]")
    except StepError as exc:
        say(f"error: {exc.message}")
        say(f"fix: {exc.fix}")
        return 1
    except FileNotFoundError as exc:  # no docker CLI
        say(f"error: {exc}")
        say("fix: install Docker (scripts/setup-host.sh as root)")
        return 1
    say(f"done in {time.monotonic() - started:.0f} s")
    exports = {"ASSAY_IMAGE": args.image, "ASSAY_POSTGRES_IMAGE": args.postgres_image,
               "ASSAY_SANDBOX_BASE_IMAGE": os.environ.get("ASSAY_SANDBOX_BASE_IMAGE") or base}
    print("export " + " ".join(f"{k}={shlex.quote(v)}" for k, v in exports.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
