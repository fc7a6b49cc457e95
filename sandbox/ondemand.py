"""Sandbox images on demand: a language's image is built the first time something needs it.

``make images`` (``assay images build``) builds the common languages only; any other language (its
module says ``on_demand=True``), or a common one whose image is gone, is built here when a grading,
an upload or ``assay problems verify`` asks for it:

- ``ensure(language)`` builds it and waits (the CLI, verify): progress on the console given;
- ``start(language)`` builds it in a background thread and returns at once (the service: a grading
  that needs the image raises :class:`ImagePreparing`, is retried, and the candidate sees
  "Preparing <language>…");
- ``ready(language)`` says whether the image is there now.

Several threads or processes on one host that need the same image build it once (sandbox/buildlock.py:
``build_images`` holds the image's lock and looks again for it once it has the lock). A failed build is remembered for
``RETRY_FAILED_S`` so that a broken recipe is not rebuilt by every retry of every grading.
"""

from __future__ import annotations

import logging
import threading
import time

import docker
import docker.errors
from rich.console import Console

from sandbox import images
from sandbox.base_image import ImageError
from sandbox.buildlock import build_locked
from sandbox.container import EngineUnavailable, SandboxError
from sandbox.imagebuild import build_images, image_name
from sandbox.languages import Language
from sandbox.settings import SandboxSettings

log = logging.getLogger(__name__)
RETRY_FAILED_S = 300.0


class ImagePreparing(SandboxError):
    """The language's image is being built; the job is to be tried again shortly."""

    def __init__(self, language: Language) -> None:
        super().__init__(f"preparing {language.title}: its sandbox image is being built")
        self.language = language


class OnDemandImages:
    """The images of one Docker engine, built when first needed (one per process is enough)."""

    def __init__(self, api: docker.APIClient, settings: SandboxSettings) -> None:
        self.api = api
        self.settings = settings
        self._ready: set[str] = set()
        self._building: dict[str, threading.Thread] = {}
        self._failed: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def tag(self, language: Language) -> str:
        return images.image_tag(language, self.settings.image_prefix)

    def ready(self, language: Language) -> bool:
        tag = self.tag(language)
        if tag in self._ready:
            return True
        if _tag_exists(self.api, tag):
            self._ready.add(tag)
            return True
        return False

    def preparing(self, language: Language) -> bool:
        """Whether its image is being built, here or by another process on this host."""
        with self._lock:
            thread = self._building.get(language.name)
        return (thread is not None and thread.is_alive()) or build_locked(image_name(language, self.settings))

    def failure(self, language: Language) -> str | None:
        """The last build failure's message while it is remembered."""
        with self._lock:
            failed = self._failed.get(language.name)
        if failed and time.monotonic() - failed[0] < RETRY_FAILED_S:
            return failed[1]
        return None

    def ensure(self, language: Language, console: Console | None = None) -> str:
        """The image's tag, built first (and waited for) if it is missing, its progress on ``console``
        (stderr when None). Raises ImageError."""
        if self.ready(language):
            return self.tag(language)
        # build_images takes the image's build lock and looks again once it has it
        log.info("building the sandbox image of %s on demand", language.name)
        started = time.monotonic()
        try:
            build_images([language], self.settings, console=console or Console(stderr=True), api=self.api)
        except ImageError as exc:
            with self._lock:
                self._failed[language.name] = (time.monotonic(), exc.message)
            raise
        log.info("sandbox image of %s ready in %.0f s", language.name, time.monotonic() - started)
        with self._lock:
            self._failed.pop(language.name, None)
        self._ready.add(self.tag(language))
        return self.tag(language)

    def start(self, language: Language) -> None:
        """Build the image in the background unless it is there, being built, or failed lately."""
        if self.ready(language) or self.failure(language):
            return
        with self._lock:
            thread = self._building.get(language.name)
            if thread is not None and thread.is_alive():
                return
            thread = threading.Thread(target=self._build_quietly, args=(language,), daemon=True,
                                      name=f"image-{language.name}")
            self._building[language.name] = thread
        thread.start()

    def need(self, language: Language) -> str:
        """The tag if the image is there; otherwise start building it and raise ImagePreparing (or a
        SandboxError naming the failure if its last build failed)."""
        if self.ready(language):
            return self.tag(language)
        failed = self.failure(language)
        if failed:
            raise SandboxError(f"the sandbox image of {language.name} failed to build: {failed}; "
                               f"see `assay images build --language {language.name}`")
        self.start(language)
        raise ImagePreparing(language)

    def _build_quietly(self, language: Language) -> None:
        try:
            self.ensure(language, Console(stderr=True, quiet=True))
        except (ImageError, docker.errors.DockerException) as exc:
            log.error("the sandbox image of %s failed to build: %s", language.name, exc)


def _tag_exists(api: docker.APIClient, tag: str) -> bool:
    """Whether the tag is on the engine (the tag carries the recipe hash; an image under it made
    elsewhere, say loaded with ``docker load``, is used as it is). Raises EngineUnavailable."""
    try:
        api.inspect_image(tag)
    except docker.errors.ImageNotFound:
        return False
    except Exception as exc:
        raise EngineUnavailable(f"the Docker engine did not answer: {exc}") from exc
    return True
