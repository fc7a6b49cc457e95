"""The language registry: every module in this package that defines ``LANGUAGE``."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from sandbox.languages.base import Language

__all__ = ["Language", "UnknownLanguageError", "all_languages", "get_language"]


class UnknownLanguageError(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        known = ", ".join(sorted(all_languages()))
        return f"unknown language {self.name!r}; supported: {known}"


@cache
def all_languages() -> dict[str, Language]:
    found: dict[str, Language] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        language = getattr(module, "LANGUAGE", None)
        if isinstance(language, Language):
            found[language.name] = language
    return found


def get_language(name: str) -> Language:
    try:
        return all_languages()[name]
    except KeyError:
        raise UnknownLanguageError(name) from None
