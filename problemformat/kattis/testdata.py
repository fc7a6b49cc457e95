"""Test data and scoring groups: data/sample and data/secret (test groups, points, aggregation and
require_pass from testdata.yaml / test_group.yaml) as tests/sample, tests/secret/<group> and the
scoring groups of problem.yaml.

A package without data/secret (DOMjudge's ``hello`` has only data/sample) is graded on its samples:
the one group's tests are tests/sample (``path``), with a warning saying so.
"""

from __future__ import annotations

import re
from typing import Any

from problemformat.kattis.input_validators import input_flags
from problemformat.kattis.records import Case, Group, TestData, number
from problemformat.kattis.source import KattisSource, tokens
from problemformat.manifest import GROUP_RE
from problemformat.package_loader import natural_key

__all__ = ["group_dirs", "test_data"]

SAMPLES = "tests/sample"


def group_dirs(source: KattisSource) -> list[str]:
    """The test groups: the folders of data/secret holding test cases."""
    secret = source.under("data/secret")
    names = {rel.split("/", 1)[0] for rel in secret if "/" in rel}
    dirs = [f"data/secret/{n}" for n in names if not n.endswith(".files")]
    return sorted(d for d in dirs if any(p.endswith(".in") for p in source.under(d)))


def test_data(source: KattisSource, kinds: set[str]) -> TestData:
    """The samples, the secret test cases and the scoring groups they make."""
    interactive = "interactive" in kinds
    files: dict[str, bytes] = {}
    samples: list[Case] = []
    if source.exists_dir("data/sample"):
        samples = _cases(source, "data/sample", interactive)
        _put_cases(files, SAMPLES, samples)
    for extra in ("invalid_input", "invalid_output", "valid_output", "invalid_inputs", "bad"):
        if source.exists_dir(f"data/{extra}"):
            source.warn(f"data/{extra}/: validator test data not copied")
    if not source.exists_dir("data/secret"):
        if samples:
            source.warn(
                f"data/secret/: missing; the {len(samples)} sample test case(s) of data/sample/ are also used "
                f"as the tests (as DOMjudge does): add hidden test cases to data/secret/"
            )
            aggregate = "sum" if "scoring" in kinds else "all"
            flags = input_flags(source, "data/sample")
            return TestData([Group("main", 100, aggregate, path=SAMPLES, input_validator_args=flags)], files)
        source.error("data/secret/", "missing", "put the hidden test cases in data/secret/ (.in and .ans files)")
        return TestData([Group("main", 100)], files)
    groups = group_dirs(source)
    direct = _cases(source, "data/secret", interactive, recursive=False)
    if not groups and not direct:
        source.error("data/secret/", "holds no test cases", "add .in and .ans files to data/secret/")
        return TestData([Group("main", 100)], files)
    if "scoring" not in kinds:
        cases = list(direct)
        for folder in groups:
            prefix = folder.rsplit("/", 1)[1]
            cases += [Case(f"{prefix}-{c.name}", c.input, c.answer) for c in _cases(source, folder, interactive)]
        _put_cases(files, "tests/secret/main", cases)
        flags = input_flags(source, "data/secret")
        for folder in groups:
            if input_flags(source, folder) != flags:
                source.warn(f"{folder}/: input validator flags {' '.join(input_flags(source, folder))!r} not "
                            f"converted (its tests join group 'main', checked with {' '.join(flags)!r})")
        return TestData([Group("main", 100, input_validator_args=flags)], files)
    return TestData(_scoring_groups(source, files, groups, direct, interactive), files)


def _cases(source: KattisSource, folder: str, interactive: bool, *, recursive: bool = True) -> list[Case]:
    """The test cases under a folder (recursively by default), named by their flattened path."""
    entries = source.under(folder)
    cases = []
    for rel in sorted(entries, key=natural_key):
        parts = rel.split("/")
        if any(p.endswith(".files") for p in parts[:-1]) or (not recursive and len(parts) > 1):
            continue
        if rel.endswith(".in"):
            stem = rel[:-3]
            answer = entries.get(f"{stem}.ans")
            if answer is None and not interactive:
                source.error(
                    f"{folder}/{rel}",
                    "test case has no .ans file",
                    f"add {folder}/{stem}.ans (Kattis requires one per .in)",
                )
                continue
            if any(r.startswith(f"{stem}.files/") for r in entries):
                source.warn(f"{folder}/{stem}.files/: input files of test cases are not supported; not copied")
            if f"{stem}.yaml" in entries:
                source.warn(f"{folder}/{stem}.yaml: per-test configuration (args, flags) not converted")
            cases.append(Case(stem.replace("/", "-"), entries[rel], answer))
        elif rel.endswith(".ans") and f"{rel[:-4]}.in" not in entries:
            source.warn(f"{folder}/{rel}: answer without a .in file; skipped")
        elif rel.endswith(".interaction") and folder != "data/sample":  # samples: statement.interactions()
            source.warn(f"{folder}/{rel}: interaction logs are not shown to candidates; not copied")
    return cases


def _put_cases(files: dict[str, bytes], folder: str, cases: list[Case]) -> None:
    used: set[str] = set()
    for case in cases:
        unique, n = case.name, 2
        while unique in used:
            unique, n = f"{case.name}-{n}", n + 1
        used.add(unique)
        files[f"{folder}/{unique}.in"] = case.input
        if case.answer is not None:
            files[f"{folder}/{unique}.ans"] = case.answer


def _scoring_groups(
    source: KattisSource, files: dict[str, bytes], folders: list[str], direct: list[Case], interactive: bool
) -> list[Group]:
    secret_path = source.config_path("data/secret")
    secret = source.group_config("data/secret")
    legacy_root = {**source.group_config("data"), **secret}
    total = _max_score(source, secret_path, secret, legacy_range=True)
    if total is None:
        total = 100.0
    secret_aggregation = _aggregation(source, secret_path, secret, default="sum", legacy=legacy_root)
    if not folders:
        _put_cases(files, "tests/secret/main", direct)
        return [Group("main", number(total), secret_aggregation,
                      input_validator_args=input_flags(source, "data/secret"))]
    if secret_aggregation == "min":
        source.warn(f"{secret_path}: 'min' over groups is not supported; group points are added up")

    # (folder, its test cases, its test_group.yaml, that file's path)
    units: list[tuple[str, list[Case], dict[str, Any], str]] = []
    if direct:
        units.append(("data/secret", direct, {}, ""))
        source.warn("data/secret/: test cases next to test groups were put in a group of their own, 'secret'")
    for folder in folders:
        units.append(
            (folder, _cases(source, folder, interactive), source.group_config(folder), source.config_path(folder))
        )
    groups: list[Group] = []
    requirements: list[tuple[str, list[str]]] = []  # per group: (config path, Kattis groups it requires)
    names: dict[str, str] = {}  # Kattis group path (secret/x) -> our name
    used: set[str] = set()
    for folder, cases, config, path in units:
        kattis = folder.removeprefix("data/")
        name = _group_name(folder.rsplit("/", 1)[1], used)
        names[kattis] = name
        names[kattis.removeprefix("secret/")] = name
        _put_cases(files, f"tests/secret/{name}", cases)
        configs = ("testdata.yaml", "test_group.yaml")
        nested = [p for p in source.under(folder) if p.count("/") >= 1 and p.endswith(configs)]
        if nested and folder != "data/secret":
            source.warn(f"{folder}/: nested test groups flattened into group {name!r}")
        points: float | None = None
        aggregate = "all"
        if folder != "data/secret":
            merged = {**legacy_root, **config}
            points = _max_score(source, path, config, legacy_range=True)
            if points is None and source.format_version == "legacy" and "accept_score" in merged:
                score = source.positive(path, "accept_score", merged["accept_score"], "accept_score: 1")
                if score is not None:
                    flags = tokens(merged.get("grader_flags"))
                    points = score if "min" in flags else score * len(cases)
            aggregate = _aggregation(source, path, config, default="all", legacy=merged)
        scoring = _scoring(config)
        groups.append(Group(name, points, aggregate, input_validator_args=input_flags(source, folder)))
        requirements.append((path, tokens(config.get("require_pass", scoring.get("require_pass")))))

    _share_points(source, groups, total)
    for group, (path, requires) in zip(groups, requirements, strict=True):
        for required in requires:
            target = names.get(required.strip("/"))
            if target is None:
                source.warn(
                    f"{path}: require_pass {required!r} not converted (only test groups of data/secret "
                    f"can be required)"
                )
            elif target != group.name and target not in group.require_pass:
                group.require_pass.append(target)
    return groups


def _share_points(source: KattisSource, groups: list[Group], total: float) -> None:
    """Groups without points share what the others leave of ``total``."""
    known = sum(g.points for g in groups if g.points is not None)
    unknown = [g for g in groups if g.points is None]
    if not unknown:
        return
    left = total - known
    if left < 0:
        source.warn(
            f"group points add up to {known:g}, more than the problem's {total:g}; groups without points get 0"
        )
        left = 0.0
    if known == 0 and len(groups) > 1:
        source.warn(f"no points given for the test groups; {total:g} points split equally")
    elif known:
        source.warn(
            f"groups without points share the remaining {left:g} points: {', '.join(g.name for g in unknown)}"
        )
    share = round(left / len(unknown), 2)
    for group in unknown:
        group.points = share
    unknown[-1].points = round(left - share * (len(unknown) - 1), 2)


def _scoring(config: dict[str, Any]) -> dict[str, Any]:
    """The ``scoring`` mapping of a test_group.yaml (2023-07), {} when there is none."""
    scoring = config.get("scoring")
    return scoring if isinstance(scoring, dict) else {}


def _group_name(raw: str, used: set[str]) -> str:
    name = re.sub(r"[^a-z0-9_-]+", "-", raw.lower()).strip("-_")[:60] or "group"
    if not GROUP_RE.match(name):
        name = f"g{name}"[:60]
    unique, n = name, 2
    while unique in used:
        unique, n = f"{name}-{n}", n + 1
    used.add(unique)
    return unique


def _max_score(source: KattisSource, path: str, config: dict[str, Any], *, legacy_range: bool) -> float | None:
    scoring = _scoring(config)
    value = config.get("max_score", scoring.get("score"))
    if value is None and legacy_range and config.get("range") is not None:
        bounds = str(config["range"]).split()
        try:
            return float(bounds[-1])
        except (ValueError, IndexError):
            source.error(path, f"range {config['range']!r} is not 'min max'", "write e.g. 'range: 0 25'")
            return None
    if value is None:
        return None
    if str(value).strip().lower() == "unbounded":
        source.warn(f"{path}: 'unbounded' score not supported; treated as unknown")
        return None
    return source.positive(path, "max_score", value, "max_score: 25") if value != 0 else 0.0


def _aggregation(
    source: KattisSource, path: str, config: dict[str, Any], *, default: str, legacy: dict[str, Any]
) -> str:
    scoring = _scoring(config)
    value = config.get("score_aggregation", scoring.get("aggregation"))
    if value is None and source.format_version == "legacy":
        flags = tokens(legacy.get("grader_flags"))
        if "min" in flags:
            return "min"
        return "sum"
    if value is None:
        return default
    mapped = {"pass-fail": "all", "sum": "sum", "min": "min"}.get(str(value).strip().lower())
    if mapped is None:
        source.error(path, f"score aggregation {value!r} is unknown", "use pass-fail, sum or min")
        return default
    return mapped
