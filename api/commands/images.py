"""`assay images build|list`: the per-language sandbox images."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sandbox import ImageError, SandboxSettings, UnknownLanguageError, all_languages


def _fail(command: str, message: str, code: int = 2) -> None:
    """One line on stderr; exit 2 for bad input."""
    click.echo(f"assay images {command}: {message}", err=True)
    sys.exit(code)


def _settings(command: str) -> SandboxSettings:
    try:
        return SandboxSettings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        _fail(command, f"bad ASSAY_SANDBOX_* setting: {' '.join(str(exc).split())}")
        raise  # unreachable


def _console(*, stderr: bool = False) -> Console:
    """Wide enough for full tags and steps when piped or logged (rich assumes 80 columns then)."""
    console = Console(stderr=stderr)
    return console if console.is_terminal else Console(stderr=stderr, width=160)


def _size(size: int | None) -> str:
    return "" if size is None else f"{size / 1e6:,.0f} MB"


@click.group("images")
def images() -> None:
    """Build and inspect the sandbox images (one per language)."""


@images.command("build")
@click.option("--language", "-l", "language_names", multiple=True, metavar="L",
              help=f"only this language (repeatable); one of {', '.join(sorted(all_languages()))}")
@click.option("--force", is_flag=True,
              help="rebuild even if the image for the current recipe exists, without the layer cache")
@click.option("--all", "every", is_flag=True, help="every language, not only the common ones")
@click.option("--jobs", "-j", type=click.IntRange(1, 8), default=1, show_default=True,
              help="images built at the same time")
def build(language_names: tuple[str, ...], force: bool, every: bool, jobs: int) -> None:
    """Build the sandbox images of the common languages (or of those given with --language, or of
    every language with --all). The others are built the first time something needs them.

    Images whose tag (a hash of Dockerfile and agent) exists are skipped. The base image is
    debian:bookworm-slim, or one made locally with debootstrap when no registry answers
    (ASSAY_SANDBOX_BASE_IMAGE overrides).
    """
    from sandbox import build_images, select_languages

    try:
        languages = select_languages(language_names, every=every)
    except UnknownLanguageError as exc:
        _fail("build", str(exc))
    settings = _settings("build")
    console = _console(stderr=True)
    try:
        results = build_images(languages, settings, force=force, console=console, jobs=jobs)
    except ImageError as exc:
        console.print(f"[bold red]error:[/] {escape(exc.message)}")
        for line in exc.details:
            console.print(f"  {escape(line)}", highlight=False)
        console.print(f"[bold]fix:[/] {escape(exc.fix)}")
        sys.exit(1)
    table = Table(title="sandbox images", title_justify="left")
    for column in ("language", "tag", "build", "size", "version"):
        table.add_column(column, no_wrap=column == "tag")
    for item in results:
        table.add_row(item.language, item.tag, f"{item.seconds:.0f} s" if item.built else "present",
                      _size(item.size_bytes), item.version)
    _console().print(table)


@images.command("list")
@click.option("--no-version", is_flag=True, help="do not run version commands for unseen images")
def list_images(no_version: bool) -> None:
    """Show every language's image: tag, whether present, size, toolchain version."""
    from sandbox import image_status

    settings = _settings("list")
    try:
        rows = image_status(settings, versions=not no_version)
    except ImageError as exc:
        _fail("list", str(exc), code=1)
    table = Table(title="sandbox images", title_justify="left")
    for column in ("language", "tag", "present", "size", "version", "base"):
        table.add_column(column, no_wrap=column == "tag")
    for row in rows:
        table.add_row(row.language, row.tag, "[green]yes[/]" if row.present else "[red]no[/]",
                      _size(row.size_bytes), escape(row.version or ""), escape(row.base or ""))
    _console().print(table)
    missing = [row.language for row in rows if not row.present]
    if missing:
        click.echo(f"missing: {', '.join(missing)} (built when first needed, or now with "
                   "`assay images build --language L`)", err=True)
