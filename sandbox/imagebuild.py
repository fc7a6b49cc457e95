"""Build the per-language sandbox images: sandbox/images/template.Dockerfile with the language's
toolchain (sandbox/images/<language>/Dockerfile) in its slot, and the agent.

Each image is tagged ``<prefix>-<language>:<recipe hash>`` (see :mod:`sandbox.images`), so an image
whose tag exists is up to date with its whole Dockerfile and the agent and is not built again unless
forced.
After a build the language's version command runs once in a throwaway container without network;
the answer is printed, returned and remembered per image id for ``assay images list``.
"""

from __future__ import annotations

import io
import json
import os
import re
import tarfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import docker
import docker.errors
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from sandbox import images
from sandbox.base_image import HOST_FIX, ImageError, connect, ensure_base, image_present
from sandbox.buildlock import build_lock
from sandbox.labels import LABEL_DEADLINE, LABEL_OWNER, LABEL_SANDBOX, owner_id
from sandbox.languages import Language, all_languages, common_languages, get_language
from sandbox.settings import SandboxSettings

VERSION_TIMEOUT_S = 60
ERROR_TAIL_LINES = 25
_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class ImageBuildError(ImageError):
    """One or more sandbox images failed to build."""


@dataclass(frozen=True)
class BuiltImage:
    """The outcome for one language: built now, or already present."""

    language: str
    tag: str
    built: bool  # False: the tag already existed and the build was skipped
    seconds: float  # build time (0 when skipped)
    size_bytes: int
    version: str  # first line the language's version command printed
    base: str  # the base image it was built FROM (from its label when skipped)


@dataclass(frozen=True)
class ImageStatus:
    """One line of ``assay images list``."""

    language: str
    tag: str
    present: bool  # the tag exists and carries the current recipe label
    size_bytes: int | None
    version: str | None
    base: str | None


def up_to_date(api: docker.APIClient, language: Language, tag: str) -> bool:
    """Whether ``tag`` exists and was built by us from the current recipe (its label says so).

    An image tagged by hand (no recipe label) is not trusted and gets rebuilt.
    """
    try:
        info = api.inspect_image(tag)
    except docker.errors.ImageNotFound:
        return False
    labels = (info.get("Config") or {}).get("Labels") or {}
    return labels.get(images.LABEL_RECIPE) == images.recipe_hash(language)


def image_name(language: Language, settings: SandboxSettings) -> str:
    """``<prefix>-<language>``: the image's repository, the name of its build lock."""
    return f"{settings.image_prefix}-{language.name}"


def missing_images(settings: SandboxSettings, *, api: docker.APIClient | None = None) -> list[str]:
    """Names of the common languages whose current image (tag and recipe label) is not on the engine
    (the others are built when first needed)."""
    api = api or connect()
    return [
        language.name
        for language in common_languages()
        if not up_to_date(api, language, images.image_tag(language, settings.image_prefix))
    ]


def build_context(language: Language) -> bytes:
    """The build context: the language's whole Dockerfile (rendered from the template) and the agent,
    as an uncompressed tar."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in (("Dockerfile", images.dockerfile(language).encode()),
                           ("agent.py", images.AGENT_PATH.read_bytes())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def build_images(
    languages: Iterable[Language],
    settings: SandboxSettings,
    *,
    force: bool = False,
    console: Console,
    api: docker.APIClient | None = None,
    jobs: int = 1,
) -> list[BuiltImage]:
    """Build the images of ``languages`` (skipping those whose tag exists, unless ``force``).

    ``force`` rebuilds without Docker's layer cache, so packages are fetched afresh (security updates).

    Shows one progress line per language with its current Dockerfile step. Resolves (and if need
    be makes) the base image only when something is to be built. Runs each image's version command
    once. Builds ``jobs`` images at a time. Raises :class:`ImageBuildError` naming every failed
    language after the others have finished; raises :class:`ImageError` if the engine is unreachable.
    """
    api = api or connect()
    chosen = list(dict.fromkeys(languages))
    tags = {language.name: images.image_tag(language, settings.image_prefix) for language in chosen}
    todo = [language for language in chosen if force or not up_to_date(api, language, tags[language.name])]
    base = ensure_base(settings, console, api=api) if todo else ""
    if todo:
        console.print(f"building {len(todo)} sandbox image(s) FROM {base}")

    results: dict[str, BuiltImage] = {}
    failures: dict[str, ImageBuildError] = {}
    progress = Progress(
        SpinnerColumn(finished_text=" "),
        TextColumn("[bold]{task.fields[language]:<10}"),
        BarColumn(bar_width=20),
        TextColumn("{task.fields[count]:>5}"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[step]}", markup=False),
        console=console,
        transient=False,
    )
    with progress:
        task_ids: dict[str, TaskID] = {}
        for language in chosen:
            skipped = language not in todo
            task_ids[language.name] = progress.add_task(
                language.name, start=False, total=None, language=language.name, count="",
                step="present, skipped" if skipped else "waiting",
            )
            if skipped:  # started, so that rich counts it as finished (no spinner)
                progress.start_task(task_ids[language.name])
                progress.update(task_ids[language.name], total=1, completed=1, count="-")

        def one(language: Language) -> None:
            task = task_ids[language.name]
            tag = tags[language.name]
            try:
                lock = build_lock(image_name(language, settings)) if language in todo else nullcontext()
                with lock:  # one build of an image at a time on this host; then look again
                    built = language in todo and (force or not up_to_date(api, language, tag))
                    if built:
                        progress.start_task(task)
                        seconds = _build_one(api, language, tag, base, progress, task, console, nocache=force)
                        progress.update(task, step="running the version command")
                        version = image_version(api, tag, language)
                        progress.update(task, step=f"built in {seconds:.0f} s: {version}")
                if not built:
                    if language in todo:  # built by another process while this one waited for the lock
                        progress.start_task(task)
                        progress.update(task, total=1, completed=1, step="built meanwhile by another process")
                    seconds = 0.0
                    version = image_version(api, tag, language)
                info = api.inspect_image(tag)
                results[language.name] = BuiltImage(
                    language=language.name, tag=tag, built=built, seconds=seconds,
                    size_bytes=int(info.get("Size") or 0), version=version,
                    base=((info.get("Config") or {}).get("Labels") or {}).get(images.LABEL_BASE, base),
                )
            except ImageBuildError as exc:
                failures[language.name] = exc
                progress.update(task, step=f"FAILED: {exc.message}")
            except (docker.errors.APIError, ImageError) as exc:
                failures[language.name] = ImageBuildError(f"{language.name}: {exc}", HOST_FIX)
                progress.update(task, step=f"FAILED: {exc}")
            finally:
                progress.stop_task(task)

        if jobs <= 1:
            for language in chosen:
                one(language)
        else:
            with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="image-build") as pool:
                list(pool.map(one, chosen))

    if failures:
        for name, exc in failures.items():
            body = "\n".join(escape(line) for line in exc.details) or "(no build output)"
            title = f"[red]{name}: {escape(exc.message)}"
            console.print(Panel(body, title=title, subtitle="last lines of output", expand=False))
            console.print(f"[bold]fix:[/] {escape(exc.fix)}")
        names = ", ".join(failures)
        raise ImageBuildError(
            f"{len(failures)} of {len(chosen)} sandbox image(s) failed to build: {names}",
            next(iter(failures.values())).fix if len(failures) == 1 else
            "see the errors above; then rerun `assay images build`",
        )
    return [results[language.name] for language in chosen]


def _build_one(api: docker.APIClient, language: Language, tag: str, base: str, progress: Progress,
               task: TaskID, console: Console, *, nocache: bool = False) -> float:
    """Build one image, streaming its steps into ``progress``; returns the seconds it took."""
    started = time.monotonic()
    tail: deque[str] = deque(maxlen=ERROR_TAIL_LINES)
    dockerfile = images.dockerfile_path(language)
    labels = {
        images.LABEL_RECIPE: images.recipe_hash(language),
        images.LABEL_LANGUAGE: language.name,
        images.LABEL_BASE: base,
    }
    progress.update(task, step="sending the build context")
    image_id = None
    current = "starting"
    total = 1
    try:
        stream = api.build(
            fileobj=io.BytesIO(build_context(language)), custom_context=True, buildargs={"BASE": base},
            tag=tag, labels=labels, decode=True, rm=True, forcerm=True, pull=False, nocache=nocache,
        )
        for event in stream:
            if "error" in event:
                detail = (event.get("errorDetail") or {}).get("message") or event["error"]
                raise ImageBuildError(
                    f"building {tag} failed: {_clean(str(detail)).strip()[:300]}",
                    _fix_for(language, dockerfile, base, "\n".join(tail) + "\n" + str(detail)),
                    details=list(tail),
                )
            if "aux" in event and isinstance(event["aux"], dict) and "ID" in event["aux"]:
                image_id = event["aux"]["ID"]
            text = event.get("stream") or event.get("status") or ""
            for line in _clean(text).splitlines():
                line = line.strip()
                if not line:
                    continue
                tail.append(line)
                step = _STEP.match(line)
                if step:
                    number, total, instruction = int(step[1]), int(step[2]), step[3]
                    current = _shorten(instruction, 60)
                    progress.update(task, total=total, completed=number - 1, count=f"{number}/{total}",
                                    step=current)
                    if not console.is_terminal:
                        console.print(f"  {language.name}: step {number}/{total}: "
                                      f"{_shorten(instruction, 100)}", highlight=False, markup=False)
                elif not line.startswith(("--->", "Removing intermediate", "Successfully")):
                    progress.update(task, step=_shorten(f"{current} | {line}", 110))
    except docker.errors.APIError as exc:
        raise ImageBuildError(
            f"building {tag} failed: {exc.explanation or exc}",
            _fix_for(language, dockerfile, base, str(exc)), details=list(tail),
        ) from None
    except docker.errors.BuildError as exc:  # not raised by the low-level API, kept for safety
        raise ImageBuildError(f"building {tag} failed: {exc.msg}", HOST_FIX, details=list(tail)) from None
    if not image_present(api, tag):
        raise ImageBuildError(
            f"the build of {tag} ended without an image (id {image_id or 'unknown'})",
            f"rerun `assay images build --language {language.name} --force`", details=list(tail),
        )
    progress.update(task, total=total, completed=total)
    return time.monotonic() - started


def _fix_for(language: Language, dockerfile: Path, base: str, output: str) -> str:
    """What to do about a failed build, judged from its output."""
    if re.search(r"Unable to locate package|has no installation candidate|Package .* is not available",
                 output):
        return f"correct the apt package list in {dockerfile} (Debian bookworm package names)"
    if re.search(r"Temporary failure resolving|Could not resolve|Failed to fetch|"
                 r"Connection (timed out|refused)", output):
        return ("build containers must reach deb.debian.org: check DNS/proxy of the Docker bridge network "
                "(`docker run --rm " + base + " getent hosts deb.debian.org`)")
    if re.search(r"pull access denied|manifest unknown|No such image|repository does not exist", output):
        return (f"the base image {base} is not on this host: unset ASSAY_SANDBOX_BASE_IMAGE or "
                f"`docker load` it; `docker rmi` a stale assay-base:bookworm to have it made again")
    if re.search(r"no space left on device", output, re.IGNORECASE):
        return "free disk space under /var/lib/docker (`docker image prune`)"
    return (f"read the output above, fix {dockerfile} if it is at fault, then "
            f"`assay images build --language {language.name} --force`")


def image_version(api: docker.APIClient, tag: str, language: Language, *, refresh: bool = False) -> str:
    """First line of the language's version command, run once in a throwaway, network-less container.

    Remembered per image id (an image's content never changes), so asking again is free.
    Raises :class:`ImageBuildError` if the command fails.
    """
    image_id = api.inspect_image(tag)["Id"]
    cache = _VersionCache.load()
    if not refresh and image_id in cache.entries:
        return cache.entries[image_id]
    version = _run_version(api, tag, language)
    cache.entries[image_id] = version
    cache.save()
    return version


def _run_version(api: docker.APIClient, tag: str, language: Language) -> str:
    host_config = api.create_host_config(
        network_mode="none", cap_drop=["ALL"], security_opt=["no-new-privileges"], read_only=True,
        tmpfs={"/tmp": "rw,exec,nosuid,nodev,size=64m"}, mem_limit="512m", memswap_limit="512m",
        pids_limit=256, init=True,
    )
    container = api.create_container(
        tag, command=list(language.version), host_config=host_config, network_disabled=True,
        labels={LABEL_SANDBOX: "1", LABEL_OWNER: owner_id(),
                LABEL_DEADLINE: str(int(time.time() + VERSION_TIMEOUT_S + 60))},
    )
    cid = container["Id"]
    try:
        api.start(cid)
        try:
            status = api.wait(cid, timeout=VERSION_TIMEOUT_S).get("StatusCode", -1)
        except Exception:  # requests' ReadTimeout
            status = None
        output = api.logs(cid, stdout=True, stderr=True).decode(errors="replace")
    finally:
        try:
            api.remove_container(cid, force=True)
        except docker.errors.APIError:
            pass
    argv = " ".join(language.version)
    if status is None:
        raise ImageBuildError(f"`{argv}` in {tag} did not finish within {VERSION_TIMEOUT_S} s",
                              f"check the image by hand: docker run --rm --network none {tag} {argv}")
    first = next((line.strip() for line in output.splitlines() if line.strip()), "")
    if status != 0 or not first:
        raise ImageBuildError(
            f"`{argv}` in {tag} exited {status}",
            f"the toolchain is missing or broken: fix {images.dockerfile_path(language)} "
            "and rebuild with --force",
            details=_clean(output).splitlines()[-ERROR_TAIL_LINES:],
        )
    return first


def image_status(settings: SandboxSettings, *, api: docker.APIClient | None = None,
                 versions: bool = True) -> list[ImageStatus]:
    """Every language's current image: present or not, size, version (run or remembered), base."""
    api = api or connect()
    rows: list[ImageStatus] = []
    for language in all_languages().values():
        tag = images.image_tag(language, settings.image_prefix)
        if not up_to_date(api, language, tag):
            rows.append(ImageStatus(language.name, tag, False, None, None, None))
            continue
        info = api.inspect_image(tag)
        version: str | None = None
        if versions:
            try:
                version = image_version(api, tag, language)
            except (ImageError, docker.errors.APIError) as exc:
                version = f"error: {getattr(exc, 'message', exc)}"
        labels = (info.get("Config") or {}).get("Labels") or {}
        rows.append(ImageStatus(language.name, tag, True, int(info.get("Size") or 0), version,
                                labels.get(images.LABEL_BASE)))
    return rows


def select_languages(names: Sequence[str], *, every: bool = False) -> list[Language]:
    """The languages named; when none, the common ones (every one with ``every``). Raises
    UnknownLanguageError for a name not registered."""
    if not names:
        return list(all_languages().values()) if every else common_languages()
    return [get_language(name) for name in dict.fromkeys(names)]


class _VersionCache:
    """image id -> version line, in $XDG_CACHE_HOME/assay/image-versions.json (best effort)."""

    _lock = threading.Lock()

    def __init__(self, path: Path, entries: dict[str, str]) -> None:
        self.path = path
        self.entries = entries

    @classmethod
    def load(cls) -> _VersionCache:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        path = root / "assay" / "image-versions.json"
        try:
            entries = json.loads(path.read_text())
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError):
            entries = {}
        return cls(path, {str(k): str(v) for k, v in entries.items()})

    def save(self) -> None:
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                current = _VersionCache.load().entries
                current.update(self.entries)
                temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
                temporary.write_text(json.dumps(current, indent=1, sort_keys=True))
                temporary.replace(self.path)
            except OSError:
                pass


def _clean(text: str) -> str:
    return _ANSI.sub("", text).replace("\r", "\n")


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
