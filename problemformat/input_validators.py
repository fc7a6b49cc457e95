"""The input validators of a package (``input_validators/``) and the runs that check every test input.

Kattis' input-validator protocol: the validator reads one test input on stdin, gets the flags of the
test's group as arguments, and exits 42 when the input is valid, 43 when it is not; anything else (a
crash, a failed assertion, a time-out) is a failure of the validator itself. Each entry of
``input_validators/`` is one validator:

    input_validators/validate.py            one source file
    input_validators/format/validator.cpp   a folder: one program's files (its main file has main(),
    input_validators/format/validator.h     or is named validate.* / validator.* / main.*)

The loader checks that every validator is in a language Assay runs (``find_input_validators``);
``assay problems verify`` runs each over every test input (``input_runs`` says which input with which
flags; graders/input_validation.py runs them in the sandbox).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from problemformat.errors import PackageProblem
from problemformat.manifest import Manifest
from problemformat.package import InputValidator, TestCase
from sandbox import detect, source_extensions

__all__ = ["FOLDER", "InputRun", "find_input_validators", "input_runs", "main_file"]

FOLDER = "input_validators"
MAIN_STEMS = ("validate", "validator", "main")


@dataclass(frozen=True)
class InputRun:
    """One test input to check: where it is in the package, its bytes and the validators' flags."""

    path: str  # e.g. tests/secret/small/01.in
    input: bytes
    args: tuple[str, ...]


def main_file(files: dict[str, bytes]) -> str | None:
    """The main program among a validator folder's files (relative names), or None when there is no
    source file or no single one to choose."""
    sources = sorted(rel for rel in files if rel.lower().endswith(source_extensions()) and "/" not in rel)
    if "__main__.py" in sources:
        return "__main__.py"
    if len(sources) == 1:
        return sources[0]

    def has_main(rel: str) -> bool:
        language = detect([rel])
        return language is not None and language.has_main(files[rel].decode("utf-8", "replace"))

    with_main = [rel for rel in sources if has_main(rel)]
    if len(with_main) == 1:
        return with_main[0]
    for stem in MAIN_STEMS:
        named = [rel for rel in sources if posixpath.splitext(rel)[0] == stem]
        if len(named) == 1:
            return named[0]
    return None


def find_input_validators(files: dict[str, bytes]) -> tuple[list[InputValidator], list[PackageProblem]]:
    """The validators of ``input_validators/`` and the problems found (a file in no language Assay
    runs, a folder without one main program)."""
    prefix = FOLDER + "/"
    entries: dict[str, dict[str, bytes]] = {}
    for path, data in files.items():
        if path.startswith(prefix):
            rel = path[len(prefix):]
            name, _, inner = rel.partition("/")
            entries.setdefault(name, {})[inner or name] = data
    validators: list[InputValidator] = []
    problems: list[PackageProblem] = []
    supported = ", ".join(sorted(ext for ext in source_extensions()))
    for name in sorted(entries):
        where = f"{prefix}{name}"
        own = entries[name]
        folder = any(path.startswith(where + "/") for path in files)
        if not folder:
            language = detect([name])
            if language is None:
                problems.append(PackageProblem(where, "", "an input validator must be a source file in a "
                                               f"language Assay runs (extensions: {supported})"))
                continue
            validators.append(InputValidator(name=posixpath.splitext(name)[0], path=where, program=where,
                                             language=language.name))
            continue
        main = main_file(own)
        language = detect([main]) if main else None
        if main is None or language is None:
            problems.append(PackageProblem(where + "/", "", "cannot tell the validator's main program: keep "
                                           "one source file with main() in a language Assay runs, or name it "
                                           f"validate.<ext> (extensions: {supported})"))
            continue
        validators.append(InputValidator(name=name, path=where + "/", program=f"{where}/{main}",
                                         language=language.name))
    return validators, problems


def input_runs(manifest: Manifest, samples: list[TestCase], groups: dict[str, list[TestCase]]) -> list[InputRun]:
    """Every test input of the package (samples first) with the flags its group passes."""
    config = manifest.input_validation
    sample_args = config.sample_args if config.sample_args is not None else config.args
    runs = [InputRun(f"tests/sample/{t.name}.in", t.input, tuple(sample_args)) for t in samples]
    seen = {run.path for run in runs}
    for group in manifest.scoring.groups:
        args = group.input_validator_args if group.input_validator_args is not None else config.args
        for test in groups.get(group.name, []):
            path = f"{group.tests_path.rstrip('/')}/{test.name}.in"
            if path not in seen:  # a group graded on the samples (path: tests/sample) is checked once
                seen.add(path)
                runs.append(InputRun(path, test.input, tuple(args)))
    return runs
