"""The output validator (or interactor) of a Kattis package as the grader of problem.yaml: a checker,
an interactive grader, or Kattis' default validator as Assay's token or float grader."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from problemformat.kattis.records import DefaultValidator, Grader, ProgramGrader, Validation
from problemformat.kattis.source import KattisSource, tokens
from problemformat.kattis.testdata import group_dirs
from problemformat.package_loader import natural_key
from sandbox import detect, source_extensions

__all__ = ["validation"]

_MISSING = "grader/missing"  # stands for a program not found (the import fails with the reason)


def validation(source: KattisSource, doc: dict[str, Any], kinds: set[str]) -> Validation:
    """The grader for the problem's types, and the validator's files for grader/."""
    flags = _validator_flags(source, doc)
    found, program, files = _validator(source)
    if found and program is None:  # the reason is already an error
        return Validation(ProgramGrader("checker", _MISSING))
    if "interactive" in kinds:
        if program is None:
            source.error(
                "output_validator/",
                "an interactive problem needs an interactor, none found",
                "put the interactor in output_validator/ (2023-07+) or output_validators/<name>/ (legacy)",
            )
            return Validation(ProgramGrader("interactive", _MISSING))
        return Validation(ProgramGrader("interactive", program, tuple(flags)), files)
    if "custom" in kinds or (program is not None and source.format_version != "legacy"):
        if program is None:
            source.error(
                "output_validators/",
                "validation is custom but there is no output validator",
                "add the validator program, or set 'validation: default'",
            )
            return Validation(ProgramGrader("checker", _MISSING))
        return Validation(ProgramGrader("checker", program, tuple(flags)), files)
    if program is not None:
        source.warn(
            "output_validators/: present but problem.yaml says 'validation: default'; not used "
            "(set 'validation: custom' to use it)"
        )
    return Validation(_default_validator(source, flags))


def _validator_flags(source: KattisSource, doc: dict[str, Any]) -> list[str]:
    flags = tokens(doc.get("validator_flags"))
    for folder in ("data", "data/secret"):
        config = source.group_config(folder)
        for key in ("output_validator_flags", "output_validator_args"):
            flags.extend(tokens(config.get(key)))
    for folder in [*group_dirs(source), "data/sample"]:
        config = source.group_config(folder)
        extra = tokens(config.get("output_validator_flags")) + tokens(config.get("output_validator_args"))
        if extra and extra != flags:
            source.warn(
                f"{source.config_path(folder)}: output validator flags {' '.join(extra)!r} for this "
                f"group only are not converted (Assay passes one set of flags to every test)"
            )
    return flags


def _default_validator(source: KattisSource, flags: list[str]) -> Grader:
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
                source.error(
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
            source.warn(f"validator flag {flag!r} of the default validator is not supported; ignored")
        index += 1
    return DefaultValidator(case_sensitive, space_sensitive, abs_tol, rel_tol)


def _validator(source: KattisSource) -> tuple[bool, str | None, dict[str, bytes]]:
    """The output validator (or interactor): (one was found, its main file's path in grader/, its files
    as grader/...)."""
    if source.exists_dir("output_validator"):
        where, files = "output_validator", source.under("output_validator")
    elif source.exists_dir("output_validators"):
        everything = source.under("output_validators")
        programs = sorted({rel.split("/", 1)[0] for rel in everything}, key=natural_key)
        if len(programs) > 1:
            source.warn(
                f"output_validators/: several validators ({', '.join(programs)}); only {programs[0]} converted"
            )
        first = programs[0]
        where = f"output_validators/{first}"
        files = {first: everything[first]} if first in everything else source.under(where)  # one file or a folder
    else:
        return False, None, {}
    main = _main_file(source, where, files)
    copied = {f"grader/{rel}": data for rel, data in files.items()}
    return True, (f"grader/{main}" if main else None), copied


def _main_file(source: KattisSource, where: str, files: dict[str, bytes]) -> str | None:
    sources = sorted((rel for rel in files if rel.lower().endswith(source_extensions())), key=natural_key)
    if "__main__.py" in files:
        return "__main__.py"
    if len(sources) == 1:
        return sources[0]
    if not sources:
        scripts = [rel for rel in files if rel in ("build", "run")]
        what = "uses build/run scripts, which Assay cannot run" if scripts else "holds no source file"
        source.error(
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
    source.error(
        where,
        f"cannot tell which file is the validator's main program (candidates: {', '.join(with_main or sources)})",
        "keep main() in exactly one file, or name it validate.cpp / validate.py",
    )
    return None
