"""Import a Kattis / problemtools problem package as an Assay package (``assay problems import-kattis``).

Supported source formats:

- legacy (problemtools): ``problem.yaml`` with ``type``, ``validation``, ``validator_flags`` and
  ``limits.time_multiplier``; ``problem_statement/problem.<lang>.tex|md``; ``.timelimit``;
  ``output_validators/<name>/``; ``testdata.yaml`` with ``range``, ``accept_score``, ``grader_flags``;
- 2023-07 (``problem_format_version: 2023-07-draft``): ``statement/``, ``output_validator/``,
  ``limits.time_limit``, ``test_group.yaml`` (or ``testdata.yaml``) with ``scoring: {score,
  aggregation, require_pass}`` and ``output_validator_args``;
- 2025-09: as 2023-07 with ``max_score``, ``score_aggregation`` and ``require_pass`` at the top of
  ``test_group.yaml``.

The result is written to ``dest`` and loaded back with :func:`problemformat.package_loader.load_package`;
nothing is written when the converted package would not validate. Whatever cannot be expressed in an
Assay package is listed in :attr:`ImportReport.warnings`. A malformed Kattis package raises
:class:`KattisImportError` whose lines say what is wrong, where, and how to fix it.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from problemformat.manifest import EXPECTED_VERDICTS, GROUP_RE, Manifest
from problemformat.package_loader import (
    PackageError,
    build_package,
    load_package,
    natural_key,
    read_files,
)
from sandbox import detect, lookup, source_extensions

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "ImportReport",
    "KattisImportError",
    "import_kattis",
    "latex_statement",
    "tex_to_markdown",
]

DEFAULT_TIME_LIMIT_S = 2.0
MiB = 1024 * 1024
# A Kattis package carries more than we keep (generators, invalid inputs, PDFs): read it with room to spare;
# the converted package is held to the normal package limits.
_READ_LIMITS = {"max_files": 20_000, "max_total_bytes": 512 * MiB, "max_member_bytes": 256 * MiB}

# Kattis submission folders -> ours (folder names are mostly shared already).
_SUBMISSION_DIRS = {
    "accepted": "accepted",
    "wrong_answer": "wrong_answer",
    "time_limit_exceeded": "time_limit_exceeded",
    "run_time_error": "run_time_error",
    "memory_limit_exceeded": "memory_limit_exceeded",
    "compile_error": "compile_error",
    "partially_accepted": "partial",
    "partial": "partial",
    # DOMjudge's names (its example problems, contest archives)
    "compiler_error": "compile_error",
    "no_output": "wrong_answer",  # DOMjudge's NO-OUTPUT; Kattis and Assay judge it a wrong answer
    "runtime_error": "run_time_error",
    "timelimit": "time_limit_exceeded",
}
# Folders whose submissions may get any of several verdicts: Assay's verify checks one per folder.
_SEVERAL_VERDICTS = {
    "mixed": "DOMjudge: any of the verdicts in the source's @EXPECTED_RESULTS@ line",
    "mixed-verdicts": "DOMjudge: any of the verdicts in the source's @EXPECTED_RESULTS@ line",
    "multiple": "DOMjudge: any of the verdicts in the source's @EXPECTED_RESULTS@ line",
    "check_manually": "DOMjudge: the verdict is to be checked by hand",
    "rejected": "Kattis 2023-07+: any verdict but accepted",
    "brute_force": "Kattis 2023-07+: accepted or too slow",
}
_JAVA_MAIN = re.compile(r"\bstatic\s+(?:final\s+)?void\s+main\s*\(")
_JAVA_CLASS = re.compile(r"\b(?:class|enum|record|interface)\s+([A-Za-z_$][\w$]*)")
_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".svg", ".gif")
_IGNORED_KEYS = {"problem_format_version", "uuid", "version", "rights_owner", "embargo_until", "source_url"}
_CONVERTED_KEYS = {
    "name",
    "type",
    "validation",
    "validator_flags",
    "limits",
    "languages",
    "keywords",
    "author",
    "credits",
    "source",
    "license",
    "constants",
}
_LIMIT_KEYS = {"memory", "output", "time_limit", "time_multiplier", "time_multipliers", "time_safety_margin"}
_UNUSED_DIRS = {
    "input_validators": "Assay does not validate test inputs",
    "input_format_validators": "Assay does not validate test inputs",
    "include": "files appended to submissions are not supported",
    "attachments": "attachments are not shown to candidates",
    "generators": "test data generators are not run",
    "solution": "solution descriptions are not kept",
    "solutions": "solution descriptions are not kept",
    "static_validator": "static validation is not supported",
    "input_visualizer": "visualizers are not used",
    "output_visualizer": "visualizers are not used",
}


class KattisImportError(ValueError):
    """The Kattis package cannot be imported; ``problems`` says what, where and how to fix, one per item."""

    def __init__(self, source: Path, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"cannot import Kattis package {self.source}:\n{lines}"


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
    converter = _Converter(src)
    out = converter.convert()
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
    submissions: dict[str, int] = {}
    for submission in loaded.submissions:
        submissions[submission.expected] = submissions.get(submission.expected, 0) + 1
    return ImportReport(
        source=src,
        dest=dest,
        slug=loaded.slug,
        title=loaded.manifest.title,
        format_version=converter.format_version,
        manifest=loaded.manifest,
        content_hash=package.content_hash,
        samples=len(loaded.samples),
        tests={name: len(tests) for name, tests in loaded.groups.items()},
        submissions=submissions,
        warnings=converter.warnings,
    )


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


# --------------------------------------------------------------------------------------------------
# Conversion


class _Fatal(Exception):
    pass


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64].strip("-")
    if not slug:
        slug = "problem"
    if len(slug) < 3:
        slug = f"{slug}-problem"
    return slug


def _number(value: float) -> int | float:
    """30.0 -> 30, 33.333 -> 33.33 (readable YAML)."""
    return int(value) if float(value).is_integer() else round(float(value), 2)


def _not_python3(files: dict[str, bytes]) -> str:
    """Why these .py files are not Python 3 ("" when they parse): Kattis packages hold Python 2
    programs with the same extension. Parsed only, never run."""
    for rel, data in sorted(files.items()):
        if not rel.endswith(".py"):
            continue
        try:
            ast.parse(data, filename=rel)
        except SyntaxError as exc:
            return f"{rel.rsplit('/', 1)[-1]} line {exc.lineno}: {exc.msg}"
        except ValueError as exc:  # NUL bytes
            return f"{rel.rsplit('/', 1)[-1]}: {exc}"
    return ""


def _tokens(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).split()


class _Converter:
    """Reads the Kattis files (in memory) and builds the files of the Assay package."""

    def __init__(self, src: Path) -> None:
        self.src = src
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.out: dict[str, bytes] = {}
        self.format_version = "legacy"
        self.files: dict[str, bytes] = {}
        self.skipped_links: list[str] = []  # PDFs linked from outside the package, left out

    # -- helpers -------------------------------------------------------------------------------

    def error(self, where: str, what: str, fix: str) -> None:
        self.errors.append(f"{where}: {what}. Fix: {fix}")

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def under(self, folder: str) -> dict[str, bytes]:
        prefix = folder.rstrip("/") + "/"
        return {p[len(prefix) :]: b for p, b in self.files.items() if p.startswith(prefix)}

    def exists_dir(self, folder: str) -> bool:
        prefix = folder.rstrip("/") + "/"
        return any(p.startswith(prefix) for p in self.files)

    def text(self, path: str) -> str | None:
        try:
            return self.files[path].decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.error(path, f"not UTF-8 text (invalid byte at offset {exc.start})", "save the file as UTF-8")
            return None

    def load_yaml(self, path: str) -> dict[str, Any]:
        """A YAML mapping file; {} when absent; errors recorded when malformed."""
        if path not in self.files:
            return {}
        text = self.text(path)
        if text is None:
            return {}
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.error(path, f"not valid YAML ({what}{where})", "correct the YAML syntax")
            return {}
        if document is None:
            return {}
        if not isinstance(document, dict):
            self.error(
                path,
                f"must be a mapping of keys to values, found {type(document).__name__}",
                "write it as 'key: value' lines",
            )
            return {}
        return document

    def group_config(self, folder: str) -> dict[str, Any]:
        for name in ("test_group.yaml", "testdata.yaml"):
            if f"{folder}/{name}" in self.files:
                return self.load_yaml(f"{folder}/{name}")
        return {}

    def config_path(self, folder: str) -> str:
        for name in ("test_group.yaml", "testdata.yaml"):
            if f"{folder}/{name}" in self.files:
                return f"{folder}/{name}"
        return f"{folder}/test_group.yaml"

    # -- driver --------------------------------------------------------------------------------

    def convert(self) -> dict[str, bytes]:
        self._read()
        if "problem.yaml" not in self.files:
            nested = sorted(
                {p.split("/")[0] for p in self.files if p.count("/") == 1 and p.endswith("/problem.yaml")}
            )
            hint = f" (problem folders found inside: {', '.join(nested)})" if nested else ""
            raise KattisImportError(
                self.src,
                [
                    f"problem.yaml: missing at the top of the package{hint}. "
                    f"Fix: point the import at a problem folder, the one holding problem.yaml, data/ and "
                    f"submissions/"
                ],
            )
        doc = self.load_yaml("problem.yaml")
        if self.errors:
            raise KattisImportError(self.src, self.errors)
        self._version(doc)
        slug = _slug(self._base_name())
        kinds = self._types(doc)
        statement, tex_title = self._statement(doc)
        title = self._title(doc, tex_title, slug)
        limits = self._limits(doc)
        grader = self._grader(doc, kinds)
        scoring = self._test_data(kinds)
        interactions = self._interactions()
        if interactions:
            statement = statement.rstrip() + "\n" + interactions
        self._submissions()
        self._leftovers(doc)
        if self.errors:
            raise KattisImportError(self.src, self.errors)

        manifest: dict[str, Any] = {"schema": 1, "slug": slug, "title": title}
        languages = self._languages(doc)
        if languages:
            manifest["languages"] = languages
        manifest["limits"] = limits
        manifest["grader"] = grader
        manifest["scoring"] = scoring
        manifest.update(self._metadata(doc))
        self.out["problem.yaml"] = yaml.safe_dump(
            manifest, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
        ).encode("utf-8")
        if not statement.lstrip().startswith("# "):
            statement = f"# {title}\n\n{statement}"  # as the bundled problems' statements begin
        self.out["statement.md"] = statement.encode("utf-8")
        return self.out

    def _read(self) -> None:
        if not self.src.exists():
            raise KattisImportError(
                self.src,
                [
                    f"{self.src}: no such file or folder. "
                    f"Fix: give the path of a Kattis problem folder (or .zip/.kpp)"
                ],
            )
        try:
            self.files = read_files(self.src, **_READ_LIMITS, skip_outside=self._skip_link)
        except PackageError as exc:
            raise KattisImportError(
                self.src,
                [f"{p}. Fix: remove or replace that file in the Kattis package" for p in exc.problems],
            ) from None

    def _skip_link(self, rel: str) -> bool:
        """A PDF that is a symbolic link out of the package (DOMjudge's examples link problem.pdf to
        their documentation) is left out with a warning; any other such link is refused."""
        if not rel.lower().endswith(".pdf"):
            return False
        self.skipped_links.append(rel)
        self.warn(
            f"{rel}: a symbolic link to a file outside the package; skipped (only the package's own files "
            f"are imported)"
        )
        return True

    def _base_name(self) -> str:
        name = self.src.resolve().name if self.src.is_dir() else self.src.name
        for suffix in (".tar.gz", ".tgz", ".zip", ".kpp", ".tar"):
            if name.lower().endswith(suffix):
                return name[: -len(suffix)]
        return name

    def _version(self, doc: dict[str, Any]) -> None:
        version = str(doc.get("problem_format_version", "legacy")).strip().lower()
        if version.startswith("legacy"):
            self.format_version = "legacy"
        elif version.startswith("2023-07"):
            self.format_version = "2023-07"
        elif version.startswith("2025-09") or version == "draft":
            self.format_version = "2025-09"
        else:
            self.format_version = "2025-09"
            self.warn(f"problem.yaml: problem_format_version {version!r} is unknown; read as 2025-09")

    # -- problem.yaml --------------------------------------------------------------------------

    def _types(self, doc: dict[str, Any]) -> set[str]:
        raw = doc.get("type", "pass-fail")
        values = raw if isinstance(raw, list) else str(raw).split()
        kinds = {str(v).strip().lower() for v in values}
        validation = str(doc.get("validation", "default")).strip().lower().split()
        known = {"pass-fail", "scoring", "interactive", "custom", "multi-pass", "submit-answer"}
        for kind in sorted(kinds - known):
            self.error(
                "problem.yaml",
                f"type {kind!r} is unknown",
                "use pass-fail, scoring or interactive (alone or in a list)",
            )
        for kind in sorted(kinds & {"multi-pass", "submit-answer"}):
            self.error(
                "problem.yaml",
                f"type {kind!r} is not supported by Assay",
                "convert the problem by hand to a pass-fail, scoring or interactive problem",
            )
        if {"pass-fail", "scoring"} <= kinds:
            self.error("problem.yaml", "type lists both pass-fail and scoring", "keep one of them")
        unknown_validation = set(validation) - {"default", "custom", "interactive", "score"}
        if unknown_validation:
            self.error(
                "problem.yaml",
                f"validation {doc.get('validation')!r} is unknown",
                "use default, custom, 'custom interactive' or 'custom score'",
            )
        if "interactive" in validation:
            kinds.add("interactive")
        if "custom" in validation:
            kinds.add("custom")
        if "score" in validation:
            kinds.add("custom")
            self.warn(
                "problem.yaml: validation 'custom score': Assay's checker reads score_multiplier.txt "
                "(a fraction), not score.txt; check the validator's partial scores"
            )
        return kinds

    def _title(self, doc: dict[str, Any], tex_title: str | None, slug: str) -> str:
        name = doc.get("name")
        title: str | None = None
        if isinstance(name, dict) and name:
            title = str(name.get("en") or next(iter(name.values())))
            others = sorted(str(k) for k in name if k != "en")
            if len(name) > 1:
                self.warn(f"problem.yaml: name in other languages not kept ({', '.join(others)})")
        elif isinstance(name, str | int | float) and str(name).strip():
            title = str(name)
        elif tex_title:
            title = tex_title
        if not title:
            title = slug.replace("-", " ").title()
            self.warn(f"problem.yaml: no problem name; the title is {title!r}")
        title = " ".join(title.split())
        if len(title) > 200:
            self.warn("problem.yaml: name longer than 200 characters was shortened")
            title = title[:200]
        return title

    def _limits(self, doc: dict[str, Any]) -> dict[str, Any]:
        limits = doc.get("limits") or {}
        if not isinstance(limits, dict):
            self.error("problem.yaml", "limits must be a mapping", "write limits as 'limits: {memory: 256}'")
            limits = {}
        result: dict[str, Any] = {}
        time_limit = self._time_limit(limits)
        result["time_limit_s"] = _number(time_limit)
        memory = limits.get("memory")
        if memory is not None:
            value = self._positive(
                "problem.yaml", "limits.memory", memory, "a number of MiB, e.g. 'memory: 256'"
            )
            if value is not None:
                clamped = min(max(int(value), 16), 2048)
                if clamped != value:
                    self.warn(
                        f"problem.yaml: limits.memory {value:g} MiB is outside Assay's 16..2048; "
                        f"using {clamped}"
                    )
                result["memory_limit_mib"] = clamped
        output = limits.get("output")
        if output is not None:
            value = self._positive(
                "problem.yaml", "limits.output", output, "a number of MiB, e.g. 'output: 8'"
            )
            if value is not None:
                kib = min(max(int(value * 1024), 1), 65536)
                if kib != int(value * 1024):
                    self.warn(
                        f"problem.yaml: limits.output {value:g} MiB is above Assay's 64 MiB; using 64 MiB"
                    )
                result["output_limit_kib"] = kib
        if "time_multiplier" in limits or "time_multipliers" in limits or "time_safety_margin" in limits:
            self.warn(
                f"problem.yaml: limits.time_multiplier(s) not converted: Assay uses a fixed time limit "
                f"({_number(time_limit)} s)"
            )
        for key in sorted(set(limits) - _LIMIT_KEYS):
            self.warn(f"problem.yaml: limits.{key} not converted")
        return result

    def _positive(self, where: str, what: str, value: object, example: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            try:
                number = float(str(value).strip())
            except ValueError:
                number = -1.0
            if number <= 0:
                self.error(where, f"{what} is {value!r}, not a positive number", f"write {example}")
                return None
            return number
        return float(value)

    def _time_limit(self, limits: dict[str, Any]) -> float:
        explicit: float | None = None
        if limits.get("time_limit") is not None:
            explicit = self._positive(
                "problem.yaml", "limits.time_limit", limits["time_limit"], "seconds, e.g. 'time_limit: 1.0'"
            )
        elif ".timelimit" in self.files:
            raw = self.files[".timelimit"].decode("utf-8", "replace").split()
            explicit = self._positive(
                ".timelimit", "the time limit", raw[0] if raw else "", "a number of seconds, e.g. '2.0'"
            )
        elif "domjudge-problem.ini" in self.files:
            text = self.files["domjudge-problem.ini"].decode("utf-8", "replace")
            match = re.search(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", text, re.MULTILINE)
            if match:
                explicit = self._positive(
                    "domjudge-problem.ini", "timelimit", match.group(1), "timelimit = '2'"
                )
        if explicit is None:
            self.warn(
                f"no time limit in the package (Kattis derives it from the accepted submissions' run time); "
                f"using {DEFAULT_TIME_LIMIT_S:g} s: measure with 'assay problems verify' and set "
                f"limits.time_limit_s"
            )
            return DEFAULT_TIME_LIMIT_S
        if explicit > 30:
            self.warn(f"time limit {explicit:g} s is above Assay's 30 s; using 30 s")
            return 30.0
        return explicit

    def _languages(self, doc: dict[str, Any]) -> list[str]:
        raw = doc.get("languages")
        if raw is None:
            return []
        names = _tokens(raw)
        if [n.lower() for n in names] == ["all"]:
            return []
        languages: list[str] = []
        for name in names:
            ours = lookup(name)  # Kattis language codes are our names or aliases ("c++", "nodejs")
            if ours is None:
                self.warn(f"problem.yaml: language {name!r} is not supported by Assay's sandbox; dropped")
            elif ours.name not in languages:
                languages.append(ours.name)
        if names and not languages:
            self.warn(
                "problem.yaml: none of the listed languages is supported; every Assay language is allowed"
            )
        return languages

    def _metadata(self, doc: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        authors: list[str] = []
        credits = doc.get("credits")
        if isinstance(credits, dict):
            people = credits.get("authors")
        else:
            people = credits
        if people is None and doc.get("author"):
            people = re.split(r",|\band\b", str(doc["author"]))
        for person in people if isinstance(people, list) else ([people] if people else []):
            name = person.get("name") if isinstance(person, dict) else person
            name = re.sub(r"<[^>]*>", "", str(name or "")).strip()
            if name:
                authors.append(name)
        if authors:
            result["authors"] = authors
        source = doc.get("source")
        if isinstance(source, list):
            source = source[0] if source else None
        if isinstance(source, dict):
            source = source.get("name")
        if source:
            result["source"] = str(source)
        if doc.get("license"):
            result["license"] = str(doc["license"])
        keywords = _tokens(doc.get("keywords"))
        if keywords:
            result["tags"] = keywords
        return result

    # -- statement -----------------------------------------------------------------------------

    def _statement(self, doc: dict[str, Any]) -> tuple[str, str | None]:
        candidates: list[tuple[int, str]] = []
        for folder in ("statement", "problem_statement", ""):
            entries = self.under(folder) if folder else {p: b for p, b in self.files.items() if "/" not in p}
            for rel in entries:
                match = re.fullmatch(r"problem(?:\.([A-Za-z-]+))?\.(md|tex|pdf)", rel)
                if not match or (not folder and match.group(2) != "pdf"):
                    continue
                language = match.group(1) or "en"
                # English first (the candidate's page is in English), then Markdown, LaTeX, PDF.
                rank = (0 if language == "en" else 100) + {"md": 0, "tex": 10, "pdf": 20}[match.group(2)]
                candidates.append((rank, f"{folder}/{rel}" if folder else rel))
        if not candidates and self.skipped_links:
            self.warn(
                f"statement: none in the package ({', '.join(self.skipped_links)} skipped); statement.md says "
                f"so: write the statement in Markdown"
            )
            return (
                "The statement of this problem was not part of the imported package "
                f"({', '.join(self.skipped_links)} pointed outside it).\n",
                None,
            )
        if not candidates:
            self.error(
                "statement/",
                "no problem statement found",
                "add statement/problem.en.md (or problem_statement/problem.en.tex in the legacy format)",
            )
            return "", None
        candidates.sort()
        chosen = candidates[0][1]
        folder = chosen.rsplit("/", 1)[0] if "/" in chosen else ""
        others = [path for _, path in candidates[1:] if not path.endswith(".pdf")]
        if others and chosen.endswith(".md"):
            others = [p for p in others if not p.endswith(".tex")]
        if others:
            self.warn(f"statement: only {chosen} converted; not kept: {', '.join(sorted(others))}")
        for rel, data in (self.under(folder) if folder else {}).items():
            if "/" not in rel and rel.lower().endswith(_IMAGE_EXTENSIONS):
                self.out[rel] = data
        title: str | None = None
        if chosen.endswith(".pdf"):
            self.warn(
                f"statement: only a PDF statement ({chosen}); statement.md points to it, write the "
                f"statement in Markdown"
            )
            name = chosen.rsplit("/", 1)[-1]
            self.out[name] = self.files[chosen]
            return f"The statement of this problem is in [{name}]({name}).\n", None
        text = self.text(chosen)
        if text is None:
            return "", None
        if chosen.endswith(".tex"):
            text, title, how = latex_statement(text)
            self.warn(f"statement: {chosen} converted from LaTeX to Markdown ({how}); check statement.md")
        constants = doc.get("constants")
        if isinstance(constants, dict):
            for key, value in constants.items():
                text = text.replace("{{" + str(key) + "}}", str(value))
            self.warn(
                "problem.yaml: constants substituted in the statement only (not in validators or submissions)"
            )
        if "{{nextsample}}" in text or "{{remainingsamples}}" in text:
            text = text.replace("{{nextsample}}", "").replace("{{remainingsamples}}", "")
            self.warn(
                "statement: {{nextsample}}/{{remainingsamples}} removed; Assay shows the samples itself"
            )
        return text, title

    # -- grader --------------------------------------------------------------------------------

    def _validator_flags(self, doc: dict[str, Any]) -> list[str]:
        flags = _tokens(doc.get("validator_flags"))
        for folder in ("data", "data/secret"):
            config = self.group_config(folder)
            for key in ("output_validator_flags", "output_validator_args"):
                for token in _tokens(config.get(key)):
                    flags.append(token)
        for folder in [*self._group_dirs(), "data/sample"]:
            config = self.group_config(folder)
            extra = _tokens(config.get("output_validator_flags")) + _tokens(
                config.get("output_validator_args")
            )
            if extra and extra != flags:
                self.warn(
                    f"{self.config_path(folder)}: output validator flags {' '.join(extra)!r} for this "
                    f"group only are not converted (Assay passes one set of flags to every test)"
                )
        return flags

    def _grader(self, doc: dict[str, Any], kinds: set[str]) -> dict[str, Any]:
        flags = self._validator_flags(doc)
        found, program = self._validator()
        if found and program is None:  # the reason is already an error
            return {"kind": "checker", "program": "grader/missing"}
        if "interactive" in kinds:
            if program is None:
                self.error(
                    "output_validator/",
                    "an interactive problem needs an interactor, none found",
                    "put the interactor in output_validator/ (2023-07+) or output_validators/<name>/ "
                    "(legacy)",
                )
                return {"kind": "interactive", "program": "grader/missing"}
            grader: dict[str, Any] = {"kind": "interactive", "program": program}
            if flags:
                grader["args"] = flags
            return grader
        if "custom" in kinds or (program is not None and self.format_version != "legacy"):
            if program is None:
                self.error(
                    "output_validators/",
                    "validation is custom but there is no output validator",
                    "add the validator program, or set 'validation: default'",
                )
                return {"kind": "checker", "program": "grader/missing"}
            grader = {"kind": "checker", "program": program}
            if flags:
                grader["args"] = flags
            return grader
        if program is not None:
            self.warn(
                "output_validators/: present but problem.yaml says 'validation: default'; not used "
                "(set 'validation: custom' to use it)"
            )
            for path in [p for p in self.out if p.startswith("grader/")]:
                del self.out[path]
        return self._default_validator(flags)

    def _default_validator(self, flags: list[str]) -> dict[str, Any]:
        """Kattis default output validator flags -> our token or float grader."""
        case_sensitive = False
        space_sensitive = False
        abs_tol: float | None = None
        rel_tol: float | None = None
        index = 0
        while index < len(flags):
            flag = flags[index]
            if flag == "case_sensitive":
                case_sensitive = True
            elif flag == "space_change_sensitive":
                space_sensitive = True
            elif flag in ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance"):
                value = flags[index + 1] if index + 1 < len(flags) else None
                try:
                    number = float(value) if value is not None else -1.0
                except ValueError:
                    number = -1.0
                if number < 0:
                    self.error(
                        "problem.yaml",
                        f"validator flag {flag} needs a non-negative number, got {value!r}",
                        f"write e.g. 'validator_flags: {flag} 1e-6'",
                    )
                else:
                    if flag in ("float_tolerance", "float_absolute_tolerance"):
                        abs_tol = number
                    if flag in ("float_tolerance", "float_relative_tolerance"):
                        rel_tol = number
                index += 1
            else:
                self.warn(f"validator flag {flag!r} of the default validator is not supported; ignored")
            index += 1
        grader: dict[str, Any]
        if abs_tol is not None or rel_tol is not None:
            grader = {"kind": "float", "abs_tol": abs_tol or 0.0, "rel_tol": rel_tol or 0.0}
        else:
            grader = {"kind": "token"}
        grader["case_sensitive"] = case_sensitive
        grader["space_sensitive"] = space_sensitive
        return grader

    def _validator(self) -> tuple[bool, str | None]:
        """Copy the output validator (or interactor) to grader/: (one was found, its main file's path)."""
        if self.exists_dir("output_validator"):
            where, files = "output_validator", self.under("output_validator")
        elif self.exists_dir("output_validators"):
            everything = self.under("output_validators")
            programs = sorted({rel.split("/", 1)[0] for rel in everything}, key=natural_key)
            if len(programs) > 1:
                self.warn(
                    f"output_validators/: several validators ({', '.join(programs)}); only "
                    f"{programs[0]} converted"
                )
            first = programs[0]
            where = f"output_validators/{first}"
            if first in everything:  # a single-file program
                files = {first: everything[first]}
            else:
                files = self.under(where)
        else:
            return False, None
        main = self._main_file(where, files)
        for rel, data in files.items():
            self.out[f"grader/{rel}"] = data
        return True, (f"grader/{main}" if main else None)

    def _main_file(self, where: str, files: dict[str, bytes]) -> str | None:
        sources = sorted((rel for rel in files if rel.lower().endswith(source_extensions())), key=natural_key)
        if "__main__.py" in files:
            return "__main__.py"
        if len(sources) == 1:
            return sources[0]
        if not sources:
            scripts = [rel for rel in files if rel in ("build", "run")]
            what = "uses build/run scripts, which Assay cannot run" if scripts else "holds no source file"
            self.error(
                where,
                f"the validator {what}",
                "provide the validator as one .py, .c or .cpp file (or a folder whose main file has main())",
            )
            return None

        def has_main(rel: str) -> bool:
            language = detect([rel])
            return language is not None and language.has_main(files[rel].decode("utf-8", "replace"))

        with_main = [rel for rel in sources if has_main(rel)]
        if len(with_main) == 1:
            return with_main[0]
        for stem in ("validate", "validator", "checker", "interactor", "main"):
            named = [rel for rel in sources if PurePosixPath(rel).stem == stem]
            if len(named) == 1:
                return named[0]
        self.error(
            where,
            f"cannot tell which file is the validator's main program (candidates: "
            f"{', '.join(with_main or sources)})",
            "keep main() in exactly one file, or name it validate.cpp / validate.py",
        )
        return None

    # -- test data -----------------------------------------------------------------------------

    def _group_dirs(self) -> list[str]:
        secret = self.under("data/secret")
        names = {rel.split("/", 1)[0] for rel in secret if "/" in rel}
        dirs = [f"data/secret/{n}" for n in names if not n.endswith(".files")]
        return sorted((d for d in dirs if any(p.endswith(".in") for p in self.under(d))), key=lambda d: d)

    def _cases(
        self, folder: str, interactive: bool, *, recursive: bool = True
    ) -> list[tuple[str, bytes, bytes | None]]:
        """(flattened name, input, answer) of the test cases under a folder (recursively by default)."""
        entries = self.under(folder)
        cases = []
        for rel in sorted(entries, key=natural_key):
            parts = rel.split("/")
            if any(p.endswith(".files") for p in parts[:-1]) or (not recursive and len(parts) > 1):
                continue
            if rel.endswith(".in"):
                stem = rel[:-3]
                answer = entries.get(f"{stem}.ans")
                if answer is None and not interactive:
                    self.error(
                        f"{folder}/{rel}",
                        "test case has no .ans file",
                        f"add {folder}/{stem}.ans (Kattis requires one per .in)",
                    )
                    continue
                if any(r.startswith(f"{stem}.files/") for r in entries):
                    self.warn(
                        f"{folder}/{stem}.files/: input files of test cases are not supported; not copied"
                    )
                if f"{stem}.yaml" in entries:
                    self.warn(f"{folder}/{stem}.yaml: per-test configuration (args, flags) not converted")
                cases.append((stem.replace("/", "-"), entries[rel], answer))
            elif rel.endswith(".ans") and f"{rel[:-4]}.in" not in entries:
                self.warn(f"{folder}/{rel}: answer without a .in file; skipped")
            elif rel.endswith(".interaction") and folder != "data/sample":  # samples: _interactions()
                self.warn(f"{folder}/{rel}: interaction logs are not shown to candidates; not copied")
        return cases

    def _interactions(self) -> str:
        """Sample interaction logs (data/sample/*.interaction: '>' lines the program writes, '<' lines it
        reads) as a section of the statement, as Kattis shows them."""
        logs = sorted((rel for rel in self.under("data/sample") if rel.endswith(".interaction")), key=natural_key)
        if not logs:
            return ""
        parts = [
            "\n## Sample interaction" + ("s" if len(logs) > 1 else ""),
            "Lines starting with `>` are written by your program, lines starting with `<` are the answers "
            "it reads.",
        ]
        for number, rel in enumerate(logs, 1):
            text = self.files[f"data/sample/{rel}"].decode("utf-8", "replace").rstrip("\n")
            lines = [
                f"{line[0]} {line[1:]}" if line[:1] in ("<", ">") and line[1:2] != " " else line
                for line in text.split("\n")
            ]
            title = f"### Interaction {number}\n\n" if len(logs) > 1 else ""
            fence = "~~~~" if "```" in text else "```"
            parts.append(f"{title}{fence}\n" + "\n".join(lines) + f"\n{fence}")
        self.warn(f"data/sample/: {len(logs)} interaction log(s) shown in statement.md as sample interactions")
        return "\n\n".join(parts) + "\n"

    def _put_cases(self, folder: str, cases: list[tuple[str, bytes, bytes | None]]) -> int:
        used: set[str] = set()
        for name, data, answer in cases:
            unique, n = name, 2
            while unique in used:
                unique, n = f"{name}-{n}", n + 1
            used.add(unique)
            self.out[f"{folder}/{unique}.in"] = data
            if answer is not None:
                self.out[f"{folder}/{unique}.ans"] = answer
        return len(cases)

    def _test_data(self, kinds: set[str]) -> dict[str, Any]:
        interactive = "interactive" in kinds
        if self.exists_dir("data/sample"):
            self._put_cases("tests/sample", self._cases("data/sample", interactive))
        for extra in ("invalid_input", "invalid_output", "valid_output", "invalid_inputs", "bad"):
            if self.exists_dir(f"data/{extra}"):
                self.warn(f"data/{extra}/: validator test data not copied")
        if not self.exists_dir("data/secret"):
            self.error(
                "data/secret/", "missing", "put the hidden test cases in data/secret/ (.in and .ans files)"
            )
            return {"groups": [{"name": "main", "points": 100}]}
        groups = self._group_dirs()
        direct = self._cases("data/secret", interactive, recursive=False)
        if not groups and not direct:
            self.error("data/secret/", "holds no test cases", "add .in and .ans files to data/secret/")
            return {"groups": [{"name": "main", "points": 100}]}
        if "scoring" not in kinds:
            cases = list(direct)
            for folder in groups:
                prefix = folder.rsplit("/", 1)[1]
                cases += [
                    (f"{prefix}-{name}", data, answer)
                    for name, data, answer in self._cases(folder, interactive)
                ]
            self._put_cases("tests/secret/main", cases)
            return {"groups": [{"name": "main", "points": 100}]}
        return self._scoring_groups(groups, direct, interactive)

    def _scoring_groups(
        self, group_dirs: list[str], direct: list[tuple[str, bytes, bytes | None]], interactive: bool
    ) -> dict[str, Any]:
        secret_path = self.config_path("data/secret")
        secret = self.group_config("data/secret")
        legacy_root = {**self.group_config("data"), **secret}
        total = self._max_score(secret_path, secret, legacy_range=True)
        if total is None:
            total = 100.0
        secret_aggregation = self._aggregation(secret_path, secret, default="sum", legacy=legacy_root)
        if not group_dirs:
            self._put_cases("tests/secret/main", direct)
            group = {"name": "main", "points": _number(total)}
            if secret_aggregation != "all":
                group["aggregate"] = secret_aggregation
            return {"groups": [group]}
        if secret_aggregation == "min":
            self.warn(f"{secret_path}: 'min' over groups is not supported; group points are added up")

        entries: list[dict[str, Any]] = []
        names: dict[str, str] = {}  # Kattis group path (secret/x) -> our name
        used: set[str] = set()
        units: list[tuple[str, list[tuple[str, bytes, bytes | None]], dict[str, Any], str]] = []
        if direct:
            units.append(("data/secret", direct, {}, ""))
            self.warn(
                "data/secret/: test cases next to test groups were put in a group of their own, 'secret'"
            )
        for folder in group_dirs:
            units.append(
                (
                    folder,
                    self._cases(folder, interactive),
                    self.group_config(folder),
                    self.config_path(folder),
                )
            )
        for folder, cases, config, path in units:
            kattis = folder.removeprefix("data/")
            name = self._group_name(folder.rsplit("/", 1)[1], used)
            names[kattis] = name
            names[kattis.removeprefix("secret/")] = name
            self._put_cases(f"tests/secret/{name}", cases)
            nested = [
                p
                for p in self.under(folder)
                if p.count("/") >= 1 and p.endswith(("testdata.yaml", "test_group.yaml"))
            ]
            if nested and folder != "data/secret":
                self.warn(f"{folder}/: nested test groups flattened into group {name!r}")
            points: float | None = None
            aggregate = "all"
            if folder != "data/secret":
                merged = {**legacy_root, **config}
                points = self._max_score(path, config, legacy_range=True)
                if points is None and self.format_version == "legacy" and "accept_score" in merged:
                    score = self._positive(path, "accept_score", merged["accept_score"], "accept_score: 1")
                    if score is not None:
                        flags = _tokens(merged.get("grader_flags"))
                        points = score if "min" in flags else score * len(cases)
                aggregate = self._aggregation(path, config, default="all", legacy=merged)
            entry: dict[str, Any] = {"name": name, "points": points}
            if aggregate != "all":
                entry["aggregate"] = aggregate
            scoring = config.get("scoring") if isinstance(config.get("scoring"), dict) else {}
            requires = _tokens(config.get("require_pass", scoring.get("require_pass")))
            entry["_requires"] = (path, requires)
            entries.append(entry)

        known = sum(e["points"] for e in entries if e["points"] is not None)
        unknown = [e for e in entries if e["points"] is None]
        if unknown:
            left = total - known
            if left < 0:
                self.warn(
                    f"group points add up to {known:g}, more than the problem's {total:g}; groups without "
                    f"points get 0"
                )
                left = 0.0
            if known == 0 and len(entries) > 1:
                self.warn(f"no points given for the test groups; {total:g} points split equally")
            elif known:
                self.warn(
                    f"groups without points share the remaining {left:g} points: "
                    f"{', '.join(e['name'] for e in unknown)}"
                )
            share = round(left / len(unknown), 2)
            for entry in unknown:
                entry["points"] = share
            unknown[-1]["points"] = round(left - share * (len(unknown) - 1), 2)
        for entry in entries:
            path, requires = entry.pop("_requires")
            entry["points"] = _number(entry["points"])
            mapped = []
            for required in requires:
                target = names.get(required.strip("/"))
                if target is None:
                    self.warn(
                        f"{path}: require_pass {required!r} not converted (only test groups of data/secret "
                        f"can be required)"
                    )
                elif target != entry["name"] and target not in mapped:
                    mapped.append(target)
            if mapped:
                entry["require_pass"] = mapped
        return {"groups": entries}

    def _group_name(self, raw: str, used: set[str]) -> str:
        name = re.sub(r"[^a-z0-9_-]+", "-", raw.lower()).strip("-_")[:60] or "group"
        if not GROUP_RE.match(name):
            name = f"g{name}"[:60]
        unique, n = name, 2
        while unique in used:
            unique, n = f"{name}-{n}", n + 1
        used.add(unique)
        return unique

    def _max_score(self, path: str, config: dict[str, Any], *, legacy_range: bool) -> float | None:
        scoring = config.get("scoring") if isinstance(config.get("scoring"), dict) else {}
        value = config.get("max_score", scoring.get("score"))
        if value is None and legacy_range and config.get("range") is not None:
            bounds = str(config["range"]).split()
            try:
                return float(bounds[-1])
            except (ValueError, IndexError):
                self.error(path, f"range {config['range']!r} is not 'min max'", "write e.g. 'range: 0 25'")
                return None
        if value is None:
            return None
        if str(value).strip().lower() == "unbounded":
            self.warn(f"{path}: 'unbounded' score not supported; treated as unknown")
            return None
        return self._positive(path, "max_score", value, "max_score: 25") if value != 0 else 0.0

    def _aggregation(self, path: str, config: dict[str, Any], *, default: str, legacy: dict[str, Any]) -> str:
        scoring = config.get("scoring") if isinstance(config.get("scoring"), dict) else {}
        value = config.get("score_aggregation", scoring.get("aggregation"))
        if value is None and self.format_version == "legacy":
            flags = _tokens(legacy.get("grader_flags"))
            if "min" in flags:
                return "min"
            return "sum"
        if value is None:
            return default
        mapped = {"pass-fail": "all", "sum": "sum", "min": "min"}.get(str(value).strip().lower())
        if mapped is None:
            self.error(path, f"score aggregation {value!r} is unknown", "use pass-fail, sum or min")
            return default
        return mapped

    # -- submissions and leftovers -------------------------------------------------------------

    def _submissions(self) -> None:
        everything = self.under("submissions")
        # Our own folder names first: a program of another folder mapped there (DOMjudge's no_output/
        # into wrong_answer/) is the one renamed if two have the same name.
        folders = sorted({rel.split("/", 1)[0] for rel in everything if "/" in rel},
                         key=lambda folder: (_SUBMISSION_DIRS.get(folder) != folder, folder))
        accepted = False
        for folder in folders:
            ours = _SUBMISSION_DIRS.get(folder)
            if ours is None and folder in _SEVERAL_VERDICTS:
                count = len({rel.split("/", 1)[0] for rel in self.under(f"submissions/{folder}")})
                self.warn(
                    f"submissions/{folder}/: {count} submission(s) not copied: they may get any of several "
                    f"verdicts ({_SEVERAL_VERDICTS[folder]}), and Assay's verify expects one per folder"
                )
                continue
            if ours is None:
                self.warn(
                    f"submissions/{folder}/: no matching Assay verdict folder "
                    f"({', '.join(EXPECTED_VERDICTS)}); not copied"
                )
                continue
            files = self.under(f"submissions/{folder}")
            programs: dict[str, list[str]] = {}
            for rel in files:
                programs.setdefault(rel.split("/", 1)[0], []).append(rel)
            for program, rels in sorted(programs.items()):
                inner = [r.split("/", 1)[1] if "/" in r else r for r in rels]
                language = detect(inner)
                copied = {rel: files[rel] for rel in rels}
                if language is not None and language.name == "python3" and ours != "compile_error":
                    broken = _not_python3(copied)
                    if broken:
                        self.warn(
                            f"submissions/{folder}/{program}: not Python 3 ({broken}; a Python 2 program?); "
                            f"not copied: Assay runs Python 3 only"
                        )
                        continue
                if language is not None and language.name == "java":
                    copied = self._java_main(f"submissions/{folder}/{program}", program, copied)
                base = f"submissions/{ours}/"
                taken = any(
                    p == base + top or p.startswith(f"{base}{top}/")
                    for top in {rel.split("/", 1)[0] for rel in copied}
                    for p in self.out
                )
                prefix = f"{folder}-" if taken else ""  # e.g. DOMjudge's no_output/ beside wrong_answer/
                for rel, data in copied.items():
                    self.out[base + prefix + rel] = data
                accepted = accepted or ours == "accepted"
                if language is None:
                    extensions = sorted({PurePosixPath(r).suffix or r for r in inner})
                    self.warn(
                        f"submissions/{folder}/{program}: language ({', '.join(extensions)}) not supported by "
                        f"Assay's sandbox; 'assay problems verify' will skip it"
                    )
        for rel in everything:
            if "/" not in rel and rel != "submissions.yaml":
                self.warn(f"submissions/{rel}: not inside a verdict folder; not copied")
        if "submissions.yaml" in everything:
            self.warn("submissions/submissions.yaml: submission requirements not converted")
        if not accepted:
            self.warn("submissions/accepted/: no accepted reference submission (Kattis requires one)")

    def _java_main(self, where: str, program: str, files: dict[str, bytes]) -> dict[str, bytes]:
        """Kattis and DOMjudge run a Java submission's class that has main(); Assay runs class Main. A
        submission whose main class has another name gets a Main.java that calls it (and a single file
        is named after its class, as javac wants); it is not otherwise changed."""
        mains = []
        for rel, data in files.items():
            text = data.decode("utf-8", "replace")
            found = _JAVA_MAIN.search(text)
            if rel.endswith(".java") and found:
                classes = [m.group(1) for m in _JAVA_CLASS.finditer(text, 0, found.start())]
                mains.append((rel, text, classes[-1] if classes else None))
        if len(mains) != 1 or mains[0][2] in (None, "Main"):
            return files
        rel, text, name = mains[0]
        if re.search(r"^\s*package\s", text, re.MULTILINE):
            self.warn(f"{where}: a Java class in a package; Assay runs class Main of the default package")
            return files
        if any(r.rsplit("/", 1)[-1] == "Main.java" for r in files):
            return files
        folder = program if "/" in rel else PurePosixPath(program).stem
        result = {f"{folder}/{r.split('/', 1)[1]}": d for r, d in files.items()} if "/" in rel else {
            f"{folder}/{name}.java": files[rel]
        }
        result[f"{folder}/Main.java"] = (
            f"// Added by assay problems import-kattis: Assay runs class Main; this submission's main class "
            f"is {name}.\npublic class Main {{\n    public static void main(String[] args) throws Exception "
            f"{{\n        {name}.main(args);\n    }}\n}}\n"
        ).encode()
        self.warn(f"{where}: Java main class {name}; Main.java calling {name}.main added (Assay runs class Main)")
        return result

    def _leftovers(self, doc: dict[str, Any]) -> None:
        for folder, why in _UNUSED_DIRS.items():
            if self.exists_dir(folder):
                self.warn(f"{folder}/: not converted ({why})")
        for key in sorted(doc):
            if key in _IGNORED_KEYS or key in _CONVERTED_KEYS:
                continue
            if key == "allow_file_writing" and not doc[key]:
                continue
            self.warn(f"problem.yaml: {key} not converted")


# --------------------------------------------------------------------------------------------------
# LaTeX -> Markdown: pandoc (Debian's package, installed by scripts/setup-host.sh), else a crude fallback

# problemtools' own macros (problemtools/templates/latex/problemset.cls), in terms pandoc knows.
_PANDOC_PRELUDE = r"""\newcommand{\problemname}[1]{}
\newcommand{\illustration}[3]{\begin{figure}\includegraphics{#2}\caption{#3}\end{figure}}
\newcommand{\fontencoding}[1]{}
\newcommand{\selectfont}{}
"""
_PANDOC_TIMEOUT_S = 60


def latex_statement(tex: str) -> tuple[str, str | None, str]:
    """A problemtools LaTeX statement as Markdown, its ``\\problemname``, and which converter made it.

    pandoc (``--sandbox``: the statement cannot read files) writes CommonMark with ``$...$`` math kept
    as TeX, pipe tables, images and code blocks; ``\\section*`` becomes ``##``. Without pandoc the
    crude built-in :func:`tex_to_markdown` is used.
    """
    match = re.search(r"\\problemname" + _ARG, tex)
    title = (_strip_tex(match.group(1)) or None) if match else None
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        markdown, title = tex_to_markdown(tex)
        return markdown, title, "built-in converter: install pandoc for a faithful conversion"
    body = re.sub(r"\\begin\{(Input|Output|Interaction)\}", r"\\section*{\1}", tex)
    body = re.sub(r"\\end\{(Input|Output|Interaction)\}", "", body)
    # Sizes do not carry over to Markdown; with them pandoc writes an HTML <img> (not rendered).
    body = re.sub(r"(\\includegraphics)\s*\[[^\]]*\]", r"\1", body)
    try:
        done = subprocess.run(
            [pandoc, "--sandbox", "--from=latex", "--to=commonmark_x-attributes", "--wrap=none",
             "--shift-heading-level-by=1"],
            input=(_PANDOC_PRELUDE + body).encode("utf-8"),
            capture_output=True,
            timeout=_PANDOC_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        markdown, title = tex_to_markdown(tex)
        return markdown, title, f"built-in converter: pandoc failed ({exc})"
    if done.returncode != 0:
        markdown, title = tex_to_markdown(tex)
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        return markdown, title, f"built-in converter: pandoc failed ({reason[0][:200]})"
    markdown = done.stdout.decode("utf-8", "replace").strip() + "\n"
    return markdown, title, "pandoc"


# The crude fallback

_MATH = re.compile(r"(\$\$.*?\$\$|\$[^$]*?\$|\\\[.*?\\\]|\\\(.*?\\\))", re.DOTALL)
_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting)\}(?:\[[^\]]*\])?\n?(.*?)\\end\{\1\}", re.DOTALL)
_ARG = r"\{((?:[^{}]|\{[^{}]*\})*)\}"


def _strip_tex(text: str) -> str:
    text = re.sub(r"\\[a-zA-Z]+\*?(?:\[[^\]]*\])?" + _ARG, r"\1", text)
    return re.sub(r"[{}]", "", text).strip()


def _tex_text(text: str) -> str:
    """Markdown for LaTeX outside math and verbatim."""
    rules: list[tuple[str, str]] = [
        (r"\\begin\{(Input|Output|Interaction)\}", r"\n## \1\n"),
        (r"\\end\{(Input|Output|Interaction)\}", "\n"),
        (r"\\section\*?" + _ARG, r"\n## \1\n"),
        (r"\\subsection\*?" + _ARG, r"\n### \1\n"),
        (r"\\subsubsection\*?" + _ARG, r"\n#### \1\n"),
        (r"\\illustration\{[^{}]*\}\{([^{}]*)\}" + _ARG, r"\n![\2](\1)\n"),
        (r"\\includegraphics(?:\[[^\]]*\])?\{([^{}]*)\}", r"![](\1)"),
        (r"\\textbf" + _ARG, r"**\1**"),
        (r"\\(?:emph|textit)" + _ARG, r"*\1*"),
        (r"\\texttt" + _ARG, r"`\1`"),
        (r"\\href\{([^{}]*)\}" + _ARG, r"[\2](\1)"),
        (r"\\url" + _ARG, r"<\1>"),
        (r"\s*\\item\s*", "\n- "),
        (r"\\begin\{itemize\}|\\end\{itemize\}|\\begin\{enumerate\}|\\end\{enumerate\}", "\n"),
        (
            r"\\begin\{(?:center|figure|wrapfigure|quote)\}(?:\{[^{}]*\})*(?:\[[^\]]*\])?|\\end\{(?:center|figure|"
            r"wrapfigure|quote)\}",
            "\n",
        ),
        (r"\\(?:noindent|centering|medskip|bigskip|smallskip|newline|par)\b", "\n"),
        (r"\\(?:label|caption)" + _ARG, ""),
        (r"\\(?:ldots|dots|textellipsis)\b(?:\{\})?", "..."),
        (r"``|''", '"'),
        (r"---", "\u2014"),
        (r"(?<!\\)~", " "),
        (r"\\\\", "  \n"),
        (r"\\([%&$#_{}])", r"\1"),
    ]
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text)
    return text


def tex_to_markdown(tex: str) -> tuple[str, str | None]:
    """A rough Markdown rendering of a problemtools LaTeX statement, and its ``\\problemname`` if any."""
    title: str | None = None
    match = re.search(r"\\problemname" + _ARG, tex)
    if match:
        title = _strip_tex(match.group(1)) or None
        tex = tex[: match.start()] + tex[match.end() :]
    tex = re.sub(r"(?<!\\)%.*", "", tex)  # comments
    pieces: list[str] = []
    position = 0
    for block in _VERBATIM.finditer(tex):
        pieces.append(_tex_segment(tex[position : block.start()]))
        pieces.append("\n```\n" + block.group(2).rstrip("\n") + "\n```\n")
        position = block.end()
    pieces.append(_tex_segment(tex[position:]))
    text = "".join(pieces)
    text = "\n".join(line.rstrip() if not line.endswith("  ") else line for line in text.splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text, title


def _tex_segment(text: str) -> str:
    parts = _MATH.split(text)
    return "".join(part if index % 2 else _tex_text(part) for index, part in enumerate(parts))
