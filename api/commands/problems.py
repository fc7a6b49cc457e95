"""`assay problems verify DIR... [--json]` and `assay problems import-kattis SRC DEST`.

verify first runs the package's input validators (input_validators/) over every test input, then
grades the reference submissions. It exits 0 when every test input is valid and every reference
submission of every package gets its expected verdict (skipped ones do not count), 1 when a package
is malformed, a test input is rejected, a validator fails or a submission fails, 2 for bad usage and 3 when
the sandbox is unavailable.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from problemformat.verify import (
    ProblemReport,
    Status,
    SubmissionCheck,
    expected_text,
    input_checks_total,
    tests_per_submission,
    verify_inputs,
    verify_package,
)
from sandbox import SandboxError

STATUS_STYLE = {Status.OK: "green", Status.FAIL: "bold red", Status.SKIP: "yellow"}


def _stdout() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=160)


def package_problems(exc: Exception) -> list[str]:
    """Every problem a PackageError lists, one line each (file, field, reason where given)."""
    items = getattr(exc, "problems", None) or getattr(exc, "errors", None)
    if not items or isinstance(items, str) or callable(items):
        return [line for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
    lines = []
    for item in items:
        parts = [str(getattr(item, attr)) for attr in ("file", "field", "reason")
                 if getattr(item, attr, None) not in (None, "")]
        lines.append(": ".join(parts) if parts else str(item))
    return lines


@click.group("problems")
def problems() -> None:
    """Problem packages: verify reference submissions, import Kattis packages."""


@problems.command("verify")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print a machine-readable report on stdout")
@click.option("--jobs", "-j", type=click.IntRange(1, 32), default=1, show_default=True,
              help="reference submissions graded at the same time")
def verify(dirs: tuple[Path, ...], as_json: bool, jobs: int) -> None:
    """Validate every test input and grade every reference submission of each package DIR."""
    from graders.input_validation import input_validation
    from graders.reference_judge import reference_judge
    from problemformat.package_loader import PackageError, load_package
    from sandbox import Sandbox

    reports: list[ProblemReport] = []
    packages = []
    for path in dirs:
        try:
            package = load_package(path)
        except PackageError as exc:
            reports.append(ProblemReport(path=str(path), errors=package_problems(exc)))
            continue
        reports.append(ProblemReport(path=str(path), slug=package.slug))
        packages.append((reports[-1], package))

    errors = Console(stderr=True)
    if packages:
        try:
            with Sandbox() as sandbox, _progress(errors) as progress:
                total = sum(len(p.submissions) * tests_per_submission(p) + input_checks_total(p)
                            for _, p in packages)
                task = progress.add_task("verifying", total=max(total, 1))
                advance = _advancer(progress, task)
                for report, package in packages:
                    def inputs(done: int, _total: int, slug: str = package.slug) -> None:
                        advance(f"{slug} input validators", done)

                    report.validators = [v.path for v in package.input_validators]
                    report.inputs_checked, report.input_failures = verify_inputs(
                        package, input_validation(sandbox, jobs), progress=inputs)
                    def show(path: str, done: int, _total: int, slug: str = package.slug) -> None:
                        advance(f"{slug} {path}", done)

                    report.submissions = verify_package(package, sandbox, judge=reference_judge(sandbox), jobs=jobs,
                                                        progress=show)
        except SandboxError as exc:
            click.echo(f"assay problems verify: sandbox unavailable: {exc}", err=True)
            sys.exit(3)

    ok = all(r.ok for r in reports)
    if as_json:
        click.echo(json.dumps(_json_report(reports, ok), indent=2))
    else:
        _print_reports(reports, ok)
    sys.exit(0 if ok else 1)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal,
    )


def _advancer(progress: Progress, task: TaskID) -> Callable[[str, int], None]:
    """A callback (label, done in that submission) advancing the shared bar by the difference."""
    seen: dict[str, int] = {}
    lock = threading.Lock()

    def advance(label: str, done: int) -> None:
        with lock:
            step = done - seen.get(label, 0)
            seen[label] = done
        progress.update(task, advance=step, description=escape(label))

    return advance


def _json_report(reports: list[ProblemReport], ok: bool) -> dict[str, Any]:
    return {
        "ok": ok,
        "problems": [
            {**r.model_dump(mode="json"), "ok": r.ok} for r in reports
        ],
    }


def _cell(check: SubmissionCheck) -> tuple[str, str, str, str]:
    got = check.verdict.value if check.verdict is not None else "-"
    points = "-" if check.points is None else f"{check.points:g}/{check.max_points:g}"
    time = f"{check.time_ms} ms" if check.verdict is not None else "-"
    return expected_text(check.expected, check.expected_score, check.max_points), got, points, time


def _print_reports(reports: list[ProblemReport], ok: bool) -> None:
    console = _stdout()
    table = Table(title="Reference submissions", title_justify="left")
    for column in ("problem", "submission", "expected", "got", "score", "time", "result"):
        table.add_column(column, justify="right" if column in ("score", "time") else "left",
                         no_wrap=column != "submission")
    for report in reports:
        name = escape(report.slug or report.path)
        if report.errors:
            table.add_row(name, "(package)", "-", "-", "-", "-", "[bold red]FAIL[/]")
        for check in report.submissions:
            expected, got, points, time = _cell(check)
            style = STATUS_STYLE[check.status]
            table.add_row(name, escape(check.submission), expected, got, points, time,
                          f"[{style}]{check.status.value}[/]")
    console.print(table)
    for report in reports:
        name = escape(report.slug or report.path)
        if report.validators:
            failed = len(report.input_failures)
            style = "bold red" if failed else "green"
            console.print(f"[{style}]{'FAIL' if failed else 'OK'}[/] {name}: input validators "
                          f"({escape(', '.join(report.validators))}) over {report.inputs_checked} test input(s)"
                          + (f": {failed} problem(s)" if failed else ": every input valid"), soft_wrap=True)
            for failure in report.input_failures:
                console.print(f"  - {escape(failure.describe())}", soft_wrap=True)
        if report.errors:
            console.print(f"[bold red]{name}[/]: the package is malformed:")
            for line in report.errors:
                console.print(f"  - {escape(line)}", soft_wrap=True)
        for check in report.submissions:
            if check.status != Status.OK and check.reason:
                label = "FAIL" if check.status == Status.FAIL else "skipped"
                console.print(f"[{STATUS_STYLE[check.status]}]{label}[/] {name} {escape(check.submission)}: "
                              f"{escape(check.reason)}", soft_wrap=True)
    counts = {s: sum(c.status == s for r in reports for c in r.submissions) for s in Status}
    summary = (f"{counts[Status.OK]} ok, {counts[Status.FAIL]} failed, {counts[Status.SKIP]} skipped; "
               f"{sum(bool(r.errors) for r in reports)} malformed package(s)")
    bad_inputs = sum(len(r.input_failures) for r in reports)
    if any(r.validators for r in reports):
        summary += f"; {bad_inputs} input validation problem(s)"
    console.print(("[green]verified: [/]" if ok else "[bold red]verification failed: [/]") + summary)


@problems.command("import-kattis")
@click.argument("src", type=click.Path(path_type=Path))
@click.argument("dest", type=click.Path(path_type=Path))
def import_kattis_command(src: Path, dest: Path) -> None:
    """Convert the Kattis/problemtools package SRC into an Assay package at DEST."""
    prefix = "assay problems import-kattis"
    try:
        from problemformat.kattis.importer import import_kattis

        report = import_kattis(src, dest)
    except Exception as exc:  # the importer's errors are about the user's input: one line each
        problems = getattr(exc, "problems", None)
        lines = [str(p) for p in problems] if isinstance(problems, list) and problems else [str(exc)]
        for line in lines:
            click.echo(f"{prefix}: {' '.join(line.split()) or type(exc).__name__}", err=True)
        sys.exit(2)
    for warning in getattr(report, "warnings", None) or []:
        click.echo(f"warning: {warning}", err=True)
    summary = getattr(report, "summary", None)
    click.echo(summary() if callable(summary) else f"imported {src} -> {dest}")
