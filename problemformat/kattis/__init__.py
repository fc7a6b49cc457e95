"""Import a Kattis / problemtools / DOMjudge problem package as an Assay package (``assay problems
import-kattis``). The importer (importer.py) is a thin orchestrator over one module per part."""

from problemformat.kattis.importer import (
    DEFAULT_TIME_LIMIT_S,
    ImportReport,
    KattisImportError,
    import_kattis,
    latex_statement,
    tex_to_markdown,
)

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "ImportReport",
    "KattisImportError",
    "import_kattis",
    "latex_statement",
    "tex_to_markdown",
]
