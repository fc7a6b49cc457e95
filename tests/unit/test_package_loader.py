"""problemformat/archive.py and package_loader.py: reading folders and archives safely, and validating every
problem at once."""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from problemformat.archive import MAX_FILES
from problemformat.manifest import TokenGrader
from problemformat.package_loader import (
    PackageError,
    PackageProblem,
    content_hash,
    load_package,
    natural_key,
)

MANIFEST = """\
schema: 1
slug: two-sum
title: Two Sum
languages: [python3, c]
limits: {time_limit_s: 1, memory_limit_mib: 256}
grader: {kind: token, case_sensitive: false}
scoring:
  groups:
    - {name: small, points: 40}
    - {name: large, points: 60, require_pass: [small]}
"""

BASE: dict[str, bytes] = {
    "problem.yaml": MANIFEST.encode(),
    "statement.md": "# Two Sum\n\nFind two numbers — any two.\n".encode(),
    "tests/sample/1.in": b"2 3\n1 2\n",
    "tests/sample/1.ans": b"1 2\n",
    "tests/secret/small/1.in": b"1\n",
    "tests/secret/small/1.ans": b"1\n",
    "tests/secret/small/10.in": b"10\n",
    "tests/secret/small/10.ans": b"10\n",
    "tests/secret/small/2.in": b"2\n",
    "tests/secret/small/2.ans": b"2\n",
    "tests/secret/large/big.in": b"big\n",
    "tests/secret/large/big.ans": b"big\n",
    "templates/python3/main.py": b"# your code\n",
    "submissions/accepted/sol.py": b"print(1)\n",
    "submissions/accepted/multi/main.c": b"int main(void) { return 0; }\n",
    "submissions/accepted/multi/util.h": b"\n",
    "submissions/wrong_answer/wa.cob": b"       STOP RUN.\n",
    "submissions/partial/half.py": b"print(0)\n",
    "submissions.yaml": b"partial/half.py: {score: 40, verdict: partial}\n",
}


def write(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def zip_bytes(files: dict[str, bytes], prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel, data in files.items():
            archive.writestr(prefix + rel, data)
    return buffer.getvalue()


def tar_bytes(files: dict[str, bytes], prefix: str = "", extra: list[tarfile.TarInfo] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for rel, data in files.items():
            info = tarfile.TarInfo(prefix + rel)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in extra or []:
            archive.addfile(info)
    return buffer.getvalue()


def problems_of(source: Path | bytes, filename: str | None = None) -> list[PackageProblem]:
    with pytest.raises(PackageError) as caught:
        load_package(source, filename=filename)
    return caught.value.problems


def refused(tmp_path: Path, changes: dict[str, bytes | None]) -> list[PackageProblem]:
    files = {**BASE}
    for rel, data in changes.items():
        if data is None:
            files.pop(rel, None)
        else:
            files[rel] = data
    return problems_of(write(tmp_path / "pkg", files))


def P(file: str, field: str, reason: str) -> PackageProblem:
    return PackageProblem(file, field, reason)


# -- a valid package -----------------------------------------------------------------------------


def test_valid_package_from_folder(tmp_path):
    package = load_package(write(tmp_path / "pkg", BASE))
    assert package.slug == "two-sum"
    assert package.manifest.grader == TokenGrader(case_sensitive=False)
    assert package.statement.startswith("# Two Sum")
    assert package.files == dict(sorted(BASE.items()))
    assert package.content_hash == content_hash(BASE)
    assert [(t.group, t.name, t.sample) for t in package.samples] == [("sample", "1", True)]
    assert list(package.groups) == ["small", "large"]
    assert [t.name for t in package.groups["small"]] == ["1", "2", "10"]  # natural order
    assert package.groups["small"][2].input == b"10\n" and package.groups["small"][2].answer == b"10\n"
    assert [t.name for t in package.groups["large"]] == ["big"]
    assert package.templates == {"python3": {"main.py": b"# your code\n"}}
    subs = {s.path: s for s in package.submissions}
    assert set(subs) == {
        "submissions/accepted/sol.py",
        "submissions/accepted/multi",
        "submissions/partial/half.py",
        "submissions/wrong_answer/wa.cob",
    }
    assert subs["submissions/accepted/sol.py"].language == "python3"
    assert subs["submissions/accepted/sol.py"].files == {"sol.py": b"print(1)\n"}
    assert subs["submissions/accepted/multi"].language == "c"
    assert set(subs["submissions/accepted/multi"].files) == {"main.c", "util.h"}
    assert subs["submissions/wrong_answer/wa.cob"].language is None  # verify reports it skipped
    assert subs["submissions/partial/half.py"].expected == "partial"
    assert subs["submissions/partial/half.py"].expected_score == 40
    assert subs["submissions/accepted/sol.py"].expected_score is None


def test_folder_zip_and_targz_give_the_same_content_hash(tmp_path):
    folder = load_package(write(tmp_path / "pkg", BASE))
    from_zip = load_package(zip_bytes(BASE), filename="two-sum.zip")
    from_tar = load_package(tar_bytes(BASE), filename="two-sum.tar.gz")
    (tmp_path / "two-sum.zip").write_bytes(zip_bytes(BASE, prefix="two-sum/"))  # one top-level folder
    (tmp_path / "two-sum.tar.gz").write_bytes(tar_bytes(BASE, prefix="./two-sum/"))
    wrapped_zip = load_package(tmp_path / "two-sum.zip")
    wrapped_tar = load_package(str(tmp_path / "two-sum.tar.gz"))
    hashes = {p.content_hash for p in (folder, from_zip, from_tar, wrapped_zip, wrapped_tar)}
    assert hashes == {folder.content_hash}
    assert from_tar.files == folder.files == wrapped_zip.files


def test_litter_is_ignored(tmp_path):
    litter = {
        "__pycache__/x.cpython-311.pyc": b"\0",
        "grader/__pycache__/y.pyc": b"\0",
        ".DS_Store": b"\0",
        "tests/.DS_Store": b"\0",
        ".git/HEAD": b"ref: refs/heads/main\n",
        "__MACOSX/._problem.yaml": b"\0",
    }
    folder = load_package(write(tmp_path / "pkg", {**BASE, **litter}))
    archive = load_package(zip_bytes({**BASE, **litter}), filename="p.zip")
    assert folder.content_hash == archive.content_hash == content_hash(BASE)


def test_samples_are_optional(tmp_path):
    package = load_package(write(tmp_path / "pkg", {k: v for k, v in BASE.items() if "sample" not in k}))
    assert package.samples == []


def test_interactive_and_unittest_answers_may_be_absent(tmp_path):
    files = {k: v for k, v in BASE.items() if not k.endswith(".ans")}
    files["problem.yaml"] = MANIFEST.replace(
        "grader: {kind: token, case_sensitive: false}",
        "grader: {kind: interactive, program: grader/interactor.py}",
    ).encode()
    files["grader/interactor.py"] = b"import sys\nsys.exit(42)\n"
    package = load_package(write(tmp_path / "interactive", files))
    assert package.groups["small"][0].answer == b""
    assert package.samples[0].answer == b""

    unit = {k: v for k, v in BASE.items() if not k.startswith("tests/")}
    unit["problem.yaml"] = MANIFEST.replace(
        "grader: {kind: token, case_sensitive: false}",
        "grader: {kind: unittest, tests: [{test: test_sum.py::test_small, points: 2}]}",
    ).encode()
    unit["grader/test_sum.py"] = b"def test_small():\n    pass\n"
    package = load_package(write(tmp_path / "unittest", unit))
    assert package.groups == {"small": [], "large": []}


def test_natural_key():
    names = ["10", "2", "1", "a10", "a9", "B1"]
    assert sorted(names, key=natural_key) == ["1", "2", "10", "a9", "a10", "B1"]


# -- refusals, one by one: exact file, field and reason ------------------------------------------


def test_missing_problem_yaml(tmp_path):
    assert refused(tmp_path, {"problem.yaml": None}) == [
        P("problem.yaml", "", "missing: a package needs problem.yaml at its root")
    ]


def test_problem_yaml_not_yaml(tmp_path):
    assert refused(tmp_path, {"problem.yaml": b"schema: 1\nslug: [two-sum\n"}) == [
        P(
            "problem.yaml",
            "",
            "not valid YAML: expected ',' or ']', but got '<stream end>' at line 3, column 1",
        )
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"- schema\n- slug\n", "must be a mapping of keys to values, not a list"),
        (b"just text\n", "must be a mapping of keys to values, not a string"),
        (b"", "is empty: it must be a mapping (schema, slug, title, ...)"),
    ],
)
def test_problem_yaml_not_a_mapping(tmp_path, content, reason):
    assert refused(tmp_path, {"problem.yaml": content}) == [P("problem.yaml", "", reason)]


def test_manifest_errors_map_to_fields(tmp_path):
    manifest = MANIFEST.replace("slug: two-sum", "slug: Two Sum").replace(
        "time_limit_s: 1", "time_limit_s: 99"
    )
    manifest += "colour: blue\n"
    assert refused(tmp_path, {"problem.yaml": manifest.encode()}) == [
        P("problem.yaml", "slug", "slug must be 3-64 characters of lowercase letters, digits and '-'"),
        P("problem.yaml", "limits.time_limit_s", "Input should be less than or equal to 30"),
        P("problem.yaml", "colour", "Extra inputs are not permitted"),
    ]


def test_manifest_errors_inside_the_grader_and_groups(tmp_path):
    manifest = MANIFEST.replace(
        "grader: {kind: token, case_sensitive: false}", "grader: {kind: float, abs_tol: -1, tolerance: 2}"
    ).replace("require_pass: [small]", "require_pass: [huge]")
    assert refused(tmp_path, {"problem.yaml": manifest.encode()}) == [
        P("problem.yaml", "grader.abs_tol", "Input should be greater than or equal to 0"),
        P("problem.yaml", "grader.tolerance", "Extra inputs are not permitted"),
        P("problem.yaml", "scoring", "group 'large' requires unknown group 'huge'"),
    ]


def test_grader_program_must_exist(tmp_path):
    manifest = MANIFEST.replace(
        "grader: {kind: token, case_sensitive: false}", "grader: {kind: checker, program: grader/check.py}"
    )
    assert refused(tmp_path, {"problem.yaml": manifest.encode()}) == [
        P("problem.yaml", "grader.program", "grader/check.py does not exist in the package")
    ]
    escaping = MANIFEST.replace(
        "grader: {kind: token, case_sensitive: false}",
        "grader: {kind: interactive, program: ../../etc/passwd}",
    )
    assert refused(tmp_path / "b", {"problem.yaml": escaping.encode()}) == [
        P("problem.yaml", "grader.program", "'../../etc/passwd' must be a relative path inside the package")
    ]


def test_languages_must_be_supported(tmp_path):
    manifest = MANIFEST.replace("languages: [python3, c]", "languages: [python3, cobol]")
    (problem,) = refused(tmp_path, {"problem.yaml": manifest.encode()})
    assert (problem.file, problem.field) == ("problem.yaml", "languages.1")
    assert problem.reason.startswith("language 'cobol' is not supported by the sandbox; supported: ")
    assert "python3" in problem.reason


def test_group_tests_folder_must_exist(tmp_path):
    files = {k: None for k in BASE if k.startswith("tests/secret/large/")}
    assert refused(tmp_path, files) == [
        P(
            "problem.yaml",
            "scoring.groups.1",
            "group 'large': tests folder tests/secret/large/ does not exist",
        )
    ]


def test_group_path_must_hold_in_files(tmp_path):
    manifest = MANIFEST.replace("{name: large, points: 60,", "{name: large, points: 60, path: tests/big,")
    problems = refused(tmp_path, {"problem.yaml": manifest.encode(), "tests/big/README.txt": b"soon\n"})
    assert problems == [
        P("problem.yaml", "scoring.groups.1.path", "group 'large': tests folder tests/big/ has no .in files")
    ]


def test_in_and_ans_must_pair_up(tmp_path):
    problems = refused(
        tmp_path,
        {"tests/secret/small/2.ans": None, "tests/sample/1.in": None, "tests/secret/large/extra.ans": b"x\n"},
    )
    assert problems == [
        P("tests/sample/1.ans", "", "has no matching .in file (tests/sample/1.in)"),
        P("tests/secret/small/2.in", "", "has no matching .ans file (tests/secret/small/2.ans)"),
        P("tests/secret/large/extra.ans", "", "has no matching .in file (tests/secret/large/extra.in)"),
    ]


def test_statement_is_required(tmp_path):
    assert refused(tmp_path, {"statement.md": None}) == [
        P("statement.md", "", "missing: a package needs statement.md (Markdown shown to candidates)")
    ]


def test_text_files_must_be_utf8(tmp_path):
    problems = refused(
        tmp_path,
        {"statement.md": "Café".encode("latin-1"), "grader/notes.yaml": b"a: \xff\n"},
    )
    assert problems == [
        P("grader/notes.yaml", "", "not UTF-8 text: invalid byte 0xff at offset 3"),
        P("statement.md", "", "not UTF-8 text: invalid byte 0xe9 at offset 3"),
    ]


def test_submission_folders_are_verdicts(tmp_path):
    problems = refused(
        tmp_path,
        {"submissions/almost/try.py": b"", "submissions/almost/again.py": b"", "submissions/loose.py": b""},
    )
    assert problems == [
        P(
            "submissions/almost",
            "",
            "'almost' is not a verdict folder; use one of: accepted, wrong_answer, "
            "time_limit_exceeded, run_time_error, memory_limit_exceeded, compile_error, partial",
        ),
        P(
            "submissions/loose.py",
            "",
            "reference submissions go in a verdict folder, e.g. submissions/accepted/loose.py",
        ),
    ]


def test_submissions_yaml_is_checked(tmp_path):
    expectations = b"partial/half.py: {score: 400, verdict: accepted}\nnope.py: {score: 1}\n"
    assert refused(tmp_path, {"submissions.yaml": expectations}) == [
        P(
            "submissions.yaml",
            "partial/half.py.verdict",
            "'accepted' contradicts its folder submissions/partial/",
        ),
        P("submissions.yaml", "partial/half.py.score", "400 is outside 0..100 (the problem's points)"),
        P("submissions.yaml", "nope.py", "no reference submission submissions/nope.py in the package"),
    ]


def test_template_languages_must_be_supported(tmp_path):
    problems = refused(tmp_path, {"templates/cobol/main.cob": b"", "templates/README.md": b"hi\n"})
    assert [(p.file, p.field) for p in problems] == [("templates/README.md", ""), ("templates/cobol", "")]
    assert problems[0].reason == "templates go in a language folder, e.g. templates/python3/README.md"
    assert problems[1].reason.startswith("language 'cobol' is not supported by the sandbox")


def test_every_problem_is_listed_at_once(tmp_path):
    manifest = MANIFEST.replace("languages: [python3, c]", "languages: [python3, cobol]")
    changes = {
        "problem.yaml": manifest.encode(),
        "statement.md": None,
        "tests/secret/small/1.ans": None,
        "submissions/almost/try.py": b"",
    }
    with pytest.raises(PackageError) as caught:
        load_package(
            write(
                tmp_path / "pkg",
                {
                    **{k: v for k, v in BASE.items() if k not in changes},
                    **{k: v for k, v in changes.items() if v is not None},
                },
            )
        )
    problems = caught.value.problems
    assert [(p.file, p.field) for p in problems] == [
        ("statement.md", ""),
        ("problem.yaml", "languages.1"),
        ("tests/secret/small/1.in", ""),
        ("submissions/almost", ""),
    ]
    lines = str(caught.value).splitlines()
    assert lines[0] == "statement.md: missing: a package needs statement.md (Markdown shown to candidates)"
    assert lines[1].startswith("problem.yaml: languages.1: language 'cobol' is not supported")
    assert lines[2] == "tests/secret/small/1.in: has no matching .ans file (tests/secret/small/1.ans)"
    assert len(lines) == 4


# -- paths escaping the package -----------------------------------------------------------------


def test_folder_symlink_out_of_the_package_is_refused(tmp_path):
    root = write(tmp_path / "pkg", BASE)
    (tmp_path / "secret.txt").write_text("host secret\n")
    os.symlink(tmp_path / "secret.txt", root / "grader-data.txt")
    os.symlink("/etc", root / "etc")
    os.symlink("statement.md", root / "statement-copy.md")  # inside: fine
    problems = problems_of(root)
    assert problems == [
        P("etc", "", "symbolic link points outside the package"),
        P("grader-data.txt", "", "symbolic link points outside the package"),
    ]


def test_folder_symlink_inside_is_read(tmp_path):
    root = write(tmp_path / "pkg", BASE)
    os.symlink("statement.md", root / "statement-copy.md")
    package = load_package(root)
    assert package.files["statement-copy.md"] == BASE["statement.md"]


def test_zip_member_names_escaping_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for rel, data in BASE.items():
            archive.writestr(rel, data)
        archive.writestr("../evil.py", b"x")
        archive.writestr("/etc/cron.d/evil", b"x")
        archive.writestr("tests/../../up.txt", b"x")
        link = zipfile.ZipInfo("grader/link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        fifo = zipfile.ZipInfo("grader/fifo")
        fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
        archive.writestr(fifo, b"")
    assert problems_of(buffer.getvalue(), "evil.zip") == [
        P("../evil.py", "", "path with '..' escapes the package"),
        P("/etc/cron.d/evil", "", "absolute path escapes the package"),
        P("tests/../../up.txt", "", "path with '..' escapes the package"),
        P("grader/link", "", "symbolic link: links are not allowed in archives"),
        P("grader/fifo", "", "not a regular file (device, pipe or socket)"),
    ]


def test_tar_links_devices_and_escapes_are_refused():
    symlink = tarfile.TarInfo("grader/passwd")
    symlink.type, symlink.linkname = tarfile.SYMTYPE, "/etc/passwd"
    hardlink = tarfile.TarInfo("grader/hard")
    hardlink.type, hardlink.linkname = tarfile.LNKTYPE, "statement.md"
    device = tarfile.TarInfo("grader/null")
    device.type, device.devmajor, device.devminor = tarfile.CHRTYPE, 1, 3
    escape = tarfile.TarInfo("../../tmp/evil")
    absolute = tarfile.TarInfo("/tmp/evil")
    data = tar_bytes(BASE, extra=[symlink, hardlink, device, escape, absolute])
    assert problems_of(data, "evil.tar.gz") == [
        P("grader/passwd", "", "symbolic link: links are not allowed in archives"),
        P("grader/hard", "", "hard link: links are not allowed in archives"),
        P("grader/null", "", "not a regular file (device, pipe or socket)"),
        P("../../tmp/evil", "", "path with '..' escapes the package"),
        P("/tmp/evil", "", "absolute path escapes the package"),
    ]


def test_not_an_archive():
    assert problems_of(b"hello world", "notes.txt") == [
        P("notes.txt", "", "not a folder, .zip or .tar.gz archive")
    ]
    assert problems_of(b"PK\x03\x04garbage", None) == [
        P("upload", "", "not a readable .zip archive: File is not a zip file")
    ]


def test_missing_path(tmp_path):
    assert problems_of(tmp_path / "nope") == [P(str(tmp_path / "nope"), "", "no such file or folder")]


# -- bombs: refused quickly, before memory fills up ---------------------------------------------


def _patch_zip_sizes(data: bytes, declared: int) -> bytes:
    """Make the first member's local and central headers declare ``declared`` unpacked bytes."""
    patched = bytearray(data)
    assert patched[:4] == b"PK\x03\x04"
    patched[22:26] = declared.to_bytes(4, "little")
    central = patched.index(b"PK\x01\x02")
    patched[central + 24 : central + 28] = declared.to_bytes(4, "little")
    return bytes(patched)


@pytest.fixture
def unpacked(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the bytes the loader gets out of zip members and gzip streams: what a bomb test bounds
    (the work done), instead of the time it takes, which depends on the machine."""
    counted = {"bytes": 0}
    zip_read, gzip_read = zipfile.ZipExtFile.read, gzip.GzipFile.read

    def counting_zip_read(self: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
        data = zip_read(self, n)
        counted["bytes"] += len(data)
        return data

    def counting_gzip_read(self: gzip.GzipFile, size: int | None = -1) -> bytes:
        data = gzip_read(self, size)
        counted["bytes"] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_zip_read)
    monkeypatch.setattr(gzip.GzipFile, "read", counting_gzip_read)
    return counted


def test_zip_bomb_with_lying_sizes_is_refused_quickly(unpacked):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "tests/secret/large/bomb.in", b"\0" * (100 * 1024 * 1024)
        )  # 100 MiB of zeros, packed small
        for rel, data in BASE.items():
            archive.writestr(rel, data)
    bomb = _patch_zip_sizes(buffer.getvalue(), declared=1000)
    assert len(bomb) < 1024 * 1024
    problems = problems_of(bomb, "bomb.zip")
    assert unpacked["bytes"] < 1 << 20  # not the 100 MiB the member really holds
    (problem,) = problems
    assert problem.file == "tests/secret/large/bomb.in"
    assert problem.reason.startswith(
        "corrupt archive member (its data does not match its declared size or checksum"
    )


def test_zip_member_declared_too_big_is_refused_before_reading(unpacked):
    data = zip_bytes({**BASE, "tests/secret/large/huge.in": b"\0" * (40 * 1024 * 1024)})
    assert problems_of(data, "big.zip") == [
        P("tests/secret/large/huge.in", "", "is 40 MiB, more than the 32 MiB allowed per file")
    ]
    assert unpacked["bytes"] < 64 << 10  # the small members at most, none of the 40 MiB


def test_zip_total_declared_too_big_is_refused():
    chunk = b"\0" * (30 * 1024 * 1024)
    data = zip_bytes({**BASE, "a.in": chunk, "b.in": chunk, "c.in": chunk})
    assert problems_of(data, "big.zip") == [
        P("big.zip", "", "unpacks to 90 MiB, more than the 64 MiB allowed")
    ]


def test_zip_with_too_many_files_is_refused_quickly(unpacked):
    files = {f"tests/secret/small/{i}.in": b"" for i in range(MAX_FILES + 1)}
    data = zip_bytes(files)
    assert problems_of(data, "many.zip") == [P("many.zip", "", "too many files: 2001, more than 2000")]
    assert unpacked["bytes"] == 0  # refused from the central directory, before any member is read


def test_tar_bomb_is_refused_quickly(unpacked):
    data = tar_bytes({**BASE, "tests/secret/large/huge.in": b"\0" * (40 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    assert problems_of(data, "bomb.tar.gz") == [
        P("tests/secret/large/huge.in", "", "is 40 MiB, more than the 32 MiB allowed per file")
    ]
    assert unpacked["bytes"] < 1 << 20  # refused at the member's header, not after its 40 MiB


def test_tar_with_too_many_files_is_refused():
    data = tar_bytes({f"t/{i}.in": b"" for i in range(MAX_FILES + 1)})
    assert problems_of(data, "many.tar.gz") == [P("many.tar.gz", "", "too many files: more than 2000")]


def test_folder_with_too_many_files_is_refused(tmp_path):
    root = write(tmp_path / "pkg", BASE)
    extra = root / "tests" / "secret" / "small"
    for i in range(MAX_FILES):
        (extra / f"x{i}.txt").write_bytes(b"")
    (problem,) = problems_of(root)
    assert problem.reason == "too many files: more than 2000"


def test_gzip_stream_is_capped_even_when_headers_lie(unpacked):
    """A pax header of 80 MiB would be read whole by tarfile: the capped stream stops it."""
    huge = tarfile.TarInfo("x")
    huge.pax_headers = {"comment": "a" * (80 * 1024 * 1024)}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=1) as archive:
        archive.addfile(huge, io.BytesIO(b""))
    (problem,) = problems_of(buffer.getvalue(), "pax.tar.gz")
    assert problem == P("pax.tar.gz", "", "unpacks to more than the 64 MiB allowed")
    assert unpacked["bytes"] < 75 << 20  # the cap and one read past it; tarfile alone reads all 80 MiB


def test_corrupt_member_data_is_refused():
    data = bytearray(zip_bytes({**BASE}))
    # Flip bytes inside the first member's compressed data (after its 30-byte header and name).
    name_length = int.from_bytes(data[26:28], "little")
    start = 30 + name_length
    data[start : start + 4] = b"\xff\xff\xff\xff"
    (problem,) = problems_of(bytes(data), "broken.zip")
    assert problem.file == "problem.yaml"
    assert problem.reason.startswith("corrupt archive member")


def test_content_hash_depends_on_paths_and_bytes():
    assert content_hash({"a": b"bc"}) != content_hash({"ab": b"c"})
    assert content_hash({"a": b"1", "b": b"2"}) == content_hash({"b": b"2", "a": b"1"})
