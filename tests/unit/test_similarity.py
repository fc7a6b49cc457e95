"""Similarity detection: disguised copies are flagged, independent solutions are not; starter code
does not count; the service finds flagged pairs among final submissions of one problem version.

The test set is tests/fixtures/similarity/<problem>/: independent solutions and their disguised
copies (``*_copy.*``), plus a mechanical copy of every independent Python solution (every identifier
renamed through the AST and re-printed, so comments, layout and quoting change too).
"""

from __future__ import annotations

import ast
import builtins
import itertools
from pathlib import Path

import pytest

from api import similarity

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "similarity"
LANGUAGES = {".py": ("python3", "main.py"), ".cpp": ("cpp", "main.cpp")}
THRESHOLD = similarity.DEFAULT_THRESHOLD


class _Renamer(ast.NodeTransformer):
    """Renames every name the program defines (variables, functions, arguments), consistently."""

    KEEP = set(dir(builtins)) | {"sys", "heapq", "Counter", "OrderedDict", "__name__", "self"}

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _new(self, name: str) -> str:
        if name in self.KEEP or name.startswith("__"):
            return name
        return self.names.setdefault(name, f"v{len(self.names)}_{name[::-1]}x")

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = self._new(node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = self._new(node.arg)
        node.annotation = None
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.name = self._new(node.name)
        node.returns = None
        self.generic_visit(node)
        return node


def mechanical_copy(source: str) -> str:
    tree = _Renamer().visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree))


def _template(problem: str, language: str) -> dict[str, str]:
    folder = ROOT / "problems" / problem / "templates" / language
    return {p.name: p.read_text() for p in folder.iterdir()} if folder.is_dir() else {}


def test_set() -> list[tuple[str, str, str, str, str, bool]]:
    """(problem, language, name a, name b, pair kind, is a copy) for every pair compared."""
    pairs = []
    for problem_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        by_language: dict[str, dict[str, str]] = {}
        for path in sorted(problem_dir.iterdir()):
            if path.suffix in LANGUAGES:
                by_language.setdefault(LANGUAGES[path.suffix][0], {})[path.stem] = path.read_text()
        for language, sources in by_language.items():
            originals = [name for name in sources if not name.endswith("_copy")]
            if language == "python3":
                for name in originals:
                    sources[f"{name}_mech"] = mechanical_copy(sources[name])
            for a, b in itertools.combinations(sorted(sources), 2):
                base_a, base_b = (n.removesuffix("_copy").removesuffix("_mech") for n in (a, b))
                pairs.append((problem_dir.name, language, sources[a], sources[b], f"{a} ~ {b}", base_a == base_b))
    return pairs


test_set.__test__ = False  # a helper, not a test


def _score(problem: str, language: str, a: str, b: str) -> float:
    template = _template(problem, language)
    name = next(n for lang, n in LANGUAGES.values() if lang == language)
    fa = similarity.fingerprint(language, {name: a}, template)
    fb = similarity.fingerprint(language, {name: b}, template)
    return similarity.compare(fa, fb).score


def confusion() -> tuple[int, int, int, int, list[str]]:
    tp = fp = tn = fn = 0
    lines = []
    for problem, language, a, b, label, copied in test_set():
        score = _score(problem, language, a, b)
        flagged = score >= THRESHOLD
        tp += flagged and copied
        fp += flagged and not copied
        tn += not flagged and not copied
        fn += not flagged and copied
        lines.append(f"{score:.2f} {'COPY' if copied else 'indep'} {'FLAG' if flagged else '-   '} {problem} {label}")
    return tp, fp, tn, fn, lines


confusion.__test__ = False


def test_renamed_and_reformatted_copy_is_flagged() -> None:
    original = (FIXTURES / "alert-windows" / "dict_window.py").read_text()
    copy = (FIXTURES / "alert-windows" / "dict_window_copy.py").read_text()
    assert _score("alert-windows", "python3", original, copy) >= THRESHOLD
    assert _score("alert-windows", "python3", original, mechanical_copy(original)) >= THRESHOLD


def test_independent_solutions_are_not_flagged() -> None:
    a = (FIXTURES / "alert-windows" / "dict_window.py").read_text()
    b = (FIXTURES / "alert-windows" / "last_seen.py").read_text()
    assert _score("alert-windows", "python3", a, b) < THRESHOLD


def test_figures_on_the_test_set(capsys: pytest.CaptureFixture[str]) -> None:
    tp, fp, tn, fn, lines = confusion()
    with capsys.disabled():
        print(f"\nsimilarity test set at threshold {THRESHOLD}: {tp} true positives, {fn} false negatives, "
              f"{tn} true negatives, {fp} false positives")
    assert fn == 0, "\n".join(line for line in lines if "COPY -" in line)
    assert fp == 0, "\n".join(line for line in lines if "indep FLAG" in line)
    assert tp >= 10 and tn >= 10


def test_starter_code_is_not_similarity() -> None:
    """Two submissions that are the template plus a few different lines are not a pair."""
    template = _template("alert-windows", "python3")["main.py"]
    one = template.replace("    # TODO: your solution here\n    return 0",
                           "    return sum(1 for i in range(len(codes)) for j in range(i, len(codes))\n"
                           "               if len(set(codes[i:j + 1])) <= k)")
    two = template.replace("    # TODO: your solution here\n    return 0",
                           "    total = 0\n    for i in range(len(codes)):\n        seen = set()\n"
                           "        for c in codes[i:]:\n            seen.add(c)\n            if len(seen) > k:\n"
                           "                break\n            total += 1\n    return total")
    without = similarity.compare(similarity.fingerprint("python3", {"main.py": one}),
                                 similarity.fingerprint("python3", {"main.py": two}))
    assert without.score >= THRESHOLD  # the shared template alone would look like a copy...
    tpl = {"main.py": template}
    fa = similarity.fingerprint("python3", {"main.py": one}, tpl)
    fb = similarity.fingerprint("python3", {"main.py": two}, tpl)
    assert not fa.comparable or similarity.compare(fa, fb).score < THRESHOLD  # ...and is not counted
    # the untouched template is never compared
    assert not similarity.fingerprint("python3", tpl, tpl).comparable


def test_normalisation() -> None:
    a = similarity.tokenize("python3", {"a.py": "def f(x):\n    return x + 1  # one\n"})
    b = similarity.tokenize("python3", {"b.py": "def   g( y ,):\n\n    return (y+7)\n"})
    kinds_a = [t.kind for t in a]
    kinds_b = [t.kind for t in b if t.kind not in "()"] + []
    assert kinds_a == ["def", "N", "(", "N", ")", ":", "return", "N", "+", "0"]
    assert [k for k in kinds_a if k not in "()"] == kinds_b
