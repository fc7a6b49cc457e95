"""Import a Kattis / problemtools problem package as an Assay package (``assay problems import-kattis``).

Supported source formats:

- legacy (problemtools): ``problem.yaml`` with ``type``, ``validation``, ``validator_flags`` and
  ``limits.time_multiplier``; ``problem_statement/problem.<lang>.tex|md``; ``.timelimit``;
  ``output_validators/<name>/``; ``input_validators/`` (as the package's input_validators/, flags from
  ``input_validator_flags``); ``testdata.yaml`` with ``range``, ``accept_score``, ``grader_flags``;
- 2023-07 (``problem_format_version: 2023-07-draft``): ``statement/``, ``output_validator/``,
  ``limits.time_limit``, ``test_group.yaml`` (or ``testdata.yaml``) with ``scoring: {score,
  aggregation, require_pass}`` and ``output_validator_args``;
- 2025-09: as 2023-07 with ``max_score``, ``score_aggregation`` and ``require_pass`` at the top of
  ``test_group.yaml``.

A package without data/secret (DOMjudge's ``hello``) is graded on its samples, with a warning.

The result is written to ``dest`` and loaded back with :func:`problemformat.package_loader.load_package`;
nothing is written when the converted package would not validate. Whatever cannot be expressed in an
Assay package is listed in :attr:`ImportReport.warnings`. A malformed Kattis package raises
:class:`KattisImportError` whose lines say what is wrong, where, and how to fix it.

This module is the orchestrator; each part of the package has its module: problem_yaml (version,
type, title, limits, languages, metadata), statement (and latex), validators, testdata (samples,
secret data, scoring groups) and submissions, all reading one :class:`KattisSource` and handing back
typed records (records.py).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from problemformat.kattis import problem_yaml
from problemformat.kattis.input_validators import input_flags, input_validators
from problemformat.kattis.latex import latex_statement, tex_to_markdown
from problemformat.kattis.problem_yaml import DEFAULT_TIME_LIMIT_S
from problemformat.kattis.records import Group
from problemformat.kattis.source import KattisImportError, KattisSource, read_source
from problemformat.kattis.statement import interactions, statement
from problemformat.kattis.submissions import submissions
from problemformat.kattis.testdata import test_data
from problemformat.kattis.validators import validation
from problemformat.manifest import Manifest
from problemformat.package_loader import PackageError, build_package, load_package

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "ImportReport",
    "KattisImportError",
    "import_kattis",
    "latex_statement",
    "tex_to_markdown",
]


@dataclass
class ImportReport:
    """What an import produced and what it could not convert."""

    source: Path
    dest: Path
    slug: str
    title: str
    format_version: str  # legacy, 2023-07 or 2025-09
    manifest: Manifest
    content_hash: str
    samples: int
    tests: dict[str, int]  # scoring group -> number of test cases
    submissions: dict[str, int]  # verdict folder -> number of reference submissions
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few human-readable lines: counts only (what was not converted is in ``warnings``)."""
        grader = self.manifest.grader.kind
        groups = ", ".join(f"{name} ({count})" for name, count in self.tests.items())
        subs = ", ".join(f"{verdict} {count}" for verdict, count in self.submissions.items()) or "none"
        lines = [
            f"imported {self.source} ({self.format_version} format) -> {self.dest}",
            f"  slug {self.slug}, title {self.title!r}, grader {grader}",
            f"  samples {self.samples}; groups {groups}; reference submissions: {subs}",
        ]
        if self.warnings:
            lines.append(f"  {len(self.warnings)} thing(s) not converted (see the warnings)")
        return "\n".join(lines)


def import_kattis(src: Path, dest: Path) -> ImportReport:
    """Convert the Kattis package ``src`` (folder, .zip, .kpp or .tar.gz) into the Assay package ``dest``.

    ``dest`` must not exist or be an empty folder. Raises :class:`KattisImportError`.
    """
    src, dest = Path(src), Path(dest)
    source = read_source(src)
    out = convert(source)
    try:
        package = build_package(out)
    except PackageError as exc:
        raise KattisImportError(
            src,
            [
                f"the converted package would not validate: {p}. Fix: correct the Kattis package "
                f"(or report an importer bug)"
                for p in exc.problems
            ],
        ) from None
    _write(src, dest, out)
    try:
        loaded = load_package(dest)
    except PackageError as exc:  # pragma: no cover - the in-memory check above already passed
        raise KattisImportError(
            src, [f"{dest}: the written package does not load: {p}" for p in exc.problems]
        ) from None
    counts: dict[str, int] = {}
    for submission in loaded.submissions:
        counts[submission.expected] = counts.get(submission.expected, 0) + 1
    return ImportReport(
        source=src,
        dest=dest,
        slug=loaded.slug,
        title=loaded.manifest.title,
        format_version=source.format_version,
        manifest=loaded.manifest,
        content_hash=package.content_hash,
        samples=len(loaded.samples),
        tests={name: len(tests) for name, tests in loaded.groups.items()},
        submissions=counts,
        warnings=source.warnings,
    )


def convert(source: KattisSource) -> dict[str, bytes]:
    """The files of the Assay package made from the Kattis package; raises :class:`KattisImportError`
    with every error found."""
    if "problem.yaml" not in source.files:
        nested = sorted(
            {p.split("/")[0] for p in source.files if p.count("/") == 1 and p.endswith("/problem.yaml")}
        )
        hint = f" (problem folders found inside: {', '.join(nested)})" if nested else ""
        raise KattisImportError(
            source.path,
            [
                f"problem.yaml: missing at the top of the package{hint}. "
                f"Fix: point the import at a problem folder, the one holding problem.yaml, data/ and "
                f"submissions/"
            ],
        )
    doc = source.load_yaml("problem.yaml")
    source.fail_if_errors()
    source.format_version = problem_yaml.format_version(source, doc)
    slug = problem_yaml.slug(source.base_name())
    kinds = problem_yaml.problem_types(source, doc)
    text = statement(source, doc)
    title = problem_yaml.title(source, doc, text.tex_title, slug)
    limits = problem_yaml.limits(source, doc)
    grader = validation(source, doc, kinds)
    tests = test_data(source, kinds)
    markdown = text.text
    sample_interactions = interactions(source)
    if sample_interactions:
        markdown = markdown.rstrip() + "\n" + sample_interactions
    references = submissions(source)
    validators = input_validators(source)
    input_validation = _input_flags(source, tests.groups, bool(validators))
    problem_yaml.leftovers(source, doc)
    source.fail_if_errors()

    manifest: dict[str, Any] = {"schema": 1, "slug": slug, "title": title}
    languages = problem_yaml.languages(source, doc)
    if languages:
        manifest["languages"] = languages
    manifest["limits"] = limits.as_yaml()
    manifest["grader"] = grader.grader.as_yaml()
    if input_validation:
        manifest["input_validation"] = input_validation
    manifest["scoring"] = {"groups": [group.as_yaml() for group in tests.groups]}
    manifest.update(problem_yaml.metadata(doc).as_yaml())
    if not markdown.lstrip().startswith("# "):
        markdown = f"# {title}\n\n{markdown}"  # as the bundled problems' statements begin
    return {
        **text.files,
        **grader.files,
        **tests.files,
        **references,
        **validators,
        "problem.yaml": yaml.safe_dump(
            manifest, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
        ).encode("utf-8"),
        "statement.md": markdown.encode("utf-8"),
    }


def _input_flags(source: KattisSource, groups: list[Group], validators: bool) -> dict[str, Any]:
    """problem.yaml's input_validation (flags of data/secret, and of data/sample where they differ);
    each group keeps its own flags only where they differ from those."""
    args = input_flags(source, "data/secret") if validators else []
    for group in groups:
        if not validators or group.input_validator_args == args:
            group.input_validator_args = None
    result: dict[str, Any] = {}
    if args:
        result["args"] = args
    sample_args = input_flags(source, "data/sample") if validators else []
    if sample_args != args:
        result["sample_args"] = sample_args
    return result


def _write(src: Path, dest: Path, out: dict[str, bytes]) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise KattisImportError(
            src,
            [
                f"{dest}: the destination exists and is not an empty folder. "
                f"Fix: choose a new folder or remove it"
            ],
        )
    created = not dest.exists()
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for rel, data in sorted(out.items()):
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except OSError as exc:
        if created:
            shutil.rmtree(dest, ignore_errors=True)
        raise KattisImportError(
            src, [f"{dest}: cannot write the package ({exc.strerror}). Fix: check the path and permissions"]
        ) from None
