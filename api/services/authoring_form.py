"""The console's problem form (issue 25) and the package it stands for.

A :class:`ProblemForm` holds what an author typed (every value as text, so a refused form comes back
exactly as typed): the statement, limits, languages, starter code per language, test and other files
typed or uploaded, the grader kind and its settings, scoring groups. :func:`package_files` turns it into
the files of a package (problem.yaml built from the form over the version it started from, so settings
the form does not show are kept), which go through the same validation as an upload
(problemformat.package_loader); :func:`field_of` names the form field each package problem belongs to.
:func:`form_of` fills the form from a stored version (to edit it).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from problemformat.errors import PackageProblem
from problemformat.manifest import BUILTIN_KINDS
from problemformat.package import Package
from sandbox import all_languages

EDITABLE_BYTES = 64 * 1024  # a text file up to this size is edited in the form; larger ones are kept as they are
CARRY_BYTES = 512 * 1024  # an uploaded file the form cannot show travels back with a refused form up to this size
MAX_FILE_ROWS = 200
MANAGED = ("problem.yaml", "statement.md")  # written from the form's own fields
DEFAULT_STATEMENT = "# Title\n\nWhat the candidate's program reads and writes.\n\n## Input\n\n## Output\n"
GRADER_KINDS = BUILTIN_KINDS  # the kinds the form offers (a plugin kind of an edited problem is kept as it is)

# problem.yaml's fields -> the form's (the first matching prefix wins)
_MANIFEST_FIELDS = (
    ("slug", "slug"), ("title", "title"), ("limits.time_limit_s", "time_limit_s"),
    ("limits.memory_limit_mib", "memory_limit_mib"), ("limits", "time_limit_s"), ("languages", "languages"),
    ("grader.abs_tol", "abs_tol"), ("grader.rel_tol", "rel_tol"), ("grader.program", "grader_program"),
    ("grader.case_sensitive", "grader_kind"), ("grader.space_sensitive", "grader_kind"),
    ("grader", "grader_kind"), ("scoring", "groups"), ("difficulty", "difficulty"), ("tags", "tags"),
    ("submissions.yaml", "files"),
)
LABELS = {
    "slug": "Slug", "title": "Title", "statement": "Statement", "time_limit_s": "Time limit",
    "memory_limit_mib": "Memory limit", "languages": "Languages", "grader_kind": "Grader",
    "abs_tol": "Absolute tolerance", "rel_tol": "Relative tolerance", "grader_program": "Grader program",
    "groups": "Scoring groups", "difficulty": "Difficulty", "tags": "Tags", "files": "Files",
    "uploads": "Uploaded files", "kept": "Kept files", "form": "Problem",
}


@dataclass
class FileRow:
    path: str
    text: str


@dataclass
class Carried:
    """A file the form cannot show in a text box (binary or large): uploaded, or kept from the version
    the form started from (``data`` is then None: it is read from that version)."""

    path: str
    size: int
    data: bytes | None = None


@dataclass
class ProblemForm:
    slug: str = ""
    title: str = ""
    statement: str = DEFAULT_STATEMENT
    time_limit_s: str = "2"
    memory_limit_mib: str = "256"
    languages: list[str] = field(default_factory=list)  # none ticked: every language
    grader_kind: str = "token"
    case_sensitive: bool = True
    space_sensitive: bool = False
    abs_tol: str = "1e-6"
    rel_tol: str = "1e-6"
    grader_program: str = ""
    groups: str = "main 100"  # one group a line: name points; empty: the default (main 100)
    difficulty: str = ""
    tags: str = ""
    starters: dict[str, str] = field(default_factory=dict)  # language -> its main file's starter code
    files: list[FileRow] = field(default_factory=list)
    kept: list[Carried] = field(default_factory=list)
    base: str = ""  # "slug@version" the form was filled from; "" for a new problem

    @property
    def editing(self) -> bool:
        return bool(self.base)

    def base_ref(self) -> tuple[str, int] | None:
        slug, _, version = self.base.partition("@")
        return (slug, int(version)) if slug and version.isdigit() else None


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


def starter_path(language: str) -> str:
    return f"templates/{language}/{all_languages()[language].source_name}"


# ---------------------------------------------------------------------------------------------- from a version


def _text(data: bytes) -> str | None:
    """The file as text for a box of the form, or None to keep it as it is: large, binary, or with carriage
    returns (a browser sends every line end of a box as CR LF, which the form turns into LF)."""
    if len(data) > EDITABLE_BYTES or b"\r" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def form_of(package: Package, version: int) -> ProblemForm:
    """The form filled from a stored version (its new save is the next version)."""
    manifest = package.manifest
    grader = manifest.grader.model_dump(mode="json")
    form = ProblemForm(
        slug=manifest.slug, title=manifest.title, statement=package.statement,
        time_limit_s=f"{manifest.limits.time_limit_s:g}", memory_limit_mib=str(manifest.limits.memory_limit_mib),
        languages=list(manifest.languages or []), grader_kind=manifest.grader.kind,
        case_sensitive=bool(grader.get("case_sensitive", True)),
        space_sensitive=bool(grader.get("space_sensitive", False)),
        abs_tol=f"{grader.get('abs_tol', 1e-6):g}", rel_tol=f"{grader.get('rel_tol', 1e-6):g}",
        grader_program=str(grader.get("program", "")),
        groups="\n".join(f"{g.name} {g.points:g}" for g in manifest.scoring.groups)
        if "scoring" in (yaml.safe_load(package.files["problem.yaml"]) or {}) else "",
        difficulty=manifest.difficulty or "", tags=", ".join(manifest.tags), base=f"{manifest.slug}@{version}")
    starters = {starter_path(language): language for language in all_languages()}
    for path, data in package.files.items():
        if path in MANAGED:
            continue
        text = _text(data)
        if path in starters and text is not None:
            form.starters[starters[path]] = text
        elif text is not None:
            form.files.append(FileRow(path, text))
        else:
            form.kept.append(Carried(path, len(data)))
    return form


# ---------------------------------------------------------------------------------------------- from a post


def form_from_post(values: Mapping[str, Any], getlist: Any, uploads: list[tuple[str, bytes]]) -> ProblemForm:
    """The form as posted: ``values`` one value per name, ``getlist(name)`` every value, ``uploads`` the
    uploaded files as (file name, bytes). Uploaded text files join the typed ones (a refused form shows
    them in their boxes); binary or large ones are carried."""

    def text(name: str, default: str = "") -> str:
        value = values.get(name, default)
        return (value if isinstance(value, str) else default).replace("\r\n", "\n")

    form = ProblemForm(
        slug=text("slug").strip(), title=text("title").strip(), statement=text("statement"),
        time_limit_s=text("time_limit_s").strip(), memory_limit_mib=text("memory_limit_mib").strip(),
        languages=[v for v in getlist("languages") if isinstance(v, str) and v in all_languages()],
        grader_kind=text("grader_kind", "token").strip(), case_sensitive=text("case_sensitive") == "yes",
        space_sensitive=text("space_sensitive") == "yes", abs_tol=text("abs_tol").strip(),
        rel_tol=text("rel_tol").strip(), grader_program=text("grader_program").strip(), groups=text("groups"),
        difficulty=text("difficulty").strip(), tags=text("tags").strip(), base=text("base").strip())
    for language in all_languages():
        starter = text(f"starter_{language}")
        if starter.strip():
            form.starters[language] = starter
    removed = {v for v in getlist("file_remove") if isinstance(v, str)}
    paths, texts = getlist("file_path"), getlist("file_text")
    for index, (path, body) in enumerate(zip(paths, texts, strict=False)):
        if str(index) in removed or not isinstance(path, str) or not isinstance(body, str):
            continue
        if path.strip() or body.strip():
            form.files.append(FileRow(path.strip(), body.replace("\r\n", "\n")))
    for kept in getlist("keep"):
        if isinstance(kept, str) and kept:
            form.kept.append(Carried(kept, 0))
    for carried in getlist("carry"):
        path, _, encoded = str(carried).partition(":")
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue
        form.kept.append(Carried(path, len(data), data))
    folder = text("upload_folder").strip().strip("/")
    for name, data in uploads:
        path = f"{folder}/{name}" if folder else name
        body = _text(data)
        if body is not None:
            form.files = [row for row in form.files if row.path != path] + [FileRow(path, body)]
        else:
            form.kept = [k for k in form.kept if k.path != path] + [Carried(path, len(data), data)]
    return form


def carry_value(kept: Carried) -> str | None:
    """The hidden input that carries an uploaded file back with a refused form (None: too large to carry)."""
    if kept.data is None or len(kept.data) > CARRY_BYTES:
        return None
    return f"{kept.path}:{base64.b64encode(kept.data).decode()}"


# ---------------------------------------------------------------------------------------------- to a package


def _number(raw: str, name: str, errors: list[FieldError], *, integer: bool = False) -> float | int | None:
    try:
        return int(raw) if integer else float(raw)
    except ValueError:
        errors.append(FieldError(name, f"“{raw}” is not a {'whole ' if integer else ''}number"))
        return None


def _groups(text: str, base: list[dict[str, Any]], errors: list[FieldError]) -> list[dict[str, Any]]:
    by_name = {g["name"]: g for g in base}
    groups: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _, points = line.strip().partition(" ")
        value = _number(points.strip() or "?", "groups", [])
        if value is None:
            errors.append(FieldError("groups", f"line {number}: write a group as its name and points, e.g. “main 100”"))
            continue
        groups.append({**by_name.get(name, {}), "name": name, "points": value})
    return groups


def _put(mapping: dict[str, Any], name: str, value: Any, default: Any) -> None:
    """Set ``name`` unless it is absent and ``value`` is its default (so an untouched form changes nothing)."""
    if name in mapping or value != default:
        mapping[name] = value


def manifest_of(form: ProblemForm, base: dict[str, Any] | None, errors: list[FieldError]) -> dict[str, Any]:
    """problem.yaml's document: the form's values over ``base`` (the edited version's manifest); a value the
    form leaves as it was (or at its default) stays as the base has it."""
    document: dict[str, Any] = dict(base or {"schema": 1})
    document["slug"], document["title"] = form.slug, form.title
    limits = dict(document.get("limits") or {})
    time_limit = _number(form.time_limit_s, "time_limit_s", errors)
    memory = _number(form.memory_limit_mib, "memory_limit_mib", errors, integer=True)
    if time_limit is not None:
        _put(limits, "time_limit_s", time_limit, 2.0)
    if memory is not None:
        _put(limits, "memory_limit_mib", memory, 256)
    if limits:
        document["limits"] = limits
    if form.languages:  # in the base's order, new ones after
        before = [name for name in document.get("languages") or [] if name in form.languages]
        document["languages"] = before + [name for name in form.languages if name not in before]
    else:
        document.pop("languages", None)
    old = dict(document.get("grader") or {})
    grader: dict[str, Any] = old if old.get("kind") == form.grader_kind else {"kind": form.grader_kind}
    if form.grader_kind in ("token", "float"):
        _put(grader, "case_sensitive", form.case_sensitive, True)
        _put(grader, "space_sensitive", form.space_sensitive, False)
    if form.grader_kind == "float":
        for name, raw in (("abs_tol", form.abs_tol), ("rel_tol", form.rel_tol)):
            value = _number(raw, name, errors)
            if value is not None:
                _put(grader, name, value, 1e-6)
    if form.grader_kind in ("checker", "interactive"):
        grader["program"] = form.grader_program
    if "grader" in document or grader != {"kind": "token"}:
        document["grader"] = grader
    base_groups = list((document.get("scoring") or {}).get("groups") or [])
    groups = _groups(form.groups, base_groups, errors)
    if groups:
        document["scoring"] = {**(document.get("scoring") or {}), "groups": groups}
    else:  # the default: one group "main" of 100 points (a question set has none: its questions score)
        document.pop("scoring", None)
    if form.difficulty:
        document["difficulty"] = form.difficulty
    else:
        document.pop("difficulty", None)
    tags = [t.strip() for t in form.tags.split(",") if t.strip()]
    if tags:
        document["tags"] = tags
    else:
        document.pop("tags", None)
    return document


def package_files(form: ProblemForm, base: Package | None) -> tuple[dict[str, bytes], list[FieldError]]:
    """The files of the package the form stands for, and the form's own errors (values that are not
    numbers, paths given twice, a file tree past its cap); the package checks come after."""
    errors: list[FieldError] = []
    original = yaml.safe_load(base.files["problem.yaml"]) if base else None
    document = manifest_of(form, original, errors)
    files: dict[str, bytes] = {  # an unchanged manifest keeps its own text (comments, order): the same version
        "problem.yaml": base.files["problem.yaml"] if base and document == original else
        yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode(),
        "statement.md": form.statement.encode(),
    }
    for language, code in form.starters.items():
        files[starter_path(language)] = code.encode()
    if len(form.files) + len(form.kept) > MAX_FILE_ROWS:
        errors.append(FieldError("files", f"a problem has at most {MAX_FILE_ROWS} files besides its statement "
                                          f"and starter code; this one has {len(form.files) + len(form.kept)}"))
    for index, row in enumerate(form.files):
        if not row.path:
            errors.append(FieldError(f"file-{index}", "give the file a path, e.g. tests/sample/01.in"))
        elif row.path in files:
            errors.append(FieldError(f"file-{index}", f"{row.path} is given twice"))
        else:
            files[row.path] = row.text.encode()
    for kept in form.kept:
        data = kept.data if kept.data is not None else (base.files.get(kept.path) if base else None)
        if data is not None and kept.path not in files:
            files[kept.path] = data
    return files, errors


def field_of(problem: PackageProblem, form: ProblemForm) -> str:
    """The form field a package problem is about (its message is shown beside it)."""
    if problem.file == "problem.yaml":
        for prefix, name in _MANIFEST_FIELDS:
            if problem.field == prefix or problem.field.startswith(prefix + "."):
                return name
        return "form"
    if problem.file == "statement.md":
        return "statement"
    for language in form.starters:
        if problem.file == starter_path(language):
            return f"starter_{language}"
    for index, row in enumerate(form.files):
        if row.path == problem.file or row.path.startswith(problem.file.rstrip("/") + "/"):
            return f"file-{index}"
    if any(k.path == problem.file for k in form.kept):
        return "kept"
    return "files"


def message_of(problem: PackageProblem) -> str:
    """The problem in words beside its field: where in the package, then why."""
    where = problem.file if not problem.field else f"{problem.file} ({problem.field})"
    return f"{where}: {problem.reason}" if problem.file not in MANAGED else (
        f"{problem.field}: {problem.reason}" if problem.field else problem.reason)
