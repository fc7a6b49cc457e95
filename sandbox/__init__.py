"""The Docker sandbox's public API: what graders/ and api/ use, imported from here and nowhere deeper.

    from sandbox import Limits, Sandbox, TestInput, Verdict

    with Sandbox() as box:
        compiled = box.compile("python3", {"main.py": b"print(input())"})
        [result] = box.run(compiled, "python3", [TestInput(stdin=b"hi\\n")], Limits(time_limit_s=1))

Names are loaded on first use (PEP 562), so ``import sandbox`` costs nothing: asking for a language
does not import the Docker SDK, and the submodules can import each other without a cycle through here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> the submodule that defines it
_EXPORTS = {
    # running programs
    "Sandbox": "sandbox.runner",
    "PerTest": "sandbox.runner",
    "Session": "sandbox.runner",
    "pack_files": "sandbox.runner",
    # what goes in and what comes out
    "Limits": "sandbox.models",
    "TestInput": "sandbox.models",
    "CompileResult": "sandbox.models",
    "RunResult": "sandbox.models",
    "MAX_TIME_LIMIT_S": "sandbox.models",
    "MAX_MEMORY_LIMIT_MIB": "sandbox.models",
    "Verdict": "sandbox.verdicts",
    # errors
    "SandboxError": "sandbox.container",
    "EngineUnavailable": "sandbox.container",
    "SourceError": "sandbox.runner",
    "RuntimeUnavailable": "sandbox.runtimes",
    "ImageError": "sandbox.base_image",
    "ImagePreparing": "sandbox.ondemand",
    "UnknownLanguageError": "sandbox.languages",
    # languages
    "Language": "sandbox.languages",
    "all_languages": "sandbox.languages",
    "common_languages": "sandbox.languages",
    "get_language": "sandbox.languages",
    "lookup": "sandbox.languages",
    "detect": "sandbox.languages",
    "is_header": "sandbox.languages",
    "companion": "sandbox.languages",
    "source_extensions": "sandbox.languages",
    # settings, images, housekeeping
    "SandboxSettings": "sandbox.settings",
    "build_images": "sandbox.imagebuild",
    "image_status": "sandbox.imagebuild",
    "select_languages": "sandbox.imagebuild",
    "remove_owned": "sandbox.labels",
}

__all__ = [
    "MAX_MEMORY_LIMIT_MIB",
    "MAX_TIME_LIMIT_S",
    "CompileResult",
    "EngineUnavailable",
    "ImageError",
    "ImagePreparing",
    "Language",
    "Limits",
    "PerTest",
    "RunResult",
    "RuntimeUnavailable",
    "Sandbox",
    "SandboxError",
    "SandboxSettings",
    "Session",
    "SourceError",
    "TestInput",
    "UnknownLanguageError",
    "Verdict",
    "all_languages",
    "build_images",
    "common_languages",
    "companion",
    "detect",
    "get_language",
    "image_status",
    "is_header",
    "lookup",
    "pack_files",
    "register_metrics",
    "remove_owned",
    "select_languages",
    "source_extensions",
]


def register_metrics() -> None:
    """Register the sandbox's Prometheus metrics in the default registry now (they show from the
    first scrape instead of after the first container start)."""
    importlib.import_module("sandbox.metrics")


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sandbox' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # for type checkers and editors; at run time the names load on first use
    from sandbox.base_image import ImageError
    from sandbox.container import EngineUnavailable, SandboxError
    from sandbox.imagebuild import build_images, image_status, select_languages
    from sandbox.labels import remove_owned
    from sandbox.languages import (
        Language,
        UnknownLanguageError,
        all_languages,
        common_languages,
        companion,
        detect,
        get_language,
        is_header,
        lookup,
        source_extensions,
    )
    from sandbox.models import MAX_MEMORY_LIMIT_MIB, MAX_TIME_LIMIT_S, CompileResult, Limits, RunResult, TestInput
    from sandbox.ondemand import ImagePreparing
    from sandbox.runner import PerTest, Sandbox, Session, SourceError, pack_files
    from sandbox.runtimes import RuntimeUnavailable
    from sandbox.settings import SandboxSettings
    from sandbox.verdicts import Verdict
