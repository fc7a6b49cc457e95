"""Sandbox image names: one image per language, tagged with a hash of its recipe."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from sandbox.languages import Language

IMAGES_DIR = Path(__file__).parent / "images"
AGENT_PATH = Path(__file__).parent / "agent.py"
LABEL_RECIPE = "io.assay.recipe"
LABEL_LANGUAGE = "io.assay.language"
LABEL_BASE = "io.assay.base"


def dockerfile_path(language: Language) -> Path:
    return IMAGES_DIR / language.image_recipe / "Dockerfile"


@cache
def recipe_hash(language: Language) -> str:
    """Hash of everything that goes into the image: its Dockerfile and the agent."""
    digest = hashlib.sha256()
    for path in (dockerfile_path(language), AGENT_PATH):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def image_tag(language: Language, prefix: str = "assay-sandbox") -> str:
    """e.g. ``assay-sandbox-python3:3f2a9c1d0b7e``; a changed recipe gives a new tag."""
    return f"{prefix}-{language.name}:{recipe_hash(language)}"
