"""Every language compiles, runs, reads stdin, and reports compile and runtime errors."""

import pytest

from sandbox.models import Limits, TestInput
from sandbox.verdicts import Verdict

ECHO_SUM = {
    "python3": "a, b = map(int, input().split())\nprint(a + b)\n",
    "c": '#include <stdio.h>\nint main(void){long a,b; if(scanf("%ld %ld",&a,&b)!=2) return 1;'
         ' printf("%ld\\n", a+b); return 0;}\n',
    "cpp": "#include <iostream>\nint main(){long long a,b; std::cin>>a>>b; std::cout<<a+b<<std::endl;}\n",
    "java": "import java.util.*;\npublic class Main { public static void main(String[] x) {"
            " Scanner s = new Scanner(System.in); long a = s.nextLong(), b = s.nextLong();"
            " System.out.println(a + b); } }\n",
    "javascript": "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\n"
                  "console.log(a + b);\n",
    "go": 'package main\nimport "fmt"\nfunc main() { var a, b int64; fmt.Scan(&a, &b); fmt.Println(a + b) }\n',
    "rust": "use std::io::Read;\nfn main() { let mut s = String::new();"
            " std::io::stdin().read_to_string(&mut s).unwrap();"
            " let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();"
            " println!(\"{}\", v[0] + v[1]); }\n",
}
BROKEN = {
    "python3": "def f(:\n",
    "c": "int main(void) { return undefined_name; }\n",
    "cpp": "int main() { std::vector<int> v; }\n",
    "java": "public class Main { public static void main(String[] a) { int x = \"s\"; } }\n",
    "javascript": "function (\n",
    "go": "package main\nfunc main() { x := 1 }\n",
    "rust": "fn main() { let x: i32 = \"s\"; }\n",
}
CRASH = {
    "python3": "raise SystemExit(3)\n",
    "c": "int main(void) { return 3; }\n",
    "cpp": "int main() { return 3; }\n",
    "java": "public class Main { public static void main(String[] a) { System.exit(3); } }\n",
    "javascript": "process.exit(3);\n",
    "go": 'package main\nimport "os"\nfunc main() { os.Exit(3) }\n',
    "rust": "fn main() { std::process::exit(3); }\n",
}


@pytest.mark.parametrize("language", sorted(ECHO_SUM))
def test_language_runs_tests(sandbox, language):
    compiled = sandbox.compile(language, ECHO_SUM[language])
    assert compiled.ok, compiled.message
    results = sandbox.run(
        compiled, language,
        [TestInput(stdin=b"1 2\n"), TestInput(stdin=b"40 2\n"), TestInput(stdin=b"-5 5\n")],
        Limits(time_limit_s=5, memory_limit_mib=256),
    )
    assert [r.verdict for r in results] == [Verdict.OK] * 3, [r.message + r.stderr.decode() for r in results]
    assert [r.stdout for r in results] == [b"3\n", b"42\n", b"0\n"]
    for r in results:
        assert r.exit_code == 0 and r.signal is None
        assert r.wall_ms >= 0 and r.memory_kib > 0
        assert r.image.startswith(f"assay-sandbox-{language}:")


@pytest.mark.parametrize("language", sorted(BROKEN))
def test_compile_error_is_ce_with_message(sandbox, language):
    compiled = sandbox.compile(language, BROKEN[language])
    assert not compiled.ok
    assert compiled.verdict == Verdict.CE
    assert compiled.message.strip(), "the compiler's message reaches the candidate"


@pytest.mark.parametrize("language", sorted(CRASH))
def test_nonzero_exit_is_re(sandbox, language):
    compiled = sandbox.compile(language, CRASH[language])
    assert compiled.ok, compiled.message
    [result] = sandbox.run(compiled, language, [b""], Limits(time_limit_s=5))
    assert result.verdict == Verdict.RE
    assert result.exit_code == 3


def test_cpu_time_limit_is_tle(sandbox):
    compiled = sandbox.compile("c", "int main(void){ volatile unsigned long i = 0; for(;;) i++; }\n")
    [result] = sandbox.run(compiled, "c", [b""], Limits(time_limit_s=0.5))
    assert result.verdict == Verdict.TLE
    assert 400 <= result.time_ms <= 2500


def test_wall_limit_is_tle(sandbox):
    compiled = sandbox.compile("python3", "import time\ntime.sleep(30)\n")
    [result] = sandbox.run(compiled, "python3", [b""], Limits(time_limit_s=1, wall_limit_s=1.5))
    assert result.verdict == Verdict.TLE
    assert "wall" in result.message
    assert result.wall_ms < 5000


def test_memory_limit_is_mle_python(sandbox):
    compiled = sandbox.compile("python3", "x = bytearray(300 << 20)\nprint(len(x))\n")
    [result] = sandbox.run(compiled, "python3", [b""], Limits(time_limit_s=5, memory_limit_mib=64))
    assert result.verdict == Verdict.MLE


def test_memory_limit_is_mle_c_gradual(sandbox):
    src = ("#include <stdlib.h>\n#include <string.h>\nint main(void){ for(;;){ char*p=malloc(1<<20);"
           " if(!p) return 7; memset(p,1,1<<20);} }\n")
    compiled = sandbox.compile("c", src)
    [result] = sandbox.run(compiled, "c", [b""], Limits(time_limit_s=5, memory_limit_mib=64))
    assert result.verdict == Verdict.MLE


def test_memory_just_under_limit_is_ok(sandbox):
    compiled = sandbox.compile("c", "#include <stdlib.h>\n#include <string.h>\n"
                                    "int main(void){ volatile char*p=malloc(40<<20); memset((char*)p,1,40<<20);"
                                    " long s=0; for(long i=0;i<(40<<20);i+=4096) s+=p[i]; return s==10240?0:1; }\n")
    [result] = sandbox.run(compiled, "c", [b""], Limits(time_limit_s=5, memory_limit_mib=64))
    assert result.verdict == Verdict.OK
    assert 40 * 1024 <= result.memory_kib <= 64 * 1024


def test_output_cap_is_ole(sandbox):
    compiled = sandbox.compile("python3", "import sys\nwhile True: sys.stdout.write('x' * 65536)\n")
    [result] = sandbox.run(compiled, "python3", [b""], Limits(time_limit_s=5, output_limit_bytes=1 << 20))
    assert result.verdict == Verdict.OLE
    assert len(result.stdout) == 1 << 20


def test_large_stdin_and_binary_output_roundtrip(sandbox):
    data = bytes(range(256)) * 40000  # ~10 MB, every byte value
    compiled = sandbox.compile("python3", "import sys\nsys.stdout.buffer.write(sys.stdin.buffer.read()[::-1])\n")
    [result] = sandbox.run(compiled, "python3", [data], Limits(time_limit_s=5))
    assert result.verdict == Verdict.OK
    assert result.stdout == data[::-1]


def test_multiple_files(sandbox):
    files = {"main.py": "from helper import twice\nprint(twice(21))\n", "helper.py": "def twice(x): return 2 * x\n"}
    _compiled, results = sandbox.execute("python3", files, [b""], Limits(time_limit_s=2))
    assert results[0].stdout == b"42\n"


def test_each_test_gets_a_fresh_container(sandbox):
    src = ("import os\np = '/tmp/box/marker'\nprint('seen' if os.path.exists(p) else 'fresh')\n"
           "open(p, 'w').write('x')\n")
    compiled = sandbox.compile("python3", src)
    results = sandbox.run(compiled, "python3", [b""] * 4, Limits(time_limit_s=2))
    assert [r.stdout for r in results] == [b"fresh\n"] * 4


def test_small_program_reports_its_own_memory(sandbox):
    compiled = sandbox.compile("c", "int main(void){ return 0; }\n")
    [result] = sandbox.run(compiled, "c", [b""], Limits())
    assert result.verdict == Verdict.OK
    # A program too short to be sampled is charged at most what it shares with its supervisor at fork.
    assert result.memory_kib < 16 * 1024
