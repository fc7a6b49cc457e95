"""`assay run`: results as JSON, and one-line errors with exit code 2 for bad input."""

import subprocess
import sys

import pytest

ASSAY = [sys.executable, "-m", "api.cli"]


def assay(*args: str, stdin: bytes = b""):
    return subprocess.run([*ASSAY, *args], capture_output=True, input=stdin, timeout=120)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "{src}", "--language", "cobol"], "unknown language 'cobol'"),
        (["run", "/nonexistent/file.py", "--language", "python3"], "cannot read /nonexistent/file.py"),
        (["run", "{src}", "--language", "python3", "--time-limit", "0"], "--time-limit must be"),
        (["run", "{src}", "--language", "python3", "--time-limit", "1000"], "--time-limit must be"),
        (["run", "{src}", "--language", "python3", "--memory-limit", "1"], "--memory-limit must be"),
        (["run", "{src}", "--language", "python3", "--stdin", "/nonexistent"], "cannot read /nonexistent"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    src = tmp_path / "ok.py"
    src.write_text("print(1)\n")
    proc = assay(*[a.replace("{src}", str(src)) for a in args])
    assert proc.returncode == 2
    err = proc.stderr.decode().strip()
    assert message in err
    assert len(err.splitlines()) == 1, err
