"""Reference submissions: Kattis and DOMjudge verdict folders onto Assay's, Python 2 programs left out,
and Java main classes other than Main given a launcher."""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from problemformat.kattis.source import KattisSource
from problemformat.manifest import EXPECTED_VERDICTS
from sandbox import detect

__all__ = ["submissions"]

# Kattis submission folders -> ours (folder names are mostly shared already).
_SUBMISSION_DIRS = {
    "accepted": "accepted",
    "wrong_answer": "wrong_answer",
    "time_limit_exceeded": "time_limit_exceeded",
    "run_time_error": "run_time_error",
    "memory_limit_exceeded": "memory_limit_exceeded",
    "compile_error": "compile_error",
    "partially_accepted": "partial",
    "partial": "partial",
    # DOMjudge's names (its example problems, contest archives)
    "compiler_error": "compile_error",
    "no_output": "wrong_answer",  # DOMjudge's NO-OUTPUT; Kattis and Assay judge it a wrong answer
    "runtime_error": "run_time_error",
    "timelimit": "time_limit_exceeded",
}
# Folders whose submissions may get any of several verdicts: Assay's verify checks one per folder.
_SEVERAL_VERDICTS = {
    "mixed": "DOMjudge: any of the verdicts in the source's @EXPECTED_RESULTS@ line",
    "mixed-verdicts": "DOMjudge: any of the verdicts in the source's @EXPECTED_RESULTS@ line",
    "multiple": "DOMjudge: any of the verdicts in the source's @EXPECTED_RESULTS@ line",
    "check_manually": "DOMjudge: the verdict is to be checked by hand",
    "rejected": "Kattis 2023-07+: any verdict but accepted",
    "brute_force": "Kattis 2023-07+: accepted or too slow",
}
_JAVA_MAIN = re.compile(r"\bstatic\s+(?:final\s+)?void\s+main\s*\(")
_JAVA_CLASS = re.compile(r"\b(?:class|enum|record|interface)\s+([A-Za-z_$][\w$]*)")


def submissions(source: KattisSource) -> dict[str, bytes]:
    """The reference submissions as the files of submissions/<verdict>/."""
    out: dict[str, bytes] = {}
    everything = source.under("submissions")
    # Our own folder names first: a program of another folder mapped there (DOMjudge's no_output/
    # into wrong_answer/) is the one renamed if two have the same name.
    folders = sorted({rel.split("/", 1)[0] for rel in everything if "/" in rel},
                     key=lambda folder: (_SUBMISSION_DIRS.get(folder) != folder, folder))
    accepted = False
    for folder in folders:
        ours = _SUBMISSION_DIRS.get(folder)
        if ours is None and folder in _SEVERAL_VERDICTS:
            count = len({rel.split("/", 1)[0] for rel in source.under(f"submissions/{folder}")})
            source.warn(
                f"submissions/{folder}/: {count} submission(s) not copied: they may get any of several "
                f"verdicts ({_SEVERAL_VERDICTS[folder]}), and Assay's verify expects one per folder"
            )
            continue
        if ours is None:
            source.warn(
                f"submissions/{folder}/: no matching Assay verdict folder ({', '.join(EXPECTED_VERDICTS)}); not copied"
            )
            continue
        files = source.under(f"submissions/{folder}")
        programs: dict[str, list[str]] = {}
        for rel in files:
            programs.setdefault(rel.split("/", 1)[0], []).append(rel)
        for program, rels in sorted(programs.items()):
            inner = [r.split("/", 1)[1] if "/" in r else r for r in rels]
            language = detect(inner)
            copied = {rel: files[rel] for rel in rels}
            if language is not None and language.name == "python3" and ours != "compile_error":
                broken = _not_python3(copied)
                if broken:
                    source.warn(
                        f"submissions/{folder}/{program}: not Python 3 ({broken}; a Python 2 program?); "
                        f"not copied: Assay runs Python 3 only"
                    )
                    continue
            if language is not None and language.name == "java":
                copied = _java_main(source, f"submissions/{folder}/{program}", program, copied)
            base = f"submissions/{ours}/"
            taken = any(
                p == base + top or p.startswith(f"{base}{top}/")
                for top in {rel.split("/", 1)[0] for rel in copied}
                for p in out
            )
            prefix = f"{folder}-" if taken else ""  # e.g. DOMjudge's no_output/ beside wrong_answer/
            for rel, data in copied.items():
                out[base + prefix + rel] = data
            accepted = accepted or ours == "accepted"
            if language is None:
                extensions = sorted({PurePosixPath(r).suffix or r for r in inner})
                source.warn(
                    f"submissions/{folder}/{program}: language ({', '.join(extensions)}) not supported by "
                    f"Assay's sandbox; 'assay problems verify' will skip it"
                )
    for rel in everything:
        if "/" not in rel and rel != "submissions.yaml":
            source.warn(f"submissions/{rel}: not inside a verdict folder; not copied")
    if "submissions.yaml" in everything:
        source.warn("submissions/submissions.yaml: submission requirements not converted")
    if not accepted:
        source.warn("submissions/accepted/: no accepted reference submission (Kattis requires one)")
    return out


def _not_python3(files: dict[str, bytes]) -> str:
    """Why these .py files are not Python 3 ("" when they parse): Kattis packages hold Python 2
    programs with the same extension. Parsed only, never run."""
    for rel, data in sorted(files.items()):
        if not rel.endswith(".py"):
            continue
        try:
            ast.parse(data, filename=rel)
        except SyntaxError as exc:
            return f"{rel.rsplit('/', 1)[-1]} line {exc.lineno}: {exc.msg}"
        except ValueError as exc:  # NUL bytes
            return f"{rel.rsplit('/', 1)[-1]}: {exc}"
    return ""


def _java_main(source: KattisSource, where: str, program: str, files: dict[str, bytes]) -> dict[str, bytes]:
    """Kattis and DOMjudge run a Java submission's class that has main(); Assay runs class Main. A
    submission whose main class has another name gets a Main.java that calls it (and a single file
    is named after its class, as javac wants); it is not otherwise changed."""
    mains = []
    for rel, data in files.items():
        text = data.decode("utf-8", "replace")
        found = _JAVA_MAIN.search(text)
        if rel.endswith(".java") and found:
            classes = [m.group(1) for m in _JAVA_CLASS.finditer(text, 0, found.start())]
            mains.append((rel, text, classes[-1] if classes else None))
    if len(mains) != 1 or mains[0][2] in (None, "Main"):
        return files
    rel, text, name = mains[0]
    if re.search(r"^\s*package\s", text, re.MULTILINE):
        source.warn(f"{where}: a Java class in a package; Assay runs class Main of the default package")
        return files
    if any(r.rsplit("/", 1)[-1] == "Main.java" for r in files):
        return files
    folder = program if "/" in rel else PurePosixPath(program).stem
    result = {f"{folder}/{r.split('/', 1)[1]}": d for r, d in files.items()} if "/" in rel else {
        f"{folder}/{name}.java": files[rel]
    }
    result[f"{folder}/Main.java"] = (
        f"// Added by assay problems import-kattis: Assay runs class Main; this submission's main class "
        f"is {name}.\npublic class Main {{\n    public static void main(String[] args) throws Exception "
        f"{{\n        {name}.main(args);\n    }}\n}}\n"
    ).encode()
    source.warn(f"{where}: Java main class {name}; Main.java calling {name}.main added (Assay runs class Main)")
    return result
