"""`assay run`: results as JSON, and one-line errors with exit code 2 for bad input (the command run
in-process by click's test runner: the same code as `python -m api.cli`, without a new interpreter)."""

import pytest
from click.testing import CliRunner, Result

from api.cli import main


def assay(*args: str, stdin: bytes = b"") -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


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
    assert proc.exit_code == 2
    err = proc.stderr.strip()
    assert message in err
    assert len(err.splitlines()) == 1, err
