"""One language table (sandbox/languages/<x>.py) read by everything; Rust added as one module plus one
Dockerfile; the sandbox's public API is `sandbox` itself, and api/ and graders/ import nothing deeper."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sandbox
from api.mail.render import languages_text
from api.similarity import lexer_for, tokenize
from graders.checker import checker_language, checker_sources
from graders.interactive import interactor_language
from problemformat.kattis.importer import import_kattis
from problemformat.package_loader import build_package
from sandbox import all_languages, companion, detect, get_language, is_header, lookup

ROOT = Path(__file__).resolve().parents[2]
RUST_ADD = ("use std::io::Read;\nmod parse;\nfn main() { let mut s = String::new();"
            " std::io::stdin().read_to_string(&mut s).unwrap(); let v = parse::numbers(&s);"
            " println!(\"{}\", v[0] + v[1]); }\n")
RUST_PARSE = ("pub fn numbers(s: &str) -> Vec<i64> {"
              " s.split_whitespace().map(|x| x.parse().unwrap()).collect() }\n")


# ------------------------------------------------------------------------------ the table


def test_detect_by_extension():
    assert detect(["main.py"]).name == "python3"
    assert detect(["sol/main.c", "sol/util.h"]).name == "c"  # headers do not count
    assert detect(["a.cc", "b.hpp"]).name == "cpp" and detect(["A.CXX"]).name == "cpp"
    assert detect(["Main.java"]).name == "java" and detect(["main.go"]).name == "go"
    assert detect(["main.js"]).name == "javascript"
    assert detect(["main.rs", "parse.rs", "notes.txt"]).name == "rust"
    assert detect(["a.c", "b.cpp"]) is None  # mixed
    assert detect(["util.h"]) is None and detect(["add.cob"]) is None and detect(["Makefile"]) is None
    assert detect([]) is None


def test_the_on_demand_languages():
    """Fourteen more languages, from Debian bookworm's packages, their images built when first needed.
    Kattis names Prolog files .pl, so Perl keeps Kattis' other extension, .pm."""
    extensions = {"ruby": ".rb", "php": ".php", "csharp": ".cs", "kotlin": ".kt", "haskell": ".hs",
                  "ocaml": ".ml", "scala": ".scala", "lisp": ".lisp", "prolog": ".pl", "typescript": ".ts",
                  "pascal": ".pas", "lua": ".lua", "perl": ".pm", "bash": ".sh"}
    for name, extension in extensions.items():
        assert detect([f"sol{extension}"]).name == name
        assert get_language(name).on_demand
    assert detect(["different.pl", "kattio.pl"]).name == "prolog" and detect(["x.cl"]).name == "lisp"
    assert lookup("C#").name == "csharp" and lookup("Common Lisp").name == "lisp" and lookup("ghc").name == "haskell"
    assert {n for n, language in all_languages().items() if not language.on_demand} >= {
        "python3", "c", "cpp", "java", "javascript", "go", "rust"}
    assert get_language("kotlin").compile_time_limit_s > 30  # kotlinc, scalac and GHC are slow to start


def test_lookup_names_and_aliases():
    assert lookup("python3").name == lookup("Python").name == "python3"
    assert lookup("c++").name == "cpp" and lookup("nodejs").name == "javascript"
    assert lookup("rust").name == "rust" and lookup("RUST").name == "rust"
    assert lookup("cobol") is None
    with pytest.raises(sandbox.UnknownLanguageError):
        get_language("Python")  # what clients send is strict


def test_headers_and_companions():
    assert is_header("testlib.h") and is_header("x.HPP") and not is_header("main.c")
    python, c, rust = get_language("python3"), get_language("c"), get_language("rust")
    assert companion(python, "util.py") and companion(python, "testlib.h")
    assert companion(c, "testlib.h") and not companion(c, "other.c")
    assert not companion(rust, "parse.rs")  # rustc finds modules itself (`mod parse;`)


@pytest.mark.parametrize("name", sorted(all_languages()))
def test_every_language_is_complete(name):
    from pygments.lexers import get_lexer_by_name

    from sandbox.images import dockerfile as image_recipe

    language = get_language(name)
    dockerfile = image_recipe(language)  # the template with the language's toolchain
    assert "ARG BASE=" in dockerfile and "FROM ${BASE}" in dockerfile, "the base image is a build argument"
    assert "COPY agent.py" in dockerfile and "10001" in dockerfile
    assert language.extensions and all(e.startswith(".") and e == e.lower() for e in language.extensions)
    assert Path(language.source_name).suffix in language.extensions
    assert not set(language.extensions) & set(language.header_extensions)
    assert get_lexer_by_name(language.lexer_name)
    assert language.title and language.display_name
    re.compile(language.main_pattern)


def test_source_extensions_are_unique():
    claimed: dict[str, str] = {}
    for language in all_languages().values():
        for extension in language.extensions:
            assert claimed.setdefault(extension, language.name) == language.name, extension


# ------------------------------------------------------------------------------ its readers


def test_readers_use_the_table():
    assert checker_language("grader/check.rs").name == "rust"
    assert interactor_language("grader/interact.rs").name == "rust"
    assert checker_language("grader/testlib.h") is None
    files = {"grader/check.rs": b"fn main() {}", "grader/util.rs": b"", "grader/testlib.h": b""}
    assert checker_sources(files, "grader/check.rs", get_language("rust")) == {"main.rs": b"fn main() {}",
                                                                            "testlib.h": b""}
    assert languages_text(["python3", "cpp", "rust"]) == "Python 3, C++ or Rust"
    assert lexer_for("rust").name == "Rust" and lexer_for("python").name == lexer_for("python3").name
    kinds = [t.kind for t in tokenize("rust", {"main.rs": "fn main() { let x = 1; }"})]
    assert kinds == ["fn", "N", "(", ")", "{", "let", "N", "=", "0", ";", "}"]


def test_package_with_rust_template_and_reference_submission():
    files = {
        "problem.yaml": b"schema: 1\nslug: add\ntitle: Add\ngrader: {kind: token}\n"
                        b"scoring: {groups: [{name: main, points: 100}]}\n",
        "statement.md": b"# Add\n",
        "tests/secret/main/1.in": b"1 2\n",
        "tests/secret/main/1.ans": b"3\n",
        "templates/rust/main.rs": b"fn main() {}\n",
        "submissions/accepted/add.rs": RUST_ADD.encode(),
        "submissions/accepted/modules/main.rs": RUST_ADD.encode(),
        "submissions/accepted/modules/parse.rs": RUST_PARSE.encode(),
    }
    package = build_package(files)
    assert set(package.templates) == {"rust"}
    assert [(s.path, s.language) for s in package.submissions] == [
        ("submissions/accepted/add.rs", "rust"), ("submissions/accepted/modules", "rust")]


def test_kattis_language_codes(tmp_path):
    src = tmp_path / "src" / "echo"
    for rel, data in {
        "problem.yaml": "name: Echo\nlanguages: rust c++ nodejs Python cobol\n",
        "problem_statement/problem.en.md": "Print the input.\n",
        "data/sample/1.in": "a\n", "data/sample/1.ans": "a\n",
        "data/secret/1.in": "b\n", "data/secret/1.ans": "b\n",
        "submissions/accepted/echo.rs": "fn main() { let mut s = String::new();"
                                        " std::io::stdin().read_line(&mut s).unwrap(); print!(\"{}\", s); }\n",
    }.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(data)
    report = import_kattis(src, tmp_path / "out")
    manifest = (tmp_path / "out" / "problem.yaml").read_text()
    assert "- rust\n- cpp\n- javascript\n- python3\n" in manifest
    assert any("'cobol'" in w for w in report.warnings)
    assert not any("echo.rs" in w for w in report.warnings)  # a supported language: verify will run it


# ------------------------------------------------------------------------------ adding a language


@pytest.mark.parametrize("name", ["rust", *sorted(n for n, lang in all_languages().items() if lang.on_demand)])
def test_a_language_is_one_module_and_one_dockerfile(name):
    """No code outside sandbox/languages/<name>.py and sandbox/images/<name>/ knows the language by name
    or extension: every other place reads the language table."""
    language = get_language(name)
    words = "|".join(re.escape(w) for w in (name, *language.extensions))
    mentions = []
    for folder in ("api", "graders", "sandbox", "problemformat"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / f"sandbox/languages/{name}.py" or path.name.startswith("unittest_"):
                continue  # (a unit-test framework names the languages whose submissions it grades)
            # (a Dockerfile's CMD ["bash"] is not the language)
            if re.search(rf"""(?<!\[)["']({words})["'](?!\])""", path.read_text(encoding="utf-8")):
                mentions.append(str(path.relative_to(ROOT)))
    assert not mentions
    assert sorted(p.name for p in (ROOT / "sandbox/images" / name).iterdir()) == ["Dockerfile"]


# ------------------------------------------------------------------------------ the public API


def test_public_api_resolves():
    for name in sandbox.__all__:
        assert getattr(sandbox, name) is not None, name
    assert sandbox.Verdict.CE.value == "CE" and sandbox.Sandbox.__module__ == "sandbox.runner"
    with pytest.raises(AttributeError):
        sandbox.no_such_name  # noqa: B018


def test_languages_do_not_import_docker():
    code = ("import sys, sandbox; from sandbox import detect, lookup; detect(['a.py']); lookup('rust');"
            " import api.similarity; assert 'docker' not in sys.modules, 'docker imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_api_and_graders_import_only_the_public_sandbox():
    deep = []
    for folder in ("api", "graders"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module else
                         [a.name for a in node.names] if isinstance(node, ast.Import) else [])
                deep += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n.startswith("sandbox.")]
    assert not deep


# ------------------------------------------------------------------------------ Rust in the sandbox
