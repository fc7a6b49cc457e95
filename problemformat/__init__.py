"""The problem format: Assay's problem packages, as their own package (as Kattis problemtools keeps its).

- manifest: problem.yaml (schema 1) as pydantic models; grader_kinds: the registry of grader kinds
  and their config schemas (entry points ``assay.graders``), which the manifest checks plugins with;
- package: a loaded package in memory; archive: reading a folder, .zip or .tar.gz safely;
  package_loader: validating the files and building the Package (every problem listed at once);
- kattis: importing Kattis / problemtools / DOMjudge packages;
- verify: every reference submission gets the verdict its folder names (Kattis' verifyproblem), graded
  by a judge the caller hands in; verdicts: the verdict vocabulary; languages: which a problem accepts.

Dependencies: pydantic, PyYAML and the ``sandbox`` facade (its language table); nothing of ``graders``,
which depends on this package.
"""
