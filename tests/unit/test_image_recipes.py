"""Sandbox image recipes: one shared template (base image, environment, the agent block), and per
language only its toolchain; the recipe hash, hence the image tag, covers both."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox import images
from sandbox.languages import all_languages, get_language

AGENT_BLOCK = ("useradd --uid 10001", "COPY agent.py", "py_compile", "USER ", "WORKDIR", "CMD ", "FROM ", "ARG BASE")


@pytest.fixture
def recipes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A scratch copy of sandbox/images/ that tests may edit; the real files are never touched."""
    copy = tmp_path / "images"
    shutil.copytree(images.IMAGES_DIR, copy)
    images.recipe_hash.cache_clear()
    monkeypatch.setattr(images, "IMAGES_DIR", copy)
    yield copy
    monkeypatch.undo()
    images.recipe_hash.cache_clear()


@pytest.mark.parametrize("name", sorted(all_languages()))
def test_a_language_file_holds_its_toolchain_only(name: str) -> None:
    """The agent block and the base image handling are the template's: a language never copies them."""
    language = get_language(name)
    toolchain = images.dockerfile_path(language).read_text()
    assert not [line for line in toolchain.splitlines() if any(part in line for part in AGENT_BLOCK)]
    assert re.search(r"--no-install-recommends python3\b", toolchain), "python3 runs the agent"
    whole = images.dockerfile(language)
    assert toolchain in whole and images.TOOLCHAIN_SLOT not in whole.splitlines()
    assert whole.count("FROM ${BASE}") == 1 and whole.count("COPY agent.py") == 1
    # the toolchain comes first, so that a changed agent block rebuilds only the layers after it
    assert whole.index(toolchain) < whole.index("COPY agent.py")


def test_the_recipe_hash_covers_the_template(recipes: Path) -> None:
    before = {name: images.recipe_hash(language) for name, language in all_languages().items()}
    template = recipes / images.TEMPLATE_NAME
    template.write_text(template.read_text().replace("WORKDIR /tmp", "WORKDIR /tmp\nLABEL x=1"))
    images.recipe_hash.cache_clear()
    after = {name: images.recipe_hash(language) for name, language in all_languages().items()}
    assert not set(before.values()) & set(after.values()), "every image's tag moves with the template"
    assert "LABEL x=1" in images.dockerfile(get_language("c"))


def test_the_recipe_hash_covers_the_toolchain_and_the_agent(recipes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    python3, c = get_language("python3"), get_language("c")
    before = images.recipe_hash(python3), images.recipe_hash(c)
    toolchain = recipes / "python3" / "Dockerfile"
    toolchain.write_text(toolchain.read_text().replace("python3-pytest", "python3-pytest python3-numpy"))
    images.recipe_hash.cache_clear()
    assert images.recipe_hash(python3) != before[0] and images.recipe_hash(c) == before[1]
    agent = recipes / "agent.py"
    agent.write_bytes(images.AGENT_PATH.read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(images, "AGENT_PATH", agent)
    images.recipe_hash.cache_clear()
    assert images.recipe_hash(c) != before[1]


def test_a_template_without_its_slot_is_refused(recipes: Path) -> None:
    template = recipes / images.TEMPLATE_NAME
    template.write_text(template.read_text().replace(images.TOOLCHAIN_SLOT + "\n", ""))
    with pytest.raises(images.RecipeError, match="toolchain"):
        images.dockerfile(get_language("c"))
