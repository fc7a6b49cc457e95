"""`assay run`: results as JSON, and one-line errors with exit code 2 for bad input."""

import json
import subprocess
import sys

ASSAY = [sys.executable, "-m", "api.cli"]


def assay(*args: str, stdin: bytes = b""):
    return subprocess.run([*ASSAY, *args], capture_output=True, input=stdin, timeout=120)


def test_run_json(tmp_path, docker_api):
    src = tmp_path / "sum.py"
    src.write_text("print(sum(map(int, input().split())))\n")
    data = tmp_path / "in.txt"
    data.write_text("1 2 3\n")
    proc = assay("run", str(src), "--language", "python3", "--stdin", str(data), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["verdict"] == "OK" and out["stdout"] == "6\n" and out["exit_code"] == 0
    for key in ("verdict", "exit_code", "signal", "stdout", "stderr", "time_ms", "wall_ms", "memory_kib"):
        assert key in out


def test_run_reports_tle_and_exit_1(tmp_path, docker_api):
    src = tmp_path / "spin.c"
    src.write_text("int main(void){ for(;;); }\n")
    proc = assay("run", str(src), "--language", "c", "--time-limit", "0.5", "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["verdict"] == "TLE"


def test_run_compile_error(tmp_path, docker_api):
    src = tmp_path / "bad.c"
    src.write_text("int main(void) { return x; }\n")
    proc = assay("run", str(src), "--language", "c", "--json")
    out = json.loads(proc.stdout)
    assert out["verdict"] == "CE" and "x" in out["compile_output"]
