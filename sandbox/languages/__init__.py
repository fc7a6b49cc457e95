"""The language registry: every module in this package that defines ``LANGUAGE``.

Everything Assay knows about a language is in its module (see :class:`Language`); other code asks here:
``get_language(name)`` (strict, for what clients send), ``lookup(name_or_alias)`` (loose, for what
imported packages say), ``detect(paths)`` (which language a set of files is), ``is_header(path)`` and
``companion(language, path)`` (which files beside a program are compiled with it).
"""

from __future__ import annotations

import importlib
import pkgutil
import posixpath
from collections.abc import Iterable
from functools import cache

from sandbox.languages.base import Language

__all__ = [
    "Language",
    "UnknownLanguageError",
    "all_languages",
    "common_languages",
    "companion",
    "detect",
    "get_language",
    "header_extensions",
    "is_header",
    "lookup",
    "source_extensions",
]


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


def common_languages() -> list[Language]:
    """The languages whose images ``make images`` builds ahead; the others are built on demand."""
    return [language for language in all_languages().values() if not language.on_demand]


def get_language(name: str) -> Language:
    try:
        return all_languages()[name]
    except KeyError:
        raise UnknownLanguageError(name) from None


@cache
def _by_extension() -> dict[str, Language]:
    """Source extension -> language. Two languages claiming one source extension is a mistake in the
    table (detection would depend on module order): refused loudly."""
    index: dict[str, Language] = {}
    for language in all_languages().values():
        for extension in language.extensions:
            other = index.setdefault(extension.lower(), language)
            if other is not language:
                raise RuntimeError(f"languages {other.name} and {language.name} both claim {extension} files")
    return index


@cache
def _by_name() -> dict[str, Language]:
    index: dict[str, Language] = {}
    for language in all_languages().values():
        for name in (*language.aliases, language.name):
            index[name.lower()] = language
    return index


@cache
def header_extensions() -> frozenset[str]:
    """Every language's header extensions (.h, .hpp, ...): such a file is never a program."""
    return frozenset(e.lower() for language in all_languages().values() for e in language.header_extensions)


@cache
def source_extensions() -> tuple[str, ...]:
    """Every language's source extensions, for ``str.endswith``."""
    return tuple(_by_extension())


def _extension(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def lookup(name: str) -> Language | None:
    """The language called ``name`` or one of its aliases, any case ("Python", "c++", "nodejs"); None
    if none is."""
    return _by_name().get(name.strip().lower())


def is_header(path: str) -> bool:
    return _extension(path) in header_extensions()


def detect(paths: Iterable[str]) -> Language | None:
    """The language of a set of files by their extensions: the one language of every source file among
    them (headers and other files do not count); None when there is none, or more than one."""
    index = _by_extension()
    found = {index.get(_extension(path)) for path in paths}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def companion(language: Language, path: str) -> bool:
    """Whether a file beside a program of ``language`` is compiled with it: a header (testlib.h), or,
    for an interpreted language, a module of the same language."""
    extension = _extension(path)
    return extension in header_extensions() or (language.interpreted and extension in language.extensions)
