"""The sandbox images the service waits for: images are built on demand (sandbox/ondemand.py), so an
upload or a new assessment starts the builds of the languages it names, and a candidate's run that
waits for its language's image says so ("Preparing Kotlin…") instead of failing.

Neither ever fails the request: with the Docker engine unreachable from this process (an API host
apart from the workers), nothing is started and nothing is said; the worker that grades builds the
image when the grading needs it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from api.sandbox_provider import LazySandbox
from sandbox import all_languages

log = logging.getLogger(__name__)


def prepare(provider: LazySandbox, languages: Iterable[str]) -> list[str]:
    """Start building, in the background, the missing images of ``languages``; those started."""
    table = all_languages()
    known = [name for name in dict.fromkeys(languages) if name in table and table[name].on_demand]
    if not known:  # the common languages' images are built ahead (`make images`)
        return []
    try:
        started = provider().prepare_images(known)
    except Exception as exc:  # no engine here: the grading worker builds what it needs
        log.info("sandbox images not prepared ahead (%s): %s", ", ".join(known), exc)
        return []
    if started:
        log.info("building sandbox images on demand: %s", ", ".join(started))
    return started


def preparing(provider: LazySandbox, language: str) -> str | None:
    """The language's name, for "Preparing <language>…", while its sandbox image is not there yet."""
    found = all_languages().get(language)
    if found is None or not found.on_demand:
        return None
    try:
        return None if provider().image_ready(found) else found.title
    except Exception:
        return None
