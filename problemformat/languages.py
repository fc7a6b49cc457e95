"""Which of the sandbox's languages a problem accepts."""

from __future__ import annotations

from problemformat.manifest import Manifest
from sandbox import all_languages


def allowed_languages(manifest: Manifest) -> list[str]:
    """The manifest's languages, or every language the sandbox knows when it names none."""
    return list(manifest.languages) if manifest.languages is not None else sorted(all_languages())
