"""Sandbox images: base resolution, build, tags and labels, version commands, `assay images`.

The Docker tests use the real engine: they skip locally without one and fail when CI=true.
"""

from __future__ import annotations

import io
import re
import shutil
import time

import docker
import docker.errors
import pytest
from click.testing import CliRunner
from rich.console import Console
from support.gate import need

from api.commands.images import images as images_command
from sandbox import images
from sandbox.imagebuild import (
    ImageBuildError,
    build_images,
    image_version,
    missing_images,
    up_to_date,
)
from sandbox.languages import common_languages, get_language
from sandbox.settings import SandboxSettings

pytestmark = pytest.mark.timeout(1800)  # the first build of all six images takes minutes

VERSION_PATTERNS = {
    "python3": r"^Python 3\.\d+",
    "c": r"^gcc ",
    "cpp": r"^g\+\+ ",
    "java": r'^openjdk version "17\.',
    "javascript": r"^v\d+\.\d+\.\d+",
    "go": r"^go version go1\.\d+",
    "rust": r"^rustc 1\.\d+",
}
TEST_PREFIX = "assay-test-sandbox"


def quiet_console() -> Console:
    return Console(file=io.StringIO(), width=160)


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def engine() -> docker.APIClient:
    """The Docker engine; a skip without one, but a failure in CI (CI=true must run everything)."""
    try:
        client = docker.from_env(timeout=300)
        client.ping()
    except Exception as exc:
        need(f"no Docker engine: {exc}")
    return client.api


@pytest.fixture(scope="module")
def settings() -> SandboxSettings:
    return SandboxSettings()


@pytest.fixture(scope="module")
def built(engine, settings):
    """Every common language's image, built now if missing (`make test` has built them already); the
    others are built on demand (tests/docker/test_more_languages.py)."""
    console = Console(stderr=True, width=160)
    return {item.language: item for item in
            build_images(common_languages(), settings, console=console, api=engine)}


@pytest.fixture
def recipes(tmp_path, monkeypatch):
    """A scratch copy of sandbox/images/ that tests may edit; the real files are never touched."""
    copy = tmp_path / "images"
    shutil.copytree(images.IMAGES_DIR, copy)
    images.recipe_hash.cache_clear()
    monkeypatch.setattr(images, "IMAGES_DIR", copy)
    yield copy
    monkeypatch.undo()
    images.recipe_hash.cache_clear()


def remove_image(api: docker.APIClient, tag: str) -> None:
    try:
        api.remove_image(tag, force=True)
    except docker.errors.APIError:
        pass


# ------------------------------------------------------------------ real Docker


def test_every_language_image_is_present_with_its_recipe_label(engine, settings, built):
    assert set(built) == {language.name for language in common_languages()}
    for language in common_languages():
        tag = images.image_tag(language, settings.image_prefix)
        assert built[language.name].tag == tag
        labels = engine.inspect_image(tag)["Config"]["Labels"]
        assert labels[images.LABEL_RECIPE] == images.recipe_hash(language) == tag.rsplit(":", 1)[1]
        assert labels[images.LABEL_LANGUAGE] == language.name
        assert labels[images.LABEL_BASE]
        assert up_to_date(engine, language, tag)
    assert missing_images(settings, api=engine) == []


def test_second_build_skips_present_images(engine, settings, built):
    again = build_images(common_languages(), settings, console=quiet_console(), api=engine)
    assert [item.built for item in again] == [False] * len(common_languages())
    assert {item.language: item.tag for item in again} == {name: item.tag for name, item in built.items()}


@pytest.mark.parametrize("name", sorted(VERSION_PATTERNS))
def test_version_command_runs_without_network(engine, settings, built, name):
    language = get_language(name)
    tag = images.image_tag(language, settings.image_prefix)
    version = image_version(engine, tag, language, refresh=True)
    assert re.search(VERSION_PATTERNS[name], version), version
    assert built[name].version == version
    # The same with the plain docker CLI equivalent: a throwaway container with no network.
    output = docker.from_env().containers.run(tag, list(language.version), network_mode="none",
                                               remove=True, stdout=True, stderr=True)
    assert version in output.decode()


def test_image_has_no_network_tools_leaking_and_runs_as_non_root(engine, settings, built):
    tag = images.image_tag(get_language("python3"), settings.image_prefix)
    config = engine.inspect_image(tag)["Config"]
    assert config["User"] == "10001:10001"
    assert config["Cmd"][-1] == "/opt/assay/agent.pyc"  # compiled at build: no compile per start


def test_changed_dockerfile_gives_a_new_tag_and_builds(engine, built, recipes):
    python3 = get_language("python3")
    settings = SandboxSettings(image_prefix=TEST_PREFIX)
    before = images.image_tag(python3, TEST_PREFIX)
    dockerfile = recipes / "python3" / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + f"# changed by {__name__} at {time.time()}\n")
    images.recipe_hash.cache_clear()
    after = images.image_tag(python3, TEST_PREFIX)
    assert after != before
    assert after.rsplit(":", 1)[1] == images.recipe_hash(python3)
    # Only python3's tag moved.
    assert images.image_tag(get_language("c"), TEST_PREFIX).endswith(built["c"].tag.rsplit(":", 1)[1])
    try:
        [result] = build_images([python3], settings, console=quiet_console(), api=engine)
        assert result.built and result.tag == after
        labels = engine.inspect_image(after)["Config"]["Labels"]
        assert labels[images.LABEL_RECIPE] == images.recipe_hash(python3)
        assert re.search(VERSION_PATTERNS["python3"], result.version)
    finally:
        remove_image(engine, after)


def test_a_wrong_package_name_fails_with_the_dockerfile_named(engine, built, recipes):
    python3 = get_language("python3")
    dockerfile = recipes / "python3" / "Dockerfile"
    text = dockerfile.read_text()
    assert "--no-install-recommends python3" in text
    dockerfile.write_text(text.replace("--no-install-recommends python3",
                                       "--no-install-recommends assay-no-such-package python3", 1))
    images.recipe_hash.cache_clear()
    tag = images.image_tag(python3, TEST_PREFIX)
    try:
        with pytest.raises(ImageBuildError) as caught:
            build_images([python3], SandboxSettings(image_prefix=TEST_PREFIX), console=quiet_console(),
                         api=engine)
        assert "apt package list" in caught.value.fix
        assert str(dockerfile) in caught.value.fix
        assert not up_to_date(engine, python3, tag)
    finally:
        remove_image(engine, tag)


def test_images_list_shows_every_language(engine, built):
    result = CliRunner().invoke(images_command, ["list"])
    assert result.exit_code == 0, result.output
    for name, item in built.items():
        assert name in result.output
        assert item.tag in result.output


# ------------------------------------------------------------------ no Docker needed
