"""The problem library as the console shows it: every problem's latest version with what a person picking
problems for an assessment needs to know (what it asks, how hard, how long, which languages, how answers
are checked in plain words), filtered by a search text, a tag, a language or a difficulty.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from api import statements
from api.models import ProblemVersion
from api.services import problems
from graders.judge import allowed_languages
from problemformat.manifest import Manifest
from problemformat.questions import ANSWERS_LANGUAGE
from problemformat.statement_math import math_errors
from sandbox import lookup

# How each grader kind checks an answer, in words for someone who does not write graders.
GRADER_WORDS = {
    "exact": "compares the program's output with the expected output, character for character",
    "token": "compares the program's output with the expected output, word by word",
    "float": "compares the program's numbers with the expected ones, within a tolerance",
    "checker": "a program written for this problem checks each answer (several answers can be right)",
    "interactive": "interactive: the candidate's program talks with a judge program, question by question",
    "unittest": "unit tests run against the candidate's code",
    "quiz": "questions: multiple choice scored at once, free text scored by a reviewer",
}
DIFFICULTIES = ("easy", "medium", "hard")


def grader_in_words(kind: str) -> str:
    return GRADER_WORDS.get(kind, f"checked by the '{kind}' grader (a plugin)")


@dataclass(frozen=True)
class LibraryEntry:
    slug: str
    version: int
    title: str
    tags: tuple[str, ...]
    languages: tuple[str, ...]  # titles, e.g. "Python 3"
    difficulty: str | None
    expected_minutes: int | None
    grader: str  # in words
    max_points: float
    time_limit_s: float
    memory_limit_mib: int


@dataclass(frozen=True)
class LibraryFilter:
    text: str = ""
    tag: str = ""
    language: str = ""
    difficulty: str = ""

    def keeps(self, entry: LibraryEntry, manifest: Manifest) -> bool:
        text = self.text.casefold().strip()
        if text and text not in f"{entry.title} {entry.slug} {' '.join(entry.tags)}".casefold():
            return False
        if self.tag and self.tag not in entry.tags:
            return False
        if self.language and self.language not in allowed_languages(manifest):
            return False
        return not (self.difficulty and entry.difficulty != self.difficulty)


def _language_title(name: str) -> str:
    language = lookup(name)
    if language is None and name == ANSWERS_LANGUAGE:
        return "Answers (a question set)"
    return language.title if language is not None else name


def entry_of(version: ProblemVersion) -> LibraryEntry:
    manifest = problems.manifest_of(version)
    return LibraryEntry(
        slug=version.slug, version=version.version, title=version.title, tags=tuple(manifest.tags),
        languages=tuple(_language_title(name) for name in allowed_languages(manifest)),
        difficulty=manifest.difficulty, expected_minutes=manifest.expected_minutes,
        grader=grader_in_words(manifest.grader.kind), max_points=manifest.scoring.max_points,
        time_limit_s=manifest.limits.time_limit_s, memory_limit_mib=manifest.limits.memory_limit_mib)


@dataclass(frozen=True)
class Library:
    entries: list[LibraryEntry]
    total: int
    tags: list[str]  # every tag in the library, for the filter
    languages: list[tuple[str, str]]  # (name, title) of every language some problem allows


def library(session: Session, where: LibraryFilter) -> Library:
    versions = problems.latest_versions(session)
    kept: list[LibraryEntry] = []
    tags: set[str] = set()
    languages: dict[str, str] = {}
    for version in versions:
        manifest = problems.manifest_of(version)
        entry = entry_of(version)
        tags.update(entry.tags)
        for name in allowed_languages(manifest):
            languages[name] = _language_title(name)
        if where.keeps(entry, manifest):
            kept.append(entry)
    kept.sort(key=lambda e: e.title.casefold())
    return Library(kept, len(versions), sorted(tags), sorted(languages.items(), key=lambda item: item[1]))


@dataclass(frozen=True)
class ProblemPage:
    entry: LibraryEntry
    statement_html: str
    samples: list[tuple[str, str, str]]  # (name, input, expected output), shortened for the page
    groups: list[tuple[str, float]]  # (name, points)
    secret_tests: int
    versions: list[int]
    authors: tuple[str, ...]
    source: str | None
    license: str | None
    math_errors: list[str]  # formulas of the statement that are not valid TeX (shown to candidates as text)


SAMPLE_CHARS = 2000


def _short(text: str) -> str:
    return text if len(text) <= SAMPLE_CHARS else text[:SAMPLE_CHARS] + "\n…"


def problem_page(session: Session, slug: str, version: int | None = None) -> ProblemPage:
    """One problem as its library page shows it (NotFound for an unknown slug or version)."""
    row = problems.get_version(session, slug, version)
    package = problems.package_of(row)
    manifest = package.manifest
    samples = [(t.name, _short(t.input.decode("utf-8", "replace")), _short(t.answer.decode("utf-8", "replace")))
               for t in package.samples]
    return ProblemPage(
        entry=entry_of(row), statement_html=statements.to_html(package.statement), samples=samples,
        groups=[(g.name, g.points) for g in manifest.scoring.groups],
        secret_tests=sum(len(t) for t in package.groups.values()),
        versions=problems.versions_of(session, slug), authors=tuple(manifest.authors), source=manifest.source,
        license=manifest.license, math_errors=math_errors(package.statement))
