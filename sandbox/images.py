"""Sandbox image recipes and names: one image per language, tagged with a hash of its recipe.

A language's recipe is the shared template (``sandbox/images/template.Dockerfile``: the base image,
the environment, and the agent block every image needs) with the language's own toolchain
(``sandbox/images/<language>/Dockerfile``) in place of the template's ``# <toolchain>`` line, plus
the agent. Adding a language adds a toolchain file, never a copy of the agent block.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from sandbox.languages import Language

IMAGES_DIR = Path(__file__).parent / "images"
TEMPLATE_NAME = "template.Dockerfile"
TOOLCHAIN_SLOT = "# <toolchain>"
AGENT_PATH = Path(__file__).parent / "agent.py"
LABEL_RECIPE = "io.assay.recipe"
LABEL_LANGUAGE = "io.assay.language"
LABEL_BASE = "io.assay.base"


class RecipeError(ValueError):
    """The template has no single toolchain slot."""


def template_path() -> Path:
    return IMAGES_DIR / TEMPLATE_NAME


def dockerfile_path(language: Language) -> Path:
    """The language's own part of its recipe: the toolchain (what a failed build's fix names)."""
    return IMAGES_DIR / language.image_recipe / "Dockerfile"


def dockerfile(language: Language) -> str:
    """The whole Dockerfile of the language's image: the template with its toolchain in the slot."""
    template = template_path().read_text()
    lines = template.splitlines(keepends=True)
    slots = [index for index, line in enumerate(lines) if line.rstrip("\n") == TOOLCHAIN_SLOT]
    if len(slots) != 1:
        raise RecipeError(f"{template_path()} needs exactly one line {TOOLCHAIN_SLOT!r} (found {len(slots)})")
    toolchain = dockerfile_path(language).read_text()
    if not toolchain.endswith("\n"):
        toolchain += "\n"
    return "".join(lines[: slots[0]]) + toolchain + "".join(lines[slots[0] + 1 :])


@cache
def recipe_hash(language: Language) -> str:
    """Hash of everything that goes into the image: its whole Dockerfile (template and toolchain) and
    the agent."""
    digest = hashlib.sha256()
    for name, data in (("Dockerfile", dockerfile(language).encode()), (AGENT_PATH.name, AGENT_PATH.read_bytes())):
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:12]


def image_tag(language: Language, prefix: str = "assay-sandbox") -> str:
    """e.g. ``assay-sandbox-python3:3f2a9c1d0b7e``; a changed recipe gives a new tag."""
    return f"{prefix}-{language.name}:{recipe_hash(language)}"
