"""The problem statement: the Kattis statement (Markdown, LaTeX or only a PDF) as statement.md, with its
images, and the sample interaction logs of an interactive problem as a section of it."""

from __future__ import annotations

import re
from typing import Any

from problemformat.kattis.latex import latex_statement
from problemformat.kattis.records import Statement
from problemformat.kattis.source import KattisSource
from problemformat.package_loader import natural_key
from problemformat.statement_math import math_errors

__all__ = ["interactions", "statement"]

_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".svg", ".gif")


def statement(source: KattisSource, doc: dict[str, Any]) -> Statement:
    """The statement in one language (English first; Markdown, then LaTeX, then PDF)."""
    candidates: list[tuple[int, str]] = []
    for folder in ("statement", "problem_statement", ""):
        entries = source.under(folder) if folder else {p: b for p, b in source.files.items() if "/" not in p}
        for rel in entries:
            match = re.fullmatch(r"problem(?:\.([A-Za-z-]+))?\.(md|tex|pdf)", rel)
            if not match or (not folder and match.group(2) != "pdf"):
                continue
            language = match.group(1) or "en"
            # English first (the candidate's page is in English), then Markdown, LaTeX, PDF.
            rank = (0 if language == "en" else 100) + {"md": 0, "tex": 10, "pdf": 20}[match.group(2)]
            candidates.append((rank, f"{folder}/{rel}" if folder else rel))
    if not candidates and source.skipped_links:
        source.warn(
            f"statement: none in the package ({', '.join(source.skipped_links)} skipped); statement.md says "
            f"so: write the statement in Markdown"
        )
        return Statement(
            "The statement of this problem was not part of the imported package "
            f"({', '.join(source.skipped_links)} pointed outside it).\n"
        )
    if not candidates:
        source.error(
            "statement/",
            "no problem statement found",
            "add statement/problem.en.md (or problem_statement/problem.en.tex in the legacy format)",
        )
        return Statement("")
    candidates.sort()
    chosen = candidates[0][1]
    folder = chosen.rsplit("/", 1)[0] if "/" in chosen else ""
    others = [path for _, path in candidates[1:] if not path.endswith(".pdf")]
    if others and chosen.endswith(".md"):
        others = [p for p in others if not p.endswith(".tex")]
    if others:
        source.warn(f"statement: only {chosen} converted; not kept: {', '.join(sorted(others))}")
    files = {
        rel: data
        for rel, data in (source.under(folder) if folder else {}).items()
        if "/" not in rel and rel.lower().endswith(_IMAGE_EXTENSIONS)
    }
    if chosen.endswith(".pdf"):
        source.warn(
            f"statement: only a PDF statement ({chosen}); statement.md points to it, write the "
            f"statement in Markdown"
        )
        name = chosen.rsplit("/", 1)[-1]
        files[name] = source.files[chosen]
        return Statement(f"The statement of this problem is in [{name}]({name}).\n", None, files)
    text = source.text(chosen)
    if text is None:
        return Statement("", None, files)
    title: str | None = None
    if chosen.endswith(".tex"):
        text, title, how = latex_statement(text)
        source.warn(f"statement: {chosen} converted from LaTeX to Markdown ({how}); check statement.md")
    constants = doc.get("constants")
    if isinstance(constants, dict):
        for key, value in constants.items():
            text = text.replace("{{" + str(key) + "}}", str(value))
        source.warn("problem.yaml: constants substituted in the statement only (not in validators or submissions)")
    if "{{nextsample}}" in text or "{{remainingsamples}}" in text:
        text = text.replace("{{nextsample}}", "").replace("{{remainingsamples}}", "")
        source.warn("statement: {{nextsample}}/{{remainingsamples}} removed; Assay shows the samples itself")
    for problem in math_errors(text):
        source.warn(f"statement: {problem}: candidates see it as TeX text; fix it in statement.md")
    return Statement(text, title, files)


def interactions(source: KattisSource) -> str:
    """Sample interaction logs (data/sample/*.interaction: '>' lines the program writes, '<' lines it
    reads) as a section of the statement, as Kattis shows them."""
    logs = sorted((rel for rel in source.under("data/sample") if rel.endswith(".interaction")), key=natural_key)
    if not logs:
        return ""
    parts = [
        "\n## Sample interaction" + ("s" if len(logs) > 1 else ""),
        "Lines starting with `>` are written by your program, lines starting with `<` are the answers "
        "it reads.",
    ]
    for number, rel in enumerate(logs, 1):
        text = source.files[f"data/sample/{rel}"].decode("utf-8", "replace").rstrip("\n")
        lines = [
            f"{line[0]} {line[1:]}" if line[:1] in ("<", ">") and line[1:2] != " " else line
            for line in text.split("\n")
        ]
        title = f"### Interaction {number}\n\n" if len(logs) > 1 else ""
        fence = "~~~~" if "```" in text else "```"
        parts.append(f"{title}{fence}\n" + "\n".join(lines) + f"\n{fence}")
    source.warn(f"data/sample/: {len(logs)} interaction log(s) shown in statement.md as sample interactions")
    return "\n\n".join(parts) + "\n"
