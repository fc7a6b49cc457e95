"""The Kattis problem.yaml (and .timelimit, domjudge-problem.ini): format version, problem type, title,
limits, languages, authors and source; and the keys and folders that have no Assay equivalent."""

from __future__ import annotations

import re
from typing import Any

from problemformat.kattis.records import Limits, Metadata, number
from problemformat.kattis.source import KattisSource, tokens
from sandbox import lookup

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "format_version",
    "languages",
    "leftovers",
    "limits",
    "metadata",
    "problem_types",
    "slug",
    "title",
]

DEFAULT_TIME_LIMIT_S = 2.0
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
    "include": "files appended to submissions are not supported",
    "attachments": "attachments are not shown to candidates",
    "generators": "test data generators are not run",
    "solution": "solution descriptions are not kept",
    "solutions": "solution descriptions are not kept",
    "static_validator": "static validation is not supported",
    "input_visualizer": "visualizers are not used",
    "output_visualizer": "visualizers are not used",
}


def slug(name: str) -> str:
    """An Assay slug from the package's name."""
    result = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64].strip("-")
    if not result:
        result = "problem"
    if len(result) < 3:
        result = f"{result}-problem"
    return result


def format_version(source: KattisSource, doc: dict[str, Any]) -> str:
    """legacy, 2023-07 or 2025-09, from problem_format_version."""
    version = str(doc.get("problem_format_version", "legacy")).strip().lower()
    if version.startswith("legacy"):
        return "legacy"
    if version.startswith("2023-07"):
        return "2023-07"
    if version.startswith("2025-09") or version == "draft":
        return "2025-09"
    source.warn(f"problem.yaml: problem_format_version {version!r} is unknown; read as 2025-09")
    return "2025-09"


def problem_types(source: KattisSource, doc: dict[str, Any]) -> set[str]:
    """The problem's types (pass-fail, scoring, interactive, custom), from type and validation."""
    raw = doc.get("type", "pass-fail")
    values = raw if isinstance(raw, list) else str(raw).split()
    kinds = {str(v).strip().lower() for v in values}
    validation = str(doc.get("validation", "default")).strip().lower().split()
    known = {"pass-fail", "scoring", "interactive", "custom", "multi-pass", "submit-answer"}
    for kind in sorted(kinds - known):
        source.error(
            "problem.yaml",
            f"type {kind!r} is unknown",
            "use pass-fail, scoring or interactive (alone or in a list)",
        )
    for kind in sorted(kinds & {"multi-pass", "submit-answer"}):
        source.error(
            "problem.yaml",
            f"type {kind!r} is not supported by Assay",
            "convert the problem by hand to a pass-fail, scoring or interactive problem",
        )
    if {"pass-fail", "scoring"} <= kinds:
        source.error("problem.yaml", "type lists both pass-fail and scoring", "keep one of them")
    unknown_validation = set(validation) - {"default", "custom", "interactive", "score"}
    if unknown_validation:
        source.error(
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
        source.warn(
            "problem.yaml: validation 'custom score': Assay's checker reads score_multiplier.txt "
            "(a fraction), not score.txt; check the validator's partial scores"
        )
    return kinds


def title(source: KattisSource, doc: dict[str, Any], tex_title: str | None, slug: str) -> str:
    """The English name, else the LaTeX statement's \\problemname, else one made from the slug."""
    name = doc.get("name")
    result: str | None = None
    if isinstance(name, dict) and name:
        result = str(name.get("en") or next(iter(name.values())))
        others = sorted(str(k) for k in name if k != "en")
        if len(name) > 1:
            source.warn(f"problem.yaml: name in other languages not kept ({', '.join(others)})")
    elif isinstance(name, str | int | float) and str(name).strip():
        result = str(name)
    elif tex_title:
        result = tex_title
    if not result:
        result = slug.replace("-", " ").title()
        source.warn(f"problem.yaml: no problem name; the title is {result!r}")
    result = " ".join(result.split())
    if len(result) > 200:
        source.warn("problem.yaml: name longer than 200 characters was shortened")
        result = result[:200]
    return result


def limits(source: KattisSource, doc: dict[str, Any]) -> Limits:
    """Time, memory and output limits, clamped to Assay's ranges (with a warning when clamped)."""
    raw = doc.get("limits") or {}
    if not isinstance(raw, dict):
        source.error("problem.yaml", "limits must be a mapping", "write limits as 'limits: {memory: 256}'")
        raw = {}
    time_limit = _time_limit(source, raw)
    memory_mib: int | None = None
    memory = raw.get("memory")
    if memory is not None:
        value = source.positive("problem.yaml", "limits.memory", memory, "a number of MiB, e.g. 'memory: 256'")
        if value is not None:
            clamped = min(max(int(value), 16), 2048)
            if clamped != value:
                source.warn(
                    f"problem.yaml: limits.memory {value:g} MiB is outside Assay's 16..2048; using {clamped}"
                )
            memory_mib = clamped
    output_kib: int | None = None
    output = raw.get("output")
    if output is not None:
        value = source.positive("problem.yaml", "limits.output", output, "a number of MiB, e.g. 'output: 8'")
        if value is not None:
            kib = min(max(int(value * 1024), 1), 65536)
            if kib != int(value * 1024):
                source.warn(f"problem.yaml: limits.output {value:g} MiB is above Assay's 64 MiB; using 64 MiB")
            output_kib = kib
    if "time_multiplier" in raw or "time_multipliers" in raw or "time_safety_margin" in raw:
        source.warn(
            f"problem.yaml: limits.time_multiplier(s) not converted: Assay uses a fixed time limit "
            f"({number(time_limit)} s)"
        )
    for key in sorted(set(raw) - _LIMIT_KEYS):
        source.warn(f"problem.yaml: limits.{key} not converted")
    return Limits(time_limit_s=time_limit, memory_limit_mib=memory_mib, output_limit_kib=output_kib)


def _time_limit(source: KattisSource, raw: dict[str, Any]) -> float:
    explicit: float | None = None
    if raw.get("time_limit") is not None:
        explicit = source.positive(
            "problem.yaml", "limits.time_limit", raw["time_limit"], "seconds, e.g. 'time_limit: 1.0'"
        )
    elif ".timelimit" in source.files:
        words = source.files[".timelimit"].decode("utf-8", "replace").split()
        explicit = source.positive(
            ".timelimit", "the time limit", words[0] if words else "", "a number of seconds, e.g. '2.0'"
        )
    elif "domjudge-problem.ini" in source.files:
        text = source.files["domjudge-problem.ini"].decode("utf-8", "replace")
        match = re.search(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", text, re.MULTILINE)
        if match:
            explicit = source.positive("domjudge-problem.ini", "timelimit", match.group(1), "timelimit = '2'")
    if explicit is None:
        source.warn(
            f"no time limit in the package (Kattis derives it from the accepted submissions' run time); "
            f"using {DEFAULT_TIME_LIMIT_S:g} s: measure with 'assay problems verify' and set "
            f"limits.time_limit_s"
        )
        return DEFAULT_TIME_LIMIT_S
    if explicit > 30:
        source.warn(f"time limit {explicit:g} s is above Assay's 30 s; using 30 s")
        return 30.0
    return explicit


def languages(source: KattisSource, doc: dict[str, Any]) -> list[str]:
    """The listed languages Assay's sandbox runs ([] for all)."""
    raw = doc.get("languages")
    if raw is None:
        return []
    names = tokens(raw)
    if [n.lower() for n in names] == ["all"]:
        return []
    result: list[str] = []
    for name in names:
        ours = lookup(name)  # Kattis language codes are our names or aliases ("c++", "nodejs")
        if ours is None:
            source.warn(f"problem.yaml: language {name!r} is not supported by Assay's sandbox; dropped")
        elif ours.name not in result:
            result.append(ours.name)
    if names and not result:
        source.warn("problem.yaml: none of the listed languages is supported; every Assay language is allowed")
    return result


def metadata(doc: dict[str, Any]) -> Metadata:
    """Authors (credits or author), source, license and keywords."""
    authors: list[str] = []
    credits = doc.get("credits")
    people = credits.get("authors") if isinstance(credits, dict) else credits
    if people is None and doc.get("author"):
        people = re.split(r",|\band\b", str(doc["author"]))
    for person in people if isinstance(people, list) else ([people] if people else []):
        name = person.get("name") if isinstance(person, dict) else person
        name = re.sub(r"<[^>]*>", "", str(name or "")).strip()
        if name:
            authors.append(name)
    origin = doc.get("source")
    if isinstance(origin, list):
        origin = origin[0] if origin else None
    if isinstance(origin, dict):
        origin = origin.get("name")
    return Metadata(
        authors=authors,
        source=str(origin) if origin else None,
        license=str(doc["license"]) if doc.get("license") else None,
        tags=tokens(doc.get("keywords")),
    )


def leftovers(source: KattisSource, doc: dict[str, Any]) -> None:
    """Warn about folders and problem.yaml keys that are not converted."""
    for folder, why in _UNUSED_DIRS.items():
        if source.exists_dir(folder):
            source.warn(f"{folder}/: not converted ({why})")
    for key in sorted(doc):
        if key in _IGNORED_KEYS or key in _CONVERTED_KEYS:
            continue
        if key == "allow_file_writing" and not doc[key]:
            continue
        source.warn(f"problem.yaml: {key} not converted")
