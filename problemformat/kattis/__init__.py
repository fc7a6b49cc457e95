"""Import a Kattis / problemtools / DOMjudge problem package as an Assay package (``assay problems
import-kattis``): problemformat.kattis.importer is the entry point (``import_kattis``), a thin
orchestrator over one module per part of the package."""
