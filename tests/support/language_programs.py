"""Small programs in every on-demand language (their images are built when first needed), one per
expected verdict: ``PROGRAMS[language][verdict folder]``. Each reads "a b" and prints a + b when it
is to be accepted. The unit language table checks that every language has them; the docker test
(tests/docker/test_more_languages.py) runs them all through `assay problems verify`.
"""

from __future__ import annotations

PROGRAMS: dict[str, dict[str, str]] = {
    "ruby": {
        "accepted": "a, b = gets.split.map(&:to_i)\nputs a + b\n",
        "wrong_answer": "puts 0\n",
        "compile_error": "def f(\n",
        "run_time_error": "raise 'boom'\n",
        "time_limit_exceeded": "loop {}\n",
    },
    "php": {
        "accepted": '<?php\nfscanf(STDIN, "%d %d", $a, $b);\necho $a + $b, "\\n";\n',
        "wrong_answer": '<?php\necho "0\\n";\n',
        "compile_error": "<?php\nfunction (\n",
        "run_time_error": "<?php\nthrow new Exception('boom');\n",
        "time_limit_exceeded": "<?php\nwhile (true) {}\n",
    },
    "csharp": {
        "accepted": "using System;\npublic class P { public static void Main() {"
                    " var s = Console.ReadLine().Split(' ');"
                    " Console.WriteLine(long.Parse(s[0]) + long.Parse(s[1])); } }\n",
        "wrong_answer": "public class P { public static void Main() { System.Console.WriteLine(0); } }\n",
        "compile_error": "public class P { public static void Main() { int x = \"s\"; } }\n",
        "run_time_error": "public class P { public static void Main() { object o = null; o.ToString(); } }\n",
        "time_limit_exceeded": "public class P { public static void Main() { while (true) {} } }\n",
    },
    "kotlin": {
        "accepted": "fun main() { val (a, b) = readLine()!!.trim().split(\" \").map { it.toLong() };"
                    " println(a + b) }\n",
        "wrong_answer": "fun main() { println(0) }\n",
        "compile_error": "fun main() { val x: Int = \"s\" }\n",
        "run_time_error": "fun main() { throw IllegalStateException(\"boom\") }\n",
        "time_limit_exceeded": "fun main() { var i = 0L; while (true) { i++ } }\n",
    },
    "scala": {
        "accepted": "object Main { def main(args: Array[String]): Unit = {"
                    " val Array(a, b) = scala.io.StdIn.readLine().trim.split(\" \").map(_.toLong);"
                    " println(a + b) } }\n",
        "wrong_answer": "object Main { def main(args: Array[String]): Unit = println(0) }\n",
        "compile_error": "object Main { def main(args: Array[String]): Unit = { val x: Int = \"s\" } }\n",
        "run_time_error": "object Main { def main(args: Array[String]): Unit ="
                          " throw new RuntimeException(\"boom\") }\n",
        "time_limit_exceeded": "object Main { def main(args: Array[String]): Unit = { var i = 0L;"
                               " while (true) { i += 1 } } }\n",
    },
    "haskell": {
        "accepted": "main :: IO ()\nmain = interact $ \\s -> let [a, b] = map read (words s) :: [Integer]"
                    " in show (a + b) ++ \"\\n\"\n",
        "wrong_answer": "main :: IO ()\nmain = print (0 :: Int)\n",
        "compile_error": "main :: IO ()\nmain = putStrLn (1 + \"s\")\n",
        "run_time_error": "main :: IO ()\nmain = print (head ([] :: [Int]))\n",
        "time_limit_exceeded": "main :: IO ()\nmain = print (go 0)\n  where go :: Int -> Int\n"
                               "        go n = if n < 0 then n else go (n + 1)\n",
    },
    "ocaml": {
        "accepted": "let () = Scanf.scanf \" %Ld %Ld\" (fun a b -> Printf.printf \"%Ld\\n\" (Int64.add a b))\n",
        "wrong_answer": "let () = print_endline \"0\"\n",
        "compile_error": "let () = print_int \"s\"\n",
        "run_time_error": "let () = failwith \"boom\"\n",
        "time_limit_exceeded": "let rec spin n = if n >= 0 then spin (n + 1) else n\nlet () = print_int (spin 0)\n",
    },
    "lisp": {
        "accepted": "(let ((a (read)) (b (read))) (format t \"~a~%\" (+ a b)))\n",
        "wrong_answer": "(format t \"0~%\")\n",
        "compile_error": "(defun f (x)\n",
        "run_time_error": "(error \"boom\")\n",
        "time_limit_exceeded": "(loop)\n",
    },
    "prolog": {
        "accepted": "main :- read_line_to_string(user_input, S), split_string(S, \" \", \" \", [A, B]),\n"
                    "    number_string(X, A), number_string(Y, B), Z is X + Y, write(Z), nl.\n",
        "wrong_answer": "main :- write(0), nl.\n",
        "compile_error": "main :- write(0.\n",
        "run_time_error": "main :- X is 1 / 0, write(X), nl.\n",
        "time_limit_exceeded": "main :- repeat, fail.\n",
    },
    "typescript": {
        "accepted": "const [a, b]: number[] = require(\"fs\").readFileSync(0, \"utf8\").trim().split(/\\s+/)"
                    ".map(Number);\nconsole.log(a + b);\n",
        "wrong_answer": "console.log(0);\n",
        "compile_error": "const x: number = \"s\";\nconsole.log(x);\n",
        "run_time_error": "throw new Error(\"boom\");\n",
        "time_limit_exceeded": "while (true) {}\n",
    },
    "pascal": {
        "accepted": "program main;\nvar a, b: int64;\nbegin\n  readln(a, b);\n  writeln(a + b);\nend.\n",
        "wrong_answer": "program main;\nbegin\n  writeln(0);\nend.\n",
        "compile_error": "program main;\nbegin\n  x := 1;\nend.\n",
        "run_time_error": "program main;\nvar a, b: longint;\nbegin\n  a := 0;\n  b := 7 div a;\n"
                          "  writeln(b);\nend.\n",
        "time_limit_exceeded": "program main;\nbegin\n  while true do ;\nend.\n",
    },
    "lua": {
        "accepted": "local a, b = io.read(\"n\", \"n\")\nprint(a + b)\n",
        "wrong_answer": "print(0)\n",
        "compile_error": "function (\n",
        "run_time_error": "error(\"boom\")\n",
        "time_limit_exceeded": "while true do end\n",
    },
    "perl": {
        "accepted": "my ($a, $b) = split ' ', <STDIN>;\nprint $a + $b, \"\\n\";\n",
        "wrong_answer": "print \"0\\n\";\n",
        "compile_error": "my $x = ;\n",
        "run_time_error": "die \"boom\\n\";\n",
        "time_limit_exceeded": "1 while 1;\n",
    },
    "bash": {
        "accepted": "read a b\necho $((a + b))\n",
        "wrong_answer": "echo 0\n",
        "compile_error": "if true; then\n",
        "run_time_error": "exit 3\n",
        "time_limit_exceeded": "while :; do :; done\n",
    },
}
VERDICT_OF = {"accepted": "AC", "wrong_answer": "WA", "compile_error": "CE", "run_time_error": "RE",
              "time_limit_exceeded": "TLE"}
