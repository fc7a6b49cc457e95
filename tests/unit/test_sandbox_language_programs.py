"""Every language compiles, runs, reads stdin, and reports compile and runtime errors."""


from support.language_programs import PROGRAMS, VERDICT_OF

from sandbox.languages import all_languages

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


def test_every_language_has_programs():
    """The common languages here (tests/docker/test_sandbox_languages.py runs them; sqlite, a query
    language, tests/docker/test_sql_grader.py); the on-demand ones in support/language_programs.py, one
    program per verdict (tests/docker/test_more_languages.py)."""
    table = all_languages().items()
    common = {name for name, language in table if language.general_purpose and not language.on_demand}
    assert set(ECHO_SUM) == common == set(BROKEN) == set(CRASH)
    assert set(PROGRAMS) == {name for name, language in table if language.on_demand}
    assert all(set(programs) == set(VERDICT_OF) for programs in PROGRAMS.values())
